/**
 * The cell grid of a neighbour-list build and what the pair search reads: plain data shared by
 * sim/neighbor.ts, the search kernel's driver (sim/wasm/list-memory.ts) and the threads backend.
 */
import { isTriclinic, perpendicularWidths, type Box } from './box.js';

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

/** What the pair search reads: the box and its cell grid, the cut-offs, and the atoms binned by binAtoms. */
export interface CellSearch {
  box: Box;
  grid: Grid;
  ntypes: number;
  cutneighsq: Float64Array;
  cellStart: Int32Array;
  sortedX: Float64Array;
  sortedType: Int32Array;
}

/** Where the rows go: start, wrapStart and end are indexed by the row's id, neigh holds ids. */
export interface ListRows {
  start: Int32Array;
  wrapStart: Int32Array;
  end: Int32Array;
  neigh: Int32Array;
}
