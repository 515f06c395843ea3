/**
 * FIRE 2.0: Guénolé, Nöhring, Vaid, Houllé, Xie, Prakash, Bitzek, Comput. Mater. Sci. 175, 109584
 * (2020), Algorithm 2, in the order of operations of LAMMPS `min_style fire`: MD with the velocity
 * mixed towards the force direction while the power P = F·v is positive; on an uphill step (P <= 0,
 * or with downhillCheck a rise of the energy) the time step shrinks, the system optionally goes back
 * half a step, and stops; a step never moves a coordinate more than maxDisplacement. Integrators as
 * LAMMPS `min_modify integrator eulerimplicit | verlet`: with LAMMPS_FIRE the path is LAMMPS's
 * default one, with integrator 'verlet' (downhillCheck off) LAMMPS's verlet one. Why the defaults
 * differ: FIRE_DEFAULTS in types.ts. Velocities live in a private array; state.v is not touched.
 */
import type { State } from '../../sim/state.js';
import { evaluate, type Objective } from './objective.js';
import { energyConverged, forceConverged, type MethodOutcome, type ResolvedOptions } from './types.js';
import { axpy, dot, maxAbs } from './vec.js';

export function runFire(obj: Objective, opts: ResolvedOptions): MethodOutcome {
  const p = opts.fire;
  const state = obj.state;
  const v = new Float64Array(3 * state.n);
  const dtMax = p.dtMaxFactor * p.dt;
  const dtMin = p.dtMinFactor * p.dt;
  // Semi-implicit Euler: kick by dt, drift, so P pairs F(t) with v(t - dt/2). Velocity Verlet: half
  // kicks around the drift, so P pairs F(t) with v(t).
  const verlet = p.integrator === 'verlet';
  const kick = verlet ? 0.5 : 1;
  let dt = p.dt;
  let alpha = p.alpha0;
  let lastNegative = 0;
  let uphill = 0;
  // Velocities are zero at the start and after every uphill step.
  let vZero = true;
  let energy = evaluate(obj);
  let ePrev = energy;
  if (forceConverged(state.f, opts)) return { reason: 'ftol', iterations: 0 };

  for (let iter = 1; iter <= opts.maxIterations; iter++) {
    const power = dot(state.f, v);
    // With v(t), P stays positive on a mode beyond the stability limit while it blows up; the energy,
    // which then rises, catches it.
    const rose = p.downhillCheck && energy - ePrev > 1e-10 * Math.abs(ePrev);
    let mix = false, scale1 = 1, scale2 = 0;
    if (power > 0 && !rose) {
      // Mixing v <- (1 - alpha) v + alpha |v| F/|F|, with |v| taken before the velocity update.
      const ff = dot(state.f, state.f);
      mix = true;
      uphill = 0;
      scale1 = 1 - alpha;
      scale2 = ff <= 1e-20 ? 0 : alpha * Math.sqrt(dot(v, v) / ff);
      if (iter - lastNegative > p.nDelay) {
        dt = Math.min(dt * p.fInc, dtMax);
        alpha *= p.fAlpha;
      }
    } else {
      lastNegative = iter;
      if (!(p.initialDelay && iter < p.nDelay)) {
        alpha = p.alpha0;
        if (dt * p.fDec >= dtMin) dt *= p.fDec;
      }
      if (p.maxUphill > 0 && ++uphill > p.maxUphill) return { reason: 'uphill-limit', iterations: iter - 1 };
      if (!vZero) {
        // Inertia correction: back by half a (new, shorter) step, x <- x - dt v / 2, then restart
        // from rest at the forces there.
        if (p.halfStepBack) {
          axpy(state.x, -0.5 * dt, v);
          energy = evaluate(obj);
        }
        v.fill(0);
        vZero = true;
      }
    }
    // Cap the step so that no coordinate moves more than maxDisplacement; from rest, the velocity
    // is estimated as dt F / m (as LAMMPS does).
    const vmax = vZero ? dt * opts.ftm2v * maxAbsOverMass(state.f, state) : maxAbs(v);
    const dtv = dt * vmax > opts.maxDisplacement ? opts.maxDisplacement / vmax : dt;

    fireStep(state.x, v, state.f, state.type, state.mass, kick * dtv * opts.ftm2v, dtv, mix, scale1, scale2);
    vZero = false;
    ePrev = energy;
    energy = evaluate(obj);
    if (verlet) kickVelocities(v, state.f, state.type, state.mass, kick * dtv * opts.ftm2v);

    opts.onIteration?.({ iteration: iter, energy, forceEvaluations: obj.evaluations });
    if (obj.evaluations >= opts.maxForceEvaluations) return { reason: 'max-evaluations', iterations: iter };
    // The energy test waits nDelay steps after a restart, as LAMMPS does.
    if (iter - lastNegative > p.nDelay && energyConverged(energy, ePrev, opts.etol)) return { reason: 'etol', iterations: iter };
    if (forceConverged(state.f, opts)) return { reason: 'ftol', iterations: iter };
  }
  return { reason: 'max-iterations', iterations: opts.maxIterations };
}

/** max_k |f_k| / m_k. */
function maxAbsOverMass(f: Float64Array, state: State): number {
  const { type, mass } = state;
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
function fireStep(
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

/** Velocity Verlet's second half kick: v += dtf F/m. */
function kickVelocities(v: Float64Array, f: Float64Array, type: Int32Array, mass: Float64Array, dtf: number): void {
  for (let i = 0; i < type.length; i++) {
    const c = dtf / mass[type[i]];
    for (let k = 3 * i; k < 3 * i + 3; k++) v[k] += c * f[k];
  }
  return;
}
