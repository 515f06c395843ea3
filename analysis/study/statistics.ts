/**
 * Small statistics for the study: seed-to-seed means with standard errors, Spearman's rank
 * correlation, a seeded percentile bootstrap for its confidence interval, and effect sizes.
 */
import { createRng } from '../../sim/random.js';

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

function pearson(x: number[], y: number[]): number {
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
  const q = (p: number) => (rhos.length ? rhos[Math.min(rhos.length - 1, Math.max(0, Math.floor(p * rhos.length)))] : NaN);
  return { estimate: spearman(x, y), lo: q((1 - level) / 2), hi: q((1 + level) / 2), level, resamples: rhos.length };
}

/** Relative change (b - a)/|a| with its standard error from the two means' errors (first order). */
export function relativeChange(a: MeanError, b: MeanError): { value: number; error: number } {
  const value = (b.mean - a.mean) / Math.abs(a.mean);
  const error = Math.sqrt((b.sem / a.mean) ** 2 + ((b.mean * a.sem) / (a.mean * a.mean)) ** 2);
  return { value, error };
}
