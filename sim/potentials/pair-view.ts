import type { Box } from '../box.js';
import type { State } from '../state.js';

/**
 * What a pair loop reads: positions, types and box, and a half list in the layout of
 * sim/neighbor.ts (rows stored in `rowOrder`, neighbours of the atom of row r at
 * neigh[start[i] .. end[i]), i = rowOrder[r], minimum image from wrapStart[i] on). The cpu
 * potentials pass the state and the host list; a worker of the threads backend passes its
 * shared, cell-sorted copies.
 */
export interface PairView {
  x: Float64Array;
  type: Int32Array;
  box: Box;
  start: Int32Array;
  wrapStart: Int32Array;
  end: Int32Array;
  neigh: Int32Array;
  rowOrder: Int32Array;
}

/** A state with a list's rows (a NeighborList, or any object with those arrays). */
export function pairView(state: State, nlist: Pick<PairView, 'start' | 'wrapStart' | 'end' | 'neigh' | 'rowOrder'>): PairView {
  return {
    x: state.x, type: state.type, box: state.box,
    start: nlist.start, wrapStart: nlist.wrapStart, end: nlist.end, neigh: nlist.neigh, rowOrder: nlist.rowOrder,
  };
}
