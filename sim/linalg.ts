/**
 * Dense linear algebra: solves for fits and box relaxation (a handful of unknowns), and the
 * spectra of the region Hessians of Vineyard's attempt frequencies (up to ~1000 rows).
 */
import { ldltFactor } from './wasm/ldlt-kernel.js';

/**
 * Solves m x = rhs by Gaussian elimination with partial pivoting; null when the matrix is
 * singular (a pivot with |a| <= 1e-300), so the caller can say what that means in its terms.
 */
export function solveDense(m: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = m.map((row, i) => [...row, rhs[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
    if (!(Math.abs(a[p][c]) > 1e-300)) return null;
    [a[c], a[p]] = [a[p], a[c]];
    for (let i = c + 1; i < n; i++) {
      const f = a[i][c] / a[c][c];
      for (let j = c; j <= n; j++) a[i][j] -= f * a[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = a[i][n];
    for (let j = i + 1; j < n; j++) sum -= a[i][j] * x[j];
    x[i] = sum / a[i][i];
  }
  return x;
}

/**
 * Eigenvalues of the symmetric n×n matrix `a` (row-major; read, not changed), sorted ascending.
 *
 * Householder reduction to tridiagonal form, then the implicit QL iteration with Wilkinson shifts
 * (Golub & Van Loan, Matrix Computations, 4th ed., secs. 8.3.1 and 8.3.3; Numerical Recipes,
 * 3rd ed., sec. 11.4 `tqli`), eigenvalues only: about (4/3) n^3 multiplications for the reduction
 * and O(n^2) for the iteration, backward stable, so each eigenvalue is exact to a few ε·||a||.
 * For the dense Hessians of a saddle's local region (3n up to ~1000); only the lower triangle is
 * read, so a matrix that is symmetric to round-off gives the eigenvalues of its lower half.
 * Throws when the iteration does not converge (it does in a few steps per eigenvalue: a bug).
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  if (a.length < n * n) throw new Error(`symmetricEigenvalues: ${a.length} entries for a ${n}×${n} matrix`);
  const m = a.slice(0, n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) m[i * n + j] = m[j * n + i];
  const d = new Float64Array(n), e = new Float64Array(n);
  householderTridiagonal(m, n, d, e);
  tridiagonalQL(d, e, n);
  return d.sort();
}

/**
 * m (full symmetric, destroyed) → Q^T m Q tridiagonal: diagonal into d, the sub-diagonal into
 * e (e[k] couples k and k + 1; e[n-1] = 0). Step k reflects column k below the diagonal onto its
 * first entry with P = I - β v v^T and updates the trailing block as A - v w^T - w v^T with
 * p = β A v, w = p - (β p·v / 2) v (Golub & Van Loan, Algorithm 8.3.1).
 */
function householderTridiagonal(m: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  const v = new Float64Array(n), w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let s = 0;
    for (let i = k + 1; i < n; i++) s += m[i * n + k] * m[i * n + k];
    const x0 = m[(k + 1) * n + k];
    let tail = s - x0 * x0;
    if (tail === 0) {
      // Already tridiagonal in this column.
      e[k] = x0;
      continue;
    }
    const alpha = x0 >= 0 ? -Math.sqrt(s) : Math.sqrt(s);
    v[k + 1] = x0 - alpha;
    for (let i = k + 2; i < n; i++) v[i] = m[i * n + k];
    tail += v[k + 1] * v[k + 1];
    const beta = 2 / tail;
    e[k] = alpha;
    // p = β A22 v (into w), then w = p - (β p·v / 2) v.
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      let sum = 0;
      const row = i * n;
      for (let j = k + 1; j < n; j++) sum += m[row + j] * v[j];
      w[i] = beta * sum;
      pv += w[i] * v[i];
    }
    const kk = 0.5 * beta * pv;
    for (let i = k + 1; i < n; i++) w[i] -= kk * v[i];
    for (let i = k + 1; i < n; i++) {
      const row = i * n, vi = v[i], wi = w[i];
      for (let j = k + 1; j < n; j++) m[row + j] -= vi * w[j] + wi * v[j];
    }
  }
  for (let i = 0; i < n; i++) d[i] = m[i * n + i];
  if (n >= 2) e[n - 2] = m[(n - 1) * n + n - 2];
  e[n - 1] = 0;
  return;
}

/** Implicit QL with Wilkinson shifts on the tridiagonal (d, e), eigenvalues into d (Numerical Recipes `tqli`). */
function tridiagonalQL(d: Float64Array, e: Float64Array, n: number): void {
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iter++ === 100) throw new Error('symmetricEigenvalues: the QL iteration did not converge');
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i], b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Underflow: the matrix splits here; retry with the smaller block.
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return;
}

/** What symmetricLogSpectrum gives of a symmetric matrix's spectrum. */
export interface LogSpectrum {
  /** Σ ln λ over the positive eigenvalues. */
  logPositive: number;
  /** Number of negative eigenvalues (none is zero). */
  negative: number;
  /** The lowest eigenvalue where one is negative; NaN where none is. */
  lowest: number;
}

/**
 * Σ ln λ over the positive eigenvalues of the symmetric n×n matrix `a` (row-major, lower triangle
 * read, not changed), the number of negative ones and, with one, its value, without the
 * eigenvalues: a = L diag(d) L^T (no pivoting) has as many negative pivots d as a has negative
 * eigenvalues (Sylvester's law of inertia) and Π d = det a, so Σ ln λ₊ = Σ ln |d| − ln |λ₋| for one
 * negative λ₋. λ₋ is the lowest eigenvalue of a⁻¹ inverted (1/λ₋ is a⁻¹'s only negative one),
 * found by Lanczos on a⁻¹ through the factors. About n³/3 multiplications, a sixth of
 * symmetricEigenvalues', in WebAssembly (sim/wasm/assembly/ldlt.ts). Null where it cannot tell:
 * a pivot below 1e-10 of the largest diagonal entry (a near-singular leading block; the spectrum
 * may still be regular), more than one negative pivot, or a Lanczos that does not settle: take
 * symmetricEigenvalues then.
 */
export function symmetricLogSpectrum(a: Float64Array, n: number): LogSpectrum | null {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i]));
  const factors = ldltFactor(a, n, 1e-10 * scale);
  if (!factors) return null;
  const { L, d } = factors;
  let negative = 0, logDet = 0;
  for (let i = 0; i < n; i++) {
    if (d[i] < 0) negative++;
    logDet += Math.log(Math.abs(d[i]));
  }
  if (negative === 0) return { logPositive: logDet, negative, lowest: NaN };
  if (negative > 1) return null;
  const inverseLowest = lowestByLanczos(n, (x, y) => solveFactored(L, d, n, x, y));
  if (!(inverseLowest < 0)) return null;
  const lowest = 1 / inverseLowest;
  return { logPositive: logDet - Math.log(-lowest), negative, lowest };
}

/** y = (L diag(d) L^T)⁻¹ x: L z = x, z /= d, L^T y = z (both by rows of L). */
function solveFactored(L: Float64Array, d: Float64Array, n: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let t = x[i];
    const row = i * n;
    for (let k = 0; k < i; k++) t -= L[row + k] * y[k];
    y[i] = t;
  }
  for (let i = 0; i < n; i++) y[i] /= d[i];
  for (let k = n - 1; k > 0; k--) {
    const yk = y[k], row = k * n;
    for (let i = 0; i < k; i++) y[i] -= L[row + i] * yk;
  }
}

/**
 * The lowest eigenvalue of the symmetric operator `apply` (n-dimensional) by Lanczos with full
 * reorthogonalisation from a fixed start, once the lowest Ritz value changes by less than 1e-14 of
 * itself between steps or the Krylov space is invariant; NaN if neither within 100 steps.
 */
function lowestByLanczos(n: number, apply: (x: Float64Array, y: Float64Array) => void): number {
  const basis: Float64Array[] = [];
  const alpha: number[] = [], beta: number[] = [];
  let q = Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + 0.7));
  const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  q = q.map((x) => x / norm(q));
  let previous = NaN;
  for (let m = 0; m < Math.min(100, n); m++) {
    basis.push(q);
    const w = new Float64Array(n);
    apply(q, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += q[i] * w[i];
    alpha.push(a);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let c = 0;
        for (let i = 0; i < n; i++) c += b[i] * w[i];
        for (let i = 0; i < n; i++) w[i] -= c * b[i];
      }
    }
    const T = new Float64Array(alpha.length * alpha.length);
    alpha.forEach((x, i) => {
      T[i * alpha.length + i] = x;
      if (i > 0) T[i * alpha.length + i - 1] = T[(i - 1) * alpha.length + i] = beta[i - 1];
    });
    const lowest = symmetricEigenvalues(T, alpha.length)[0];
    const b = norm(w);
    // Settled, or the Krylov space is invariant (all of it, at the latest at m = n − 1): the Ritz value is exact.
    if (Math.abs(lowest - previous) < 1e-14 * Math.abs(lowest) || b <= 1e-14 * Math.abs(a) || m === n - 1) return lowest;
    previous = lowest;
    beta.push(b);
    q = w.map((x) => x / b);
  }
  return NaN;
}
