/**
 * Loss-spectrum figures like the paper's Fig. 2: E''/E''_max against scaled temperature
 * (T / T_α-peak, or T / Tg), one line per spectrum; optional α and β parts dashed.
 */
import { lineChart, seriesColor, type Series } from './charts.js';
import type { Figure } from './figure.js';

export interface SpectrumSeries {
  label: string;
  T: ArrayLike<number>;
  loss: ArrayLike<number>;
  /** Scale for T (default: the temperature of the loss maximum). */
  Tscale?: number;
  /** Decomposition parts, drawn dashed in the same colour. */
  alpha?: ArrayLike<number>;
  beta?: ArrayLike<number>;
  markers?: boolean;
}

/** Normalises one spectrum: x = T / Tscale, y = E'' / E''_max. */
export function normaliseSpectrum(T: ArrayLike<number>, loss: ArrayLike<number>, Tscale?: number): { x: number[]; y: number[]; lossMax: number; Tscale: number } {
  let k = 0;
  for (let i = 1; i < loss.length; i++) if (loss[i] > loss[k]) k = i;
  const lossMax = loss[k];
  const scale = Tscale ?? T[k];
  return { x: Array.from(T, (t) => t / scale), y: Array.from(loss, (v) => v / lossMax), lossMax, Tscale: scale };
}

export function spectrumFigure(spectra: SpectrumSeries[], opts: { normalise?: 'alpha-peak' | 'Tg'; title?: string } = {}): Figure {
  const series: Series[] = [];
  spectra.forEach((s, k) => {
    const n = normaliseSpectrum(s.T, s.loss, s.Tscale);
    const color = seriesColor(k);
    series.push({ label: s.label, x: n.x, y: n.y, color, markers: s.markers });
    for (const [part, values] of [['α', s.alpha], ['β', s.beta]] as const) {
      if (values) series.push({ label: `${s.label}: ${part}`, x: n.x, y: Array.from(values, (v) => v / n.lossMax), color, dashed: true });
    }
  });
  return lineChart({
    series,
    xLabel: opts.normalise === 'Tg' ? 'T / Tg' : 'T / T_α-peak',
    yLabel: "E'' / E''_max",
    title: opts.title,
  });
}
