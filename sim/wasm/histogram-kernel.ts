/**
 * The pair loop of a radial distribution histogram (sim/wasm/assembly/histogram.ts) on atoms
 * already sorted into cells: a memory of its own, re-laid out when the atoms, cells or bins grow.
 */
import type { Box } from '../box.js';
import { KernelInstance, type Layout } from './kernels.js';

/** Atoms sorted into an nx × ny × nz cell grid, and the stencil of cells to pair each cell with. */
export interface CellPairs {
  box: Box;
  cells: [number, number, number];
  /** Binned positions. */
  X: Float64Array;
  Y: Float64Array;
  Z: Float64Array;
  /** Type × bins of each binned atom: its column offset in a histogram row. */
  column: Int32Array;
  /** Atoms of cell c are [cellStart[c], cellStart[c + 1]). */
  cellStart: Int32Array;
  /** A forward half stencil: dx, dy, dz of each cell paired with the home cell. */
  offsets: Int32Array;
}

const i32 = (length: number): ['i32', number] => ['i32', length];
const f64 = (length: number): ['f64', number] => ['f64', length];
const specs = (n: number, ncells: number, stencil: number, room: number, slots: number) => ({
  sx: f64(n), sy: f64(n), sz: f64(n), column: i32(n), cellStart: i32(ncells + 1), offsets: i32(3 * stencil),
  cand: f64(4 * room), hist: f64(slots),
});

let kernel: KernelInstance | undefined;

/**
 * Pair counts with r² < cutSq by bin k = ⌊r · delrinv⌋ < bins: every pair within a cell and between
 * a cell and its stencil cells, counted once, under (type of the home cell's atom, type of the
 * other): ntypes² · bins slots.
 */
export function countCellPairs(p: CellPairs, cutSq: number, delrinv: number, bins: number, ntypes: number): Float64Array {
  kernel ??= new KernelInstance();
  const [nx, ny, nz] = p.cells;
  const n = p.X.length, ncells = nx * ny * nz, stencil = p.offsets.length / 3;
  let most = 0;
  for (let c = 0; c < ncells; c++) most = Math.max(most, p.cellStart[c + 1] - p.cellStart[c]);
  const m: Layout<ReturnType<typeof specs>> = kernel.layout(specs(n, ncells, stencil, most * (stencil + 1), ntypes * ntypes * bins), {}, {});
  m.sx.view.set(p.X);
  m.sy.view.set(p.Y);
  m.sz.view.set(p.Z);
  m.column.view.set(p.column);
  m.cellStart.view.set(p.cellStart);
  m.offsets.view.set(p.offsets);
  m.hist.view.fill(0);
  const b = p.box;
  const status = kernel.exports.pairHistogram(
    m.sx.ptr, m.sy.ptr, m.sz.ptr, m.column.ptr, m.cellStart.ptr, m.offsets.ptr, stencil, nx, ny, nz, b.lx, b.ly, b.lz, b.xy, b.xz, b.yz,
    cutSq, delrinv, bins, ntypes, m.cand.ptr, most * (stencil + 1), m.hist.ptr,
  );
  if (status !== 0) throw new Error(`pair histogram kernel: status ${status}`);
  return m.hist.view.slice();
}
