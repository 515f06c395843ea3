/**
 * The dynamical part of a checkpoint, shared by sweep members and `betascape md`: state, neighbour
 * list, the last force call's energy and virial, and the thermostat (and barostat). Restoring it
 * into fresh objects continues the run bit for bit (sim/io/checkpoint.ts explains how).
 */
import { cloneState, type State } from '../state.js';
import type { ForceField } from '../forces.js';
import { buildPositions } from '../neighbor.js';
import { createForceOutput } from '../potentials/potential.js';
import type { Thermostat } from '../integrate/thermostat.js';
import {
  loadState, restoreForceOutput, restoreNeighborList, saveForceOutput, saveNeighborList, saveState,
  type SavedForceOutput, type SavedNeighborList, type SavedState,
} from '../io/checkpoint.js';

export interface SavedDynamics {
  state: SavedState;
  neighbor: SavedNeighborList;
  forces: SavedForceOutput;
  thermostat: unknown;
}

export function saveDynamics(state: State, ff: ForceField, thermostat: Thermostat): SavedDynamics {
  return { state: saveState(state), neighbor: saveNeighborList(ff.nlist), forces: saveForceOutput(ff.out), thermostat: thermostat.save() };
}

/**
 * The saved state, with `thermostat`, ff.out and ff.nlist put back as they were when it was saved;
 * `warn` hears when the rebuilt neighbour list may differ in its last bits.
 */
export function restoreDynamics(saved: SavedDynamics, ff: ForceField, thermostat: Thermostat, warn: (m: string) => void): State {
  const state = loadState(saved.state);
  thermostat.restore(saved.thermostat);
  restoreForceOutput(ff.out, saved.forces);
  if (!restoreNeighborList(state, ff.nlist, saved.neighbor)) warn('the restored neighbour list may differ in its last bits from the interrupted run’s');
  replayFirstUse(state, ff);
  return state;
}

/**
 * Some potentials reorganise a fresh neighbour list at its first use (EAM sorts each row into
 * pairs inside and outside the cut-off, at the positions of that moment), which fixes their
 * summation order until the next build. The interrupted run did that at the build positions;
 * doing it again there (on a copy, results discarded) makes the continuation bit-for-bit.
 */
function replayFirstUse(state: State, ff: ForceField): void {
  const replay = cloneState(state);
  replay.x.set(buildPositions(ff.nlist));
  replay.box = { ...ff.nlist.boxAtBuild! };
  ff.potential.compute(replay, ff.nlist, { energyVirial: false }, createForceOutput());
}
