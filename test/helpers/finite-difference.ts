import type { State } from '../../sim/state.js';
import { computeForces, type ForceField } from '../../sim/forces.js';

/** Energy at the current positions. */
export function energyOf(state: State, ff: ForceField): number {
  return computeForces(state, ff, { energyVirial: true }).energy;
}

/**
 * Central-difference derivative -dE/dx_k for coordinate k (4th order: 8 (E+h - E-h) - (E+2h - E-2h)) / 12h).
 * Restores the coordinate afterwards.
 */
export function numericalForce(state: State, ff: ForceField, k: number, h = 1e-4): number {
  const x0 = state.x[k];
  const at = (d: number) => {
    state.x[k] = x0 + d;
    return energyOf(state, ff);
  };
  const value = -(8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
  state.x[k] = x0;
  return value;
}
