/**
 * The Lennard-Jones loop (sim/wasm/assembly/lj.ts) over a list in a ListMemory: in place for a
 * list built by buildNeighbors (sim/potentials/lj.ts), or, through LJKernel, over a list that
 * lives outside WebAssembly memory (the shared list of the threads backend's workers), copied in
 * when it changed.
 */
import type { Box } from '../box.js';
import type { PairView } from '../potentials/pair-view.js';
import type { LJTables } from '../potentials/lj-pair.js';
import type { PairOutputs, RowKernel } from '../potentials/row-kernel.js';
import { ListCopy } from './kernels.js';
import { ListMemory } from './list-memory.js';
import type { PhaseProfile } from '../phase-profile.js';

/**
 * LJ forces of rows r0 .. r1 of the list in `memory` (Newton's third law included) into f, which
 * is overwritten; with `o.virial`, also the other outputs, and returns the pairs' energy. Books
 * the copies and the loop to `phases` when given (the cpu backend's profile).
 */
export function ljOnList(
  memory: ListMemory, x: Float64Array, type: Int32Array, box: Box, t: LJTables, r0: number, r1: number, f: Float64Array, o: PairOutputs,
  phases: PhaseProfile | null = null,
): number {
  const m = memory.regions;
  const kernel = memory.kernel.exports;
  const n = m.type.view.length;
  m.x.view.set(x.subarray(0, 3 * n));
  m.type.view.set(type.subarray(0, n));
  m.tables.view.set(t.packed);
  m.f.view.fill(0);
  const { lx, ly, lz, xy, xz, yz } = box;
  const list = [m.x.ptr, m.type.ptr, m.start.ptr, m.wrapStart.ptr, m.end.ptr, m.neigh.ptr, m.rowOrder.ptr, m.f.ptr];
  const { virial, pe, vatom } = o;
  phases?.mark('forces: copies');
  if (!virial) {
    kernel.ljForces(...list, m.tables.ptr, r0, r1, t.ntypes, lx, ly, lz, xy, xz, yz);
    phases?.mark('forces: kernel');
    f.set(m.f.view);
    phases?.mark('forces: copies');
    return 0;
  }
  m.out.view.fill(0);
  if (pe) m.pe.view.set(pe);
  if (vatom) m.vatom.view.fill(0);
  kernel.ljForcesEnergy(...list, pe ? m.pe.ptr : 0, vatom ? m.vatom.ptr : 0, m.tables.ptr, m.out.ptr, r0, r1, t.ntypes, lx, ly, lz, xy, xz, yz);
  phases?.mark('forces: kernel');
  f.set(m.f.view);
  if (pe) pe.set(m.pe.view);
  if (vatom) vatom.set(m.vatom.view);
  for (let c = 0; c < 6; c++) virial[c] += m.out.view[1 + c];
  phases?.mark('forces: copies');
  return m.out.view[0];
}

/** The LJ loop as a RowKernel (the threads backend's workers). */
export class LJKernel implements RowKernel {
  private readonly memory = new ListMemory();
  private readonly list = new ListCopy();

  constructor(private readonly tables: LJTables) {}

  forces(v: PairView, listVersion: readonly number[], r0: number, r1: number, _fp: Float64Array | null, f: Float64Array, o: PairOutputs): number {
    const n = v.x.length / 3;
    const mem = this.memory;
    mem.prepare({ n, capacity: v.neigh.length, ntypes: this.tables.ntypes, tables: this.tables.packed.length, atomVirials: o.vatom ? 1 : 0 });
    this.list.update(v, [mem.layouts, ...listVersion], mem.regions, n, r0, r1);
    return ljOnList(mem, v.x, v.type, v.box, this.tables, r0, r1, f, o);
  }
}
