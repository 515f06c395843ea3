/**
 * The cell grid of a neighbour-list build, the binning of the atoms into it, and what the pair
 * search reads: plain data shared by sim/neighbor.ts, the search kernel's driver
 * (sim/wasm/list-memory.ts) and the threads backend.
 */
import { isTriclinic, perpendicularWidths, toFractional, type Box } from './box.js';
import type { State } from './state.js';

/**
 * Cells per neighbour cut-off: smaller cells mean fewer distance checks per atom. (The
 * WebAssembly search, sim/wasm/assembly/neighbor.ts, has the same constant K.)
 */
const CELLS_PER_CUTOFF = 2;

/**
 * Cells at least cutoff / CELLS_PER_CUTOFF wide, and the "forward" half of the stencil: offsets
 * lexicographically after (0, 0, 0), so every pair of distinct cells is visited once. An axis too
 * short for a full stencil gets a single cell; then every pair may need the minimum image.
 */
export interface Grid {
  key: string;
  nc: number[];
  ncells: number;
  offsets: number[][];
  /**
   * The stencil as runs of cells adjacent along z (so their atoms are contiguous once binned):
   * cells c + runs[2q] .. c + runs[2q + 1], for a cell c whose whole stencil lies inside the grid.
   */
  runs: Int32Array;
  allWrap: boolean;
}

export function cellGrid(box: Box, rc: number, key: string): Grid {
  const K = CELLS_PER_CUTOFF;
  // Cells are slices of the box in fractional coordinates, each at least rc / K thick between
  // faces, so all neighbours of a cell lie within K cells along every axis.
  const widths = perpendicularWidths(box);
  const nc = widths.map((w) => {
    const m = Math.floor((w / rc) * K);
    return m >= 2 * K + 1 ? m : 1;
  });
  const orthorhombic = !isTriclinic(box);
  const len = [box.lx, box.ly, box.lz];
  const offsets: number[][] = [];
  for (let ox = -K; ox <= K; ox++)
    for (let oy = -K; oy <= K; oy++)
      for (let oz = -K; oz <= K; oz++) {
        const o = [ox, oy, oz];
        const forward = ox > 0 || (ox === 0 && (oy > 0 || (oy === 0 && oz > 0)));
        // Closest approach of two cells of a rectangular grid; beyond the cut-off they are skipped.
        const gap2 = o.reduce((sum, q, d) => sum + (Math.max(Math.abs(q) - 1, 0) * (len[d] / nc[d])) ** 2, 0);
        if (forward && (!orthorhombic || gap2 < rc * rc) && o.every((q, d) => q === 0 || nc[d] > 1)) offsets.push(o);
      }
  const runs: number[] = [];
  offsets.forEach(([ox, oy, oz], s) => {
    const step = (ox * nc[1] + oy) * nc[2] + oz;
    const [px, py, pz] = offsets[s - 1] ?? [NaN, NaN, NaN];
    if (px === ox && py === oy && pz === oz - 1) runs[runs.length - 1] = step + 1;
    else runs.push(step, step + 1);
  });
  return { key, nc, ncells: nc[0] * nc[1] * nc[2], offsets, runs: Int32Array.from(runs), allWrap: nc.some((m) => m === 1) };
}

/**
 * What the pair search reads: the box and its cell grid, the cut-offs, and the atoms binned by
 * binAtoms (the atom at binned position a is order[a]); each search gathers their positions and
 * types in that order into the columns it reads (gatherAtoms), so no binned copy is kept here.
 */
export interface CellSearch {
  box: Box;
  grid: Grid;
  ntypes: number;
  cutneighsq: Float64Array;
  cellStart: Int32Array;
  order: Int32Array;
  /** Positions (wrapped) and types by atom index. */
  x: Float64Array;
  type: Int32Array;
}

/** Where the rows go: start, wrapStart and end are indexed by the row's id, neigh holds ids. */
export interface ListRows {
  start: Int32Array;
  wrapStart: Int32Array;
  end: Int32Array;
  neigh: Int32Array;
}

/** Cell-list scratch of a list build, reused between builds (NeighborList.cells). */
export interface Cells {
  cellOf: Int32Array;
  cellAtoms: Int32Array;
  cellStart: Int32Array;
}

/** Counting sort of atoms into cells: atoms of cell c are cellAtoms[cellStart[c] .. cellStart[c+1]), in increasing index order. */
export function binAtoms(state: State, grid: Grid, cells: Cells): void {
  const { n, x, box } = state;
  const { nc, ncells } = grid;
  const { cellOf, cellAtoms, cellStart } = cells;
  cellStart.fill(0, 0, ncells + 1);
  const f = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    toFractional(box, x[3 * i], x[3 * i + 1], x[3 * i + 2], f);
    const cx = Math.min(nc[0] - 1, Math.floor(f[0] * nc[0]));
    const cy = Math.min(nc[1] - 1, Math.floor(f[1] * nc[1]));
    const cz = Math.min(nc[2] - 1, Math.floor(f[2] * nc[2]));
    const c = (cx * nc[1] + cy) * nc[2] + cz;
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < ncells; c++) cellStart[c + 1] += cellStart[c];
  // Now cellStart[c + 1] is the end of cell c; filling backwards moves it to the start of cell c.
  for (let i = n - 1; i >= 0; i--) cellAtoms[--cellStart[cellOf[i] + 1]] = i;
  for (let c = 0; c < ncells; c++) cellStart[c] = cellStart[c + 1];
  cellStart[ncells] = n;
}

/** Positions and types of atoms order[0 .. n) into rows 0 .. n of xOut and typeOut. */
export function gatherAtoms(order: Int32Array, x: Float64Array, type: Int32Array, xOut: Float64Array, typeOut: Int32Array, n: number): void {
  for (let a = 0; a < n; a++) {
    const i = order[a];
    xOut[3 * a] = x[3 * i];
    xOut[3 * a + 1] = x[3 * i + 1];
    xOut[3 * a + 2] = x[3 * i + 2];
    typeOut[a] = type[i];
  }
}

/** `c` with room for n atoms and ncells cells (its arrays replaced where they are too short). */
export function cellScratch(c: Cells, n: number, ncells: number): Cells {
  if (c.cellOf.length < n) {
    c.cellOf = new Int32Array(n);
    c.cellAtoms = new Int32Array(n);
  }
  if (c.cellStart.length < ncells + 1) c.cellStart = new Int32Array(ncells + 1);
  return c;
}
