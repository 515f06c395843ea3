/**
 * Figures of modulus and contact-resonance maps: heat maps with colour and scale bars, the
 * distribution of local values, line profiles (the paper's cross-sections) and the
 * autocorrelation function.
 */
import type { Map2D } from '../heterogeneity/fields.js';
import type { Autocorrelation } from '../heterogeneity/statistics.js';
import { heatMap, histogramChart, lineChart } from './charts.js';
import type { Figure } from './figure.js';

export function mapFigure(m: Map2D, o: { valueLabel: string; lengthUnit: string; title?: string; scaleBar?: number }): Figure {
  return heatMap({ values: m.values, nx: m.nx, ny: m.ny, cell: m.cell[0], lengthUnit: o.lengthUnit, valueLabel: o.valueLabel, title: o.title, scaleBar: o.scaleBar });
}

export function distributionFigure(h: { edges: number[]; counts: number[] }, o: { label: string; xLabel: string; title?: string }): Figure {
  return histogramChart({ sets: [{ label: o.label, edges: h.edges, counts: h.counts }], xLabel: o.xLabel, yLabel: 'count', title: o.title });
}

export function profileFigure(p: { position: ArrayLike<number>; values: ArrayLike<number> }, o: { xLabel: string; yLabel: string; title?: string }): Figure {
  return lineChart({ series: [{ label: 'profile', x: p.position, y: p.values }], xLabel: o.xLabel, yLabel: o.yLabel, title: o.title });
}

export function acfFigure(a: Autocorrelation, o: { lengthUnit: string; title?: string }): Figure {
  return lineChart({
    series: [
      { label: 'C(r)', x: a.r, y: a.acf },
      { label: '1/e', x: [0, a.r[a.r.length - 1] ?? 1], y: [1 / Math.E, 1 / Math.E], dashed: true },
    ],
    xLabel: `r (${o.lengthUnit})`, yLabel: 'autocorrelation', title: o.title,
  });
}
