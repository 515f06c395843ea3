/**
 * Lennard-Jones (LAMMPS lj/cut) on the gpu backend: the kernel of gpu-kernels.ts in f32, with
 * the reference potential's tables (sim/potentials/lj-pair.ts) rounded to f32.
 */
import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import type { ComputeFlags, ForceOutput, Potential } from '../potentials/potential.js';
import type { LennardJones } from '../potentials/lj.js';
import type { LJSpec } from '../potentials/spec.js';
import { ljKernelSource } from './gpu-kernels.js';
import { reduce, type GpuDevice } from './gpu-device.js';

export function gpuLennardJones(reference: LennardJones, device: GpuDevice): Potential {
  return new GpuLennardJones(reference, device);
}

class GpuLennardJones implements Potential {
  readonly name: string;
  readonly ntypes: number;
  readonly spec: LJSpec;
  /** Per species pair 8 floats: cutsq, lj1, lj2, lj3, lj4, offset, 0, 0 (the reference's tables). */
  private readonly prm: Float32Array;

  constructor(private readonly lj: LennardJones, private readonly device: GpuDevice) {
    this.name = `${lj.name} (gpu)`;
    this.spec = lj.spec;
    const nt = (this.ntypes = lj.ntypes);
    const t = lj.tables;
    this.prm = new Float32Array(8 * nt * nt);
    for (let p = 0; p < nt * nt; p++) this.prm.set([t.cutsq[p], t.lj1[p], t.lj2[p], t.lj3[p], t.lj4[p], t.offset[p]], 8 * p);
  }

  cutoff(ti: number, tj: number): number {
    return this.lj.cutoff(ti, tj);
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    const d = this.device;
    const shape = d.sync(state, nlist);
    const ev = flags.energyVirial;
    const src = ljKernelSource(this.ntypes, shape, ev);
    const a = d.run4(ev ? 'lj-ev' : 'lj', src, state.n, ev ? 3 : 1, [...d.listArgs(state), this.prm]);
    if (ev) {
      out.energy = 0;
      flags.perAtomEnergy?.fill(0);
    }
    reduce(state, a, flags, out);
  }
}
