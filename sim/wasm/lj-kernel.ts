/**
 * The Lennard-Jones pair loop (sim/wasm/assembly/lj.ts) for a PairView: copies positions and types
 * in every call and the list when it changed, runs the rows, copies forces (and per-atom energies)
 * out. Used by LennardJones.compute (cpu backend) and by the workers of the threads backend.
 */
import type { PairView } from '../potentials/pair-view.js';
import type { LJTables } from '../potentials/lj.js';
import { KernelInstance, type ArraySpec, type Layout } from './kernels.js';

const specs = (n: number, capacity: number, ntypes: number) => ({
  tables: ['f64', 6 * ntypes * ntypes] as ArraySpec,
  out: ['f64', 7] as ArraySpec,
  x: ['f64', 3 * n] as ArraySpec,
  f: ['f64', 3 * n] as ArraySpec,
  pe: ['f64', n] as ArraySpec,
  type: ['i32', n] as ArraySpec,
  start: ['i32', n] as ArraySpec,
  wrapStart: ['i32', n] as ArraySpec,
  end: ['i32', n] as ArraySpec,
  rowOrder: ['i32', n] as ArraySpec,
  neigh: ['i32', capacity] as ArraySpec,
});
type Memory = Layout<ReturnType<typeof specs>>;

export class LJKernel {
  private readonly kernel = new KernelInstance('lj');
  private mem: Memory | null = null;
  /** What the list in kernel memory was copied from: the list arrays and a caller's version. */
  private listFrom: unknown[] = [];

  constructor(private readonly tables: LJTables) {}

  /**
   * Forces of rows r0 .. r1 of the list (Newton's third law included) into f, which is overwritten;
   * with `virial`, also adds the virial of those pairs to it, writes per-atom energies into pe when
   * given (overwritten) and returns their energy. `listVersion` must change whenever the list
   * arrays of `v` change content (the arrays themselves are compared too).
   */
  run(v: PairView, listVersion: readonly number[], f: Float64Array, r0: number, r1: number, virial: Float64Array | null, pe: Float64Array | null): number {
    const n = v.x.length / 3;
    let m = this.mem;
    if (!m || m.x.view.length !== 3 * n || m.neigh.view.length < v.neigh.length) m = this.allocate(n, v.neigh.length);
    const from = [v.start, v.wrapStart, v.end, v.neigh, v.rowOrder, ...listVersion];
    if (from.length !== this.listFrom.length || from.some((a, k) => a !== this.listFrom[k])) {
      m.start.view.set(v.start.subarray(0, n));
      m.wrapStart.view.set(v.wrapStart.subarray(0, n));
      m.end.view.set(v.end.subarray(0, n));
      m.rowOrder.view.set(v.rowOrder.subarray(0, n));
      m.neigh.view.set(v.neigh);
      this.listFrom = from;
    }
    m.x.view.set(v.x);
    m.type.view.set(v.type.subarray(0, n));
    m.f.view.fill(0);
    const { lx, ly, lz, xy, xz, yz } = v.box;
    const list = [m.x.ptr, m.type.ptr, m.start.ptr, m.wrapStart.ptr, m.end.ptr, m.neigh.ptr, m.rowOrder.ptr, m.f.ptr];
    const nt = this.tables.ntypes;
    if (!virial) {
      this.kernel.exports.ljForces(...list, m.tables.ptr, r0, r1, nt, lx, ly, lz, xy, xz, yz);
      f.set(m.f.view);
      return 0;
    }
    m.out.view.fill(0);
    if (pe) m.pe.view.fill(0);
    this.kernel.exports.ljForcesEnergy(...list, pe ? m.pe.ptr : 0, m.tables.ptr, m.out.ptr, r0, r1, nt, lx, ly, lz, xy, xz, yz);
    f.set(m.f.view);
    if (pe) pe.set(m.pe.view);
    for (let c = 0; c < 6; c++) virial[c] += m.out.view[1 + c];
    return m.out.view[0];
  }

  private allocate(n: number, capacity: number): Memory {
    const t = this.tables;
    const m = this.kernel.layout(specs(n, Math.ceil(1.2 * capacity), t.ntypes));
    m.tables.view.set([...t.cutsq, ...t.lj1, ...t.lj2, ...t.lj3, ...t.lj4, ...t.offset]);
    this.mem = m;
    this.listFrom = [];
    return m;
  }
}
