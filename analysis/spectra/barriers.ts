/**
 * TOY MODEL, kept for `spectrum barriers` and as a generator of synthetic spectra in tests; it
 * drives nothing in the study. It has a free β strength shared equally among the barriers, so
 * its β intensity goes as 1/(number of barriers): use the event spectrum (anelastic.ts,
 * event-spectrum.ts) for anything physical.
 *
 * β part: every barrier E_i is a Debye relaxator, τ_i = τ0 exp(E_i / kT), contributing
 *   E''_i = Δ_β w_i ωτ_i / (1 + ω²τ_i²),   E'_i = -Δ_β w_i / (1 + ω²τ_i²)   (Σ w_i = 1).
 * w_i defaults to equal weights (a CSV may give a `weight` column). In 1/T the single-relaxator
 * loss is ½ sech(E/kT - L), L = ln(1/ωτ0): it peaks where ωτ = 1, T_peak = E / (k L), with a full
 * width at half maximum in 1/T of 2 arccosh(2) k/E = 2 ln(2 + √3) k/E (sech x = ½ at x = ±arccosh 2).
 * α part: the parametrised process of alpha.ts, with strength 1 − Δ_β, added to the β loss.
 *
 * Units: temperatures and energies follow the landscape's units (k = 1 in lj, 8.617e-5 eV/K in
 * metal); frequency, τ0, τ_g and τ∞ share one time unit (seconds for laboratory spectra), and the
 * heating rate is in temperature units per 60 of those time units (K/min).
 */
import { InputError } from '../../sim/errors.js';
import { alphaTau, coleDavidson, fictiveTemperature, type AlphaProcess } from './alpha.js';

export interface BarrierModel {
  /** Activation energies and their strain-coupling weights (normalised here). */
  barriers: number[];
  weights?: number[];
  /** Boltzmann constant in the energy unit per temperature unit. */
  boltzmann: number;
  tau0: number;
  /** Relaxation strength of the β part as a fraction of the unrelaxed modulus (α gets the rest). */
  betaStrength: number;
  alpha?: AlphaProcess;
}

export interface SpectrumPoint {
  T: number;
  storage: number;
  loss: number;
  alphaLoss: number;
  betaLoss: number;
}

/** Normalised weights (equal when none are given). */
export function normaliseWeights(n: number, weights?: number[]): Float64Array {
  const w = new Float64Array(n);
  if (!weights) return w.fill(1 / n);
  if (weights.length !== n) throw new InputError(`${weights.length} weights for ${n} barriers`);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0) || weights.some((x) => !(x >= 0))) throw new InputError('barrier weights must be >= 0 and not all 0');
  weights.forEach((x, i) => (w[i] = x / sum));
  return w;
}

/** β loss Σ w_i ωτ_i/(1+ω²τ_i²) and storage decrement Σ w_i/(1+ω²τ_i²) at one temperature. */
export function debyeSum(E: ArrayLike<number>, w: ArrayLike<number>, kT: number, omegaTau0: number): { loss: number; decrement: number } {
  let loss = 0;
  let dec = 0;
  const lnwt0 = Math.log(omegaTau0);
  for (let i = 0; i < E.length; i++) {
    const x = lnwt0 + E[i] / kT; // ln ωτ_i
    if (x > 700) continue; // frozen: no loss, no decrement
    const wt = Math.exp(x);
    const d = 1 / (1 + wt * wt);
    loss += w[i] * wt * d;
    dec += w[i] * d;
  }
  return { loss, decrement: dec };
}

/**
 * E'(T), E''(T) at frequency f (unrelaxed modulus 1) over the temperatures given; heatingRate
 * (per minute) fixes the fictive temperature of the α process (see above; ignored without α).
 */
export function barrierSpectrum(model: BarrierModel, temperatures: number[], frequency: number, heatingRate?: number): SpectrumPoint[] {
  if (model.barriers.length === 0 && !model.alpha) throw new InputError('a spectrum needs barriers or an α process');
  if (!(frequency > 0 && model.tau0 > 0)) throw new InputError('frequency and tau0 must be > 0');
  if (!(model.betaStrength >= 0 && model.betaStrength <= 1)) throw new InputError(`beta strength must be in [0, 1], got ${model.betaStrength}`);
  const omega = 2 * Math.PI * frequency;
  const E = Float64Array.from(model.barriers);
  const w = E.length > 0 ? normaliseWeights(E.length, model.weights) : new Float64Array(0);
  const a = model.alpha;
  const Tf = a ? (heatingRate !== undefined ? fictiveTemperature(a, heatingRate) : -Infinity) : 0;
  const dBeta = E.length > 0 ? model.betaStrength : 0;
  const dAlpha = a ? 1 - dBeta : 0;
  return temperatures.map((T) => {
    const beta = E.length > 0 ? debyeSum(E, w, model.boltzmann * T, omega * model.tau0) : { loss: 0, decrement: 0 };
    const alpha = a ? coleDavidson(omega * alphaTau(a, T, Tf), a.gamma) : { loss: 0, decrement: 0 };
    const betaLoss = dBeta * beta.loss;
    const alphaLoss = dAlpha * alpha.loss;
    return { T, storage: 1 - dBeta * beta.decrement - dAlpha * alpha.decrement, loss: alphaLoss + betaLoss, alphaLoss, betaLoss };
  });
}

/** Temperature of the loss peak of one Debye relaxator: ωτ = 1, T = E / (k ln(1/ωτ0)). */
export function debyePeakTemperature(E: number, boltzmann: number, frequency: number, tau0: number): number {
  const L = -Math.log(2 * Math.PI * frequency * tau0);
  if (!(L > 0)) throw new InputError('2π f τ0 must be < 1 for a loss peak at finite temperature');
  return E / (boltzmann * L);
}

/** Full width at half maximum, in 1/T, of one Debye relaxator's E''(1/T): 2 ln(2+√3) k/E. */
export function debyeWidthInverseT(E: number, boltzmann: number): number {
  return (2 * Math.log(2 + Math.sqrt(3)) * boltzmann) / E;
}
