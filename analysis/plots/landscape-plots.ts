/**
 * Landscape figures: the disconnectivity graph with the sub-basin density and the barrier
 * histogram beside it (one SVG), and the inherent-structure energy time series and distribution.
 */
import { max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import type { Selection } from 'd3-selection';
import type { DisconnectivityGraph } from '../../landscape/graph.js';
import type { SubBasinAnalysis } from '../../landscape/subbasins.js';
import type { Histogram, Metabasin } from '../../landscape/basins.js';
import { drawAxes, newFigure, type Figure } from './figure.js';
import { drawDGraph } from './dgraph.js';
import { histogramChart, lineChart, seriesColor } from './charts.js';

type Group = Selection<SVGGElement, unknown, null, undefined>;

/** A bar histogram with its axes in a sub-panel of `fig` at (x, y) of size w × h. */
function histogramPanel(fig: Figure, at: { x: number; y: number; w: number; h: number }, h: Histogram, labels: { x: string; y: string; title: string }, color: string): void {
  const g = fig.plot.append('g').attr('class', 'histogram').attr('transform', `translate(${at.x},${at.y})`) as unknown as Group;
  const lo = h.edges[0] ?? 0, hi = h.edges[h.edges.length - 1] ?? 1;
  const x = scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).range([0, at.w]).nice();
  const y = scaleLinear().domain([0, max(h.counts) || 1]).range([at.h, 0]).nice();
  for (let b = 0; b < h.counts.length; b++) {
    g.append('rect').attr('x', x(h.edges[b])).attr('width', Math.max(0, x(h.edges[b + 1]) - x(h.edges[b]) - 0.5))
      .attr('y', y(h.counts[b])).attr('height', at.h - y(h.counts[b])).attr('fill', color).attr('fill-opacity', 0.55).attr('stroke', color).attr('stroke-width', 2);
  }
  if (h.counts.length === 0) g.append('text').attr('x', at.w / 2).attr('y', at.h / 2).attr('text-anchor', 'middle').attr('fill', '#777').text('no data');
  g.append('text').attr('class', 'panel-title').attr('x', 0).attr('y', -12).attr('font-weight', 'bold').text(labels.title);
  drawAxes({ ...fig, plot: g, width: at.w, height: at.h, margin: { ...fig.margin, left: 80 } }, x, y, labels);
}

export interface SubBasinFigureOptions {
  units?: string;
  nAtoms?: number;
  title?: string;
}

/**
 * The disconnectivity graph (energies relative to the starting IS) with, beside it, the number of
 * adjacent minima per energy interval (sub-basin density) and the barriers out of the start.
 */
export function subBasinFigure(g: DisconnectivityGraph, sb: SubBasinAnalysis, opts: SubBasinFigureOptions = {}): Figure {
  const eu = opts.units === 'metal' ? 'eV' : 'ε';
  const fig = newFigure({ width: 1240, height: 720, title: opts.title ?? 'Disconnectivity graph and sub-basins around the glass IS', margin: { left: 96, bottom: 66, top: 72 } });
  const graphW = 560;
  const dg = fig.plot.append('g').attr('class', 'dgraph-panel') as unknown as Group;
  drawDGraph(dg, graphW, fig.height, g, { reference: sb.startEnergy, highlight: sb.start, energyLabel: `E − E_IS (${eu})` });
  const px = graphW + 120, pw = fig.width - px;
  const ph = (fig.height - 110) / 2;
  const binLabel = `E − E_IS (${eu})`;
  histogramPanel(fig, { x: px, y: 0, w: pw, h: ph }, sb.density,
    { x: binLabel, y: `adjacent minima per ${fmt(sb.density.edges[1] - sb.density.edges[0])} ${eu}`, title: `Sub-basin density (${sb.adjacent.length} adjacent minima)` }, seriesColor(0));
  histogramPanel(fig, { x: px, y: ph + 110, w: pw, h: ph }, sb.barrierHistogram,
    { x: `barrier E_s − E_IS (${eu})`, y: 'saddles', title: `Barriers out of the IS (${sb.barriers.length} saddles)` }, seriesColor(1));
  return fig;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(3))) : '?';
}

/** IS energy per atom against time, with the metabasins' energies as steps. */
export function isSeriesChart(series: { time: number; energy: number; instantaneousEnergy?: number }[], nAtoms: number, mbs: Metabasin[], units = 'lj'): Figure {
  const eu = units === 'metal' ? 'eV' : 'ε';
  const tu = units === 'metal' ? 'ps' : 'τ';
  const t = series.map((r) => r.time);
  const mbX: number[] = [], mbY: number[] = [];
  for (const m of mbs) {
    mbX.push(t[m.start], t[m.end]);
    mbY.push(m.energy / nAtoms, m.energy / nAtoms);
  }
  return lineChart({
    title: 'Inherent-structure energies', xLabel: `t (${tu})`, yLabel: `E_IS per atom (${eu})`,
    series: [
      { label: 'IS', x: t, y: series.map((r) => r.energy / nAtoms), markers: true },
      { label: 'metabasin (lowest IS)', x: mbX, y: mbY },
    ],
  });
}

/** Histogram of IS energies per atom (all frames, and the metabasins' lowest). */
export function isDistributionChart(all: Histogram, metabasin: Histogram, units = 'lj'): Figure {
  const eu = units === 'metal' ? 'eV' : 'ε';
  return histogramChart({
    title: 'Inherent-structure energy distribution', xLabel: `E_IS per atom (${eu})`, yLabel: 'count',
    sets: [{ label: 'frames', ...all }, { label: 'metabasins', ...metabasin }].filter((s) => s.counts.length > 0),
  });
}

/**
 * The saturation curve of a saddle search: distinct events out of the glass minimum after each
 * attempt, and the collector's curve M̂ (1 − (1 − 1/M̂)^n) that uniform draws from the estimated
 * M̂ events would give after the same number n of accepted attempts (analysis/spectra/sampling.ts).
 */
export function saturationFigure(found: (number | null)[], s: { saturation: number[]; estimated: number }): Figure {
  const attempts = found.map((_, k) => k + 1);
  let accepted = 0;
  const expected = found.map((id) => {
    if (id !== null) accepted++;
    return s.estimated > 0 ? s.estimated * (1 - (1 - 1 / s.estimated) ** accepted) : 0;
  });
  return lineChart({
    series: [
      { label: 'distinct events found', x: attempts, y: s.saturation },
      { label: `collector's curve, M̂ = ${s.estimated.toPrecision(3)}`, x: attempts, y: expected, dashed: true },
    ],
    xLabel: 'attempts', yLabel: 'distinct events out of the glass minimum', title: 'Sampling saturation',
  });
}
