import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createNeighborList, buildNeighbors, ensureNeighbors, pairCount } from '../sim/neighbor.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { createState } from '../sim/state.js';
import { deformBox, orthoBox } from '../sim/box.js';
import { loadKa864 } from './helpers/reference.js';
import type { State } from '../sim/state.js';

const ka = new LennardJones(kobAndersen());

/** All pairs within cutoff(ti,tj)+skin by brute force over every pair (minimum image). */
function bruteForcePairs(s: State, skin: number): Set<string> {
  const pairs = new Set<string>();
  const L = [s.box.lx, s.box.ly, s.box.lz];
  for (let i = 0; i < s.n; i++) {
    for (let j = i + 1; j < s.n; j++) {
      let r2 = 0;
      for (let d = 0; d < 3; d++) {
        let dd = s.x[3 * i + d] - s.x[3 * j + d];
        dd -= L[d] * Math.round(dd / L[d]);
        r2 += dd * dd;
      }
      const rc = ka.cutoff(s.type[i], s.type[j]) + skin;
      if (r2 < rc * rc) pairs.add(`${i},${j}`);
    }
  }
  return pairs;
}

function listedPairs(nl: ReturnType<typeof createNeighborList>, n: number): Set<string> {
  const pairs = new Set<string>();
  for (let i = 0; i < n; i++) {
    for (let k = nl.start[i]; k < nl.end[i]; k++) {
      const j = nl.neigh[k];
      const key = i < j ? `${i},${j}` : `${j},${i}`;
      assert.not.ok(pairs.has(key), `pair ${key} listed twice`);
      pairs.add(key);
    }
  }
  return pairs;
}

test('half list equals the brute-force pair set (ka864, per-type cut-offs)', () => {
  const s = loadKa864();
  const nl = createNeighborList(2, (a, b) => ka.cutoff(a, b), 0.3);
  buildNeighbors(s, nl);
  const expected = bruteForcePairs(s, 0.3);
  const got = listedPairs(nl, s.n);
  assert.is(got.size, expected.size);
  for (const p of expected) assert.ok(got.has(p), `missing ${p}`);
  assert.is(pairCount(nl), expected.size);
});

test('non-cubic box with a short axis (one cell along it) still finds every pair', () => {
  const rng = createRng(7);
  const s = createState(400, orthoBox(5.8, 9.3, 7.1, -1, 2, 0.5), [1, 1]);
  for (let k = 0; k < s.x.length; k++) s.x[k] = [-1, 2, 0.5][k % 3] + rng.uniform() * [5.8, 9.3, 7.1][k % 3];
  for (let i = 0; i < s.n; i++) s.type[i] = rng.uniform() < 0.3 ? 1 : 0;
  const nl = createNeighborList(2, (a, b) => ka.cutoff(a, b), 0.3);
  buildNeighbors(s, nl);
  const expected = bruteForcePairs(s, 0.3);
  const got = listedPairs(nl, s.n);
  assert.is(got.size, expected.size);
  for (const p of expected) assert.ok(got.has(p));
});

/**
 * The force loops apply the minimum image only from wrapStart on: every pair listed before it
 * must be within the cut-off + skin without any periodic correction (checked in a box with one
 * cell along x, where pairs of the same cell can be neighbours through the boundary, and in a
 * tilted box).
 */
function assertWrapMarks(s: State, nl: ReturnType<typeof createNeighborList>): void {
  let direct = 0;
  for (let i = 0; i < s.n; i++) {
    for (let k = nl.start[i]; k < nl.wrapStart[i]; k++) {
      const j = nl.neigh[k];
      const r2 = [0, 1, 2].reduce((sum, d) => sum + (s.x[3 * i + d] - s.x[3 * j + d]) ** 2, 0);
      const rc = ka.cutoff(s.type[i], s.type[j]) + nl.skin;
      assert.ok(r2 < rc * rc, `pair ${i},${j} listed as not crossing a boundary is ${Math.sqrt(r2)} apart without the minimum image`);
      direct++;
    }
  }
  assert.ok(direct > 0 || nl.grid!.allWrap);
}

test('pairs before wrapStart need no minimum image (short axis, tilted box)', () => {
  const rng = createRng(8);
  const s = createState(400, orthoBox(5.8, 9.3, 7.1, -1, 2, 0.5), [1, 1]);
  for (let k = 0; k < s.x.length; k++) s.x[k] = [-1, 2, 0.5][k % 3] + rng.uniform() * [5.8, 9.3, 7.1][k % 3];
  const nl = createNeighborList(2, (a, b) => ka.cutoff(a, b), 0.3);
  buildNeighbors(s, nl);
  assert.ok(nl.grid!.allWrap);
  assertWrapMarks(s, nl);
  const t = loadKa864();
  t.box = { ...t.box, xy: 0.2 * t.box.lx, xz: -0.1 * t.box.lx, yz: 0.15 * t.box.ly };
  const nt = createNeighborList(2, (a, b) => ka.cutoff(a, b), 0.3);
  buildNeighbors(t, nt);
  assertWrapMarks(t, nt);
});

test('rebuilds exactly when an atom has moved more than half the skin, and counts builds', () => {
  const s = loadKa864();
  const nl = createNeighborList(2, (a, b) => ka.cutoff(a, b), 0.3);
  assert.ok(ensureNeighbors(s, nl));
  assert.is(nl.builds, 1);
  s.x[30] += 0.149;
  assert.not.ok(ensureNeighbors(s, nl), 'moved less than skin/2: no rebuild');
  s.x[30] += 0.002;
  assert.ok(ensureNeighbors(s, nl), 'moved more than skin/2: rebuild');
  assert.is(nl.builds, 2);
  s.box.lx *= 1.02;
  assert.ok(ensureNeighbors(s, nl), 'a box change larger than the skin forces a rebuild');
});

test('after a small box change and small moves the old list still holds every pair (no rebuild)', () => {
  const s = loadKa864();
  const nl = createNeighborList(2, (a, b) => ka.cutoff(a, b), 0.3);
  buildNeighbors(s, nl);
  const rng = createRng(2);
  // Dilate by 0.3 % (corners move by up to ~0.023) and jiggle atoms by up to 0.05.
  const next = { ...s.box, lx: s.box.lx * 1.003, ly: s.box.ly * 1.003, lz: s.box.lz * 1.003 };
  deformBox(s.box, next, s.x);
  for (let k = 0; k < s.x.length; k++) s.x[k] += (rng.uniform() - 0.5) * 0.05;
  assert.not.ok(ensureNeighbors(s, nl), 'still within the shrunken skin');
  const expected = bruteForcePairs(s, 0);
  const got = listedPairs(nl, s.n);
  for (const p of expected) assert.ok(got.has(p), `pair ${p} within the cut-off is missing`);
});

test('positions are wrapped into the box at a build and image flags record the crossings', () => {
  const s = loadKa864();
  const L = s.box.lx;
  const before = s.x[0] + s.image[0] * L;
  s.x[0] += 2.5 * L;
  const nl = createNeighborList(2, (a, b) => ka.cutoff(a, b), 0.3);
  buildNeighbors(s, nl);
  assert.ok(s.x[0] >= 0 && s.x[0] < L);
  assert.ok(Math.abs(s.x[0] + s.image[0] * L - (before + 2.5 * L)) < 1e-12);
});

test('a box shorter than twice the cut-off plus skin is refused with a clear message', () => {
  const s = buildSample({ n: 100, composition: [0.8, 0.2], masses: [1, 1], density: 1.2, placement: 'lattice' }, createRng(1));
  const nl = createNeighborList(2, (a, b) => ka.cutoff(a, b), 0.3);
  assert.throws(() => buildNeighbors(s, nl), /shorter than twice the cut-off/);
});

test.run();
