/**
 * Splits a loss spectrum E''(T) (measured or simulated, one frequency) into an α and a β part and
 * classifies the β feature as the paper's Fig. 2 does (peak, shoulder, excess wing).
 *
 * - α: the highest maximum of E'' is the α peak (T_α, E''_max). Without more knowledge the α part is
 *   E''_max sech(s (1/T - 1/T_α)), the shape of a Debye process near its peak in 1/T, with s fitted
 *   to the high-temperature flank only (T > T_α), which the β process does not reach. A broad α
 *   process (Cole–Davidson γ < 1, KWW) has a low-T flank far wider than the sech, and the excess
 *   would be counted as β (T_β biased toward T_α). When the α shape is known (a model spectrum:
 *   `alphaShape`, its α loss at the same temperatures, any scale), only its height is fitted, by
 *   least squares on the high-T flank, and the β part is the exact remainder.
 * - β: the residual E'' - α on the low-temperature side is fitted with a Gaussian in 1/T,
 *   A_β exp(-(1/T - 1/T_β)² / 2w²) (a log-parabola fit weighted by the residual squared);
 *   β intensity = A_β / E''_max, β peak temperature T_β. A wing has no β maximum: T_β is null,
 *   the intensity 0, and `beta` holds the excess over the α part.
 * - classification, on the spectrum smoothed by local quadratic fits (window `smooth` points):
 *   `peak` when E'' has a local maximum below T_α that rises above its neighbourhood by more than
 *   the noise (1% of E''_max); else `shoulder` when the curvature d²E''/dT² on the low-T flank goes
 *   from < 0 back to > 0 (the curve bends over and then up again: an inflection pair) before the
 *   α peak's own concave top; else `wing` (a convex rise into the α peak).
 */
import { InputError } from '../../sim/errors.js';
import { solveLinear } from './fit.js';

export type BetaKind = 'peak' | 'shoulder' | 'wing';

export interface Decomposition {
  /** Temperature and height of the α maximum. */
  alphaPeakT: number;
  lossMax: number;
  /** α part on the input temperatures (fitted model). */
  alpha: number[];
  beta: number[];
  betaPeakT: number | null;
  /** E''_β,max / E''_max (0 when no β part is found). */
  betaIntensity: number;
  kind: BetaKind;
}

/** Local quadratic (Savitzky–Golay-like) smoothing: value, first and second derivative at each point. */
export function smoothDerivatives(x: number[], y: number[], half: number): { y: number[]; d1: number[]; d2: number[] } {
  const n = x.length;
  const ys: number[] = [];
  const d1: number[] = [];
  const d2: number[] = [];
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, Math.min(i - half, n - 2 * half - 1));
    const hi = Math.min(n - 1, lo + 2 * half);
    const M = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const r = [0, 0, 0];
    for (let k = lo; k <= hi; k++) {
      const u = x[k] - x[i];
      const b = [1, u, u * u];
      for (let a = 0; a < 3; a++) {
        r[a] += b[a] * y[k];
        for (let c = 0; c < 3; c++) M[a][c] += b[a] * b[c];
      }
    }
    const [c0, c1, c2] = solveLinear(M, r);
    ys.push(c0);
    d1.push(c1);
    d2.push(2 * c2);
  }
  return { y: ys, d1, d2 };
}

/** α model in u = 1/T: A sech(s (u - u_α)). Fitted by a scan over s with A, u_α from the peak. */
function fitAlpha(u: number[], y: number[], iPeak: number): (u: number) => number {
  const A = y[iPeak];
  const ua = u[iPeak];
  // Points on the high-T side (u < u_α) above 5% of the peak fix the slope s: where
  // sech(s Δu) = y/A, s Δu = arccosh(A/y); a least-squares line through the origin.
  let num = 0;
  let den = 0;
  for (let k = 0; k < u.length; k++) {
    if (u[k] >= ua || !(y[k] > 0.05 * A) || !(y[k] < A)) continue;
    const du = ua - u[k];
    num += du * Math.acosh(A / y[k]);
    den += du * du;
  }
  // Without a high-T flank (the scan ends at the peak) use the low-T half-height point.
  if (!(den > 0)) {
    for (let k = iPeak + 1; k < u.length; k++) {
      if (y[k] > 0 && y[k] < A) {
        const du = u[k] - ua;
        num += du * Math.acosh(A / y[k]);
        den += du * du;
        break;
      }
    }
  }
  const s = den > 0 ? num / den : 0;
  return (x) => A / Math.cosh(s * (x - ua));
}

/** Gaussian A exp(-(u - c)²/2w²) fitted to positive residuals by a linear fit of ln r to a parabola. */
function fitGaussian(u: number[], r: number[]): { A: number; c: number; w: number } | null {
  const pts = u.map((x, k) => [x, r[k]] as const).filter(([, v]) => v > 0);
  if (pts.length < 3) return null;
  const rMax = Math.max(...pts.map(([, v]) => v));
  // Weight by r² (the usual Caruana-type weighting: large residuals dominate, noise near 0 does not).
  const M = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const b = [0, 0, 0];
  const u0 = pts[0][0];
  for (const [x, v] of pts) {
    if (v < 0.05 * rMax) continue;
    const w2 = v * v;
    const basis = [1, x - u0, (x - u0) ** 2];
    for (let i = 0; i < 3; i++) {
      b[i] += w2 * basis[i] * Math.log(v);
      for (let j = 0; j < 3; j++) M[i][j] += w2 * basis[i] * basis[j];
    }
  }
  let c0: number, c1: number, c2: number;
  try {
    [c0, c1, c2] = solveLinear(M, b);
  } catch {
    return null;
  }
  if (!(c2 < 0)) {
    // No curvature: the residual grows toward the α peak (a wing); report its largest value.
    const [x, v] = pts.reduce((a, p) => (p[1] > a[1] ? p : a));
    return { A: v, c: x, w: NaN };
  }
  const w = Math.sqrt(-1 / (2 * c2));
  const c = u0 - c1 / (2 * c2);
  const A = Math.exp(c0 - c1 * c1 / (4 * c2));
  return { A, c, w };
}

/** α = A · shape with A fitted by least squares where T ≥ T_α and the shape exceeds 5% of its maximum. */
function scaleAlphaShape(y: number[], shape: number[], iPeak: number): number[] {
  const top = Math.max(...shape);
  if (!(top > 0)) throw new InputError('alpha shape: must have a positive maximum');
  let num = 0;
  let den = 0;
  for (let k = iPeak; k < y.length; k++) {
    if (!(shape[k] > 0.05 * top)) continue;
    num += y[k] * shape[k];
    den += shape[k] * shape[k];
  }
  const A = den > 0 ? num / den : y[iPeak] / (shape[iPeak] || top);
  return shape.map((v) => A * v);
}

export interface DecomposeOptions {
  /** Half-width (points) of the local quadratic smoothing. */
  smooth?: number;
  /** The α loss shape at the input temperatures (any scale), when known; else a sech in 1/T is fitted. */
  alphaShape?: number[];
}

export function decomposeSpectrum(T: number[], loss: number[], opts: DecomposeOptions = {}): Decomposition {
  const n = T.length;
  if (n < 7 || loss.length !== n) throw new InputError(`a spectrum to decompose needs at least 7 points of (T, E''), got ${n}`);
  const order = T.map((_, i) => i).sort((a, b) => T[a] - T[b]);
  const t = order.map((i) => T[i]);
  const y = order.map((i) => loss[i]);
  if (t.some((x, i) => !(x > 0) || (i > 0 && x === t[i - 1]))) throw new InputError('spectrum temperatures must be > 0 and distinct');
  const half = opts.smooth ?? Math.max(2, Math.round(n / 40));
  const sm = smoothDerivatives(t, y, half);
  let iPeak = 0;
  for (let i = 1; i < n; i++) if (sm.y[i] > sm.y[iPeak]) iPeak = i;
  const lossMax = sm.y[iPeak];
  if (!(lossMax > 0)) throw new InputError('the loss spectrum has no positive maximum');
  const u = t.map((x) => 1 / x);
  let alpha: number[];
  if (opts.alphaShape) {
    if (opts.alphaShape.length !== n || opts.alphaShape.some((v) => !Number.isFinite(v))) throw new InputError(`alpha shape: expected ${n} finite values, one per temperature`);
    alpha = scaleAlphaShape(sm.y, order.map((i) => opts.alphaShape![i]), iPeak);
  } else alpha = u.map(fitAlpha(u, sm.y, iPeak));
  const residual = sm.y.map((v, i) => (i < iPeak ? v - alpha[i] : 0));
  const g = fitGaussian(u.slice(0, iPeak), residual.slice(0, iPeak));
  // A Gaussian centred outside the low-T flank (beyond T_α or below the scan) describes no β maximum.
  const gaussian = g && Number.isFinite(g.w) && g.c > u[iPeak] && g.c < u[0] ? g : null;
  const excess = (i: number) => (i < iPeak ? Math.max(residual[i], 0) : 0);

  // Classification on the smoothed curve below the α peak.
  const noise = 0.01 * lossMax;
  let kind: BetaKind = 'wing';
  for (let i = 1; i < iPeak; i++) {
    if (sm.y[i] >= sm.y[i - 1] && sm.y[i] > sm.y[i + 1]) {
      const rightMin = Math.min(...sm.y.slice(i, iPeak + 1));
      if (sm.y[i] - rightMin > noise) kind = 'peak';
    }
  }
  if (kind === 'wing') {
    // Curvature sign changes below the α peak: a shoulder bends down (d2 < 0) and up again (d2 > 0).
    const curvatureScale = lossMax / (t[n - 1] - t[0]) ** 2;
    const sign = sm.d2.slice(0, iPeak).map((d) => (d > 0.5 * curvatureScale ? 1 : d < -0.5 * curvatureScale ? -1 : 0));
    let seenNegative = false;
    for (const s of sign) {
      if (s < 0) seenNegative = true;
      else if (s > 0 && seenNegative) kind = 'shoulder';
    }
  }
  const beta = u.map((x, i) => (kind !== 'wing' && gaussian ? gaussian.A * Math.exp(-((x - gaussian.c) ** 2) / (2 * gaussian.w ** 2)) : excess(i)));
  const betaMax = kind === 'wing' ? 0 : Math.max(0, ...beta);
  let betaPeakT = kind !== 'wing' && gaussian && betaMax > 0 ? 1 / gaussian.c : null;
  if (kind !== 'wing' && !gaussian && betaMax > 0) betaPeakT = t[beta.indexOf(betaMax)];
  const unsort = (a: number[]) => {
    const out = new Array<number>(n);
    order.forEach((i, k) => (out[i] = a[k]));
    return out;
  };
  return { alphaPeakT: t[iPeak], lossMax, alpha: unsort(alpha), beta: unsort(beta), betaPeakT, betaIntensity: betaMax / lossMax, kind };
}
