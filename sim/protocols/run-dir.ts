/**
 * Whether a directory may take a run: new or empty, or written by betascape for the same physics.
 * Anything else is refused unless forced, so a run never overwrites files it did not make (a
 * member's thermo.csv, another sweep's sweep.json).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.js';
import { LOCK_FILE } from '../io/run-lock.js';
import { sweepConfigSchema, type SweepConfig } from './sweep-config.js';
import type { Member } from './sweep.js';
import { FILES, checkMemberDir } from './quench-member.js';
import { physicsDifferences } from './physics-key.js';

export const SWEEP_CONFIG_FILE = 'sweep.yaml';

/** Keys a sweep may change between reruns into one directory: its grid grows or shrinks. */
const GRID_KEYS = ['quench.rates', 'seeds', 'anneal', 'alloys'];

/** Files in `dir` (none when it does not exist), the lock aside. */
function contents(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f !== LOCK_FILE) : [];
}

/** A sweep config betascape wrote (config.yaml, sweep.yaml), or undefined when absent or unreadable. */
function writtenConfig(file: string): SweepConfig | undefined {
  if (!existsSync(file)) return undefined;
  const r = sweepConfigSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  return r.success ? r.data : undefined;
}

const FORCE = 'use another output directory, or --force to write into it anyway';

/**
 * Refuses, before anything runs, a member directory that holds a run of another config, or files
 * but no config.yaml of betascape's (unless `force`).
 */
export function checkMemberDirs(members: Member[], force = false): void {
  for (const m of members) {
    const previous = writtenConfig(join(m.dir, FILES.config));
    if (previous) checkMemberDir(m, previous);
    else if (!force && contents(m.dir).length > 0) throw new InputError(`${m.dir}: holds files betascape did not write for a sweep member (no ${FILES.config}); ${FORCE}`);
  }
}

/** Refuses a directory that holds files but not `marker`, the file a betascape run of `what` writes (unless `force`). */
export function checkWrittenBy(dir: string, marker: string, what: string, force = false): void {
  if (!force && contents(dir).length > 0 && !existsSync(join(dir, marker))) {
    throw new InputError(`${dir}: holds files that are not ${what} (no ${marker}); ${FORCE}`);
  }
}

/**
 * Refuses a sweep's run directory that holds files of something else than a sweep (no
 * sweep.yaml), or a sweep of other physics than `config` (its grid aside), unless `force`.
 */
export function checkSweepDir(runDir: string, config: SweepConfig, force = false): void {
  if (force) return;
  checkWrittenBy(runDir, SWEEP_CONFIG_FILE, 'a betascape sweep');
  const previous = writtenConfig(join(runDir, SWEEP_CONFIG_FILE));
  if (!previous) return;
  const differ = physicsDifferences(previous, config).filter((k) => !GRID_KEYS.some((g) => k === g || k.startsWith(`${g}.`) || k.startsWith(`${g}[`)));
  if (differ.length > 0) throw new InputError(`${runDir}: holds another sweep (${differ.slice(0, 3).join(', ')} differ${differ.length === 1 ? 's' : ''}); ${FORCE}`);
}
