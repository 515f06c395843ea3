/**
 * Is a saddle adjacent to the glass inherent structure its search started from?
 *
 * Strictly, it is when the minimum down the saddle's − side is the starting minimum itself
 * (`sameMinimum`: energies within a tolerance and no atom further than a tolerance). In a glass
 * of a few thousand atoms that rarely holds: the push or the descent often lets a marginally
 * stable spot several σ away from the event fall into a neighbouring minimum as well (in one
 * 2000-atom Kob–Andersen glass, 7 of 11 events also moved the same 17–19 atoms, 3–9 σ from the
 * event, by about 0.1 σ, lowering the energy by 0.165 ε). Such a remote rearrangement is an independent degree of freedom of
 * a large system, whose landscape is close to a product of local ones (Stillinger, Science 267,
 * 1935 (1995)); the event itself is the same. So a saddle is also counted as adjacent, `local`,
 * when the − side agrees with the start wherever the event happens: on every atom within
 * `radius` of an atom that moves more than `moveThreshold` between the two minima the saddle
 * joins, no atom differs by more than the displacement tolerance. Its barrier out of the glass
 * IS is then E_saddle − E_minus, the height seen from the locally identical minimum.
 */
import { minimumImage, minimumImageDisplacement, type Box } from '../../sim/box.js';
import { maxAtomNormSq } from '../vec.js';

export type Adjacency = 'exact' | 'local' | 'none';

export interface AdjacencyCriteria {
  /** Exact sameness of two minima: energy window (total) and largest single-atom displacement. */
  energyTolerance: number;
  displacementTolerance: number;
  /** An atom takes part in the event when it moves more than this between the two minima. */
  moveThreshold: number;
  /** The event region: atoms within this distance of one that takes part (length). */
  radius: number;
}

/** Default event-region radius: about two neighbour shells (2.5 σ; 7 Å in metal units). */
export function defaultAdjacencyRadius(units: string): number {
  return units === 'metal' ? 7.0 : 2.5;
}

interface Minimum {
  x: Float64Array;
  energy: number;
}

export interface AdjacencyResult {
  adjacency: Adjacency;
  /** The event region (atom indices), and the largest displacement start → − side on it. */
  region: number[];
  regionMaxDisplacement: number;
  /** Largest displacement start → − side over all atoms. */
  maxDisplacement: number;
}

/** Indices of the atoms within `radius` (minimum image, positions `x`) of an atom in `centres`. */
export function atomsNear(box: Box, x: Float64Array, centres: number[], radius: number): number[] {
  const n = x.length / 3, r2 = radius * radius, d = [0, 0, 0];
  const near: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const j of centres) {
      for (let a = 0; a < 3; a++) d[a] = x[3 * i + a] - x[3 * j + a];
      minimumImage(box, d);
      if (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] <= r2) {
        near.push(i);
        break;
      }
    }
  }
  return near;
}

/** How the saddle joining `minus` and `plus` relates to the starting minimum `start`. */
export function adjacencyToStart(box: Box, start: Minimum, minus: Minimum, plus: Minimum, c: AdjacencyCriteria): AdjacencyResult {
  const fromStart = minimumImageDisplacement(box, start.x, minus.x);
  const across = minimumImageDisplacement(box, minus.x, plus.x);
  const norm2 = (d: Float64Array, i: number) => d[3 * i] ** 2 + d[3 * i + 1] ** 2 + d[3 * i + 2] ** 2;
  const movers: number[] = [];
  for (let i = 0; i < across.length / 3; i++) if (norm2(across, i) > c.moveThreshold ** 2) movers.push(i);
  const region = atomsNear(box, minus.x, movers, c.radius);
  let regionMax2 = 0;
  for (const i of region) regionMax2 = Math.max(regionMax2, norm2(fromStart, i));
  const maxDisplacement = Math.sqrt(maxAtomNormSq(fromStart));
  const regionMaxDisplacement = Math.sqrt(regionMax2);
  const exact = Math.abs(minus.energy - start.energy) < c.energyTolerance && maxDisplacement <= c.displacementTolerance;
  const local = movers.length > 0 && regionMaxDisplacement <= c.displacementTolerance;
  return { adjacency: exact ? 'exact' : local ? 'local' : 'none', region, regionMaxDisplacement, maxDisplacement };
}
