import type { StepContext } from './thermostat.js';
import { finiteState, type State } from '../state.js';

/** What the blow-up check of an MD step needs: whether every position and velocity is finite, and the largest v^2. */
export interface Motion {
  finite: boolean;
  vmax2: number;
}

/** The motion of a state on the host. */
export function motionOf(state: State): Motion {
  if (!finiteState(state)) return { finite: false, vmax2: NaN };
  const v = state.v;
  let vmax2 = 0;
  for (let k = 0; k < v.length; k += 3) vmax2 = Math.max(vmax2, v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]);
  return { finite: true, vmax2 };
}

/**
 * Whole velocity-Verlet steps run where the forces are computed (the threads backend's workers),
 * with the state kept there between steps; the host only computes the thermostat's factors. A
 * potential offers them (Potential.residentSteps) for thermostats that are a uniform scaling and
 * leave the drift alone (NVE, Nosé–Hoover); runMD (sim/md.ts) then steps through them. Each step
 * gives the very bits of runMD's host loop on the same potential.
 */
export interface ResidentSteps {
  /**
   * One step, from the thermostat's first half step to its last: scalings, half kick, drift, a
   * new neighbour list when an atom moved too far, forces (with energy and virial into the force
   * field's output when asked), half kick. Returns whether the list was rebuilt, and the motion
   * after the drift (what runMD checks for a blow-up).
   */
  step(ctx: StepContext, energyVirial: boolean): { rebuilt: boolean; motion: Motion };
  /** Writes positions, velocities and forces into the state (before anything reads it). */
  sync(): void;
  /** After the host changed state.v (a synced state): the steps take the velocities from it again. */
  velocitiesChanged(): void;
}
