/**
 * Loss modulus from an activation-energy spectrum (thermally activated relaxators) plus an α process.
 *
 * β part: every barrier E_i is a Debye relaxator, τ_i = τ0 exp(E_i / kT), contributing
 *   E''_i = Δ_β w_i ωτ_i / (1 + ω²τ_i²),   E'_i = -Δ_β w_i / (1 + ω²τ_i²)   (Σ w_i = 1).
 * w_i is the strain coupling of barrier i; without better knowledge all are equal (a CSV may give a
 * `weight` column). In 1/T the single-relaxator loss is ½ sech(E/kT - L), L = ln(1/ωτ0): it peaks
 * where ωτ = 1, T_peak = E / (k L), with a full width at half maximum in 1/T of
 * 2 arccosh(2) k/E = 2 ln(2 + √3) k/E (sech x = ½ at x = ±arccosh 2).
 *
 * α part: Vogel–Fulcher–Tammann τ_α = τ∞ 10^{B/(T - T0)} fixed by τ_α(Tg) = τ_g (100 s) and the
 * fragility m = d log10 τ_α / d(Tg/T) at Tg: with A = log10(τ_g/τ∞), T0 = Tg (1 - A/m) and
 * B = A² Tg / m. Its shape is Cole–Davidson, E* = E_u - Δ_α (1 + iωτ_α)^{-γ} (γ = 1: Debye;
 * γ ≈ 0.5 resembles KWW with β_KWW ≈ 0.6), i.e. E''_α = Δ_α (1 + ω²τ²)^{-γ/2} sin(γ atan ωτ).
 *
 * Heating rate: at a fixed frequency the linear response does not depend on the scan rate (at 1 Hz
 * and 3 K/min the temperature moves 0.05 K per cycle), so q enters only through the glass's
 * structure. The structure freezes at the fictive temperature T_f where the scan outruns the α
 * relaxation (Frenkel–Kobeko–Reiner): q τ_α(T_f) |d ln τ_α/dT|(T_f) = 1. Below T_f the α time
 * follows the isostructural Arrhenius continuation τ∞ 10^{B T_f / (T (T_f - T0))} (equal to the VFT
 * value at T_f). Annealing of the β barriers themselves during the scan is not modelled.
 *
 * Units: temperatures and energies follow the landscape's units (k = 1 in lj, 8.617e-5 eV/K in
 * metal); frequency, τ0, τ_g and τ∞ share one time unit (seconds for laboratory spectra), and the
 * heating rate is in temperature units per 60 of those time units (K/min).
 */
import { InputError } from '../../sim/errors.js';

export interface AlphaProcess {
  Tg: number;
  /** Fragility index m. */
  fragility: number;
  /** τ_α at Tg (100 s by convention). */
  tauG: number;
  /** VFT prefactor τ∞. */
  tauInf: number;
  /** Cole–Davidson exponent γ in (0, 1]. */
  gamma: number;
}

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

export interface VftParameters {
  T0: number;
  /** B in log10 units: log10(τ/τ∞) = B / (T - T0). */
  B: number;
}

export function vftParameters(a: AlphaProcess): VftParameters {
  const A = Math.log10(a.tauG / a.tauInf);
  if (!(A > 0)) throw new InputError(`tau_g (${a.tauG}) must exceed tau_inf (${a.tauInf})`);
  if (!(a.fragility > A)) throw new InputError(`fragility ${a.fragility} must exceed log10(tau_g/tau_inf) = ${A.toFixed(2)} (the Arrhenius limit)`);
  return { T0: a.Tg * (1 - A / a.fragility), B: (A * A * a.Tg) / a.fragility };
}

/** Equilibrium-liquid VFT relaxation time. */
export function vftTau(a: AlphaProcess, T: number): number {
  const { T0, B } = vftParameters(a);
  return T > T0 ? a.tauInf * 10 ** (B / (T - T0)) : Infinity;
}

/**
 * Fictive temperature reached at scan rate q (temperature units per 60 time units):
 * the root of q τ_α(T) ln10 B / (T - T0)² = 1, found by bisection.
 */
export function fictiveTemperature(a: AlphaProcess, heatingRatePerMinute: number): number {
  if (!(heatingRatePerMinute > 0)) throw new InputError(`heating rate must be > 0, got ${heatingRatePerMinute}`);
  const q = heatingRatePerMinute / 60;
  const { T0, B } = vftParameters(a);
  const g = (T: number) => Math.log(q) + Math.log(vftTau(a, T)) + Math.log((Math.LN10 * B) / (T - T0) ** 2);
  let lo = T0 * (1 + 1e-9) + 1e-12;
  let hi = Math.max(2 * a.Tg, T0 + 1);
  while (g(hi) > 0) hi *= 2;
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (g(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** τ_α at T for a glass of fictive temperature Tf: VFT above Tf, isostructural Arrhenius below. */
export function alphaTau(a: AlphaProcess, T: number, Tf: number): number {
  if (T >= Tf) return vftTau(a, T);
  const { T0, B } = vftParameters(a);
  return a.tauInf * 10 ** ((B * Tf) / (T * (Tf - T0)));
}

/** Cole–Davidson loss and storage decrement per unit strength at ωτ. */
export function coleDavidson(omegaTau: number, gamma: number): { loss: number; decrement: number } {
  if (!Number.isFinite(omegaTau)) return { loss: 0, decrement: 0 };
  const phi = Math.atan(omegaTau);
  const r = (1 + omegaTau * omegaTau) ** (-gamma / 2);
  return { loss: r * Math.sin(gamma * phi), decrement: r * Math.cos(gamma * phi) };
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
