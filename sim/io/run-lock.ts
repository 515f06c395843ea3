/**
 * A lock on a run directory, so that two processes never write into one run: RUN_DIR/run.lock holds
 * the holder's pid, host, start time and command, and is created exclusively (O_EXCL). A lock whose
 * pid is gone on this host is stale and taken over, with a note. The lock is removed when its
 * holder releases it or exits.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';

export const LOCK_FILE = 'run.lock';

interface LockRecord {
  pid: number;
  host: string;
  started: string;
  command: string;
  token: string;
}

export interface RunLock {
  readonly file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockRecord;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock of `dir` (created if needed) for `command`, or throws InputError naming the
 * holder. `note` hears of a stale lock taken over.
 */
export function lockRunDir(dir: string, command: string, note: (message: string) => void = () => {}): RunLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const record: LockRecord = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command, token: randomUUID() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(record) + '\n');
      closeSync(fd);
      return held(file, record.token);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readLock(file);
    if (holder && (holder.host !== record.host || alive(holder.pid))) {
      throw new InputError(`${dir}: in use by ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.started}); wait for it, or remove ${file} if that run is gone`);
    }
    note(`${dir}: taking over the lock of a run that is gone (${holder ? `pid ${holder.pid}, since ${holder.started}` : 'unreadable lock file'})`);
    rmSync(file, { force: true });
  }
  throw new InputError(`${dir}: cannot take ${file} (another run keeps taking it)`);
}

function held(file: string, token: string): RunLock {
  const release = () => {
    if (readLock(file)?.token === token) rmSync(file, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  return { file, release };
}
