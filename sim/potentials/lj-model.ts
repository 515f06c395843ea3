/** Lennard-Jones mixtures as plain data (what a spec carries), and the presets. */

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
