/**
 * The full neighbour list built on the device (list-kernels.ts): `order` sorts the atoms by cell
 * (the engine then gathers every per-atom buffer into that order), `build` finds the cell starts
 * and marks, per atom and stencil cell, the atoms within cut-off + skin. One scalar comes back per
 * build: the most atoms in a cell, which sets how many chunks of CHUNK candidates a stencil cell
 * needs (the mask kernel recompiles when they grow).
 */
import { InputError } from '../errors.js';
import type { Buffer, ResidentDevice } from './device.js';
import type { DeviceGrid } from './grid.js';
import { reduceToHost } from './reduce.js';
import { bitonicPasses, cellStartSource, CHUNK, identitySource, listSizeSource, maskSource, occupancySource, sortPassSource } from './list-kernels.js';

/** Texels a buffer may have: indices are exact in f32 below 2^24 (docs/gpu.md). */
const MAX_TEXELS = 2 ** 24;

export class DeviceList {
  /** The marks: 27 chunks n texels (list-kernels.ts). */
  masks: Buffer | undefined;
  /** Candidate chunks per stencil cell. */
  chunks = 1;
  builds = 0;
  private readonly npad: number;

  constructor(
    private readonly device: ResidentDevice,
    private readonly n: number,
    private readonly ntypes: number,
    private readonly grid: DeviceGrid,
    /** (cutoff + skin)^2 per species pair, ti ntypes + tj. */
    private readonly cutneighsq: Float64Array,
  ) {
    this.npad = 2 ** Math.ceil(Math.log2(Math.max(2, n)));
  }

  /** Atom indices sorted by (cell, index), cells from A (npad slots; the first n are the atoms). */
  order(A: Buffer): Buffer {
    const d = this.device;
    let idx = d.run(identitySource, { length: this.npad, vec4: false }, [0]);
    for (const [j, k] of bitonicPasses(this.npad)) {
      const next = d.run(sortPassSource(this.n, this.grid.ncells, d.vec4), { length: this.npad, vec4: false }, [idx, A, j, k]);
      d.release(idx);
      idx = next;
    }
    return idx;
  }

  /** Builds the list for atoms sorted by cell: anchors A, offsets P. */
  build(A: Buffer, P: Buffer): void {
    const d = this.device, vec4 = d.vec4, n = this.n, g = this.grid;
    const start = d.run(cellStartSource(n, vec4), { length: g.ncells + 1, vec4: false }, [A]);
    const occ = d.run(occupancySource, { length: g.ncells, vec4: true }, [start]);
    const fullest = reduceToHost(d, occ, 1, g.ncells, 'max')[3];
    d.release(occ);
    this.chunks = Math.max(this.chunks, Math.ceil(fullest / CHUNK));
    if (27 * this.chunks * n >= MAX_TEXELS) throw new InputError(`gpu-resident: ${n} atoms with up to ${fullest} in a cell need more than 2^24 mask texels; use fewer atoms`);
    const constants = { cutneighsq: Array.from(this.cutneighsq, Math.fround) };
    d.release(this.masks);
    this.masks = d.run(maskSource(n, this.ntypes, this.chunks, g, vec4), { length: 27 * this.chunks * n, vec4: true, constants }, [start, A, P]);
    d.release(start);
    this.builds++;
  }

  /** Entries in the list, twice the pairs within cut-off + skin at the build (one read-back). */
  entries(): number {
    const d = this.device;
    const size = d.run(listSizeSource(this.n, 27 * this.chunks, d.vec4), { length: this.n, vec4: true }, [this.masks!]);
    const total = reduceToHost(d, size, 1, this.n, 'sum')[0];
    d.release(size);
    return total;
  }

  /** The list on the host as pairs of device indices i < j (tests). */
  pairs(): [number, number][] {
    const n = this.n, slots = 27 * this.chunks;
    const masks = this.device.read(this.masks!, slots * n, true);
    const out: [number, number][] = [];
    for (let t = 0; t < slots * n; t++) {
      const i = t % n, first = masks[4 * t + 3];
      for (let k = 0; k < CHUNK; k++) {
        if (Math.floor(masks[4 * t + Math.floor(k / 24)] / 2 ** (k % 24)) % 2 === 1 && i < first + k) out.push([i, first + k]);
      }
    }
    return out;
  }

  dispose(): void {
    this.device.release(this.masks);
    this.masks = undefined;
  }
}
