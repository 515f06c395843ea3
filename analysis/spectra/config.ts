/**
 * The MD-DMA sweep config (`betascape spectrum dma CONFIG`): a sample, a deformation and scans of
 * temperature and period; each (T, P) pair is one member with its own directory. Validated with zod;
 * every problem is one line naming the file (or --set) and key path.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../sim/errors.js';

const positive = z.number().positive();
const quenchSchema = z.strictObject({
  n: z.number().int().min(64),
  seed: z.number().int().default(1),
  density: positive.default(1.2),
  T_melt: positive.default(1.0),
  melt_steps: z.number().int().nonnegative().default(2000),
  T_stop: positive.default(0.01),
  quench_steps: z.number().int().positive().default(20000),
});

export const dmaConfigSchema = z.strictObject({
  output: z.string(),
  model: z.literal('ka').default('ka'),
  sample: z.union([z.strictObject({ data: z.string() }), z.strictObject({ quench: quenchSchema })]),
  mode: z.enum(['shear', 'tension']).default('shear'),
  strain_amplitude: positive.max(0.3),
  dt: positive.default(0.005),
  thermostat: z.strictObject({ kind: z.enum(['nose-hoover', 'langevin']).default('nose-hoover'), damp: positive.default(0.5) }).default({ kind: 'nose-hoover', damp: 0.5 }),
  lateral: z.strictObject({ damp: positive.default(0.1), modulus: positive.default(50) }).default({ damp: 0.1, modulus: 50 }),
  equilibrate_steps: z.number().int().nonnegative().default(2000),
  cycles: z.number().int().min(2).default(5),
  transient_cycles: z.number().int().nonnegative().default(1),
  samples_per_cycle: z.number().int().min(8).default(50),
  seed: z.number().int().default(1),
  jobs: z.number().int().positive().default(2),
  scans: z.array(z.strictObject({ temperatures: z.array(positive).min(1), periods: z.array(positive).min(1) })).min(1),
});

export type DmaConfig = z.output<typeof dmaConfigSchema>;

export interface DmaMember {
  name: string;
  dir: string;
  T: number;
  period: number;
}

/** `T0.3_P20`: one directory per (T, P). */
export function memberName(T: number, P: number): string {
  return `T${T}_P${P}`;
}

function setAt(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const p of path.slice(0, -1)) {
    if (o[p] === null || typeof o[p] !== 'object') o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  o[path[path.length - 1]] = value;
}

/** Reads the YAML, applies `--set key.path=value` (value read as YAML), validates, resolves paths. */
export function loadDmaConfig(file: string, sets: string[] = []): { config: DmaConfig; members: DmaMember[] } {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(`${file}: ${err.code ? `cannot read config (${err.code})` : (err.message ?? String(e)).split('\n')[0]}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`${file}: must be a mapping of keys (output:, sample:, scans:, ...)`);
  const setKeys: string[] = [];
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(s.slice(0, eq))) throw new InputError(`--set ${s}: expected KEY=VALUE, e.g. --set cycles=8`);
    setKeys.push(s.slice(0, eq));
    setAt(raw as Record<string, unknown>, s.slice(0, eq).split('.'), parseYaml(s.slice(eq + 1)));
  }
  const r = dmaConfigSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.join('.');
    const where = setKeys.some((k) => path.startsWith(k) || k.startsWith(path)) ? '--set' : file;
    const extra = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw new InputError(`${where}: ${path || '(top level)'}: ${issue.message}${extra}`);
  }
  const config = r.data;
  const base = dirname(resolve(file));
  config.output = resolve(base, config.output);
  if ('data' in config.sample) config.sample.data = resolve(base, config.sample.data);
  if (config.transient_cycles >= config.cycles) throw new InputError(`${file}: transient_cycles (${config.transient_cycles}) must be below cycles (${config.cycles})`);
  const seen = new Set<string>();
  const members: DmaMember[] = [];
  for (const scan of config.scans) {
    for (const T of scan.temperatures) {
      for (const P of scan.periods) {
        const name = memberName(T, P);
        if (seen.has(name)) continue;
        seen.add(name);
        members.push({ name, dir: resolve(config.output, name), T, period: P });
      }
    }
  }
  return { config, members };
}
