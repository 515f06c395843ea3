import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import type { ComputeFlags, ForceOutput, Potential } from './potential.js';

/** One Lennard-Jones interaction: 4 eps [(sigma/r)^12 - (sigma/r)^6], cut at `cutoff`. */
export interface LJPairParams {
  epsilon: number;
  sigma: number;
  cutoff: number;
}

/**
 * A Lennard-Jones mixture: species, their masses, and the parameters of every species pair. A
 * species' `element` is only the symbol written for it where a file needs one (extended XYZ for
 * ASE and OVITO); without it type t is written as atomic number Z = t (sim/elements.ts).
 */
export interface LJModel {
  name: string;
  species: { name: string; mass: number; element?: string }[];
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
 * Per-pair constants are precomputed once into flat tables indexed ti * ntypes + tj; the pair loop
 * over the half list (Newton's third law, minimum image only for pairs listed as crossing a
 * boundary, F/r = r^-2 r^-6 (48 eps s^12 r^-6 - 24 eps s^6)) is the WebAssembly kernel
 * sim/wasm/assembly/lj.ts.
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
    // The list lives in WebAssembly memory, and so does the pair loop (sim/wasm/list-memory.ts).
    const memory = nlist.memory;
    if (!memory) throw new Error('LJ: compute needs a list made by buildNeighbors');
    const { x, type, box, n } = state;
    if (!flags.energyVirial) {
      memory.lj(x, type, box, this.tables, 0, n, state.f, null, null);
      return;
    }
    out.virial.fill(0);
    out.energy = memory.lj(x, type, box, this.tables, 0, n, state.f, out.virial, flags.perAtomEnergy ?? null);
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
  /** cutsq, lj1, lj2, lj3, lj4, offset one after another (what the WebAssembly kernel reads). */
  packed: Float64Array;
}

export function ljTables(model: LJModel): LJTables {
  const nt = model.species.length;
  const table = () => new Float64Array(nt * nt);
  const t: LJTables = { ntypes: nt, cutsq: table(), lj1: table(), lj2: table(), lj3: table(), lj4: table(), offset: table(), packed: table() };
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
  t.packed = Float64Array.from([...t.cutsq, ...t.lj1, ...t.lj2, ...t.lj3, ...t.lj4, ...t.offset]);
  return t;
}
