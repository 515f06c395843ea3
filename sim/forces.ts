import type { State } from './state.js';
import type { ComputeFlags, ForceOutput, Potential } from './potentials/potential.js';
import { createForceOutput } from './potentials/potential.js';
import { createNeighborList, ensureNeighbors, type NeighborList, type PairSearch } from './neighbor.js';

/** A potential together with the neighbour list it asked for: what MD and minimizers call. */
export interface ForceField {
  potential: Potential;
  nlist: NeighborList;
  out: ForceOutput;
}

/**
 * A potential may carry its own `pairSearch` (the threads backend builds lists in its workers);
 * the lists of its force fields then use it, with the same result as the serial search.
 */
export function createForceField(potential: Potential & { pairSearch?: PairSearch }, skin: number): ForceField {
  const nlist = createNeighborList(potential.ntypes, (a, b) => potential.cutoff(a, b), skin);
  if (potential.pairSearch) nlist.search = potential.pairSearch;
  return { potential, nlist, out: createForceOutput() };
}

/** Brings the neighbour list up to date and fills state.f (and energy/virial when asked). */
export function computeForces(state: State, ff: ForceField, flags: ComputeFlags = { energyVirial: true }): ForceOutput {
  ensureNeighbors(state, ff.nlist);
  ff.potential.compute(state, ff.nlist, flags, ff.out);
  return ff.out;
}
