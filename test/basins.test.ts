import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { analyseBasins, histogram, metabasins, transitions } from '../landscape/basins.js';

test('metabasins of a hand-made IS sequence (Doliwa & Heuer: revisited sets merged)', () => {
  //              0  1  2  3  4  5  6  7  8  9 10 11
  const labels = [0, 1, 0, 1, 2, 3, 2, 4, 4, 5, 4, 6];
  const energies = [-5, -4, -5, -4, -6, -3, -6, -7, -7, -2, -7, -1];
  const times = labels.map((_, k) => 10 * k);
  const mbs = metabasins(labels, energies, times);
  assert.equal(mbs.map((m) => [m.start, m.end]), [[0, 3], [4, 6], [7, 10], [11, 11]]);
  assert.equal(mbs.map((m) => m.minima), [[0, 1], [2, 3], [4, 5], [6]]);
  assert.equal(mbs.map((m) => m.energy), [-5, -6, -7, -1]);
  assert.equal(mbs.map((m) => m.waitingTime), [40, 30, 40, NaN]);
  assert.equal(mbs.map((m) => m.censored), [true, false, false, true]);
  assert.is(transitions(labels).length, 10);
  assert.equal(transitions([3, 3, 5])[0], { index: 2, from: 3, to: 5 });

  const a = analyseBasins(labels.map((m, k) => ({ minimum: m, energy: energies[k], time: times[k] })), 1);
  assert.is(a.distinctMinima, 7);
  assert.is(a.meanWaitingTime, 35);
  assert.is(a.energyHistogram.counts.reduce((s, c) => s + c, 0), 12);
});

test('metabasin boundaries are exactly where past and future share no IS (random sequences)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 60 }), (labels) => {
      const mbs = metabasins(labels);
      // Independent definition: a boundary before frame k when labels[0, k) and labels[k, n) are disjoint.
      const boundaries: number[] = [];
      for (let k = 1; k < labels.length; k++) {
        const before = new Set(labels.slice(0, k));
        if (!labels.slice(k).some((l) => before.has(l))) boundaries.push(k);
      }
      assert.equal(mbs.slice(1).map((m) => m.start), boundaries);
      assert.is(mbs[0].start, 0);
      assert.is(mbs[mbs.length - 1].end, labels.length - 1);
    }),
    { seed: 5, numRuns: 300 },
  );
});

test('histogram: fixed-width bins aligned to the width, and equal bins over the range', () => {
  const h = histogram([0.1, 0.2, 1.5, 2.99, -0.5], { binWidth: 1 });
  assert.equal(h.edges, [-1, 0, 1, 2, 3]);
  assert.equal(h.counts, [1, 2, 1, 1]);
  const g = histogram([0, 1, 2, 3, 4], { bins: 2 });
  assert.equal(g.edges, [0, 2, 4]);
  assert.equal(g.counts, [2, 3]);
  assert.equal(histogram([2, 2], { bins: 1 }).counts, [2]);
  assert.equal(histogram([]).counts, []);
});

test.run();
