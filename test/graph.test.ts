import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { disconnectivityGraph, leavesUnder, type DisconnectivityGraph } from '../landscape/graph.js';
import { parseLandscapeJson, parsePathsample, type LandscapeMinimum, type LandscapeSaddle } from '../landscape/landscape-json.js';
import { analyseSubBasins, startingMinimum } from '../landscape/subbasins.js';
import { subBasinStage } from '../analysis/study/stages.js';
import { dgraphFigure } from '../analysis/plots/dgraph.js';
import { subBasinFigure } from '../analysis/plots/landscape-plots.js';
import { figureToSvg } from '../analysis/plots/figure.js';
import { InputError } from '../sim/errors.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Hand-built landscape: minima 1..4 form two pairs, {1,2} joined at -7 and {3,4} at -6.2, the
 * pairs joined through 1-4 at -4.8 (and 2-3 at -4); minimum 5 has no saddle; saddle 5 is a loop.
 */
const MINIMA: LandscapeMinimum[] = [
  { id: 1, energy: -10 }, { id: 2, energy: -9 }, { id: 3, energy: -8 }, { id: 4, energy: -9.5 }, { id: 5, energy: -5 },
];
const SADDLES: LandscapeSaddle[] = [
  { id: 1, energy: -7, minA: 1, minB: 2, initial: 1 },
  { id: 2, energy: -6.2, minA: 3, minB: 4, initial: 3 },
  { id: 3, energy: -4, minA: 2, minB: 3, initial: 2 },
  { id: 4, energy: -4.8, minA: 1, minB: 4, initial: 1 },
  { id: 5, energy: -3, minA: 1, minB: 1, initial: 1 },
];

/** The node where two leaves (minimum ids) first share a superbasin, or null when they never do. */
function joinEnergy(g: DisconnectivityGraph, a: number, b: number): number | null {
  const leaf = (id: number) => g.nodes.findIndex((n) => n.minimum === id);
  const ancestors = (n: number) => {
    const out: number[] = [];
    for (let p: number | null = n; p !== null; p = g.nodes[p].parent) out.push(p);
    return out;
  };
  const up = new Set(ancestors(leaf(a)));
  const common = ancestors(leaf(b)).find((p) => up.has(p));
  return common === undefined ? null : g.nodes[common].energy;
}

test('disconnectivity tree of a hand-built landscape has the known topology', () => {
  const g = disconnectivityGraph({ minima: MINIMA, saddles: SADDLES }, { deltaE: 1 });
  // top = highest join (-4) + ΔE/2; levels every 1 down to just above the lowest minimum.
  assert.equal(g.levels, [-9.5, -8.5, -7.5, -6.5, -5.5, -4.5, -3.5]);
  assert.is(g.nodes.filter((n) => n.level === null).length, 5);
  assert.is(g.roots.length, 2);
  assert.equal(g.roots.map((r) => g.nodes[r].minima).sort(), [1, 4]);
  // Pairs join at the first level above their minimax saddle: 1-2 (-7) at -6.5, 3-4 (-6.2) at -5.5,
  // 2-3 through 1-4 (-4.8, lower than 2-3 at -4) at -4.5; 5 never.
  assert.is(joinEnergy(g, 1, 2), -6.5);
  assert.is(joinEnergy(g, 3, 4), -5.5);
  assert.is(joinEnergy(g, 2, 3), -4.5);
  assert.is(joinEnergy(g, 1, 5), null);
  // Minimum 1 (-10) is below the lowest level: the lowest node is its own superbasin at -9.5.
  const n1 = g.nodes.find((n) => n.minimum === 1)!;
  assert.is(g.nodes[n1.parent!].energy, -9.5);
  // Minimum 3 (-8) first appears at level -7.5.
  assert.is(g.nodes[g.nodes.find((n) => n.minimum === 3)!.parent!].energy, -7.5);
  assert.equal(leavesUnder(g, g.roots.find((r) => g.nodes[r].minima === 4)!).length, 4);
});

test('superbasins agree with minimax paths on random landscapes (independent bottleneck search)', () => {
  const landscape = fc.integer({ min: 2, max: 9 }).chain((n) => fc.record({
    e: fc.array(fc.double({ min: -10, max: 0, noNaN: true }), { minLength: n, maxLength: n }),
    s: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.double({ min: 0.01, max: 6, noNaN: true })), { maxLength: 14 }),
  }));
  fc.assert(fc.property(landscape, ({ e, s }) => {
    const n = e.length;
    const minima = e.map((energy, k) => ({ id: k + 1, energy }));
    const saddles = s.map(([a, b, h], k) => ({ id: k + 1, energy: Math.max(e[a], e[b]) + h, minA: a + 1, minB: b + 1 }));
    const deltaE = 0.7;
    const g = disconnectivityGraph({ minima, saddles }, { deltaE, levels: 40 });
    // Minimax (bottleneck) path energies by Floyd–Warshall.
    const B = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? e[i] : Infinity)));
    for (const t of saddles) {
      const a = t.minA - 1, b = t.minB - 1;
      if (a !== b) B[a][b] = B[b][a] = Math.min(B[a][b], t.energy);
    }
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i][j] = Math.min(B[i][j], Math.max(B[i][k], B[k][j]));
    const top = g.levels[g.levels.length - 1];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const expected = B[i][j] < top ? g.levels.find((L) => L > B[i][j])! : null;
        const got = joinEnergy(g, i + 1, j + 1);
        if (expected === null) assert.is(got, null);
        else assert.ok(Math.abs(got! - expected) < 1e-9, `minima ${i + 1},${j + 1}: joined at ${got}, minimax ${B[i][j]}`);
      }
    }
    assert.is(g.nodes.filter((x) => x.level === null).length, n);
  }), { seed: 17, numRuns: 200 });
});

test('the drawn graph has one leaf per minimum, each ending at its minimum energy', () => {
  const g = disconnectivityGraph({ minima: MINIMA, saddles: SADDLES }, { deltaE: 1 });
  const svg = figureToSvg(dgraphFigure(g, { energyLabel: 'E (ε)', highlight: 1 }));
  const { document } = parseHTML(svg.replace(/^<\?xml[^>]*>\s*/, ''));
  const leaves = [...document.querySelectorAll('g.dgraph line.leaf')];
  assert.is(leaves.length, MINIMA.length);
  assert.equal(leaves.map((l) => Number(l.getAttribute('data-minimum'))).sort(), [1, 2, 3, 4, 5]);
  // Lower minima end lower on the page (larger y).
  const yEnd = new Map(leaves.map((l) => [Number(l.getAttribute('data-minimum')), Number(l.getAttribute('y2'))]));
  assert.ok(yEnd.get(1)! > yEnd.get(4)! && yEnd.get(4)! > yEnd.get(2)! && yEnd.get(2)! > yEnd.get(3)! && yEnd.get(3)! > yEnd.get(5)!);
  assert.is(document.querySelectorAll('g.dgraph line.root').length, 2);
});

test('landscape.json: parsed, sub-basins around the start, and the combined figure', () => {
  const json = JSON.stringify({
    units: 'lj', n_atoms: 100,
    minima: MINIMA.map((m) => ({ ...m, hits: 1 })),
    saddles: SADDLES.map((s) => ({ ...s, distance: s.minA === 1 ? 0.5 * s.id : undefined })),
    events: [{ initial: 1, final: 2, distance: 0.9 }, { initial: 1, saddle: 4, final: 4 }],
  });
  const db = parseLandscapeJson(json, 'landscape.json');
  assert.is(startingMinimum(db), 1);
  const sb = analyseSubBasins(db, { binWidth: 1 });
  // Neighbours of 1: 2 (E - E1 = 1, barrier 3) and 4 (0.5, barrier 5.2); the self-loop is no neighbour.
  assert.equal(sb.adjacent.map((a) => [a.id, a.energy]), [[4, 0.5], [2, 1]]);
  const near = (x: number, y: number) => Math.abs(x - y) < 1e-12;
  assert.ok(near(sb.adjacent[0].barrier, 5.2) && near(sb.adjacent[1].barrier, 3));
  assert.is(sb.barriers.length, 2);
  assert.equal(sb.density.counts.reduce((a, b) => a + b, 0), 2);
  assert.equal(sb.density.edges[0], 0);
  // Distances: the saddles' own (1→2: 0.5, 1→4: 2.0) come before the events'.
  assert.equal(sb.distances, [2, 0.5]);
  const svg = figureToSvg(subBasinFigure(disconnectivityGraph(db, { deltaE: 1 }), sb, { units: 'lj', nAtoms: 100 }));
  const { document } = parseHTML(svg.replace(/^<\?xml[^>]*>\s*/, ''));
  assert.is(document.querySelectorAll('g.dgraph line.leaf').length, 5);
  assert.is(document.querySelectorAll('g.histogram').length, 2);

  // Missing fields are fine; wrong ones are one-line input errors naming the key.
  const bare = parseLandscapeJson(JSON.stringify({ minima: [{ id: 1, energy: -1 }] }), 'x.json');
  assert.equal(bare.saddles, []);
  assert.equal(analyseSubBasins(bare, { binWidth: 1 }).adjacent, []);
  assert.throws(() => parseLandscapeJson('{"minima":[{"id":1,"energy":-1}],"saddles":[{"id":1,"energy":0,"minA":1,"minB":7}]}', 'x.json'),
    (e: Error) => e instanceof InputError && /saddles\[0\]\.minB: no minimum with id 7/.test(e.message));
  assert.throws(() => parseLandscapeJson('{"minima":[{"id":1,"energy":"a"}]}', 'x.json'), (e: Error) => /minima\[0\]\.energy/.test(e.message));
});

test('sub-basins: a saddle adjacent where its event happens counts from its own − side; one not adjacent does not', () => {
  // Minimum 2 is the start with a remote spot rearranged (0.2 lower); saddle 1 joins it to 3 and is
  // adjacent to 1 locally; saddle 2 (2 → 4) is not adjacent at all; saddle 3 joins 1 and 5 exactly.
  const db = parseLandscapeJson(JSON.stringify({
    minima: [{ id: 1, energy: -10 }, { id: 2, energy: -10.2 }, { id: 3, energy: -9.9 }, { id: 4, energy: -9.5 }, { id: 5, energy: -9.8 }],
    saddles: [
      { id: 1, energy: -9.6, minA: 2, minB: 3, initial: 1, adjacency: 'local', distance: 0.7 },
      { id: 2, energy: -9.0, minA: 2, minB: 4, initial: 1, adjacency: 'none' },
      { id: 3, energy: -9.4, minA: 1, minB: 5, initial: 1, adjacency: 'exact' },
    ],
  }), 'landscape.json');
  const sb = analyseSubBasins(db, { binWidth: 0.5 });
  assert.is(sb.start, 1);
  const near = (x: number, y: number) => Math.abs(x - y) < 1e-9;
  assert.equal(sb.adjacent.map((a) => a.id), [5, 3]);
  assert.ok(near(sb.adjacent[1].energy, 0.3) && near(sb.adjacent[1].barrier, 0.6), 'local: from E_minus = -10.2');
  assert.ok(near(sb.adjacent[0].energy, 0.2) && near(sb.adjacent[0].barrier, 0.6), 'exact: from E_start = -10');
  assert.equal(sb.distances, [0.7]);
  assert.is(sb.barriers.length, 2);
  // The study's sub-basin density: distinct adjacent minima below the window, per activation
  // attempted (5: events 1, 3 and 4 found adjacent saddles, event 2 one that is not, event 5 none), per unit energy.
  const events = ['local', 'none', 'exact', 'exact'].map((adjacency, k) => ({ event: k + 1, status: 'ok', adjacency }));
  const stage = subBasinStage({ ...db, events: [...events, { event: 5, status: 'no-saddle' }] }, 100, { bin_width: 0.1, window: 0.25 });
  assert.equal([stage.events, stage.ok_events, stage.adjacent_events, stage.adjacent_minima], [5, 4, 3, 2]);
  assert.ok(near(stage.density, 1 / 5 / 0.25), `only minimum 5 (0.2) lies below the window: ${stage.density}`);
});

test('PATHSAMPLE min.data / ts.data give the same tree as the JSON', () => {
  const min = MINIMA.map((m) => `${m.energy} 0.0 1 1.0 1.0 1.0`).join('\n');
  const ts = SADDLES.map((s) => `${s.energy} 0.0 1 ${s.minA} ${s.minB} 1.0 1.0 1.0`).join('\n');
  const db = parsePathsample(min, ts);
  const a = disconnectivityGraph(db, { deltaE: 1 });
  const b = disconnectivityGraph({ minima: MINIMA, saddles: SADDLES }, { deltaE: 1 });
  assert.equal(a.nodes.map((n) => [n.energy, n.children, n.minimum]), b.nodes.map((n) => [n.energy, n.children, n.minimum]));
  assert.throws(() => parsePathsample(min, '-1 0 1 1 9'), (e: Error) => /ts\.data:1/.test(e.message));
});

test('betascape plot dgraph RUN_DIR writes the figure; a bad landscape.json is one line, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-dgraph-'));
  writeFileSync(join(dir, 'landscape.json'), JSON.stringify({ units: 'lj', n_atoms: 10, minima: MINIMA, saddles: SADDLES, events: [] }));
  const cli = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
  const r = spawnSync(process.execPath, [cli, 'plot', 'dgraph', dir, '--delta-e', '0.5', '--json'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.is(summary.start, 1);
  assert.is(summary.adjacent_minima, 2);
  const { document } = parseHTML(readFileSync(join(dir, 'dgraph.svg'), 'utf8').replace(/^<\?xml[^>]*>\s*/, ''));
  assert.is(document.querySelectorAll('line.leaf').length, 5);
  writeFileSync(join(dir, 'landscape.json'), '{"minima": [{"id": 1}]}');
  const bad = spawnSync(process.execPath, [cli, 'plot', 'dgraph', dir], { encoding: 'utf8' });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /minima\[0\]\.energy/);
  assert.is(bad.stderr.trim().split('\n').length, 1);
});

test.run();
