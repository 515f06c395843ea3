/**
 * Embedded-atom method (Daw & Baskes, PRB 29, 6443 (1984)) and its Finnis–Sinclair variant
 * (Finnis & Sinclair, Phil. Mag. A 50, 45 (1984)), as LAMMPS `pair_style eam/alloy` and
 * `eam/fs` compute them from tabulated functions (e.g. CuZr_mm.eam.fs, Mendelev et al.,
 * Phil. Mag. 89, 967 (2009)):
 *
 *   E = sum_i F_a(rho_i) + 1/2 sum_i sum_{j != i} phi_ab(r_ij),   rho_i = sum_{j != i} rho_{b->a}(r_ij)
 *
 * with a, b the elements of atoms i, j. The density that j (element b) adds at i (element a) is
 * rho_b(r) for eam/alloy and the file's rho_ba(r) (block a of element b) for eam/fs.
 *
 * Interpolation is exactly LAMMPS pair_eam's: every table becomes a piecewise cubic with 7
 * coefficients per knot (`array2spline` / `interpolate`: knot slopes from a 5-point stencil,
 * Hermite cubics between knots), phi is stored as r*phi (`z2r`), r beyond the last knot uses the
 * last interval's end point, and rho beyond rhomax = (Nrho-1) drho takes the value and slope of F
 * at rhomax (linear extrapolation, which keeps energy and forces consistent).
 */
import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import { InputError } from '../errors.js';
import { readEamFile, type EamFile, type EamStyle } from '../io/eam-file.js';
import type { ComputeFlags, ForceOutput, Potential } from './potential.js';
import type { EamSpec } from './spec.js';
import type { PairOutputs, RowKernel } from './row-kernel.js';
import { pairView, type PairView } from './pair-view.js';
import { DENS, EMB, PAIR, eamTables, type EamTables } from './eam-tables.js';
import { eamEmbedding, partitionRows } from './eam-loops.js';
import { eamRegionHessian } from './eam-hessian.js';
import { EamKernel } from '../wasm/eam-kernel.js';
import type { KernelInstance } from '../wasm/kernels.js';
import { phases } from '../phase-profile.js';

export class EAM implements Potential {
  readonly name: EamStyle;
  readonly ntypes: number;
  readonly spec: EamSpec;
  /** Element of each species (0-based type), and its mass from the file. */
  readonly elements: string[];
  readonly masses: number[];
  /** The splined tables of the loops (the threads backend's workers run the same loops on them). */
  readonly tables: EamTables;
  /** Host densities and F'(rho) of the last compute. */
  private rho = new Float64Array(0);
  private fp = new Float64Array(0);
  /** The loops, made at the first compute. */
  private rows?: EamRows;
  /** The list (and its build) whose rows were last arranged. */
  private partitioned: { list: NeighborList | null; build: number } = { list: null, build: -1 };

  /**
   * `elements[t]` is the file element that species t stands for (LAMMPS `pair_coeff * * FILE
   * Cu Zr`); an element may serve several species.
   */
  constructor(readonly file: EamFile, elements: string[]) {
    const map = fileElements(file, elements);
    this.name = file.style;
    this.ntypes = elements.length;
    this.elements = [...elements];
    this.masses = map.map((k) => file.masses[k]);
    this.tables = eamTables(file, map);
    this.spec = { kind: 'eam', file: file.file, elements: this.elements, style: file.style };
  }

  cutoff(): number {
    return this.file.cutoff;
  }

  /** The analytic Hessian of the region `atoms` (eam-hessian.ts). */
  regionHessian(state: State, nlist: NeighborList, atoms: number[]): Float64Array {
    return eamRegionHessian(this.tables, state, nlist, atoms);
  }

  /** Host densities rho_i and embedding derivatives F'(rho_i) of the last compute (length n). */
  densities(): { rho: Float64Array; fp: Float64Array } {
    return { rho: this.rho, fp: this.fp };
  }

  /** F(rho) and F'(rho) of species t, interpolated as in the force loop (for tests and tables). */
  embedding(t: number, rho: number): [number, number] {
    const { nrho, rdrho, rhomax, emb } = this.tables;
    let p = rho * rdrho + 1.0;
    let m = Math.trunc(p);
    m = Math.max(1, Math.min(m, nrho - 1));
    p -= m;
    p = Math.min(p, 1.0);
    const c = (t * (nrho + 1) + m) * EMB;
    const fp = (emb[c] * p + emb[c + 1]) * p + emb[c + 2];
    let F = ((emb[c + 3] * p + emb[c + 4]) * p + emb[c + 5]) * p + emb[c + 6];
    if (rho > rhomax) F += fp * (rho - rhomax);
    return [F, fp];
  }

  /** Pair energy phi(r) and density that species tj adds at species ti, at distance r (0 beyond the cut-off). */
  pairFunctions(ti: number, tj: number, r: number): { phi: number; rho: number } {
    const t = this.tables;
    if (r * r >= t.cutforcesq) return { phi: 0, rho: 0 };
    let p = r * t.rdr + 1.0;
    let m = Math.trunc(p);
    m = Math.min(m, t.nr - 1);
    p -= m;
    p = Math.min(p, 1.0);
    const k = ti * t.ntypes + tj;
    const d = (k * (t.nr + 1) + m) * DENS;
    const q = (k * (t.nr + 1) + m) * PAIR;
    const rho = ((t.dens[d] * p + t.dens[d + 1]) * p + t.dens[d + 2]) * p + t.dens[d + 3];
    const z2 = ((t.pair[q + 9] * p + t.pair[q + 10]) * p + t.pair[q + 11]) * p + t.pair[q + 12];
    return { phi: z2 / r, rho };
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    const n = state.n;
    if (this.rho.length !== n) {
      this.rho = new Float64Array(n);
      this.fp = new Float64Array(n);
    }
    const rows = (this.rows ??= new EamRows(this.tables));
    const view = pairView(state, nlist);
    if (this.partitioned.list !== nlist || this.partitioned.build !== nlist.builds) {
      rows.arrange(view, 0, n);
      this.partitioned = { list: nlist, build: nlist.builds };
      phases?.mark('neighbours: arrange');
    }
    const version = [nlist.builds, nlist.pairs];
    rows.densities(view, version, 0, n, this.rho);
    if (!flags.energyVirial) {
      rows.embedding(state.type, 0, n, this.rho, this.fp, null);
      rows.forces(view, version, 0, n, this.fp, state.f, { virial: null, pe: null, vatom: null });
      phases?.mark('forces: kernel');
      return;
    }
    const pe = flags.perAtomEnergy ?? null;
    if (pe) pe.fill(0);
    out.virial.fill(0);
    const embedding = rows.embedding(state.type, 0, n, this.rho, this.fp, pe);
    out.energy = embedding + rows.forces(view, version, 0, n, this.fp, state.f, { virial: out.virial, pe, vatom: flags.perAtomVirial ?? null });
    phases?.mark('forces: kernel');
  }
}

/**
 * The EAM loops on rows of a list (LAMMPS PairEAM::compute with newton on): rows arranged with
 * the pairs inside the cut-off first (partitionRows), pass 1 (densities, WebAssembly), the
 * embedding (TypeScript, eamEmbedding), pass 2 (forces, WebAssembly) over the rows of pass 1.
 * The cpu EAM runs them over all rows, a worker of the threads backend over its own, placed on
 * the backend's shared memory (place, keepIn).
 */
export class EamRows implements RowKernel {
  private readonly kernel: EamKernel;

  readonly scratch: number;

  constructor(private readonly tables: EamTables) {
    this.kernel = new EamKernel(tables);
    this.scratch = this.kernel.scratch;
  }

  place(kernels: KernelInstance, scratch: Float64Array): void {
    this.kernel.place(kernels, scratch);
  }

  keepIn(neigh: Int32Array, wrap: Int32Array, end: Int32Array): void {
    this.kernel.keepIn(neigh, wrap, end);
  }

  arrange(v: PairView, r0: number, r1: number): void {
    partitionRows(v, this.tables.cutforcesq, r0, r1);
  }

  densities(v: PairView, listVersion: readonly number[], r0: number, r1: number, rho: Float64Array): void {
    this.kernel.densities(v, listVersion, r0, r1, rho);
  }

  embedding(type: Int32Array, a0: number, a1: number, rho: Float64Array, fp: Float64Array, pe: Float64Array | null): number {
    return eamEmbedding(type, a0, a1, this.tables, rho, fp, pe);
  }

  forces(v: PairView, _listVersion: readonly number[], _r0: number, _r1: number, fp: Float64Array | null, f: Float64Array, o: PairOutputs): number {
    return this.kernel.forces(v, fp!, f, o);
  }
}

/** The file's index of each species' element (LAMMPS pair_coeff * * FILE Cu Zr), or InputError. */
export function fileElements(file: EamFile, elements: string[]): number[] {
  if (elements.length === 0) throw new InputError('EAM: name the element of every atom type (e.g. Cu,Zr)');
  return elements.map((e) => {
    const k = file.elements.indexOf(e);
    if (k < 0) throw new InputError(`${file.file}: no element '${e}' in this EAM file (it has ${file.elements.join(', ')})`);
    return k;
  });
}

/** Reads an EAM file and maps species to its elements: `loadEam('CuZr_mm.eam.fs', ['Cu', 'Zr'])`. */
export function loadEam(path: string, elements: string[], style?: EamStyle): EAM {
  return new EAM(readEamFile(path, style), elements);
}

