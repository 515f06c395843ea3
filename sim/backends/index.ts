/**
 * createBackend('cpu' | 'threads' | 'gpu', spec, opts): the force loop of a potential on the
 * chosen hardware (see backend.ts). `auto` is resolved by the caller (autoBackend).
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../errors.js';
import { BACKEND_NAMES, type Backend, type BackendName, type BackendOptions, type PotentialSpec } from './backend.js';
import { createCpuBackend } from './cpu.js';
import { createThreadsBackend } from './threads.js';

export { cpuBackendOf, potentialFromSpec, specOfPotential } from './cpu.js';

export async function createBackend(name: BackendName, spec: PotentialSpec, opts: BackendOptions = {}): Promise<Backend> {
  switch (name) {
    case 'cpu':
      return createCpuBackend(spec);
    case 'threads':
      return createThreadsBackend(spec, opts);
    case 'gpu':
      return createGpu(spec, opts);
    default:
      throw new InputError(`unknown backend '${String(name)}' (expected ${[...BACKEND_NAMES, 'auto'].join(', ')})`);
  }
}

async function createGpu(spec: PotentialSpec, opts: BackendOptions): Promise<Backend> {
  let mod: { createGpuBackend?: (spec: PotentialSpec, opts: BackendOptions) => Promise<Backend> };
  try {
    mod = await import('./gpu.js');
  } catch (e) {
    throw new InputError(`gpu backend not available (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  if (typeof mod.createGpuBackend !== 'function') throw new InputError('gpu backend not available (sim/backends/gpu.ts has no createGpuBackend)');
  return mod.createGpuBackend(spec, opts);
}

/**
 * `auto`: the fastest backend that works here. On the CPU machines the threads backend wins as
 * soon as there is more than one core (docs/backends.md has the measurements); gpu.js on a
 * software renderer is slower than either, so auto picks a GPU only when asked explicitly.
 */
export async function autoBackend(spec: PotentialSpec, opts: BackendOptions = {}): Promise<Backend> {
  const workers = opts.workers ?? availableParallelism();
  return workers > 1 ? createThreadsBackend(spec, { ...opts, workers }) : createCpuBackend(spec);
}

/** Parses a --backend value: one of the backend names or 'auto'. */
export function parseBackendName(text: string): BackendName | 'auto' {
  if (text === 'auto' || (BACKEND_NAMES as readonly string[]).includes(text)) return text as BackendName | 'auto';
  throw new InputError(`--backend: expected one of ${[...BACKEND_NAMES, 'auto'].join(', ')}, got '${text}'`);
}
