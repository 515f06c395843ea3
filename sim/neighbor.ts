import type { State } from './state.js';
import { assertOrthorhombic, wrapPositions } from './box.js';

/**
 * Half Verlet neighbour list (each pair once, j stored under i) in compressed-row form, built
 * from a cell list. A pair of species (ti, tj) is listed when closer than cutoff(ti, tj) + skin,
 * as LAMMPS does with per-type `cutneighsq`. The list stays valid until some atom has moved more
 * than skin/2 since the build; `ensureNeighbors` checks that every step and rebuilds, so no
 * interaction is ever missed.
 */
export interface NeighborList {
  readonly skin: number;
  readonly ntypes: number;
  /** (cutoff + skin)^2 per species pair, flat ntypes × ntypes. */
  readonly cutneighsq: Float64Array;
  /** Largest cutoff + skin: the cell size and the smallest allowed half box length. */
  readonly cutneighMax: number;
  /** Neighbours of atom i are neigh[start[i] .. start[i+1]). */
  start: Int32Array;
  neigh: Int32Array;
  /** Positions at the last build. */
  xBuild: Float64Array;
  /** Box edge lengths at the last build; a box change forces a rebuild. */
  boxBuild: [number, number, number];
  /** Number of builds so far. */
  builds: number;
  /** Cell grid and stencil for the box lengths in `key`; recomputed when the box changes. */
  grid?: { key: string; nc: number[]; ncells: number; stencil: Int32Array; stencilSize: number };
  /** Cell-list scratch, reused between builds. */
  cells: {
    cellOf: Int32Array;
    cellAtoms: Int32Array;
    cellStart: Int32Array;
    sortedX: Float64Array;
    sortedType: Int32Array;
    sortedIndex: Int32Array;
  };
}

export function createNeighborList(
  ntypes: number,
  cutoff: (ti: number, tj: number) => number,
  skin: number,
): NeighborList {
  if (!(skin >= 0)) throw new Error(`neighbour skin must be >= 0, got ${skin}`);
  const cutneighsq = new Float64Array(ntypes * ntypes);
  let cutneighMax = 0;
  for (let i = 0; i < ntypes; i++) {
    for (let j = 0; j < ntypes; j++) {
      const c = cutoff(i, j) + skin;
      cutneighsq[i * ntypes + j] = c * c;
      cutneighMax = Math.max(cutneighMax, c);
    }
  }
  return {
    skin,
    ntypes,
    cutneighsq,
    cutneighMax,
    start: new Int32Array(1),
    neigh: new Int32Array(0),
    xBuild: new Float64Array(0),
    boxBuild: [0, 0, 0],
    builds: 0,
    cells: {
      cellOf: new Int32Array(0),
      cellAtoms: new Int32Array(0),
      cellStart: new Int32Array(0),
      sortedX: new Float64Array(0),
      sortedType: new Int32Array(0),
      sortedIndex: new Int32Array(0),
    },
  };
}

/** True when the list must be rebuilt: first use, box change, or an atom moved more than skin/2. */
export function needsRebuild(state: State, nl: NeighborList): boolean {
  if (nl.builds === 0 || nl.xBuild.length !== state.x.length) return true;
  const b = state.box;
  if (b.lx !== nl.boxBuild[0] || b.ly !== nl.boxBuild[1] || b.lz !== nl.boxBuild[2]) return true;
  const limit = 0.25 * nl.skin * nl.skin;
  const x = state.x, x0 = nl.xBuild;
  for (let k = 0; k < x.length; k += 3) {
    const dx = x[k] - x0[k], dy = x[k + 1] - x0[k + 1], dz = x[k + 2] - x0[k + 2];
    if (dx * dx + dy * dy + dz * dz > limit) return true;
  }
  return false;
}

/** Rebuilds the list if needed; returns whether it did. */
export function ensureNeighbors(state: State, nl: NeighborList): boolean {
  if (!needsRebuild(state, nl)) return false;
  buildNeighbors(state, nl);
  return true;
}

/** Cells per neighbour cut-off: smaller cells mean fewer distance checks per atom. */
const CELLS_PER_CUTOFF = 2;

/**
 * Cells at least cutoff / CELLS_PER_CUTOFF wide (one cell spans an axis too short for a full
 * stencil) and, per cell, the "forward" half of its stencil: offsets lexicographically after
 * (0, 0, 0), so every pair of distinct cells is visited exactly once.
 */
function cellGrid(len: number[], rc: number) {
  const K = CELLS_PER_CUTOFF;
  const nc = len.map((L) => {
    const m = Math.floor((L / rc) * K);
    return m >= 2 * K + 1 ? m : 1;
  });
  const offsets: number[][] = [];
  for (let ox = -K; ox <= K; ox++)
    for (let oy = -K; oy <= K; oy++)
      for (let oz = -K; oz <= K; oz++) {
        const o = [ox, oy, oz];
        const forward = ox > 0 || (ox === 0 && (oy > 0 || (oy === 0 && oz > 0)));
        // Closest approach of the two cells; cells farther apart than the cut-off are skipped.
        const gap2 = o.reduce((sum, q, d) => sum + (Math.max(Math.abs(q) - 1, 0) * (len[d] / nc[d])) ** 2, 0);
        if (forward && gap2 < rc * rc && o.every((q, d) => q === 0 || nc[d] > 1)) offsets.push(o);
      }
  const ncells = nc[0] * nc[1] * nc[2];
  const stencil = new Int32Array(ncells * offsets.length);
  for (let cx = 0; cx < nc[0]; cx++)
    for (let cy = 0; cy < nc[1]; cy++)
      for (let cz = 0; cz < nc[2]; cz++) {
        const c = (cx * nc[1] + cy) * nc[2] + cz;
        offsets.forEach(([ox, oy, oz], k) => {
          const nx = (cx + ox + nc[0]) % nc[0], ny = (cy + oy + nc[1]) % nc[1], nz = (cz + oz + nc[2]) % nc[2];
          stencil[c * offsets.length + k] = (nx * nc[1] + ny) * nc[2] + nz;
        });
      }
  return { nc, ncells, stencil, stencilSize: offsets.length };
}

/** Wraps positions into the box (updating image flags) and rebuilds the list from a cell list. */
export function buildNeighbors(state: State, nl: NeighborList): void {
  const box = state.box;
  assertOrthorhombic(box, 'neighbour list');
  const len = [box.lx, box.ly, box.lz];
  const rc = nl.cutneighMax;
  for (let d = 0; d < 3; d++) {
    if (len[d] < 2 * rc) {
      throw new Error(
        `box length ${len[d]} along ${'xyz'[d]} is shorter than twice the cut-off + skin (${2 * rc}); use a larger system`,
      );
    }
  }
  wrapPositions(box, state.x, state.image);
  const n = state.n;
  const { x, type } = state;
  const key = len.join(' ');
  if (nl.grid?.key !== key) nl.grid = { key, ...cellGrid(len, rc) };
  const { nc, ncells, stencil, stencilSize } = nl.grid;
  const scratch = cellScratch(nl, n, ncells);
  const { cellOf, cellAtoms, cellStart, sortedX, sortedType, sortedIndex } = scratch;

  // Bin atoms by cell (counting sort): atoms of cell c are cellAtoms[cellStart[c] .. cellStart[c+1]).
  cellStart.fill(0, 0, ncells + 1);
  const sx = nc[0] / len[0], sy = nc[1] / len[1], sz = nc[2] / len[2];
  for (let i = 0; i < n; i++) {
    const cx = Math.min(nc[0] - 1, Math.floor((x[3 * i] - box.xlo) * sx));
    const cy = Math.min(nc[1] - 1, Math.floor((x[3 * i + 1] - box.ylo) * sy));
    const cz = Math.min(nc[2] - 1, Math.floor((x[3 * i + 2] - box.zlo) * sz));
    const c = (cx * nc[1] + cy) * nc[2] + cz;
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < ncells; c++) cellStart[c + 1] += cellStart[c];
  // Now cellStart[c + 1] is the end of cell c; filling backwards moves it to the start of cell c
  // and keeps each cell's atoms in increasing index order.
  for (let i = n - 1; i >= 0; i--) cellAtoms[--cellStart[cellOf[i] + 1]] = i;
  for (let c = 0; c < ncells; c++) cellStart[c] = cellStart[c + 1];
  cellStart[ncells] = n;
  // Copies in cell order, so the distance checks below read memory contiguously.
  for (let a = 0; a < n; a++) {
    const i = cellAtoms[a];
    sortedX[3 * a] = x[3 * i];
    sortedX[3 * a + 1] = x[3 * i + 1];
    sortedX[3 * a + 2] = x[3 * i + 2];
    sortedType[a] = type[i];
    sortedIndex[i] = a;
  }

  const lx = len[0], ly = len[1], lz = len[2];
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  const nt = nl.ntypes;
  const cutneighsq = nl.cutneighsq;
  const start = nl.start.length === n + 1 ? nl.start : new Int32Array(n + 1);
  let neigh = nl.neigh;
  if (neigh.length === 0) {
    // First guess: half the atoms in a cut-off sphere at the mean density, plus 20 %; grows if short.
    const density = n / (lx * ly * lz);
    const perAtom = (2 / 3) * Math.PI * rc ** 3 * density * 1.2;
    neigh = new Int32Array(Math.max(64, Math.ceil(n * Math.min(perAtom, n))));
  }
  let count = 0;

  for (let i = 0; i < n; i++) {
    start[i] = count;
    // Make sure a whole row fits: at most every atom of the stencil.
    if (neigh.length - count < n) {
      const grown = new Int32Array(Math.ceil(neigh.length * 1.5) + n);
      grown.set(neigh.subarray(0, count));
      neigh = grown;
    }
    const i3 = 3 * i;
    const xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
    const row = type[i] * nt;
    const ci = cellOf[i];
    // Own cell: only atoms after i in the cell order (each pair once); forward cells: all atoms.
    for (let s = -1; s < stencilSize; s++) {
      const c = s < 0 ? ci : stencil[ci * stencilSize + s];
      const end = cellStart[c + 1];
      for (let a = s < 0 ? sortedIndex[i] + 1 : cellStart[c]; a < end; a++) {
        let dx = xi - sortedX[3 * a], dy = yi - sortedX[3 * a + 1], dz = zi - sortedX[3 * a + 2];
        if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
        if (dy > hy) dy -= ly; else if (dy < -hy) dy += ly;
        if (dz > hz) dz -= lz; else if (dz < -hz) dz += lz;
        if (dx * dx + dy * dy + dz * dz < cutneighsq[row + sortedType[a]]) neigh[count++] = cellAtoms[a];
      }
    }
  }
  start[n] = count;
  nl.start = start;
  nl.neigh = neigh;
  if (nl.xBuild.length !== x.length) nl.xBuild = new Float64Array(x.length);
  nl.xBuild.set(x);
  nl.boxBuild = [lx, ly, lz];
  nl.builds++;
}

/** Scratch arrays of the cell list, grown on demand and reused between builds. */
function cellScratch(nl: NeighborList, n: number, ncells: number): NeighborList['cells'] {
  const c = nl.cells;
  if (c.cellOf.length < n) {
    c.cellOf = new Int32Array(n);
    c.cellAtoms = new Int32Array(n);
    c.sortedX = new Float64Array(3 * n);
    c.sortedType = new Int32Array(n);
    c.sortedIndex = new Int32Array(n);
  }
  if (c.cellStart.length < ncells + 1) c.cellStart = new Int32Array(ncells + 1);
  return c;
}

/** Number of pairs currently listed. */
export function pairCount(nl: NeighborList): number {
  return nl.start[nl.start.length - 1];
}
