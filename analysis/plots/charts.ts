/**
 * Ready-made charts on the figure kit (figure.ts): lines with optional error bars, histograms and
 * heat maps with a colour bar and a scale bar. Each returns the Figure, so callers may draw more on
 * it before `saveFigure`.
 */
import { extent, max, min } from 'd3-array';
import { scaleLinear, scaleLog, scaleSequential } from 'd3-scale';
import { line } from 'd3-shape';
import { interpolateViridis, schemeTableau10 } from 'd3-scale-chromatic';
import { axisRight } from 'd3-axis';
import { drawAxes, drawLegend, newFigure, type Figure, type FigureOptions } from './figure.js';

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Symmetric error bars (same length as y). */
  yErr?: ArrayLike<number>;
  color?: string;
  /** Draw markers only (no line). */
  markers?: boolean;
  dashed?: boolean;
}

export interface LineChartOptions extends FigureOptions {
  series: Series[];
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
  xDomain?: [number, number];
  yDomain?: [number, number];
}

export function seriesColor(k: number): string {
  return schemeTableau10[k % schemeTableau10.length];
}

function domainOf(values: number[], log: boolean): [number, number] {
  const v = log ? values.filter((a) => a > 0) : values.filter(Number.isFinite);
  const [lo, hi] = extent(v) as [number | undefined, number | undefined];
  if (lo === undefined || hi === undefined) return log ? [1, 10] : [0, 1];
  if (lo === hi) return log ? [lo / 2, hi * 2] : [lo - 1, hi + 1];
  return [lo, hi];
}

export function lineChart(opts: LineChartOptions): Figure {
  const fig = newFigure(opts);
  const xs = opts.series.flatMap((s) => Array.from(s.x));
  const ys = opts.series.flatMap((s) => Array.from(s.y, (y, i) => [y - (s.yErr?.[i] ?? 0), y + (s.yErr?.[i] ?? 0)]).flat());
  const x = (opts.xLog ? scaleLog() : scaleLinear()).domain(opts.xDomain ?? domainOf(xs, !!opts.xLog)).range([0, fig.width]);
  const y = (opts.yLog ? scaleLog() : scaleLinear()).domain(opts.yDomain ?? domainOf(ys, !!opts.yLog)).range([fig.height, 0]);
  if (!opts.xLog) x.nice();
  if (!opts.yLog) y.nice();
  opts.series.forEach((s, k) => {
    const color = s.color ?? seriesColor(k);
    const pts = Array.from(s.x, (xv, i) => [xv, s.y[i], s.yErr?.[i] ?? 0] as const).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    const g = fig.plot.append('g').attr('class', 'series').attr('data-label', s.label);
    if (!s.markers) {
      g.append('path').attr('fill', 'none').attr('stroke', color).attr('stroke-width', 1.8)
        .attr('stroke-dasharray', s.dashed ? '5,4' : null)
        .attr('d', line<readonly [number, number, number]>().x((p) => x(p[0])).y((p) => y(p[1]))(pts));
    }
    for (const [xv, yv, e] of pts) {
      if (s.markers) g.append('circle').attr('cx', x(xv)).attr('cy', y(yv)).attr('r', 3.5).attr('fill', color);
      if (e > 0) {
        g.append('line').attr('x1', x(xv)).attr('x2', x(xv)).attr('y1', y(yv - e)).attr('y2', y(yv + e))
          .attr('stroke', color).attr('stroke-width', 1);
      }
    }
  });
  drawAxes(fig, x, y, { x: opts.xLabel, y: opts.yLabel });
  if (opts.series.length > 1) drawLegend(fig, opts.series.map((s, k) => ({ label: s.label, color: s.color ?? seriesColor(k) })));
  return fig;
}

export interface HistogramOptions extends FigureOptions {
  /** Bin edges (length counts.length + 1) and counts (or densities), one set per series. */
  sets: { label: string; edges: ArrayLike<number>; counts: ArrayLike<number>; color?: string }[];
  xLabel: string;
  yLabel: string;
}

/** Step histograms (outlines, lightly filled) so several sets stay readable on one axis. */
export function histogramChart(opts: HistogramOptions): Figure {
  const fig = newFigure(opts);
  const lo = min(opts.sets, (s) => s.edges[0]) ?? 0;
  const hi = max(opts.sets, (s) => s.edges[s.edges.length - 1]) ?? 1;
  const top = max(opts.sets, (s) => max(Array.from(s.counts))) ?? 1;
  const x = scaleLinear().domain([lo, hi]).range([0, fig.width]).nice();
  const y = scaleLinear().domain([0, top || 1]).range([fig.height, 0]).nice();
  opts.sets.forEach((s, k) => {
    const color = s.color ?? seriesColor(k);
    const g = fig.plot.append('g').attr('class', 'series').attr('data-label', s.label);
    for (let b = 0; b < s.counts.length; b++) {
      g.append('rect').attr('x', x(s.edges[b])).attr('width', Math.max(0, x(s.edges[b + 1]) - x(s.edges[b])))
        .attr('y', y(s.counts[b])).attr('height', fig.height - y(s.counts[b]))
        .attr('fill', color).attr('fill-opacity', 0.35).attr('stroke', color);
    }
  });
  drawAxes(fig, x, y, { x: opts.xLabel, y: opts.yLabel });
  if (opts.sets.length > 1) drawLegend(fig, opts.sets.map((s, k) => ({ label: s.label, color: s.color ?? seriesColor(k) })));
  return fig;
}

export interface HeatMapOptions extends FigureOptions {
  /** Row-major values, values[iy * nx + ix]; iy = 0 is drawn at the bottom. */
  values: ArrayLike<number>;
  nx: number;
  ny: number;
  /** Size of one cell in `lengthUnit` (for the axes and the scale bar). */
  cell: number;
  lengthUnit: string;
  /** Colour bar label, with units. */
  valueLabel: string;
  /** Scale bar length in lengthUnit (default: about a fifth of the width, rounded). */
  scaleBar?: number;
  domain?: [number, number];
}

/** A map with a viridis colour bar and a scale bar, cells square on screen. */
export function heatMap(opts: HeatMapOptions): Figure {
  const fig = newFigure({ width: 560, height: 480, margin: { right: 110 }, ...opts });
  const side = Math.min(fig.width / opts.nx, fig.height / opts.ny);
  const w = side * opts.nx;
  const h = side * opts.ny;
  const vals = Array.from(opts.values);
  const color = scaleSequential(interpolateViridis).domain(opts.domain ?? domainOf(vals, false));
  const g = fig.plot.append('g').attr('class', 'heatmap');
  for (let iy = 0; iy < opts.ny; iy++) {
    for (let ix = 0; ix < opts.nx; ix++) {
      const v = vals[iy * opts.nx + ix];
      g.append('rect').attr('x', ix * side).attr('y', h - (iy + 1) * side).attr('width', side + 0.3).attr('height', side + 0.3)
        .attr('fill', Number.isFinite(v) ? color(v) : '#ccc').append('title').text(String(v));
    }
  }
  const x = scaleLinear().domain([0, opts.nx * opts.cell]).range([0, w]);
  const y = scaleLinear().domain([0, opts.ny * opts.cell]).range([h, 0]);
  drawAxes({ ...fig, width: w, height: h }, x, y, { x: `x (${opts.lengthUnit})`, y: `y (${opts.lengthUnit})` });
  // Colour bar.
  const bar = fig.plot.append('g').attr('class', 'colorbar').attr('transform', `translate(${w + 18},0)`);
  const steps = 64;
  const [c0, c1] = color.domain();
  for (let k = 0; k < steps; k++) {
    bar.append('rect').attr('x', 0).attr('y', h - ((k + 1) * h) / steps).attr('width', 14).attr('height', h / steps + 0.5)
      .attr('fill', color(c0 + ((k + 0.5) / steps) * (c1 - c0)));
  }
  bar.append('g').attr('transform', 'translate(14,0)').call(axisRight(scaleLinear().domain([c0, c1]).range([h, 0])).ticks(6) as never);
  bar.append('text').attr('transform', `translate(62,${h / 2}) rotate(90)`).attr('text-anchor', 'middle').text(opts.valueLabel);
  // Scale bar, bottom left inside the map.
  const span = opts.nx * opts.cell;
  const length = opts.scaleBar ?? Number((span / 5).toPrecision(1));
  const sb = fig.plot.append('g').attr('class', 'scalebar').attr('transform', `translate(${8},${h - 12})`);
  sb.append('rect').attr('width', x(length)).attr('height', 4).attr('fill', 'white').attr('stroke', 'black').attr('stroke-width', 0.5);
  sb.append('text').attr('y', -4).attr('fill', 'white').attr('font-size', 11).text(`${length} ${opts.lengthUnit}`);
  return fig;
}

