/**
 * The summary of paired timing rounds (test/bench/compare-checkouts.ts): in each round two codes
 * ran back to back, and the ratio of their times within the round cancels the machine's drift.
 */
import { median } from 'd3-array';

export interface RoundsSummary {
  /** Median, smallest and largest of time A ÷ time B over the rounds. */
  median: number;
  min: number;
  max: number;
  /** Rounds in which B was faster (A ÷ B > 1), of `rounds`. */
  bFaster: number;
  rounds: number;
  /** Two-sided sign test of "neither is faster" (ties count as neither). */
  p: number;
}

export function summariseRounds(ratios: readonly number[]): RoundsSummary {
  if (ratios.length === 0) throw new Error('summariseRounds: no rounds');
  const bFaster = ratios.filter((x) => x > 1).length;
  const aFaster = ratios.filter((x) => x < 1).length;
  return {
    median: median(ratios)!, min: Math.min(...ratios), max: Math.max(...ratios),
    bFaster, rounds: ratios.length, p: signTest(bFaster, bFaster + aFaster),
  };
}

/**
 * Two-sided sign test: the chance, with each of n rounds going either way with probability 1/2,
 * of a split at least as uneven as k of n: 2 P(X >= max(k, n - k)) for X ~ Binomial(n, 1/2), at most 1.
 */
export function signTest(k: number, n: number): number {
  if (n === 0) return 1;
  let tail = 0;
  let c = 1; // C(n, 0), then C(n, j)
  for (let j = 0; j <= n; j++) {
    if (j > 0) c = (c * (n - j + 1)) / j;
    if (j >= Math.max(k, n - k)) tail += c;
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}
