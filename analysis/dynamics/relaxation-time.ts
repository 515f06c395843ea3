/**
 * The α relaxation time and its temperature dependence.
 *   τ_α: the first time F_s(q, t) falls to 1/e, linearly interpolated in t between the two
 *        samples that bracket 1/e.
 *   VFT: τ = τ0 exp(D T0 / (T − T0)). For a fixed T0, ln τ = ln τ0 + B / (T − T0) is a straight
 *        line in 1/(T − T0) (B = D T0); T0 in [0, min T) is chosen to minimise the squared
 *        residual of ln τ (a grid, then golden-section refinement).
 */
import { InputError } from '../../sim/errors.js';

export const ONE_OVER_E = Math.exp(-1);

/** Time where f first reaches 1/e, or null when it stays above. */
export function relaxationTime(t: ArrayLike<number>, f: ArrayLike<number>, level = ONE_OVER_E): number | null {
  if (t.length > 0 && f[0] <= level) return t[0];
  for (let k = 1; k < t.length; k++) {
    if (f[k] <= level) return t[k - 1] + ((f[k - 1] - level) / (f[k - 1] - f[k])) * (t[k] - t[k - 1]);
  }
  return null;
}

export interface VftFit {
  tau0: number;
  D: number;
  T0: number;
  /** Root-mean-square residual of ln τ. */
  rms: number;
}

/** Least squares of ln τ on 1/(T − T0) for this T0: intercept, slope, squared residual. */
function lineAt(T: number[], lnTau: number[], T0: number) {
  const n = T.length;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let k = 0; k < n; k++) {
    const x = 1 / (T[k] - T0);
    sx += x; sy += lnTau[k]; sxx += x * x; sxy += x * lnTau[k];
  }
  const slope = (sxy - (sx * sy) / n) / (sxx - (sx * sx) / n);
  const intercept = (sy - slope * sx) / n;
  let sse = 0;
  for (let k = 0; k < n; k++) sse += (lnTau[k] - intercept - slope / (T[k] - T0)) ** 2;
  return { intercept, slope, sse };
}

/** VFT fit to τ(T): needs at least 3 distinct temperatures and τ > 0. */
export function fitVft(T: number[], tau: number[]): VftFit {
  if (T.length !== tau.length) throw new Error('fitVft: T and tau differ in length');
  if (new Set(T).size < 3) throw new InputError(`VFT fit: needs τ_α at 3 or more temperatures, got ${new Set(T).size}`);
  if (T.some((x) => !(x > 0)) || tau.some((x) => !(x > 0))) throw new InputError('VFT fit: temperatures and τ_α must be > 0');
  const lnTau = tau.map(Math.log);
  const hi = Math.min(...T) * (1 - 1e-9);
  const sse = (T0: number) => lineAt(T, lnTau, T0).sse;
  const grid = 400;
  let best = 0;
  for (let j = 1; j < grid; j++) if (sse((j / grid) * hi) < sse((best / grid) * hi)) best = j;
  // Golden section on the grid cell around the best point.
  let a = Math.max(0, (best - 1) / grid) * hi, b = Math.min(grid, best + 1) / grid * hi;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 100 && b - a > 1e-12 * hi; it++) {
    const c = b - g * (b - a), d = a + g * (b - a);
    if (sse(c) < sse(d)) b = d;
    else a = c;
  }
  const T0 = (a + b) / 2;
  const { intercept, slope, sse: s } = lineAt(T, lnTau, T0);
  return { tau0: Math.exp(intercept), D: slope / T0, T0, rms: Math.sqrt(s / T.length) };
}
