/** Statistics shared by the validation scripts. */

export const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

/**
 * Blocking levels with fewer blocks than this give too noisy an error estimate to use. At T = 1
 * the block error of KA N=864 levels off only for blocks of ~2500 steps (from a 200000-step
 * LAMMPS run), so long blocks are needed.
 */
const MIN_BLOCKS = 10;

/**
 * Standard error of the mean of correlated samples by block averaging (Flyvbjerg & Petersen): the
 * naive error of the means of blocks of 1, 2, 4, ... samples grows until the blocks are longer
 * than the correlation time and then levels off; the largest value over the levels that still
 * have at least MIN_BLOCKS blocks is taken (conservative).
 */
export function blockStandardError(x: number[]): number {
  let se = 0;
  for (let b = 1; Math.floor(x.length / b) >= MIN_BLOCKS; b *= 2) {
    const nb = Math.floor(x.length / b);
    const blocks = Array.from({ length: nb }, (_, k) => mean(x.slice(k * b, (k + 1) * b)));
    const m = mean(blocks);
    const variance = blocks.reduce((s, v) => s + (v - m) ** 2, 0) / (nb - 1);
    se = Math.max(se, Math.sqrt(variance / nb));
  }
  return se;
}

