/**
 * The threads backend: the loops of sim/potentials on worker_threads, all on one shared WebAssembly
 * memory (threads-shared.ts) whose list every worker searches and reads in place.
 *
 * The shared list is in row (cell) order: atom i becomes sorted index rank[i], so that the
 * neighbours a worker reads lie close together in memory. The workers run the half-list loops over
 * fixed row ranges (balanced by listed pairs), each adding forces into its own array (Newton's
 * third law reaches rows of other workers), then, after a barrier, each sums those arrays over its
 * own rows in worker order; energies and virials are summed in worker order too. The result
 * depends on the list and the number of workers only, never on timing. Each worker runs the
 * RowKernel the registry makes from the spec (sim/potentials/registry.ts); a many-body kind (EAM)
 * runs densities, embedding over atom ranges and forces, with barriers between them.
 *
 * `compute` gathers the positions into row order, runs the forces and scatters them back; whole
 * MD steps (`residentSteps`, threads-verlet.ts) keep positions, velocities and forces in row order
 * in the workers, which also integrate. Both are synchronous: the host thread blocks in
 * Atomics.wait until the workers are done.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker as startThread } from '../worker-thread.js';
import { InputError } from '../errors.js';
import type { State } from '../state.js';
import { buildPositions, type NeighborList, type PairSearch } from '../neighbor.js';
import { gatherAtoms } from '../cell-search.js';
import type { Units } from '../units.js';
import type { UniformScaling } from '../integrate/thermostat.js';
import type { ComputeFlags, ForceOutput, Potential } from '../potentials/potential.js';
import type { PotentialSpec } from '../potentials/spec.js';
import { potentialKind } from '../potentials/registry.js';
import type { Backend, BackendOptions } from './backend.js';
import { phases, type PhaseProfile } from '../phase-profile.js';
import {
  Command, CMD, DONE, FAILED, FLAGS, FLAG_ENERGY_VIRIAL, FLAG_PER_ATOM, FLAG_PER_ATOM_VIRIAL, PROFILE, RESULTS, RESULT_STRIDE, SEQ,
  busySlot, newControl, newParams, placeShared, writeBox, type SharedArrays, type WorkerInit,
} from './threads-shared.js';
import { copyList, searchInWorkers, type ListHost } from './threads-list.js';
import { newKernelMemory } from '../wasm/kernels.js';
import { ThreadsVerlet } from './threads-verlet.js';
import { WorkerRole } from './threads-role.js';
import { Abandoned, spinWhile } from './threads-barrier.js';

const WORKER_MODULE = new URL('./threads-worker.ts', import.meta.url);

/** `reference` (the f64 potential, which keeps its spec) on worker threads. */
export async function createThreadsBackend(reference: Potential & { readonly spec: PotentialSpec }, opts: BackendOptions = {}): Promise<Backend> {
  const workers = opts.workers ?? availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 1)) throw new InputError(`--threads: must be a whole number >= 1, got ${workers}`);
  const spec = reference.spec;
  const control = newControl(workers);
  const params = newParams(workers);
  const memory = newKernelMemory();
  const init = (index: number): WorkerInit => ({ index, workers, spec, ntypes: reference.ntypes, control, params, memory });
  // Worker 0 is this thread; the others are worker threads.
  const started = Array.from({ length: workers - 1 }, (_, k) => startWorker(init(k + 1)));
  let threads: { worker: Worker; port: MessagePort }[];
  try {
    threads = await Promise.all(started);
  } catch (e) {
    for (const s of started) s.then((t) => t.worker.terminate(), () => {});
    throw e;
  }
  const potential = new ThreadsPotential(reference, potentialKind(spec).manyBody, control, params, memory, new WorkerRole(init(0)), threads);
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

export class ThreadsPotential implements Potential, ListHost {
  readonly name: string;
  readonly ntypes: number;
  readonly spec?: PotentialSpec;
  readonly workers: number;
  shared: SharedArrays | null = null;
  /**
   * Bumped whenever the shared arrays change hands or content other than by a step of
   * ThreadsVerlet (new buffers, a new list, a `compute`): its steps then take the state again.
   */
  epoch = 0;
  private list: NeighborList | null = null;
  private builds = -1;
  private pairs = -1;
  private disposed = false;
  /** Whether the shared buffers hold per-atom energies and virials. */
  private perAtomEnergy = false;
  private perAtomVirial = false;
  /**
   * The list whose rows (in atom indices) are still only in the shared arrays, and what writes
   * them (NeighborList.deferred): written when read, or before the shared list changes.
   */
  private deferred: { nl: NeighborList; write: () => void } | null = null;
  /**
   * The list whose build positions are the shared xBuild (by row: NeighborList.xBuildRow is the
   * shared rank); it gets a copy of its own by atom before the shared list changes.
   */
  private keeper: NeighborList | null = null;
  /**
   * List builds run in the workers (sim/forces.ts plugs this into the lists of its force fields).
   * The list's own rows in atom indices are written only when something reads them, and its
   * build positions are the shared ones, by row (the binned positions the search read).
   */
  readonly pairSearch: PairSearch = (nl, input) => {
    this.assertLive();
    this.release();
    const { total, writeRows } = searchInWorkers(this, nl, input);
    this.deferred = { nl, write: writeRows };
    nl.deferred = writeRows;
    const s = this.shared!;
    s.xBuild.set(s.x);
    nl.xBuild = s.xBuild;
    nl.xBuildRow = s.rank;
    this.keeper = nl;
    // The shared copy now holds this list (buildNeighbors counts the build after the search).
    this.list = nl;
    this.builds = nl.builds + 1;
    this.pairs = total;
    this.epoch++;
    return total;
  };

  constructor(
    private readonly reference: Potential,
    readonly manyBody: boolean,
    readonly control: Int32Array,
    readonly params: Float64Array,
    private readonly memory: WebAssembly.Memory,
    private readonly local: WorkerRole,
    private readonly threads: { worker: Worker; port: MessagePort }[],
  ) {
    this.name = reference.name;
    this.ntypes = reference.ntypes;
    this.spec = reference.spec;
    this.workers = threads.length + 1;
    if (reference.pairCurvature) this.pairCurvature = reference.pairCurvature.bind(reference);
  }

  pairCurvature?: (ti: number, tj: number, r: number) => [number, number];

  cutoff(ti: number, tj: number): number {
    return this.reference.cutoff(ti, tj);
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    const vatom = flags.energyVirial ? flags.perAtomVirial ?? null : null;
    const peAtom = flags.energyVirial ? flags.perAtomEnergy ?? null : null;
    const s = this.load(state, nlist, peAtom !== null, vatom !== null);
    const perm = s.atomOf;
    this.control[FLAGS] = (flags.energyVirial ? FLAG_ENERGY_VIRIAL : 0) | (peAtom ? FLAG_PER_ATOM : 0) | (vatom ? FLAG_PER_ATOM_VIRIAL : 0);
    this.command(Command.Forces, 'forces: workers');
    const f = state.f, fs = s.fs;
    for (let r = 0, n = s.n; r < n; r++) {
      const i3 = 3 * perm[r], r3 = 3 * r;
      f[i3] = fs[r3];
      f[i3 + 1] = fs[r3 + 1];
      f[i3 + 2] = fs[r3 + 2];
    }
    if (flags.energyVirial) this.energies(out);
    if (peAtom) this.scatterPerAtom(peAtom, s.pe, 1);
    if (vatom) this.scatterPerAtom(vatom, s.vatom, 6);
    phases?.mark('forces: scatter');
  }

  residentSteps(state: State, nlist: NeighborList, out: ForceOutput, scaling: UniformScaling, units: Units): ThreadsVerlet | undefined {
    this.assertLive();
    // A list must have been built: the steps check the motion since that build.
    if (nlist.builds === 0 || nlist.search !== this.pairSearch) return undefined;
    return new ThreadsVerlet(this, state, nlist, out, scaling, units);
  }

  /**
   * The shared arrays for the state's atoms holding `nlist` (copied and translated if they hold
   * another) and the state's positions, types and box, in row order; with room for per-atom
   * energies and virials when `atomEnergies` and `atomVirials`.
   */
  load(state: State, nlist: NeighborList, atomEnergies: boolean, atomVirials: boolean): SharedArrays {
    this.assertLive();
    this.epoch++;
    const n = state.n;
    // A checkpoint restore may set `builds` back: the pair count is a second witness of a new list.
    let fresh = nlist !== this.list || nlist.builds !== this.builds || nlist.pairs !== this.pairs;
    let s = this.shared;
    // Room for per-atom energies and virials is made when they are first asked for.
    if ((atomEnergies && !this.perAtomEnergy) || (atomVirials && !this.perAtomVirial)) {
      this.perAtomEnergy ||= atomEnergies;
      this.perAtomVirial ||= atomVirials;
      s = null;
    }
    if (fresh) this.release();
    if (!s || s.n !== n || nlist.pairs > s.neigh.length) {
      s = this.allocate(n, Math.ceil(1.2 * nlist.pairs) + 1024, this.shared?.sizes.cells ?? 0, this.shared?.sizes.room ?? 0);
      fresh = true;
    }
    if (fresh) {
      copyList(this, nlist, s);
      phases?.mark('forces: list copy');
    }
    gatherAtoms(s.atomOf, state.x, state.type, s.x, s.type, n);
    writeBox(this.params, state.box);
    phases?.mark('forces: gather');
    // The workers' arrangement of a new list (EAM) reads the positions.
    if (fresh) {
      this.command(Command.List, 'forces: list copy');
      this.list = nlist;
      this.builds = nlist.builds;
      this.pairs = nlist.pairs;
    }
    return s;
  }

  /** Energy and virial of the last forces, summed in worker order. */
  energies(out: ForceOutput): void {
    let pair = 0, embedding = 0;
    out.virial.fill(0);
    for (let w = 0; w < this.workers; w++) {
      const at = RESULTS + RESULT_STRIDE * w;
      pair += this.params[at];
      embedding += this.params[at + 1];
      for (let c = 0; c < 6; c++) out.virial[c] += this.params[at + 2 + c];
    }
    out.energy = this.manyBody ? embedding + pair : pair;
  }

  /**
   * New shared arrays (a new layout of the shared memory, from its start: what the old ones held
   * is lost, so a deferred list's rows are written out first).
   */
  allocate(n: number, pairs: number, cells: number, room: number): SharedArrays {
    this.release();
    const sizes = {
      n, pairs, workers: this.workers, manyBody: this.manyBody, perAtomEnergy: this.perAtomEnergy, perAtomVirial: this.perAtomVirial, cells, ntypes: this.ntypes, room,
      scratch: this.local.scratch,
    };
    const s = (this.shared = placeShared(this.memory, sizes));
    for (let r = 0; r < n; r++) s.identity[r] = r;
    this.local.take(s);
    for (const t of this.threads) t.port.postMessage(sizes);
    this.command(Command.Buffers);
    this.epoch++;
    return s;
  }

  /**
   * Before the shared list changes: writes the rows of the list whose rows are only in the shared
   * arrays into it, and gives the list whose build positions are the shared ones a copy by atom,
   * unless a new build has replaced them.
   */
  private release(): void {
    const d = this.deferred;
    this.deferred = null;
    if (d && d.nl.deferred === d.write) {
      d.nl.deferred = undefined;
      d.write();
    }
    const k = this.keeper;
    this.keeper = null;
    if (k && k.xBuildRow && k.xBuildRow === this.shared?.rank) {
      k.xBuild = buildPositions(k);
      k.xBuildRow = undefined;
    }
  }

  /** Whether `nlist`'s build positions are the shared xBuild. */
  keepsBuildPositions(nlist: NeighborList): boolean {
    return this.keeper === nlist && nlist.xBuildRow !== undefined && nlist.xBuildRow === this.shared?.rank;
  }

  /** out[atom] = sum over workers, in worker order, of their `width` values of its row. */
  private scatterPerAtom(out: Float64Array, parts: Float64Array[], width: number): void {
    const perm = this.shared!.atomOf, W = this.workers;
    for (let r = 0, n = this.shared!.n; r < n; r++) {
      for (let c = 0; c < width; c++) {
        let e = parts[0][width * r + c];
        for (let w = 1; w < W; w++) e += parts[w][width * r + c];
        out[width * perm[r] + c] = e;
      }
    }
  }

  /**
   * Runs one command on every worker (this thread being worker 0) and returns when all are done;
   * books it to `phase` when profiling.
   */
  command(c: number, phase?: string): void {
    const ctl = this.control, others = this.threads.length;
    const p = phase ? phases : null;
    ctl[PROFILE] = p ? 1 : 0;
    Atomics.store(ctl, CMD, c);
    Atomics.store(ctl, DONE, 0);
    Atomics.add(ctl, SEQ, 1);
    Atomics.notify(ctl, SEQ);
    const t0 = p ? performance.now() : 0;
    let failure: string | undefined;
    if (c !== Command.Buffers) {
      try {
        this.local.run(c);
      } catch (e) {
        if (!(e instanceof Abandoned)) {
          failure = `worker 0: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
          Atomics.store(ctl, FAILED, 1);
          this.local.barrier.release();
        }
      }
    }
    if (p) this.params[busySlot(this.workers)] = performance.now() - t0;
    let done: number;
    while ((done = Atomics.load(ctl, DONE)) < others) {
      if (!spinWhile(ctl, DONE, done)) Atomics.wait(ctl, DONE, done);
    }
    if (Atomics.load(ctl, FAILED) !== 0) {
      const reasons = [failure, ...this.threads.map((t) => receiveMessageOnPort(t.port)?.message)].filter((m) => m !== undefined);
      this.dispose();
      throw new Error(`threads backend failed: ${reasons.join('; ')}`);
    }
    if (p) this.bookBusy(p, phase!);
  }

  /** The command's wall time to `phase`, and how long the busiest and the average worker computed. */
  private bookBusy(p: PhaseProfile, phase: string): void {
    p.mark(phase);
    const busy = this.params.subarray(busySlot(this.workers), busySlot(this.workers) + this.workers);
    p.add(`${phase} | busiest worker`, Math.max(...busy));
    p.add(`${phase} | mean worker`, busy.reduce((a, b) => a + b, 0) / this.workers);
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('threads backend: used after dispose()');
  }

  dispose(): void {
    if (this.disposed) return;
    this.release();
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
