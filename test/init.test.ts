import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSample, speciesCounts } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { boxVolume } from '../sim/box.js';
import type { State } from '../sim/state.js';

function minDistance(s: State): number {
  let best = Infinity;
  const L = s.box.lx;
  for (let i = 0; i < s.n; i++)
    for (let j = i + 1; j < s.n; j++) {
      let r2 = 0;
      for (let d = 0; d < 3; d++) {
        let dd = s.x[3 * i + d] - s.x[3 * j + d];
        dd -= L * Math.round(dd / L);
        r2 += dd * dd;
      }
      best = Math.min(best, Math.sqrt(r2));
    }
  return best;
}

test('species counts follow the composition and sum to N', () => {
  assert.equal(speciesCounts(864, [0.8, 0.2]), [691, 173]);
  assert.equal(speciesCounts(10, [1, 1, 1]), [4, 3, 3]);
  assert.throws(() => speciesCounts(10, [0, 0]), /composition/);
});

for (const placement of ['lattice', 'random'] as const) {
  test(`${placement} placement: density, composition, minimum distance, inside the box, seeded`, () => {
    const spec = { n: 500, composition: [0.8, 0.2], masses: [1, 1], density: 1.2, placement, minDistance: 0.75 };
    const s = buildSample(spec, createRng(3));
    assert.ok(Math.abs(s.n / boxVolume(s.box) - 1.2) < 1e-12);
    assert.is(Array.from(s.type).filter((t) => t === 1).length, 100);
    assert.ok(minDistance(s) >= (placement === 'lattice' ? 1.0 : 0.75), `min distance ${minDistance(s)}`);
    assert.ok(s.x.every((v) => v >= 0 && v < s.box.lx));
    assert.equal(Array.from(buildSample(spec, createRng(3)).x), Array.from(s.x));
    assert.not.equal(Array.from(buildSample(spec, createRng(4)).type), Array.from(s.type));
  });
}

test('random placement that cannot fit says so', () => {
  assert.throws(
    () => buildSample({ n: 200, composition: [1], masses: [1], density: 1.2, placement: 'random', minDistance: 1.2 }, createRng(1)),
    /minimum distance 1.2 is too large/,
  );
});

test.run();
