/**
 * The pair search of a list build (sim/wasm/assembly/neighbor.ts) for the cell list of
 * sim/neighbor.ts: copies the binned atoms in (positions as x, y, z columns), searches cells
 * c0 .. c1, and copies their rows out. Used by buildNeighbors and by the threads backend's workers.
 */
import type { CellSearch, ListRows } from '../neighbor.js';
import { KernelInstance, type ArraySpec, type Layout } from './kernels.js';

const specs = (n: number, ncells: number, ntypes: number, ns: number, nruns: number, pairs: number, room: number) => ({
  sx: ['f64', n] as ArraySpec,
  sy: ['f64', n] as ArraySpec,
  sz: ['f64', n] as ArraySpec,
  cutneighsq: ['f64', ntypes * ntypes] as ArraySpec,
  stencilShift: ['f64', 3 * ns] as ArraySpec,
  stype: ['i32', n] as ArraySpec,
  ids: ['i32', n] as ArraySpec,
  cellStart: ['i32', ncells + 1] as ArraySpec,
  offsets: ['i32', 3 * ns] as ArraySpec,
  runs: ['i32', nruns] as ArraySpec,
  stencilCell: ['i32', ns] as ArraySpec,
  start: ['i32', n] as ArraySpec,
  wrapStart: ['i32', n] as ArraySpec,
  end: ['i32', n] as ArraySpec,
  candidates: ['f64', Math.ceil((room * 32) / 8)] as ArraySpec,
  neigh: ['i32', pairs] as ArraySpec,
});
type Memory = Layout<ReturnType<typeof specs>>;

export class SearchKernel {
  private readonly kernel = new KernelInstance('neighbor');

  /**
   * Fills the rows of the atoms of cells c0 .. c1 (see searchCells in sim/neighbor.ts), writing
   * neighbours from out.neigh[first] on; returns the end of what it wrote, or -1 when they do not
   * fit below `capacity`.
   */
  search(input: CellSearch, ids: Int32Array, c0: number, c1: number, out: ListRows, first: number, capacity: number): number {
    const { grid, cellStart, sortedX, sortedType, cutneighsq, box } = input;
    const n = cellStart[grid.ncells], ns = grid.offsets.length;
    let most = 0;
    for (let c = 0; c < grid.ncells; c++) most = Math.max(most, cellStart[c + 1] - cellStart[c]);
    const room = most * (ns + 1);
    const m: Memory = this.kernel.layout(specs(n, grid.ncells, input.ntypes, ns, grid.runs.length, Math.max(capacity - first, 0), room));
    for (let a = 0; a < n; a++) {
      m.sx.view[a] = sortedX[3 * a];
      m.sy.view[a] = sortedX[3 * a + 1];
      m.sz.view[a] = sortedX[3 * a + 2];
    }
    m.stype.view.set(sortedType.subarray(0, n));
    m.ids.view.set(ids.subarray(0, n));
    m.cellStart.view.set(cellStart.subarray(0, grid.ncells + 1));
    m.cutneighsq.view.set(cutneighsq);
    m.offsets.view.set(grid.offsets.flat());
    m.runs.view.set(grid.runs);
    const [nx, ny, nz] = grid.nc;
    const count = this.kernel.exports.searchCells(
      m.sx.ptr, m.sy.ptr, m.sz.ptr, m.stype.ptr, m.ids.ptr, m.cellStart.ptr, m.cutneighsq.ptr, m.offsets.ptr, m.runs.ptr,
      m.start.ptr, m.wrapStart.ptr, m.end.ptr, m.neigh.ptr, m.candidates.ptr, room, m.stencilCell.ptr, m.stencilShift.ptr,
      c0, c1, nx, ny, nz, ns, grid.runs.length, grid.allWrap, input.ntypes, 0, capacity - first,
      box.lx, box.ly, box.lz, box.xy, box.xz, box.yz,
    ) as number;
    if (count === -2) throw new Error('neighbour search: candidate scratch too small');
    if (count < 0) return -1;
    for (let a = cellStart[c0], a1 = cellStart[c1]; a < a1; a++) {
      const i = ids[a];
      out.start[i] = m.start.view[a] + first;
      out.wrapStart[i] = m.wrapStart.view[a] + first;
      out.end[i] = m.end.view[a] + first;
    }
    out.neigh.set(m.neigh.view.subarray(0, count), first);
    return first + count;
  }
}
