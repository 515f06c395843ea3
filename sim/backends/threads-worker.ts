/**
 * A worker of the threads backend: waits for a command from the host, runs it on its own rows
 * (forces, densities) or atoms (embedding) with the RowKernel the registry makes from the spec
 * (sim/potentials/registry.ts), reports done, waits again. See threads-shared.ts for the protocol.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { PairView } from '../potentials/pair-view.js';
import { potentialKind } from '../potentials/registry.js';
import { cellGrid } from '../cell-search.js';
import { SearchKernel } from '../wasm/neighbor-kernel.js';
import {
  Command, CMD, DONE, FAILED, FLAGS, FLAG_ENERGY_VIRIAL, FLAG_PER_ATOM, FLAG_PER_ATOM_VIRIAL, RESULTS, RESULT_STRIDE, ROWS, SEQ,
  atomsSlot, cellsSlot, countSlot, readBox, type SharedArrays, type WorkerInit,
} from './threads-shared.js';

const { index: me, workers, spec, ntypes, control, params, port } = workerData as WorkerInit & { port: MessagePort };
const kernel = potentialKind(spec).rowKernel(spec);

let shared: SharedArrays | null = null;
/** Bumped whenever the shared list changes (new buffers, a copied or searched list). */
let listVersion = 0;
let identity = new Int32Array(0);
const searchKernel = new SearchKernel();

function view(s: SharedArrays): PairView {
  return { x: s.x, type: s.type, box: readBox(params), start: s.start, wrapStart: s.wrapStart, end: s.end, neigh: s.neigh, rowOrder: identity };
}

/**
 * The buffers the host posted before this command. The host posts, then commands, but the message
 * can reach this side of the port a moment after the command (seen under load): wait up to 10 s.
 */
function takeBuffers(): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let message = receiveMessageOnPort(port);
  for (let waited = 0; !message && waited < 10000; waited++) {
    Atomics.wait(pause, 0, 0, 1);
    message = receiveMessageOnPort(port);
  }
  if (!message) throw new Error('threads backend: no buffers were posted');
  shared = message.message as SharedArrays;
  listVersion++;
  const n = shared.n;
  if (identity.length !== n) identity = Int32Array.from({ length: n }, (_, k) => k);
}

/** Rows of the list in sorted indices, arranged by the kernel (EAM: in-cut pairs first). */
function translateList(s: SharedArrays, r0: number, r1: number): void {
  listVersion++;
  const { start, end, neigh, rank } = s;
  for (let r = r0; r < r1; r++) {
    for (let k = start[r], stop = end[r]; k < stop; k++) neigh[k] = rank[neigh[k]];
  }
  kernel.arrange?.(view(s), r0, r1);
}

/**
 * This worker's share of a list build: the rows of the atoms in its cells, in sorted indices, from
 * the start of its segment of `neigh` (the grid is rebuilt from the same box and cut-off as the
 * host's, so it is the same grid); then the same rows in atom indices into `neighAtom`.
 */
function search(s: SharedArrays, c0: number, c1: number, r0: number, r1: number): void {
  listVersion++;
  const box = readBox(params);
  const rc = s.cut[0];
  const input = {
    box, grid: cellGrid(box, rc, ''), ntypes, cutneighsq: s.cut.subarray(1),
    cellStart: s.cellStart, sortedX: s.x, sortedType: s.type,
  };
  const segment = Math.floor(s.neigh.length / workers);
  const first = me * segment;
  const count = searchKernel.search(input, identity, c0, c1, s, first, first + segment);
  control[countSlot(workers) + me] = count;
  if (count < 0) return;
  const { neigh, neighAtom, atomOf } = s;
  for (let k = first; k < count; k++) neighAtom[k] = atomOf[neigh[k]];
  kernel.arrange?.(view(s), r0, r1);
}

/** Forces of this worker's rows (the kernel overwrites f; a many-body kernel adds to pe, which the embedding zeroed). */
function forces(s: SharedArrays, r0: number, r1: number): void {
  const flags = control[FLAGS];
  const results = RESULTS + RESULT_STRIDE * me;
  const virial = flags & FLAG_ENERGY_VIRIAL ? new Float64Array(6) : null;
  const pe = flags & FLAG_PER_ATOM ? s.pe[me] : null;
  if (pe && !kernel.embedding) pe.fill(0);
  const vatom = flags & FLAG_PER_ATOM_VIRIAL ? s.vatom[me] : null;
  const energy = kernel.forces(view(s), [listVersion], r0, r1, kernel.embedding ? s.fp : null, s.f[me], { virial, pe, vatom });
  if (virial) {
    params[results] = energy;
    params.set(virial, results + 2);
  }
}

function densities(s: SharedArrays, r0: number, r1: number): void {
  kernel.densities!(view(s), [listVersion], r0, r1, s.rho[me]);
}

function embedding(s: SharedArrays, a0: number, a1: number): void {
  const { rho, rhoSum, fp, type } = s;
  for (let a = a0; a < a1; a++) {
    let sum = 0;
    for (let w = 0; w < workers; w++) sum += rho[w][a];
    rhoSum[a] = sum;
  }
  const flags = control[FLAGS];
  const pe = flags & FLAG_PER_ATOM ? s.pe[me] : null;
  if (pe) pe.fill(0);
  params[RESULTS + RESULT_STRIDE * me + 1] = kernel.embedding!(type, a0, a1, rhoSum, fp, pe);
}

function run(command: number): void {
  if (command === Command.Buffers) return takeBuffers();
  const s = shared!;
  const r0 = control[ROWS + 2 * me], r1 = control[ROWS + 2 * me + 1];
  const a0 = control[atomsSlot(workers) + 2 * me], a1 = control[atomsSlot(workers) + 2 * me + 1];
  if (command === Command.List) translateList(s, r0, r1);
  else if (command === Command.Search) search(s, control[cellsSlot(workers) + 2 * me], control[cellsSlot(workers) + 2 * me + 1], r0, r1);
  else if (command === Command.Forces) forces(s, r0, r1);
  else if (command === Command.Densities) densities(s, r0, r1);
  else if (command === Command.Embedding) embedding(s, a0, a1);
}

// Read the sequence number before saying ready: the host's first command may follow at once.
let seen = Atomics.load(control, SEQ);
parentPort!.postMessage('ready');
for (;;) {
  Atomics.wait(control, SEQ, seen);
  seen = Atomics.load(control, SEQ);
  const command = control[CMD];
  if (command === Command.Quit) break;
  try {
    run(command);
  } catch (e) {
    Atomics.store(control, FAILED, 1);
    port.postMessage(`worker ${me}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}
port.close();
