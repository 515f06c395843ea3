/**
 * The α (structural) relaxation of a glass former as a parametrised process, for loss spectra
 * at laboratory frequencies.
 *
 * Vogel–Fulcher–Tammann τ_α = τ∞ 10^{B/(T - T0)} fixed by τ_α(Tg) = τ_g (100 s) and the fragility
 * m = d log10 τ_α / d(Tg/T) at Tg: with A = log10(τ_g/τ∞), T0 = Tg (1 - A/m) and B = A² Tg / m.
 * Shape: Cole–Davidson, M* = M_u [1 - (1 + iωτ_α)^{-γ}] (γ = 1: Debye; γ ≈ 0.5 resembles KWW with
 * β_KWW ≈ 0.6), i.e. loss (1 + ω²τ²)^{-γ/2} sin(γ atan ωτ) per unit strength.
 *
 * Heating rate: at a fixed frequency the linear response does not depend on the scan rate (at 1 Hz
 * and 3 K/min the temperature moves 0.05 K per cycle), so q enters only through the glass's
 * structure, which freezes at the fictive temperature T_f where the scan outruns the α relaxation
 * (Frenkel–Kobeko–Reiner): q τ_α(T_f) |d ln τ_α/dT|(T_f) = 1. Below T_f the α time follows the
 * isostructural Arrhenius continuation τ∞ 10^{B T_f / (T (T_f - T0))} (equal to VFT at T_f).
 *
 * Times in seconds, the heating rate in temperature units per minute.
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

/** A VFT fit τ_α = τ0 exp(D T0 / (T − T0)) in MD time units, as `betascape relax` makes it (analysis/dynamics/relaxation-time.ts). */
export interface MdVft {
  tau0: number;
  D: number;
  T0: number;
}

/**
 * The α process whose τ_α(T) is a VFT measured in MD, τ0 s exp(D T0 / (T − T0)) seconds (s: seconds
 * per MD time unit), in this module's parametrisation: τ∞ = τ0 s, B = D T0 / ln 10, Tg where
 * τ_α = τ_g, Tg = T0 + B / log10(τ_g/τ∞), and m = B Tg / (Tg − T0)² (vftParameters gives back T0
 * and B). MD measures τ_α up to ~10²–10³ τ; τ_g = 100 s is ~10¹⁴ τ at 1 ps per τ, so the
 * laboratory α process is the fit extrapolated over eleven decades or more.
 */
export function alphaFromVft(v: MdVft, timeUnitSeconds: number, gamma: number, tauG = 100): AlphaProcess {
  if (!(v.tau0 > 0 && v.D > 0 && v.T0 > 0)) {
    throw new InputError(`VFT fit: needs tau0 > 0, D > 0 and T0 > 0 (T0 = 0 is Arrhenius: no glass transition), got tau0 = ${v.tau0}, D = ${v.D}, T0 = ${v.T0}`);
  }
  const tauInf = v.tau0 * timeUnitSeconds;
  const A = Math.log10(tauG / tauInf);
  if (!(A > 0)) throw new InputError(`VFT fit: tau0 (${tauInf} s) must be shorter than tau_g (${tauG} s)`);
  const B = (v.D * v.T0) / Math.LN10;
  const Tg = v.T0 + B / A;
  return { Tg, fragility: (B * Tg) / (Tg - v.T0) ** 2, tauG, tauInf, gamma };
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
