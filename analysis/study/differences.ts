/**
 * Differences between two samples' values with t intervals: paired by seed (an annealed glass and
 * the as-quenched glass it was made from) or unpaired with Welch's degrees of freedom (two samples
 * quenched separately, e.g. two cooling rates).
 */
import { meanError, tInterval, type MeanError, type TInterval } from './statistics.js';

export interface DifferenceTest {
  /** changed − reference (for a paired test, the mean of the per-seed differences). */
  difference: number;
  /** Its standard error. */
  se: number;
  /** difference ± t_{(1+level)/2, df} · se. */
  interval: TInterval;
  /** difference / se. */
  t_statistic: number;
  /** The difference and its interval divided by |reference mean|. */
  relative: { value: number; lo: number; hi: number };
  /** Whether the interval excludes zero. */
  beyond_noise: boolean;
}

export interface PairedTest extends DifferenceTest {
  /** The seeds with a value in both samples (the pairs). */
  seeds: number[];
}

function differenceTest(difference: number, se: number, df: number, referenceMean: number, level: number): DifferenceTest {
  const interval = tInterval(difference, se, df, level);
  const scale = Math.abs(referenceMean);
  return {
    difference, se, interval, t_statistic: difference / se,
    relative: { value: difference / scale, lo: interval.lo / scale, hi: interval.hi / scale },
    beyond_noise: interval.lo > 0 || interval.hi < 0,
  };
}

/**
 * Paired t test: d_k = changed_k − reference_k over the seeds k that both have; mean d̄, standard
 * error s_d/√n, interval d̄ ± t_{(1+level)/2, n−1} s_d/√n, statistic t = d̄ √n / s_d.
 */
export function pairedDifference(reference: Map<number, number>, changed: Map<number, number>, level: number): PairedTest {
  const seeds = [...reference.keys()].filter((s) => changed.has(s) && Number.isFinite(reference.get(s)!) && Number.isFinite(changed.get(s)!)).sort((a, b) => a - b);
  const d = meanError(seeds.map((s) => changed.get(s)! - reference.get(s)!));
  const ref = meanError(seeds.map((s) => reference.get(s)!));
  return { ...differenceTest(d.mean, d.sem, d.n - 1, ref.mean, level), seeds };
}

/**
 * Welch's unpaired difference of two means: se = √(s_a² + s_b²) from the standard errors, and the
 * Welch–Satterthwaite df = se⁴ / (s_a⁴/(n_a − 1) + s_b⁴/(n_b − 1)) (Welch, Biometrika 34, 28, 1947).
 */
export function welchDifference(reference: MeanError, changed: MeanError, level: number): DifferenceTest {
  const va = reference.sem ** 2, vb = changed.sem ** 2;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (reference.n - 1) + vb ** 2 / (changed.n - 1));
  return differenceTest(changed.mean - reference.mean, se, df, reference.mean, level);
}
