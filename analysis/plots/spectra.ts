/**
 * Loss-spectrum figures like the paper's Fig. 2: E''/E''_max against scaled temperature
 * (T / T_α-peak, or T / Tg), one line per spectrum; optional α (dotted) and β (dashed) parts.
 * Activation-energy spectra g(E) against E / kTg (measured, inverted; simulated events), each
 * normalised to its maximum, with E = 26 kTg marked (Yu, Wang, Bai & Samwer, PRL 109, 095508 (2012):
 * E_β ≈ 26 R Tg).
 */
import { lineChart, seriesColor, type Series } from './charts.js';
import type { Figure } from './figure.js';

export interface SpectrumSeries {
  label: string;
  T: ArrayLike<number>;
  loss: ArrayLike<number>;
  /** Scale for T (default: the temperature of the loss maximum). */
  Tscale?: number;
  /** Decomposition parts, drawn in the same colour: α dotted, β dashed. */
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
    for (const [part, values, dash] of [['α', s.alpha, 'dotted'], ['β', s.beta, 'dashed']] as const) {
      if (values) series.push({ label: `${s.label}: ${part} part`, x: n.x, y: Array.from(values, (v) => v / n.lossMax), color, dash });
    }
  });
  return lineChart({
    series,
    xLabel: opts.normalise === 'Tg' ? 'T / Tg' : 'T / T_α-peak',
    yLabel: "E'' / E''_max",
    title: opts.title,
  });
}

export interface ActivationSeries {
  label: string;
  /** E / kTg. */
  x: ArrayLike<number>;
  /** g(E), any scale (normalised to its maximum here). */
  g: ArrayLike<number>;
  markers?: boolean;
  dashed?: boolean;
}

/** E_β ≈ 26 k Tg (Yu et al., PRL 109, 095508 (2012)). */
export const BETA_BARRIER_OVER_KTG = 26;

export function activationSpectrumFigure(spectra: ActivationSeries[], opts: { title?: string; note?: string } = {}): Figure {
  const series: Series[] = spectra.map((s, k) => {
    const top = Math.max(...Array.from(s.g).filter(Number.isFinite));
    return { label: s.label, x: Array.from(s.x), y: Array.from(s.g, (v) => (top > 0 ? v / top : 0)), color: seriesColor(k), markers: s.markers, dashed: s.dashed };
  });
  series.push({ label: '26 kTg (Yu et al. 2012)', x: [BETA_BARRIER_OVER_KTG, BETA_BARRIER_OVER_KTG], y: [0, 1.05], color: '#888', dashed: true });
  // The note (e.g. what is missing from the overlay) goes as a line under the title.
  return lineChart({ series, xLabel: 'E / kTg', yLabel: 'g(E) / g_max', yDomain: [0, 1.1], title: opts.title, note: opts.note });
}
