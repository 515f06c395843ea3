import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import type { ComputeFlags, ForceOutput, Potential } from './potential.js';
import { pairView, type PairView } from './pair-view.js';

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
 * 1 : 1.1 : 1.2, the large species twice as heavy; rc = 2.5 sigma_ab. The usual number density is
 * 1.296 in units of the large sigma (sigma_BB here), i.e. 1.296 / 1.2^3 = 0.75 in units of sigma_AA.
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
    density: 0.75,
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
  private readonly tables: LJTables;

  constructor(readonly model: LJModel) {
    this.ntypes = model.species.length;
    this.cut = Float64Array.from(model.pairs.flat().map((p) => p.cutoff));
    this.tables = ljTables(model);
  }

  cutoff(ti: number, tj: number): number {
    return this.cut[ti * this.ntypes + tj];
  }

  /** Energy of one pair at distance r (for tests and tables). */
  pairEnergy(ti: number, tj: number, r: number): number {
    const k = ti * this.ntypes + tj;
    const t = this.tables;
    if (r * r >= t.cutsq[k]) return 0;
    const r6inv = 1 / r ** 6;
    return r6inv * (t.lj3[k] * r6inv - t.lj4[k]) - t.offset[k];
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    state.f.fill(0);
    const view = pairView(state, nlist);
    if (!flags.energyVirial) {
      ljForces(view, this.tables, state.f, 0, state.n);
      return;
    }
    const peAtom = flags.perAtomEnergy ?? null;
    if (peAtom) peAtom.fill(0);
    out.virial.fill(0);
    out.energy = ljForcesEnergyVirial(view, this.tables, state.f, 0, state.n, out.virial, peAtom);
  }
}

/**
 * Per-pair constants, flat ntypes × ntypes (index ti * ntypes + tj): cutsq, lj1/lj2 = 48 eps s^12 /
 * 24 eps s^6 (force), lj3/lj4 = 4 eps s^12 / 4 eps s^6 (energy), offset (the shift at the cut-off).
 */
export interface LJTables {
  ntypes: number;
  cutsq: Float64Array;
  lj1: Float64Array;
  lj2: Float64Array;
  lj3: Float64Array;
  lj4: Float64Array;
  offset: Float64Array;
}

export function ljTables(model: LJModel): LJTables {
  const nt = model.species.length;
  const table = () => new Float64Array(nt * nt);
  const t: LJTables = { ntypes: nt, cutsq: table(), lj1: table(), lj2: table(), lj3: table(), lj4: table(), offset: table() };
  for (let i = 0; i < nt; i++) {
    for (let j = 0; j < nt; j++) {
      const { epsilon: eps, sigma: sig, cutoff: rc } = model.pairs[i][j];
      const k = i * nt + j;
      const s6 = sig ** 6;
      t.cutsq[k] = rc * rc;
      t.lj1[k] = 48 * eps * s6 * s6;
      t.lj2[k] = 24 * eps * s6;
      t.lj3[k] = 4 * eps * s6 * s6;
      t.lj4[k] = 4 * eps * s6;
      const sr6 = (sig / rc) ** 6;
      t.offset[k] = model.shift ? 4 * eps * (sr6 * sr6 - sr6) : 0;
    }
  }
  return t;
}

/*
 * The pair loops, over rows r0 .. r1 of the list (in storage order), adding into f (which the
 * caller zeroes): the cpu backend runs all rows, a worker of the threads backend its own range. Per pair of the half list: separation (minimum image only for pairs listed as
 * crossing a boundary), cut-off test, F/r = r^-2 r^-6 (48 eps s^12 r^-6 - 24 eps s^6), and Newton's
 * third law. Two copies, as LAMMPS has eflag/vflag branches: forces only (every step), and forces
 * with energy and virial (thermo steps). Hot loops end in a plain return so that V8 reuses their
 * optimised code.
 */
export function ljForces(v: PairView, t: LJTables, f: Float64Array, r0: number, r1: number): void {
  const { x, type, box, start, wrapStart, end: rowEnd, neigh, rowOrder } = v;
  const { ntypes: nt, cutsq, lj1, lj2 } = t;
  const { lx, ly, lz, xy, xz, yz } = box;
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  for (let r = r0; r < r1; r++) {
    const i = rowOrder[r];
    const i3 = 3 * i;
    const xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
    const row = type[i] * nt;
    const wrap = wrapStart[i];
    let fxi = 0, fyi = 0, fzi = 0;
    const end = rowEnd[i];
    for (let k = start[i]; k < end; k++) {
      const j = neigh[k];
      const j3 = 3 * j;
      let dx = xi - x[j3], dy = yi - x[j3 + 1], dz = zi - x[j3 + 2];
      if (k >= wrap) {
        // Minimum image, z then y then x (tilts are zero in orthorhombic boxes).
        if (dz > hz) { dz -= lz; dy -= yz; dx -= xz; } else if (dz < -hz) { dz += lz; dy += yz; dx += xz; }
        if (dy > hy) { dy -= ly; dx -= xy; } else if (dy < -hy) { dy += ly; dx += xy; }
        if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
      }
      const rsq = dx * dx + dy * dy + dz * dz;
      const p = row + type[j];
      if (rsq >= cutsq[p]) continue;
      const r2inv = 1 / rsq;
      const r6inv = r2inv * r2inv * r2inv;
      const fpair = r6inv * (lj1[p] * r6inv - lj2[p]) * r2inv;
      const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
      fxi += fx; fyi += fy; fzi += fz;
      f[j3] -= fx; f[j3 + 1] -= fy; f[j3 + 2] -= fz;
    }
    f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
  }
}

/** Forces, plus the virial (accumulated into `virial`) and per-atom energies; returns the energy. */
export function ljForcesEnergyVirial(
  v: PairView, t: LJTables, f: Float64Array, r0: number, r1: number, virial: Float64Array, peAtom: Float64Array | null,
): number {
  const { x, type, box, start, wrapStart, end: rowEnd, neigh, rowOrder } = v;
  const { ntypes: nt, cutsq, lj1, lj2, lj3, lj4, offset } = t;
  const { lx, ly, lz, xy, xz, yz } = box;
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  let energy = 0;
  for (let r = r0; r < r1; r++) {
    const i = rowOrder[r];
    const i3 = 3 * i;
    const xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
    const row = type[i] * nt;
    const wrap = wrapStart[i];
    let fxi = 0, fyi = 0, fzi = 0;
    const end = rowEnd[i];
    for (let k = start[i]; k < end; k++) {
      const j = neigh[k];
      const j3 = 3 * j;
      let dx = xi - x[j3], dy = yi - x[j3 + 1], dz = zi - x[j3 + 2];
      if (k >= wrap) {
        // Minimum image, z then y then x (tilts are zero in orthorhombic boxes).
        if (dz > hz) { dz -= lz; dy -= yz; dx -= xz; } else if (dz < -hz) { dz += lz; dy += yz; dx += xz; }
        if (dy > hy) { dy -= ly; dx -= xy; } else if (dy < -hy) { dy += ly; dx += xy; }
        if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
      }
      const rsq = dx * dx + dy * dy + dz * dz;
      const p = row + type[j];
      if (rsq >= cutsq[p]) continue;
      const r2inv = 1 / rsq;
      const r6inv = r2inv * r2inv * r2inv;
      const fpair = r6inv * (lj1[p] * r6inv - lj2[p]) * r2inv;
      const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
      fxi += fx; fyi += fy; fzi += fz;
      f[j3] -= fx; f[j3 + 1] -= fy; f[j3 + 2] -= fz;
      const e = r6inv * (lj3[p] * r6inv - lj4[p]) - offset[p];
      energy += e;
      virial[0] += dx * fx; virial[1] += dy * fy; virial[2] += dz * fz;
      virial[3] += dx * fy; virial[4] += dx * fz; virial[5] += dy * fz;
      if (peAtom !== null) {
        peAtom[i] += 0.5 * e;
        peAtom[j] += 0.5 * e;
      }
    }
    f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
  }
  return energy;
}
