/**
 * A spec opened on a backend: the potential is built once from its spec (registry), put on the
 * backend, and given its neighbour list. What commands and members compute with:
 *
 *   const field = await openForceField(spec, 'auto', { skin: 0.3 });
 *   try { runMD(state, field.ff, ...); minimize(state, field.exact, ...); } finally { field.dispose(); }
 */
import type { PotentialSpec } from './potentials/spec.js';
import { buildPotential } from './potentials/registry.js';
import { createForceField, type ForceField } from './forces.js';
import { backendFor, resolveBackendName } from './backends/index.js';
import type { BackendName, Transfers } from './backends/backend.js';

export interface OpenOptions {
  /** Neighbour-list skin (length units). */
  skin: number;
  /** Worker threads of the threads backend (default: the number of cores). */
  workers?: number;
  /** gpu.js mode of the gpu backend (sim/backends/gpu-device.ts, GPU_MODES). */
  gpuMode?: string;
}

export interface OpenForceField {
  readonly spec: PotentialSpec;
  /** The force field on the backend. */
  readonly ff: ForceField;
  /**
   * The f64 reference force field: `ff` itself, except on the gpu backend, whose f32 forces cannot
   * bring max |F| down to a minimizer's tolerance (it has its own neighbour list).
   */
  readonly exact: ForceField;
  /** The backend that runs (`auto` resolved). */
  readonly backend: BackendName;
  /** What really runs, for manifests (e.g. "threads (2 workers)", "gpu.js headlessgl"). */
  readonly detail: string;
  /** Host↔device traffic (the gpu backend). */
  readonly transfers?: Transfers;
  /** Frees workers or device memory; the force fields must not be used afterwards. */
  dispose(): void;
}

/** The f64 reference force field of a spec, on the calling thread (what the cpu backend opens). */
export function referenceForceField(spec: PotentialSpec, skin: number): ForceField {
  return createForceField(buildPotential(spec), skin);
}

export async function openForceField(spec: PotentialSpec, backend: BackendName | 'auto', o: OpenOptions): Promise<OpenForceField> {
  const name = resolveBackendName(backend, o.workers);
  const reference = buildPotential(spec);
  const on = await backendFor(name, reference, { workers: o.workers, mode: o.gpuMode });
  const ff = createForceField(on.potential, o.skin);
  const exact = name === 'gpu' ? createForceField(reference, o.skin) : ff;
  return {
    spec, ff, exact, backend: name,
    get detail() { return on.detail; },
    transfers: on.transfers,
    dispose: () => on.dispose(),
  };
}
