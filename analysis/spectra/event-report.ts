/**
 * What `spectrum events` reports besides the spectrum itself: the activation-energy spectrum of
 * the catalogue (each event's barrier and its relaxation strength, for `compare` to overlay on a
 * measured spectrum inverted into energies) and the figure.
 */
import { complianceMatrix, relaxatorAt, strainCoupling, unrelaxedCompliance } from './anelastic.js';
import type { EventCatalogue } from './event-catalogue.js';
import { elasticityOf, relaxatorsOf, type EventSpectrumOptions, type EventSpectrumPoint } from './event-spectrum.js';
import { decomposeSpectrum, type BetaKind } from './decompose.js';
import { lineChart } from '../plots/charts.js';
import { spectrumFigure } from '../plots/spectra.js';
import type { Figure } from '../plots/figure.js';

/**
 * Each event's forward barrier E and its relaxation strength ΔJ/J_u at its own loss-peak
 * temperature T* (where ωτ = 1 at the spectrum's frequency, found by bisection: the rate grows
 * with T). Events too slow to reach ωτ = 1 at any temperature (2ν0 ≤ ω) are left out.
 */
export function activationSpectrumOf(cat: EventCatalogue, o: EventSpectrumOptions): { E: number[]; weight: number[]; peak_T: number[] } {
  const S = complianceMatrix(elasticityOf(cat, o.elasticity));
  const Ju = unrelaxedCompliance(S, o.mode, o.orientation);
  const lnOmega = Math.log(2 * Math.PI * o.frequency);
  const out = { E: [] as number[], weight: [] as number[], peak_T: [] as number[] };
  for (const r of relaxatorsOf(cat, o)) {
    if (Math.log(2 * r.nu0) <= lnOmega) continue;
    const coupling = strainCoupling(S, r.dsigma, o.mode, o.orientation);
    const logRate = (T: number) => relaxatorAt(r, coupling, o.boltzmann * T, o.stressPerEnergyDensity).logRate;
    let lo = 0, hi = 1;
    while (logRate(hi) < lnOmega) hi *= 2;
    for (let k = 0; k < 100 && hi - lo > 1e-12 * hi; k++) {
      const mid = 0.5 * (lo + hi);
      if (mid > 0 && logRate(mid) < lnOmega) lo = mid;
      else hi = mid;
    }
    const T = 0.5 * (lo + hi);
    out.E.push(r.forward);
    out.weight.push(relaxatorAt(r, coupling, o.boltzmann * T, o.stressPerEnergyDensity).dJ / Ju);
    out.peak_T.push(T);
  }
  return out;
}

/**
 * The β feature of a laboratory spectrum: its class (peak / shoulder / wing) read off the total
 * loss as from a measured spectrum (decompose.ts, with the α part known), its peak temperature and
 * intensity (maximum over the loss maximum) from the events' own loss.
 */
export function betaFeature(T: number[], sp: EventSpectrumPoint[]): { kind: BetaKind; beta_peak_T: number | null; beta_intensity: number } {
  const loss = sp.map((p) => p.loss), beta = sp.map((p) => p.betaLoss);
  const k = beta.indexOf(Math.max(...beta));
  return {
    kind: decomposeSpectrum(T, loss, { alphaShape: sp.map((p) => p.alphaLoss) }).kind,
    beta_peak_T: beta[k] > 0 ? T[k] : null, beta_intensity: beta[k] / Math.max(...loss),
  };
}

interface SpectrumOut {
  Tg: number | null;
  T: number[];
  storage: number[];
  loss: number[];
  beta_loss: number[];
  alpha_loss: number[];
  modulus: string;
  modulus_unit: string;
  temperature_unit: string;
  frequency: number;
  frequency_unit: string;
  frequency_hz?: number;
  alpha: object | null;
}

/**
 * A laboratory spectrum as the paper's Fig. 2 draws it (loss / its maximum against T/Tg, with the
 * events' β part dashed and the α part dotted); an MD spectrum as the loss modulus against temperature.
 */
export function eventSpectrumFigure(s: SpectrumOut): Figure {
  if (s.alpha && s.Tg) {
    return spectrumFigure([{ label: 'event spectrum', T: s.T, loss: s.loss, Tscale: s.Tg, alpha: s.alpha_loss, beta: s.beta_loss }], {
      normalise: 'Tg', title: `${s.modulus} at ${s.frequency_hz} Hz: events (β) + α`,
    });
  }
  return lineChart({
    series: [{ label: 'loss', x: s.T, y: s.loss }], xLabel: `T (${s.temperature_unit})`, yLabel: `loss modulus (${s.modulus_unit})`,
    title: `${s.modulus} from the event catalogue, f = ${s.frequency.toPrecision(3)} ${s.frequency_unit}`,
  });
}
