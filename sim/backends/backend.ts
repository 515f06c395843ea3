/**
 * Backends: where the force loop runs. Every backend is a `Potential` (sim/potentials/potential.ts),
 * so MD, minimizers and analyses use them unchanged through a `ForceField`:
 *
 *   const field = await openForceField({ kind: 'lj', model: kobAndersen() }, 'threads', { skin, workers: 2 });
 *   runMD(state, field.ff, ...);
 *   field.dispose();
 *
 * (sim/open-force-field.ts builds the potential once, from its spec, and puts it on a backend.)
 *
 * The neighbour list is sim/neighbor.ts's, one per force field: the host owns it, the threads
 * backend runs its cell search in the workers (`NeighborList.search`), and a backend reads it (the
 * GPU repacks it as a padded full list whenever `nlist.builds` changes).
 *
 * - `cpu`: the f64 reference loops of sim/potentials.
 * - `threads`: worker_threads over one shared WebAssembly memory; results equal to `cpu` up to summation order.
 * - `gpu`: gpu.js kernels in f32 (forces), with master positions and all sums in f64 on the host.
 */
import type { Potential } from '../potentials/potential.js';

export type BackendName = 'cpu' | 'threads' | 'gpu';
export const BACKEND_NAMES: readonly BackendName[] = ['cpu', 'threads', 'gpu'];

export interface BackendOptions {
  /** Worker threads for `threads` (default: available cores). */
  workers?: number;
}

/** Bytes that crossed between host and device so far (gpu backends): kernel arguments up, read-backs down. */
export interface Transfers {
  up: number;
  down: number;
  /** Read-backs (each a synchronisation point). */
  reads: number;
}

export interface Backend {
  readonly name: BackendName;
  /** What really runs, for manifests and benchmark tables (e.g. "threads (2 workers)", "gpu.js headlessgl"). */
  readonly detail: string;
  readonly potential: Potential;
  /** Host↔device traffic (the gpu backend). */
  readonly transfers?: Transfers;
  /** Frees workers or device memory; the potential must not be used afterwards. */
  dispose(): void;
}
