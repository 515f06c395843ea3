import type { State } from './state.js';
import type { Units } from './units.js';
import type { Rng } from './random.js';
import { temperature, zeroMomentum } from './thermo.js';

/**
 * Maxwell–Boltzmann velocities at temperature T from a seeded generator, with zero total
 * momentum and rescaled to exactly T (as LAMMPS `velocity all create T seed dist gaussian`).
 */
export function initVelocities(state: State, T: number, rng: Rng, units: Units): void {
  const { v, type, mass, n } = state;
  for (let i = 0; i < n; i++) {
    const s = Math.sqrt((units.boltz * Math.max(T, 0)) / (mass[type[i]] * units.mvv2e));
    v[3 * i] = s * rng.gaussian();
    v[3 * i + 1] = s * rng.gaussian();
    v[3 * i + 2] = s * rng.gaussian();
  }
  zeroMomentum(state);
  scaleToTemperature(state, T, units);
}

export function scaleToTemperature(state: State, T: number, units: Units): void {
  const current = temperature(state, units);
  if (current <= 0) return;
  const factor = Math.sqrt(T / current);
  for (let k = 0; k < state.v.length; k++) state.v[k] *= factor;
}
