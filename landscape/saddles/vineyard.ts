/**
 * Harmonic transition-state theory attempt frequencies of an activation event (Vineyard, J. Phys.
 * Chem. Solids 3, 121 (1957)), computed on the event's local region.
 *
 * With λ_i the eigenvalues of the mass-weighted Hessian D = M^{-1/2} H M^{-1/2} (ω_i^2, in
 * 1/time^2 once multiplied by `units.ftm2v`) and ν_i = ω_i / 2π the normal-mode frequencies, the
 * rate of escape from minimum A over the first-order saddle S is ν* exp(-ΔE / k_B T) with
 *
 *   ν*_A = Π_{i=1}^{3n} ν_i^A / Π_{i=1}^{3n-1} ν_i^S  =  (1/2π) exp(½ [Σ_i ln λ_i^A - Σ_{λ^S > 0} ln λ_i^S])
 *
 * (Vineyard eq. 25; the unstable mode of S is left out; 3n factors 1/2π above, 3n - 1 below).
 * Sums of logarithms, because the products over hundreds of modes overflow; taken from the LDLᵀ
 * factors of D where they tell (modeSums), else from every eigenvalue. H is the potential's
 * analytic region Hessian where it has one (lj/cut, EAM), else finite differences of forces.
 *
 * Local region: only the coordinates of the region's atoms are free, all others are held where
 * they are in each configuration. The Hessian is then the principal submatrix of the full one, so
 * by Cauchy interlacing the saddle's lowest eigenvalue on a region lies at or above the whole
 * system's and falls towards it as the region grows; a region that misses much of the unstable
 * mode has no negative eigenvalue at all (`negativeModes` 0). ν* out of a minimum converges with
 * the region when that minimum and the saddle agree away from the event, so that the distant modes
 * cancel; a minimum reached after a large relaxation differs elastically far out, and in a small
 * periodic box its ν* keeps changing up to the whole box (test/vineyard.test.ts measures both).
 * `eventRegion` picks the atoms within a radius of those that move between the two minima.
 *
 * If the region is every atom of the periodic box, the three uniform translations are zero modes
 * at every configuration (the forces depend only on differences); they are projected out of D and
 * left out of both products (they cancel in Vineyard's ratio), and `zeroModes` says so
 * (`VineyardOptions.translationalZeroModes` overrides the choice).
 */
import { symmetricEigenvalues, symmetricLogSpectrum } from '../../sim/linalg.js';
import { minimumImageDisplacement, type Box } from '../../sim/box.js';
import type { Units } from '../../sim/units.js';
import type { EnergySurface } from '../energy-surface.js';
import { atomsNear } from './adjacency.js';

/**
 * Default finite-difference step (length). The central difference of forces has truncation error
 * ~ h² F'''/6 (relative ~ (h/r)² at neighbour distances r ~ 1 σ or a few Å) and round-off
 * ~ ε|F|/h (relative ~ 1e-16 · 1e2 / 1e-6 ~ 1e-8 of a curvature): both negligible at h = 1e-6
 * (2e-10 relative on the LJ trimer of the tests). What decides is the truncated potential: `lj/cut`
 * forces jump at the cut-off (by about 0.04 ε/σ for KA), and a pair within h of it puts a spurious
 * ~0.04/h into a column. At h = 1e-4 that spoiled 2 of 6 events in a 1000-atom KA glass (minima
 * with eigenvalues of −100 to −400); at 1e-6 it is a hundred times rarer.
 */
export const DEFAULT_HESSIAN_STEP = 1e-6;

/**
 * The 3n×3n Hessian (row-major; n = atoms.length, row/column 3k + a is coordinate a of atoms[k])
 * of the energy with respect to the coordinates of `atoms` only, all other atoms held fixed:
 * H_ij = -(F_i(X + h e_j) - F_i(X - h e_j)) / 2h, then symmetrised ((H + H^T) / 2).
 * Costs 2·3n force evaluations of the whole system; X (unwrapped 3N coordinates) is restored. A
 * potential with an analytic region Hessian (Potential.regionHessian: lj/cut, EAM) gives it
 * instead, without force evaluations and without the finite-difference error.
 */
export function localHessian(surface: EnergySurface, X: Float64Array, atoms: number[], h: number = DEFAULT_HESSIAN_STEP): Float64Array {
  checkRegion(surface.n, atoms);
  if (!(h > 0)) throw new Error(`localHessian: the finite-difference step must be > 0 (got ${h})`);
  const analytic = surface.regionHessian(X, atoms);
  if (analytic) return analytic;
  const dim = 3 * atoms.length;
  const H = new Float64Array(dim * dim);
  const fp = new Float64Array(X.length), fm = new Float64Array(X.length);
  for (let col = 0; col < dim; col++) {
    const k = 3 * atoms[col / 3 | 0] + (col % 3);
    const x0 = X[k];
    try {
      X[k] = x0 + h;
      surface.forces(X, fp);
      X[k] = x0 - h;
      surface.forces(X, fm);
    } finally {
      X[k] = x0;
    }
    hessianColumn(H, dim, col, atoms, fp, fm, h);
  }
  symmetrise(H, dim);
  return H;
}

function hessianColumn(H: Float64Array, dim: number, col: number, atoms: number[], fp: Float64Array, fm: Float64Array, h: number): void {
  const inv = -1 / (2 * h);
  for (let r = 0; r < atoms.length; r++) {
    const k = 3 * atoms[r];
    H[(3 * r) * dim + col] = (fp[k] - fm[k]) * inv;
    H[(3 * r + 1) * dim + col] = (fp[k + 1] - fm[k + 1]) * inv;
    H[(3 * r + 2) * dim + col] = (fp[k + 2] - fm[k + 2]) * inv;
  }
  return;
}

function symmetrise(H: Float64Array, dim: number): void {
  for (let i = 0; i < dim; i++) {
    for (let j = i + 1; j < dim; j++) {
      const s = 0.5 * (H[i * dim + j] + H[j * dim + i]);
      H[i * dim + j] = s;
      H[j * dim + i] = s;
    }
  }
  return;
}

function checkRegion(n: number, atoms: number[]): void {
  if (atoms.length === 0) throw new Error('the region has no atoms');
  const seen = new Set<number>();
  for (const i of atoms) {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`region atom ${i} is not an atom index (0..${n - 1})`);
    if (seen.has(i)) throw new Error(`region atom ${i} is listed twice`);
    seen.add(i);
  }
}

/** D = M^{-1/2} H M^{-1/2} in place (masses of the region's atoms, per coordinate). */
export function massWeight(H: Float64Array, masses: ArrayLike<number>): Float64Array {
  const dim = 3 * masses.length;
  const s = new Float64Array(dim);
  for (let c = 0; c < dim; c++) s[c] = 1 / Math.sqrt(masses[c / 3 | 0]);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) H[i * dim + j] *= s[i] * s[j];
  return H;
}

/** The mass of each region atom, `state.mass[state.type[i]]`. */
export function regionMasses(surface: EnergySurface, atoms: number[]): Float64Array {
  const { mass, type } = surface.state;
  return Float64Array.from(atoms, (i) => mass[type[i]]);
}

/**
 * Projects the three mass-weighted uniform translations t_a (component sqrt(m_k) along axis a for
 * every atom k, normalised) out of D: D ← P D P with P = I - Σ_a t_a t_a^T. They become exact zero
 * eigenvalues (they are zero modes of a periodic system up to finite-difference noise).
 */
function projectTranslations(D: Float64Array, masses: Float64Array): void {
  const dim = 3 * masses.length;
  let total = 0;
  for (const m of masses) total += m;
  const t = new Float64Array(masses.length);
  for (let k = 0; k < masses.length; k++) t[k] = Math.sqrt(masses[k] / total);
  // Two passes: D P (columns), then P (D P) (rows); for a: (D t_a) and t_a (t_a^T D).
  const u = new Float64Array(dim);
  for (let a = 0; a < 3; a++) {
    // Right: D ← D - (D t_a) t_a^T.
    for (let i = 0; i < dim; i++) {
      let s = 0;
      for (let k = 0; k < masses.length; k++) s += D[i * dim + 3 * k + a] * t[k];
      u[i] = s;
    }
    for (let i = 0; i < dim; i++) for (let k = 0; k < masses.length; k++) D[i * dim + 3 * k + a] -= u[i] * t[k];
    // Left: D ← D - t_a (t_a^T D).
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let k = 0; k < masses.length; k++) s += D[(3 * k + a) * dim + j] * t[k];
      u[j] = s;
    }
    for (let k = 0; k < masses.length; k++) for (let j = 0; j < dim; j++) D[(3 * k + a) * dim + j] -= t[k] * u[j];
  }
}

/**
 * Squared normal-mode angular frequencies ω^2 (1/time^2), ascending, of the region `atoms` at X:
 * eigenvalues of M^{-1/2} H M^{-1/2} times `units.ftm2v` (1 in lj units; in metal units it turns
 * eV/Å^2/(g/mol) into ps^-2). With `translationalZeroModes` (default: the region is every atom of
 * the box) the three translations are projected out and removed: 3n - 3 values.
 */
export function normalModes(surface: EnergySurface, units: Units, X: Float64Array, atoms: number[], options: VineyardOptions = {}): Float64Array {
  const masses = regionMasses(surface, atoms);
  const D = massWeight(localHessian(surface, X, atoms, options.h ?? DEFAULT_HESSIAN_STEP), masses);
  const dim = 3 * atoms.length;
  const zero = options.translationalZeroModes ?? atoms.length === surface.n;
  if (zero) projectTranslations(D, masses);
  let ev = symmetricEigenvalues(D, dim);
  if (zero) ev = dropNearestZero(ev, 3);
  for (let i = 0; i < ev.length; i++) ev[i] *= units.ftm2v;
  return ev;
}

/** What Vineyard's formula needs of a configuration's normal modes (ω² in 1/time²). */
export interface ModeSums {
  /** Σ ln ω² over the positive ω². */
  logPositive: number;
  /** Modes with ω² < 0, and with ω² <= 0. */
  negative: number;
  nonPositive: number;
  /** The lowest ω² (NaN where it is positive and the sums came from the factors, which do not give it). */
  lowest: number;
  /** Modes counted (3n, less the zero modes removed). */
  count: number;
}

/**
 * The sums of `normalModes` without the modes where the region has held atoms (no zero modes):
 * from the factors of D (symmetricLogSpectrum, a sixth of the work), or from every eigenvalue
 * where those cannot tell. The two agree to about 1e-12 of ν* (test/vineyard.test.ts).
 */
export function modeSums(surface: EnergySurface, units: Units, X: Float64Array, atoms: number[], options: VineyardOptions = {}): ModeSums {
  const zero = options.translationalZeroModes ?? atoms.length === surface.n;
  if (!zero) {
    const dim = 3 * atoms.length;
    const D = massWeight(localHessian(surface, X, atoms, options.h ?? DEFAULT_HESSIAN_STEP), regionMasses(surface, atoms));
    const f = symmetricLogSpectrum(D, dim);
    if (f) {
      const positive = dim - f.negative;
      return { logPositive: f.logPositive + positive * Math.log(units.ftm2v), negative: f.negative, nonPositive: f.negative, lowest: f.lowest * units.ftm2v, count: dim };
    }
    return sumsOf(symmetricEigenvalues(D, dim).map((v) => v * units.ftm2v));
  }
  return sumsOf(normalModes(surface, units, X, atoms, options));
}

function sumsOf(ev: Float64Array): ModeSums {
  let logPositive = 0, negative = 0, nonPositive = 0;
  for (const v of ev) {
    if (v > 0) logPositive += Math.log(v);
    else nonPositive++;
    if (v < 0) negative++;
  }
  return { logPositive, negative, nonPositive, lowest: ev[0], count: ev.length };
}

/** `ev` (ascending) without the `count` values of smallest magnitude, still ascending. */
function dropNearestZero(ev: Float64Array, count: number): Float64Array {
  const order = Array.from(ev.keys()).sort((i, j) => Math.abs(ev[i]) - Math.abs(ev[j]));
  const drop = new Set(order.slice(0, count));
  return ev.filter((_, i) => !drop.has(i));
}

export interface VineyardOptions {
  /** Finite-difference step of the Hessian (length); DEFAULT_HESSIAN_STEP. */
  h?: number;
  /**
   * Whether the three uniform translations are zero modes to project out and leave out of the
   * products. Default: when the region is every atom (a periodic system with a translation-invariant
   * potential); a region with atoms held fixed has none. Say false for a potential that pins atoms.
   */
  translationalZeroModes?: boolean;
}

export interface VineyardResult {
  /** ν* out of minimum A over the saddle, and out of B (1/time: 1/τ in lj units, 1/ps in metal). NaN where undefined, see below. */
  nuForward: number;
  nuBackward: number;
  /** Eigenvalues < 0 of the saddle's region Hessian: Vineyard's formula needs exactly 1. */
  negativeModes: number;
  /** The saddle's lowest ω^2 (1/time^2): that of the unstable mode when negativeModes is 1 (NaN where none is negative and the sums came from the factors). */
  lowestSaddle: number;
  /** Eigenvalues <= 0 at minimum A plus those at minimum B: 0 for two true minima. */
  unstableAtMinimum: number;
  /** The same, per minimum. */
  unstableAtA: number;
  unstableAtB: number;
  /** Zero modes removed from each configuration: 3 (translations, see VineyardOptions), else 0. */
  zeroModes: number;
  /** Force evaluations spent: 3 configurations × 2 · 3n (0 where the potential's region Hessian is analytic). */
  forceEvaluations: number;
}

/**
 * Vineyard attempt frequencies of the event A ⇄ saddle ⇄ B on the region `atoms` (the same index
 * set at all three configurations; unwrapped 3N coordinates as `EnergySurface` takes them).
 *
 * The counts are returned rather than thrown: a saddle with no negative mode on a region that is
 * too small, or with two, and a "minimum" with a soft or unstable mode, are findings about the
 * event or the region that the caller may want to record (or retry with a larger region). ν*
 * out of a minimum is NaN unless the saddle has exactly one negative mode and that minimum none
 * that is <= 0; `unstableAtA`/`unstableAtB` and `negativeModes` say which condition failed.
 */
export function vineyardPrefactors(
  surface: EnergySurface,
  units: Units,
  minimumA: Float64Array,
  /** null: only ν* out of A (one Hessian fewer). */
  minimumB: Float64Array | null,
  saddle: Float64Array,
  atoms: number[],
  options: VineyardOptions = {},
): VineyardResult {
  const evaluations0 = surface.evaluations;
  const a = modeSums(surface, units, minimumA, atoms, options);
  const s = modeSums(surface, units, saddle, atoms, options);
  const b = minimumB ? modeSums(surface, units, minimumB, atoms, options) : null;
  // Exactly one mode below zero, and none at zero: the unstable mode is left out of the product.
  const saddleOk = s.negative === 1 && s.nonPositive === 1;
  const nu = (m: ModeSums): number => (saddleOk && m.nonPositive === 0 ? Math.exp(0.5 * (m.logPositive - s.logPositive)) / (2 * Math.PI) : NaN);
  return {
    nuForward: nu(a),
    nuBackward: b ? nu(b) : NaN,
    negativeModes: s.negative,
    lowestSaddle: s.lowest,
    unstableAtMinimum: a.nonPositive + (b?.nonPositive ?? 0),
    unstableAtA: a.nonPositive,
    unstableAtB: b?.nonPositive ?? 0,
    zeroModes: 3 * atoms.length - s.count,
    forceEvaluations: surface.evaluations - evaluations0,
  };
}

/**
 * The event's local region: indices (ascending) of the atoms within `radius` (minimum image, at
 * the positions xA) of any atom that moves by more than `moveThreshold` between the minima xA and
 * xB. Empty when no atom moves that far.
 */
export function eventRegion(box: Box, xA: Float64Array, xB: Float64Array, moveThreshold: number, radius: number): number[] {
  const d = minimumImageDisplacement(box, xA, xB);
  const movers: number[] = [];
  const t2 = moveThreshold * moveThreshold;
  for (let i = 0; i < d.length / 3; i++) {
    if (d[3 * i] ** 2 + d[3 * i + 1] ** 2 + d[3 * i + 2] ** 2 > t2) movers.push(i);
  }
  return movers.length === 0 ? [] : atomsNear(box, xA, movers, radius);
}

/**
 * The Einstein frequency of a configuration, ν_E = √⟨ω²⟩ / 2π with ⟨ω²⟩ = tr(D)/3n the mean
 * squared normal-mode frequency (the trace does not depend on the basis), sampled on the atoms
 * within `radius` of a few atoms spread over the box (the rest held fixed, so the trace is exact
 * for those atoms). The glass's own vibrational scale: the attempt frequency of events that have
 * none of their own (about 3× the Vineyard ν0 of the test event in docs/spectra.md).
 */
export function einsteinFrequency(surface: EnergySurface, units: Units, X: Float64Array, radius: number, centres = 4): number {
  let sum = 0, count = 0;
  for (let c = 0; c < centres; c++) {
    const atom = Math.floor((c * surface.n) / centres);
    const region = atomsNear(surface.box, X, [atom], radius);
    const D = massWeight(localHessian(surface, X, region), regionMasses(surface, region));
    const dim = 3 * region.length;
    for (let i = 0; i < dim; i++) sum += D[i * dim + i];
    count += dim;
  }
  return Math.sqrt((sum / count) * units.ftm2v) / (2 * Math.PI);
}
