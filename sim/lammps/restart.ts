/**
 * The restart files of a LAMMPS engine run (`lammps-<step>.restart`, written every restart_every
 * steps): the newest complete one to resume from, the older ones pruned, and a dump cut back to
 * the step a resumed session starts at.
 */
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';

/** Restart files every this many steps when no interval is given (LAMMPS restarts count steps, not seconds). */
export const DEFAULT_RESTART_EVERY = 10000;

const RESTART_RE = /^lammps-(\d+)\.restart$/;
/** LAMMPS writes this string at the start and at the end of a restart file; a file cut short lacks the end. */
const MAGIC = Buffer.from('LammpS RestartT\0', 'latin1');

/** Restart files of a directory, newest (highest step) first. */
function restartFiles(dir: string): { file: string; step: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((f) => {
      const m = RESTART_RE.exec(f);
      return m ? [{ file: f, step: Number(m[1]) }] : [];
    })
    .sort((a, b) => b.step - a.step);
}

/** Whether a restart file was written to its end. */
function complete(path: string): boolean {
  const size = statSync(path).size;
  if (size < 2 * MAGIC.length) return false;
  const fd = openSync(path, 'r');
  try {
    const tail = Buffer.alloc(MAGIC.length);
    readSync(fd, tail, 0, MAGIC.length, size - MAGIC.length);
    return tail.equals(MAGIC);
  } finally {
    closeSync(fd);
  }
}

/** The newest complete restart file of `dir` (name and step), or undefined. */
export function newestRestart(dir: string): { file: string; step: number } | undefined {
  return restartFiles(dir).find((r) => complete(join(dir, r.file)));
}

/** Removes all restart files but the `keep` newest (a run keeps two, in case the newest is cut short). */
export function pruneRestarts(dir: string, keep = 2): void {
  for (const r of restartFiles(dir).slice(keep)) rmSync(join(dir, r.file), { force: true });
}

/** Removes every restart file of `dir`. */
export function removeRestarts(dir: string): void {
  pruneRestarts(dir, 0);
}

/**
 * Cuts a LAMMPS text dump back to the frames before `step` (a session resumed at step − 1 writes
 * them again). Reads the file in blocks for the `ITEM: TIMESTEP` lines.
 */
export function truncateDumpFrom(path: string, step: number): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r');
  let cut: number | undefined;
  try {
    const size = fstatSync(fd).size;
    const block = Buffer.alloc(1 << 20);
    const marker = 'ITEM: TIMESTEP\n';
    let carry = '';
    let base = 0; // file offset of carry[0]
    for (let pos = 0; pos < size && cut === undefined; ) {
      const got = readSync(fd, block, 0, block.length, pos);
      pos += got;
      const text = carry + block.toString('latin1', 0, got);
      let k = text.indexOf(marker);
      let scanned = 0;
      while (k >= 0) {
        const eol = text.indexOf('\n', k + marker.length);
        if (eol < 0) break; // the step number runs into the next block
        if (Number(text.slice(k + marker.length, eol)) >= step) {
          cut = base + k;
          break;
        }
        scanned = eol;
        k = text.indexOf(marker, eol);
      }
      const from = k >= 0 ? k : Math.max(scanned, text.length - marker.length - 24);
      carry = text.slice(from);
      base += from;
    }
  } finally {
    closeSync(fd);
  }
  if (cut !== undefined) truncateSync(path, cut);
}
