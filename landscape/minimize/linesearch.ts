/**
 * Line searches along frame.h from the current positions. Both end with the atoms at the accepted
 * point and the forces evaluated there; on failure they go back to the start (one more
 * evaluation) so that positions, forces and energy always belong together.
 *
 * Near a minimum at tight force tolerances the energy change of a step (~|F|^2 / k) is far below
 * the rounding noise of a total energy, so both searches judge small steps by the directional
 * derivative phi'(alpha) = -F(alpha)·h, which stays accurate, rather than by the energy.
 */
import type { EnergySurface } from '../energy-surface.js';
import { anchor, energyAt, type LineFrame } from './line-frame.js';
import { dot, maxAbs } from '../vec.js';

export type LineSearchStatus = 'ok' | 'not-downhill' | 'zero-direction' | 'failed';

export interface LineSearchResult {
  status: LineSearchStatus;
  alpha: number;
  energy: number;
}

// Constants of LAMMPS MinLineSearch::linemin_quadratic.
const ALPHA_MAX = 1.0;
const ALPHA_REDUCE = 0.5;
const BACKTRACK_SLOPE = 0.4;
const QUADRATIC_TOL = 0.1;
const EMACH = 1.0e-8;
const EPS_QUAD = 1.0e-28;

/**
 * Backtracking with a quadratic (secant) projection, the algorithm of LAMMPS `min_modify line
 * quadratic` (after Dennis & Schnabel). From alpha = min(1, dmax / max|h_k|) it halves alpha until
 * the energy has dropped by 0.4 alpha F·h (Armijo); at every trial where the energy change agrees
 * with a quadratic model of the derivatives, E(alpha) ~ E(alpha') - (alpha - alpha')(phi' + phi'_prev)/2
 * within 10 % of |E|, it first tries the secant root of phi'(alpha), accepted when the energy
 * has not risen by more than EMACH = 1e-8 (energy units, total energy). This is what converges the
 * forces far below the energy's rounding noise.
 */
export function lineMinQuadratic(surface: EnergySurface, frame: LineFrame, e0: number, dmax: number): LineSearchResult {
  const { state } = surface;
  const h = frame.h;
  const fh0 = dot(state.f, h);
  if (!(fh0 > 0)) return { status: 'not-downhill', alpha: 0, energy: e0 };
  const hmax = maxAbs(h);
  if (hmax === 0) return { status: 'zero-direction', alpha: 0, energy: e0 };
  const alphaMax = Math.min(ALPHA_MAX, dmax / hmax);
  anchor(frame, state);

  let alpha = alphaMax;
  let alphaPrev = 0, fhPrev = fh0, ePrev = e0;
  for (;;) {
    const e = energyAt(surface, frame, alpha);
    const fh = dot(state.f, h);
    const dfh = fh - fhPrev;
    if (Math.abs(fh) < EPS_QUAD || Math.abs(dfh) < EPS_QUAD) return giveUp(surface, frame);

    // Quadratic model check, then the secant step to phi' = 0.
    const relErr = Math.abs(ePrev - 0.5 * (alpha - alphaPrev) * (fh + fhPrev) - e) / Math.abs(ePrev);
    const alphaSecant = alpha - ((alpha - alphaPrev) * fh) / dfh;
    let projected = false;
    if (relErr <= QUADRATIC_TOL && alphaSecant > 0 && alphaSecant < alphaMax) {
      const eSecant = energyAt(surface, frame, alphaSecant);
      if (eSecant - e0 < EMACH) return { status: 'ok', alpha: alphaSecant, energy: eSecant };
      projected = true;
    }

    // Sufficient decrease at alpha itself (not retested when the secant point was tried and
    // rejected: the atoms are there now, and LAMMPS does not accept alpha in that case either).
    const deIdeal = -BACKTRACK_SLOPE * alpha * fh0;
    if (!projected && e - e0 <= deIdeal) return { status: 'ok', alpha, energy: e };

    fhPrev = fh;
    ePrev = e;
    alphaPrev = alpha;
    alpha *= ALPHA_REDUCE;
    if (alpha <= 0 || deIdeal >= -EMACH) return giveUp(surface, frame);
  }
}

// Parameters of the derivative-aware backtracking search for L-BFGS.
const ARMIJO_C1 = 1e-4;
/** Approximate-Wolfe parameter delta (Hager & Zhang): accept phi'(alpha) <= (1 - 2 delta) |phi'(0)|. */
const HZ_DELTA = 0.1;
/** Relative size of energy changes treated as rounding noise. */
const ENERGY_NOISE = 1e-11;
const MAX_TRIALS = 30;

/**
 * Backtracking from alpha0 (the caller caps it): accepts the first alpha with sufficient decrease,
 * phi(alpha) <= phi(0) + c1 alpha phi'(0) (Armijo, Nocedal & Wright ch. 3). When |phi(alpha) - phi(0)|
 * is within rounding noise it uses the approximate Wolfe condition of Hager & Zhang (SIAM J. Optim.
 * 16, 170 (2005)) instead, phi'(alpha) <= (1 - 2 delta) |phi'(0)|, which is the Armijo condition of
 * the quadratic model written with derivatives only. A rejected step is shortened to the minimizer
 * of the cubic through phi(0), phi'(0), phi(alpha), phi'(alpha) (the secant root of phi' in the
 * noise regime), kept within [0.1, 0.5] alpha.
 */
export function lineSearchBacktrack(surface: EnergySurface, frame: LineFrame, e0: number, alpha0: number): LineSearchResult {
  const { state } = surface;
  const h = frame.h;
  const slope0 = -dot(state.f, h);
  if (!(slope0 < 0)) return { status: 'not-downhill', alpha: 0, energy: e0 };
  anchor(frame, state);
  const noise = ENERGY_NOISE * Math.abs(e0) + 1e-300;
  let alpha = alpha0;
  for (let trial = 0; trial < MAX_TRIALS; trial++) {
    const e = energyAt(surface, frame, alpha);
    const slope = -dot(state.f, h);
    const inNoise = Math.abs(e - e0) <= noise;
    const accept = inNoise ? slope <= (1 - 2 * HZ_DELTA) * -slope0 : e <= e0 + ARMIJO_C1 * alpha * slope0;
    if (accept) return { status: 'ok', alpha, energy: e };
    const next = inNoise || !Number.isFinite(e)
      ? secantRoot(slope0, slope)
      : cubicMinimizer(alpha, e0, slope0, e, slope);
    alpha *= Math.min(0.5, Math.max(0.1, Number.isFinite(next) ? next : 0.5));
  }
  return giveUp(surface, frame);
}

/** Root of the linear interpolation of phi' between 0 and alpha, as a fraction of alpha. */
function secantRoot(slope0: number, slope: number): number {
  return slope0 / (slope0 - slope);
}

/**
 * Minimizer of the cubic Hermite interpolant of phi on [0, alpha], as a fraction of alpha
 * (Nocedal & Wright eq. 3.59 with alpha_{i-1} = 0); NaN when it has no minimum inside.
 */
function cubicMinimizer(alpha: number, e0: number, slope0: number, e: number, slope: number): number {
  // In t = s / alpha: p(t) = e0 + a t + b t^2 + c t^3 with a = alpha slope0.
  const a = alpha * slope0, g1 = alpha * slope;
  const c = g1 + a - 2 * (e - e0);
  const b = 3 * (e - e0) - 2 * a - g1;
  if (Math.abs(c) < 1e-12 * (Math.abs(b) + Math.abs(a))) return b > 0 ? -a / (2 * b) : NaN;
  const disc = b * b - 3 * a * c;
  if (disc < 0) return NaN;
  return (-b + Math.sqrt(disc)) / (3 * c);
}

/** Back to the start of the line (forces evaluated there). */
function giveUp(surface: EnergySurface, frame: LineFrame): LineSearchResult {
  return { status: 'failed', alpha: 0, energy: energyAt(surface, frame, 0) };
}
