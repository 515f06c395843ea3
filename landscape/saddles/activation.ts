/**
 * One activation event in the spirit of ART nouveau (Barkema & Mousseau, PRL 77, 4358 (1996);
 * Malek & Mousseau, PRE 62, 7723 (2000); Machado-Charry et al., JCP 135, 034102 (2011)):
 *
 *  1. push: a random displacement of a small cluster (an atom chosen at random and its neighbours
 *     within `pushRadius`) is followed in small increments, relaxing in the hyperplane
 *     perpendicular to it, until the lowest Hessian eigenvalue (Lanczos, finite differences of
 *     forces) falls below `eigenThreshold` < 0: the configuration has left the harmonic basin;
 *  2. climb and converge: minimum-mode following, FIRE on the modified force
 *     F_eff = F - 2 (F·v) v (uphill along the lowest mode v, downhill in the hyperplane; the mode
 *     is refreshed by Lanczos at every step) until max_i |F_i| < `forceTolerance` at a point of
 *     negative curvature: a first-order saddle;
 *  3. descend: from the saddle ± `descentStep` along v, minimize both sides; the two minima are
 *     what the saddle connects. The mode is oriented so that + points away from the initial
 *     minimum (v · (X_saddle - X_initial) > 0), so the + side is the "final" minimum.
 *
 * Every random draw comes from createRng(seed): one seed gives one event, wherever it runs.
 */
import { createRng } from '../../sim/random.js';
import type { Units } from '../../sim/units.js';
import { minimumImageDisplacement } from '../../sim/box.js';
import { axpy, dot, maxAtomNormSq, normalize, removeTranslation } from '../vec.js';
import type { EnergySurface } from '../energy-surface.js';
import { FireStepper, type FireSettings } from '../fire.js';
import { minimizeFrom, type MinMethod } from '../minimize/index.js';
import { lowestMode, type LanczosOptions } from './lanczos.js';
import { displacementStats, participationNumber, type DisplacementStats } from './metrics.js';

export interface SameMinimumCriteria {
  /** Two minima can be the same only if their total energies differ by less than this. */
  energyTolerance: number;
  /** ... and no atom is displaced (minimum image) by more than this between them. */
  displacementTolerance: number;
}

export interface ActivationOptions {
  /** Radius of the pushed cluster around the chosen atom (length). */
  pushRadius: number;
  /** Length (3N norm) of each push increment. */
  pushStep: number;
  maxPushSteps: number;
  /** FIRE steps in the hyperplane perpendicular to the push after each increment. */
  perpendicularSteps: number;
  /** The basin is left when the lowest eigenvalue drops below this (negative; energy/length^2). */
  eigenThreshold: number;
  /** Saddle convergence: largest per-atom |F| (energy/length). */
  forceTolerance: number;
  maxClimbSteps: number;
  /** Give up when the curvature stays positive for this many climbing steps in a row. */
  maxPositiveSteps: number;
  fire: FireSettings;
  lanczos: LanczosOptions;
  /** Step off the saddle along ±v (3N norm) before minimizing. */
  descentStep: number;
  minimizer: { method: MinMethod; ftol: number; maxIterations: number };
  sameMinimum: SameMinimumCriteria;
  /** An atom counts as moved when displaced by more than this (length). */
  moveThreshold: number;
}

/** Defaults for Lennard-Jones reduced units (sigma, epsilon) and for metal units (Å, eV). */
export function defaultActivationOptions(units: Units): ActivationOptions {
  const lj = units.name === 'lj';
  return {
    pushRadius: lj ? 1.5 : 3.5,
    pushStep: lj ? 0.05 : 0.1,
    maxPushSteps: 60,
    perpendicularSteps: 20,
    eigenThreshold: lj ? -0.2 : -0.05,
    forceTolerance: 1e-5,
    maxClimbSteps: 1500,
    maxPositiveSteps: 200,
    fire: lj ? { dt: 0.005, dtMax: 0.03, maxStep: 0.05 } : { dt: 0.02, dtMax: 0.15, maxStep: 0.1 },
    lanczos: { h: 1e-6, maxIterations: 40, tolerance: 1e-3, minIterations: 3 },
    descentStep: lj ? 0.1 : 0.2,
    minimizer: { method: 'lbfgs', ftol: lj ? 1e-8 : 1e-7, maxIterations: 100000 },
    sameMinimum: { energyTolerance: 1e-4, displacementTolerance: lj ? 0.02 : 0.05 },
    moveThreshold: lj ? 0.1 : 0.25,
  };
}

export type ActivationStatus = 'ok' | 'same-minimum' | 'no-saddle';

export interface Configuration {
  x: Float64Array;
  energy: number;
}

export interface SaddlePoint extends Configuration {
  /** Lowest Hessian eigenvalue (Lanczos) and its unit eigenvector, + pointing away from the initial minimum. */
  eigenvalue: number;
  mode: Float64Array;
  maxForce: number;
}

export interface EventMetrics {
  /** E_saddle - E_initial. */
  activationEnergy: number;
  /** E_final - E_initial (final = the + side). */
  asymmetry: number;
  /** E_saddle - E_final. */
  relaxationEnergy: number;
  /** E_saddle - E_minus: the barrier seen from the - side (= activationEnergy when it is the initial minimum). */
  backwardBarrier: number;
  eigenvalue: number;
  /** Participation number of the saddle mode. */
  modeParticipation: number;
  /** Initial → final (+ side) displacement. */
  initialToFinal: DisplacementStats;
  /** - side → + side: the distance between the two minima the saddle connects. */
  betweenMinima: DisplacementStats;
  /** Initial → saddle. */
  initialToSaddle: DisplacementStats;
}

export interface ActivationResult {
  status: ActivationStatus;
  message: string;
  seed: number;
  /** Index (0-based, state order) of the atom the push was centred on, and the cluster size. */
  centre: number;
  clusterSize: number;
  pushSteps: number;
  climbSteps: number;
  forceEvaluations: number;
  saddle?: SaddlePoint;
  /** Minima reached down the - and + sides. */
  minus?: Configuration;
  plus?: Configuration;
  metrics?: EventMetrics;
}

/** Whether two minima are the same by the energy window and the largest single-atom displacement. */
export function sameMinimum(surface: EnergySurface, a: Configuration, b: Configuration, c: SameMinimumCriteria): boolean {
  if (Math.abs(a.energy - b.energy) >= c.energyTolerance) return false;
  const d = minimumImageDisplacement(surface.box, a.x, b.x);
  return Math.sqrt(maxAtomNormSq(d)) <= c.displacementTolerance;
}

/** One activation from the minimum `initial` (its x unwrapped, as surface.current() gives). */
export function activate(surface: EnergySurface, initial: Configuration, seed: number, o: ActivationOptions): ActivationResult {
  const evaluations0 = surface.evaluations;
  const rng = createRng(seed);
  const n = surface.n, dim = 3 * n;
  const centre = Math.min(n - 1, Math.floor(rng.uniform() * n));
  const push = clusterPush(surface, initial.x, centre, o.pushRadius, () => rng.gaussian());
  const result = (r: Omit<ActivationResult, 'seed' | 'centre' | 'clusterSize' | 'forceEvaluations'>): ActivationResult => ({
    seed, centre, clusterSize: push.size, forceEvaluations: surface.evaluations - evaluations0, ...r,
  });

  const X = initial.x.slice();
  const F = new Float64Array(dim);
  const p = push.direction;
  let mode: Float64Array = p.slice();
  let lambda = Infinity;

  // 1. Leave the basin along the push, relaxing perpendicular to it.
  let pushSteps = 0;
  const perp = new Float64Array(dim);
  // One FIRE run for the whole push: its velocity stays in the hyperplane perpendicular to p.
  const pushFire = new FireStepper(dim, o.fire);
  while (lambda >= o.eigenThreshold) {
    if (pushSteps === o.maxPushSteps) {
      return result({ status: 'no-saddle', message: `no negative curvature below ${o.eigenThreshold} after ${pushSteps} push steps`, pushSteps, climbSteps: 0 });
    }
    pushSteps++;
    axpy(X, o.pushStep, p);
    for (let s = 0; s < o.perpendicularSteps; s++) {
      surface.forces(X, F);
      perp.set(F);
      axpy(perp, -dot(F, p), p);
      pushFire.step(X, perp);
    }
    surface.forces(X, F);
    const m = lowestMode(surface, X, F, mode, o.lanczos);
    lambda = m.value;
    mode = m.vector;
  }

  // 2. Minimum-mode following to the saddle.
  const Xsd = X.slice();
  minimumImageDisplacement(surface.box, initial.x, X, Xsd);
  if (dot(mode, Xsd) < 0) mode = mode.map((c) => -c);
  const fire = new FireStepper(dim, o.fire);
  const feff = new Float64Array(dim);
  surface.forces(X, F);
  let climbSteps = 0, positive = 0;
  for (;;) {
    const maxForce = Math.sqrt(maxAtomNormSq(F));
    if (maxForce < o.forceTolerance && lambda < 0) break;
    if (climbSteps === o.maxClimbSteps) {
      return result({ status: 'no-saddle', message: `not converged after ${climbSteps} climbing steps (max |F| ${maxForce.toExponential(2)})`, pushSteps, climbSteps });
    }
    positive = lambda >= 0 ? positive + 1 : 0;
    if (positive > o.maxPositiveSteps) {
      return result({ status: 'no-saddle', message: `lost the negative curvature for ${positive} steps`, pushSteps, climbSteps });
    }
    climbSteps++;
    // Negative curvature: F - 2 (F·v) v; positive curvature: only -(F·v) v (Henkelman & Jónsson,
    // JCP 111, 7010 (1999)), so that the search climbs out instead of relaxing back into the basin.
    const fv = dot(F, mode);
    if (lambda < 0) {
      feff.set(F);
      axpy(feff, -2 * fv, mode);
    } else {
      feff.fill(0);
      axpy(feff, -fv, mode);
    }
    fire.step(X, feff);
    surface.forces(X, F);
    const m = lowestMode(surface, X, F, mode, o.lanczos);
    lambda = m.value;
    mode = dot(m.vector, mode) < 0 ? m.vector.map((c) => -c) : m.vector;
  }
  // The energy and the mode at the saddle, converged tightly, + pointing away from the initial minimum.
  const energy = surface.energy(X, F);
  const final = lowestMode(surface, X, F, mode, { ...o.lanczos, tolerance: Math.min(o.lanczos.tolerance ?? 1e-3, 1e-6) });
  mode = final.vector;
  minimumImageDisplacement(surface.box, initial.x, X, Xsd);
  if (dot(mode, Xsd) < 0) mode = mode.map((c) => -c);
  const saddle: SaddlePoint = { x: X.slice(), energy, eigenvalue: final.value, mode, maxForce: Math.sqrt(maxAtomNormSq(F)) };

  // 3. Down both sides.
  const descend = (sign: number): Configuration => {
    const Y = saddle.x.slice();
    axpy(Y, sign * o.descentStep, mode);
    const r = minimizeFrom(surface, Y, { method: o.minimizer.method, ftol: o.minimizer.ftol, maxIterations: o.minimizer.maxIterations });
    return { x: Y, energy: r.energy };
  };
  const minus = descend(-1);
  const plus = descend(+1);
  if (sameMinimum(surface, minus, plus, o.sameMinimum)) {
    return result({
      status: 'same-minimum', message: 'both sides of the saddle relax to the same minimum', pushSteps, climbSteps, saddle, minus, plus,
    });
  }
  const metrics = eventMetrics(surface, initial, saddle, minus, plus, o);
  return result({ status: 'ok', message: '', pushSteps, climbSteps, saddle, minus, plus, metrics });
}

function eventMetrics(
  surface: EnergySurface, initial: Configuration, saddle: SaddlePoint, minus: Configuration, plus: Configuration, o: ActivationOptions,
): EventMetrics {
  const d = (a: Configuration, b: Configuration) => displacementStats(minimumImageDisplacement(surface.box, a.x, b.x), o.moveThreshold);
  return {
    activationEnergy: saddle.energy - initial.energy,
    asymmetry: plus.energy - initial.energy,
    relaxationEnergy: saddle.energy - plus.energy,
    backwardBarrier: saddle.energy - minus.energy,
    eigenvalue: saddle.eigenvalue,
    modeParticipation: participationNumber(saddle.mode),
    initialToFinal: d(initial, plus),
    betweenMinima: d(minus, plus),
    initialToSaddle: d(initial, saddle),
  };
}

/**
 * The push: Gaussian random displacements of the atoms within `radius` of atom `centre` (minimum
 * image), zero elsewhere, net translation removed, unit 3N norm.
 */
function clusterPush(
  surface: EnergySurface, X: Float64Array, centre: number, radius: number, gaussian: () => number,
): { direction: Float64Array; size: number } {
  const n = surface.n;
  const direction = new Float64Array(3 * n);
  const rel = new Float64Array(3 * n);
  const c = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    c[3 * i] = X[3 * centre];
    c[3 * i + 1] = X[3 * centre + 1];
    c[3 * i + 2] = X[3 * centre + 2];
  }
  minimumImageDisplacement(surface.box, c, X, rel);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const r2 = rel[3 * i] ** 2 + rel[3 * i + 1] ** 2 + rel[3 * i + 2] ** 2;
    if (r2 > radius * radius) continue;
    size++;
    for (let a = 0; a < 3; a++) direction[3 * i + a] = gaussian();
  }
  removeTranslation(direction);
  normalize(direction);
  return { direction, size };
}
