/**
 * How large and how localised a rearrangement is: participation numbers, counts of atoms that
 * moved, configurational distances (3N norm) and the largest single-atom displacement.
 */

/**
 * Participation number of a 3N vector u: (sum_i |u_i|^2)^2 / sum_i |u_i|^4, between 1 (one atom
 * carries everything) and N (all atoms alike).
 */
export function participationNumber(u: Float64Array): number {
  let s2 = 0, s4 = 0;
  for (let k = 0; k < u.length; k += 3) {
    const a = u[k] * u[k] + u[k + 1] * u[k + 1] + u[k + 2] * u[k + 2];
    s2 += a;
    s4 += a * a;
  }
  return s4 > 0 ? (s2 * s2) / s4 : 0;
}

export interface DisplacementStats {
  /** 3N norm of the displacement, sqrt(sum_i |d_i|^2). */
  distance: number;
  /** Largest |d_i|. */
  maxAtom: number;
  /** Index of the atom with the largest |d_i|. */
  maxAtomIndex: number;
  /** Atoms with |d_i| > threshold. */
  moved: number;
  participation: number;
}

export function displacementStats(d: Float64Array, threshold: number): DisplacementStats {
  let s2 = 0, max2 = 0, at = -1, moved = 0;
  const t2 = threshold * threshold;
  for (let k = 0; k < d.length; k += 3) {
    const a = d[k] * d[k] + d[k + 1] * d[k + 1] + d[k + 2] * d[k + 2];
    s2 += a;
    if (a > max2) {
      max2 = a;
      at = k / 3;
    }
    if (a > t2) moved++;
  }
  return { distance: Math.sqrt(s2), maxAtom: Math.sqrt(max2), maxAtomIndex: at, moved, participation: participationNumber(d) };
}
