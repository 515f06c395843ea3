import { InputError } from '../errors.js';
import type { State } from '../state.js';
import type { StepContext, Thermostat } from './thermostat.js';
import { degreesOfFreedom, temperature } from '../thermo.js';
import { scaleVelocities } from './verlet.js';

export interface NoseHooverOptions {
  /** Damping time (LAMMPS `Tdamp`), in time units; the thermostat frequency is 1 / damp. */
  damp: number;
  /** Chain length (LAMMPS `tchain`, default 3). */
  chain?: number;
}

/**
 * Nosé–Hoover chain thermostat with the same equations, masses and update order as LAMMPS
 * `fix nvt` (Martyna, Tuckerman & Klein 1996 chains; Suzuki–Yoshida order 1, one loop): a half
 * step of the chain before the first half kick and after the second. Chain masses follow the
 * target temperature: Q_0 = N_f k T / w^2, Q_k = k T / w^2.
 */
export function noseHoover(opts: NoseHooverOptions): Thermostat {
  if (!(opts.damp > 0)) throw new InputError(`Nose-Hoover damp must be > 0, got ${opts.damp}`);
  const m = opts.chain ?? 3;
  if (!(Number.isInteger(m) && m >= 1)) throw new InputError(`Nose-Hoover chain length must be a positive integer, got ${opts.chain}`);
  const freq = 1 / opts.damp;
  // eta_dot has one extra, always-zero element so the top of the chain needs no special case.
  let eta = new Float64Array(m);
  let etaDot = new Float64Array(m + 1);
  let etaDotDot = new Float64Array(m);
  const etaMass = new Float64Array(m);
  let tCurrent = 0;

  const setMasses = (dof: number, kT: number) => {
    etaMass[0] = (dof * kT) / (freq * freq);
    for (let k = 1; k < m; k++) etaMass[k] = kT / (freq * freq);
  };

  /** One half step (dt/2) of the chain and the velocity scaling it implies. */
  const halfStep = (state: State, ctx: StepContext) => {
    const dof = degreesOfFreedom(state);
    const kT = ctx.units.boltz * ctx.targetT;
    const keTarget = dof * kT;
    const dt2 = 0.5 * ctx.dt, dt4 = 0.25 * ctx.dt, dt8 = 0.125 * ctx.dt;
    setMasses(dof, kT);
    etaDotDot[0] = (dof * ctx.units.boltz * tCurrent - keTarget) / etaMass[0];
    for (let k = m - 1; k > 0; k--) {
      const e = Math.exp(-dt8 * etaDot[k + 1]);
      etaDot[k] = (etaDot[k] * e + etaDotDot[k] * dt4) * e;
    }
    let e = Math.exp(-dt8 * etaDot[1]);
    etaDot[0] = (etaDot[0] * e + etaDotDot[0] * dt4) * e;
    const factor = Math.exp(-dt2 * etaDot[0]);
    scaleVelocities(state, factor);
    tCurrent *= factor * factor;
    etaDotDot[0] = (dof * ctx.units.boltz * tCurrent - keTarget) / etaMass[0];
    for (let k = 0; k < m; k++) eta[k] += dt2 * etaDot[k];
    etaDot[0] = (etaDot[0] * e + etaDotDot[0] * dt4) * e;
    for (let k = 1; k < m; k++) {
      e = Math.exp(-dt8 * etaDot[k + 1]);
      etaDotDot[k] = (etaMass[k - 1] * etaDot[k - 1] * etaDot[k - 1] - kT) / etaMass[k];
      etaDot[k] = (etaDot[k] * e + etaDotDot[k] * dt4) * e;
    }
  };

  return {
    kind: 'nose-hoover',
    setup(state, ctx) {
      tCurrent = temperature(state, ctx.units);
      const kT = ctx.units.boltz * ctx.targetT;
      setMasses(degreesOfFreedom(state), kT);
      for (let k = 1; k < m; k++) {
        etaDotDot[k] = (etaMass[k - 1] * etaDot[k - 1] * etaDot[k - 1] - kT) / etaMass[k];
      }
    },
    initialIntegrate: halfStep,
    postForce() {},
    finalIntegrate(state, ctx) {
      tCurrent = temperature(state, ctx.units);
      halfStep(state, ctx);
    },
    reservoirEnergy(state, ctx) {
      const kT = ctx.units.boltz * ctx.targetT;
      setMasses(degreesOfFreedom(state), kT);
      let e = degreesOfFreedom(state) * kT * eta[0];
      for (let k = 1; k < m; k++) e += kT * eta[k];
      for (let k = 0; k < m; k++) e += 0.5 * etaMass[k] * etaDot[k] * etaDot[k];
      return e;
    },
    save: () => ({ eta: [...eta], etaDot: [...etaDot], etaDotDot: [...etaDotDot], tCurrent }),
    restore(saved) {
      const s = saved as { eta: number[]; etaDot: number[]; etaDotDot: number[]; tCurrent: number };
      eta = Float64Array.from(s.eta);
      etaDot = Float64Array.from(s.etaDot);
      etaDotDot = Float64Array.from(s.etaDotDot);
      tCurrent = s.tCurrent;
    },
  };
}
