/**
 * A potential's force loop on the chosen hardware (see backend.ts): backendFor('cpu' | 'threads'
 * | 'gpu', reference, opts) runs an already built reference potential (it carries its spec, which
 * the workers or the device rebuild their kernels from). sim/open-force-field.ts is the usual
 * entry; `auto` is resolved by resolveBackendName.
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../errors.js';
import type { Potential } from '../potentials/potential.js';
import type { PotentialSpec } from '../potentials/spec.js';
import { BACKEND_NAMES, type Backend, type BackendName, type BackendOptions } from './backend.js';
import { cpuBackendOf } from './cpu.js';
import { createThreadsBackend } from './threads.js';

/** `reference` on backend `name`; cpu runs it as it is. */
export async function backendFor(name: BackendName, reference: Potential, opts: BackendOptions & { mode?: string } = {}): Promise<Backend> {
  if (name === 'cpu') return cpuBackendOf(reference);
  const spec = reference.spec;
  if (!spec) throw new InputError(`--backend ${name}: the potential ${reference.name} runs on the cpu backend only`);
  const withSpec = reference as Potential & { readonly spec: PotentialSpec };
  switch (name) {
    case 'threads':
      return createThreadsBackend(withSpec, opts);
    case 'gpu':
      return createGpu(withSpec, opts);
    default:
      throw new InputError(`unknown backend '${String(name)}' (expected ${[...BACKEND_NAMES, 'auto'].join(', ')})`);
  }
}

async function createGpu(reference: Potential & { readonly spec: PotentialSpec }, opts: BackendOptions & { mode?: string }): Promise<Backend> {
  let mod: typeof import('./gpu.js');
  try {
    mod = await import('./gpu.js');
  } catch (e) {
    throw new InputError(`gpu backend not available (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  return mod.createGpuBackend(reference, opts);
}

/**
 * `auto`: the fastest backend that works here. On the CPU machines the threads backend wins as
 * soon as there is more than one core (docs/speed-log.md has the measurements); gpu.js on a
 * software renderer is slower than either, so auto picks a GPU only when asked explicitly.
 */
export function resolveBackendName(name: BackendName | 'auto', workers?: number): BackendName {
  if (name !== 'auto') return name;
  return (workers ?? availableParallelism()) > 1 ? 'threads' : 'cpu';
}

/** Parses a --backend value: one of the backend names or 'auto'. */
export function parseBackendName(text: string): BackendName | 'auto' {
  if (text === 'auto' || (BACKEND_NAMES as readonly string[]).includes(text)) return text as BackendName | 'auto';
  throw new InputError(`--backend: expected one of ${[...BACKEND_NAMES, 'auto'].join(', ')}, got '${text}'`);
}
