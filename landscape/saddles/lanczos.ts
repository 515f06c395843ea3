/**
 * Lowest eigenvalue and eigenvector of the Hessian by the Lanczos method (as in ART nouveau,
 * Malek & Mousseau, PRE 62, 7723 (2000)), with Hessian-vector products from finite differences of
 * forces: H q ≈ -(F(X + h q) - F(X)) / h. No Hessian is ever stored.
 *
 * Full reorthogonalisation keeps the Krylov basis orthonormal; the lowest eigenpair of the
 * tridiagonal matrix is found by Sturm-sequence bisection and inverse iteration.
 *
 * With an `active` mask (local activation) the Krylov vectors live on the active atoms only: the
 * others are held, so the Hessian seen is the block of the active atoms (without their uniform
 * translation, projectActive).
 */
import { axpy, dot, normalize, removeTranslation } from '../vec.js';
import type { EnergySurface } from '../energy-surface.js';

export interface LanczosOptions {
  /** Finite-difference step along the unit vector (length units). Default 1e-6: small, so that a kink in the forces (a truncated pair potential) is rarely straddled. */
  h?: number;
  /** Largest Krylov dimension. Default 40. */
  maxIterations?: number;
  /** Stop when the lowest Ritz value changes by less than tolerance × max(1, |value|) (energy/length^2). Default 1e-3. */
  tolerance?: number;
  /** At least this many Hessian-vector products. Default 3. */
  minIterations?: number;
  /**
   * A product with |H q| above this (energy/length²) straddles a jump of the forces (a pair crossing
   * a truncated cut-off: the jump over h, ~4e4 for lj/cut with h = 1e-6) and is taken again as a
   * backward difference, the smaller kept. Default 1e4, far above any curvature of a bonded solid.
   */
  maxCurvature?: number;
}

export interface LowestMode {
  /** Lowest Ritz value (an upper bound of the lowest Hessian eigenvalue). */
  value: number;
  /** Its Ritz vector, unit norm, no net translation (with `active`: zero on the held atoms). */
  vector: Float64Array;
  /** Hessian-vector products (= force evaluations) used. */
  products: number;
  converged: boolean;
}

/**
 * The lowest mode at X, where `f0` holds the forces at X. `start` seeds the Krylov space (a
 * previous mode makes later calls converge in a few products); uniform translations, the zero
 * modes of a periodic system, are projected out, or, given `active` (1 per moving atom), every
 * component of a held atom and the uniform translation of the active ones.
 */
export function lowestMode(
  surface: EnergySurface, X: Float64Array, f0: Float64Array, start: Float64Array, o: LanczosOptions = {}, active: Uint8Array | null = null,
): LowestMode {
  const project = (v: Float64Array) => (active ? projectActive(v, active) : removeTranslation(v));
  const h = o.h ?? 1e-6;
  const maxIt = Math.min(o.maxIterations ?? 40, X.length);
  const tol = o.tolerance ?? 1e-3;
  const minIt = o.minIterations ?? 3;
  const maxCurvature = o.maxCurvature ?? 1e4;
  let products = 0;
  const dim = X.length;
  const Q: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  const xh = new Float64Array(dim);
  const fh = new Float64Array(dim);
  let q: Float64Array = start.slice();
  project(q);
  if (normalize(q) === 0) throw new Error(active ? 'lowestMode: the start vector has no component on the active atoms' : 'lowestMode: the start vector is a pure translation');
  let theta = Infinity;
  let converged = false;
  for (let j = 0; j < maxIt; j++) {
    Q.push(q);
    products++;
    const w = hessianProduct(surface, X, f0, q, h, xh, fh);
    if (Math.sqrt(dot(w, w)) > maxCurvature) {
      const back = hessianProduct(surface, X, f0, q, -h, xh, fh);
      products++;
      if (dot(back, back) < dot(w, w)) w.set(back);
    }
    project(w);
    const a = dot(q, w);
    alpha.push(a);
    // Full reorthogonalisation (twice is enough, Parlett) replaces the three-term recurrence.
    const b = Math.sqrt(reorthogonalise(w, Q));
    const next = lowestTridiagonal(alpha, beta);
    const change = Math.abs(next - theta);
    theta = next;
    if ((j + 1 >= minIt && change < tol * Math.max(1, Math.abs(theta))) || b < 1e-12 * Math.max(1, Math.abs(a))) {
      converged = true;
      break;
    }
    if (j + 1 === maxIt) break;
    beta.push(b);
    q = w;
    for (let k = 0; k < dim; k++) q[k] /= b;
  }
  const y = tridiagonalEigenvector(alpha, beta.slice(0, alpha.length - 1), theta);
  const vector = new Float64Array(dim);
  for (let j = 0; j < alpha.length; j++) axpy(vector, y[j], Q[j]);
  project(vector);
  normalize(vector);
  return { value: theta, vector, products, converged };
}

/** H q ≈ −(F(X + h q) − F(X))/h (h < 0: the backward difference), f0 = F(X); xh, fh are scratch. */
function hessianProduct(
  surface: EnergySurface, X: Float64Array, f0: Float64Array, q: Float64Array, h: number, xh: Float64Array, fh: Float64Array,
): Float64Array {
  xh.set(X);
  axpy(xh, h, q);
  surface.forces(xh, fh);
  const w = new Float64Array(X.length);
  for (let k = 0; k < X.length; k++) w[k] = -(fh[k] - f0[k]) / h;
  return w;
}

/**
 * Two passes of modified Gram–Schmidt of w against the basis Q; returns |w|² after them. Each loop
 * subtracts one projection and sums the dot product of the next one with the updated components:
 * the operations of separate dot and axpy loops in the same order, so the same bits in half the
 * passes over memory.
 */
function reorthogonalise(w: Float64Array, Q: Float64Array[]): number {
  const m = Q.length;
  let c = dot(Q[0], w);
  for (let t = 0; t < 2 * m; t++) c = subtractAndDot(w, c, Q[t % m], t + 1 < 2 * m ? Q[(t + 1) % m] : w);
  return c;
}

/** w −= c p, and the dot product of `next` with the new w. */
function subtractAndDot(w: Float64Array, c: number, p: Float64Array, next: Float64Array): number {
  let s = 0;
  for (let k = 0; k < w.length; k++) {
    w[k] += -c * p[k];
    s += next[k] * w[k];
  }
  return s;
}

/** Zeroes the components of the atoms whose `active` flag is 0 (the held atoms of a local search). */
export function holdInactive(v: Float64Array, active: Uint8Array): void {
  for (let i = 0; i < active.length; i++) {
    if (active[i]) continue;
    v[3 * i] = 0;
    v[3 * i + 1] = 0;
    v[3 * i + 2] = 0;
  }
  return;
}

/**
 * The Krylov vectors of a local search: zero on the held atoms and without a uniform translation
 * of the active ones. Shifting the whole active region against the held surrounding is a soft mode
 * of the active block when few atoms are held, and no activation.
 */
function projectActive(v: Float64Array, active: Uint8Array): void {
  holdInactive(v, active);
  const mean = [0, 0, 0];
  let count = 0;
  for (let i = 0; i < active.length; i++) {
    if (!active[i]) continue;
    count++;
    for (let a = 0; a < 3; a++) mean[a] += v[3 * i + a];
  }
  for (let i = 0; i < active.length; i++) {
    if (active[i]) for (let a = 0; a < 3; a++) v[3 * i + a] -= mean[a] / count;
  }
  return;
}

/** Number of eigenvalues of the tridiagonal (alpha, beta) below s (Sturm sequence). */
function countBelow(alpha: number[], beta: number[], s: number): number {
  let count = 0;
  let d = 1;
  for (let i = 0; i < alpha.length; i++) {
    const b2 = i > 0 ? beta[i - 1] * beta[i - 1] : 0;
    d = alpha[i] - s - (i > 0 ? b2 / d : 0);
    if (d === 0) d = -1e-300;
    if (d < 0) count++;
  }
  return count;
}

/** Lowest eigenvalue of the symmetric tridiagonal matrix, by bisection inside the Gershgorin bounds. */
function lowestTridiagonal(alpha: number[], beta: number[]): number {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < alpha.length; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i < alpha.length - 1 ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
  }
  for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo), Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (countBelow(alpha, beta, mid) >= 1) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Eigenvector of the tridiagonal matrix for its lowest eigenvalue theta, by inverse iteration with
 * a shift just below theta: T - sigma I is then positive definite, so elimination without pivoting
 * (Thomas algorithm) is stable.
 */
function tridiagonalEigenvector(alpha: number[], beta: number[], theta: number): Float64Array {
  const m = alpha.length;
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(alpha[i]) + (i > 0 ? Math.abs(beta[i - 1]) : 0));
  const sigma = theta - 1e-10 * Math.max(scale, 1e-300);
  let y = new Float64Array(m).fill(1 / Math.sqrt(m));
  const c = new Float64Array(m);
  const z = new Float64Array(m);
  for (let it = 0; it < 3; it++) {
    // Forward elimination of (T - sigma I) z = y, then back substitution.
    let denom = alpha[0] - sigma;
    c[0] = m > 1 ? beta[0] / denom : 0;
    z[0] = y[0] / denom;
    for (let i = 1; i < m; i++) {
      denom = alpha[i] - sigma - beta[i - 1] * c[i - 1];
      c[i] = i < m - 1 ? beta[i] / denom : 0;
      z[i] = (y[i] - beta[i - 1] * z[i - 1]) / denom;
    }
    for (let i = m - 2; i >= 0; i--) z[i] -= c[i] * z[i + 1];
    let norm = 0;
    for (let i = 0; i < m; i++) norm += z[i] * z[i];
    norm = Math.sqrt(norm);
    y = z.map((v) => v / norm);
  }
  return y;
}
