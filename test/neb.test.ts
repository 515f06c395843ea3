import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { activate, neb, type ActivationResult } from '../landscape/saddles/index.js';
import { saddleTestSystem } from './helpers/saddle-system.js';

const { surface, initial, options } = saddleTestSystem(1);
// Event seed 1 of this system: a saddle adjacent to the initial minimum.
const event: ActivationResult = activate(surface, initial, 1, options);

test('climbing-image NEB between the two minima of a saddle reproduces its barrier within 1e-4', () => {
  assert.is(event.status, 'ok');
  const b = neb(surface, event.minus!.x, event.plus!.x, { images: 9, ftol: 1e-6, maxIterations: 5000 });
  assert.ok(b.converged, `max NEB force ${b.maxForce} after ${b.iterations} iterations`);
  assert.ok(b.climbing);
  const forward = event.saddle!.energy - event.minus!.energy, backward = event.saddle!.energy - event.plus!.energy;
  assert.ok(Math.abs(b.barrier - forward) < 1e-4, `NEB ${b.barrier} vs saddle ${forward}`);
  assert.ok(Math.abs(b.backwardBarrier - backward) < 1e-4);
  assert.is(b.energies.length, 11);
  assert.ok(Math.abs(b.energies[0] - event.minus!.energy) < 1e-9 && Math.abs(b.energies[10] - event.plus!.energy) < 1e-9);
  assert.ok(b.path.every((s, k) => k === 0 || s > b.path[k - 1]));
});

test('without climbing the band top lies below the saddle (images straddle it)', () => {
  const b = neb(surface, event.minus!.x, event.plus!.x, { images: 5, climb: false, ftol: 1e-4, maxIterations: 5000 });
  assert.not.ok(b.climbing);
  assert.ok(b.barrier <= event.saddle!.energy - event.minus!.energy + 1e-9);
});

test('a band started through the saddle (via) starts on it and converges to the same barrier', () => {
  const b = neb(surface, event.minus!.x, event.plus!.x, { images: 8, via: event.saddle!.x, ftol: 1e-6, maxIterations: 5000 });
  assert.ok(b.converged, `max NEB force ${b.maxForce} after ${b.iterations} iterations`);
  assert.ok(Math.abs(b.barrier - (event.saddle!.energy - event.minus!.energy)) < 1e-4, `NEB ${b.barrier}`);
});

test.run();
