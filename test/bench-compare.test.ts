/**
 * The summary of paired timing rounds of test/bench/compare-checkouts.ts: median and range of the
 * ratios, and the two-sided sign test against binomial tails computed by hand.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signTest, summariseRounds } from './bench/paired-rounds.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('sign test: two-sided binomial tails with p = 1/2', () => {
  // 8 of 12: 2 (C(12,8) + ... + C(12,12)) / 2^12 = 2 * 794 / 4096.
  close(signTest(8, 12), (2 * 794) / 4096);
  close(signTest(4, 12), (2 * 794) / 4096);
  // 13 of 16: 2 (560 + 120 + 16 + 1) / 2^16.
  close(signTest(13, 16), (2 * 697) / 65536);
  close(signTest(16, 16), 2 / 65536);
  assert.is(signTest(6, 12), 1);
  assert.is(signTest(0, 0), 1);
});

test('rounds summary: median, range, who was faster, ties left out of the sign test', () => {
  const s = summariseRounds([1.2, 0.9, 1.1, 1.0]);
  close(s.median, 1.05);
  assert.is(s.min, 0.9);
  assert.is(s.max, 1.2);
  assert.is(s.bFaster, 2);
  assert.is(s.rounds, 4);
  close(s.p, signTest(2, 3));
  assert.throws(() => summariseRounds([]), /no rounds/);
});

test.run();
