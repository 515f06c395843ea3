/**
 * The EAM pair passes (sim/wasm/assembly/eam.ts) for a PairView. The cpu EAM's: a memory of its own
 * holding the splined tables (copied once), the list (copied when it changed), positions (copied
 * at pass 1), densities, the pairs pass 1 keeps, F'(rho) and forces. A threads backend worker's is
 * placed on the backend's shared memory (`place`, `keepIn`): the tables in its scratch, everything
 * else read and written in place at the arrays' byteOffset. The embedding step between the passes
 * stays in TypeScript (eamEmbedding).
 */
import type { PairView } from '../potentials/pair-view.js';
import type { EamTables } from '../potentials/eam-tables.js';
import type { PairOutputs } from '../potentials/row-kernel.js';
import { KernelInstance, ListCopy, type Layout } from './kernels.js';

/** Pairs per chunk of the passes (sim/wasm/assembly/eam.ts), each 48 bytes (6 f64) of buffer. */
const CHUNK = 32;
const BUFFER = CHUNK * 6;

const i32 = (length: number): ['i32', number] => ['i32', length];
const f64 = (length: number): ['f64', number] => ['f64', length];
/** Per-atom virials (vatom) come last: room for them is made when first asked for, without moving the rest. */
const specs = (n: number, capacity: number, t: EamTables, atomVirials: boolean) => ({
  dens: f64(t.dens.length), pair: f64(t.pair.length), out: f64(7), buf: f64(BUFFER),
  x: f64(3 * n), f: f64(3 * n), rho: f64(n), fp: f64(n), pe: f64(n),
  type: i32(n), start: i32(n), wrapStart: i32(n), end: i32(n), rowOrder: i32(n), cutWrap: i32(n), cutEnd: i32(n),
  neigh: i32(capacity), cutNeigh: i32(capacity), vatom: f64(atomVirials ? 6 * n : 0),
});
type Memory = Layout<ReturnType<typeof specs>>;

export class EamKernel {
  private readonly kernel = new KernelInstance();
  private mem: Memory | null = null;
  private readonly list = new ListCopy();
  /** Counts layouts: a list copied in before the last one is gone. */
  private layouts = 0;
  /** The rows of the last pass 1 (pass 2 runs over the same). */
  private rows = [0, 0];
  /** f64 of scratch when placed: the density and pair tables, energy and virial sums, the passes' buffer. */
  readonly scratch: number;
  private placed: { kernels: KernelInstance; scratch: Float64Array } | null = null;
  private kept: { neigh: Int32Array; wrap: Int32Array; end: Int32Array } | null = null;

  constructor(private readonly tables: EamTables) {
    this.scratch = tables.dens.length + tables.pair.length + 7 + BUFFER;
  }

  /** From now on, run in place on the memory of `kernels`, with the tables in `scratch` (a view of it). */
  place(kernels: KernelInstance, scratch: Float64Array): void {
    scratch.set(this.tables.dens);
    scratch.set(this.tables.pair, this.tables.dens.length);
    this.placed = { kernels, scratch };
  }

  /** Placed: where pass 1 keeps its pairs (RowKernel.keepIn). */
  keepIn(neigh: Int32Array, wrap: Int32Array, end: Int32Array): void {
    this.kept = { neigh, wrap, end };
  }

  /**
   * Pass 1 over rows r0 .. r1 of the list of `v`: host densities into rho (overwritten), and the
   * pairs within the cut-off kept for pass 2. `listVersion` must change whenever the list arrays
   * of `v` change content (the arrays themselves are compared too).
   */
  densities(v: PairView, listVersion: readonly number[], r0: number, r1: number, rho: Float64Array): void {
    if (this.placed) return this.densitiesInPlace(v, r0, r1, rho);
    const n = v.x.length / 3;
    let m = this.mem;
    if (!m || m.x.view.length !== 3 * n || m.neigh.view.length < v.neigh.length) m = this.allocate(n, Math.ceil(1.2 * v.neigh.length), (m?.vatom.view.length ?? 0) > 0);
    this.list.update(v, [this.layouts, ...listVersion], m, n);
    m.x.view.set(v.x);
    m.type.view.set(v.type.subarray(0, n));
    m.rho.view.fill(0);
    const t = this.tables, b = v.box;
    this.kernel.exports.eamDensities(
      m.x.ptr, m.type.ptr, m.start.ptr, m.wrapStart.ptr, m.end.ptr, m.neigh.ptr, m.rowOrder.ptr, m.rho.ptr, m.cutNeigh.ptr,
      m.cutWrap.ptr, m.cutEnd.ptr, m.dens.ptr, m.buf.ptr, CHUNK, r0, r1, t.ntypes, t.nr, t.rdr, t.cutforcesq, b.lx, b.ly, b.lz, b.xy, b.xz, b.yz,
    );
    rho.set(m.rho.view);
    this.rows = [r0, r1];
  }

  /**
   * Pass 2 over the rows and pairs of the last pass 1, with F'(rho) in fp: forces into f
   * (overwritten); with `o.virial`, adds the pairs' virial to it, adds half of each pair energy
   * to o.pe (when given), writes per-atom virials into o.vatom (when given) and returns the pair
   * energy.
   */
  forces(v: PairView, fp: Float64Array, f: Float64Array, o: PairOutputs): number {
    if (this.placed) return this.forcesInPlace(v, fp, f, o);
    const { virial, pe, vatom } = o;
    let m = this.mem!;
    // Room for per-atom virials at the end: what pass 1 left in memory stays where it is.
    if (vatom && m.vatom.view.length === 0) m = this.allocate(m.x.view.length / 3, m.neigh.view.length, true);
    const t = this.tables, b = v.box;
    const [r0, r1] = this.rows;
    m.fp.view.set(fp);
    m.f.view.fill(0);
    const args = [m.x.ptr, m.type.ptr, m.rowOrder.ptr, m.fp.ptr, m.cutNeigh.ptr, m.cutWrap.ptr, m.cutEnd.ptr, m.pair.ptr, m.f.ptr, m.buf.ptr, CHUNK];
    const box = [b.lx, b.ly, b.lz, b.xy, b.xz, b.yz];
    if (!virial) {
      this.kernel.exports.eamForces(...args, r0, r1, t.ntypes, t.nr, t.rdr, ...box);
      f.set(m.f.view);
      return 0;
    }
    m.out.view.fill(0);
    if (pe) m.pe.view.set(pe);
    if (vatom) m.vatom.view.fill(0);
    this.kernel.exports.eamForcesEnergy(...args, pe ? m.pe.ptr : 0, vatom ? m.vatom.ptr : 0, m.out.ptr, r0, r1, t.ntypes, t.nr, t.rdr, ...box);
    f.set(m.f.view);
    if (pe) pe.set(m.pe.view);
    if (vatom) vatom.set(m.vatom.view);
    for (let c = 0; c < 6; c++) virial[c] += m.out.view[1 + c];
    return m.out.view[0];
  }

  private densitiesInPlace(v: PairView, r0: number, r1: number, rho: Float64Array): void {
    const { kernels, scratch } = this.placed!, kept = this.kept!;
    const t = this.tables, b = v.box;
    rho.fill(0);
    kernels.exports.eamDensities(
      at(v.x), at(v.type), at(v.start), at(v.wrapStart), at(v.end), at(v.neigh), at(v.rowOrder), at(rho), at(kept.neigh),
      at(kept.wrap), at(kept.end), at(scratch), bufferIn(scratch, t), CHUNK, r0, r1, t.ntypes, t.nr, t.rdr, t.cutforcesq, b.lx, b.ly, b.lz, b.xy, b.xz, b.yz,
    );
    this.rows = [r0, r1];
  }

  private forcesInPlace(v: PairView, fp: Float64Array, f: Float64Array, o: PairOutputs): number {
    const { kernels, scratch } = this.placed!, kept = this.kept!;
    const { virial, pe, vatom } = o;
    const t = this.tables, b = v.box;
    const [r0, r1] = this.rows;
    const sums = t.dens.length + t.pair.length;
    f.fill(0);
    const args = [at(v.x), at(v.type), at(v.rowOrder), at(fp), at(kept.neigh), at(kept.wrap), at(kept.end), at(scratch) + 8 * t.dens.length, at(f), bufferIn(scratch, t), CHUNK];
    const box = [b.lx, b.ly, b.lz, b.xy, b.xz, b.yz];
    if (!virial) {
      kernels.exports.eamForces(...args, r0, r1, t.ntypes, t.nr, t.rdr, ...box);
      return 0;
    }
    scratch.fill(0, sums, sums + 7);
    if (vatom) vatom.fill(0);
    kernels.exports.eamForcesEnergy(
      ...args, pe ? at(pe) : 0, vatom ? at(vatom) : 0, at(scratch) + 8 * sums, r0, r1, t.ntypes, t.nr, t.rdr, ...box,
    );
    for (let c = 0; c < 6; c++) virial[c] += scratch[sums + 1 + c];
    return scratch[sums];
  }

  private allocate(n: number, capacity: number, atomVirials: boolean): Memory {
    const m = this.kernel.layout(specs(n, capacity, this.tables, atomVirials), {}, {});
    m.dens.view.set(this.tables.dens);
    m.pair.view.set(this.tables.pair);
    this.mem = m;
    this.layouts++;
    return m;
  }
}

/** Where a view of the kernels' memory starts in it: the pointer a kernel takes. */
const at = (a: Float64Array | Int32Array) => a.byteOffset;

/** Where the passes' buffer sits in a placed scratch: after the tables and the 7 sums. */
const bufferIn = (scratch: Float64Array, t: EamTables) => at(scratch) + 8 * (t.dens.length + t.pair.length + 7);
