import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { meanError, ranks, relativeChange, spearman, spearmanBootstrap } from '../analysis/study/statistics.js';
import { spectrumGrid, spectrumStage } from '../analysis/study/stages.js';
import { barrierSpectrum } from '../analysis/spectra/barriers.js';

test('meanError: mean and standard error of the mean', () => {
  const m = meanError([1, 2, 3, 4]);
  assert.is(m.mean, 2.5);
  assert.ok(Math.abs(m.sem - Math.sqrt(5 / 3 / 4)) < 1e-15);
  assert.ok(Number.isNaN(meanError([1]).sem));
});

test('ranks: ties share the mean rank', () => {
  assert.equal(ranks([10, 30, 20, 20]), [1, 4, 2.5, 2.5]);
});

test('spearman: +1 for any monotonic increasing relation, -1 decreasing, textbook value with ties', () => {
  const x = [1, 2, 3, 4, 5, 6];
  assert.is(spearman(x, x.map((v) => Math.exp(v))), 1);
  assert.is(spearman(x, x.map((v) => -(v ** 3))), -1);
  // Classic example: d^2 sum = 2 + ... computed with the no-ties formula 1 - 6 sum d^2 / (n (n^2 - 1)).
  const a = [106, 86, 100, 101, 99, 103, 97, 113, 112, 110];
  const b = [7, 0, 27, 50, 28, 29, 20, 12, 6, 17];
  assert.ok(Math.abs(spearman(a, b) - -29 / 165) < 1e-12);
});

test('spearmanBootstrap: seeded, brackets the estimate, narrow for a strong relation', () => {
  const x = Array.from({ length: 30 }, (_, i) => i);
  const y = x.map((v) => v + 3 * Math.sin(v * 1.7));
  const a = spearmanBootstrap(x, y, { seed: 5, resamples: 500 });
  const b = spearmanBootstrap(x, y, { seed: 5, resamples: 500 });
  assert.equal(a, b);
  assert.ok(a.lo <= a.estimate && a.estimate <= a.hi);
  assert.ok(a.lo > 0.8);
  const noise = spearmanBootstrap(x, x.map((v) => Math.sin(v * 12.9898) * 43758.5453 % 1), { seed: 5, resamples: 500 });
  assert.ok(noise.lo < 0 && noise.hi > 0);
});

test('relativeChange: value and first-order error', () => {
  const r = relativeChange({ mean: 2, sem: 0.1, n: 4 }, { mean: 1.5, sem: 0.1, n: 4 });
  assert.ok(Math.abs(r.value - -0.25) < 1e-15);
  assert.ok(Math.abs(r.error - Math.sqrt(0.05 ** 2 + (1.5 * 0.1 / 4) ** 2)) < 1e-15);
});

test('spectrum stage: the β part comes from the model itself; without barriers there is no β peak', () => {
  const o = { frequency: 1, tau0: 1e-13, beta_strength: 0.1, beta_strength_per: 'glass' as const, fragility: 40, gamma: 0.5, tau_inf: 1e-14, heating_rate: 3, T_min: 0.005, T_max: 1.3, points: 121 };
  const Tg = 0.4;
  const r = spectrumStage([0.5, 0.6, 0.7], 10, 1, Tg, o);
  const model = barrierSpectrum({
    barriers: [0.5, 0.6, 0.7], boltzmann: 1, tau0: o.tau0, betaStrength: o.beta_strength,
    alpha: { Tg, fragility: o.fragility, tauG: 100, tauInf: o.tau_inf, gamma: o.gamma },
  }, spectrumGrid(o).map((x) => x * Tg), o.frequency, o.heating_rate);
  assert.equal(r.beta, model.map((p) => p.betaLoss));
  const k = r.beta.indexOf(Math.max(...r.beta));
  assert.is(r.beta_intensity, r.beta[k] / Math.max(...r.loss));
  // Debye peaks at ωτ = 1: T = E / ln(1/(ω τ0)) for the middle barrier, on the grid's resolution.
  const expected = 0.6 / Math.log(1 / (2 * Math.PI * o.tau0)) / Tg;
  assert.ok(Math.abs(Math.log(r.beta_peak_T_over_Tg! / expected)) < 0.1, `${r.beta_peak_T_over_Tg} vs ${expected}`);
  const none = spectrumStage([], 10, 1, Tg, o);
  assert.is(none.beta_peak_T_over_Tg, null);
  assert.is(none.beta_intensity, 0);
  assert.ok(Math.abs(none.alpha_peak_T_over_Tg - 1) < 0.1, `α peak at Tg: ${none.alpha_peak_T_over_Tg}`);
  // Per attempt: 3 saddles from 10 attempts carry 3/10 of the β strength, a linear model's β part scales with it.
  const perAttempt = spectrumStage([0.5, 0.6, 0.7], 10, 1, Tg, { ...o, beta_strength_per: 'attempt' });
  perAttempt.beta.forEach((b, i) => assert.ok(Math.abs(b - 0.3 * r.beta[i]) <= 1e-12 * Math.max(...r.beta), `point ${i}`));
});

test.run();
