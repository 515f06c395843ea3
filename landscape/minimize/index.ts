/**
 * Energy minimization of a configuration at fixed box: FIRE 2.0, Polak–Ribière(+) conjugate
 * gradient and L-BFGS behind one call, all in f64.
 *
 *   const r = minimize(state, ff, { method: 'cg', ftol: 1e-10, fnorm: 'max' });
 *
 * Works on state.x in place. Atoms may cross the box during the search; whenever the neighbour
 * list is rebuilt they are wrapped back and their image flags counted, so x + image stays the
 * unwrapped trajectory. state.v is not touched. On return, state.f and ff.out (energy, virial)
 * belong to the final positions, whatever the stop reason.
 *
 * Stopping (checked after every iteration, and once before the first):
 *   - force: the norm chosen by `fnorm` below `ftol` (default: largest per-atom |F| < 1e-10);
 *     LAMMPS `minimize etol ftol` uses the 2-norm of the 3N force vector, `fnorm: 'two'` here;
 *   - energy: relative change between iterations below `etol` (LAMMPS's test; off by default);
 *   - iteration or force-evaluation budget (the latter checked after each iteration, so a line
 *     search may overrun it by a few); a failed line search (CG, L-BFGS); too many consecutive
 *     uphill steps (FIRE).
 *
 * Methods (default 'cg'): 'cg' reproduces LAMMPS `min_style cg` step for step (line search
 * quadratic, dmax 0.1); 'fire' is FIRE 2.0 with velocity Verlet and settings that let dt stay near
 * the stability limit (FIRE_DEFAULTS, types.ts: about 0.5 of LAMMPS CG's force evaluations on KA
 * liquids), and reproduces LAMMPS `min_style fire` with `fire: LAMMPS_FIRE`; 'lbfgs' needs about
 * 0.4 of CG's (test/bench/minimize-bench.ts), and with `precondition: 'elastic'` fewer in big
 * boxes (elastic-preconditioner.ts). The box is fixed here; box-relax.ts relaxes it.
 *
 * Each method is a function run<Method>(surface, opts, e0) → MethodOutcome in its own file, listed
 * in METHODS below; the energy function is an EnergySurface (../energy-surface.ts).
 * `minimizeFrom` minimizes the unwrapped coordinates of saddle searches on their surface.
 */
import { InputError } from '../../sim/errors.js';
import type { State } from '../../sim/state.js';
import type { ForceField } from '../../sim/forces.js';
import { LJ_UNITS } from '../../sim/units.js';
import { EnergySurface } from '../energy-surface.js';
import { runFire } from './fire.js';
import { runCG } from './cg.js';
import { runLBFGS } from './lbfgs.js';
import {
  FIRE_DEFAULTS, MIN_METHODS, PRECONDITIONS, forceConverged, type FireParams, type MethodOutcome, type MinMethod, type MinimizeOptions, type MinimizeResult,
  type ResolvedOptions,
} from './types.js';
import { dot, maxAtomNormSq } from '../vec.js';

export * from './types.js';

export function minimize(state: State, ff: ForceField, options: MinimizeOptions = {}): MinimizeResult {
  const opts = resolveOptions(options);
  // A surface of its own: the evaluation budget counts this minimization's evaluations.
  const surface = new EnergySurface(state, ff);
  const outcome = runMethod(surface, opts);
  return {
    method: opts.method,
    energy: ff.out.energy,
    maxForce: Math.sqrt(maxAtomNormSq(state.f)),
    forceTwoNorm: Math.sqrt(dot(state.f, state.f)),
    iterations: outcome.iterations,
    forceEvaluations: surface.evaluations,
    converged: outcome.reason === 'ftol' || outcome.reason === 'etol',
    reason: outcome.reason,
  };
}

/**
 * Minimizes from the unwrapped coordinates X on `surface` (its evaluations counted); X becomes
 * the minimum (unwrapped, continuous with the start).
 */
export function minimizeFrom(surface: EnergySurface, X: Float64Array, options: MinimizeOptions): MinimizeResult {
  surface.place(X);
  const r = minimize(surface.state, surface.ff, options);
  surface.evaluations += r.forceEvaluations;
  X.set(surface.current());
  return r;
}

/** The methods, each started from the evaluated, not yet converged, positions (energy e0). */
const METHODS: Record<MinMethod, (surface: EnergySurface, opts: ResolvedOptions, e0: number) => MethodOutcome> = {
  fire: runFire,
  cg: runCG,
  lbfgs: runLBFGS,
};

function runMethod(surface: EnergySurface, opts: ResolvedOptions): MethodOutcome {
  const e0 = surface.evaluate();
  if (forceConverged(surface.state.f, opts)) return { reason: 'ftol', iterations: 0 };
  return METHODS[opts.method](surface, opts, e0);
}

/** Fills in defaults and rejects impossible values (InputError: they usually come from flags). */
export function resolveOptions(o: MinimizeOptions): ResolvedOptions {
  const method = o.method ?? 'cg';
  if (!MIN_METHODS.includes(method)) throw new InputError(`unknown minimizer '${method}' (expected ${MIN_METHODS.join(', ')})`);
  const fnorm = o.fnorm ?? 'max';
  if (fnorm !== 'max' && fnorm !== 'two') throw new InputError(`unknown force norm '${fnorm}' (expected max or two)`);
  const units = o.units ?? LJ_UNITS;
  // FIRE starts from the MD time step, whose default depends on the unit system (as LAMMPS's does).
  // dt_max ≈ 0.8 of the stability limit 2/omega_max: 8 MD steps for KA (lj), 30 for Cu-Zr EAM (metal).
  const dtMaxFactor = units.name === 'metal' ? 30 : FIRE_DEFAULTS.dtMaxFactor;
  const fire: FireParams = { ...FIRE_DEFAULTS, dtMaxFactor, dt: units.defaults.dt, ...definedOnly(o.fire ?? {}) };
  const r: ResolvedOptions = {
    method,
    ftol: o.ftol ?? 1e-10,
    fnorm,
    etol: o.etol ?? 0,
    maxIterations: o.maxIterations ?? 100000,
    maxForceEvaluations: o.maxForceEvaluations ?? 1000000,
    maxDisplacement: o.maxDisplacement ?? 0.1,
    fire,
    lbfgsMemory: o.lbfgsMemory ?? 10,
    precondition: o.precondition ?? 'none',
    ftm2v: units.ftm2v,
    onIteration: o.onIteration,
  };
  const check = (ok: boolean, what: string, value: unknown) => {
    if (!ok) throw new InputError(`minimize: ${what}, got ${value}`);
  };
  check(r.ftol >= 0 && Number.isFinite(r.ftol), 'ftol must be a number >= 0', r.ftol);
  check(r.etol >= 0 && r.etol < 1, 'etol must be >= 0 and < 1', r.etol);
  check(Number.isInteger(r.maxIterations) && r.maxIterations >= 0, 'maxIterations must be a whole number >= 0', r.maxIterations);
  check(Number.isInteger(r.maxForceEvaluations) && r.maxForceEvaluations >= 1, 'maxForceEvaluations must be a whole number >= 1', r.maxForceEvaluations);
  check(r.maxDisplacement > 0 && Number.isFinite(r.maxDisplacement), 'maxDisplacement must be > 0', r.maxDisplacement);
  check(PRECONDITIONS.includes(r.precondition), `precondition must be one of ${PRECONDITIONS.join(', ')}`, r.precondition);
  check(r.precondition === 'none' || method === 'lbfgs', "precondition 'elastic' needs method lbfgs", method);
  check(Number.isInteger(r.lbfgsMemory) && r.lbfgsMemory >= 1, 'lbfgsMemory must be a whole number >= 1', r.lbfgsMemory);
  check(fire.dt > 0 && Number.isFinite(fire.dt), 'fire.dt must be > 0', fire.dt);
  check(fire.dtMaxFactor >= fire.dtMinFactor && fire.dtMinFactor > 0, 'fire: need dtMaxFactor >= dtMinFactor > 0', `${fire.dtMaxFactor}, ${fire.dtMinFactor}`);
  check(fire.fInc >= 1 && fire.fDec > 0 && fire.fDec <= 1, 'fire: need fInc >= 1 and 0 < fDec <= 1', `${fire.fInc}, ${fire.fDec}`);
  check(fire.alpha0 >= 0 && fire.alpha0 <= 1 && fire.fAlpha > 0 && fire.fAlpha <= 1, 'fire: need 0 <= alpha0 <= 1 and 0 < fAlpha <= 1', `${fire.alpha0}, ${fire.fAlpha}`);
  check(Number.isInteger(fire.nDelay) && fire.nDelay >= 0 && Number.isInteger(fire.maxUphill) && fire.maxUphill >= 0,
    'fire: nDelay and maxUphill must be whole numbers >= 0', `${fire.nDelay}, ${fire.maxUphill}`);
  check(fire.integrator === 'euler' || fire.integrator === 'verlet', "fire.integrator must be 'euler' or 'verlet'", fire.integrator);
  return r;
}

/** The entries of `o` that are not undefined (so that `{ dt: undefined }` keeps the default). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
