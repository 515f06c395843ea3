/**
 * Inversion of a measured loss spectrum E''(T) at one frequency into an apparent activation-energy
 * spectrum g(E), and the matching density of simulated event energies.
 *
 * Model (thermally activated Debye relaxators, as analysis/spectra/barriers.ts): a relaxator of
 * barrier E has τ = τ0 exp(E/kT); at ω = 2πf it loses ωτ/(1 + ω²τ²) = ½ sech(E/kT − L),
 * L = ln(1/(ωτ0)) (x = ln ωτ; 1/(e^x + e^-x) = ½ sech x). With g(E) the relaxation strength per
 * unit energy (in the units of the loss, i.e. Δ E_u per energy),
 *   E''(T) = ∫ g(E) ½ sech(E/kT − L) dE.
 *
 * Crude inversion (Hunt's narrow-kernel approximation): at fixed T the kernel is a bump in E centred
 * on E* = kT L of width ~kT (FWHM 2 arccosh(2) kT ≈ 2.63 kT, against E* ≈ 28 kT at 1 Hz), so g is
 * nearly constant across it and, with x = E/kT − L, dE = kT dx, ∫ ½ sech x dx = π/2:
 *   E''(T) ≈ g(kTL) · kT · π/2   ⇒   g(E = kTL) ≈ (2/π) E''(T) / (kT).
 * For one relaxator of strength Δ this puts the maximum of g at E = E0 (1 + 1/L²)⁻¹ (within 0.13%
 * at L = 28) and conserves ∫ g dE = Δ up to O(1/L²).
 *
 * Proper inversion: g on an energy grid E_j (trapezoid weights w_j), kernel K_ij = ½ sech(E_j/kT_i − L) w_j,
 * solved as min ||K g − E''||² + λ² ∫ (g'')² dE with g ≥ 0 (Tikhonov with a second-difference
 * operator; non-negative least squares by Lawson–Hanson on the normal equations). The problem is
 * made dimensionless first: loss y = E''/max E'', energy ε = E/kT̄ (T̄ the mean temperature),
 * u = g kT̄ / max E'' (so u ≈ (2/π) y in the crude picture); the penalty is λ² Σ_j h_j (u''_j)²
 * with u'' the second derivative in ε. λ is reported in these units (dimensionless).
 *
 * λ: generalised cross-validation (Golub, Heath & Wahba, Technometrics 21, 215 (1979)) over a
 * log scan, GCV(λ) = n ||K u − y||² / (n − tr A)², with A = K_F (K_FᵀK_F + λ² R_FF)⁻¹ K_Fᵀ the
 * influence matrix of the free (g > 0) set F of the non-negative solution (the active constraints are
 * locally fixed, so the solution is linear in y on F). The L-curve (log residual vs log penalty
 * norm) is returned too, and its corner (largest Menger curvature) is available as `lambda: 'lcurve'`.
 * GCV assumes uncorrelated noise; strongly correlated noise (a smoothed export) makes it
 * under-smooth: then give λ or use the L-curve.
 *
 * Only the part of E''(T) that comes from fixed barriers can be inverted meaningfully: below the α
 * peak of a glass (the α peak is structural relaxation, whose barriers change with T).
 * `selectForInversion` cuts the curve there, optionally after subtracting the α part of
 * analysis/spectra/decompose.ts.
 */
import { silvermanBandwidth } from '../kernel-bandwidth.js';
import { InputError } from '../../sim/errors.js';
import { decomposeSpectrum } from '../spectra/decompose.js';

export interface InversionOptions {
  /** Frequency f (1/time unit of τ0; Hz for τ0 in s). */
  frequency: number;
  tau0: number;
  /** Boltzmann constant, energy per temperature unit. */
  boltzmann: number;
  /** Energy grid (increasing, energy units). Default: the window the data resolve (see `defaultEnergyGrid`). */
  energies?: number[];
  /** Regularisation: a number (dimensionless, see above), 'auto' (= 'gcv', default) or 'lcurve'. */
  lambda?: number | 'auto' | 'gcv' | 'lcurve';
}

export interface LambdaScanPoint {
  lambda: number;
  residualNorm: number;
  penaltyNorm: number;
  gcv: number;
}

export interface Inversion {
  /** Energy grid (energy units) and the density g (loss units per energy unit), g ≥ 0. */
  E: number[];
  g: number[];
  lambda: number;
  lambdaRule: 'given' | 'gcv' | 'lcurve';
  /** The automatic rule chose the first or last λ of the scan (no interior optimum: give λ). */
  lambdaAtScanEdge: boolean;
  /** ||K g − E''|| in loss units. */
  residualNorm: number;
  /** K g on the input temperatures. */
  fitted: number[];
  /** The narrow-kernel estimate: E = kTL, g = (2/π) E''/(kT), one point per temperature. */
  crude: { E: number[]; g: number[] };
  /** L = ln(1/(2π f τ0)). */
  L: number;
  /** ∫ g dE (trapezoid): the total relaxation strength in loss units. */
  area: number;
  scan: LambdaScanPoint[];
}

export function logFactor(frequency: number, tau0: number): number {
  return Math.log(1 / (2 * Math.PI * frequency * tau0));
}

/** ωτ/(1 + ω²τ²) at fixed T as a function of E: ½ sech(E/kT − L). */
export function debyeKernel(E: number, kT: number, L: number): number {
  const x = E / kT - L;
  const a = Math.exp(-Math.abs(x));
  return a / (1 + a * a);
}

/** The forward model on a grid: E''(T_i) = Σ_j ½ sech(E_j/kT_i − L) g_j w_j (trapezoid weights). */
export function forwardLoss(T: number[], E: number[], g: number[], o: { frequency: number; tau0: number; boltzmann: number }): number[] {
  const L = logFactor(o.frequency, o.tau0);
  const w = trapezoidWeights(E);
  return T.map((t) => E.reduce((acc, e, j) => acc + debyeKernel(e, o.boltzmann * t, L) * g[j] * w[j], 0));
}

/** Crude inversion: each T maps to E = kTL with g = (2/π) E''/(kT) (see the header). */
export function crudeInversion(T: number[], loss: number[], o: { frequency: number; tau0: number; boltzmann: number }): { E: number[]; g: number[] } {
  const L = logFactor(o.frequency, o.tau0);
  const idx = T.map((_, i) => i).sort((a, b) => T[a] - T[b]);
  return { E: idx.map((i) => o.boltzmann * T[i] * L), g: idx.map((i) => (2 / Math.PI) * loss[i] / (o.boltzmann * T[i])) };
}

/**
 * Grid the data can resolve: from kT_min (L − 6) to kT_max (L + 6) (the kernel at 6 kT from its
 * centre is sech 6 ≈ 0.5% of its peak), uniform, `points` points. Outside it g is not determined.
 */
export function defaultEnergyGrid(T: number[], L: number, boltzmann: number, points = 150): number[] {
  const lo = boltzmann * Math.min(...T) * Math.max(L - 6, 0.5 * L);
  const hi = boltzmann * Math.max(...T) * (L + 6);
  return Array.from({ length: points }, (_, j) => lo + ((hi - lo) * j) / (points - 1));
}

function trapezoidWeights(E: number[]): number[] {
  const p = E.length;
  if (p === 1) return [1];
  return E.map((_, j) => ((j + 1 < p ? E[j + 1] : E[j]) - (j > 0 ? E[j - 1] : E[j])) / 2);
}

/**
 * R = Σ_j h_j d_j d_jᵀ where d_j · u is the second derivative at interior grid point j
 * (non-uniform three-point formula) and h_j = (h₋ + h₊)/2: R approximates ∫ (u'')² dε.
 */
function secondDerivativePenalty(x: number[]): Float64Array[] {
  const p = x.length;
  const R = Array.from({ length: p }, () => new Float64Array(p));
  for (let j = 1; j < p - 1; j++) {
    const hm = x[j] - x[j - 1];
    const hp = x[j + 1] - x[j];
    const s = 2 / (hm + hp);
    const d = [s / hm, -s * (1 / hm + 1 / hp), s / hp];
    const wt = (hm + hp) / 2;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) R[j - 1 + a][j - 1 + b] += wt * d[a] * d[b];
  }
  return R;
}

/** Cholesky factor of H[P][P] (row-major lower triangle); null when not positive definite. */
function choleskySubset(H: Float64Array[], P: number[]): Float64Array | null {
  const m = P.length;
  const Lw = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const Hi = H[P[i]];
    for (let j = 0; j <= i; j++) {
      let s = Hi[P[j]];
      for (let k = 0; k < j; k++) s -= Lw[i * m + k] * Lw[j * m + k];
      if (i === j) {
        if (!(s > 0)) return null;
        Lw[i * m + i] = Math.sqrt(s);
      } else Lw[i * m + j] = s / Lw[j * m + j];
    }
  }
  return Lw;
}

/** Solves (L Lᵀ) s = rhs[P] with the factor of choleskySubset. */
function choleskySolve(Lw: Float64Array, rhs: ArrayLike<number>, P: number[]): Float64Array {
  const m = P.length;
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = rhs[P[i]];
    for (let k = 0; k < i; k++) s -= Lw[i * m + k] * y[k];
    y[i] = s / Lw[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < m; k++) s -= Lw[k * m + i] * y[k];
    y[i] = s / Lw[i * m + i];
  }
  return y;
}

/**
 * Lawson–Hanson non-negative least squares on the normal equations (Bro & De Jong's form):
 * minimises ½ uᵀHu − cᵀu subject to u ≥ 0, H symmetric positive definite. `start` is a free set to
 * begin from (warm start along a λ scan).
 */
export function nnlsNormal(H: Float64Array[], c: Float64Array, start: boolean[] = []): Float64Array {
  const p = c.length;
  const free = Array.from({ length: p }, (_, j) => !!start[j]);
  let x: Float64Array = new Float64Array(p);
  const scale = Math.max(...Array.from(c, Math.abs), 1e-300);
  const tol = 1e-12 * scale * p;
  const solveFree = (): Float64Array => {
    const P = free.flatMap((f, j) => (f ? [j] : []));
    const s = new Float64Array(p);
    if (P.length === 0) return s;
    const f = choleskySubset(H, P);
    if (!f) throw new Error('nnls: singular free-set system');
    const sol = choleskySolve(f, c, P);
    P.forEach((j, k) => (s[j] = sol[k]));
    return s;
  };
  // Lawson–Hanson's inner loop: step from x toward the free-set solution s, dropping variables
  // that reach 0, until s is positive on the free set.
  const inner = (s: Float64Array): Float64Array => {
    for (let guard = 0; guard <= p; guard++) {
      let alpha = Infinity;
      for (let j = 0; j < p; j++) if (free[j] && s[j] <= 0) alpha = Math.min(alpha, x[j] / (x[j] - s[j]));
      if (alpha === Infinity) return s;
      for (let j = 0; j < p; j++) {
        x[j] += alpha * (s[j] - x[j]);
        if (free[j] && x[j] <= 1e-14 * scale) {
          free[j] = false;
          x[j] = 0;
        }
      }
      s = solveFree();
    }
    return s;
  };
  // Warm start: drop free variables that come out ≤ 0 until the free-set solution is positive.
  while (free.some(Boolean)) {
    const s = solveFree();
    let dropped = false;
    for (let j = 0; j < p; j++) if (free[j] && !(s[j] > 0)) [free[j], dropped] = [false, true];
    if (!dropped) {
      x = s;
      break;
    }
  }
  for (let iter = 0; iter < 3 * p; iter++) {
    let best = -1;
    let wBest = tol;
    for (let j = 0; j < p; j++) {
      if (free[j]) continue;
      let w = c[j];
      const Hj = H[j];
      for (let k = 0; k < p; k++) w -= Hj[k] * x[k];
      if (w > wBest) {
        wBest = w;
        best = j;
      }
    }
    if (best < 0) break;
    free[best] = true;
    x = inner(solveFree());
  }
  return x;
}

interface Prepared {
  K: Float64Array[]; // n × p, dimensionless
  y: Float64Array;
  G: Float64Array[]; // KᵀK
  c: Float64Array; // Kᵀy
  R: Float64Array[];
  ridge: number;
}

interface Solved {
  lambda: number;
  u: Float64Array;
  residualNorm: number;
  penaltyNorm: number;
  gcv: number;
}

function solveAt(pr: Prepared, lambda: number, start: boolean[]): Solved {
  const p = pr.c.length;
  const n = pr.y.length;
  const l2 = lambda * lambda;
  const H = pr.G.map((row, i) => row.map((v, j) => v + l2 * pr.R[i][j] + (i === j ? pr.ridge : 0)));
  const u = nnlsNormal(H, pr.c, start);
  let rr = 0;
  for (let i = 0; i < n; i++) {
    let s = -pr.y[i];
    const Ki = pr.K[i];
    for (let j = 0; j < p; j++) s += Ki[j] * u[j];
    rr += s * s;
  }
  let pen = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) pen += u[i] * pr.R[i][j] * u[j];
  // tr A = tr(H_FF⁻¹ G_FF) on the free set.
  const F = Array.from(u, (v, j) => (v > 0 ? j : -1)).filter((j) => j >= 0);
  let trace = 0;
  const factor = F.length ? choleskySubset(H, F) : null;
  if (factor) F.forEach((col, k) => (trace += choleskySolve(factor, pr.G[col], F)[k]));
  const gcv = (n * rr) / Math.max(n - trace, 1e-9) ** 2;
  return { lambda, u, residualNorm: Math.sqrt(rr), penaltyNorm: Math.sqrt(Math.max(pen, 0)), gcv };
}

/** Corner of the L-curve: largest Menger curvature of consecutive (log ρ, log η) triples. */
function lCurveCorner(scan: Solved[]): number {
  let best = Math.floor(scan.length / 2);
  let kBest = -Infinity;
  for (let i = 1; i < scan.length - 1; i++) {
    const pts = [scan[i - 1], scan[i], scan[i + 1]].map((s) => [Math.log(s.residualNorm), Math.log(Math.max(s.penaltyNorm, 1e-300))]);
    const [a, b, c] = pts;
    const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    const d = Math.hypot(b[0] - a[0], b[1] - a[1]) * Math.hypot(c[0] - b[0], c[1] - b[1]) * Math.hypot(c[0] - a[0], c[1] - a[1]);
    // The corner bends toward the origin: with λ increasing (ρ up, η down) that is a positive turn.
    const k = d > 0 ? (2 * cross) / d : 0;
    if (k > kBest) {
      kBest = k;
      best = i;
    }
  }
  return best;
}

export function invertLossSpectrum(T: number[], loss: number[], o: InversionOptions): Inversion {
  const n = T.length;
  if (n < 3 || loss.length !== n) throw new InputError(`the inversion needs at least 3 (T, E'') points, got ${n}`);
  if (T.some((t) => !(t > 0)) || loss.some((v) => !Number.isFinite(v))) throw new InputError('the inversion needs temperatures > 0 and finite loss values');
  if (!(o.frequency > 0) || !(o.tau0 > 0) || !(o.boltzmann > 0)) throw new InputError('the inversion needs frequency, tau0 and boltzmann > 0');
  const L = logFactor(o.frequency, o.tau0);
  if (!(L > 1)) throw new InputError(`ln(1/(2π f τ0)) = ${L.toPrecision(3)}: f τ0 must be ≪ 1 for thermally activated relaxations`);
  const E = o.energies ?? defaultEnergyGrid(T, L, o.boltzmann);
  if (E.length < 5 || E.some((e, j) => !(e > 0) || (j > 0 && !(e > E[j - 1])))) throw new InputError('the energy grid must hold at least 5 increasing positive energies');
  const yMax = Math.max(...loss);
  if (!(yMax > 0)) throw new InputError('the loss to invert has no positive value');
  const p = E.length;
  const kTbar = (o.boltzmann * T.reduce((a, t) => a + t, 0)) / n;
  const eps = E.map((e) => e / kTbar);
  const w = trapezoidWeights(eps);
  const K = T.map((t) => Float64Array.from(E, (e, j) => debyeKernel(e, o.boltzmann * t, L) * w[j]));
  const y = Float64Array.from(loss, (v) => v / yMax);
  const G = Array.from({ length: p }, () => new Float64Array(p));
  const c = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const Ki = K[i];
    for (let a = 0; a < p; a++) {
      const ka = Ki[a];
      if (ka === 0) continue;
      c[a] += ka * y[i];
      const Ga = G[a];
      for (let b = 0; b < p; b++) Ga[b] += ka * Ki[b];
    }
  }
  const R = secondDerivativePenalty(eps);
  const trG = G.reduce((a, row, i) => a + row[i], 0);
  const pr: Prepared = { K, y, G, c, R, ridge: 1e-12 * (trG / p) };

  const scan: Solved[] = [];
  let chosen: Solved;
  let rule: Inversion['lambdaRule'];
  let edge = false;
  if (typeof o.lambda === 'number') {
    if (!(o.lambda >= 0)) throw new InputError(`lambda must be ≥ 0, got ${o.lambda}`);
    chosen = solveAt(pr, o.lambda, []);
    scan.push(chosen);
    rule = 'given';
  } else {
    // λ from 1e-4 to 1e2, 4 per decade, each warm-started from the previous free set.
    let start: boolean[] = [];
    for (let k = 0; k <= 24; k++) {
      const s = solveAt(pr, 10 ** (-4 + k / 4), start);
      start = Array.from(s.u, (v) => v > 0);
      scan.push(s);
    }
    rule = o.lambda === 'lcurve' ? 'lcurve' : 'gcv';
    chosen = rule === 'lcurve' ? scan[lCurveCorner(scan)] : scan.reduce((a, s) => (s.gcv < a.gcv ? s : a));
    edge = chosen === scan[0] || chosen === scan[scan.length - 1];
  }
  const g = Array.from(chosen.u, (v) => (v * yMax) / kTbar);
  const fitted = K.map((Ki) => Ki.reduce((acc, v, j) => acc + v * chosen.u[j], 0) * yMax);
  const wE = trapezoidWeights(E);
  return {
    E: [...E], g, lambda: chosen.lambda, lambdaRule: rule, lambdaAtScanEdge: edge, residualNorm: chosen.residualNorm * yMax, fitted,
    crude: crudeInversion(T, loss, o), L, area: g.reduce((a, v, j) => a + v * wE[j], 0),
    scan: scan.map((s) => ({ lambda: s.lambda, residualNorm: s.residualNorm * yMax, penaltyNorm: s.penaltyNorm, gcv: s.gcv })),
  };
}

export type InversionRange = 'below-alpha' | 'all';

/**
 * The part of E''(T) to invert: 'all', or 'below-alpha' (T < T_α-peak, the α peak from
 * decomposeSpectrum), optionally minus the decomposition's α part (negative remainders set to 0).
 */
export function selectForInversion(
  T: number[], loss: number[], o: { range: InversionRange; subtractAlpha?: boolean; alphaShape?: number[] },
): { T: number[]; loss: number[]; alphaPeakT: number | null; subtracted: boolean } {
  const idx = T.map((_, i) => i).sort((a, b) => T[a] - T[b]);
  if (o.range === 'all' && !o.subtractAlpha) return { T: idx.map((i) => T[i]), loss: idx.map((i) => loss[i]), alphaPeakT: null, subtracted: false };
  const d = decomposeSpectrum(T, loss, { alphaShape: o.alphaShape });
  const keep = idx.filter((i) => o.range === 'all' || T[i] < d.alphaPeakT);
  const value = (i: number) => (o.subtractAlpha ? Math.max(0, loss[i] - d.alpha[i]) : loss[i]);
  return { T: keep.map((i) => T[i]), loss: keep.map(value), alphaPeakT: d.alphaPeakT, subtracted: !!o.subtractAlpha };
}

/**
 * Density of simulated event energies weighted by each event's relaxation strength: a Gaussian
 * kernel density Σ_i w_i N(x; E_i, h) on `grid` (same units as the energies; ∫ = Σ w_i).
 * bandwidth h default: Silverman's rule with the weights (analysis/kernel-bandwidth.ts).
 */
export function activationDensity(energies: number[], weights: number[] | undefined, grid: number[], bandwidth?: number): { density: number[]; bandwidth: number } {
  const n = energies.length;
  if (n === 0) throw new InputError('activation spectrum: no event energies');
  const w = weights ?? new Array<number>(n).fill(1);
  if (w.length !== n) throw new InputError(`activation spectrum: ${n} energies but ${w.length} weights`);
  const W = w.reduce((a, v) => a + v, 0);
  if (!(W > 0) || w.some((v) => !(v >= 0))) throw new InputError('activation spectrum: weights must be ≥ 0 with a positive sum');
  // All energies equal: a width of 1 % of their value.
  const h = bandwidth ?? silvermanBandwidth(energies, w) ?? Math.max(Math.abs(energies[0]) * 0.01, 1e-12);
  if (!(h > 0)) throw new InputError(`activation spectrum: bandwidth must be > 0, got ${h}`);
  const norm = 1 / (h * Math.sqrt(2 * Math.PI));
  const density = grid.map((x) => energies.reduce((a, e, i) => a + w[i] * Math.exp(-0.5 * ((x - e) / h) ** 2), 0) * norm);
  return { density, bandwidth: h };
}
