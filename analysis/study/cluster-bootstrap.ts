/**
 * The two-level (cluster) bootstrap: glasses cluster in samples (a sample's seeds share its model,
 * rate and anneal), so they are not independent draws. Each resample draws as many samples as
 * there are, with replacement, and then, within each drawn sample, as many of its glasses as it
 * has, with replacement (Davison & Hinkley, Bootstrap Methods and their Application, 1997, §3.8,
 * strategy 2, which errs on the wide side: the within-sample scatter enters twice); the statistic is
 * recomputed on the pooled glasses and the interval is the percentile interval of the resampled
 * values. Seeded (sim/random.ts).
 */
import { createRng } from '../../sim/random.js';
import { percentile } from './statistics.js';

export interface ClusteredInterval {
  estimate: number;
  lo: number;
  hi: number;
  level: number;
  /** Resamples in which the statistic was defined (the others are skipped). */
  resamples: number;
  /** Samples (clusters) and glasses that took part. */
  samples: number;
  glasses: number;
}

export interface ClusterBootstrapOptions {
  resamples: number;
  level: number;
  seed: number;
}

/** The statistic over all glasses and its two-level percentile bootstrap interval; empty clusters are dropped. */
export function clusterBootstrap<T>(clusters: T[][], statistic: (glasses: T[]) => number, opts: ClusterBootstrapOptions): ClusteredInterval {
  const kept = clusters.filter((c) => c.length > 0);
  const rng = createRng(opts.seed);
  const draw = <U>(from: U[]) => from[Math.floor(rng.uniform() * from.length)];
  const values: number[] = [];
  for (let b = 0; b < opts.resamples; b++) {
    const pooled: T[] = [];
    for (let k = 0; k < kept.length; k++) {
      const cluster = draw(kept);
      for (let i = 0; i < cluster.length; i++) pooled.push(draw(cluster));
    }
    const v = statistic(pooled);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  return {
    estimate: statistic(kept.flat()), lo: percentile(values, (1 - opts.level) / 2), hi: percentile(values, (1 + opts.level) / 2),
    level: opts.level, resamples: values.length, samples: kept.length, glasses: kept.reduce((a, c) => a + c.length, 0),
  };
}
