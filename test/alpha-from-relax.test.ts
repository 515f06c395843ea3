/**
 * The α process from a `relax` result (its VFT fit) instead of the parametrised fragility and Tg:
 * the conversion keeps τ_α(T), and the α peak of the loss at frequency f sits where Cole–Davidson's
 * loss (1 + x²)^(−γ/2) sin(γ atan x), x = ωτ_α, peaks: d/dφ [cos^γ φ sin γφ] = γ cos^(γ−1) φ
 * cos((γ + 1)φ) = 0 at φ = atan x, so x* = tan(π / (2(γ + 1))) (1 for Debye, √3 for γ = 1/2), at
 * at every temperature scan since τ_α(T) is monotonic, as long as the peak lies above the fictive
 * temperature (below it τ_α grows more slowly, but still grows, so x > x* there too). The heating
 * rate is 3 × 10⁻³ ε/k_B per minute (3 K/min for ε/k_B ≈ 1000 K). The temperatures are a grid, so
 * the peak is found within one grid step; the one event of the test catalogue has barriers of
 * 40 ε, which do not relax at 1 Hz below T = 1, and a stress change of 10⁻⁶: it adds nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alphaFromVft, fictiveTemperature, vftTau } from '../analysis/spectra/alpha.js';
import { catalogueSpectrum } from '../analysis/spectra/catalogue-spectrum.js';
import { readCatalogue } from '../analysis/spectra/event-catalogue.js';
import { alphaProcess, spectrumStage, type SpectrumSettings } from '../analysis/study/stages.js';
import { loadStudy } from '../analysis/study/config.js';
import { ConfigError } from '../sim/config/problems.js';
import { InputError } from '../sim/errors.js';
import { unitsByName } from '../sim/units.js';

const dir = mkdtempSync(join(tmpdir(), 'alpha-from-relax-'));
/** The KA fit of docs/structure.md (N = 1000, seed 1), in τ. */
const VFT = { tau0: 0.271, D: 2.69, T0: 0.364 };
const TAU_S = 1e-12;
const RATE = 3e-3;
const relaxDir = join(dir, 'relax');
mkdirSync(relaxDir);
writeFileSync(join(relaxDir, 'relax.json'), JSON.stringify({ model: 'ka', units: 'lj', temperatures: [], vft: { ...VFT, rms: 0.01 } }));
const iso = (l: number, m: number) => [[l + 2 * m, l, l, 0, 0, 0], [l, l + 2 * m, l, 0, 0, 0], [l, l, l + 2 * m, 0, 0, 0], [0, 0, 0, m, 0, 0], [0, 0, 0, 0, m, 0], [0, 0, 0, 0, 0, m]].flat();
const catalogueFile = join(dir, 'catalogue.csv');
writeFileSync(catalogueFile, `# units: lj\n# volume: 1000\n# elastic_constants: ${iso(20, 15).join(' ')}\nE_forward,E_backward,dsigma_xx,dsigma_yy,dsigma_zz,dsigma_xy,dsigma_xz,dsigma_yz,nu0\n40,40,0,0,0,1e-6,0,0,1\n`);
const cat = readCatalogue(catalogueFile);

/** The temperature where ωτ_α = x* (s: seconds per τ). */
const peakT = (gamma: number, hz: number) => {
  const x = Math.tan(Math.PI / (2 * (gamma + 1)));
  return VFT.T0 + (VFT.D * VFT.T0) / Math.log(x / (2 * Math.PI * hz * VFT.tau0 * TAU_S));
};

test('alphaFromVft: the same τ_α(T) as the fit, in seconds; τ_α(Tg) = 100 s', () => {
  const a = alphaFromVft(VFT, TAU_S, 0.5);
  for (const T of [0.38, 0.4, 0.5, 0.6, 1.0]) {
    const want = VFT.tau0 * TAU_S * Math.exp((VFT.D * VFT.T0) / (T - VFT.T0));
    assert.ok(Math.abs(vftTau(a, T) / want - 1) < 1e-10, `T = ${T}: ${vftTau(a, T)} vs ${want}`);
  }
  assert.ok(Math.abs(vftTau(a, a.Tg) / 100 - 1) < 1e-10);
  assert.ok(a.Tg > 0.39 && a.Tg < 0.40, `Tg = ${a.Tg}`);
  assert.throws(() => alphaFromVft({ ...VFT, T0: 0 }, TAU_S, 0.5), (e: Error) => e instanceof InputError && /Arrhenius/.test(e.message));
});

test('spectrum events --alpha: the α peak of the loss where ωτ_α(T) = tan(π/(2(γ+1))), within a grid step', () => {
  for (const [gamma, hz] of [[1, 1], [0.5, 1], [0.5, 1e4]]) {
    const T = peakT(gamma, hz);
    const TMin = T - 0.02, TMax = T + 0.02, points = 401;
    const { record } = catalogueSpectrum(cat, { frequencyHz: hz, alphaFrom: relaxDir, gamma, TMin, TMax, points, attemptFrequency: 1, heatingRate: RATE });
    const k = record.alpha_loss.indexOf(Math.max(...record.alpha_loss));
    assert.ok(Math.abs(record.T[k] - T) <= (TMax - TMin) / (points - 1), `γ = ${gamma}, ${hz} Hz: peak at ${record.T[k]}, ωτ = x* at ${T}`);
    assert.ok(Math.max(...record.beta_loss) < 1e-9 * Math.max(...record.alpha_loss), 'the event adds nothing');
    const a = record.alpha!;
    assert.ok(fictiveTemperature(a, RATE) < T, 'the peak lies in the equilibrium liquid (above the fictive temperature)');
    assert.is(record.Tg, a.Tg, 'without --Tg, Tg is where τ_α = 100 s');
    assert.equal(['from' in a && a.from, 'vft' in a && a.vft], [join(relaxDir, 'relax.json'), { ...VFT, rms: 0.01 }]);
  }
  const bad = (settings: Parameters<typeof catalogueSpectrum>[1], pattern: RegExp) =>
    assert.throws(() => catalogueSpectrum(cat, { TMin: 0.3, TMax: 0.5, ...settings }), (e: Error) => e instanceof InputError && pattern.test(e.message));
  bad({ frequency: 0.1, alphaFrom: relaxDir }, /--alpha: the α process belongs to a laboratory spectrum/);
  bad({ frequencyHz: 1, alphaFrom: join(dir, 'none') }, /--alpha: no relax result at .*none/);
  writeFileSync(join(dir, 'nofit.json'), JSON.stringify({ temperatures: [], vft: null, vft_note: 'τ_α found at 2 temperature(s); VFT needs 3' }));
  bad({ frequencyHz: 1, alphaFrom: join(dir, 'nofit.json') }, /has no VFT fit \(τ_α found at 2/);
});

const settings: SpectrumSettings = {
  frequency: 1, tau_seconds: TAU_S, mode: 'tension', orientation: 'average', fragility: 40, gamma: 0.5, tau_inf: 1e-14, heating_rate: RATE,
  T_min: 0.8, T_max: 1.3, points: 2001, asymmetry: 'exact' as const, bandwidth_check: [],
};

test('study spectrum stage with spectrum.alpha_from: the α peak at ωτ_α = √3 on its T/Tg grid; without it, as before', () => {
  const lj = unitsByName('lj'), Tg = 0.42;
  const r = spectrumStage(cat, lj, Tg, { ...settings, alpha_from: join(relaxDir, 'relax.json') });
  const step = Math.log(settings.T_max / settings.T_min) / (settings.points - 1);
  const T = peakT(0.5, 1);
  assert.ok(Math.abs(Math.log((r.alpha_peak_T_over_Tg * Tg) / T)) <= step, `peak at ${r.alpha_peak_T_over_Tg * Tg}, ωτ = √3 at ${T}`);
  assert.equal(r.alpha_vft!.Tg, alphaFromVft(VFT, TAU_S, 0.5).Tg);
  const plain = spectrumStage(cat, lj, Tg, settings);
  assert.not.ok('alpha_vft' in plain);
  assert.ok(Math.abs(plain.alpha_peak_T_over_Tg - r.alpha_peak_T_over_Tg) > 0.01, 'the parametrised α (m = 40 at Tg = 0.42) peaks elsewhere');
  assert.throws(() => alphaProcess(unitsByName('metal'), Tg, { ...settings, alpha_from: relaxDir }), (e: Error) => e instanceof InputError && /lj units .* the glass in metal/.test(e.message));
});

const study = (spectrum: string) => {
  const f = join(dir, `study-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(f, `
output: ${dir}/out
seeds: 1
base:
  n: 256
  dt: 0.005
  melt: { T: 2.0, duration: 1 }
  quench: { T_start: 1.0, T_end: 0.05, hold: 1 }
samples:
  - { name: ka, model: ka, rate: 0.01 }
  - { name: wa, model: wahnstrom, rate: 0.01, analysis: { spectrum: { alpha_from: relax } } }
${spectrum}`);
  return f;
};
const TWO_KA = 'samples=[{name: ka, model: ka, rate: 0.01}, {name: kb, model: ka, rate: 0.1}]';
const problems = (f: string): string[] => {
  try {
    loadStudy(f);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

test('study config: spectrum.alpha_from is optional with no default, resolved against the config, checked against the model', () => {
  const noKey = loadStudy(study('spectrum: { points: 240 }'), [TWO_KA]);
  for (const g of noKey.glasses) assert.not.ok('alpha_from' in g.settings.spectrum, 'absent key: the settings (and stage keys) as before');
  const p = problems(study('spectrum: { alpha_from: relax }'));
  assert.is(p.length, 1, p.join('\n'));
  assert.match(p[0], /:11: samples\[1\]\.analysis\.spectrum\.alpha_from: the relax fit .* is of model ka \(lj\), this sample's is wahnstrom \(lj\)/);
  const ok = loadStudy(study('spectrum: { alpha_from: relax }'), [TWO_KA]);
  assert.is(ok.glasses[0].settings.spectrum.alpha_from, relaxDir);
  assert.match(problems(study('spectrum: { alpha_from: nowhere }')).join('\n'), /spectrum\.alpha_from: no relax result at .*nowhere/);
});

test.run();
