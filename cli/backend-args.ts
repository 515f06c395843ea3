import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { InputError } from '../sim/errors.js';
import { parseBackendName } from '../sim/backends/index.js';
import { BACKEND_NAMES } from '../sim/backends/backend.js';
import type { PotentialSpec } from '../sim/potentials/spec.js';
import { openForceField, type OpenForceField } from '../sim/open-force-field.js';

/** --backend and --threads, for commands that compute forces. */
export function withBackend<T>(y: Argv<T>) {
  return y
    .option('backend', {
      type: 'string',
      choices: [...BACKEND_NAMES, 'auto'],
      default: 'cpu',
      describe: 'where forces are computed: cpu (f64 reference), threads (worker threads, same results to 1e-12), gpu (gpu.js, f32), auto (fastest that works)',
    })
    .option('threads', { type: 'number', describe: 'worker threads for --backend threads/auto (default: the number of cores)' });
}

export interface BackendArgs {
  backend?: string;
  threads?: number;
}

/**
 * The potential opened once on the backend the flags ask for (the spec and skin of
 * potentialFromArgs); call dispose() when done.
 */
export async function openFromArgs(a: BackendArgs, pot: { spec: PotentialSpec; skin: number }): Promise<OpenForceField> {
  const name = parseBackendName(a.backend ?? 'cpu');
  if (a.threads !== undefined && !(Number.isInteger(a.threads) && a.threads >= 1)) {
    throw new InputError(`--threads: must be a whole number >= 1, got ${a.threads}`);
  }
  // More workers than a few per core only cost memory and start-up.
  const most = 4 * availableParallelism();
  if (a.threads !== undefined && a.threads > most) throw new InputError(`--threads: must be at most ${most} (4 per core here), got ${a.threads}`);
  if (a.threads !== undefined && name !== 'threads' && name !== 'auto') throw new InputError(`--threads goes with --backend threads or auto, not ${name}`);
  return openForceField(pot.spec, name, { skin: pot.skin, workers: a.threads });
}
