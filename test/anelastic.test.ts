import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  anelasticSpectrum, complianceMatrix, relaxatorAt, strainCoupling, unrelaxedCompliance, type AnelasticOptions, type Relaxator,
} from '../analysis/spectra/anelastic.js';
import { estimateSampling } from '../analysis/spectra/sampling.js';
import { createRng } from '../sim/random.js';

const G = 15, K = 50;
const iso = { G, K };
const shearBox: AnelasticOptions = { mode: 'shear', orientation: 'box', elasticity: iso, boltzmann: 1, stressPerEnergyDensity: 1, frequency: 0.1 };

function event(o: Partial<Relaxator> = {}): Relaxator {
  return { forward: 0.5, backward: 0.5, dsigma: [0, 0, 0, 0.01, 0, 0], volume: 1000, weight: 1, nu0: 1, ...o };
}

/** ΔJ of one event from the formula ΔJ = w V Δγ² / (4 kT cosh²(A/2kT)), Δγ = Δσ_xy / G. */
function handDJ(e: Relaxator, T: number): number {
  const A = e.forward - e.backward; // E_2 − E_1 = E_f − E_b
  return (e.weight * e.volume * (e.dsigma[3] / G) ** 2) / (4 * T * Math.cosh(A / (2 * T)) ** 2);
}

test('one symmetric relaxator: J″ peaks at ωτ = 1; the exact M″ peaks at ωτ = J_R/J_U with height ΔJ/(2 J_U J_R)', () => {
  const e = event();
  const T = 0.1;
  const rate = 2 * Math.exp(-e.forward / T); // ν0 (e^{−E_f/kT} + e^{−E_b/kT})
  const dJ = handDJ(e, T), JU = 1 / G, JR = JU + dJ;
  const at = (x: number) => anelasticSpectrum([e], [T], { ...shearBox, frequency: (x * rate) / (2 * Math.PI) })[0];
  // A log grid of ωτ, fine enough to place the maxima to 0.2 %.
  const xs = Array.from({ length: 4001 }, (_, i) => 10 ** (-2 + (4 * i) / 4000));
  const pts = xs.map(at);
  const kLoss = pts.reduce((k, p, i) => (p.loss > pts[k].loss ? i : k), 0);
  assert.ok(Math.abs(xs[kLoss] / (JR / JU) - 1) < 0.003, `M″ max at ωτ = ${xs[kLoss]}, expected ${JR / JU}`);
  assert.ok(Math.abs(pts[kLoss].loss / (dJ / (2 * JU * JR)) - 1) < 1e-5, `height ${pts[kLoss].loss} vs ${dJ / (2 * JU * JR)}`);
  // J″ = ΔJ x/(1 + x²): its maximum ΔJ/2 at x = 1.
  const Jpp = pts.map((p) => p.loss / (p.storage ** 2 + p.loss ** 2));
  const kJ = Jpp.reduce((k, v, i) => (v > Jpp[k] ? i : k), 0);
  assert.ok(Math.abs(xs[kJ] - 1) < 0.003, `J″ max at ωτ = ${xs[kJ]}`);
  assert.ok(Math.abs(Jpp[kJ] / (dJ / 2) - 1) < 1e-5);
  assert.ok(Math.abs(pts[0].relaxation / dJ - 1) < 1e-12, 'ΔJ as the formula gives it');
});

test('the exact J* sum and inversion against a hand computation (two events, one temperature)', () => {
  const a = event({ forward: 0.4, backward: 0.45, dsigma: [0, 0, 0, 0.02, 0, 0] });
  const b = event({ forward: 0.7, backward: 0.6, dsigma: [0, 0, 0, -0.03, 0, 0], weight: 3, nu0: 2 });
  const T = 0.08, f = 0.02, w = 2 * Math.PI * f;
  // p2/p1 = r = e^{−A/kT}, p(1 − p) = r/(1 + r)²: the same as the cosh form, written another way.
  const r = Math.exp(-(b.forward - b.backward) / T);
  const dJb = (b.weight * b.volume * (b.dsigma[3] / G) ** 2 * r) / (1 + r) ** 2 / T;
  const tau = (e: Relaxator) => 1 / (e.nu0 * (Math.exp(-e.forward / T) + Math.exp(-e.backward / T)));
  let re = 1 / G, im = 0; // J* = J′ − iJ″
  for (const [dJ, t] of [[handDJ(a, T), tau(a)], [dJb, tau(b)]]) {
    re += dJ / (1 + (w * t) ** 2);
    im += (dJ * w * t) / (1 + (w * t) ** 2);
  }
  const p = anelasticSpectrum([a, b], [T], { ...shearBox, frequency: f })[0];
  const norm = re * re + im * im;
  assert.ok(Math.abs(p.storage / (re / norm) - 1) < 1e-12, `${p.storage} vs ${re / norm}`);
  assert.ok(Math.abs(p.loss / (im / norm) - 1) < 1e-12, `${p.loss} vs ${im / norm}`);
  assert.ok(p.loss > 0);
});

test('ΔJ ∝ Δγ²; doubling every event doubles the relaxation; a strongly asymmetric event adds almost nothing', () => {
  const T = 0.1;
  const base = anelasticSpectrum([event()], [T], shearBox)[0].relaxation;
  const twiceStress = anelasticSpectrum([event({ dsigma: [0, 0, 0, 0.02, 0, 0] })], [T], shearBox)[0].relaxation;
  assert.ok(Math.abs(twiceStress / base - 4) < 1e-12);
  const many = [event(), event({ forward: 0.3, backward: 0.35 }), event({ dsigma: [0.01, -0.02, 0, 0.005, 0, 0] })];
  const one = anelasticSpectrum(many, [T], shearBox)[0];
  const doubled = anelasticSpectrum([...many, ...many], [T], shearBox)[0];
  const weighted = anelasticSpectrum(many.map((e) => ({ ...e, weight: 2 })), [T], shearBox)[0];
  assert.ok(Math.abs(doubled.relaxation / one.relaxation - 2) < 1e-12);
  assert.ok(Math.abs(weighted.relaxation / one.relaxation - 2) < 1e-12);
  // A = E_2 − E_1 = −8 (an irreversible relaxation at kT = 0.1): p(1 − p) ≈ e^{−80}.
  const downhill = anelasticSpectrum([event({ forward: 0.04, backward: 8.04 })], [T], shearBox)[0].relaxation;
  assert.ok(downhill / base < 1e-30, `${downhill / base}`);
});

test('validity cut: an event whose lower barrier is below m kT is left out at that temperature, and only then', () => {
  const T = 0.1;
  const shallow = event({ forward: 0.05, backward: 0.08 }); // lower barrier 0.5 kT
  const deep = event({ forward: 0.4, backward: 0.45 });
  const all = anelasticSpectrum([shallow, deep], [T], shearBox)[0];
  const cut = anelasticSpectrum([shallow, deep], [T], { ...shearBox, minBarrierKT: 1 })[0];
  const onlyDeep = anelasticSpectrum([deep], [T], shearBox)[0];
  assert.is(cut.relaxation, onlyDeep.relaxation);
  assert.is(cut.loss, onlyDeep.loss);
  assert.ok(all.relaxation > cut.relaxation);
  // At a lower temperature the same event is 1 kT deep and counts again.
  const cold = anelasticSpectrum([shallow, deep], [0.05], { ...shearBox, minBarrierKT: 1 })[0];
  assert.is(cold.relaxation, anelasticSpectrum([shallow, deep], [0.05], shearBox)[0].relaxation);
});

test('orientation averages: the isotropic formulas against random rotations (Monte Carlo), J_u = 1/G and 1/E', () => {
  const S = complianceMatrix(iso);
  const E = (9 * K * G) / (3 * K + G);
  assert.ok(Math.abs(unrelaxedCompliance(S, 'shear', 'average') * G - 1) < 1e-12);
  assert.ok(Math.abs(unrelaxedCompliance(S, 'tension', 'average') * E - 1) < 1e-12);
  assert.ok(Math.abs(unrelaxedCompliance(S, 'shear', 'box') * G - 1) < 1e-12);
  // A general stress change; its strain tensor e (true strain) rotated at random, then γ_xy² = 4 e'_xy² and e'_xx² averaged.
  const ds = [0.013, -0.004, 0.021, 0.008, -0.011, 0.017]; // xx yy zz xy xz yz
  const voigt = [ds[0], ds[1], ds[2], ds[5], ds[4], ds[3]];
  const ev = S.map((row) => -row.reduce((a, s, b) => a + s * voigt[b], 0));
  const e = [[ev[0], ev[5] / 2, ev[4] / 2], [ev[5] / 2, ev[1], ev[3] / 2], [ev[4] / 2, ev[3] / 2, ev[2]]];
  const rng = createRng(7);
  let shear = 0, tension = 0;
  const samples = 200000;
  for (let s = 0; s < samples; s++) {
    // A uniformly random rotation from a random unit quaternion.
    let q = [rng.gaussian(), rng.gaussian(), rng.gaussian(), rng.gaussian()];
    const n = Math.hypot(...q);
    q = q.map((v) => v / n);
    const [w, x, y, z] = q;
    const R = [
      [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
      [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
    ];
    const proj = (u: number[], v: number[]) => u.reduce((a, ui, i) => a + ui * e[i].reduce((b, eij, j) => b + eij * v[j], 0), 0);
    shear += 4 * proj(R[0], R[1]) ** 2;
    tension += proj(R[0], R[0]) ** 2;
  }
  const mcShear = shear / samples, mcTension = tension / samples;
  const fShear = strainCoupling(S, ds, 'shear', 'average'), fTension = strainCoupling(S, ds, 'tension', 'average');
  assert.ok(Math.abs(mcShear / fShear - 1) < 0.01, `shear ${mcShear} vs ${fShear}`);
  assert.ok(Math.abs(mcTension / fTension - 1) < 0.01, `tension ${mcTension} vs ${fTension}`);
  // The box projections are the components themselves.
  assert.ok(Math.abs(strainCoupling(S, ds, 'shear', 'box') - (ds[3] / G) ** 2) < 1e-15);
  assert.ok(Math.abs(strainCoupling(S, ds, 'tension', 'box') - ev[0] ** 2) < 1e-15);
});

test('a full elastic matrix: S = C⁻¹ (C S = I), and an isotropic C gives the isotropic compliance', () => {
  const l = K - (2 * G) / 3;
  const C = Array.from({ length: 36 }, (_, k) => {
    const a = Math.floor(k / 6), b = k % 6;
    return a < 3 && b < 3 ? (a === b ? l + 2 * G : l) : a === b ? G : 0;
  });
  const full = complianceMatrix({ voigt: C });
  const isoS = complianceMatrix(iso);
  full.forEach((row, a) => row.forEach((v, b) => assert.ok(Math.abs(v - isoS[a][b]) < 1e-14, `S${a + 1}${b + 1}`)));
  const aniso = C.map((v, k) => v * (1 + 0.1 * Math.sin(k)));
  const S = complianceMatrix({ voigt: aniso });
  for (let a = 0; a < 6; a++) {
    for (let b = 0; b < 6; b++) {
      const cs = [0, 1, 2, 3, 4, 5].reduce((acc, c) => acc + 0.5 * (aniso[6 * a + c] + aniso[6 * c + a]) * S[c][b], 0);
      assert.ok(Math.abs(cs - (a === b ? 1 : 0)) < 1e-12, `(C S)${a}${b} = ${cs}`);
    }
  }
});

test('the attempt frequency sets the rate, not the strength: ×10 in ν0 moves the loss peak by kT ln 10 in barrier', () => {
  const T = 0.1, coupling = (0.01 / G) ** 2;
  const slow = relaxatorAt(event(), coupling, T, 1), fast = relaxatorAt(event({ nu0: 10 }), coupling, T, 1);
  assert.is(fast.dJ, slow.dJ);
  assert.ok(Math.abs(fast.logRate - slow.logRate - Math.log(10)) < 1e-12);
  const shifted = relaxatorAt(event({ nu0: 10, forward: 0.5 + T * Math.log(10), backward: 0.5 + T * Math.log(10) }), coupling, T, 1);
  assert.ok(Math.abs(shifted.logRate - slow.logRate) < 1e-12);
});

test('sampling: Chao1 on known counts, saturation, and an unbiased-enough estimate of a known number of events', () => {
  // hits: event 1 ×3, 2 ×1, 3 ×2, 4 ×1; two attempts found nothing.
  const s = estimateSampling([1, null, 2, 1, 3, 1, null, 4, 3], 100);
  assert.equal([s.attempts, s.accepted, s.distinct, s.singletons, s.doubletons], [9, 7, 4, 2, 1]);
  assert.ok(Math.abs(s.estimated - (4 + (2 * 1) / (2 * 2))) < 1e-12);
  assert.equal(s.saturation, [1, 1, 2, 2, 3, 3, 3, 4, 4]);
  assert.ok(s.interval[0] >= s.distinct && s.interval[1] > s.estimated);
  const saturated = estimateSampling([1, 2, 1, 2, 3, 3], 10);
  assert.is(saturated.estimated, 3);
  assert.is(saturated.weight, 1);
  // Attempts drawing uniformly from M = 60 events: the mean estimate over 300 repetitions is within 5 % of M
  // once n ≈ M draws are made, and the 95 % interval covers M in most repetitions.
  const rng = createRng(3);
  const M = 60, n = 60, reps = 300;
  let sum = 0, covered = 0;
  for (let r = 0; r < reps; r++) {
    const e = estimateSampling(Array.from({ length: n }, () => Math.floor(rng.uniform() * M)), 1000);
    sum += e.estimated;
    if (e.interval[0] <= M && M <= e.interval[1]) covered++;
  }
  assert.ok(Math.abs(sum / reps / M - 1) < 0.05, `mean estimate ${sum / reps}`);
  assert.ok(covered / reps > 0.85, `coverage ${covered / reps}`);
});

test.run();
