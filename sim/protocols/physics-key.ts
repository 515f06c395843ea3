/**
 * A sweep member's physics as a key: every setting that decides its numbers (not its name, where it
 * is written or how often it checkpoints). A member directory is reused, and a checkpoint resumed,
 * only under the same key.
 */
import { createHash } from 'node:crypto';
import type { SweepConfig } from './sweep-config.js';

/**
 * What decides a member's numbers: everything but its name, where it is written, how often it
 * checkpoints and how LAMMPS is started (`lammps:`, the executable and its ranks, so that a member
 * may resume on another machine). `engine: betascape` is the same physics as no `engine` (the
 * key of every config without it is unchanged since the key existed).
 */
export function physicsKey(config: SweepConfig): string {
  const { output: _o, checkpoint: _c, name: _n, lammps: _l, engine, ...rest } = config;
  const flat = flatten(engine === 'lammps' ? { ...rest, engine } : rest);
  return JSON.stringify(Object.keys(flat).sort().map((k) => [k, flat[k]]));
}

export function physicsHash(config: SweepConfig): string {
  return createHash('sha256').update(physicsKey(config)).digest('hex').slice(0, 16);
}

/** Flattens nested objects to dotted key paths (for naming the first difference). */
function flatten(obj: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (obj !== null && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) {
      const key = Array.isArray(obj) ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === 'object') Object.assign(out, flatten(v, key));
      else if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

/** Key paths where two configs' physics differ. */
export function physicsDifferences(a: SweepConfig, b: SweepConfig): string[] {
  const fa = Object.fromEntries(JSON.parse(physicsKey(a))), fb = Object.fromEntries(JSON.parse(physicsKey(b)));
  return [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => fa[k] !== fb[k]).sort();
}