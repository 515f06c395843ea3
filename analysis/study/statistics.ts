/**
 * Small statistics for the study: seed-to-seed means with standard errors and t intervals,
 * Spearman's rank correlation and the partial rank correlation, a seeded percentile bootstrap over
 * glasses, and effect sizes (relative changes, Welch and paired differences: differences.ts).
 */
import { createRng } from '../../sim/random.js';
import { studentTQuantile } from './student-t.js';

export interface MeanError {
  mean: number;
  /** Standard error of the mean (sample standard deviation / sqrt(n)); NaN for n < 2. */
  sem: number;
  n: number;
}

export function meanError(values: number[]): MeanError {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  const mean = n ? v.reduce((a, b) => a + b, 0) / n : NaN;
  if (n < 2) return { mean, sem: NaN, n };
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, sem: Math.sqrt(variance / n), n };
}

/** A two-sided t interval at `level`: mean ± t_{(1+level)/2, df} · SE. */
export interface TInterval {
  lo: number;
  hi: number;
  df: number;
  /** The t multiplier t_{(1+level)/2, df}. */
  t: number;
  level: number;
}

/** The t interval of an estimate with standard error `se` and `df` degrees of freedom (NaN where undefined). */
export function tInterval(estimate: number, se: number, df: number, level: number): TInterval {
  const t = df > 0 ? studentTQuantile((1 + level) / 2, df) : NaN;
  return { lo: estimate - t * se, hi: estimate + t * se, df, t, level };
}

/** A seed mean with its t interval over n − 1 degrees of freedom. */
export type MeanInterval = MeanError & { interval: TInterval };

export function meanInterval(values: number[], level: number): MeanInterval {
  const m = meanError(values);
  return { ...m, interval: tInterval(m.mean, m.sem, m.n - 1, level) };
}

/** Ranks from 1, ties sharing their mean rank. */
export function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(values.length);
  for (let k = 0; k < order.length;) {
    let m = k;
    while (m + 1 < order.length && order[m + 1][0] === order[k][0]) m++;
    for (let q = k; q <= m; q++) r[order[q][1]] = (k + m) / 2 + 1;
    k = m + 1;
  }
  return r;
}

export function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Spearman's rho: the Pearson correlation of the ranks (ties averaged). NaN when either side is constant. */
export function spearman(x: number[], y: number[]): number {
  if (x.length !== y.length) throw new Error('spearman: x and y differ in length');
  return pearson(ranks(x), ranks(y));
}

/**
 * The partial correlation of x and y with z held fixed, from the three pairwise correlations:
 * r_xy·z = (r_xy − r_xz r_yz) / √((1 − r_xz²)(1 − r_yz²)); NaN when z determines x or y (|r| = 1).
 */
export function partialCorrelation(rxy: number, rxz: number, ryz: number): number {
  const denominator = Math.sqrt((1 - rxz * rxz) * (1 - ryz * ryz));
  return denominator > 0 ? (rxy - rxz * ryz) / denominator : NaN;
}

/** Spearman's partial correlation: the partial correlation of the ranks (ties averaged). */
export function partialSpearman(x: number[], y: number[], z: number[]): number {
  if (x.length !== y.length || x.length !== z.length) throw new Error('partialSpearman: x, y and z differ in length');
  const [rx, ry, rz] = [ranks(x), ranks(y), ranks(z)];
  return partialCorrelation(pearson(rx, ry), pearson(rx, rz), pearson(ry, rz));
}

export interface BootstrapInterval {
  estimate: number;
  lo: number;
  hi: number;
  level: number;
  resamples: number;
}

/**
 * Percentile bootstrap over pairs (x_i, y_i): resample pairs with replacement `resamples` times
 * (seeded), recompute Spearman's rho, and take the (1 - level)/2 and (1 + level)/2 quantiles.
 * Resamples in which a side is constant (rho undefined) are skipped.
 */
export function spearmanBootstrap(x: number[], y: number[], opts: { resamples?: number; level?: number; seed?: number } = {}): BootstrapInterval {
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const rng = createRng(opts.seed ?? 1);
  const n = x.length;
  const rhos: number[] = [];
  const bx = new Array<number>(n), by = new Array<number>(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rng.uniform() * n);
      bx[i] = x[k];
      by[i] = y[k];
    }
    const rho = spearman(bx, by);
    if (Number.isFinite(rho)) rhos.push(rho);
  }
  rhos.sort((a, b) => a - b);
  return { estimate: spearman(x, y), lo: percentile(rhos, (1 - level) / 2), hi: percentile(rhos, (1 + level) / 2), level, resamples: rhos.length };
}

/** The p-quantile of sorted values: the value at index ⌊p n⌋ (clamped); NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * sorted.length)))] : NaN;
}

/** Relative change (b - a)/|a| with its standard error from the two means' errors (first order). */
export function relativeChange(a: MeanError, b: MeanError): { value: number; error: number } {
  const value = (b.mean - a.mean) / Math.abs(a.mean);
  const error = Math.sqrt((b.sem / a.mean) ** 2 + ((b.mean * a.sem) / (a.mean * a.mean)) ** 2);
  return { value, error };
}
