/**
 * The structure section of the bench (`npm run bench -- --structure`, test/bench/structure-bench.ts):
 * one aligned row per task and size, µs per atom-frame only for the dump rows, and per task the
 * ratio of the CPU cost per unit (atom, atom-frame, or atom and q-vector) at the largest size to
 * that at the smallest. The timings themselves belong to the bench, not to tests.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { structureTable, type StructureRow } from './bench/structure-bench.js';

const row = (task: StructureRow['task'], N: number, frames: number, cpu: number, vectors?: number): StructureRow =>
  ({ task, N, frames, seconds: 1.5 * cpu, cpu_seconds: cpu, peak_rss_mb: 100 + N / 100, detail: 'd', ...(vectors ? { vectors } : {}) });

test('the structure table: aligned rows, per atom-frame for dumps, and the cost ratio per unit from smallest to largest N', () => {
  const lines = structureTable([
    row('voronoi', 4000, 1, 0.2), row('rdf', 4000, 100, 1.0), row('sq', 4000, 1, 0.5, 10000),
    row('voronoi', 32000, 1, 1.6), row('rdf', 32000, 100, 16.0), row('sq', 32000, 1, 4.0, 20000),
  ]);
  const head = lines[0].split(/ {2,}/);
  assert.equal(head, ['task', 'N', 'frames', 'seconds', 'CPU s', 'µs/atom', 'µs/atom-frame', 'peak RSS MB']);
  const rdf = lines[3].split(/ {2,}/);
  assert.equal(rdf.slice(0, 7), ['g(r), all partials', '4000', '100', '1.50', '1.00', '375.0', '3.75']);
  assert.is(lines[3].indexOf('3.75'), lines[0].indexOf('µs/atom-frame'));
  assert.is(lines[2].split(/ {2,}/)[6], '140'); // a one-frame row leaves µs/atom-frame empty: next is the RSS
  assert.ok(lines.includes('Voronoi (plain): CPU cost per atom at N = 32000 is 1.00× that at N = 4000'));
  assert.ok(lines.includes('g(r), all partials: CPU cost per atom-frame at N = 32000 is 2.00× that at N = 4000'));
  assert.ok(lines.includes('S(q) direct: CPU cost per atom and q-vector at N = 32000 is 0.50× that at N = 4000'));
});

test.run();
