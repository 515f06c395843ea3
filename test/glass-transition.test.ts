import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitGlassTransition } from '../analysis/glass-transition.js';
import { createRng } from '../sim/random.js';

/** A cooling curve with a kink at Tg: slope 1.5 below (glass), 3.0 above (liquid), Gaussian noise. */
function curve(Tg: number, noise: number, n = 400, seed = 1) {
  const rng = createRng(seed);
  const T = Array.from({ length: n }, (_, k) => 1.0 - (0.9 * k) / (n - 1));
  const y = T.map((t) => -7.5 + 1.5 * t + (t > Tg ? 1.5 * (t - Tg) : 0) + noise * rng.gaussian());
  return { T, y };
}

test('best split finds the kink of a noisy two-slope curve', () => {
  for (const Tg of [0.35, 0.45, 0.6]) {
    const { T, y } = curve(Tg, 0.003, 400, Math.round(Tg * 100));
    const fit = fitGlassTransition(T, y)!;
    assert.ok(fit.Tg !== null && Math.abs(fit.Tg - Tg) < 0.02, `Tg ${fit.Tg} vs ${Tg}`);
    assert.ok(Math.abs(fit.glass.slope - 1.5) < 0.1 && Math.abs(fit.liquid.slope - 3.0) < 0.1);
    assert.is(fit.method, 'broken-line');
    assert.ok(fit.kinkSigma! > 5);
    assert.ok(fit.glass.tMax <= fit.liquid.tMin);
  }
});

test('exact lines give Tg exactly; fixed windows fit only their points', () => {
  const { T, y } = curve(0.5, 0);
  const fit = fitGlassTransition(T, y)!;
  assert.ok(Math.abs(fit.Tg! - 0.5) < 1e-9);
  const win = fitGlassTransition(T, y, { glass: [0.1, 0.3], liquid: [0.7, 1.0] })!;
  assert.is(win.method, 'windows');
  assert.ok(Math.abs(win.Tg! - 0.5) < 1e-9);
  assert.ok(win.glass.tMin >= 0.1 && win.glass.tMax <= 0.3 && win.liquid.tMin >= 0.7);
});

test('no kink inside the data: Tg is null; too few points: null', () => {
  const T = Array.from({ length: 50 }, (_, k) => 0.1 + k * 0.01);
  const fit = fitGlassTransition(T, T.map((t) => 2 * t))!;
  assert.is(fit.Tg, null);
  assert.is(fitGlassTransition([0.1, 0.2, 0.3], [1, 2, 3]), null);
  assert.is(fitGlassTransition(T, T, { glass: [5, 6] }), null);
});

test.run();
