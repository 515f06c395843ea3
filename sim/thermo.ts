import type { State } from './state.js';
import type { Units } from './units.js';
import { boxVolume } from './box.js';

/**
 * Thermodynamic observables with LAMMPS conventions: the temperature counts 3N - 3 degrees of
 * freedom (total momentum removed), and the pressure tensor is
 * P_ab = (sum_i m v_a v_b + sum_pairs r_a F_b) / V, converted by nktv2p.
 */

export function degreesOfFreedom(state: State): number {
  return Math.max(1, 3 * state.n - 3);
}

/** Twice the kinetic energy tensor sum m v_a v_b (xx, yy, zz, xy, xz, yz), in mass·velocity². */
export function kineticTensor(state: State): Float64Array {
  const { v, type, mass, n } = state;
  const t = new Float64Array(6);
  for (let i = 0; i < n; i++) {
    const m = mass[type[i]];
    const vx = v[3 * i], vy = v[3 * i + 1], vz = v[3 * i + 2];
    t[0] += m * vx * vx; t[1] += m * vy * vy; t[2] += m * vz * vz;
    t[3] += m * vx * vy; t[4] += m * vx * vz; t[5] += m * vy * vz;
  }
  return t;
}

/** Sum of m v^2. Hot loops end in a plain return: V8 then reuses their on-stack-replaced code. */
function sumMassVelocitySquared(v: Float64Array, type: Int32Array, mass: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const vx = v[3 * i], vy = v[3 * i + 1], vz = v[3 * i + 2];
    s += mass[type[i]] * (vx * vx + vy * vy + vz * vz);
  }
  return s;
}

export function kineticEnergy(state: State, units: Units): number {
  return 0.5 * sumMassVelocitySquared(state.v, state.type, state.mass, state.n) * units.mvv2e;
}

export function temperature(state: State, units: Units): number {
  return temperatureOfSum(sumMassVelocitySquared(state.v, state.type, state.mass, state.n), degreesOfFreedom(state), units);
}

/** The temperature of `dof` degrees of freedom whose sum of m v^2 is `mv2` (what `temperature` computes). */
export function temperatureOfSum(mv2: number, dof: number, units: Units): number {
  return (2 * (0.5 * mv2 * units.mvv2e)) / (dof * units.boltz);
}

/** Pressure tensor xx, yy, zz, xy, xz, yz from velocities and a virial tensor. */
export function pressureTensor(state: State, virial: ArrayLike<number>, units: Units): Float64Array {
  const ke = kineticTensor(state);
  const inv = units.nktv2p / boxVolume(state.box);
  const p = new Float64Array(6);
  for (let k = 0; k < 6; k++) p[k] = (ke[k] * units.mvv2e + virial[k]) * inv;
  return p;
}

export function scalarPressure(tensor: ArrayLike<number>): number {
  return (tensor[0] + tensor[1] + tensor[2]) / 3;
}

/** Total momentum sum m v. */
export function totalMomentum(state: State): [number, number, number] {
  const p: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < state.n; i++) {
    const m = state.mass[state.type[i]];
    for (let d = 0; d < 3; d++) p[d] += m * state.v[3 * i + d];
  }
  return p;
}

/** Removes the centre-of-mass velocity (LAMMPS `velocity ... zero linear`, `fix momentum`). */
export function zeroMomentum(state: State): void {
  const p = totalMomentum(state);
  let mtot = 0;
  for (let i = 0; i < state.n; i++) mtot += state.mass[state.type[i]];
  for (let i = 0; i < state.n; i++) {
    for (let d = 0; d < 3; d++) state.v[3 * i + d] -= p[d] / mtot;
  }
}
