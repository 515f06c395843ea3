/**
 * EAM on the gpu backend: density pass and force pass in gpu.js kernels (gpu-kernels.ts, f32
 * tables of gpu-eam-tables.ts), the embedding between them on the host in f64, exactly as the
 * reference EAM (EAM.embedding, LAMMPS semantics).
 */
import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import type { ComputeFlags, ForceOutput, Potential } from '../potentials/potential.js';
import type { EAM } from '../potentials/eam.js';
import type { EamSpec } from '../potentials/spec.js';
import { fileElements } from '../potentials/eam.js';
import { eamDensitySource, eamForceSource } from './gpu-kernels.js';
import { eamDeviceTables, type EamDeviceTables } from './gpu-eam-tables.js';
import { reduce, type GpuDevice } from './gpu-device.js';

export function gpuEam(reference: EAM, device: GpuDevice): Potential {
  return new GpuEam(reference, device);
}

class GpuEam implements Potential {
  readonly name: string;
  readonly ntypes: number;
  readonly spec: EamSpec;
  private readonly tables: EamDeviceTables;
  private fp = new Float32Array(0);

  constructor(private readonly eam: EAM, private readonly device: GpuDevice) {
    this.name = `${eam.name} (gpu)`;
    this.ntypes = eam.ntypes;
    this.spec = eam.spec;
    this.tables = eamDeviceTables(eam.file, fileElements(eam.file, eam.elements));
  }

  cutoff(): number {
    return this.eam.cutoff();
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    const d = this.device;
    const shape = d.sync(state, nlist);
    const { ntypes, nr, dens, pair, cutforcesq, rdr } = this.tables;
    const n = state.n;
    const args = d.listArgs(state);
    const rho = d.run1('eam-rho', eamDensitySource(ntypes, nr, shape), n, [...args, dens, cutforcesq, rdr]);
    // Embedding F(rho), F'(rho) on the host in f64, exactly as the cpu EAM.
    if (this.fp.length !== n) this.fp = new Float32Array(n);
    const peAtom = flags.perAtomEnergy ?? null;
    peAtom?.fill(0);
    let embedding = 0;
    for (let i = 0; i < n; i++) {
      const [F, fpi] = this.eam.embedding(state.type[i], rho[i]);
      this.fp[i] = fpi;
      embedding += F;
      if (peAtom) peAtom[i] = F;
    }
    const ev = flags.energyVirial;
    const a = d.run4(ev ? 'eam-f-ev' : 'eam-f', eamForceSource(ntypes, nr, shape, ev), n, ev ? 3 : 1, [...args, pair, this.fp, cutforcesq, rdr]);
    if (ev) out.energy = embedding;
    reduce(state, a, flags, out);
  }
}
