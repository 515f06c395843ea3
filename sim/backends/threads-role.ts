/**
 * One worker's share of the threads backend's commands (threads-shared.ts): forces, densities,
 * sums of forces and MD steps on its own rows, the embedding on its own atoms, with the RowKernel
 * the registry makes from the spec (sim/potentials/registry.ts), and its cells of a list build.
 * Worker 0 is the host thread itself; the others run on worker threads (threads-worker.ts). The
 * per-row arithmetic of a step is in threads-rows.ts.
 */
import type { PairView } from '../potentials/pair-view.js';
import { potentialKind } from '../potentials/registry.js';
import type { RowKernel } from '../potentials/row-kernel.js';
import { cellGrid } from '../cell-search.js';
import { KernelInstance } from '../wasm/kernels.js';
import {
  Command, FLAGS, FLAG_ENERGY_VIRIAL, FLAG_KICK, FLAG_PER_ATOM, FLAG_PER_ATOM_VIRIAL, RESULTS, RESULT_STRIDE, ROWS,
  atomsSlot, cellsSlot, countSlot, keptSlot, readBox, rebuildSlot, type SharedArrays, type WorkerInit,
} from './threads-shared.js';
import { Barrier } from './threads-barrier.js';
import { drift, kickAndSum, rowsToAtoms } from './threads-rows.js';

export class WorkerRole {
  private readonly me: number;
  private readonly workers: number;
  private readonly ntypes: number;
  private readonly control: Int32Array;
  private readonly params: Float64Array;
  private readonly kernel: RowKernel;
  readonly barrier: Barrier;
  private shared: SharedArrays | null = null;
  /** Bumped whenever the shared list changes (new buffers, a copied or searched list). */
  private listVersion = 0;
  /** The kernels on the shared memory (the search, and the force loops of a kernel that runs in place). */
  private readonly kernels: KernelInstance;

  constructor(init: WorkerInit) {
    this.me = init.index;
    this.workers = init.workers;
    this.ntypes = init.ntypes;
    this.control = init.control;
    this.params = init.params;
    this.kernel = potentialKind(init.spec).rowKernel(init.spec);
    this.barrier = new Barrier(init.control, init.workers);
    this.kernels = new KernelInstance(init.memory);
  }

  /** The f64 of scratch this worker's force kernel needs in the shared memory. */
  get scratch(): number {
    return this.kernel.scratch ?? 0;
  }

  /** New buffers (Command.Buffers). */
  take(s: SharedArrays): void {
    this.shared = s;
    this.listVersion++;
    this.kernel.place?.(this.kernels, s.scratch[this.me]);
  }

  /** Runs a command other than Buffers and Quit. */
  run(command: number): void {
    const s = this.shared!, control = this.control, me = this.me, W = this.workers;
    const r0 = control[ROWS + 2 * me], r1 = control[ROWS + 2 * me + 1];
    const a0 = control[atomsSlot(W) + 2 * me], a1 = control[atomsSlot(W) + 2 * me + 1];
    if (command === Command.List) this.translateList(s, r0, r1);
    else if (command === Command.Search) this.search(s, control[cellsSlot(W) + 2 * me], control[cellsSlot(W) + 2 * me + 1], r0, r1);
    else if (command === Command.Forces) this.forces(s, r0, r1, a0, a1);
    else if (command === Command.Step) this.step(s, r0, r1, a0, a1);
  }

  private view(s: SharedArrays): PairView {
    return { x: s.x, type: s.type, box: readBox(this.params), start: s.start, wrapStart: s.wrapStart, end: s.end, neigh: s.neigh, rowOrder: s.identity };
  }

  /** Rows of the list in sorted indices, arranged by the kernel (EAM: in-cut pairs first). */
  private translateList(s: SharedArrays, r0: number, r1: number): void {
    this.listVersion++;
    const { start, end, neigh, rank } = s;
    for (let r = r0; r < r1; r++) {
      for (let k = start[r], stop = end[r]; k < stop; k++) neigh[k] = rank[neigh[k]];
    }
    this.kernel.arrange?.(this.view(s), r0, r1);
  }

  /**
   * This worker's share of a list build: the binned positions of its cells into the columns the
   * kernel reads, and, once all are in, the rows of the atoms in its cells, in sorted indices,
   * with their neighbours from the start of its segment of `neigh`, by the search kernel in place
   * (the grid is rebuilt from the same box and cut-off as the host's, so it is the same grid).
   * EAM: the same rows in atom indices into `neighAtom`, then arranged.
   */
  private search(s: SharedArrays, c0: number, c1: number, r0: number, r1: number): void {
    const { me, workers, control, params, ntypes } = this;
    this.listVersion++;
    const box = readBox(params);
    const grid = cellGrid(box, s.cut[0], '');
    const n = s.n, { x, columns, cellStart } = s;
    for (let a = cellStart[c0], a1 = cellStart[c1]; a < a1; a++) {
      columns[a] = x[3 * a];
      columns[n + a] = x[3 * a + 1];
      columns[2 * n + a] = x[3 * a + 2];
    }
    this.barrier.wait();
    const segment = Math.floor(s.neigh.length / workers);
    const first = me * segment;
    const at = (a: Float64Array | Int32Array) => a.byteOffset;
    const [nx, ny, nz] = grid.nc;
    let count = this.kernels.exports.searchCells(
      at(columns), at(columns) + 8 * n, at(columns) + 16 * n, at(s.type), at(s.identity), at(cellStart), at(s.cut) + 8, at(s.offsets),
      at(s.runs), at(s.start), at(s.wrapStart), at(s.end), at(s.neigh), at(s.candidates[me]), s.sizes.room, at(s.stencilCell[me]),
      at(s.stencilShift[me]), c0, c1, nx, ny, nz, grid.offsets.length, grid.runs.length, grid.allWrap, ntypes, first, first + segment,
      box.lx, box.ly, box.lz, box.xy, box.xz, box.yz,
    );
    if (count === -2) throw new Error('neighbour search: candidate scratch too small');
    if (count < 0) count = -1;
    control[countSlot(workers) + me] = count;
    if (count < 0 || !this.kernel.arrange) return;
    const { neigh, neighAtom, atomOf } = s;
    for (let k = first; k < count; k++) neighAtom[k] = atomOf[neigh[k]];
    this.kernel.arrange(this.view(s), r0, r1);
  }

  /**
   * The forces of this worker's rows into its own array (EAM: densities, then the embedding of its
   * atoms once all densities are in, then the forces), then, once every worker's are in, their sum
   * over its rows into fs (worker order), with FLAG_KICK the second half kick and m v^2.
   */
  private forces(s: SharedArrays, r0: number, r1: number, a0: number, a1: number): void {
    const { me, workers, control, params } = this;
    const flags = control[FLAGS];
    const results = RESULTS + RESULT_STRIDE * me;
    const virial = flags & FLAG_ENERGY_VIRIAL ? new Float64Array(6) : null;
    const pe = flags & FLAG_PER_ATOM ? s.pe[me] : null;
    if (this.kernel.embedding) {
      this.kernel.keepIn?.(s.cutNeigh.subarray(control[keptSlot(workers) + me]), s.cutWrap, s.cutEnd);
      this.kernel.densities!(this.view(s), [this.listVersion], r0, r1, s.rho[me]);
      this.barrier.wait();
      this.embedding(s, a0, a1, pe);
      this.barrier.wait();
    } else if (pe) {
      pe.fill(0);
    }
    const vatom = flags & FLAG_PER_ATOM_VIRIAL ? s.vatom[me] : null;
    const energy = this.kernel.forces(this.view(s), [this.listVersion], r0, r1, this.kernel.embedding ? s.fp : null, s.f[me], { virial, pe, vatom });
    if (virial) {
      params[results] = energy;
      params.set(virial, results + 2);
    }
    this.barrier.wait();
    kickAndSum(s, params, workers, r0, r1, (flags & FLAG_KICK) !== 0);
  }

  /** EAM: the summed densities of atoms a0 .. a1, F'(rho) and the embedding energy (zeroing pe first). */
  private embedding(s: SharedArrays, a0: number, a1: number, pe: Float64Array | null): void {
    const { me, workers, params } = this;
    const { rho, rhoSum, fp, type } = s;
    for (let a = a0; a < a1; a++) {
      let sum = 0;
      for (let w = 0; w < workers; w++) sum += rho[w][a];
      rhoSum[a] = sum;
    }
    if (pe) pe.fill(0);
    params[RESULTS + RESULT_STRIDE * me + 1] = this.kernel.embedding!(type, a0, a1, rhoSum, fp, pe);
  }

  /** An MD step on this worker's rows up to the forces; on to the forces unless some worker's atoms moved too far. */
  private step(s: SharedArrays, r0: number, r1: number, a0: number, a1: number): void {
    const { me, workers, control, params } = this;
    const far = drift(s, params, workers, me, r0, r1);
    control[rebuildSlot(workers) + me] = far ? 1 : 0;
    this.barrier.wait();
    for (let w = 0; w < workers; w++) {
      if (control[rebuildSlot(workers) + w] !== 0) return rowsToAtoms(s, r0, r1);
    }
    this.forces(s, r0, r1, a0, a1);
  }
}
