/**
 * The WebAssembly memory a neighbour list lives in, with the kernel that builds it (the pair search
 * of sim/wasm/assembly/neighbor.ts). Pair loops run over it in place (lj-kernel.ts).
 *
 * Layout: the list (rows start/wrapStart/end by atom, rowOrder, neigh), then one area used in turn
 * by the search (binned positions as x, y, z columns, types, candidate scratch) and by the force
 * loop (positions, types, forces, per-atom energies and virials): the two never run at the same time, so they
 * share those bytes. `prepare` re-lays the memory out only when something grew; every region is
 * then invalid, so the list must be searched (or copied) again (reserveForceRoom excepted).
 */
import type { CellSearch } from '../cell-search.js';
import { KernelInstance, type Layout } from './kernels.js';

export interface ListSizes {
  n: number;
  /** Room for listed pairs. */
  capacity: number;
  ntypes: number;
  /** Cells, stencil cells and stencil runs of the search grid, and its candidate scratch per cell. */
  ncells: number;
  stencil: number;
  runs: number;
  room: number;
  /** A force loop's pair constants (f64). */
  tables: number;
  /** 1 once per-atom virials were asked for: room for 6 per atom (0 before; it never goes back). */
  atomVirials: number;
}

const i32 = (length: number): ['i32', number] => ['i32', length];
const f64 = (length: number): ['f64', number] => ['f64', length];

const listSpecs = (z: ListSizes) => ({
  start: i32(z.n), wrapStart: i32(z.n), end: i32(z.n), rowOrder: i32(z.n), neigh: i32(z.capacity),
  cellStart: i32(z.ncells + 1), offsets: i32(3 * z.stencil), runs: i32(z.runs), stencilCell: i32(z.stencil),
  stencilShift: f64(3 * z.stencil), cutneighsq: f64(z.ntypes * z.ntypes), out: f64(7),
});
const searchSpecs = (z: ListSizes) => ({ sx: f64(z.n), sy: f64(z.n), sz: f64(z.n), stype: i32(z.n), candidates: f64(4 * z.room) });
/** What a force loop reads and writes; the kernel's pair constants and per-atom virials last. */
const forceSpecs = (z: ListSizes) => ({
  x: f64(3 * z.n), f: f64(3 * z.n), pe: f64(z.n), type: i32(z.n), tables: f64(z.tables), vatom: f64(6 * z.n * z.atomVirials),
});

type Regions = Layout<ReturnType<typeof listSpecs>> & Layout<ReturnType<typeof searchSpecs>> & Layout<ReturnType<typeof forceSpecs>>;

export class ListMemory {
  /** The kernels, on this memory. */
  readonly kernel = new KernelInstance();
  private sizes: ListSizes = { n: 0, capacity: 0, ntypes: 0, ncells: 0, stencil: 0, runs: 0, room: 0, tables: 0, atomVirials: 0 };
  /** The regions of the current layout (see the file comment for which are valid when). */
  regions!: Regions;
  /** Counts layouts: a list copied in before the last one is gone. */
  layouts = 0;

  /** Bytes of memory held. */
  get bytes(): number {
    return this.kernel.bytes;
  }

  /** Makes room for at least these sizes, re-laying the memory out when something grew. */
  prepare(want: Partial<ListSizes>): void {
    const z = this.sizes;
    const grown = (Object.keys(want) as (keyof ListSizes)[]).some((k) => want[k]! > z[k]);
    // The atom count and species sets the row and table lengths exactly.
    if (!grown && this.layouts > 0 && (want.n ?? z.n) === z.n && (want.ntypes ?? z.ntypes) === z.ntypes) return;
    for (const k of Object.keys(want) as (keyof ListSizes)[]) z[k] = k === 'n' || k === 'ntypes' ? want[k]! : Math.max(z[k], want[k]!);
    this.regions = this.kernel.layout(listSpecs(z), searchSpecs(z), forceSpecs(z));
    this.layouts++;
  }

  /**
   * Room in the force loop's regions (pair constants, per-atom virials). Only those grow and the
   * list comes first, so the list's content stays; its views change (returns true when they did).
   */
  reserveForceRoom(want: Pick<Partial<ListSizes>, 'tables' | 'atomVirials'>): boolean {
    const layouts = this.layouts;
    this.prepare(want);
    return this.layouts !== layouts;
  }

  /**
   * The pair search over cells c0 .. c1 of `input` (the kernel assembly/neighbor.ts), the atom
   * at binned position a named regions.rowOrder[a] (the caller fills it): rows into start/wrapStart/end,
   * neighbours into neigh from `first` below `capacity`; returns the end of what it wrote, or -1 when
   * the list is full. Call prepare (with room for the grid) first.
   */
  search(input: CellSearch, c0: number, c1: number, first: number, capacity: number): number {
    const { grid, cellStart, order, x, type, cutneighsq, box } = input;
    const n = cellStart[grid.ncells], ns = grid.offsets.length;
    const m = this.regions;
    const sx = m.sx.view, sy = m.sy.view, sz = m.sz.view, stype = m.stype.view;
    for (let a = 0; a < n; a++) {
      const i = order[a];
      sx[a] = x[3 * i];
      sy[a] = x[3 * i + 1];
      sz[a] = x[3 * i + 2];
      stype[a] = type[i];
    }
    m.cellStart.view.set(cellStart.subarray(0, grid.ncells + 1));
    m.cutneighsq.view.set(cutneighsq);
    m.offsets.view.set(grid.offsets.flat());
    m.runs.view.set(grid.runs);
    const [nx, ny, nz] = grid.nc;
    const count = this.kernel.exports.searchCells(
      m.sx.ptr, m.sy.ptr, m.sz.ptr, m.stype.ptr, m.rowOrder.ptr, m.cellStart.ptr, m.cutneighsq.ptr, m.offsets.ptr, m.runs.ptr,
      m.start.ptr, m.wrapStart.ptr, m.end.ptr, m.neigh.ptr, m.candidates.ptr, this.sizes.room, m.stencilCell.ptr, m.stencilShift.ptr,
      c0, c1, nx, ny, nz, ns, grid.runs.length, grid.allWrap, input.ntypes, first, capacity, box.lx, box.ly, box.lz, box.xy, box.xz, box.yz,
    );
    if (count === -2) throw new Error('neighbour search: candidate scratch too small');
    return count;
  }
}

/** Candidate scratch a cell grid needs: the fullest cell times the cells of a stencil and its own. */
export function searchRoom(input: CellSearch): number {
  const { grid, cellStart } = input;
  let most = 0;
  for (let c = 0; c < grid.ncells; c++) most = Math.max(most, cellStart[c + 1] - cellStart[c]);
  return most * (grid.offsets.length + 1);
}
