/**
 * The memory the host and the workers of the threads backend share, and the command protocol.
 *
 * Control (Int32Array): the host writes a command, zeroes DONE, bumps SEQ and notifies; every
 * worker wakes on SEQ, runs the command on its own share and bumps DONE; the host waits until
 * DONE equals the number of workers. Within a command the workers meet at barriers of their own
 * (BAR_COUNT, BAR_GEN; threads-barrier.ts): between the passes of EAM, before the forces are
 * summed, and in a whole MD step (Command.Step) after the drift.
 *
 * Work is split by fixed ranges that depend only on the list (rows balanced by listed pairs) and on
 * n (atoms), and every worker adds into arrays of its own, summed in worker order. So results do
 * not depend on timing.
 */
import type { Box } from '../box.js';
import type { PotentialSpec } from '../potentials/spec.js';

export const SEQ = 0, DONE = 1, CMD = 2, FAILED = 3, FLAGS = 4;
/** 1 while a phase profile is taken: each worker then books its busy time per command (busySlot). */
export const PROFILE = 5;
/** The workers' barrier: how many have arrived, and its generation (bumped when all have). */
export const BAR_COUNT = 6, BAR_GEN = 7;
/**
 * Rows [ROWS + 2w, ROWS + 2w + 1) and atoms [ATOMS + 2w, ...) of worker w follow the fixed slots,
 * then the cells each worker searches at a list build (2 per worker), where its pairs end (1), and
 * whether an atom of its rows moved far enough for a new list (1, Command.Step).
 */
export const ROWS = 8;
export const controlLength = (workers: number) => ROWS + 8 * workers;
export const atomsSlot = (workers: number) => ROWS + 2 * workers;
export const cellsSlot = (workers: number) => ROWS + 4 * workers;
export const countSlot = (workers: number) => ROWS + 6 * workers;
export const rebuildSlot = (workers: number) => ROWS + 7 * workers;

export const Command = {
  /** Take the buffers posted on the port (after a resize). */
  Buffers: 1,
  /** Translate the copied list to sorted indices (and, for EAM, put in-cut pairs first). */
  List: 2,
  /**
   * Build the list: each worker searches its cells (sorted indices, its own segment of `neigh`),
   * copies its rows in atom indices to `neighAtom` for the host list, and (EAM) puts in-cut pairs first.
   */
  Search: 7,
  /**
   * Forces (EAM: densities, embedding over the worker's atoms, forces), then each worker sums the
   * workers' forces on its own rows into `fs`; with FLAG_KICK also the second half kick of its rows
   * and their m v^2 into `mv2` (by row).
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
 * Buffers sized by n and by the list: positions, velocities, forces and types in row (cell)
 * order, the list rows in sorted indices, and each worker's own forces, per-atom energies and
 * (EAM) densities.
 */
export interface SharedArrays {
  n: number;
  x: Float64Array;
  type: Int32Array;
  start: Int32Array;
  wrapStart: Int32Array;
  end: Int32Array;
  neigh: Int32Array;
  /** rank[i]: the row (sorted index) of atom i. */
  rank: Int32Array;
  /** The atom of each row; at list builds in the workers also the binned cells and the list in atom indices. */
  atomOf: Int32Array;
  cellStart: Int32Array;
  neighAtom: Int32Array;
  /** The neighbour cut-off: cutneighMax, then cutneighsq (ntypes x ntypes). */
  cut: Float64Array;
  /** Forces summed over the workers, by row. */
  fs: Float64Array;
  /** MD in the workers (Command.Step): velocities, the positions of the last list build and m v^2, by row; mass by type. */
  v: Float64Array;
  xBuild: Float64Array;
  mv2: Float64Array;
  mass: Float64Array;
  f: Float64Array[];
  pe: Float64Array[];
  /** Per-atom virials (6 per row; none until asked for). */
  vatom: Float64Array[];
  rho: Float64Array[];
  /** Many-body (EAM): summed densities and F'(rho), by sorted index. */
  rhoSum: Float64Array;
  fp: Float64Array;
}

export interface WorkerInit {
  index: number;
  workers: number;
  spec: PotentialSpec;
  ntypes: number;
  control: Int32Array;
  params: Float64Array;
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
  /** Room for per-atom virials. */
  perAtomVirial: boolean;
  /** Room for cells of the list builds. */
  cells: number;
  ntypes: number;
}

export function allocateShared({ n, pairs, workers, manyBody, perAtomVirial, cells, ntypes }: SharedSizes): SharedArrays {
  const each = (make: () => Float64Array) => Array.from({ length: workers }, make);
  return {
    n,
    x: f64(3 * n), type: i32(n), start: i32(n), wrapStart: i32(n), end: i32(n), neigh: i32(pairs), rank: i32(n),
    atomOf: i32(n), cellStart: i32(cells + 1), neighAtom: i32(pairs), cut: f64(1 + ntypes * ntypes),
    fs: f64(3 * n), v: f64(3 * n), xBuild: f64(3 * n), mv2: f64(n), mass: f64(ntypes),
    f: each(() => f64(3 * n)), pe: each(() => f64(n)), vatom: perAtomVirial ? each(() => f64(6 * n)) : [], rho: manyBody ? each(() => f64(n)) : [],
    rhoSum: f64(manyBody ? n : 0), fp: f64(manyBody ? n : 0),
  };
}

export function newControl(workers: number): Int32Array {
  return i32(controlLength(workers));
}

export function newParams(workers: number): Float64Array {
  return f64(paramsLength(workers));
}
