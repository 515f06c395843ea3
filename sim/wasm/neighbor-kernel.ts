/**
 * The pair search for rows that live outside WebAssembly memory (the shared list of the threads
 * backend's workers): searches in a ListMemory of its own and copies the rows out.
 * buildNeighbors searches in the list's own ListMemory instead.
 */
import type { CellSearch, ListRows } from '../cell-search.js';
import { ListMemory, searchRoom } from './list-memory.js';

export class SearchKernel {
  private readonly memory = new ListMemory();

  /** As ListMemory.search: rows of cells c0 .. c1 into `out`, neighbours from out.neigh[first] below `capacity`; -1 when they do not fit. */
  search(input: CellSearch, ids: Int32Array, c0: number, c1: number, out: ListRows, first: number, capacity: number): number {
    const { grid, cellStart } = input;
    const n = cellStart[grid.ncells];
    const mem = this.memory;
    mem.prepare({
      n, capacity: Math.max(capacity - first, 0), ntypes: input.ntypes, ncells: grid.ncells, stencil: grid.offsets.length,
      runs: grid.runs.length, room: searchRoom(input),
    });
    const m = mem.regions;
    m.rowOrder.view.set(ids.subarray(0, n));
    const count = mem.search(input, c0, c1, 0, capacity - first);
    if (count < 0) return -1;
    for (let a = cellStart[c0], a1 = cellStart[c1]; a < a1; a++) {
      const i = ids[a];
      out.start[i] = m.start.view[i] + first;
      out.wrapStart[i] = m.wrapStart.view[i] + first;
      out.end[i] = m.end.view[i] + first;
    }
    out.neigh.set(m.neigh.view.subarray(0, count), first);
    return first + count;
  }
}
