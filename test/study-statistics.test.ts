import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { meanError, ranks, relativeChange, spearman, spearmanBootstrap } from '../analysis/study/statistics.js';

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

test.run();
