/**
 * The host's side of the threads backend's neighbour lists: a list built in the workers (after
 * the host has binned the atoms), or a list built elsewhere copied into the shared arrays; and the
 * split of the rows between the workers. The shared list is in sorted indices: atom i is row
 * rank[i], atomOf[r] the atom of row r.
 */
import { reserveNeighbors, type NeighborList } from '../neighbor.js';
import { gatherAtoms, type CellSearch } from '../cell-search.js';
import { phases } from '../phase-profile.js';
import { searchRoom } from '../wasm/list-memory.js';
import { Command, ROWS, atomsSlot, cellsSlot, countSlot, keptSlot, writeBox, type SharedArrays } from './threads-shared.js';

/** What the list code needs of the backend. */
export interface ListHost {
  readonly workers: number;
  readonly manyBody: boolean;
  readonly control: Int32Array;
  readonly params: Float64Array;
  readonly shared: SharedArrays | null;
  /** New shared arrays for n atoms, room for `pairs` listed pairs, `cells` cells and `room` search candidates per cell. */
  allocate(n: number, pairs: number, cells: number, room: number): SharedArrays;
  command(c: number, phase?: string): void;
}

/** A list built in the workers: its pair count, and what writes its rows into the NeighborList. */
export interface WorkerList {
  total: number;
  /** Writes the rows in atom indices into the NeighborList; valid while the shared arrays hold this list. */
  writeRows: () => void;
}

/**
 * A list build in the workers, after the host has binned the atoms: worker w searches a
 * contiguous range of cells (split where the binned atoms pass w / workers of all), writing its
 * rows in sorted indices into its own segment of the shared list, what the force loops read in
 * place. Each row is found by the search kernel exactly as in the serial build, so the list is
 * the same, whatever the timing. A segment that overflows is searched again with more room. The
 * shared positions and types are left in row order. The NeighborList's own rows (atom indices)
 * are written only by `writeRows`, which the backend defers until someone reads them.
 */
export function searchInWorkers(h: ListHost, nl: NeighborList, input: CellSearch): WorkerList {
  const W = h.workers, ctl = h.control;
  const ncells = input.grid.ncells, cellStart = input.cellStart, n = cellStart[ncells];
  const room = searchRoom(input);
  let s = h.shared;
  if (!s || s.n !== n || s.cellStart.length < ncells + 1 || s.neigh.length < nl.neigh.length || s.sizes.room < room) {
    s = h.allocate(
      n, Math.max(nl.neigh.length, s?.n === n ? s.neigh.length : 0), Math.max(ncells, s?.sizes.cells ?? 0),
      Math.max(2 * room, s?.sizes.room ?? 0),
    );
  }
  const rows: number[] = [];
  let c = 0;
  for (let w = 0; w < W; w++) {
    const c0 = c;
    if (w === W - 1) c = ncells;
    else while (c < ncells && cellStart[c + 1] <= ((w + 1) * n) / W) c++;
    ctl[cellsSlot(W) + 2 * w] = c0;
    ctl[cellsSlot(W) + 2 * w + 1] = c;
    ctl[ROWS + 2 * w] = cellStart[c0];
    ctl[ROWS + 2 * w + 1] = cellStart[c];
    rows.push(cellStart[c0], cellStart[c]);
  }
  splitAtoms(h, n);
  for (;;) {
    gatherAtoms(input.order, input.x, input.type, s.x, s.type, n);
    s.atomOf.set(input.order.subarray(0, n));
    s.cellStart.set(cellStart.subarray(0, ncells + 1));
    s.offsets.set(input.grid.offsets.flat());
    s.runs.set(input.grid.runs);
    s.cut[0] = nl.cutneighMax;
    s.cut.set(input.cutneighsq, 1);
    writeBox(h.params, input.box);
    h.command(Command.Search, 'neighbours: search');
    let fits = true;
    for (let w = 0; w < W; w++) fits &&= ctl[countSlot(W) + w] >= 0;
    if (fits) break;
    s = h.allocate(n, Math.ceil(1.5 * s.neigh.length), s.sizes.cells, s.sizes.room);
  }
  const segment = Math.floor(s.neigh.length / W);
  const counts = Array.from({ length: W }, (_, w) => ctl[countSlot(W) + w]);
  let total = 0;
  for (let w = 0; w < W; w++) total += counts[w] - w * segment;
  const { rank, atomOf } = s;
  for (let r = 0; r < n; r++) rank[atomOf[r]] = r;
  // The force loops may run other rows than each worker searched: split them by pairs.
  splitRows(h, s, total);
  phases?.mark('neighbours: split');
  const shared = s, manyBody = h.manyBody;
  const writeRows = () => {
    reserveNeighbors(nl, total);
    // A move of the list's memory loses the atoms of its rows too.
    nl.rowOrder.set(atomOf);
    const { start, wrapStart, end, neigh } = nl;
    let offset = 0;
    for (let w = 0; w < W; w++) {
      const first = w * segment, stop = counts[w], shift = offset - first;
      if (manyBody) {
        neigh.set(shared.neighAtom.subarray(first, stop), offset);
      } else {
        const from = shared.neigh;
        for (let k = first; k < stop; k++) neigh[k + shift] = atomOf[from[k]];
      }
      for (let r = rows[2 * w], r1 = rows[2 * w + 1]; r < r1; r++) {
        const i = atomOf[r];
        start[i] = shared.start[r] + shift;
        wrapStart[i] = shared.wrapStart[r] + shift;
        end[i] = shared.end[r] + shift;
      }
      offset += stop - first;
    }
  };
  return { total, writeRows };
}

/** Copies a list built elsewhere in row order (the workers translate it to sorted indices) and splits the work. */
export function copyList(h: ListHost, nlist: NeighborList, s: SharedArrays): void {
  const n = s.n;
  const order = nlist.rowOrder;
  s.atomOf.set(order.subarray(0, n));
  const { start, wrapStart, end } = nlist;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    s.rank[i] = r;
    s.start[r] = start[i];
    s.wrapStart[r] = wrapStart[i];
    s.end[r] = end[i];
  }
  s.neigh.set(nlist.neigh.subarray(0, nlist.pairs));
  splitRows(h, s, nlist.pairs);
  splitAtoms(h, n);
}

/**
 * The force loops' rows: split where the running count of listed pairs passes w / workers of
 * all `pairs` (rows of the shared list in sorted order, wherever their pairs are stored); that
 * count at the start of each worker's rows is where its EAM density pass keeps its pairs.
 */
function splitRows(h: ListHost, s: SharedArrays, pairs: number): void {
  const W = h.workers, n = s.n;
  let r = 0, running = 0;
  for (let w = 0; w < W; w++) {
    h.control[ROWS + 2 * w] = r;
    h.control[keptSlot(W) + w] = running;
    const target = ((w + 1) * pairs) / W;
    if (w === W - 1) r = n;
    else while (r < n && running + s.end[r] - s.start[r] <= target) running += s.end[r] - s.start[r++];
    h.control[ROWS + 2 * w + 1] = r;
  }
}

/** The embedding's atoms (sorted indices): equal shares. */
function splitAtoms(h: ListHost, n: number): void {
  const W = h.workers;
  for (let w = 0; w < W; w++) {
    h.control[atomsSlot(W) + 2 * w] = Math.floor((w * n) / W);
    h.control[atomsSlot(W) + 2 * w + 1] = Math.floor(((w + 1) * n) / W);
  }
}
