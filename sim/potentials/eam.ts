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
import { pairView, type PairView } from './pair-view.js';
import { EamKernel } from '../wasm/eam-kernel.js';

/**
 * LAMMPS `interpolate`: cubic spline coefficients of f tabulated at spacing delta. Knots are
 * 1-based as in LAMMPS (row 0 unused); row m holds c0..c6: value on [m, m+1] at fraction p is
 * ((c3 p + c4) p + c5) p + c6, its derivative by the tabulated variable (c0 p + c1) p + c2.
 */
export function splineCoefficients(f: Float64Array, delta: number): Float64Array {
  const n = f.length;
  const s = new Float64Array((n + 1) * 7);
  const at = (m: number, c: number) => m * 7 + c;
  for (let m = 1; m <= n; m++) s[at(m, 6)] = f[m - 1];
  // Slopes (per knot): one-sided at the ends, central next to them, 5-point stencil inside.
  s[at(1, 5)] = s[at(2, 6)] - s[at(1, 6)];
  s[at(2, 5)] = 0.5 * (s[at(3, 6)] - s[at(1, 6)]);
  s[at(n - 1, 5)] = 0.5 * (s[at(n, 6)] - s[at(n - 2, 6)]);
  s[at(n, 5)] = s[at(n, 6)] - s[at(n - 1, 6)];
  for (let m = 3; m <= n - 2; m++) {
    s[at(m, 5)] = ((s[at(m - 2, 6)] - s[at(m + 2, 6)]) + 8.0 * (s[at(m + 1, 6)] - s[at(m - 1, 6)])) / 12.0;
  }
  // Hermite cubic on [m, m+1] through both values with both slopes.
  for (let m = 1; m <= n - 1; m++) {
    s[at(m, 4)] = 3.0 * (s[at(m + 1, 6)] - s[at(m, 6)]) - 2.0 * s[at(m, 5)] - s[at(m + 1, 5)];
    s[at(m, 3)] = s[at(m, 5)] + s[at(m + 1, 5)] - 2.0 * (s[at(m + 1, 6)] - s[at(m, 6)]);
  }
  s[at(n, 4)] = 0.0;
  s[at(n, 3)] = 0.0;
  // Derivative coefficients, by the tabulated variable (hence / delta).
  for (let m = 1; m <= n; m++) {
    s[at(m, 2)] = s[at(m, 5)] / delta;
    s[at(m, 1)] = (2.0 * s[at(m, 4)]) / delta;
    s[at(m, 0)] = (3.0 * s[at(m, 3)]) / delta;
  }
  return s;
}

/**
 * The kernel tables, flat and indexed by species pair p = ti * ntypes + tj and knot m:
 *  - dens (8 per knot, pass 1): c3..c6 of the density that j adds at i, then of what i adds at j;
 *  - pair (16 per knot, pass 2): c0..c2 of d/dr (density i adds at j), of d/dr (density j adds
 *    at i), c0..c2 then c3..c6 of r*phi; 3 padding slots keep a knot in two cache lines;
 *  - emb (8 per knot, per species): c0..c6 of F.
 */
export interface EamTables {
  ntypes: number;
  nr: number;
  nrho: number;
  rdr: number;
  rdrho: number;
  rhomax: number;
  cutforcesq: number;
  dens: Float64Array;
  pair: Float64Array;
  emb: Float64Array;
}

const DENS = 8;
const PAIR = 16;
const EMB = 8;

export class EAM implements Potential {
  readonly name: EamStyle;
  readonly ntypes: number;
  /** Element of each species (0-based type), and its mass from the file. */
  readonly elements: string[];
  readonly masses: number[];
  /** The splined tables of the loops (the threads backend's workers run the same loops on them). */
  readonly tables: EamTables;
  /** Host densities and F'(rho) of the last compute. */
  private rho = new Float64Array(0);
  private fp = new Float64Array(0);
  /** The pair passes (sim/wasm/assembly/eam.ts), made at the first compute. */
  private kernel?: EamKernel;
  /** The list (and its build) whose rows partitionRows last reordered. */
  private partitioned: { list: NeighborList | null; build: number } = { list: null, build: -1 };

  /**
   * `elements[t]` is the file element that species t stands for (LAMMPS `pair_coeff * * FILE
   * Cu Zr`); an element may serve several species.
   */
  constructor(readonly file: EamFile, elements: string[]) {
    if (elements.length === 0) throw new InputError('EAM: name the element of every atom type (e.g. Cu,Zr)');
    const map = elements.map((e) => {
      const k = file.elements.indexOf(e);
      if (k < 0) throw new InputError(`${file.file}: no element '${e}' in this EAM file (it has ${file.elements.join(', ')})`);
      return k;
    });
    this.name = file.style;
    this.ntypes = elements.length;
    this.elements = [...elements];
    this.masses = map.map((k) => file.masses[k]);
    this.tables = buildTables(file, map);
  }

  cutoff(): number {
    return this.file.cutoff;
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
    const t = this.tables;
    const view = pairView(state, nlist);
    if (this.partitioned.list !== nlist || this.partitioned.build !== nlist.builds) {
      partitionRows(view, t.cutforcesq, 0, n);
      this.partitioned = { list: nlist, build: nlist.builds };
    }
    this.kernel ??= new EamKernel(t);
    this.kernel.densities(view, [nlist.builds, nlist.pairs], 0, n, this.rho);
    if (!flags.energyVirial) {
      eamEmbedding(state.type, 0, n, t, this.rho, this.fp, null);
      this.kernel.forces(view, this.fp, state.f, null, null);
      return;
    }
    const peAtom = flags.perAtomEnergy ?? null;
    if (peAtom) peAtom.fill(0);
    out.virial.fill(0);
    const embedding = eamEmbedding(state.type, 0, n, t, this.rho, this.fp, peAtom);
    out.energy = embedding + this.kernel.forces(view, this.fp, state.f, out.virial, peAtom);
  }
}

/** Reads an EAM file and maps species to its elements: `loadEam('CuZr_mm.eam.fs', ['Cu', 'Zr'])`. */
export function loadEam(path: string, elements: string[], style?: EamStyle): EAM {
  return new EAM(readEamFile(path, style), elements);
}

/** Splines every table (LAMMPS file2array + array2spline) and packs them per species pair for the loops. */
function buildTables(file: EamFile, map: number[]): EamTables {
  const nt = map.length;
  const nel = file.elements.length;
  const { nr, nrho, dr, drho } = file;
  const rhoSpline = file.rhor.map((f) => splineCoefficients(f, dr));
  const z2rSpline = file.z2r.map((f) => splineCoefficients(f, dr));
  const frhoSpline = file.frho.map((f) => splineCoefficients(f, drho));
  // LAMMPS type2rhor[a][b]: the density function by which an atom of species a adds to one of species b.
  const densityBy = (a: number, b: number) => rhoSpline[file.style === 'eam/fs' ? map[a] * nel + map[b] : map[a]];
  const pairOf = (a: number, b: number) => {
    const hi = Math.max(map[a], map[b]), lo = Math.min(map[a], map[b]);
    return z2rSpline[(hi * (hi + 1)) / 2 + lo];
  };
  const dens = new Float64Array(nt * nt * (nr + 1) * DENS);
  const pair = new Float64Array(nt * nt * (nr + 1) * PAIR);
  for (let ti = 0; ti < nt; ti++) {
    for (let tj = 0; tj < nt; tj++) {
      const atI = densityBy(tj, ti), atJ = densityBy(ti, tj), z2 = pairOf(ti, tj);
      const k = ti * nt + tj;
      for (let m = 0; m <= nr; m++) {
        const d = (k * (nr + 1) + m) * DENS, q = (k * (nr + 1) + m) * PAIR, s = m * 7;
        for (let c = 0; c < 4; c++) {
          dens[d + c] = atI[s + 3 + c];
          dens[d + 4 + c] = atJ[s + 3 + c];
        }
        for (let c = 0; c < 3; c++) {
          pair[q + c] = atJ[s + c]; // rhoip
          pair[q + 3 + c] = atI[s + c]; // rhojp
          pair[q + 6 + c] = z2[s + c];
        }
        for (let c = 0; c < 4; c++) pair[q + 9 + c] = z2[s + 3 + c];
      }
    }
  }
  const emb = new Float64Array(nt * (nrho + 1) * EMB);
  for (let t = 0; t < nt; t++) {
    const F = frhoSpline[map[t]];
    for (let m = 0; m <= nrho; m++) {
      for (let c = 0; c < 7; c++) emb[(t * (nrho + 1) + m) * EMB + c] = F[m * 7 + c];
    }
  }
  return {
    ntypes: nt, nr, nrho, rdr: 1.0 / dr, rdrho: 1.0 / drho, rhomax: (nrho - 1) * drho,
    cutforcesq: file.cutoff * file.cutoff, dens, pair, emb,
  };
}

/*
 * The loops, over the half list as in LAMMPS PairEAM::compute with newton on: pass 1 sums the host
 * densities (and keeps the pairs within the cut-off), the embedding loop below turns densities into
 * F'(rho) (and F), pass 2 computes the pair forces over the kept pairs. The two pair passes are the
 * WebAssembly kernel sim/wasm/assembly/eam.ts; partitionRows and the embedding stay here. Each runs
 * over a range of rows (atoms for the embedding): the cpu backend runs them over everything, a
 * worker of the threads backend over its own range.
 */

/**
 * Reorders each row of a freshly built list in place: within each of its two parts (before and
 * from wrapStart) the pairs inside the cut-off come first. About half the listed pairs (skin 2 Å)
 * are beyond the cut-off; in build order the cut-off test of pass 1 is a coin toss for the
 * branch predictor, in this order it is right nearly every time until the next build. Returns
 * the number of pairs inside the cut-off.
 */
export function partitionRows(v: PairView, cutforcesq: number, r0: number, r1: number): number {
  const { x, box, start, wrapStart, end, neigh, rowOrder } = v;
  const { lx, ly, lz, xy, xz, yz } = box;
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  const inside = (i: number, j: number, wrapped: boolean) => {
    let dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1], dz = x[3 * i + 2] - x[3 * j + 2];
    if (wrapped) {
      if (dz > hz) { dz -= lz; dy -= yz; dx -= xz; } else if (dz < -hz) { dz += lz; dy += yz; dx += xz; }
      if (dy > hy) { dy -= ly; dx -= xy; } else if (dy < -hy) { dy += ly; dx += xy; }
      if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
    }
    return dx * dx + dy * dy + dz * dz < cutforcesq;
  };
  let count = 0;
  for (let r = r0; r < r1; r++) {
    const i = rowOrder[r];
    for (const [from, to, wrapped] of [[start[i], wrapStart[i], false], [wrapStart[i], end[i], true]] as const) {
      let lo = from, hi = to - 1;
      while (lo <= hi) {
        if (inside(i, neigh[lo], wrapped)) {
          lo++;
        } else {
          const j = neigh[lo];
          neigh[lo] = neigh[hi];
          neigh[hi--] = j;
        }
      }
      count += lo - from;
    }
  }
  return count;
}

/** F'(rho_i) into fp; returns the embedding energy sum F(rho_i) (and adds it to peAtom if given). */
export function eamEmbedding(
  type: Int32Array, i0: number, i1: number, t: EamTables, rho: Float64Array, fp: Float64Array, peAtom: Float64Array | null,
): number {
  const { nrho, rdrho, rhomax, emb } = t;
  const nrhom1 = nrho - 1, stride = nrho + 1;
  let energy = 0;
  for (let i = i0; i < i1; i++) {
    const rhoi = rho[i];
    let p = rhoi * rdrho + 1.0;
    let m = Math.trunc(p);
    if (m > nrhom1) m = nrhom1;
    if (m < 1) m = 1;
    p -= m;
    if (p > 1.0) p = 1.0;
    const c = (type[i] * stride + m) * EMB;
    const fpi = (emb[c] * p + emb[c + 1]) * p + emb[c + 2];
    fp[i] = fpi;
    let F = ((emb[c + 3] * p + emb[c + 4]) * p + emb[c + 5]) * p + emb[c + 6];
    if (rhoi > rhomax) F += fpi * (rhoi - rhomax);
    energy += F;
    if (peAtom !== null) peAtom[i] += F;
  }
  return energy;
}
