import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import type { ComputeFlags, ForceOutput, Potential } from './potential.js';

/** One Lennard-Jones interaction: 4 eps [(sigma/r)^12 - (sigma/r)^6], cut at `cutoff`. */
export interface LJPairParams {
  epsilon: number;
  sigma: number;
  cutoff: number;
}

/** A Lennard-Jones mixture: species, their masses, and the parameters of every species pair. */
export interface LJModel {
  name: string;
  species: { name: string; mass: number }[];
  /** Symmetric ntypes × ntypes table of pair parameters. */
  pairs: LJPairParams[][];
  /** Shift the energy to zero at the cut-off (LAMMPS `pair_modify shift yes`). */
  shift: boolean;
  /** Default mole fractions of the species and number density, for building new samples. */
  composition: number[];
  density: number;
}

function pairTable(species: number, f: (i: number, j: number) => LJPairParams): LJPairParams[][] {
  return Array.from({ length: species }, (_, i) => Array.from({ length: species }, (_, j) => f(Math.min(i, j), Math.max(i, j))));
}

/** Kob & Andersen, PRE 51, 4626 (1995): 80:20 A:B, rc = 2.5 sigma_ab, number density 1.2. */
export function kobAndersen(): LJModel {
  const p: LJPairParams[][] = [
    [{ epsilon: 1.0, sigma: 1.0, cutoff: 2.5 }, { epsilon: 1.5, sigma: 0.8, cutoff: 2.0 }],
    [{ epsilon: 1.5, sigma: 0.8, cutoff: 2.0 }, { epsilon: 0.5, sigma: 0.88, cutoff: 2.2 }],
  ];
  return {
    name: 'ka',
    species: [{ name: 'A', mass: 1 }, { name: 'B', mass: 1 }],
    pairs: p,
    shift: true,
    composition: [0.8, 0.2],
    density: 1.2,
  };
}

/**
 * Wahnström, PRA 44, 3752 (1991): 50:50, all epsilon equal, sigma_AA : sigma_AB : sigma_BB =
 * 1 : 1.1 : 1.2, the large species twice as heavy; rc = 2.5 sigma_ab. Number density 1.296 in units
 * of sigma_AA (0.75 in units of sigma_BB).
 */
export function wahnstrom(): LJModel {
  const sig = [
    [1.0, 1.1],
    [1.1, 1.2],
  ];
  return {
    name: 'wahnstrom',
    species: [{ name: 'A', mass: 1 }, { name: 'B', mass: 2 }],
    pairs: pairTable(2, (i, j) => ({ epsilon: 1, sigma: sig[i][j], cutoff: 2.5 * sig[i][j] })),
    shift: true,
    composition: [0.5, 0.5],
    density: 1.296,
  };
}

export const LJ_PRESETS: Record<string, () => LJModel> = { ka: kobAndersen, wahnstrom };

/**
 * Truncated (and optionally shifted) multi-species Lennard-Jones, as LAMMPS `pair_style lj/cut`.
 * Per-pair constants are precomputed once into flat tables indexed ti * ntypes + tj.
 */
export class LennardJones implements Potential {
  readonly name = 'lj/cut';
  readonly ntypes: number;
  private readonly cut: Float64Array;
  private readonly cutsq: Float64Array;
  /** 48 eps sigma^12 and 24 eps sigma^6 (force); 4 eps sigma^12 and 4 eps sigma^6 (energy). */
  private readonly lj1: Float64Array;
  private readonly lj2: Float64Array;
  private readonly lj3: Float64Array;
  private readonly lj4: Float64Array;
  private readonly offset: Float64Array;

  constructor(readonly model: LJModel) {
    const nt = model.species.length;
    this.ntypes = nt;
    const table = () => new Float64Array(nt * nt);
    this.cut = table();
    this.cutsq = table();
    this.lj1 = table();
    this.lj2 = table();
    this.lj3 = table();
    this.lj4 = table();
    this.offset = table();
    for (let i = 0; i < nt; i++) {
      for (let j = 0; j < nt; j++) {
        const { epsilon: eps, sigma: sig, cutoff: rc } = model.pairs[i][j];
        const k = i * nt + j;
        const s6 = sig ** 6;
        this.cut[k] = rc;
        this.cutsq[k] = rc * rc;
        this.lj1[k] = 48 * eps * s6 * s6;
        this.lj2[k] = 24 * eps * s6;
        this.lj3[k] = 4 * eps * s6 * s6;
        this.lj4[k] = 4 * eps * s6;
        const sr6 = (sig / rc) ** 6;
        this.offset[k] = model.shift ? 4 * eps * (sr6 * sr6 - sr6) : 0;
      }
    }
  }

  cutoff(ti: number, tj: number): number {
    return this.cut[ti * this.ntypes + tj];
  }

  /** Energy of one pair at distance r (for tests and tables). */
  pairEnergy(ti: number, tj: number, r: number): number {
    const k = ti * this.ntypes + tj;
    if (r * r >= this.cutsq[k]) return 0;
    const r6inv = 1 / r ** 6;
    return r6inv * (this.lj3[k] * r6inv - this.lj4[k]) - this.offset[k];
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    const { x, f, type } = state;
    const n = state.n;
    const nt = this.ntypes;
    const { cutsq, lj1, lj2, lj3, lj4, offset } = this;
    const { start, neigh } = nlist;
    const lx = state.box.lx, ly = state.box.ly, lz = state.box.lz;
    const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
    const eflag = flags.energyVirial;
    const peAtom = flags.perAtomEnergy;
    if (peAtom) peAtom.fill(0);
    f.fill(0);
    let energy = 0, vxx = 0, vyy = 0, vzz = 0, vxy = 0, vxz = 0, vyz = 0;

    for (let i = 0; i < n; i++) {
      const i3 = 3 * i;
      const xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
      const rowOffset = type[i] * nt;
      let fxi = 0, fyi = 0, fzi = 0;
      const end = start[i + 1];
      for (let k = start[i]; k < end; k++) {
        const j = neigh[k];
        const j3 = 3 * j;
        // Positions were wrapped at the last list build and have moved less than skin/2 since,
        // so one conditional shift gives the minimum image.
        let dx = xi - x[j3];
        let dy = yi - x[j3 + 1];
        let dz = zi - x[j3 + 2];
        if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
        if (dy > hy) dy -= ly; else if (dy < -hy) dy += ly;
        if (dz > hz) dz -= lz; else if (dz < -hz) dz += lz;
        const rsq = dx * dx + dy * dy + dz * dz;
        const p = rowOffset + type[j];
        if (rsq >= cutsq[p]) continue;
        const r2inv = 1 / rsq;
        const r6inv = r2inv * r2inv * r2inv;
        const fpair = r6inv * (lj1[p] * r6inv - lj2[p]) * r2inv;
        const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
        fxi += fx; fyi += fy; fzi += fz;
        f[j3] -= fx; f[j3 + 1] -= fy; f[j3 + 2] -= fz;
        if (eflag) {
          const e = r6inv * (lj3[p] * r6inv - lj4[p]) - offset[p];
          energy += e;
          vxx += dx * fx; vyy += dy * fy; vzz += dz * fz;
          vxy += dx * fy; vxz += dx * fz; vyz += dy * fz;
          if (peAtom) {
            peAtom[i] += 0.5 * e;
            peAtom[j] += 0.5 * e;
          }
        }
      }
      f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
    }
    if (eflag) {
      out.energy = energy;
      const w = out.virial;
      w[0] = vxx; w[1] = vyy; w[2] = vzz; w[3] = vxy; w[4] = vxz; w[5] = vyz;
    }
  }
}
