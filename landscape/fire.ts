/**
 * The fast inertial relaxation engine (FIRE; Bitzek, Koskinen, Gähler, Moseler, Gumbsch, PRL 97,
 * 170201 (2006); FIRE 2.0: Guénolé et al., Comput. Mater. Sci. 175, 109584 (2020)): MD whose
 * velocity is mixed towards the force, v ← (1 − α) v + α |v| F/|F|, while the power P = F·v is
 * positive. After more than nDelay such steps in a row the time step grows (× fInc, up to dtMax)
 * and α decays (× fAlpha); an uphill step (P <= 0) shrinks the time step (× fDec, not below
 * dtMin), resets α to alpha0 and stops the system.
 *
 * One integrator for all of betascape's uses, in two styles that differ only in the order of
 * operations (each reproduces its callers' numbers to the last digit):
 *  - 'lammps' (`minimize`'s FIRE, LAMMPS `min_style fire`): the mixing coefficients come from α and
 *    |v| at the start of the step; the step length is cut so that no coordinate moves more than
 *    `maxStep` (LAMMPS dmax), the kick with it; masses and the force → velocity conversion ftm2v
 *    of the units; semi-implicit Euler or velocity Verlet;
 *  - 'after-kick' (the saddle searches and elastic bands, `FireStepper`): semi-implicit Euler with
 *    unit masses, mixed with α after its update and |v| after the kick; only the drift is cut,
 *    so that no atom moves further than `maxStep`.
 */
import { dot, maxAbs } from './vec.js';

export interface FireSchedule {
  /** Initial time step, and its bounds. */
  dt: number;
  dtMax: number;
  dtMin: number;
  /** Downhill steps in a row before dt may grow and α shrink (N_delay). */
  nDelay: number;
  /** dt growth and shrink factors (f_inc, f_dec). */
  fInc: number;
  fDec: number;
  /** Mixing parameter: start value and decay factor (α_start, f_α). */
  alpha0: number;
  fAlpha: number;
  /** No dt decrease and no α reset in the first nDelay steps (LAMMPS initialdelay). */
  initialDelay: boolean;
}

export interface FireDynamics {
  style: 'lammps' | 'after-kick';
  /** 'verlet' (velocity Verlet: `completeStep` after the new forces) only in the 'lammps' style. */
  integrator: 'euler' | 'verlet';
  /** Largest move of a coordinate ('lammps') or of an atom ('after-kick') in one step. */
  maxStep: number;
  /** Atom types and masses per type (unit masses: all types 0, mass [1]); ftm2v of the units. */
  type: Int32Array;
  mass: Float64Array;
  ftm2v: number;
}

/** FIRE's velocities and its adaptive time step and mixing parameter. */
export class Fire {
  readonly v: Float64Array;
  private timeStep: number;
  private alpha: number;
  private steps = 0;
  private downhillSteps = 0;
  private vZero = true;
  private mixing = false;
  private scale1 = 1;
  private scale2 = 0;
  /** The time step of the last move (cut by maxStep). */
  private lastDt = 0;

  constructor(private readonly s: FireSchedule, private readonly d: FireDynamics) {
    this.v = new Float64Array(3 * d.type.length);
    this.timeStep = s.dt;
    this.alpha = s.alpha0;
  }

  get dt(): number {
    return this.timeStep;
  }

  /** Whether more than nDelay downhill steps follow the last uphill one. */
  get settled(): boolean {
    return this.downhillSteps > this.s.nDelay;
  }

  /** v is zero: at the start and after `stop`. */
  get atRest(): boolean {
    return this.vZero;
  }

  /** The power P = F·v of the forces f on the current velocities. */
  power(f: Float64Array): number {
    return dot(f, this.v);
  }

  /**
   * Adapts dt and α to a downhill step (P > 0: mixing on) or an uphill one (the caller then
   * `stop`s the system, after whatever it does with the old velocities).
   */
  adapt(f: Float64Array, downhill: boolean): void {
    const s = this.s;
    this.steps++;
    this.mixing = downhill;
    if (downhill) {
      this.downhillSteps++;
      if (this.d.style === 'lammps') {
        // Mixing v <- (1 - alpha) v + alpha |v| F/|F|, with alpha and |v| taken before the step.
        const ff = dot(f, f);
        this.scale1 = 1 - this.alpha;
        this.scale2 = ff <= 1e-20 ? 0 : this.alpha * Math.sqrt(dot(this.v, this.v) / ff);
      }
      if (this.downhillSteps > s.nDelay) {
        this.timeStep = Math.min(this.timeStep * s.fInc, s.dtMax);
        this.alpha *= s.fAlpha;
      }
    } else {
      this.downhillSteps = 0;
      if (!(s.initialDelay && this.steps < s.nDelay)) {
        this.alpha = s.alpha0;
        if (this.timeStep * s.fDec >= s.dtMin) this.timeStep *= s.fDec;
      }
    }
  }

  /** Sets the velocities to zero. */
  stop(): void {
    this.v.fill(0);
    this.vZero = true;
  }

  /** One MD step of x under the forces f (at x), with the mixing that `adapt` decided. */
  move(x: Float64Array, f: Float64Array): void {
    if (this.d.style === 'lammps') this.moveLammps(x, f);
    else this.moveAfterKick(x, f);
    this.vZero = false;
  }

  /** Velocity Verlet's second half kick, with the forces at the new positions. */
  completeStep(f: Float64Array): void {
    const { type, mass, ftm2v } = this.d;
    if (this.d.integrator === 'verlet') kick(this.v, f, type, mass, 0.5 * this.lastDt * ftm2v);
  }

  private moveLammps(x: Float64Array, f: Float64Array): void {
    const { type, mass, ftm2v, maxStep } = this.d;
    // Semi-implicit Euler: kick by dt, drift, so P pairs F(t) with v(t - dt/2). Velocity Verlet:
    // half kicks around the drift, so P pairs F(t) with v(t).
    const half = this.d.integrator === 'verlet' ? 0.5 : 1;
    // Cap the step so that no coordinate moves more than maxStep; from rest, the velocity is
    // estimated as dt F / m (as LAMMPS does).
    const vmax = this.vZero ? this.timeStep * ftm2v * maxAbsOverMass(f, type, mass) : maxAbs(this.v);
    const dtv = this.timeStep * vmax > maxStep ? maxStep / vmax : this.timeStep;
    kickMixDrift(x, this.v, f, type, mass, half * dtv * ftm2v, dtv, this.mixing, this.scale1, this.scale2);
    this.lastDt = dtv;
  }

  private moveAfterKick(x: Float64Array, f: Float64Array): void {
    const { type, mass, ftm2v, maxStep } = this.d;
    const v = this.v;
    kick(v, f, type, mass, this.timeStep * ftm2v);
    if (this.mixing) mixAfterKick(v, f, this.alpha);
    driftCapped(x, v, this.timeStep, maxStep);
  }
}

/**
 * FIRE on a plain vector (length 3N, or a band of several 3N blocks) with unit masses, for forces
 * that are not the gradient of one function: the modified force of minimum-mode following and
 * the forces on an elastic band. The 'after-kick' style with N_delay 5, f_inc 1.1, f_dec 0.5,
 * α 0.1 and f_α 0.99 (Bitzek et al.'s values); dt may shrink without bound.
 */
export interface FireSettings {
  /** Initial and largest time step, in sqrt(mass-free length^2 / energy) units. */
  dt: number;
  dtMax: number;
  /** Largest displacement of one atom in one step (length units). */
  maxStep: number;
}

export class FireStepper {
  private readonly fire: Fire;

  constructor(size: number, s: FireSettings) {
    this.fire = new Fire(
      { dt: s.dt, dtMax: s.dtMax, dtMin: 0, nDelay: 5, fInc: 1.1, fDec: 0.5, alpha0: 0.1, fAlpha: 0.99, initialDelay: false },
      { style: 'after-kick', integrator: 'euler', maxStep: s.maxStep, type: new Int32Array(size / 3), mass: Float64Array.of(1), ftm2v: 1 },
    );
  }

  /** One step of x under the force f. */
  step(x: Float64Array, f: Float64Array): void {
    const downhill = this.fire.power(f) > 0;
    this.fire.adapt(f, downhill);
    if (!downhill) this.fire.stop();
    this.fire.move(x, f);
  }
}

/** max_k |f_k| / m_k. */
function maxAbsOverMass(f: Float64Array, type: Int32Array, mass: Float64Array): number {
  let m = 0;
  for (let k = 0; k < f.length; k++) {
    const v = Math.abs(f[k]) / mass[type[(k / 3) | 0]];
    if (v > m) m = v;
  }
  return m;
}

/**
 * Kick, FIRE mixing and drift: v += dtf F/m; v = s1 v + s2 F (when mixing); x += dtv v. `dtf` is the
 * kick's time (dt, or dt/2 for velocity Verlet) times the force → velocity conversion.
 */
function kickMixDrift(
  x: Float64Array, v: Float64Array, f: Float64Array, type: Int32Array, mass: Float64Array,
  dtf: number, dtv: number, mix: boolean, scale1: number, scale2: number,
): void {
  const n = type.length;
  for (let i = 0; i < n; i++) {
    const c = dtf / mass[type[i]];
    for (let k = 3 * i; k < 3 * i + 3; k++) {
      let vk = v[k] + c * f[k];
      if (mix) vk = scale1 * vk + scale2 * f[k];
      v[k] = vk;
      x[k] += dtv * vk;
    }
  }
  return;
}

/** v += dtf F/m. */
function kick(v: Float64Array, f: Float64Array, type: Int32Array, mass: Float64Array, dtf: number): void {
  for (let i = 0; i < type.length; i++) {
    const c = dtf / mass[type[i]];
    for (let k = 3 * i; k < 3 * i + 3; k++) v[k] += c * f[k];
  }
  return;
}

/** v = (1 - alpha) v + alpha |v| F/|F|, with the kicked v. */
function mixAfterKick(v: Float64Array, f: Float64Array, alpha: number): void {
  const vn = Math.sqrt(dot(v, v)), fn = Math.sqrt(dot(f, f));
  if (!(fn > 0)) return;
  for (let k = 0; k < v.length; k++) v[k] = (1 - alpha) * v[k] + (alpha * vn * f[k]) / fn;
  return;
}

/** x += dt v, scaled down so that no atom moves more than maxStep. */
function driftCapped(x: Float64Array, v: Float64Array, dt: number, maxStep: number): void {
  let m = 0;
  for (let k = 0; k < v.length; k += 3) m = Math.max(m, v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]);
  const longest = dt * Math.sqrt(m);
  const c = longest > maxStep ? (dt * maxStep) / longest : dt;
  for (let k = 0; k < x.length; k++) x[k] += c * v[k];
  return;
}
