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
 *     is refreshed by Lanczos at every step, or at every `lanczosEvery`-th; the steps by FIRE, or
 *     at negative curvature by L-BFGS with `climbOptimizer: 'lbfgs'`) until
 *     max_i |F_i| < `forceTolerance` at a point of negative curvature: a first-order saddle. With
 *     `localRadius` > 0 (local activation, as the local ART variants do) push and climb move only
 *     the atoms within localRadius of the push centre (minimum image, initial positions): the
 *     others are held, their forces and Lanczos components zero, so neither a soft spot elsewhere
 *     nor the relaxation of the whole box steers the search. Then every atom is released and the
 *     climb goes on in the full space ("release") until the saddle is a first-order saddle of the
 *     whole system;
 *  3. descend: from the saddle ± `descentStep` along v, each side first follows the forces with
 *     capped steps (FIRE, no atom moving more than `descentMaxStep` per step) until
 *     max |F| < `descentSwitchForce`, inside the basin the steepest-descent path leads to, then
 *     the minimizer converges it. The two minima are what the saddle connects. The mode is
 *     oriented so that + points away from the initial minimum (v · (X_saddle - X_initial) > 0),
 *     so the + side is the "final" minimum.
 *
 * Every random draw comes from createRng(seed): one seed gives one event, wherever it runs.
 */
import { createRng } from '../../sim/random.js';
import { InputError } from '../../sim/errors.js';
import type { Units } from '../../sim/units.js';
import { minimumImageDisplacement } from '../../sim/box.js';
import { axpy, dot, maxAtomNormSq, normalize, removeTranslation } from '../vec.js';
import type { EnergySurface } from '../energy-surface.js';
import { FireStepper, type FireSettings } from '../fire.js';
import { minimizeFrom, type MinMethod } from '../minimize/index.js';
import { holdInactive, lowestMode, type LanczosOptions } from './lanczos.js';
import { LbfgsClimb } from './lbfgs-climb.js';
import { atomsNear } from './adjacency.js';
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
  /**
   * Local activation: push and climb move only the atoms within this distance of the push centre
   * (length, > pushRadius; 4 σ or 9 Å is about three neighbour shells); then all are released for
   * the final convergence. 0 (the default): off.
   */
  localRadius: number;
  /** Capped descent: the largest move of one atom per step down from the saddle (length). 0: the minimizer straight away. */
  descentMaxStep: number;
  /** ... until the largest per-atom |F| is below this (energy/length); then the minimizer takes over. */
  descentSwitchForce: number;
  /**
   * Opt-in cheaper climb (docs/landscape.md, *Cheaper climbs*): the lowest mode is refreshed by
   * Lanczos only at every `lanczosEvery`-th climbing step, the search following the last mode and
   * eigenvalue in between (as ART nouveau relaxes perpendicular to a fixed mode between Lanczos
   * calls). Absent (or 1): a refresh at every step, the reference path.
   */
  lanczosEvery?: number;
  /**
   * Opt-in: the climb's steps at negative curvature by L-BFGS on F_eff (lbfgs-climb.ts) instead of
   * FIRE; positive-curvature steps stay FIRE. Absent: FIRE, the reference path.
   */
  climbOptimizer?: 'fire' | 'lbfgs';
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
    // Off: on a 1000-atom KA glass the local searches (4 σ) found saddles 2-12 ε high where the full
    // space finds 0.01-0.25 ε ones, NEB-confirmed (docs/landscape.md, Activation).
    localRadius: 0,
    descentMaxStep: lj ? 0.02 : 0.05,
    descentSwitchForce: lj ? 1e-2 : 2e-3,
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

/** Force evaluations of each phase of an event. */
export interface PhaseEvaluations {
  /** Push out of the basin, with its Lanczos calls. */
  push: number;
  /** Minimum-mode following (on the active atoms when the search is local). */
  climb: number;
  /** Local search: the full-space convergence after the release (0 otherwise). */
  release: number;
  /** Both sides down from the saddle. */
  descent: number;
}

export interface ActivationResult {
  status: ActivationStatus;
  message: string;
  seed: number;
  /** Index (0-based, state order) of the atom the push was centred on, and the cluster size. */
  centre: number;
  clusterSize: number;
  /** Atoms free to move during push and climb (all of them when the search is not local). */
  activeAtoms: number;
  pushSteps: number;
  climbSteps: number;
  /** Climbing steps in the full space after a local search (0 when not local). */
  releaseSteps: number;
  forceEvaluations: number;
  phaseEvaluations: PhaseEvaluations;
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
  if (o.localRadius > 0 && !(o.localRadius > o.pushRadius)) {
    throw new InputError(`local radius ${o.localRadius} must exceed the push radius ${o.pushRadius} (or be 0: off)`);
  }
  if (o.climbOptimizer !== undefined && o.climbOptimizer !== 'fire' && o.climbOptimizer !== 'lbfgs') {
    throw new InputError(`climb optimizer: must be fire or lbfgs, got ${o.climbOptimizer}`);
  }
  if (o.lanczosEvery !== undefined && !(Number.isInteger(o.lanczosEvery) && o.lanczosEvery >= 1)) {
    throw new InputError(`lanczos every: must be a whole number >= 1 (climbing steps per Lanczos refresh), got ${o.lanczosEvery}`);
  }
  // One seed, one event: the same start whatever ran on this surface before (other events, --jobs, a resume).
  surface.restart();
  const evaluations0 = surface.evaluations;
  const rng = createRng(seed);
  const n = surface.n, dim = 3 * n;
  const centre = Math.min(n - 1, Math.floor(rng.uniform() * n));
  const push = clusterPush(surface, initial.x, centre, o.pushRadius, () => rng.gaussian());
  const active = localMask(surface, initial.x, centre, o.localRadius);
  const phases: PhaseEvaluations = { push: 0, climb: 0, release: 0, descent: 0 };
  let phase: keyof PhaseEvaluations = 'push';
  let mark = evaluations0;
  const lap = (next: keyof PhaseEvaluations) => {
    phases[phase] += surface.evaluations - mark;
    mark = surface.evaluations;
    phase = next;
  };
  let pushSteps = 0, climbSteps = 0, releaseSteps = 0;
  type Outcome = Pick<ActivationResult, 'status' | 'message' | 'saddle' | 'minus' | 'plus' | 'metrics'>;
  const result = (r: Outcome): ActivationResult => {
    lap(phase);
    return {
      seed, centre, clusterSize: push.size, activeAtoms: active ? active.reduce((a, b) => a + b, 0) : n, pushSteps, climbSteps, releaseSteps,
      forceEvaluations: surface.evaluations - evaluations0, phaseEvaluations: { ...phases }, ...r,
    };
  };

  const X = initial.x.slice();
  const F = new Float64Array(dim);
  const p = push.direction;
  const search: SearchPoint = { X, F, mode: p.slice(), lambda: Infinity };

  // 1. Leave the basin along the push, relaxing perpendicular to it (held atoms stay put).
  const perp = new Float64Array(dim);
  // One FIRE run for the whole push: its velocity stays in the hyperplane perpendicular to p.
  const pushFire = new FireStepper(dim, o.fire);
  while (search.lambda >= o.eigenThreshold) {
    if (pushSteps === o.maxPushSteps) {
      return result({ status: 'no-saddle', message: `no negative curvature below ${o.eigenThreshold} after ${pushSteps} push steps` });
    }
    pushSteps++;
    axpy(X, o.pushStep, p);
    for (let s = 0; s < o.perpendicularSteps; s++) {
      surface.forces(X, F);
      perp.set(F);
      axpy(perp, -dot(F, p), p);
      if (active) holdInactive(perp, active);
      pushFire.step(X, perp);
    }
    surface.forces(X, F);
    const m = lowestMode(surface, X, F, search.mode, o.lanczos, active);
    search.lambda = m.value;
    search.mode = m.vector;
  }

  // 2. Minimum-mode following to the saddle; a local search then goes on in the full space.
  lap('climb');
  const Xsd = X.slice();
  minimumImageDisplacement(surface.box, initial.x, X, Xsd);
  if (dot(search.mode, Xsd) < 0) search.mode = search.mode.map((c) => -c);
  const climbed = climb(surface, search, o, active);
  climbSteps = climbed.steps;
  if (climbed.failure) return result({ status: 'no-saddle', message: climbed.failure });
  if (active) {
    lap('release');
    relaxHeld(surface, X, active, o);
    const released = climb(surface, search, o, null, true);
    releaseSteps = released.steps;
    if (released.failure) return result({ status: 'no-saddle', message: `after the release of the held atoms: ${released.failure}` });
  }
  // The energy and the mode at the saddle, converged tightly in the full space, + pointing away from the initial minimum.
  const energy = surface.energy(X, F);
  const final = lowestMode(surface, X, F, search.mode, { ...o.lanczos, tolerance: Math.min(o.lanczos.tolerance ?? 1e-3, 1e-6) });
  let mode = final.vector;
  minimumImageDisplacement(surface.box, initial.x, X, Xsd);
  if (dot(mode, Xsd) < 0) mode = mode.map((c) => -c);
  if (!(final.value < 0)) return result({ status: 'no-saddle', message: `converged to a point of positive curvature (${final.value.toExponential(2)})` });
  const saddle: SaddlePoint = { x: X.slice(), energy, eigenvalue: final.value, mode, maxForce: Math.sqrt(maxAtomNormSq(F)) };

  // 3. Down both sides.
  lap('descent');
  const minus = descendFromSaddle(surface, saddle, -1, o);
  const plus = descendFromSaddle(surface, saddle, +1, o);
  if (sameMinimum(surface, minus, plus, o.sameMinimum)) {
    return result({ status: 'same-minimum', message: 'both sides of the saddle relax to the same minimum', saddle, minus, plus });
  }
  const metrics = eventMetrics(surface, initial, saddle, minus, plus, o);
  return result({ status: 'ok', message: '', saddle, minus, plus, metrics });
}

/** Where a search stands: positions, the forces there, the lowest mode and its eigenvalue. */
interface SearchPoint {
  X: Float64Array;
  F: Float64Array;
  mode: Float64Array;
  lambda: number;
}

/**
 * Minimum-mode following from `s` until max |F| < forceTolerance at negative curvature; with
 * `active`, on the active atoms only. `released`: `s` comes from a local climb, so its mode and
 * eigenvalue are looked for anew in the full space first. Updates `s`; returns the steps and why
 * it failed, if it did.
 */
function climb(
  surface: EnergySurface, s: SearchPoint, o: ActivationOptions, active: Uint8Array | null, released = false,
): { steps: number; failure?: string } {
  const { X, F } = s;
  let fire = new FireStepper(X.length, o.fire);
  // The opt-in L-BFGS steps: 10 pairs, FIRE's cap per atom, a first step as FIRE's longest from rest.
  const lbfgs = o.climbOptimizer === 'lbfgs' ? new LbfgsClimb(X.length, 10, o.fire.maxStep, o.fire.dtMax ** 2) : null;
  let wasNegative: boolean | null = null;
  const feff = new Float64Array(X.length);
  const every = o.lanczosEvery ?? 1;
  const forces = () => {
    surface.forces(X, F);
    if (active) holdInactive(F, active);
  };
  const refresh = () => {
    forces();
    const m = lowestMode(surface, X, F, s.mode, o.lanczos, active);
    s.lambda = m.value;
    s.mode = dot(m.vector, s.mode) < 0 ? m.vector.map((c) => -c) : m.vector;
  };
  if (released) refresh();
  else forces();
  let steps = 0, positive = 0;
  for (;;) {
    const maxForce = Math.sqrt(maxAtomNormSq(F));
    if (maxForce < o.forceTolerance && s.lambda < 0) return { steps };
    if (steps === o.maxClimbSteps) return { steps, failure: `not converged after ${steps} climbing steps (max |F| ${maxForce.toExponential(2)})` };
    positive = s.lambda >= 0 ? positive + 1 : 0;
    if (positive > o.maxPositiveSteps) return { steps, failure: `lost the negative curvature for ${positive} steps` };
    steps++;
    // Negative curvature: F - 2 (F·v) v; positive curvature: only -(F·v) v (Henkelman & Jónsson,
    // JCP 111, 7010 (1999)), so that the search climbs out instead of relaxing back into the basin.
    const fv = dot(F, s.mode);
    if (s.lambda < 0) {
      feff.set(F);
      axpy(feff, -2 * fv, s.mode);
    } else {
      feff.fill(0);
      axpy(feff, -fv, s.mode);
    }
    const negative = s.lambda < 0;
    if (lbfgs && negative !== wasNegative) {
      // F_eff changed its form: neither the pairs nor FIRE's velocity describe it any more.
      lbfgs.reset();
      fire = new FireStepper(X.length, o.fire);
      wasNegative = negative;
    }
    if (lbfgs && negative) lbfgs.step(X, feff);
    else fire.step(X, feff);
    if (steps % every === 0) refresh();
    else forces();
  }
}

/**
 * After a local climb: the held atoms relax (FIRE) around the active ones, which now stay put,
 * until the largest force on a held atom is below forceTolerance (or maxClimbSteps). The full-space
 * climb then starts near the saddle of the whole system instead of against the strain of a frozen
 * surrounding.
 */
function relaxHeld(surface: EnergySurface, X: Float64Array, active: Uint8Array, o: ActivationOptions): number {
  const held = active.map((a) => 1 - a);
  const F = new Float64Array(X.length);
  const fire = new FireStepper(X.length, o.fire);
  surface.forces(X, F);
  holdInactive(F, held);
  let steps = 0;
  for (; steps < o.maxClimbSteps && Math.sqrt(maxAtomNormSq(F)) >= o.forceTolerance; steps++) {
    fire.step(X, F);
    surface.forces(X, F);
    holdInactive(F, held);
  }
  return steps;
}

/**
 * One side of a saddle: from `saddle.x` + sign × descentStep × mode, capped steps down the forces
 * (FIRE, no atom further than descentMaxStep per step) until max |F| < descentSwitchForce, then the
 * minimizer to its tolerance. Capped steps keep to the steepest-descent path where a quasi-Newton
 * step from the saddle region may cross into another basin.
 */
export function descendFromSaddle(surface: EnergySurface, saddle: Pick<SaddlePoint, 'x' | 'mode'>, sign: 1 | -1, o: ActivationOptions): Configuration {
  const Y = saddle.x.slice();
  axpy(Y, sign * o.descentStep, saddle.mode);
  if (o.descentMaxStep > 0) {
    const F = new Float64Array(Y.length);
    const fire = new FireStepper(Y.length, { ...o.fire, maxStep: o.descentMaxStep });
    surface.forces(Y, F);
    for (let k = 0; k < o.minimizer.maxIterations && Math.sqrt(maxAtomNormSq(F)) >= o.descentSwitchForce; k++) {
      fire.step(Y, F);
      surface.forces(Y, F);
    }
  }
  const r = minimizeFrom(surface, Y, { method: o.minimizer.method, ftol: o.minimizer.ftol, maxIterations: o.minimizer.maxIterations });
  return { x: Y, energy: r.energy };
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
 * 1 for the atoms within `radius` of atom `centre` (minimum image, positions X), 0 for the held
 * ones; null (nothing held) when the radius is 0 or takes in every atom.
 */
function localMask(surface: EnergySurface, X: Float64Array, centre: number, radius: number): Uint8Array | null {
  if (!(radius > 0)) return null;
  const near = atomsNear(surface.box, X, [centre], radius);
  if (near.length === surface.n) return null;
  const mask = new Uint8Array(surface.n);
  for (const i of near) mask[i] = 1;
  return mask;
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
