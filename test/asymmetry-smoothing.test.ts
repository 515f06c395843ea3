import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { anelasticSpectrum, type AnelasticOptions, type Relaxator } from '../analysis/spectra/anelastic.js';
import { silvermanBandwidth } from '../analysis/kernel-bandwidth.js';
import { createRng } from '../sim/random.js';

const G = 15;
const shearBox: AnelasticOptions = { mode: 'shear', orientation: 'box', elasticity: { G, K: 50 }, boltzmann: 1, stressPerEnergyDensity: 1, frequency: 0.1 };

function event(o: Partial<Relaxator> = {}): Relaxator {
  return { forward: 0.5, backward: 0.5, dsigma: [0, 0, 0, 0.01, 0, 0], volume: 1000, weight: 1, nu0: 1, ...o };
}
/** w V Δγ² of an event in shear on the box axes. */
const coupling = (e: Relaxator) => e.weight * e.volume * (e.dsigma[3] / G) ** 2;

test('Silverman: 0.9 min(σ, IQR/1.34) n_eff^-1/5; null without a spread', () => {
  const h = silvermanBandwidth([1, 2, 3, 4, 5])!;
  // σ = √2 = 1.414 is below IQR/1.34 = (4 − 2)/1.34 = 1.49.
  assert.ok(Math.abs(h - 0.9 * Math.SQRT2 * 5 ** -0.2) < 1e-12, `h = ${h}`);
  // Equal weights change nothing; n_eff = (Σw)²/Σw² with unequal ones.
  assert.is(silvermanBandwidth([1, 2, 3, 4, 5], [2, 2, 2, 2, 2]), h);
  assert.is(silvermanBandwidth([0.3]), null);
  assert.is(silvermanBandwidth([0.3, 0.3, 0.3]), null);
  // The IQR is 0 but the sample spreads: the standard deviation is used.
  assert.ok(silvermanBandwidth([0, 0, 0, 0, 1])! > 0);
});

test('a kernel much narrower than kT gives the exact sum', () => {
  const events = [event(), event({ forward: 0.62, backward: 0.55, dsigma: [0.01, 0, 0, 0.02, 0, 0] }), event({ forward: 0.4, backward: 0.47, nu0: 3 })];
  for (const T of [0.03, 0.05, 0.08]) {
    for (const frequency of [1e-4, 0.1]) {
      const exact = anelasticSpectrum(events, [T], { ...shearBox, frequency })[0];
      const smooth = anelasticSpectrum(events, [T], { ...shearBox, frequency, asymmetryBandwidth: 1e-4 * T })[0];
      for (const k of ['relaxation', 'loss', 'storage'] as const) {
        assert.ok(Math.abs(smooth[k] / exact[k] - 1) < 1e-6, `T ${T}, f ${frequency}, ${k}: ${smooth[k]} vs ${exact[k]}`);
      }
    }
  }
});

test('kT much below the kernel width: the strength is w V Δγ² K_h(A), independent of T', () => {
  const h = 0.2;
  for (const A of [0, 0.1, -0.3]) {
    const e = event({ forward: 0.5 + A / 2, backward: 0.5 - A / 2 });
    const kernel = Math.exp(-0.5 * (A / h) ** 2) / (h * Math.sqrt(2 * Math.PI));
    for (const T of [0.002, 0.004]) {
      const p = anelasticSpectrum([e], [T], { ...shearBox, asymmetryBandwidth: h })[0];
      // The population peak has unit area and variance π²(kT)²/3: the correction is O((kT/h)²).
      assert.ok(Math.abs(p.relaxation / (coupling(e) * kernel) - 1) < 3e-3, `A ${A}, T ${T}: ${p.relaxation} vs ${coupling(e) * kernel}`);
    }
  }
});

test('sampled events: the smoothed sum estimates the glass, the exact sum depends on which events were drawn', () => {
  // A glass whose double wells have asymmetries uniform in [−1, 1] (density 1/2 at A = 0), mean barrier
  // 0.5 and one stress coupling; M = 1000 wells. Its compliance relaxation at kT = 0.01 is
  // M w V Δγ² · 1/2. Each replicate samples 40 of them (weight M/40).
  const M = 1000, n = 40, kT = 0.01;
  const truth = M * coupling(event()) * 0.5;
  const rng = createRng(7);
  const exact: number[] = [], smooth: number[] = [];
  for (let r = 0; r < 30; r++) {
    const events = Array.from({ length: n }, () => {
      const A = 2 * rng.uniform() - 1;
      return event({ forward: 0.5 + A / 2, backward: 0.5 - A / 2, weight: M / n });
    });
    const h = silvermanBandwidth(events.map((e) => e.forward - e.backward))!;
    exact.push(anelasticSpectrum(events, [kT], shearBox)[0].relaxation / truth);
    smooth.push(anelasticSpectrum(events, [kT], { ...shearBox, asymmetryBandwidth: h })[0].relaxation / truth);
  }
  const stats = (v: number[]) => {
    const mean = v.reduce((a, x) => a + x, 0) / v.length;
    return { mean, cv: Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1)) / mean };
  };
  const e = stats(exact), s = stats(smooth);
  // Both are unbiased on average (the kernel's edge bias near ±1 does not reach A = 0), but one
  // replicate's exact sum is a count of the few wells within ~kT of A = 0.
  assert.ok(Math.abs(s.mean - 1) < 0.15, `smoothed mean ${s.mean}`);
  assert.ok(s.cv < 0.35, `smoothed spread ${s.cv}`);
  assert.ok(e.cv > 3 * s.cv, `exact spread ${e.cv} against smoothed ${s.cv}`);
});

test('a bandwidth that is not positive is refused', () => {
  assert.throws(() => anelasticSpectrum([event()], [0.1], { ...shearBox, asymmetryBandwidth: 0 }), /asymmetry bandwidth must be > 0/);
});

test.run();
