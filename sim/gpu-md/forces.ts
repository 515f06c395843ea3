/**
 * Potentials of the resident path: each turns the device state and list into a force buffer
 * (force-kernels.ts layout) without leaving the device. Lennard-Jones is one kernel.
 */
import { InputError } from '../errors.js';
import type { Potential } from '../potentials/potential.js';
import { LennardJones } from '../potentials/lj.js';
import type { Buffer, ResidentDevice } from './device.js';
import type { DeviceGrid } from './grid.js';
import type { DeviceList } from './device-list.js';
import { ljForceSource } from './force-kernels.js';

export interface ForceContext {
  device: ResidentDevice;
  list: DeviceList;
  grid: DeviceGrid;
  n: number;
  /** Offsets and types (grid.ts). */
  P: Buffer;
}

export interface ResidentForces {
  readonly ntypes: number;
  cutoff(ti: number, tj: number): number;
  /** Forces (and per-atom energies and virials: 3n texels) on the device. */
  compute(ctx: ForceContext, energyVirial: boolean): Buffer;
}

/** The resident form of a reference potential, or a one-line refusal. */
export function residentForces(reference: Potential): ResidentForces {
  if (reference instanceof LennardJones) return residentLJ(reference);
  throw new InputError(`gpu-resident: no resident kernels for ${reference.name} (Lennard-Jones only)`);
}

function residentLJ(lj: LennardJones): ResidentForces {
  const nt = lj.ntypes, t = lj.tables;
  const prm = new Array<number>(8 * nt * nt).fill(0);
  for (let p = 0; p < nt * nt; p++) [t.cutsq[p], t.lj1[p], t.lj2[p], t.lj3[p], t.lj4[p], t.offset[p]].forEach((v, c) => (prm[8 * p + c] = Math.fround(v)));
  return {
    ntypes: nt,
    cutoff: (a, b) => lj.cutoff(a, b),
    compute({ device, list, grid, n, P }, energyVirial) {
      const src = ljForceSource({ n, chunks: list.chunks, ntypes: nt, grid, energyVirial, vec4: device.vec4 });
      return device.run(src, { length: energyVirial ? 3 * n : n, vec4: true, constants: { prm } }, [list.masks!, P]);
    },
  };
}
