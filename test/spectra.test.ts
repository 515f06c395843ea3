import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { fitSine, dynamicModuli } from '../analysis/spectra/fit.js';
import { barrierSpectrum, debyePeakTemperature, debyeWidthInverseT } from '../analysis/spectra/barriers.js';
import { vftTau, vftParameters, fictiveTemperature, alphaTau } from '../analysis/spectra/alpha.js';
import { decomposeSpectrum } from '../analysis/spectra/decompose.js';
import { runOscillation, staticShearModulus } from '../analysis/spectra/oscillate.js';
import { parseLammpsDataFile } from '../sim/io/lammps-data.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { createForceField } from '../sim/forces.js';
import { LJ_UNITS } from '../sim/units.js';
import { initVelocities } from '../sim/velocities.js';
import { createRng } from '../sim/random.js';
import { runMD } from '../sim/md.js';
import { noseHoover } from '../sim/integrate/nose-hoover.js';

const kB = 8.617343e-5; // eV/K

test('sine fit recovers amplitude, phase and the cycle scatter of a noisy signal with drift', () => {
  const rng = createRng(5);
  const P = 7, e0 = 0.01, G1 = 20, G2 = 1.5;
  const t: number[] = [];
  const s: number[] = [];
  for (let k = 1; k <= 6 * 40; k++) {
    const tk = (k * P) / 40;
    t.push(tk);
    // σ = e0 (G' sin ωt + G'' cos ωt) + offset + drift + noise
    s.push(e0 * (G1 * Math.sin((2 * Math.PI * tk) / P) + G2 * Math.cos((2 * Math.PI * tk) / P)) + 0.3 + 0.002 * tk + 0.002 * rng.gaussian());
  }
  const m = dynamicModuli(t, s, e0, P, 1);
  assert.ok(Math.abs(m.storage - G1) < 4 * m.storageErr + 0.05, `G' ${m.storage} ± ${m.storageErr}`);
  assert.ok(Math.abs(m.loss - G2) < 4 * m.lossErr + 0.05, `G'' ${m.loss} ± ${m.lossErr}`);
  assert.ok(m.storageErr > 0 && m.storageErr < 0.2, `scatter ${m.storageErr}`);
  assert.is(m.cycles.length, 5);
  // Noise-free: exact to rounding, δ = atan(G''/G').
  const exact = fitSine(t, t.map((x) => 2 + 3 * Math.sin(0.5 * x + 0.4)), 0.5);
  assert.ok(Math.abs(exact.amplitude - 3) < 1e-9 && Math.abs(exact.phase - 0.4) < 1e-9 && Math.abs(exact.offset - 2) < 1e-9);
});

test('one barrier: the Debye peak sits where ωτ = 1 and is 2 ln(2+√3) k/E wide in 1/T', () => {
  const E = 0.9, f = 1, tau0 = 1e-13;
  const Tp = debyePeakTemperature(E, kB, f, tau0);
  const model = { barriers: [E], boltzmann: kB, tau0, betaStrength: 1 };
  const lossAt = (u: number) => barrierSpectrum(model, [1 / u], f)[0].loss;
  // ωτ(Tp) = 1 and the height there is 1/2.
  assert.ok(Math.abs(2 * Math.PI * f * tau0 * Math.exp(E / (kB * Tp)) - 1) < 1e-9);
  assert.ok(Math.abs(lossAt(1 / Tp) - 0.5) < 1e-12);
  // The maximum on a fine grid in 1/T, and the half-maximum crossings by bisection.
  const up = 1 / Tp;
  let best = 0;
  let uBest = 0;
  for (let k = -2000; k <= 2000; k++) {
    const u = up * (1 + k * 1e-5);
    const v = lossAt(u);
    if (v > best) [best, uBest] = [v, u];
  }
  assert.ok(Math.abs(uBest - up) <= up * 1e-5, `peak at 1/T = ${uBest}, expected ${up}`);
  const cross = (a: number, b: number) => {
    for (let i = 0; i < 100; i++) {
      const m = 0.5 * (a + b);
      if ((lossAt(m) - 0.25) * (lossAt(a) - 0.25) > 0) a = m;
      else b = m;
    }
    return 0.5 * (a + b);
  };
  const width = cross(up, up * 2) - cross(up * 0.5, up);
  assert.ok(Math.abs(width / debyeWidthInverseT(E, kB) - 1) < 1e-9, `width ${width} vs ${debyeWidthInverseT(E, kB)}`);
  assert.ok(Math.abs(debyeWidthInverseT(E, kB) - (2.6339157938496336 * kB) / E) < 1e-15);
});

test('a Gaussian barrier distribution broadens the peak: numerical convolution and variance addition', () => {
  const Ebar = 1.0, sd = 0.06, f = 1, tau0 = 1e-13;
  const L = -Math.log(2 * Math.PI * f * tau0);
  const E: number[] = [];
  const w: number[] = [];
  for (let k = -600; k <= 600; k++) {
    E.push(Ebar + (sd * k) / 100);
    w.push(Math.exp(-0.5 * (k / 100) ** 2));
  }
  const model = { barriers: E, weights: w, boltzmann: kB, tau0, betaStrength: 1 };
  // (1) At any T, E'' is ½ sech convolved with a Gaussian in x = ln ωτ of mean Ē/kT - L, sd σ/kT.
  for (const T of [380, 400, 420, 440]) {
    const mu = Ebar / (kB * T) - L;
    const s = sd / (kB * T);
    let conv = 0;
    const h = 0.01;
    for (let x = -60; x <= 60; x += h) conv += h * 0.5 / Math.cosh(x) * Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    const v = barrierSpectrum(model, [T], f)[0].loss;
    assert.ok(Math.abs(v / conv - 1) < 2e-3, `T=${T}: ${v} vs convolution ${conv}`);
  }
  // (2) Variance of the profile in u = 1/T. Each barrier's ½ sech(E u/k - L) has area (π/2) k/E,
  // mean L k/E and variance (π²/4)(k/E)²: the mixture's moments follow exactly (law of total
  // variance), and to first order in σ the distribution adds (L k σ / Ē²)² (variance addition).
  const u0 = L * kB / Ebar;
  const us: number[] = [];
  for (let k = -3000; k <= 3000; k++) us.push(u0 * (1 + k * 2e-4));
  const vals = barrierSpectrum(model, us.map((u) => 1 / u), f).map((p) => p.loss);
  let m0 = 0, m1 = 0, m2 = 0;
  us.forEach((u, i) => {
    m0 += vals[i];
    m1 += vals[i] * u;
    m2 += vals[i] * u * u;
  });
  const variance = m2 / m0 - (m1 / m0) ** 2;
  const single = (Math.PI ** 2 / 4) * (kB / Ebar) ** 2;
  let a0 = 0, a1 = 0, a2 = 0;
  E.forEach((e, i) => {
    const area = w[i] * (kB / e);
    a0 += area;
    a1 += area * (L * kB / e);
    a2 += area * ((Math.PI ** 2 / 4) * (kB / e) ** 2 + (L * kB / e) ** 2);
  });
  const exact = a2 / a0 - (a1 / a0) ** 2;
  const firstOrder = single + ((L * kB * sd) / Ebar ** 2) ** 2;
  assert.ok(variance > 1.5 * single, `broadened: ${variance} vs single ${single}`);
  assert.ok(Math.abs(variance / exact - 1) < 1e-3, `variance ${variance} vs exact ${exact}`);
  assert.ok(Math.abs(variance / firstOrder - 1) < 0.05, `variance ${variance} vs first order ${firstOrder}`);
});

test('α process: VFT passes τ_α(Tg) = τ_g with fragility m; the fictive temperature at 3 K/min is near Tg', () => {
  const a = { Tg: 400, fragility: 40, tauG: 100, tauInf: 1e-14, gamma: 0.5 };
  assert.ok(Math.abs(vftTau(a, 400) / 100 - 1) < 1e-9);
  const h = 1e-4;
  const m = (Math.log10(vftTau(a, 400 / (1 + h))) - Math.log10(vftTau(a, 400 / (1 - h)))) / (2 * h);
  assert.ok(Math.abs(m - 40) < 1e-3, `fragility ${m}`);
  const { T0 } = vftParameters(a);
  assert.ok(T0 > 0 && T0 < 400);
  const Tf = fictiveTemperature(a, 3);
  assert.ok(Math.abs(Tf - 400) < 15, `T_f = ${Tf}`);
  assert.ok(fictiveTemperature(a, 30) > Tf, 'faster scans freeze higher');
  assert.ok(Math.abs(alphaTau(a, Tf, Tf) / vftTau(a, Tf) - 1) < 1e-12, 'continuous at T_f');
  assert.ok(alphaTau(a, 0.9 * Tf, Tf) < vftTau(a, 0.9 * Tf), 'the glass relaxes faster than the equilibrium liquid below T_f');
});

function gaussianBarriers(mean: number, sd: number) {
  const E: number[] = [];
  const w: number[] = [];
  for (let k = -200; k <= 200; k++) {
    E.push(mean + (sd * k) / 50);
    w.push(Math.exp(-0.5 * (k / 50) ** 2));
  }
  return { E, w };
}

test('decomposition: β peak, shoulder and excess wing of model spectra are told apart; β recovered', () => {
  const Tg = 400;
  const L = -Math.log(2 * Math.PI * 1e-13);
  const Ts = Array.from({ length: 121 }, (_, i) => 250 + 2.5 * i);
  const spectrum = (strength: number, ratio: number, gamma: number) => {
    const { E, w } = gaussianBarriers(ratio * kB * Tg, 0.1 * ratio * kB * Tg);
    const sp = barrierSpectrum({ barriers: E, weights: w, boltzmann: kB, tau0: 1e-13, betaStrength: strength, alpha: { Tg, fragility: 40, tauG: 100, tauInf: 1e-14, gamma } }, Ts, 1, 3);
    const max = Math.max(...sp.map((p) => p.loss));
    return { loss: sp.map((p) => p.loss), betaIntensity: Math.max(...sp.map((p) => p.betaLoss)) / max, Tb: (ratio * Tg) / L };
  };
  const peak = spectrum(0.25, 20, 1);
  const dp = decomposeSpectrum(Ts, peak.loss);
  assert.is(dp.kind, 'peak');
  assert.ok(Math.abs(dp.betaPeakT! / peak.Tb - 1) < 0.05, `β peak ${dp.betaPeakT} vs ${peak.Tb}`);
  assert.ok(Math.abs(dp.betaIntensity - peak.betaIntensity) < 0.03, `intensity ${dp.betaIntensity} vs ${peak.betaIntensity}`);
  const shoulder = spectrum(0.08, 26, 0.8);
  const ds = decomposeSpectrum(Ts, shoulder.loss);
  assert.is(ds.kind, 'shoulder');
  assert.ok(Math.abs(ds.betaPeakT! / shoulder.Tb - 1) < 0.03, `β shoulder ${ds.betaPeakT} vs ${shoulder.Tb}`);
  assert.ok(Math.abs(ds.betaIntensity - shoulder.betaIntensity) < 0.01, `intensity ${ds.betaIntensity} vs ${shoulder.betaIntensity}`);
  const wing = decomposeSpectrum(Ts, spectrum(0, 26, 0.5).loss);
  assert.is(wing.kind, 'wing');
  assert.is(wing.betaPeakT, null);
  assert.ok(Math.abs(dp.alphaPeakT - wing.alphaPeakT) < 10);
});

test("a broad α (Cole–Davidson γ = 0.5) biases the sech decomposition; the model's own α form recovers β", () => {
  // 0.9 eV barriers (Gaussian, sd 0.05 eV) and a VFT α with Tg = ⟨E⟩/(26 k), as `spectrum barriers` defaults.
  const { E, w } = gaussianBarriers(0.9, 0.05);
  const Tg = 0.9 / (26 * kB);
  const Ts = Array.from({ length: 161 }, (_, i) => 0.5 * Tg + (0.8 * Tg * i) / 160);
  const sp = barrierSpectrum({ barriers: E, weights: w, boltzmann: kB, tau0: 1e-13, betaStrength: 0.1, alpha: { Tg, fragility: 40, tauG: 100, tauInf: 1e-14, gamma: 0.5 } }, Ts, 1, 3);
  const loss = sp.map((p) => p.loss);
  const max = Math.max(...loss);
  let kb = 0;
  sp.forEach((p, i) => (p.betaLoss > sp[kb].betaLoss ? (kb = i) : 0));
  const trueTb = Ts[kb];
  const trueIntensity = sp[kb].betaLoss / max;
  // The Debye peak of the mean barrier is where the β part peaks (the reference for both).
  assert.ok(Math.abs(trueTb / debyePeakTemperature(0.9, kB, 1, 1e-13) - 1) < 0.01);
  const sech = decomposeSpectrum(Ts, loss);
  assert.ok(sech.betaPeakT! / trueTb - 1 > 0.05, `the sech α leaves α's broad low-T flank in β: T_β ${sech.betaPeakT} vs ${trueTb}`);
  const own = decomposeSpectrum(Ts, loss, { alphaShape: sp.map((p) => 3 * p.alphaLoss) });
  assert.ok(Math.abs(own.betaPeakT! / trueTb - 1) < 0.01, `T_β ${own.betaPeakT} vs ${trueTb}`);
  assert.ok(Math.abs(own.betaIntensity - trueIntensity) < 0.005, `intensity ${own.betaIntensity} vs ${trueIntensity}`);
  own.alpha.forEach((a, i) => assert.ok(Math.abs(a - sp[i].alphaLoss) < 0.01 * max, `α part at T=${Ts[i]}: ${a} vs ${sp[i].alphaLoss}`));
});

test('MD-DMA of a T→0 glass (KA, N = 256): tan δ < 0.01 and G′ equals the static modulus within 3%', () => {
  const file = fileURLToPath(new URL('./fixtures/dma/ka256-glass.data', import.meta.url));
  const glass = parseLammpsDataFile(file, { typeNames: ['A', 'B'] });
  const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
  const e0 = 0.005;
  const G = staticShearModulus(glass, ff, LJ_UNITS, e0).modulus;
  const T = 0.001;
  initVelocities(glass, T, createRng(3), LJ_UNITS);
  runMD(glass, ff, { steps: 200, dt: 0.005, units: LJ_UNITS, thermostat: noseHoover({ damp: 0.5 }), tStart: T });
  const r = runOscillation(glass, ff, {
    mode: 'shear', strainAmplitude: e0, period: 10, cycles: 4, transientCycles: 1, dt: 0.005, units: LJ_UNITS, temperature: T,
    thermostat: noseHoover({ damp: 0.5 }), samplesPerCycle: 50,
  });
  const m = r.moduli;
  assert.ok(Math.abs(m.storage / G - 1) < 0.03, `G' ${m.storage} ± ${m.storageErr} vs static ${G}`);
  assert.ok(Math.abs(m.tanDelta) < 0.01, `tan δ ${m.tanDelta} ± ${m.tanDeltaErr}`);
  assert.ok(Math.abs(r.meanTemperature - T) < 0.5 * T, `T ${r.meanTemperature}`);
});

test.run();
