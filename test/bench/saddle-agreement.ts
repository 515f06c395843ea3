/**
 * Whether two ways of running the same seeded events find the same saddles
 * (`npm run bench -- --landscape --compare`): per seed, both found one (status ok) and it is
 *  - identical: saddle energies within 1e-6 and the same minima on both sides
 *    (sameMinimum: the database's energy window and largest single-atom displacement);
 *  - close: not identical, but saddles and minima within 1e-3 in energy and the displacement
 *    tolerance of each other: the micro-structure of a truncated pair potential, whose force jumps
 *    at the cut-off (0.04 ε/σ for lj/cut at 2.5 σ) leave stationary points 1e-5–1e-3 ε apart a few
 *    1e-3 σ from each other (docs/landscape.md), which any change of the path picks differently;
 *  - different: another saddle;
 * or only one of the two found one, or neither did.
 */
import { sameMinimum, type ActivationResult, type Configuration, type SameMinimumCriteria } from '../../landscape/saddles/index.js';
import type { EnergySurface } from '../../landscape/energy-surface.js';

export interface SaddleAgreement {
  identical: number;
  close: number;
  different: number;
  /** Seeds where only the first (the reference) or only the second found a saddle. */
  only_first: number;
  only_second: number;
  neither: number;
  /** Largest |E_s difference| among the identical and the close ones (NaN when none). */
  max_identical_energy_difference: number;
  max_close_energy_difference: number;
}

/** Identical saddle energies: within this (total energy); close ones within CLOSE_ENERGY. */
export const IDENTICAL_ENERGY = 1e-6;
export const CLOSE_ENERGY = 1e-3;

export type SeedAgreement = 'identical' | 'close' | 'different' | 'only_first' | 'only_second' | 'neither';

/** How the events of one seed, run two ways, compare. */
export function seedAgreement(surface: EnergySurface, a: ActivationResult, b: ActivationResult, c: SameMinimumCriteria): SeedAgreement {
  const foundA = a.status === 'ok', foundB = b.status === 'ok';
  if (!foundA || !foundB) return foundA ? 'only_first' : foundB ? 'only_second' : 'neither';
  const near = (p: Configuration, q: Configuration, energy: number) => sameMinimum(surface, p, q, { ...c, energyTolerance: energy });
  const sameSides = (energy: number) => near(a.minus!, b.minus!, energy) && near(a.plus!, b.plus!, energy);
  if (Math.abs(a.saddle!.energy - b.saddle!.energy) <= IDENTICAL_ENERGY && sameSides(c.energyTolerance)) return 'identical';
  return near(a.saddle!, b.saddle!, CLOSE_ENERGY) && sameSides(CLOSE_ENERGY) ? 'close' : 'different';
}

/** Tallies seed by seed (pairs[k] = the two runs of one seed). */
export function saddleAgreement(surface: EnergySurface, pairs: [ActivationResult, ActivationResult][], c: SameMinimumCriteria): SaddleAgreement {
  const t: SaddleAgreement = {
    identical: 0, close: 0, different: 0, only_first: 0, only_second: 0, neither: 0, max_identical_energy_difference: NaN, max_close_energy_difference: NaN,
  };
  for (const [a, b] of pairs) {
    const s = seedAgreement(surface, a, b, c);
    t[s]++;
    if (s === 'identical' || s === 'close') {
      const key = s === 'identical' ? 'max_identical_energy_difference' : 'max_close_energy_difference';
      const dE = Math.abs(a.saddle!.energy - b.saddle!.energy);
      t[key] = Number.isNaN(t[key]) ? dE : Math.max(t[key], dE);
    }
  }
  return t;
}
