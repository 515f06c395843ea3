/**
 * Potentials of the resident path: each turns the device state and list into a force buffer
 * (force-kernels.ts layout) without leaving the device. Lennard-Jones is one kernel; EAM two (the
 * density with the embedding, then the forces), its tables uploaded once.
 */
import { InputError } from '../errors.js';
import type { Potential } from '../potentials/potential.js';
import { LennardJones } from '../potentials/lj.js';
import { EAM, fileElements } from '../potentials/eam.js';
import { eamDeviceTables } from '../backends/gpu-eam-tables.js';
import type { Buffer, ResidentDevice } from './device.js';
import type { DeviceGrid } from './grid.js';
import type { DeviceList } from './device-list.js';
import { eamDensitySource, eamForceSource, ljForceSource, type EamShape } from './force-kernels.js';

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
  if (reference instanceof EAM) return residentEam(reference);
  throw new InputError(`gpu-resident: no resident kernels for ${reference.name} (Lennard-Jones and EAM only)`);
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

function residentEam(eam: EAM): ResidentForces {
  const nt = eam.ntypes, t = eam.tables;
  const dev = eamDeviceTables(eam.file, fileElements(eam.file, eam.elements));
  // F's spline: 8 floats per species and knot (eam-tables.ts, EMB), two texels, in f32.
  const emb = Float32Array.from(t.emb);
  let tables: { dens: Buffer; pair: Buffer; emb: Buffer } | undefined;
  return {
    ntypes: nt,
    cutoff: () => eam.cutoff(),
    compute({ device, list, grid, n, P }, energyVirial) {
      tables ??= {
        dens: device.upload4(dev.dens, dev.dens.length / 4),
        pair: device.upload4(dev.pair, dev.pair.length / 4),
        emb: device.upload4(emb, emb.length / 4),
      };
      const shape: EamShape = {
        n, chunks: list.chunks, ntypes: nt, grid, energyVirial: false, vec4: device.vec4,
        nr: dev.nr, rdr: dev.rdr, cutforcesq: dev.cutforcesq, nrho: t.nrho, rdrho: t.rdrho, rhomax: t.rhomax,
      };
      const E = device.run(eamDensitySource(shape), { length: n, vec4: true }, [list.masks!, P, tables.dens, tables.emb]);
      const F = device.run(eamForceSource({ ...shape, energyVirial }), { length: energyVirial ? 3 * n : n, vec4: true }, [list.masks!, P, tables.pair, E]);
      device.release(E);
      return F;
    },
  };
}
