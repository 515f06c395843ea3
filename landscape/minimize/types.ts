/**
 * Options, results and stopping tests shared by the minimizers (see index.ts for `minimize`).
 */
import type { Units } from '../../sim/units.js';
import { dot, maxAtomNormSq } from '../vec.js';

export type MinMethod = 'fire' | 'cg' | 'lbfgs';
export const MIN_METHODS: readonly MinMethod[] = ['fire', 'cg', 'lbfgs'];
export type Precondition = 'none' | 'elastic';
export const PRECONDITIONS: readonly Precondition[] = ['none', 'elastic'];

/**
 * How the force tolerance is measured: `max` = the largest per-atom force vector norm max_i |F_i|
 * (LAMMPS `min_modify norm max`); `two` = the 2-norm of the whole 3N force vector
 * sqrt(sum_i |F_i|^2) (LAMMPS default, `min_modify norm two`).
 */
export type ForceNorm = 'max' | 'two';

/**
 * FIRE 2.0 parameters (Guénolé et al. 2020), with the names of LAMMPS `min_modify`; LAMMPS's
 * defaults are LAMMPS_FIRE, betascape's FIRE_DEFAULTS.
 */
export interface FireParams {
  /**
   * Initial time step. Default, as LAMMPS (which starts from the MD `timestep`): the unit
   * system's default MD time step, 0.005 tau in lj units, 0.001 ps in metal units.
   */
  dt: number;
  /** dt_max = dtMaxFactor dt, dt_min = dtMinFactor dt (LAMMPS tmax, tmin). */
  dtMaxFactor: number;
  dtMinFactor: number;
  /** Steps with P > 0 before dt may grow and alpha shrink (N_delay, LAMMPS delaystep). */
  nDelay: number;
  /** dt growth and shrink factors (f_inc, f_dec). */
  fInc: number;
  fDec: number;
  /** Mixing parameter: start value and decay factor (alpha_start, f_alpha). */
  alpha0: number;
  fAlpha: number;
  /** Stop after this many consecutive uphill steps (LAMMPS vdfmax; 0 = no limit). */
  maxUphill: number;
  /** Move back half a step, x -= dt v / 2 with the reduced dt, on an uphill step (LAMMPS halfstepback). */
  halfStepBack: boolean;
  /** No dt decrease in the first nDelay steps (LAMMPS initialdelay). */
  initialDelay: boolean;
  /** 'euler': semi-implicit Euler (LAMMPS eulerimplicit); 'verlet': velocity Verlet (LAMMPS verlet). */
  integrator: 'euler' | 'verlet';
  /** A step that raised the energy by more than 1e-10 |E| counts as uphill too, as P <= 0 (not in LAMMPS). */
  downhillCheck: boolean;
}

/** LAMMPS `min_style fire` defaults: with these (and dt = the MD timestep) the path is LAMMPS's. */
export const LAMMPS_FIRE: Omit<FireParams, 'dt'> = {
  dtMaxFactor: 10,
  dtMinFactor: 0.02,
  nDelay: 20,
  fInc: 1.1,
  fDec: 0.5,
  alpha0: 0.25,
  fAlpha: 0.99,
  maxUphill: 2000,
  halfStepBack: true,
  initialDelay: true,
  integrator: 'euler',
  downhillCheck: false,
};

/**
 * Why not LAMMPS's defaults: semi-implicit Euler pairs F(t) with v(t - dt/2), and that lag makes
 * fast modes draw P negative as omega dt nears 2 (KA: 2/omega_max ≈ 0.05 at a minimum, LAMMPS's
 * dt_max); every restart halves dt, so dt stays near 0.017 and alpha at alpha0. Velocity
 * Verlet pairs F(t) with v(t), so dt can stay at dt_max = 8 dt, 0.8 of 2/omega_max in lj units.
 * P then no longer warns of a mode beyond the stability limit: hence downhillCheck, and no half
 * step back (with v(t) it includes the last, uncapped half kick and can throw atoms far). alpha0
 * 0.1 as Bitzek et al., PRL 97, 170201 (2006), and nDelay 10: faster recovery after a restart.
 * KA2048 liquids to ftol 1e-10 (force 2-norm), 24 starts: 0.50 of LAMMPS CG's force evaluations on
 * average (0.23-1.00 per start); LAMMPS_FIRE 3.4 times (test/bench/minimize-bench.ts). In metal
 * units 2/omega_max is ~40 MD steps (CuZr EAM), and dtMaxFactor 30 does better than 8.
 */
export const FIRE_DEFAULTS: Omit<FireParams, 'dt'> = {
  ...LAMMPS_FIRE,
  dtMaxFactor: 8,
  nDelay: 10,
  alpha0: 0.1,
  halfStepBack: false,
  integrator: 'verlet',
  downhillCheck: true,
};

export interface MinimizeOptions {
  /** Default 'cg'. */
  method?: MinMethod;
  /**
   * Force tolerance (stop when the force norm is below it; 0 switches the test off; with etol 0
   * too, only the budgets stop the search, as in LAMMPS). Default 1e-10.
   */
  ftol?: number;
  /** Which force norm `ftol` applies to. Default 'max' (largest per-atom |F|). */
  fnorm?: ForceNorm;
  /**
   * Relative energy tolerance, as LAMMPS: stop when |E - E_prev| < etol (|E| + |E_prev| + 1e-8) / 2
   * between iterations. Default 0 (off).
   */
  etol?: number;
  /** Default 100000. */
  maxIterations?: number;
  /** Default 1000000. */
  maxForceEvaluations?: number;
  /**
   * Largest change of any coordinate in one step or line search (LAMMPS `min_modify dmax`),
   * length units. Default 0.1.
   */
  maxDisplacement?: number;
  /** FIRE parameters (only for method 'fire'). */
  fire?: Partial<FireParams>;
  /** L-BFGS memory: number of stored correction pairs (default 10). */
  lbfgsMemory?: number;
  /**
   * L-BFGS's initial inverse Hessian: 'none' (default) the scaled identity; 'elastic' a
   * preconditioner that treats long waves as continuum elasticity (elastic-preconditioner.ts), so
   * that the iterations no longer grow with the box.
   */
  precondition?: Precondition;
  /** Unit system for FIRE's force/mass → velocity conversion (default LJ). */
  units?: Units;
  /** Called after every iteration (progress, quench-path dumps); state.x is the new iterate. */
  onIteration?: (info: IterationInfo) => void;
}

export interface IterationInfo {
  iteration: number;
  energy: number;
  forceEvaluations: number;
}

/** Why a minimizer stopped; `ftol` and `etol` count as converged. */
export type StopReason =
  | 'ftol'
  | 'etol'
  | 'max-iterations'
  | 'max-evaluations'
  /** CG / L-BFGS: no acceptable step even along the steepest descent (LAMMPS "linesearch alpha is zero"). */
  | 'line-search'
  /** FIRE: more than maxUphill consecutive uphill steps (LAMMPS "max iterations with P(t) < 0"). */
  | 'uphill-limit';

export interface MinimizeResult {
  method: MinMethod;
  /** Potential energy at the final positions (total, not per atom). */
  energy: number;
  /** Largest per-atom force vector norm max_i |F_i| at the final positions. */
  maxForce: number;
  /** 2-norm of the 3N force vector at the final positions. */
  forceTwoNorm: number;
  /** Iterations (FIRE steps; CG / L-BFGS line searches). */
  iterations: number;
  /** Force (and energy) evaluations, all included. */
  forceEvaluations: number;
  converged: boolean;
  reason: StopReason;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  method: MinMethod;
  ftol: number;
  fnorm: ForceNorm;
  etol: number;
  maxIterations: number;
  maxForceEvaluations: number;
  maxDisplacement: number;
  fire: FireParams;
  lbfgsMemory: number;
  precondition: Precondition;
  ftm2v: number;
  onIteration?: (info: IterationInfo) => void;
}

/** What a method reports back; the caller adds energies and norms. */
export interface MethodOutcome {
  reason: StopReason;
  iterations: number;
}

/** The force norm that `ftol` is compared with. */
export function forceNorm(f: Float64Array, norm: ForceNorm): number {
  return Math.sqrt(norm === 'max' ? maxAtomNormSq(f) : dot(f, f));
}

export function forceConverged(f: Float64Array, opts: ResolvedOptions): boolean {
  return opts.ftol > 0 && forceNorm(f, opts.fnorm) < opts.ftol;
}

/** LAMMPS's relative energy test (EPS_ENERGY = 1e-8 keeps it meaningful near E = 0). */
export function energyConverged(e: number, ePrev: number, etol: number): boolean {
  return etol > 0 && Math.abs(e - ePrev) < etol * 0.5 * (Math.abs(e) + Math.abs(ePrev) + 1e-8);
}
