import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLEAR_KINK_SIGMA, fitGlassTransition } from '../analysis/glass-transition.js';
import { createRng } from '../sim/random.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pooledGlassTransition, quenchGlassTransition } from '../analysis/sweep/quench-tg.js';
import type { SweepConfig } from '../sim/protocols/sweep-config.js';

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

test('Tg quality: a clear kink has a high contrast and R² near 1; a kinkless curve or a crossing outside the windows is unclear', () => {
  const windows = { glass: [0.1, 0.4] as [number, number], liquid: [0.6, 1.0] as [number, number] };
  for (const seed of [1, 2, 3]) {
    const rng = createRng(seed);
    const T = Array.from({ length: 200 }, (_, k) => 1.0 - (0.9 * k) / 199);
    const kinked = T.map((t) => -7.5 + 1.5 * t + (t > 0.5 ? 1.5 * (t - 0.5) : 0) + 0.01 * rng.gaussian());
    const straight = T.map((t) => -7.5 + 2 * t + 0.01 * rng.gaussian());
    for (const opts of [{}, windows]) {
      const clear = fitGlassTransition(T, kinked, opts)!;
      assert.is(clear.quality, 'clear');
      assert.ok(clear.kinkSigma > 20, `contrast ${clear.kinkSigma}`);
      assert.ok(clear.glass.r2 > 0.99 && clear.liquid.r2 > 0.99, `R² ${clear.glass.r2} ${clear.liquid.r2}`);
      const flat = fitGlassTransition(T, straight, opts)!;
      assert.is(flat.quality, 'unclear');
      assert.ok(flat.kinkSigma < CLEAR_KINK_SIGMA, `contrast ${flat.kinkSigma}`);
    }
  }
  // Two exact lines with a step between the windows: a sharp slope change, but they cross at T = 0.8, outside the gap [0.3, 0.4].
  const T = Array.from({ length: 91 }, (_, k) => 0.1 + k * 0.01);
  const step = fitGlassTransition(T, T.map((t) => (t < 0.35 ? t : 2 * t - 0.8)), { glass: [0.1, 0.3], liquid: [0.4, 0.6] })!;
  assert.ok(Math.abs(step.Tg! - 0.8) < 1e-9 && step.kinkSigma > CLEAR_KINK_SIGMA);
  assert.is(step.quality, 'unclear');
});

test('pooled cooling curves of several seeds: the fit of their mean, closer to the kink than single curves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-pool-'));
  const c = { quench: { rates: [0.01], T_start: 1 }, thermostat: { damp: 0.5 }, dt: 0.005, ensemble: 'nvt', tg: { glass: [0.1, 0.3], liquid: [0.5, 0.8] } } as unknown as SweepConfig;
  const T = Array.from({ length: 190 }, (_, i) => 0.995 - 0.005 * i);
  const curve = (seed: number, grid = T) => {
    const rng = createRng(seed);
    const rows = grid.map((t, i) => `${8100 + 100 * i},${t},${t},${-8 + 1.2 * t + 0.9 * Math.max(0, t - 0.4) + 0.01 * rng.gaussian()},1666.67,1`);
    const f = join(dir, `q${seed}-${grid.length}.csv`);
    writeFileSync(f, `# test\nstep,T_target,T,PE,volume,P\n${rows.join('\n')}\n`);
    return f;
  };
  const files = Array.from({ length: 8 }, (_, k) => curve(k + 1));
  const single = files.map((f) => Math.abs(quenchGlassTransition(f, c)!.Tg! - 0.4));
  const pooled = Math.abs(pooledGlassTransition(files, c)!.Tg! - 0.4);
  assert.ok(pooled < 0.01, `pooled Tg off by ${pooled}`);
  assert.ok(pooled < Math.max(...single), `pooled ${pooled} against single curves up to ${Math.max(...single)}`);
  assert.is(pooledGlassTransition([files[0], curve(9, T.slice(1))], c), null, 'curves on other temperature points are not averaged');
});

test.run();
