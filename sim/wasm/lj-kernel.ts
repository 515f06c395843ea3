/**
 * The LJ kernel for a list that lives outside WebAssembly memory (the shared list of the threads
 * backend): copies the list into a ListMemory when it changed, then runs the force loop there.
 * Lists built by buildNeighbors live in a ListMemory already (sim/potentials/lj.ts uses that).
 */
import type { PairView } from '../potentials/pair-view.js';
import type { LJTables } from '../potentials/lj.js';
import { ListCopy } from './kernels.js';
import { ListMemory } from './list-memory.js';

export class LJKernel {
  private readonly memory = new ListMemory();
  private readonly list = new ListCopy();

  constructor(private readonly tables: LJTables) {}

  /**
   * As ListMemory.lj over the list of `v`. `listVersion` must change whenever the list arrays of
   * `v` change content (the arrays themselves are compared too).
   */
  run(v: PairView, listVersion: readonly number[], f: Float64Array, r0: number, r1: number, virial: Float64Array | null, pe: Float64Array | null): number {
    const n = v.x.length / 3;
    const mem = this.memory;
    mem.prepare({ n, capacity: v.neigh.length, ntypes: this.tables.ntypes });
    this.list.update(v, [mem.layouts, ...listVersion], mem.regions, n);
    return mem.lj(v.x, v.type, v.box, this.tables, r0, r1, f, virial, pe);
  }
}
