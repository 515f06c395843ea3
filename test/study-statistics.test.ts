import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { meanError, ranks, relativeChange, spearman, spearmanBootstrap } from '../analysis/study/statistics.js';
import { meanInterval, partialCorrelation, partialSpearman, pearson, tInterval } from '../analysis/study/statistics.js';
import { logGamma, regularizedBeta, studentTCdf, studentTQuantile } from '../analysis/study/student-t.js';
import { clusterBootstrap } from '../analysis/study/cluster-bootstrap.js';
import { pairedDifference, welchDifference } from '../analysis/study/differences.js';

test('meanError: mean and standard error of the mean', () => {
  const m = meanError([1, 2, 3, 4]);
  assert.is(m.mean, 2.5);
  assert.ok(Math.abs(m.sem - Math.sqrt(5 / 3 / 4)) < 1e-15);
  assert.ok(Number.isNaN(meanError([1]).sem));
});

test('ranks: ties share the mean rank', () => {
  assert.equal(ranks([10, 30, 20, 20]), [1, 4, 2.5, 2.5]);
});

test('spearman: +1 for any monotonic increasing relation, -1 decreasing, textbook value with ties', () => {
  const x = [1, 2, 3, 4, 5, 6];
  assert.is(spearman(x, x.map((v) => Math.exp(v))), 1);
  assert.is(spearman(x, x.map((v) => -(v ** 3))), -1);
  // Classic example: d^2 sum = 2 + ... computed with the no-ties formula 1 - 6 sum d^2 / (n (n^2 - 1)).
  const a = [106, 86, 100, 101, 99, 103, 97, 113, 112, 110];
  const b = [7, 0, 27, 50, 28, 29, 20, 12, 6, 17];
  assert.ok(Math.abs(spearman(a, b) - -29 / 165) < 1e-12);
});

test('spearmanBootstrap: seeded, brackets the estimate, narrow for a strong relation', () => {
  const x = Array.from({ length: 30 }, (_, i) => i);
  const y = x.map((v) => v + 3 * Math.sin(v * 1.7));
  const a = spearmanBootstrap(x, y, { seed: 5, resamples: 500 });
  const b = spearmanBootstrap(x, y, { seed: 5, resamples: 500 });
  assert.equal(a, b);
  assert.ok(a.lo <= a.estimate && a.estimate <= a.hi);
  assert.ok(a.lo > 0.8);
  const noise = spearmanBootstrap(x, x.map((v) => Math.sin(v * 12.9898) * 43758.5453 % 1), { seed: 5, resamples: 500 });
  assert.ok(noise.lo < 0 && noise.hi > 0);
});

test('relativeChange: value and first-order error', () => {
  const r = relativeChange({ mean: 2, sem: 0.1, n: 4 }, { mean: 1.5, sem: 0.1, n: 4 });
  assert.ok(Math.abs(r.value - -0.25) < 1e-15);
  assert.ok(Math.abs(r.error - Math.sqrt(0.05 ** 2 + (1.5 * 0.1 / 4) ** 2)) < 1e-15);
});

test('studentTQuantile: published two-sided 95 % values t_{0.975, df} to 1e-3', () => {
  // Student t table (e.g. Abramowitz & Stegun Table 26.10; NIST/SEMATECH e-Handbook 1.3.6.7.2).
  const table: [number, number][] = [[1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [7, 2.365], [10, 2.228], [30, 2.042], [120, 1.980]];
  for (const [df, t] of table) assert.ok(Math.abs(studentTQuantile(0.975, df) - t) < 1e-3, `df ${df}: ${studentTQuantile(0.975, df)} vs ${t}`);
  // → the normal quantile 1.960 as df grows
  assert.ok(Math.abs(studentTQuantile(0.975, 1e7) - 1.95996) < 1e-4);
  // one-sided and other levels: t_{0.95, 3} = 2.353, t_{0.995, 5} = 4.032; symmetric about 0
  assert.ok(Math.abs(studentTQuantile(0.95, 3) - 2.353) < 1e-3);
  assert.ok(Math.abs(studentTQuantile(0.995, 5) - 4.032) < 1e-3);
  assert.is(studentTQuantile(0.025, 7), -studentTQuantile(0.975, 7));
  assert.is(studentTQuantile(0.5, 4), 0);
});

test('studentTCdf: closed forms for 1 df (Cauchy) and 2 df; the quantile inverts it', () => {
  for (const t of [-30, -2, -0.3, 0, 0.7, 5, 100]) {
    assert.ok(Math.abs(studentTCdf(t, 1) - (0.5 + Math.atan(t) / Math.PI)) < 1e-12, `1 df, t ${t}`);
    assert.ok(Math.abs(studentTCdf(t, 2) - (0.5 + t / (2 * Math.sqrt(2 + t * t)))) < 1e-12, `2 df, t ${t}`);
  }
  for (const df of [1.5, 3, 12.3]) for (const p of [0.6, 0.9, 0.999]) assert.ok(Math.abs(studentTCdf(studentTQuantile(p, df), df) - p) < 1e-10);
});

test('logGamma and regularizedBeta: exact values', () => {
  assert.ok(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI)) < 1e-13);
  assert.ok(Math.abs(logGamma(5) - Math.log(24)) < 1e-13);
  assert.ok(Math.abs(logGamma(30) - Math.log(8841761993739701954543616000000)) < 1e-12);
  // I_x(2, 3) = 1 − Σ_{j<2} C(4, j) x^j (1−x)^{4−j}; I_x(1, b) = 1 − (1−x)^b
  assert.ok(Math.abs(regularizedBeta(0.3, 2, 3) - (1 - 0.7 ** 4 - 4 * 0.3 * 0.7 ** 3)) < 1e-13);
  assert.ok(Math.abs(regularizedBeta(0.8, 1, 2.5) - (1 - 0.2 ** 2.5)) < 1e-13);
  assert.is(regularizedBeta(0, 2, 3), 0);
  assert.is(regularizedBeta(1, 2, 3), 1);
});

test('tInterval and meanInterval: mean ± t_{0.975, n−1} SE', () => {
  const m = meanInterval([1, 2, 3, 4], 0.95);
  assert.is(m.interval.df, 3);
  assert.ok(Math.abs(m.interval.t - 3.182446) < 1e-6);
  assert.ok(Math.abs(m.interval.hi - (2.5 + 3.182446305 * m.sem)) < 1e-8);
  assert.ok(Math.abs(m.interval.lo - (2.5 - 3.182446305 * m.sem)) < 1e-8);
  assert.ok(Number.isNaN(meanInterval([3], 0.95).interval.lo));
  assert.ok(Math.abs(tInterval(0, 1, 1, 0.9).hi - 6.314) < 1e-3);
});

test('partial correlation: hand computation and analytic cases', () => {
  // No ties, so ρ = 1 − 6 Σd²/(n(n²−1)): Σd² = 4, 4, 14 → r_xy = 0.8, r_xz = 0.8, r_yz = 0.3.
  const x = [1, 2, 3, 4, 5], y = [2, 1, 4, 3, 5], z = [1, 3, 2, 5, 4];
  assert.ok(Math.abs(spearman(x, y) - 0.8) < 1e-12 && Math.abs(spearman(x, z) - 0.8) < 1e-12 && Math.abs(spearman(y, z) - 0.3) < 1e-12);
  const hand = (0.8 - 0.8 * 0.3) / Math.sqrt((1 - 0.64) * (1 - 0.09));
  assert.ok(Math.abs(partialSpearman(x, y, z) - hand) < 1e-12);
  // Increasing transforms keep the ranks, so the partial rank correlation too.
  assert.ok(Math.abs(partialSpearman(x.map((v) => v ** 3), y.map(Math.exp), z.map((v) => -1 / v)) - hand) < 1e-12);
  // y = x + z without noise: x and y agree completely once z is held fixed (Pearson partial = 1).
  const a = [0.3, 1.2, -0.7, 2.2, 0.1, -1.4, 0.9], c = [1.1, -0.4, 0.5, 0.2, -1.3, 0.8, 2.0];
  const b = a.map((v, i) => v + c[i]);
  assert.ok(Math.abs(partialCorrelation(pearson(a, b), pearson(a, c), pearson(b, c)) - 1) < 1e-12);
  // y a monotone function of x: r_xy = 1 and r_yz = r_xz, so the partial is 1 whatever z is.
  assert.ok(Math.abs(partialSpearman(a, a.map((v) => v ** 3), c) - 1) < 1e-12);
  // z uncorrelated with both: the partial is the plain correlation.
  assert.is(partialCorrelation(0.4, 0, 0), 0.4);
  // z determines x: undefined.
  assert.ok(Number.isNaN(partialSpearman(a, c, a.map((v) => 2 * v))));
});

test('clusterBootstrap: two levels (samples, then glasses), seeded, counts', () => {
  // Whole clusters are drawn: the pooled mean of [[0, 0, 0], [1, 1, 1]] can only be 0, 1/2 or 1.
  const seen = new Set<number>();
  const r = clusterBootstrap([[0, 0, 0], [1, 1, 1], []], (g) => {
    const m = g.reduce((a, b) => a + b, 0) / g.length;
    seen.add(m);
    return m;
  }, { resamples: 400, level: 0.95, seed: 3 });
  assert.equal([...seen].sort(), [0, 0.5, 1]);
  assert.is(r.estimate, 0.5);
  assert.is(r.samples, 2);
  assert.is(r.glasses, 6);
  assert.is(r.lo, 0);
  assert.is(r.hi, 1);
  // Within a drawn cluster its glasses are resampled: one cluster [0, 1] gives means 0, 1/2, 1 too.
  const inner = new Set<number>();
  clusterBootstrap([[0, 1]], (g) => {
    inner.add((g[0] + g[1]) / 2);
    return 0;
  }, { resamples: 200, level: 0.95, seed: 3 });
  assert.equal([...inner].sort(), [0, 0.5, 1]);
});

test('clusterBootstrap: wider than the glass-level bootstrap when the correlation lives between few samples', () => {
  // Three samples, five glasses each: x and y both follow the sample, noise within is independent.
  const noise = (k: number) => Math.sin(k * 12.9898) * 43758.5453 % 0.4;
  const clusters = [0, 1, 2].map((s) => Array.from({ length: 5 }, (_, i) => ({ x: s + noise(5 * s + i), y: s + noise(100 + 5 * s + i) })));
  const glasses = clusters.flat();
  const opts = { resamples: 2000, level: 0.95, seed: 1 };
  const glassLevel = spearmanBootstrap(glasses.map((g) => g.x), glasses.map((g) => g.y), opts);
  const twoLevel = clusterBootstrap(clusters, (g) => spearman(g.map((p) => p.x), g.map((p) => p.y)), opts);
  assert.is(twoLevel.estimate, glassLevel.estimate);
  assert.ok(glassLevel.lo > 0.4, `glass level ${glassLevel.lo}`);
  assert.ok(twoLevel.lo < 0, `two level ${twoLevel.lo}`);
  assert.equal(twoLevel, clusterBootstrap(clusters, (g) => spearman(g.map((p) => p.x), g.map((p) => p.y)), opts));
});

test('pairedDifference: mean of the per-seed differences, SE s_d/√n, t with n − 1 df; unpaired seeds dropped', () => {
  const reference = new Map([[1, 1], [2, 2], [3, 3], [4, 4], [5, 9]]);
  const changed = new Map([[1, 1.5], [2, 2.1], [3, 3.7], [4, 4.2], [6, 0]]);
  const p = pairedDifference(reference, changed, 0.95);
  assert.equal(p.seeds, [1, 2, 3, 4]);
  // d = 0.5, 0.1, 0.7, 0.2: mean 0.375, Σ(d − d̄)² = 0.2275, s_d² = 0.2275/3
  const se = Math.sqrt(0.2275 / 3 / 4);
  assert.ok(Math.abs(p.difference - 0.375) < 1e-12);
  assert.ok(Math.abs(p.se - se) < 1e-12);
  assert.ok(Math.abs(p.t_statistic - 0.375 / se) < 1e-9);
  assert.is(p.interval.df, 3);
  assert.ok(Math.abs(p.interval.lo - (0.375 - 3.182446305 * se)) < 1e-8);
  assert.ok(Math.abs(p.relative.value - 0.375 / 2.5) < 1e-12);
  assert.is(p.beyond_noise, p.interval.lo > 0);
  // A steady shift of 0.3–0.5 per seed: beyond noise paired, hidden unpaired by the seed-to-seed spread.
  const before = [1, 2, 3, 4], after = [1.4, 2.3, 3.5, 4.3];
  const steady = pairedDifference(new Map(before.map((v, k) => [k, v])), new Map(after.map((v, k) => [k, v])), 0.95);
  const w = welchDifference(meanError(before), meanError(after), 0.95);
  assert.ok(steady.beyond_noise && !w.beyond_noise);
});

test('welchDifference: SE from both errors, Welch–Satterthwaite df', () => {
  const w = welchDifference({ mean: 2, sem: 0.1, n: 4 }, { mean: 1.5, sem: 0.2, n: 5 }, 0.95);
  assert.ok(Math.abs(w.difference - -0.5) < 1e-15);
  assert.ok(Math.abs(w.se - Math.sqrt(0.05)) < 1e-15);
  // df = (0.01 + 0.04)² / (0.01²/3 + 0.04²/4)
  assert.ok(Math.abs(w.interval.df - 0.0025 / (0.0001 / 3 + 0.0016 / 4)) < 1e-12);
  assert.ok(Math.abs(w.interval.hi - (-0.5 + studentTQuantile(0.975, w.interval.df) * Math.sqrt(0.05))) < 1e-12);
  assert.ok(Math.abs(w.relative.value - -0.25) < 1e-15);
});

test.run();
