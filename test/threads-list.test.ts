/**
 * The threads backend's lists live once, in the workers' shared WebAssembly memory; a list's own
 * rows (atom indices, NeighborList.start/wrapStart/end/neigh) are written only when something
 * reads them, or before the shared list is replaced; its build positions are the shared ones (by
 * row) until then, when it gets a copy by atom. Rows and build positions must be the serial
 * build's in every order of events: read at once, read after another list was searched by the
 * same backend, read after the backend was disposed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kobAndersen } from '../sim/potentials/lj.js';
import { computeForces, createForceField } from '../sim/forces.js';
import { backendFor } from '../sim/backends/index.js';
import { buildPotential } from '../sim/potentials/registry.js';
import { buildPositions, type NeighborList } from '../sim/neighbor.js';
import { cloneState, type State } from '../sim/state.js';
import { loadKa864 } from './helpers/reference.js';

const KA = { kind: 'lj' as const, model: kobAndersen() };

function serialList(state: State): NeighborList {
  const ff = createForceField(buildPotential(KA), 0.3);
  computeForces(cloneState(state), ff);
  return ff.nlist;
}

function assertSameList(a: NeighborList, b: NeighborList, what: string): void {
  assert.is(a.pairs, b.pairs, `${what}: pair count`);
  for (const key of ['start', 'wrapStart', 'end', 'rowOrder'] as const) {
    assert.ok(a[key].every((v, i) => v === b[key][i]), `${what}: ${key}`);
  }
  const neigh = a.neigh;
  assert.ok(b.neigh.subarray(0, b.pairs).every((v, k) => v === neigh[k]), `${what}: neighbours`);
  const x0 = buildPositions(a);
  assert.ok(b.xBuild.length === x0.length && b.xBuild.every((v, k) => Object.is(v, x0[k])), `${what}: build positions`);
}

test('threads: a list\'s own rows are written when read, also after another list or dispose', async () => {
  const ka = loadKa864();
  // A second configuration with other lists: every atom displaced by a fixed pattern.
  const moved = cloneState(ka);
  for (let k = 0; k < moved.x.length; k++) moved.x[k] += 0.2 * Math.sin(1.7 * k);
  const refA = serialList(ka), refB = serialList(moved);
  const threads = await backendFor('threads', buildPotential(KA), { workers: 2 });
  const a = createForceField(threads.potential, 0.3), b = createForceField(threads.potential, 0.3);
  try {
    computeForces(cloneState(ka), a);
    assert.ok(a.nlist.deferred !== undefined, 'the rows of a fresh list wait until read');
    assert.ok(a.nlist.xBuildRow !== undefined, 'a fresh list\'s build positions are the shared ones, by row');
    const x0 = buildPositions(a.nlist);
    assert.ok(x0.every((v, k) => Object.is(v, refA.xBuild[k])), 'build positions by atom, read from the shared ones');
    computeForces(cloneState(moved), b);
    assert.is(a.nlist.deferred, undefined, 'searching another list wrote the first one\'s rows');
    assert.is(a.nlist.xBuildRow, undefined, 'and gave it its own build positions, by atom');
    assertSameList(a.nlist, refA, 'first list, after a second was searched');
    assertSameList(b.nlist, refB, 'second list, read at once');
    computeForces(cloneState(ka), a);
  } finally {
    threads.dispose();
  }
  assertSameList(a.nlist, refA, 'a list searched again, read after dispose');
});

test.run();
