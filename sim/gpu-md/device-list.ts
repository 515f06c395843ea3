/**
 * The full neighbour list built on the device (list-kernels.ts) from the anchors A and offsets P:
 * sort by cell, cell starts, masks, fill. Two scalars come back per build: the most atoms in a
 * cell (how many chunks a stencil cell needs) and the longest row (whether the width suffices);
 * the list grows, and its kernels recompile, when they do not.
 */
import type { Buffer, ResidentDevice } from './device.js';
import type { DeviceGrid } from './grid.js';
import { reduceToHost } from './reduce.js';
import {
  bitonicPasses, cellStartSource, CHUNK, fillSource, identitySource, listSizeSource, maskSource, occupancySource, sortPassSource,
} from './list-kernels.js';

/** Row headroom over the longest row, so the width survives a few builds. */
const WIDTH_HEADROOM = 1.15;

export class DeviceList {
  /** The list: width / 4 texels per atom, entries 27 j + s (list-kernels.ts). */
  list: Buffer | undefined;
  width = 0;
  /** Candidate chunks per stencil cell. */
  chunks = 1;
  /** Entries in the list (twice the pairs). */
  entries = 0;
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

  /** Builds the list for anchors A (cells) and offsets P. */
  build(A: Buffer, P: Buffer): void {
    const d = this.device, vec4 = d.vec4, n = this.n, g = this.grid;
    // 1. Indices sorted by (cell, index).
    let idx = d.run(identitySource, { length: this.npad, vec4: false }, [0]);
    for (const [j, k] of bitonicPasses(this.npad)) {
      const next = d.run(sortPassSource(n, g.ncells, vec4), { length: this.npad, vec4: false }, [idx, A, j, k]);
      d.release(idx);
      idx = next;
    }
    // 2. Cell starts, and chunks enough for the fullest cell.
    const start = d.run(cellStartSource(n, vec4), { length: g.ncells + 1, vec4: false }, [idx, A]);
    const occ = d.run(occupancySource, { length: g.ncells, vec4: true }, [start]);
    const fullest = reduceToHost(d, occ, 1, g.ncells, 'max')[3];
    d.release(occ);
    this.chunks = Math.max(this.chunks, Math.ceil(fullest / CHUNK));
    // 3. Masks and counts; the longest row sets the width.
    const constants = { cutneighsq: Array.from(this.cutneighsq, Math.fround) };
    const slots = 27 * this.chunks;
    const masks = d.run(maskSource(n, this.ntypes, this.chunks, g, vec4), { length: slots * n, vec4: true, constants }, [idx, start, A, P]);
    const size = d.run(listSizeSource(n, slots, vec4), { length: n, vec4: true }, [masks]);
    const [entries, , , longest] = reduceToHost(d, size, 1, n, 'max');
    d.release(size);
    this.entries = entries;
    if (longest > this.width) this.width = Math.max(4, Math.ceil((longest * WIDTH_HEADROOM) / 4) * 4);
    // 4. Fill.
    d.release(this.list);
    this.list = d.run(fillSource(n, this.width, this.chunks, g, vec4), { length: (n * this.width) / 4, vec4: true }, [idx, start, A, masks]);
    for (const b of [idx, start, masks]) d.release(b);
    this.builds++;
  }

  dispose(): void {
    this.device.release(this.list);
    this.list = undefined;
  }
}
