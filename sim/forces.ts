import type { State } from './state.js';
import type { ComputeFlags, ForceOutput, Potential } from './potentials/potential.js';
import { createForceOutput } from './potentials/potential.js';
import { createNeighborList, ensureNeighbors, type NeighborList } from './neighbor.js';

/** A potential together with the neighbour list it asked for: what MD and minimizers call. */
export interface ForceField {
  potential: Potential;
  nlist: NeighborList;
  out: ForceOutput;
}

export function createForceField(potential: Potential, skin: number): ForceField {
  return {
    potential,
    nlist: createNeighborList(potential.ntypes, (a, b) => potential.cutoff(a, b), skin),
    out: createForceOutput(),
  };
}

/** Brings the neighbour list up to date and fills state.f (and energy/virial when asked). */
export function computeForces(state: State, ff: ForceField, flags: ComputeFlags = { energyVirial: true }): ForceOutput {
  ensureNeighbors(state, ff.nlist);
  ff.potential.compute(state, ff.nlist, flags, ff.out);
  return ff.out;
}
