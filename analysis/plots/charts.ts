/**
 * Ready-made charts on the figure kit (figure.ts): lines with optional markers and error bars (one
 * panel or a grid of panels sharing one legend), histograms and heat maps with a colour bar and a
 * scale bar. Every line style and marker drawn gets a legend entry (right of the panels). Each
 * returns the Figure, so callers may draw more on it before `saveFigure`.
 */
import { extent, max, min } from 'd3-array';
import { scaleLinear, scaleLog, scaleSequential } from 'd3-scale';
import { line } from 'd3-shape';
import { interpolateViridis, schemeTableau10 } from 'd3-scale-chromatic';
import {
  drawAxes, drawAxis, drawLegend, drawMarker, legendWidth, newFigure, SIZE, tickLabelWidth, type Figure, type FigureOptions, type Group,
  type LegendEntry,
} from './figure.js';

/** Line patterns (SVG dasharrays). */
export const DASH = { dashed: '9,6', dotted: '2.5,4.5', dashdot: '10,4,2.5,4' } as const;
export type DashStyle = keyof typeof DASH;

export interface Series {
  /** Legend text (and the report's toggle label unless `group` is given). */
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Symmetric error bars (same length as y). */
  yErr?: ArrayLike<number>;
  color?: string;
  /** Markers instead of a line (filled, or open rings); with `line` also the line through them. */
  markers?: boolean | 'open';
  line?: boolean;
  dashed?: boolean;
  dash?: DashStyle;
  /** `data-label` of the series group (report sample toggles); default: the label. */
  group?: string;
  /** false: no own legend entry (an entry in `legend` or another series of the same style stands for it). */
  legend?: boolean;
}

export interface PanelOptions {
  series: Series[];
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Panel heading (multi-panel figures). */
  title?: string;
  /** Written across the panel when it has no point to draw (why it is empty). */
  empty?: string;
}

export interface LineChartOptions extends FigureOptions, PanelOptions {
  /** Legend entries instead of (legendExtra: after) the ones derived from the series. */
  legend?: LegendEntry[];
  legendExtra?: LegendEntry[];
  note?: string;
}

export function seriesColor(k: number): string {
  return schemeTableau10[k % schemeTableau10.length];
}

export function domainOf(values: number[], log: boolean): [number, number] {
  const v = log ? values.filter((a) => a > 0 && Number.isFinite(a)) : values.filter(Number.isFinite);
  const [lo, hi] = extent(v) as [number | undefined, number | undefined];
  if (lo === undefined || hi === undefined) return log ? [1, 10] : [0, 1];
  if (lo === hi) return log ? [lo / 2, hi * 2] : [lo - Math.max(1, Math.abs(lo)) * 0.1, hi + Math.max(1, Math.abs(hi)) * 0.1];
  return [lo, hi];
}

const dashOf = (s: Series): string | null => (s.dash ? DASH[s.dash] : s.dashed ? DASH.dashed : null);
const markerOf = (s: Series): 'filled' | 'open' | null => (s.markers === 'open' ? 'open' : s.markers ? 'filled' : null);
const hasLine = (s: Series) => !s.markers || !!s.line;

/** The legend entry that describes a series' style. */
export function seriesLegend(s: Series, k: number): LegendEntry {
  return { label: s.label, color: s.color ?? seriesColor(k), line: hasLine(s), dash: hasLine(s) ? dashOf(s) : null, marker: markerOf(s) };
}

/** Legend entries of the series, one per distinct label and style. */
export function legendOf(series: Series[]): LegendEntry[] {
  const seen = new Map<string, LegendEntry>();
  series.forEach((s, k) => {
    if (s.legend === false) return;
    const e = seriesLegend(s, k);
    const key = JSON.stringify(e);
    if (!seen.has(key)) seen.set(key, e);
  });
  return [...seen.values()];
}

/** The y scale of a panel (domain only: its tick labels decide the panel's left margin). */
function yScaleOf(p: PanelOptions) {
  const ys = p.series.flatMap((s) => Array.from(s.y, (y, i) => [y - (s.yErr?.[i] ?? 0), y + (s.yErr?.[i] ?? 0)]).flat());
  const y = (p.yLog ? scaleLog() : scaleLinear()).domain(p.yDomain ?? domainOf(ys, !!p.yLog));
  if (!p.yLog && !p.yDomain) y.nice();
  return y;
}

/** Left margin of a panel: room for its widest y tick label and the axis label beside it. */
const panelLeft = (p: PanelOptions) => Math.max(PANEL_MARGIN.left, Math.ceil(tickLabelWidth(yScaleOf(p)) + 56));

/** Draws one panel of lines/markers into `g` (a plotting area w × h). */
function drawLinePanel(g: Group, w: number, h: number, left: number, p: PanelOptions): void {
  const xs = p.series.flatMap((s) => Array.from(s.x));
  const x = (p.xLog ? scaleLog() : scaleLinear()).domain(p.xDomain ?? domainOf(xs, !!p.xLog)).range([0, w]);
  const y = yScaleOf(p).range([h, 0]);
  if (!p.xLog && !p.xDomain) x.nice();
  let drawn = 0;
  p.series.forEach((s, k) => {
    const color = s.color ?? seriesColor(k);
    const pts = Array.from(s.x, (xv, i) => [xv, s.y[i], s.yErr?.[i] ?? 0] as const)
      .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && (!p.xLog || a > 0) && (!p.yLog || b > 0));
    drawn += pts.length;
    const sg = g.append('g').attr('class', 'series').attr('data-label', s.group ?? s.label) as unknown as Group;
    if (hasLine(s)) {
      sg.append('path').attr('class', 'data-line').attr('fill', 'none').attr('stroke', color).attr('stroke-width', SIZE.line)
        .attr('stroke-linejoin', 'round').attr('stroke-dasharray', dashOf(s))
        .attr('d', line<readonly [number, number, number]>().x((q) => x(q[0])).y((q) => y(q[1]))(pts));
    }
    const marker = markerOf(s);
    for (const [xv, yv, e] of pts) {
      if (e > 0) {
        sg.append('line').attr('class', 'error-bar').attr('x1', x(xv)).attr('x2', x(xv)).attr('y1', y(yv - e)).attr('y2', y(yv + e))
          .attr('stroke', color).attr('stroke-width', SIZE.errorBar);
      }
      if (marker) drawMarker(sg, x(xv), y(yv), color, marker).append('title').text(`${s.label}: (${xv.toPrecision(4)}, ${yv.toPrecision(4)})`);
    }
  });
  drawAxes({ plot: g, width: w, height: h, margin: { top: 0, right: 0, bottom: 0, left } }, x, y, { x: p.xLabel, y: p.yLabel });
  if (drawn === 0 && p.empty) {
    g.append('text').attr('class', 'empty-note').attr('x', w / 2).attr('y', h / 2).attr('text-anchor', 'middle')
      .attr('font-size', SIZE.note).attr('fill', '#555').text(p.empty);
  }
  if (p.title) g.append('text').attr('class', 'panel-title').attr('x', w / 2).attr('y', -12).attr('text-anchor', 'middle').attr('font-weight', 'bold').text(p.title);
}

export function lineChart(opts: LineChartOptions): Figure {
  return panelChart({ ...opts, panels: [{ ...opts, title: undefined }], columns: 1 });
}

export interface PanelChartOptions extends FigureOptions {
  panels: PanelOptions[];
  /** Panels per row (default: all in one row). */
  columns?: number;
  /** Size of each panel's cell including its axes (default 640 × 460). */
  panelWidth?: number;
  panelHeight?: number;
  legend?: LegendEntry[];
  legendExtra?: LegendEntry[];
  /** A line under the title (e.g. what an overlay lacks). */
  note?: string;
}

const PANEL_MARGIN = { top: 40, right: 24, bottom: 66, left: 108 };

/**
 * A grid of line panels with one legend right of them, holding every style of every panel (the same
 * label and style in several panels is one entry). Series colours default to their index in the panel.
 */
export function panelChart(opts: PanelChartOptions): Figure {
  const columns = Math.max(1, Math.min(opts.columns ?? opts.panels.length, opts.panels.length));
  const rows = Math.ceil(opts.panels.length / columns);
  const single = opts.panels.length === 1 && !opts.panels[0].title;
  const legend = [...(opts.legend ?? opts.panels.flatMap((p) => legendOf(p.series))), ...(opts.legendExtra ?? [])];
  const unique = [...new Map(legend.map((e) => [JSON.stringify(e), e])).values()];
  const lw = unique.length ? legendWidth(unique) + 12 : 0;
  const cellW = opts.panelWidth ?? (single ? (opts.width ?? 760) : 640);
  const cellH = opts.panelHeight ?? (single ? (opts.height ?? 500) - 48 : 460);
  const titleH = (opts.title ? 48 : 8) + (opts.note ? 24 : 0);
  const fig = newFigure({
    ...opts, width: columns * cellW + lw, height: titleH + rows * cellH, margin: { top: titleH, left: 0, right: lw, bottom: 0 },
  });
  if (opts.note) {
    fig.svg.append('text').attr('class', 'note').attr('x', (columns * cellW + lw) / 2).attr('y', titleH - 14)
      .attr('text-anchor', 'middle').attr('font-size', SIZE.note).attr('fill', '#555').text(opts.note);
  }
  opts.panels.forEach((p, i) => {
    const top = PANEL_MARGIN.top - (single ? 20 : 0);
    const col = i % columns, row = Math.floor(i / columns);
    const left = panelLeft(p);
    const g = fig.plot.append('g').attr('class', 'panel').attr('transform', `translate(${col * cellW + left},${row * cellH + top})`) as unknown as Group;
    drawLinePanel(g, cellW - left - PANEL_MARGIN.right, cellH - top - PANEL_MARGIN.bottom, left, p);
  });
  if (unique.length) drawLegend(fig.plot, unique, { x: columns * cellW + 4, y: PANEL_MARGIN.top - (single ? 20 : 0) + 10 });
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
  const entries: LegendEntry[] = opts.sets.map((s, k) => ({ label: s.label, color: s.color ?? seriesColor(k), swatch: true }));
  const lw = legendWidth(entries) + 12;
  const fig = newFigure({ ...opts, width: (opts.width ?? 760) + lw, margin: { right: 28 + lw, ...opts.margin } });
  const lo = min(opts.sets, (s) => s.edges[0]) ?? 0;
  const hi = max(opts.sets, (s) => s.edges[s.edges.length - 1]) ?? 1;
  const top = max(opts.sets, (s) => max(Array.from(s.counts))) ?? 1;
  const x = scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).range([0, fig.width]).nice();
  const y = scaleLinear().domain([0, top || 1]).range([fig.height, 0]).nice();
  opts.sets.forEach((s, k) => {
    const color = s.color ?? seriesColor(k);
    const g = fig.plot.append('g').attr('class', 'series').attr('data-label', s.label);
    for (let b = 0; b < s.counts.length; b++) {
      g.append('rect').attr('x', x(s.edges[b])).attr('width', Math.max(0, x(s.edges[b + 1]) - x(s.edges[b])))
        .attr('y', y(s.counts[b])).attr('height', fig.height - y(s.counts[b]))
        .attr('fill', color).attr('fill-opacity', 0.35).attr('stroke', color).attr('stroke-width', SIZE.errorBar);
    }
  });
  drawAxes(fig, x, y, { x: opts.xLabel, y: opts.yLabel });
  drawLegend(fig.plot, entries, { x: fig.width + 16, y: 10 });
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
  const vals = Array.from(opts.values);
  const color = scaleSequential(interpolateViridis).domain(opts.domain ?? domainOf(vals, false));
  const [c0, c1] = color.domain();
  const barScale = scaleLinear().domain([c0, c1]);
  const barW = Math.ceil(18 + 8 + tickLabelWidth(barScale) + 14 + SIZE.label + 8);
  const fig = newFigure({ width: 600 + barW, height: 540, ...opts, margin: { right: barW + 16, ...opts.margin } });
  const side = Math.min(fig.width / opts.nx, fig.height / opts.ny);
  const w = side * opts.nx;
  const h = side * opts.ny;
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
  const bar = fig.plot.append('g').attr('class', 'colorbar').attr('transform', `translate(${w + 20},0)`);
  const steps = 64;
  for (let k = 0; k < steps; k++) {
    bar.append('rect').attr('x', 0).attr('y', h - ((k + 1) * h) / steps).attr('width', 18).attr('height', h / steps + 0.5)
      .attr('fill', color(c0 + ((k + 0.5) / steps) * (c1 - c0)));
  }
  drawAxis(bar.append('g').attr('transform', 'translate(18,0)') as unknown as Group, barScale.range([h, 0]), 'right');
  bar.append('text').attr('class', 'axis-label').attr('transform', `translate(${18 + 8 + tickLabelWidth(barScale) + 14},${h / 2}) rotate(90)`)
    .attr('text-anchor', 'middle').attr('font-size', SIZE.label).text(opts.valueLabel);
  // Scale bar, bottom left inside the map.
  const span = opts.nx * opts.cell;
  const length = opts.scaleBar ?? Number((span / 5).toPrecision(1));
  const sb = fig.plot.append('g').attr('class', 'scalebar').attr('transform', `translate(${10},${h - 14})`);
  sb.append('rect').attr('width', x(length)).attr('height', 5).attr('fill', 'white').attr('stroke', 'black').attr('stroke-width', 1);
  sb.append('text').attr('y', -6).attr('fill', 'white').attr('stroke', 'black').attr('stroke-width', 0.6).attr('paint-order', 'stroke')
    .attr('font-size', SIZE.legend).attr('font-weight', 'bold').text(`${length} ${opts.lengthUnit}`);
  return fig;
}
