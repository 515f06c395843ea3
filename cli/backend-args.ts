import type { Argv } from 'yargs';
import { InputError } from '../sim/errors.js';
import { createForceField, type ForceField } from '../sim/forces.js';
import { autoBackend, cpuBackendOf, createBackend, parseBackendName, specOfPotential } from '../sim/backends/index.js';
import { BACKEND_NAMES, type Backend } from '../sim/backends/backend.js';

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
 * The backend the flags ask for, running the potential of `ff` (cpu: `ff` itself), with a force
 * field on it; call backend.dispose() when done.
 */
export async function forceFieldOnBackend(a: BackendArgs, ff: ForceField): Promise<{ backend: Backend; ff: ForceField }> {
  const name = parseBackendName(a.backend ?? 'cpu');
  if (a.threads !== undefined && !(Number.isInteger(a.threads) && a.threads >= 1)) {
    throw new InputError(`--threads: must be a whole number >= 1, got ${a.threads}`);
  }
  if (a.threads !== undefined && name !== 'threads' && name !== 'auto') throw new InputError(`--threads goes with --backend threads or auto, not ${name}`);
  if (name === 'cpu') return { backend: cpuBackendOf(ff.potential), ff };
  const spec = specOfPotential(ff.potential);
  if (!spec) throw new InputError(`--backend ${name}: the potential ${ff.potential.name} runs on the cpu backend only`);
  const opts = { workers: a.threads };
  const backend = name === 'auto' ? await autoBackend(spec, opts) : await createBackend(name, spec, opts);
  return { backend, ff: createForceField(backend.potential, ff.nlist.skin) };
}
