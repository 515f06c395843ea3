/**
 * The MD-DMA sweep config (`betascape spectrum dma CONFIG`): a sample, a deformation and scans of
 * temperature and period; each (T, P) pair is one member with its own directory. Validated like
 * every config (sim/config): each problem is one line naming the file and line (or --set) and key path.
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { readConfigInput } from '../../sim/config/load.js';
import { ConfigError, parseConfig, problemLine } from '../../sim/config/problems.js';
import type { KeyPath } from '../../sim/config/key-path.js';
import { InputError } from '../../sim/errors.js';
import { parseLammpsDataFile } from '../../sim/io/lammps-data.js';
import { densityProblem, memoryProblem, stepCountProblem, timeStepCheck } from '../../sim/protocols/plausibility.js';
import { stepsPerSample } from './oscillate.js';

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

/** KA's largest cut-off plus the skin (the MD-DMA model is KA). */
const KA_REACH = 2.5 + 0.3;

/** What cannot run, checked before anything does: key paths and messages. */
function runProblems(c: DmaConfig): [KeyPath, string][] {
  const out: [KeyPath, string][] = [];
  if (c.transient_cycles >= c.cycles) out.push([['transient_cycles'], `must be below cycles (${c.cycles})`]);
  const step = timeStepCheck(c.dt, 'lj', 'tau');
  if (step.refuse) out.push([['dt'], step.refuse]);
  c.scans.forEach((scan, k) => scan.periods.forEach((P, j) => {
    const why = stepCountProblem((P / c.dt) * c.cycles);
    if (why) out.push([['scans', k, 'periods', j], `period ${P} ${why}`]);
    else {
      try {
        stepsPerSample(P, c.dt, c.samples_per_cycle);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        out.push([['scans', k, 'periods', j], e.message]);
      }
    }
  }));
  if ('quench' in c.sample) {
    const q = c.sample.quench;
    const density = densityProblem(q.density, 2.5, 'sigma');
    const memory = density ? undefined : memoryProblem(q.n, q.density, KA_REACH);
    if (density) out.push([['sample', 'quench', 'density'], density]);
    if (memory) out.push([['sample', 'quench', 'n'], memory]);
  } else {
    try {
      parseLammpsDataFile(c.sample.data);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.push([['sample', 'data'], e.message]);
    }
  }
  return out;
}

/** Reads the YAML, applies `--set key.path=value` (value read as YAML), validates, resolves paths. */
export function loadDmaConfig(file: string, sets: string[] = []): { config: DmaConfig; members: DmaMember[] } {
  const { raw, source } = readConfigInput(file, sets);
  const config = parseConfig(dmaConfigSchema, raw, source, 'output:, sample:, scans:');
  const base = dirname(resolve(file));
  config.output = resolve(base, config.output);
  if ('data' in config.sample) config.sample.data = resolve(base, config.sample.data);
  const problems = runProblems(config).map(([path, message]) => problemLine(source, path, message));
  if (problems.length > 0) throw new ConfigError(problems);
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
