/**
 * The opt-in cheaper climbs (ActivationOptions.lanczosEvery: a Lanczos refresh of the lowest mode
 * only at every k-th climbing step; climbOptimizer 'lbfgs': L-BFGS steps at negative curvature) on a 256-atom force-shifted KA glass (the
 * inherent structure of a random packing; continuous forces, so one saddle has one energy): with
 * every = 1 it is the reference path to the last digit, and for fixed seeds it finds the same saddle
 * and minima as the reference with fewer force evaluations in the climb.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { activate, type ActivationOptions } from '../landscape/saddles/index.js';
import { InputError } from '../sim/errors.js';
import { saddleTestSystem } from './helpers/saddle-system.js';
import { seedAgreement } from './bench/saddle-agreement.js';

// Two copies of one glass, so that each path starts from the same neighbour-list state.
const reference = saddleTestSystem(1, 256);
const cheaper = saddleTestSystem(1, 256);
const fast: ActivationOptions = { ...cheaper.options, lanczosEvery: 8 };

test('lanczosEvery 1: the reference event to the last digit', () => {
  const a = activate(reference.surface, reference.initial, 4, reference.options);
  const b = activate(cheaper.surface, cheaper.initial, 4, { ...cheaper.options, lanczosEvery: 1 });
  assert.is(a.status, 'ok', a.message);
  assert.equal(b.phaseEvaluations, a.phaseEvaluations);
  assert.is(b.saddle!.energy, a.saddle!.energy);
  assert.ok(b.saddle!.x.every((v, k) => v === a.saddle!.x[k]));
  assert.ok(b.plus!.x.every((v, k) => v === a.plus!.x[k]));
});

test('cheaper climb: the same saddles and minima as the reference for fixed seeds, with fewer climbing force evaluations', () => {
  for (const seed of [3, 5]) {
    const a = activate(reference.surface, reference.initial, seed, reference.options);
    const b = activate(cheaper.surface, cheaper.initial, seed, fast);
    assert.is(a.status, 'ok', `seed ${seed}: ${a.message}`);
    assert.is(b.status, 'ok', `seed ${seed}: ${b.message}`);
    assert.is(seedAgreement(reference.surface, a, b, reference.options.sameMinimum), 'identical', `seed ${seed}`);
    assert.ok(Math.abs(a.saddle!.energy - b.saddle!.energy) < 1e-8, `seed ${seed}: ${a.saddle!.energy} vs ${b.saddle!.energy}`);
    assert.ok(Math.abs(a.saddle!.eigenvalue - b.saddle!.eigenvalue) < 1e-4 * Math.abs(a.saddle!.eigenvalue));
    assert.ok(b.phaseEvaluations.climb < 0.6 * a.phaseEvaluations.climb, `seed ${seed}: climb ${b.phaseEvaluations.climb} vs ${a.phaseEvaluations.climb}`);
    // The push is untouched: same exit from the basin.
    assert.is(b.pushSteps, a.pushSteps);
  }
});

test('one seed, one event: after other events on the same surface, bit for bit as on a fresh one', () => {
  const fresh = saddleTestSystem(1, 256);
  const alone = activate(fresh.surface, fresh.initial, 5, fresh.options);
  activate(reference.surface, reference.initial, 2, reference.options);
  const after = activate(reference.surface, reference.initial, 5, reference.options);
  assert.is(after.status, alone.status, alone.message);
  assert.equal(after.phaseEvaluations, alone.phaseEvaluations);
  assert.is(after.saddle?.energy, alone.saddle?.energy);
  assert.ok(after.saddle!.x.every((v, k) => v === alone.saddle!.x[k]));
});

test('L-BFGS climb (with a Lanczos refresh every 8th step): the same saddles as the reference for fixed seeds, a third of the climb evaluations or fewer', () => {
  const lbfgs: ActivationOptions = { ...fast, climbOptimizer: 'lbfgs' };
  for (const seed of [3, 5]) {
    const a = activate(reference.surface, reference.initial, seed, reference.options);
    const b = activate(cheaper.surface, cheaper.initial, seed, lbfgs);
    assert.is(b.status, 'ok', `seed ${seed}: ${b.message}`);
    assert.is(seedAgreement(reference.surface, a, b, reference.options.sameMinimum), 'identical', `seed ${seed}`);
    assert.ok(Math.abs(a.saddle!.energy - b.saddle!.energy) < 1e-8, `seed ${seed}: ${a.saddle!.energy} vs ${b.saddle!.energy}`);
    assert.ok(b.phaseEvaluations.climb < a.phaseEvaluations.climb / 3, `seed ${seed}: climb ${b.phaseEvaluations.climb} vs ${a.phaseEvaluations.climb}`);
  }
  // climbOptimizer 'fire' is the reference path to the last digit.
  const a = activate(reference.surface, reference.initial, 4, reference.options);
  const f = activate(cheaper.surface, cheaper.initial, 4, { ...cheaper.options, climbOptimizer: 'fire' });
  assert.equal(f.phaseEvaluations, a.phaseEvaluations);
  assert.ok(f.saddle!.x.every((v, k) => v === a.saddle!.x[k]));
});

test('cheaper climb: bad settings are one-line input errors', () => {
  for (const lanczosEvery of [0, 2.5, -1]) {
    assert.throws(() => activate(cheaper.surface, cheaper.initial, 1, { ...fast, lanczosEvery }), (e: Error) => e instanceof InputError && /lanczos every: must be a whole number >= 1/.test(e.message));
  }
  const climbOptimizer = 'bfgs' as unknown as 'lbfgs';
  assert.throws(() => activate(cheaper.surface, cheaper.initial, 1, { ...fast, climbOptimizer }), (e: Error) => e instanceof InputError && /climb optimizer: must be fire or lbfgs, got bfgs/.test(e.message));
});

test.run();
