/**
 * The threads backend: the loops of sim/potentials on worker_threads over SharedArrayBuffer.
 *
 * At every new neighbour list the host copies it into shared memory in row (cell) order: atom i
 * becomes sorted index rank[i], so that the neighbours a worker reads lie close together in memory.
 * Each step the host gathers positions into that order, and the workers run the half-list loops
 * over fixed row ranges (balanced by listed pairs), each adding forces into its own array (Newton's
 * third law reaches rows of other workers). The host sums those arrays, energies and virials in
 * worker order and scatters the forces back to atom order: the result depends on the list and the
 * number of workers only, never on timing. Each worker runs the RowKernel the registry makes from
 * the spec (sim/potentials/registry.ts); a many-body kind (EAM) runs three commands (densities,
 * embedding over atom ranges, forces); every command is a barrier. `compute` is synchronous: the host thread
 * blocks in Atomics.wait until the workers are done.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker as startThread } from '../worker-thread.js';
import { InputError } from '../errors.js';
import type { State } from '../state.js';
import { reserveNeighbors, type NeighborList, type PairSearch } from '../neighbor.js';
import type { CellSearch } from '../cell-search.js';
import type { ComputeFlags, ForceOutput, Potential } from '../potentials/potential.js';
import type { PotentialSpec } from '../potentials/spec.js';
import { potentialKind } from '../potentials/registry.js';
import type { Backend, BackendOptions } from './backend.js';
import {
  Command, CMD, DONE, FAILED, FLAGS, FLAG_ENERGY_VIRIAL, FLAG_PER_ATOM, FLAG_PER_ATOM_VIRIAL, RESULTS, RESULT_STRIDE, ROWS, SEQ,
  allocateShared, atomsSlot, cellsSlot, countSlot, newControl, newParams, writeBox, type SharedArrays, type WorkerInit,
} from './threads-shared.js';

const WORKER_MODULE = new URL('./threads-worker.ts', import.meta.url);

/** `reference` (the f64 potential, which keeps its spec) on worker threads. */
export async function createThreadsBackend(reference: Potential & { readonly spec: PotentialSpec }, opts: BackendOptions = {}): Promise<Backend> {
  const workers = opts.workers ?? availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 1)) throw new InputError(`--threads: must be a whole number >= 1, got ${workers}`);
  const spec = reference.spec;
  const control = newControl(workers);
  const params = newParams(workers);
  const started = Array.from({ length: workers }, (_, index) => startWorker({ index, workers, spec, ntypes: reference.ntypes, control, params }));
  let threads: { worker: Worker; port: MessagePort }[];
  try {
    threads = await Promise.all(started);
  } catch (e) {
    for (const s of started) s.then((t) => t.worker.terminate(), () => {});
    throw e;
  }
  const potential = new ThreadsPotential(reference, potentialKind(spec).manyBody, control, params, threads);
  return {
    name: 'threads',
    detail: `threads (${workers} worker${workers > 1 ? 's' : ''})`,
    potential,
    dispose: () => potential.dispose(),
  };
}

/** Starts one worker and resolves when it waits for commands. It does not keep the process alive. */
function startWorker(init: WorkerInit): Promise<{ worker: Worker; port: MessagePort }> {
  const { port1, port2 } = new MessageChannel();
  const worker = startThread(WORKER_MODULE, { workerData: { ...init, port: port2 }, transferList: [port2] });
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve({ worker, port: port1 }));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`threads backend: worker ${init.index} exited (code ${code}) before it started`)));
  });
}

class ThreadsPotential implements Potential {
  readonly name: string;
  readonly ntypes: number;
  readonly spec?: PotentialSpec;
  private readonly workers: number;
  private shared: SharedArrays | null = null;
  /** perm[r]: the atom of row r (the list's rowOrder at its build). */
  private perm = new Int32Array(0);
  private list: NeighborList | null = null;
  private builds = -1;
  private pairs = -1;
  private disposed = false;
  /** Whether the shared buffers hold per-atom virials. */
  private perAtomVirial = false;
  /** List builds run in the workers (sim/forces.ts plugs this into the lists of its force fields). */
  readonly pairSearch: PairSearch = (nl, input, cellAtoms) => this.search(nl, input, cellAtoms);

  constructor(
    private readonly reference: Potential,
    private readonly manyBody: boolean,
    private readonly control: Int32Array,
    private readonly params: Float64Array,
    private readonly threads: { worker: Worker; port: MessagePort }[],
  ) {
    this.name = reference.name;
    this.ntypes = reference.ntypes;
    this.spec = reference.spec;
    this.workers = threads.length;
  }

  cutoff(ti: number, tj: number): number {
    return this.reference.cutoff(ti, tj);
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    if (this.disposed) throw new Error('threads backend: used after dispose()');
    const n = state.n;
    // A checkpoint restore may set `builds` back: the pair count is a second witness of a new list.
    let fresh = nlist !== this.list || nlist.builds !== this.builds || nlist.pairs !== this.pairs;
    let s = this.shared;
    const vatom = flags.energyVirial ? flags.perAtomVirial ?? null : null;
    // Room for per-atom virials is made when they are first asked for.
    if (vatom && !this.perAtomVirial) {
      this.perAtomVirial = true;
      s = null;
    }
    if (!s || s.n !== n || nlist.pairs > s.neigh.length) {
      s = this.allocate(n, Math.ceil(1.2 * nlist.pairs) + 1024, this.shared?.cellStart.length ?? 1);
      fresh = true;
    }
    if (fresh) this.copyList(nlist, s);
    this.gather(state, s);
    writeBox(this.params, state.box);
    if (fresh) this.command(Command.List);
    this.list = nlist;
    this.builds = nlist.builds;
    this.pairs = nlist.pairs;
    const peAtom = flags.energyVirial ? flags.perAtomEnergy ?? null : null;
    this.control[FLAGS] = (flags.energyVirial ? FLAG_ENERGY_VIRIAL : 0) | (peAtom ? FLAG_PER_ATOM : 0) | (vatom ? FLAG_PER_ATOM_VIRIAL : 0);
    if (this.manyBody) {
      this.command(Command.Densities);
      this.command(Command.Embedding);
    }
    this.command(Command.Forces);
    this.scatterForces(state.f, s);
    if (!flags.energyVirial) return;
    let pair = 0, embedding = 0;
    out.virial.fill(0);
    for (let w = 0; w < this.workers; w++) {
      const at = RESULTS + RESULT_STRIDE * w;
      pair += this.params[at];
      embedding += this.params[at + 1];
      for (let c = 0; c < 6; c++) out.virial[c] += this.params[at + 2 + c];
    }
    out.energy = this.manyBody ? embedding + pair : pair;
    if (peAtom) this.scatterPerAtom(peAtom, s.pe, 1);
    if (vatom) this.scatterPerAtom(vatom, s.vatom, 6);
  }

  private allocate(n: number, pairs: number, cells: number): SharedArrays {
    this.shared = allocateShared({ n, pairs, workers: this.workers, manyBody: this.manyBody, perAtomVirial: this.perAtomVirial, cells, ntypes: this.ntypes });
    for (const t of this.threads) t.port.postMessage(this.shared);
    this.command(Command.Buffers);
    return this.shared;
  }

  /**
   * A list build in the workers, after the host has binned the atoms: worker w searches a
   * contiguous range of cells (split where the binned atoms pass w / workers of all), writing its
   * rows in sorted indices into its own segment of the shared list (what the force loops read,
   * with no copy or translation), and the same rows in atom indices, which the host then copies
   * segment after segment into the NeighborList. Each row is found by the search kernel exactly as in
   * the serial build, so the list is the same, whatever the timing. A segment that overflows is
   * searched again with more room.
   */
  private search(nl: NeighborList, input: CellSearch, cellAtoms: Int32Array): number {
    if (this.disposed) throw new Error('threads backend: used after dispose()');
    const W = this.workers, ctl = this.control;
    const ncells = input.grid.ncells, cellStart = input.cellStart, n = cellStart[ncells];
    let s = this.shared;
    if (!s || s.n !== n || s.cellStart.length < ncells + 1 || s.neigh.length < nl.neigh.length) {
      s = this.allocate(n, Math.max(nl.neigh.length, s?.n === n ? s.neigh.length : 0), Math.max(ncells + 1, s?.cellStart.length ?? 0));
    }
    let c = 0;
    for (let w = 0; w < W; w++) {
      const c0 = c;
      if (w === W - 1) c = ncells;
      else while (c < ncells && cellStart[c + 1] <= ((w + 1) * n) / W) c++;
      ctl[cellsSlot(W) + 2 * w] = c0;
      ctl[cellsSlot(W) + 2 * w + 1] = c;
      ctl[ROWS + 2 * w] = cellStart[c0];
      ctl[ROWS + 2 * w + 1] = cellStart[c];
      ctl[atomsSlot(W) + 2 * w] = Math.floor((w * n) / W);
      ctl[atomsSlot(W) + 2 * w + 1] = Math.floor(((w + 1) * n) / W);
    }
    for (;;) {
      s.x.set(input.sortedX.subarray(0, 3 * n));
      s.type.set(input.sortedType.subarray(0, n));
      s.atomOf.set(cellAtoms.subarray(0, n));
      s.cellStart.set(cellStart.subarray(0, ncells + 1));
      s.cut[0] = nl.cutneighMax;
      s.cut.set(input.cutneighsq, 1);
      writeBox(this.params, input.box);
      this.command(Command.Search);
      let fits = true;
      for (let w = 0; w < W; w++) fits &&= ctl[countSlot(W) + w] >= 0;
      if (fits) break;
      s = this.allocate(n, Math.ceil(1.5 * s.neigh.length), s.cellStart.length);
    }
    const segment = Math.floor(s.neigh.length / W);
    let total = 0;
    for (let w = 0; w < W; w++) total += ctl[countSlot(W) + w] - w * segment;
    reserveNeighbors(nl, total);
    const { start, wrapStart, end, neigh } = nl;
    let offset = 0;
    for (let w = 0; w < W; w++) {
      const first = w * segment, stop = ctl[countSlot(W) + w], shift = offset - first;
      neigh.set(s.neighAtom.subarray(first, stop), offset);
      for (let r = ctl[ROWS + 2 * w], r1 = ctl[ROWS + 2 * w + 1]; r < r1; r++) {
        const i = cellAtoms[r];
        start[i] = s.start[r] + shift;
        wrapStart[i] = s.wrapStart[r] + shift;
        end[i] = s.end[r] + shift;
      }
      offset += stop - first;
    }
    // The force loops may run other rows than each worker searched: split them by pairs.
    this.splitRows(s, total);
    // The shared copy now holds this list (buildNeighbors counts the build after the search).
    if (this.perm.length !== n) this.perm = new Int32Array(n);
    this.perm.set(cellAtoms.subarray(0, n));
    this.list = nl;
    this.builds = nl.builds + 1;
    this.pairs = total;
    return total;
  }

  /** Copies a new list in row order (the workers translate it to sorted indices) and splits the work. */
  private copyList(nlist: NeighborList, s: SharedArrays): void {
    const n = s.n;
    const order = nlist.rowOrder;
    if (this.perm.length !== n) this.perm = new Int32Array(n);
    this.perm.set(order.subarray(0, n));
    const { start, wrapStart, end } = nlist;
    for (let r = 0; r < n; r++) {
      const i = order[r];
      s.rank[i] = r;
      s.start[r] = start[i];
      s.wrapStart[r] = wrapStart[i];
      s.end[r] = end[i];
    }
    s.neigh.set(nlist.neigh.subarray(0, nlist.pairs));
    this.splitRows(s, nlist.pairs);
    const W = this.workers;
    for (let w = 0; w < W; w++) {
      this.control[atomsSlot(W) + 2 * w] = Math.floor((w * n) / W);
      this.control[atomsSlot(W) + 2 * w + 1] = Math.floor(((w + 1) * n) / W);
    }
  }

  /**
   * The force loops' rows: split where the running count of listed pairs passes w / workers of
   * all `pairs` (rows of the shared list in sorted order, wherever their pairs are stored).
   */
  private splitRows(s: SharedArrays, pairs: number): void {
    const W = this.workers, n = s.n;
    let r = 0, running = 0;
    for (let w = 0; w < W; w++) {
      this.control[ROWS + 2 * w] = r;
      const target = ((w + 1) * pairs) / W;
      if (w === W - 1) r = n;
      else while (r < n && running + s.end[r] - s.start[r] <= target) running += s.end[r] - s.start[r++];
      this.control[ROWS + 2 * w + 1] = r;
    }
  }

  private gather(state: State, s: SharedArrays): void {
    const { x, type } = state;
    const perm = this.perm, xs = s.x, ts = s.type;
    for (let r = 0, n = s.n; r < n; r++) {
      const i = perm[r];
      xs[3 * r] = x[3 * i];
      xs[3 * r + 1] = x[3 * i + 1];
      xs[3 * r + 2] = x[3 * i + 2];
      ts[r] = type[i];
    }
  }

  /** f[atom] = sum over workers, in worker order, of their forces on its row. */
  private scatterForces(f: Float64Array, s: SharedArrays): void {
    const perm = this.perm, parts = s.f, W = this.workers;
    const f0 = parts[0];
    for (let r = 0, n = s.n; r < n; r++) {
      const i3 = 3 * perm[r], r3 = 3 * r;
      let fx = f0[r3], fy = f0[r3 + 1], fz = f0[r3 + 2];
      for (let w = 1; w < W; w++) {
        const fw = parts[w];
        fx += fw[r3];
        fy += fw[r3 + 1];
        fz += fw[r3 + 2];
      }
      f[i3] = fx;
      f[i3 + 1] = fy;
      f[i3 + 2] = fz;
    }
  }

  /** out[atom] = sum over workers, in worker order, of their `width` values of its row. */
  private scatterPerAtom(out: Float64Array, parts: Float64Array[], width: number): void {
    const perm = this.perm, W = this.workers;
    for (let r = 0, n = this.shared!.n; r < n; r++) {
      for (let c = 0; c < width; c++) {
        let e = parts[0][width * r + c];
        for (let w = 1; w < W; w++) e += parts[w][width * r + c];
        out[width * perm[r] + c] = e;
      }
    }
  }

  /** Runs one command on every worker and returns when all are done. */
  private command(c: number): void {
    const ctl = this.control;
    Atomics.store(ctl, CMD, c);
    Atomics.store(ctl, DONE, 0);
    Atomics.add(ctl, SEQ, 1);
    Atomics.notify(ctl, SEQ);
    let done: number;
    while ((done = Atomics.load(ctl, DONE)) < this.workers) Atomics.wait(ctl, DONE, done);
    if (Atomics.load(ctl, FAILED) !== 0) {
      const reasons = this.threads.map((t) => receiveMessageOnPort(t.port)?.message).filter((m) => m !== undefined);
      this.dispose();
      throw new Error(`threads backend failed: ${reasons.join('; ')}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.control, CMD, Command.Quit);
    Atomics.add(this.control, SEQ, 1);
    Atomics.notify(this.control, SEQ);
    for (const t of this.threads) {
      t.port.close();
      void t.worker.terminate();
    }
  }
}
