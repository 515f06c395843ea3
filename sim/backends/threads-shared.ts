/**
 * The memory the host and the workers of the threads backend share, and the command protocol.
 *
 * Control (Int32Array): the host writes a command, zeroes DONE, bumps SEQ and notifies; every
 * worker wakes on SEQ, runs the command on its own share and bumps DONE; the host waits until
 * DONE equals the number of workers. Within a command the workers meet at barriers of their own
 * (BAR_COUNT, BAR_GEN; threads-barrier.ts): between the passes of EAM, before the forces are
 * summed, and in a whole MD step (Command.Step) after the drift.
 *
 * The arrays live in one shared WebAssembly memory (placeShared) that every worker runs its
 * kernels on, so the list, positions and forces are stored once and read in place.
 *
 * Work is split by fixed ranges that depend only on the list (rows balanced by listed pairs) and on
 * n (atoms), and every worker adds into arrays of its own, summed in worker order. So results do
 * not depend on timing.
 */
import type { Box } from '../box.js';
import { InputError } from '../errors.js';
import type { PotentialSpec } from '../potentials/spec.js';

export const SEQ = 0, DONE = 1, CMD = 2, FAILED = 3, FLAGS = 4;
/** 1 while a phase profile is taken: each worker then books its busy time per command (busySlot). */
export const PROFILE = 5;
/** The workers' barrier: how many have arrived, and its generation (bumped when all have). */
export const BAR_COUNT = 6, BAR_GEN = 7;
/**
 * Rows [ROWS + 2w, ROWS + 2w + 1) and atoms [ATOMS + 2w, ...) of worker w follow the fixed slots,
 * then the cells each worker searches at a list build (2 per worker), where its pairs end (1),
 * whether an atom of its rows moved far enough for a new list (1, Command.Step), and (EAM) where
 * its density pass keeps its pairs in `cutNeigh` (1: the listed pairs of the rows before its own).
 */
export const ROWS = 8;
export const controlLength = (workers: number) => ROWS + 9 * workers;
export const atomsSlot = (workers: number) => ROWS + 2 * workers;
export const cellsSlot = (workers: number) => ROWS + 4 * workers;
export const countSlot = (workers: number) => ROWS + 6 * workers;
export const rebuildSlot = (workers: number) => ROWS + 7 * workers;
export const keptSlot = (workers: number) => ROWS + 8 * workers;

export const Command = {
  /** Take the buffers posted on the port (after a resize). */
  Buffers: 1,
  /** Translate the copied list to sorted indices (and, for EAM, put in-cut pairs first). */
  List: 2,
  /**
   * Build the list: each worker writes the binned positions of its cells as columns, meets the
   * others at a barrier and searches its cells with the kernel in place (rows in sorted indices,
   * neighbours in its own segment of `neigh`); EAM also copies its rows in atom indices to
   * `neighAtom` for the host list and then puts in-cut pairs first.
   */
  Search: 7,
  /**
   * Forces (EAM: densities, embedding over the worker's atoms, forces), then each worker sums the
   * workers' forces on its own rows into `fs`; with FLAG_KICK also the second half kick of its rows
   * and their m v^2 into `mv2` (by row, SharedArrays.mv2Stride).
   */
  Forces: 3,
  /**
   * A velocity-Verlet step up to the forces, on each worker's rows: v *= scale (twice, STEP_PARAMS),
   * half kick, drift, and the check against the positions of the last build. If no atom moved too
   * far, the workers go on with Forces and FLAG_KICK; else they leave positions and velocities by
   * atom (threads-rows.ts, rowsToAtoms) and stop there for the host to rebuild the list.
   */
  Step: 4,
  Quit: 6,
} as const;

export const FLAG_ENERGY_VIRIAL = 1, FLAG_PER_ATOM = 2, FLAG_PER_ATOM_VIRIAL = 4, FLAG_KICK = 8;

/**
 * Float64 slots: the box (9); per worker its energies (pair, embedding) and virial (6); per worker
 * the milliseconds it was busy with the last command (when profiling); the step's parameters
 * (STEP_PARAMS); per worker what its rows' motion showed (MOTION_STRIDE: the largest v^2, and a sum
 * of x*0 and v*0 terms, NaN once anything is not finite).
 */
export const BOX = 0;
export const RESULTS = 9;
export const RESULT_STRIDE = 8;
export const busySlot = (workers: number) => RESULTS + RESULT_STRIDE * workers;
/** Scale factors (two, applied one after the other), dt/2 F-to-velocity factor, dt, the squared displacement that asks for a new list. */
export const STEP_PARAMS = 5;
export const stepSlot = (workers: number) => busySlot(workers) + workers;
export const MOTION_STRIDE = 2;
export const motionSlot = (workers: number) => stepSlot(workers) + STEP_PARAMS;
export const paramsLength = (workers: number) => motionSlot(workers) + MOTION_STRIDE * workers;

export function writeBox(params: Float64Array, b: Box): void {
  params.set([b.xlo, b.ylo, b.zlo, b.lx, b.ly, b.lz, b.xy, b.xz, b.yz], BOX);
}

export function readBox(p: Float64Array): Box {
  return { xlo: p[0], ylo: p[1], zlo: p[2], lx: p[3], ly: p[4], lz: p[5], xy: p[6], xz: p[7], yz: p[8] };
}

/**
 * Arrays sized by n and by the list, all views of one shared WebAssembly memory (so that every
 * worker's kernels read and write them in place, at their byteOffset): positions, velocities,
 * forces and types in row (cell) order, the list rows in sorted indices, and each worker's own
 * forces, per-atom energies, (EAM) densities and kernel scratch.
 */
export interface SharedArrays {
  /** The sizes they were placed for (placeShared makes the same views from them). */
  sizes: SharedSizes;
  n: number;
  x: Float64Array;
  type: Int32Array;
  start: Int32Array;
  wrapStart: Int32Array;
  end: Int32Array;
  /** Each worker's segment of the list (its rows' neighbours, in sorted indices), segment after segment. */
  neigh: Int32Array;
  /** rank[i]: the row (sorted index) of atom i. */
  rank: Int32Array;
  /** The atom of each row (at list builds in the workers, the binned atoms). */
  atomOf: Int32Array;
  /** r at r: the rows' ids for the search and force kernels (rows are sorted indices). */
  identity: Int32Array;
  cellStart: Int32Array;
  /** The search grid's stencil offsets (3 per cell) and runs (cell-search.ts, Grid). */
  offsets: Int32Array;
  runs: Int32Array;
  /** Many-body (EAM): the list in atom indices as searched (before the kernel arranges it); empty otherwise. */
  neighAtom: Int32Array;
  /** The neighbour cut-off: cutneighMax, then cutneighsq (ntypes x ntypes). */
  cut: Float64Array;
  /** Forces summed over the workers, by row. */
  fs: Float64Array;
  /**
   * MD in the workers (Command.Step): velocities and the positions of the last list build (the
   * list's NeighborList.xBuild while it holds the shared list), by row; mass by type.
   */
  v: Float64Array;
  xBuild: Float64Array;
  mass: Float64Array;
  /**
   * m v^2 of row r at mv2[mv2Stride r]: with several workers in the bytes of the last worker's
   * forces (each worker writes a row's m v^2 after it has summed that row's forces, and the host
   * reads them before the next command), else an array of its own.
   */
  mv2: Float64Array;
  mv2Stride: number;
  /**
   * Each worker's forces, by row; f[0] is fs itself (after the barrier that follows the force
   * loops, each worker reads f[0] only on its own rows, where it then writes the sums).
   */
  f: Float64Array[];
  /**
   * At a list build, the binned positions as x, y and z columns (what the search kernel reads):
   * the bytes of fs, which is free then (the velocities it held by atom are on the host).
   */
  columns: Float64Array;
  /** Per-atom energies (by row; none until asked for). */
  pe: Float64Array[];
  /** Per-atom virials (6 per row; none until asked for). */
  vatom: Float64Array[];
  rho: Float64Array[];
  /** Many-body (EAM): summed densities and F'(rho), by sorted index. */
  rhoSum: Float64Array;
  fp: Float64Array;
  /**
   * Many-body (EAM): the pairs within the cut-off that the density pass keeps for the forces, each
   * worker's from keptSlot on, and where those of each row wrap and end (by row).
   */
  cutNeigh: Int32Array;
  cutWrap: Int32Array;
  cutEnd: Int32Array;
  /** Per worker, the search kernel's scratch: the stencil's cells (i32), their shifts (f64, 3 each), the gathered candidates. */
  stencilCell: Int32Array[];
  stencilShift: Float64Array[];
  candidates: Float64Array[];
  /** Per worker, the force kernel's own constants and outputs (RowKernel.place). */
  scratch: Float64Array[];
}

export interface WorkerInit {
  index: number;
  workers: number;
  spec: PotentialSpec;
  ntypes: number;
  control: Int32Array;
  params: Float64Array;
  /** The shared WebAssembly memory the SharedArrays live in. */
  memory: WebAssembly.Memory;
}

const f64 = (len: number) => new Float64Array(new SharedArrayBuffer(8 * Math.max(len, 1)));
const i32 = (len: number) => new Int32Array(new SharedArrayBuffer(4 * Math.max(len, 1)));

export interface SharedSizes {
  n: number;
  /** Room for listed pairs. */
  pairs: number;
  workers: number;
  /** Densities and embedding derivatives too (EAM). */
  manyBody: boolean;
  /** Room for per-atom energies and virials. */
  perAtomEnergy: boolean;
  perAtomVirial: boolean;
  /** Room for cells of the list builds. */
  cells: number;
  ntypes: number;
  /** Room for candidates of one cell in the search (searchRoom, sim/wasm/list-memory.ts). */
  room: number;
  /** f64 of scratch per worker for its force kernel. */
  scratch: number;
}

/** Stencil cells a grid may have (the forward half of 5 x 5 x 5, cell-search.ts). */
const STENCIL = 64;
const PAGE = 65536;
/** What a WebAssembly memory can hold (the kernels' module declares 65536 pages). */
const MAX_BYTES = 65536 * PAGE;

/**
 * The arrays for `z`, placed one after another (16-byte aligned, from byte 16 on) in `memory`,
 * which grows when too small; the same sizes give the same views on every thread.
 */
export function placeShared(memory: WebAssembly.Memory, z: SharedSizes): SharedArrays {
  const { n, pairs, workers: W, manyBody, perAtomEnergy, perAtomVirial, cells, ntypes, room, scratch } = z;
  let top = 16;
  const plan: [number, number][] = [];
  const reserve = (bytes: number) => {
    plan.push([top, bytes]);
    top += Math.ceil(Math.max(bytes, 16) / 16) * 16;
    return plan.length - 1;
  };
  type Kind = 'f64' | 'i32';
  const want: [Kind, number][] = [];
  const a = (kind: Kind, len: number) => {
    want.push([kind, len]);
    return reserve(len * (kind === 'f64' ? 8 : 4));
  };
  const each = (kind: Kind, len: number) => Array.from({ length: W }, () => a(kind, len));
  const ix = {
    x: a('f64', 3 * n), type: a('i32', n), start: a('i32', n), wrapStart: a('i32', n), end: a('i32', n), neigh: a('i32', pairs),
    rank: a('i32', n), atomOf: a('i32', n), identity: a('i32', n), cellStart: a('i32', cells + 1), offsets: a('i32', 3 * STENCIL),
    runs: a('i32', 2 * STENCIL), neighAtom: a('i32', manyBody ? pairs : 0), cut: a('f64', 1 + ntypes * ntypes),
    fs: a('f64', 3 * n), v: a('f64', 3 * n), xBuild: a('f64', 3 * n), mv2: a('f64', W > 1 ? 0 : n), mass: a('f64', ntypes),
    f: Array.from({ length: W - 1 }, () => a('f64', 3 * n)), pe: perAtomEnergy ? each('f64', n) : [], vatom: perAtomVirial ? each('f64', 6 * n) : [], rho: manyBody ? each('f64', n) : [],
    rhoSum: a('f64', manyBody ? n : 0), fp: a('f64', manyBody ? n : 0),
    cutNeigh: a('i32', manyBody ? pairs : 0), cutWrap: a('i32', manyBody ? n : 0), cutEnd: a('i32', manyBody ? n : 0),
    stencilCell: each('i32', STENCIL), stencilShift: each('f64', 3 * STENCIL), candidates: each('f64', 4 * room), scratch: each('f64', scratch),
  };
  if (top > MAX_BYTES) {
    throw new InputError(`threads backend: ${n} atoms with room for ${pairs} listed pairs need ${(top / 2 ** 30).toFixed(1)} GiB of shared memory, more than the 4 GiB a WebAssembly memory holds; use --backend cpu`);
  }
  const have = memory.buffer.byteLength;
  if (top > have) memory.grow(Math.ceil((top - have) / PAGE));
  const buffer = memory.buffer;
  const view = (k: number) => {
    const [kind, len] = want[k], ptr = plan[k][0];
    return kind === 'f64' ? new Float64Array(buffer, ptr, len) : new Int32Array(buffer, ptr, len);
  };
  const f = (k: number) => view(k) as Float64Array, i = (k: number) => view(k) as Int32Array;
  const fs = f(ix.fs), fw = [fs, ...ix.f.map(f)];
  const mv2Stride = W > 1 ? 3 : 1;
  return {
    sizes: { ...z }, n,
    x: f(ix.x), type: i(ix.type), start: i(ix.start), wrapStart: i(ix.wrapStart), end: i(ix.end), neigh: i(ix.neigh), rank: i(ix.rank),
    atomOf: i(ix.atomOf), identity: i(ix.identity), cellStart: i(ix.cellStart), offsets: i(ix.offsets), runs: i(ix.runs),
    neighAtom: i(ix.neighAtom), cut: f(ix.cut), fs, v: f(ix.v), xBuild: f(ix.xBuild), mv2: W > 1 ? fw[W - 1] : f(ix.mv2), mv2Stride, mass: f(ix.mass),
    f: fw, columns: fs, pe: ix.pe.map(f), vatom: ix.vatom.map(f), rho: ix.rho.map(f), rhoSum: f(ix.rhoSum), fp: f(ix.fp),
    cutNeigh: i(ix.cutNeigh), cutWrap: i(ix.cutWrap), cutEnd: i(ix.cutEnd),
    stencilCell: ix.stencilCell.map(i), stencilShift: ix.stencilShift.map(f), candidates: ix.candidates.map(f), scratch: ix.scratch.map(f),
  };
}

export function newControl(workers: number): Int32Array {
  return i32(controlLength(workers));
}

export function newParams(workers: number): Float64Array {
  return f64(paramsLength(workers));
}
