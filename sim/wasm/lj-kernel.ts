/**
 * The Lennard-Jones loop (sim/wasm/assembly/lj.ts), in place on the memory its list lives in: a
 * ListMemory for a list built by buildNeighbors (sim/potentials/lj.ts), or, through LJKernel, the
 * threads backend's shared memory, where every worker reads the one list and the positions in
 * place and writes into its own force array.
 */
import type { Box } from '../box.js';
import type { PairView } from '../potentials/pair-view.js';
import type { LJTables } from '../potentials/lj-pair.js';
import type { PairOutputs, RowKernel } from '../potentials/row-kernel.js';
import type { KernelInstance } from './kernels.js';
import type { ListMemory } from './list-memory.js';
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

/**
 * The LJ loop as a RowKernel (the threads backend's workers), run in place: the PairView's arrays
 * and the outputs are views of the memory of the instance given to `place`, and the kernel takes
 * them at their byteOffset. The scratch holds the pair constants, then the energy and virial sums.
 */
export class LJKernel implements RowKernel {
  readonly scratch: number;
  private placed: { kernels: KernelInstance; scratch: Float64Array } | null = null;

  constructor(private readonly tables: LJTables) {
    this.scratch = tables.packed.length + 7;
  }

  place(kernels: KernelInstance, scratch: Float64Array): void {
    scratch.set(this.tables.packed);
    this.placed = { kernels, scratch };
  }

  forces(v: PairView, _listVersion: readonly number[], r0: number, r1: number, _fp: Float64Array | null, f: Float64Array, o: PairOutputs): number {
    if (!this.placed) throw new Error('LJKernel: place() it on the memory of its arrays first');
    const { kernels, scratch } = this.placed, t = this.tables;
    const at = (a: Float64Array | Int32Array) => a.byteOffset;
    const sums = t.packed.length, tables = at(scratch), out = tables + 8 * sums;
    const { lx, ly, lz, xy, xz, yz } = v.box;
    f.fill(0);
    const list = [at(v.x), at(v.type), at(v.start), at(v.wrapStart), at(v.end), at(v.neigh), at(v.rowOrder), at(f)];
    const { virial, pe, vatom } = o;
    if (!virial) {
      kernels.exports.ljForces(...list, tables, r0, r1, t.ntypes, lx, ly, lz, xy, xz, yz);
      return 0;
    }
    scratch.fill(0, sums, sums + 7);
    if (vatom) vatom.fill(0);
    kernels.exports.ljForcesEnergy(...list, pe ? at(pe) : 0, vatom ? at(vatom) : 0, tables, out, r0, r1, t.ntypes, lx, ly, lz, xy, xz, yz);
    for (let c = 0; c < 6; c++) virial[c] += scratch[sums + 1 + c];
    return scratch[sums];
  }
}
