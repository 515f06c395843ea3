/**
 * The `gpu` backend: forces in gpu.js kernels (f32), one thread per atom over a padded full
 * neighbour list repacked from the host half list at every build (gpu-list.ts). Positions go to
 * the device as f32 displacements since the last build, master positions stay f64 on the host,
 * and energies and virials are summed in f64 on the host from per-atom f32 values
 * (gpu-device.ts). Each potential kind names its gpu.js potential in the registry
 * (sim/potentials/registry.ts): gpu-lj.ts, gpu-eam.ts.
 *
 * gpu.js picks its backend silently; `detail` says which one really ran (docs/gpu.md). On GL
 * the neighbour list lives in device textures between builds and outputs are read back raw.
 */
import { InputError } from '../errors.js';
import type { Potential } from '../potentials/potential.js';
import type { PotentialSpec } from '../potentials/spec.js';
import { potentialKind } from '../potentials/registry.js';
import type { Backend, BackendOptions } from './backend.js';
import { GpuDevice, GPU_MODES, type GpuMode } from './gpu-device.js';

export async function createGpuBackend(reference: Potential & { readonly spec: PotentialSpec }, opts: BackendOptions & { mode?: string }): Promise<Backend> {
  const mode = (opts.mode ?? 'gpu') as GpuMode;
  if (!GPU_MODES.includes(mode)) throw new InputError(`gpu backend: mode must be one of ${GPU_MODES.join(', ')}, got '${opts.mode}'`);
  const onDevice = potentialKind(reference.spec).gpu;
  if (!onDevice) throw new InputError(`gpu backend: no gpu kernel for ${reference.name}`);
  const make = await onDevice();
  const device = new GpuDevice(mode);
  // The reference is what the registry built from its spec (openForceField), of the kind make expects.
  const potential = make(reference as Parameters<typeof make>[0], device);
  return {
    name: 'gpu',
    get detail() { return device.describe(); },
    potential,
    transfers: device.transfers,
    dispose: () => device.dispose(),
  };
}
