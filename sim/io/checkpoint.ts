/**
 * Checkpoints: a run's whole dynamical state in one file, written atomically (write a temporary
 * file, fsync, rename), with a SHA-256 checksum, and the previous good checkpoint kept beside it.
 *
 *   checkpoint.json        line 1: `betascape-checkpoint 1 sha256=<hex> bytes=<n>`, then JSON
 *   checkpoint.prev.json   the one before
 *
 * Reading verifies the checksum; a corrupt or truncated file is reported (a warning) and the
 * previous one is used. Typed arrays are stored as base64 of their bytes, so every number comes
 * back bit for bit (JSON numbers would lose -0 and NaN payloads).
 *
 * The state codec saves what a bit-for-bit continuation needs beyond positions and velocities:
 * the forces of the last step and the positions at which the neighbour list was last built; the
 * list is rebuilt from those positions, so it is the very list the uninterrupted run holds.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { State } from '../state.js';
import type { Box } from '../box.js';
import { buildNeighbors, buildPositions, type NeighborList } from '../neighbor.js';
import type { ForceOutput } from '../potentials/potential.js';

const MAGIC = 'betascape-checkpoint';
const FORMAT = 1;
export const CHECKPOINT_FILE = 'checkpoint.json';
export const PREVIOUS_CHECKPOINT_FILE = 'checkpoint.prev.json';

// ---------------------------------------------------------------------------------------------
// Files

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes `data` to `path` atomically: temporary file, fsync, rename. */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    if (typeof data === 'string') writeSync(fd, data);
    else writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Writes dir/checkpoint.json (the old one becomes checkpoint.prev.json). */
export function writeCheckpoint(dir: string, payload: unknown): void {
  const body = Buffer.from(JSON.stringify(payload));
  const header = `${MAGIC} ${FORMAT} sha256=${sha256(body)} bytes=${body.length}\n`;
  const tmp = join(dir, `${CHECKPOINT_FILE}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, header);
    writeSync(fd, body);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const current = join(dir, CHECKPOINT_FILE);
  // A crash between these renames leaves only the previous checkpoint, which readCheckpoint uses.
  if (existsSync(current)) renameSync(current, join(dir, PREVIOUS_CHECKPOINT_FILE));
  renameSync(tmp, current);
  syncDir(dir);
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every file system lets a directory be synced; the renames are still atomic.
  }
}

/** The payload of one checkpoint file, or why it cannot be used. */
export function readCheckpointFile(path: string): { payload: unknown } | { problem: string } {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    return { problem: `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const nl = data.indexOf(0x0a);
  const m = nl > 0 ? new RegExp(`^${MAGIC} (\\d+) sha256=([0-9a-f]{64}) bytes=(\\d+)$`).exec(data.subarray(0, nl).toString('utf8')) : null;
  if (!m) return { problem: 'not a betascape checkpoint (bad header)' };
  if (Number(m[1]) !== FORMAT) return { problem: `checkpoint format ${m[1]}, this version reads ${FORMAT}` };
  const body = data.subarray(nl + 1);
  if (body.length !== Number(m[3])) return { problem: `truncated (${body.length} of ${m[3]} bytes)` };
  if (sha256(body) !== m[2]) return { problem: 'checksum mismatch (corrupted)' };
  try {
    return { payload: JSON.parse(body.toString('utf8')) };
  } catch (e) {
    return { problem: `unreadable JSON (${(e as Error).message})` };
  }
}

export interface LoadedCheckpoint {
  payload: unknown;
  /** Which file it came from. */
  file: string;
}

/**
 * The newest good checkpoint in `dir` (checkpoint.json, else checkpoint.prev.json), or null when
 * there is none. A file is bad when it is unreadable or corrupt, or when `refuse` names a reason
 * (one copied from another run, non-finite numbers); every bad file is reported through `warn`.
 */
export function readCheckpoint(
  dir: string, warn: (msg: string) => void = () => {}, refuse: (payload: unknown) => string | undefined = () => undefined,
): LoadedCheckpoint | null {
  const current = join(dir, CHECKPOINT_FILE);
  const previous = join(dir, PREVIOUS_CHECKPOINT_FILE);
  for (const file of [current, previous]) {
    if (!existsSync(file)) continue;
    const r = readCheckpointFile(file);
    const problem = 'payload' in r ? refuse(r.payload) : r.problem;
    if (problem === undefined && 'payload' in r) return { payload: r.payload, file };
    warn(`${file}: ${problem}; ${file === current ? 'trying the previous checkpoint' : 'no good checkpoint left'}`);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Typed arrays and state

export type Encoded = { dtype: 'f64' | 'i32'; b64: string };

export function encodeArray(a: Float64Array | Int32Array): Encoded {
  return { dtype: a instanceof Float64Array ? 'f64' : 'i32', b64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') };
}

export function decodeF64(e: Encoded): Float64Array {
  if (e.dtype !== 'f64') throw new Error(`checkpoint: expected f64 data, got ${e.dtype}`);
  const b = Buffer.from(e.b64, 'base64');
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function decodeI32(e: Encoded): Int32Array {
  if (e.dtype !== 'i32') throw new Error(`checkpoint: expected i32 data, got ${e.dtype}`);
  const b = Buffer.from(e.b64, 'base64');
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export interface SavedState {
  n: number;
  box: Box;
  x: Encoded;
  v: Encoded;
  f: Encoded;
  image: Encoded;
  type: Encoded;
  id: Encoded;
  mass: Encoded;
  typeNames: string[];
  step: number;
  time: number;
}

export function saveState(s: State): SavedState {
  return {
    n: s.n, box: { ...s.box }, x: encodeArray(s.x), v: encodeArray(s.v), f: encodeArray(s.f), image: encodeArray(s.image),
    type: encodeArray(s.type), id: encodeArray(s.id), mass: encodeArray(s.mass), typeNames: [...s.typeNames], step: s.step, time: s.time,
  };
}

export function loadState(s: SavedState): State {
  return {
    n: s.n, box: { ...s.box }, x: decodeF64(s.x), v: decodeF64(s.v), f: decodeF64(s.f), image: decodeI32(s.image),
    type: decodeI32(s.type), id: decodeI32(s.id), mass: decodeF64(s.mass), typeNames: [...s.typeNames], step: s.step, time: s.time,
  };
}

export interface SavedNeighborList {
  xBuild: Encoded;
  boxAtBuild: Box;
  builds: number;
}

export function saveNeighborList(nl: NeighborList): SavedNeighborList {
  if (!nl.boxAtBuild) throw new Error('checkpoint: the neighbour list has not been built');
  return { xBuild: encodeArray(buildPositions(nl)), boxAtBuild: { ...nl.boxAtBuild }, builds: nl.builds };
}

/**
 * Rebuilds `nl` as it was when saved: the list is built from the saved build positions in the
 * saved build box (the same pairs in the same order as the saved run's list), then the state's
 * own box, positions and image flags are put back. Returns false in the (unlikely) case that the
 * build positions did not come back unchanged, so that the list may differ in its last bits.
 */
export function restoreNeighborList(state: State, nl: NeighborList, saved: SavedNeighborList): boolean {
  const box = { ...state.box }, x = state.x.slice(), image = state.image.slice();
  const xBuild = decodeF64(saved.xBuild);
  state.box = { ...saved.boxAtBuild };
  state.x.set(xBuild);
  buildNeighbors(state, nl);
  state.box = box;
  state.x.set(x);
  state.image.set(image);
  nl.builds = saved.builds;
  return buildPositions(nl).every((v, k) => Object.is(v, xBuild[k]));
}

/** The last force call's energy and virial (a barostat reads the virial at the next step). */
export interface SavedForceOutput {
  energy: number;
  virial: Encoded;
}

export function saveForceOutput(out: ForceOutput): SavedForceOutput {
  return { energy: out.energy, virial: encodeArray(out.virial) };
}

export function restoreForceOutput(out: ForceOutput, saved: SavedForceOutput): void {
  out.energy = saved.energy;
  out.virial.set(decodeF64(saved.virial));
}
