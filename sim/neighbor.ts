import { InputError } from './errors.js';
import { ListMemory, searchRoom } from './wasm/list-memory.js';
import type { State } from './state.js';
import { perpendicularWidths, wrapPositions, assertTiltsInRange, type Box } from './box.js';
import { binAtoms, cellGrid, cellScratch, type Cells, type CellSearch, type Grid } from './cell-search.js';
import { phases } from './phase-profile.js';

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
  /**
   * Neighbours of atom i are neigh[start[i] .. end[i]) (rows are stored in cell order, so row i
   * does not follow row i - 1). Those before wrapStart[i] were found without crossing a periodic
   * boundary (positions are wrapped at the build), so the pair loop needs no minimum-image
   * correction for them; those from wrapStart[i] on may need one.
   */
  start: Int32Array;
  wrapStart: Int32Array;
  end: Int32Array;
  neigh: Int32Array;
  /** Atoms in the order their rows are stored (cell order): loops over rows read `neigh` in sequence. */
  rowOrder: Int32Array;
  /**
   * Where the list lives: those five arrays are views of this WebAssembly memory, where the search
   * kernel writes them and the LJ kernel reads them (sim/wasm/list-memory.ts). A build may move
   * them: take them from the list after each build, do not keep them across one.
   */
  memory?: ListMemory;
  /**
   * Set when a parallel search left the rows elsewhere (the threads backend's shared memory):
   * reading start, wrapStart, end or neigh first clears it and calls it to write them. A build
   * clears it.
   */
  deferred?: () => void;
  /** Number of listed pairs. */
  pairs: number;
  /** Positions at the last build: by atom, or by row when `xBuildRow` is set (read them by atom with buildPositions). */
  xBuild: Float64Array;
  /**
   * Set when xBuild is kept in another order (the threads backend keeps it in its shared memory,
   * in its rows' order, rather than twice): atom i's build position is at xBuild[3 xBuildRow[i]].
   * A build clears it.
   */
  xBuildRow?: Int32Array;
  /** The box at the last build. */
  boxAtBuild?: Box;
  /** Number of builds so far. */
  builds: number;
  /** Cell grid and stencil for the box lengths in `key`; recomputed when the box changes. */
  grid?: Grid;
  /**
   * Who fills the rows once the atoms are binned; left unset, the search kernel on the calling
   * thread. A backend may plug in a parallel search that writes the same list
   * (sim/backends/threads.ts); it makes room with reserveNeighbors.
   */
  search?: PairSearch;
  /** Cell-list scratch, reused between builds. */
  cells: Cells;
}

/**
 * Fills nl.start, wrapStart, end and neigh (from 0, rows by atom index, neighbours as atom
 * indices) for atoms binned as in `input`, exactly as the search kernel over all cells would;
 * returns the pair count. It may also keep the build positions (input.x, wrapped) itself, in its
 * own order: it then sets nl.xBuild and nl.xBuildRow.
 */
export type PairSearch = (nl: NeighborList, input: CellSearch) => number;

export function createNeighborList(
  ntypes: number,
  cutoff: (ti: number, tj: number) => number,
  skin: number,
): NeighborList {
  if (!(skin >= 0)) throw new InputError(`neighbour skin must be >= 0, got ${skin}`);
  const cutneighsq = new Float64Array(ntypes * ntypes);
  let cutneighMax = 0;
  for (let i = 0; i < ntypes; i++) {
    for (let j = 0; j < ntypes; j++) {
      const c = cutoff(i, j) + skin;
      cutneighsq[i * ntypes + j] = c * c;
      cutneighMax = Math.max(cutneighMax, c);
    }
  }
  return withDeferredRows({
    skin,
    ntypes,
    cutneighsq,
    cutneighMax,
    rowOrder: new Int32Array(0),
    pairs: 0,
    xBuild: new Float64Array(0),
    builds: 0,
    cells: {
      cellOf: new Int32Array(0),
      cellAtoms: new Int32Array(0),
      cellStart: new Int32Array(0),
    },
  });
}

type RowKey = 'start' | 'wrapStart' | 'end' | 'neigh';

/** The list with start, wrapStart, end and neigh as properties that first write deferred rows (NeighborList.deferred). */
function withDeferredRows(list: Omit<NeighborList, RowKey>): NeighborList {
  const nl = list as NeighborList;
  const rows: Record<RowKey, Int32Array> = { start: new Int32Array(0), wrapStart: new Int32Array(0), end: new Int32Array(0), neigh: new Int32Array(0) };
  for (const key of Object.keys(rows) as RowKey[]) {
    Object.defineProperty(nl, key, {
      enumerable: true,
      get: () => {
        const write = nl.deferred;
        if (write) {
          nl.deferred = undefined;
          write();
        }
        return rows[key];
      },
      set: (a: Int32Array) => {
        rows[key] = a;
      },
    });
  }
  return nl;
}

/**
 * True when the list must be rebuilt: first use, or an atom moved more than half the skin since
 * the build. When the box has changed (a barostat, a deformation), the skin left for atomic motion
 * shrinks by the largest displacement of a box corner, twice (LAMMPS Neighbor::check_distance);
 * tilts or shapes that change the cell grid always rebuild.
 */
export function needsRebuild(state: State, nl: NeighborList): boolean {
  const limit2 = rebuildLimit(state, nl);
  return limit2 < 0 || maxDisplacementExceeds(state.x, nl.xBuild, nl.xBuildRow, limit2);
}

/**
 * The squared displacement since the build beyond which an atom makes needsRebuild true, or -1
 * when the list must be rebuilt whatever the atoms did.
 */
export function rebuildLimit(state: State, nl: NeighborList): number {
  if (nl.builds === 0 || nl.xBuild.length !== state.x.length || !nl.boxAtBuild) return -1;
  const shift = cornerShift(nl.boxAtBuild, state.box);
  const allowed = 0.5 * (nl.skin - 2 * shift);
  return allowed <= 0 ? -1 : allowed * allowed;
}

function maxDisplacementExceeds(x: Float64Array, x0: Float64Array, row: Int32Array | undefined, limit2: number): boolean {
  for (let i = 0, n = x.length / 3; i < n; i++) {
    const k = 3 * i, k0 = row ? 3 * row[i] : k;
    const dx = x[k] - x0[k0], dy = x[k + 1] - x0[k0 + 1], dz = x[k + 2] - x0[k0 + 2];
    if (dx * dx + dy * dy + dz * dz > limit2) return true;
  }
  return false;
}

/** The positions at the last build by atom: nl.xBuild itself, or a copy put in atom order (NeighborList.xBuildRow). */
export function buildPositions(nl: NeighborList): Float64Array {
  const row = nl.xBuildRow;
  if (!row) return nl.xBuild;
  const x0 = nl.xBuild, out = new Float64Array(3 * row.length);
  for (let i = 0; i < row.length; i++) {
    const k0 = 3 * row[i];
    out[3 * i] = x0[k0];
    out[3 * i + 1] = x0[k0 + 1];
    out[3 * i + 2] = x0[k0 + 2];
  }
  return out;
}

/** Largest distance any of the 8 box corners moved between two boxes. */
function cornerShift(a: Box, b: Box): number {
  if (a.xlo === b.xlo && a.ylo === b.ylo && a.zlo === b.zlo && a.lx === b.lx && a.ly === b.ly && a.lz === b.lz
    && a.xy === b.xy && a.xz === b.xz && a.yz === b.yz) return 0;
  let worst = 0;
  for (const [i, j, k] of [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]]) {
    const dx = (b.xlo + i * b.lx + j * b.xy + k * b.xz) - (a.xlo + i * a.lx + j * a.xy + k * a.xz);
    const dy = (b.ylo + j * b.ly + k * b.yz) - (a.ylo + j * a.ly + k * a.yz);
    const dz = (b.zlo + k * b.lz) - (a.zlo + k * a.lz);
    worst = Math.max(worst, Math.hypot(dx, dy, dz));
  }
  return worst;
}

/** Rebuilds the list if needed; returns whether it did. */
export function ensureNeighbors(state: State, nl: NeighborList): boolean {
  const rebuild = needsRebuild(state, nl);
  phases?.mark('neighbours: check');
  if (!rebuild) return false;
  buildNeighbors(state, nl);
  return true;
}

/** Wraps positions into the box (updating image flags) and rebuilds the list from a cell list. */
export function buildNeighbors(state: State, nl: NeighborList): void {
  // Rows not yet written, and build positions kept elsewhere, are replaced by this build (an
  // empty xBuild until then: a build that fails leaves a list that must be built again).
  nl.deferred = undefined;
  if (nl.xBuildRow) {
    nl.xBuildRow = undefined;
    nl.xBuild = new Float64Array(0);
  }
  const box = state.box;
  assertTiltsInRange(box, 'neighbour list');
  const widths = perpendicularWidths(box);
  const rc = nl.cutneighMax;
  for (let d = 0; d < 3; d++) {
    if (widths[d] < 2 * rc) {
      throw new InputError(
        `box width ${widths[d]} along ${'xyz'[d]} is shorter than twice the cut-off + skin (${2 * rc}); use a larger system`,
      );
    }
  }
  wrapPositions(box, state.x, state.image);
  const n = state.n;
  const key = [box.lx, box.ly, box.lz, box.xy, box.xz, box.yz].join(' ');
  if (nl.grid?.key !== key) nl.grid = cellGrid(box, rc, key);
  const cells = cellScratch(nl.cells, n, nl.grid.ncells);
  binAtoms(state, nl.grid, cells);
  phases?.mark('neighbours: wrap, bin');

  const input: CellSearch = {
    box, grid: nl.grid, ntypes: nl.ntypes, cutneighsq: nl.cutneighsq,
    cellStart: cells.cellStart, order: cells.cellAtoms, x: state.x, type: state.type,
  };
  const memory = (nl.memory ??= new ListMemory());
  const sizes = { n, ntypes: nl.ntypes, ncells: nl.grid.ncells, stencil: nl.grid.offsets.length, runs: nl.grid.runs.length, room: searchRoom(input) };
  // Room for the pairs expected at this density, plus 15 % (memory matters at large N); a list
  // that does not fit grows by half and is searched again.
  let capacity = nl.builds === 0 ? Math.ceil(1.15 * expectedPairs(state, nl)) + 1024 : nl.neigh.length;
  let count: number;
  for (;;) {
    memory.prepare({ ...sizes, capacity });
    exposeList(nl);
    if (nl.search) {
      count = nl.search(nl, input);
      break;
    }
    nl.rowOrder.set(cells.cellAtoms.subarray(0, n));
    if ((count = memory.search(input, 0, nl.grid.ncells, 0, capacity)) >= 0) break;
    capacity = Math.ceil(1.5 * capacity);
  }
  // The atom of each row (a parallel search may have moved the arrays: set it here in any case).
  nl.rowOrder.set(cells.cellAtoms.subarray(0, n));
  nl.pairs = count;
  // A parallel search may have kept the build positions itself (xBuildRow).
  if (!nl.xBuildRow) {
    if (nl.xBuild.length !== state.x.length) nl.xBuild = new Float64Array(state.x.length);
    nl.xBuild.set(state.x);
  }
  nl.boxAtBuild = { ...box };
  nl.builds++;
  phases?.mark('neighbours: search');
}

/** Points the list's arrays at the current layout of its memory. */
function exposeList(nl: NeighborList): void {
  const m = nl.memory!.regions;
  nl.start = m.start.view;
  nl.wrapStart = m.wrapStart.view;
  nl.end = m.end.view;
  nl.neigh = m.neigh.view;
  nl.rowOrder = m.rowOrder.view;
}

/**
 * For a parallel search (NeighborList.search): room for `pairs` listed pairs (plus 15 %). The
 * list's arrays may move; what they held is lost.
 */
export function reserveNeighbors(nl: NeighborList, pairs: number): void {
  if (nl.neigh.length >= pairs) return;
  nl.memory!.prepare({ capacity: Math.ceil(1.15 * pairs) + 1024 });
  exposeList(nl);
}

/**
 * Room in the list's memory for a force loop run in place (ListMemory.reserveForceRoom): `tables`
 * f64 of pair constants, and per-atom virials when asked. The list's arrays may move; what they hold stays.
 */
export function reserveForceRoom(nl: NeighborList, tables: number, atomVirials: boolean): void {
  if (nl.memory!.reserveForceRoom({ tables, atomVirials: atomVirials ? 1 : 0 })) exposeList(nl);
}

/**
 * Pairs a half list at this density holds: n/2 times the mean number of atoms within cutneigh of
 * an atom, sum over species pairs of x_a x_b rho 4/3 pi cutneigh_ab^3.
 */
function expectedPairs(state: State, nl: NeighborList): number {
  const { n, type, box } = state;
  const nt = nl.ntypes;
  const count = new Float64Array(nt);
  for (let i = 0; i < n; i++) count[type[i]]++;
  let perAtom = 0;
  for (let a = 0; a < nt; a++) {
    for (let b = 0; b < nt; b++) perAtom += (count[a] / n) * (count[b] / n) * (4 / 3) * Math.PI * nl.cutneighsq[a * nt + b] ** 1.5;
  }
  return 0.5 * n * perAtom * (n / (box.lx * box.ly * box.lz));
}

/** Number of pairs currently listed. */
export function pairCount(nl: NeighborList): number {
  return nl.pairs;
}
