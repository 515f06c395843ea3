import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLammpsDataFile } from '../sim/io/lammps-data.js';
import { referenceForceField } from '../sim/open-force-field.js';
import { kobAndersen } from '../sim/potentials/lj.js';
import { cloneState } from '../sim/state.js';
import { LJ_UNITS } from '../sim/units.js';
import { ConfigError } from '../sim/config/problems.js';
import { staticShearModulus } from '../analysis/spectra/oscillate.js';
import type { EventCatalogue } from '../analysis/spectra/event-catalogue.js';
import { dmaStage, isDmaCurrent, type DmaStageInput } from '../analysis/study/dma-stage.js';
import { dmaSchema, dmaPointFile } from '../analysis/study/dma-settings.js';
import { spectrumGrid, spectrumStage } from '../analysis/study/stages.js';
import { loadStudy } from '../analysis/study/config.js';
import { studyResults } from '../analysis/study/study-results.js';
import type { GlassAnalysis } from '../analysis/study/results.js';

const glassFile = fileURLToPath(new URL('./fixtures/dma/ka256-glass.data', import.meta.url));
const glass = parseLammpsDataFile(glassFile, { typeNames: ['A', 'B'] });
const ff = referenceForceField({ kind: 'lj', model: kobAndersen() }, 0.3);

test('MD-DMA stage: the elastic limit (T → 0) has tan δ ≈ 0 and G′ = the static shear modulus; a rerun reuses the point file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'study-dma-'));
  const e0 = 0.005;
  // T/Tg = 0.0025 of Tg = 0.4: T = 0.001, where a KA glass is harmonic on the scale of the drive.
  const settings = dmaSchema.parse({ T_over_Tg: [0.0025], period: 10, cycles: 4, transient_cycles: 1, strain_amplitude: e0, equilibrate: 1 });
  const input: DmaStageInput = {
    dir, glass: () => cloneState(glass), ff, units: LJ_UNITS, Tg: 0.4, seed: 3, settings,
    dynamics: { dt: 0.005, damp: 0.5, chain: 3, langevin: false }, key: { model: 'ka' },
  };
  const logs: string[] = [];
  const events = (T: number[]) => T.map(() => 0.001);
  const r = dmaStage(input, events, (m) => logs.push(m));
  assert.is(logs.length, 1);
  assert.is(r.mode, 'shear');
  assert.is(r.points.length, 1);
  const p = r.points[0];
  assert.ok(Math.abs(p.T - 0.001) < 1e-12);
  assert.is(p.event_tan_delta, 0.001);
  const G = staticShearModulus(glass, ff, LJ_UNITS, e0).modulus;
  assert.ok(Math.abs(p.storage / G - 1) < 0.03, `G′ ${p.storage} ± ${p.storage_err} vs static ${G}`);
  assert.ok(Math.abs(p.tan_delta) < 0.01 && Math.abs(p.tan_delta) < 4 * p.tan_delta_err + 0.002, `tan δ ${p.tan_delta} ± ${p.tan_delta_err}`);
  assert.ok(p.storage_err > 0 && p.tan_delta_err > 0);

  // Resume: the point's file is reused as it is (no MD, same numbers, file untouched).
  const file = join(dir, 'dma', dmaPointFile(0.0025));
  const mtime = statSync(file).mtimeMs;
  assert.ok(isDmaCurrent(input));
  const again = dmaStage(input, events, (m) => logs.push(m));
  assert.is(logs.length, 1);
  assert.equal(again, r);
  assert.is(statSync(file).mtimeMs, mtime);
  assert.is(JSON.parse(readFileSync(file, 'utf8')).settings.T_over_Tg, 0.0025);
  // Other settings (another period, another seed) make the point stale.
  assert.not.ok(isDmaCurrent({ ...input, settings: { ...settings, period: 20 } }));
  assert.not.ok(isDmaCurrent({ ...input, seed: 4 }));
});

test('point files: two decimals unless more are needed', () => {
  assert.is(dmaPointFile(0.5), 'T0.50.json');
  assert.is(dmaPointFile(0.7), 'T0.70.json');
  assert.is(dmaPointFile(0.125), 'T0.125.json');
});

/** An isotropic glass (G, K) as a 6 × 6 Voigt matrix. */
function isotropicVoigt(G: number, K: number): number[] {
  const l = K - (2 * G) / 3;
  return Array.from({ length: 36 }, (_, k) => {
    const a = Math.floor(k / 6), b = k % 6;
    return a < 3 && b < 3 ? (a === b ? l + 2 * G : l) : a === b ? G : 0;
  });
}

test('event spectrum at the MD period: one symmetric event peaks where (1/T) ωτ/(1 + ω²τ²) does, τ = 1/(2ν0 e^{−E/kT}), ω = 2π/P', () => {
  const Tg = 0.4, E = 0.1, nu0 = 1, P = 10;
  const cat: EventCatalogue = {
    file: 'synthetic', units: 'lj', volume: 1000, elasticConstants: isotropicVoigt(15, 50), header: {},
    events: [{ forward: E, backward: E, dsigma: [0, 0, 0, 0.01, 0, 0], weight: 1, nu0, extra: {} }],
  };
  const o = { frequency: 1, tau_seconds: 1e-12, mode: 'tension' as const, orientation: 'average' as const, fragility: 40, gamma: 0.5, tau_inf: 1e-14, heating_rate: 3, T_min: 0.02, T_max: 1.3, points: 2000, asymmetry: 'exact' as const, bandwidth_check: [] };
  const sp = spectrumStage(cat, LJ_UNITS, Tg, o, P);
  const md = sp.md!;
  assert.is(md.period, P);
  assert.is(md.frequency, 1 / P);
  assert.is(md.loss.length, sp.T_over_Tg.length);
  // A symmetric two-level event, weak enough (ΔJ/J_u ≈ 0.03) that G″ ∝ J″: ΔJ ∝ 1/kT, rate 2ν0 e^{−E/kT}; its loss maximum on the same grid.
  const omega = (2 * Math.PI) / P;
  const x = spectrumGrid(o);
  const model = x.map((t) => {
    const wt = omega / (2 * nu0 * Math.exp(-E / (t * Tg)));
    return wt / (1 + wt * wt) / t;
  });
  const expected = x[model.indexOf(Math.max(...model))];
  assert.ok(Math.abs(md.beta_peak_T_over_Tg! / expected - 1) < 0.01, `${md.beta_peak_T_over_Tg} vs ${expected}`);
  // At an MD frequency the α process (τ_α(Tg) = 100 s) is far above the grid: the loss is the events'.
  const k = md.beta.indexOf(Math.max(...md.beta));
  assert.ok(Math.abs(md.loss[k] / md.beta[k] - 1) < 1e-6);
  assert.ok(md.beta_intensity > 0.99 && md.beta_intensity <= 1 + 1e-12, `${md.beta_intensity}`);
});

test('a bad dma block: one line naming the key path', () => {
  const problems = (sets: string[]) => {
    try {
      loadStudy('configs/beta-heterogeneity-small.yaml', sets);
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    return [];
  };
  for (const [set, message] of [
    ['dma.perod=10', /dma\.perod: unknown key/],
    ['dma.period=0.0123', /dma\.period: sample ka: period 0\.0123 must be a whole number of steps/],
    ['dma.transient_cycles=40', /dma\.transient_cycles: must be below dma\.cycles/],
    ['dma.T_over_Tg=[0.5, 0.5]', /dma\.T_over_Tg\[1\]: 0\.5 is listed twice/],
    ['dma.strain_amplitude=0.5', /dma\.strain_amplitude: must be <= 0\.1/],
  ] as const) {
    const p = problems([set]);
    assert.ok(p.length >= 1, set);
    assert.ok(p.every((l) => !l.includes('\n')), set);
    assert.match(p[0], message);
  }
  assert.equal(problems(['dma={}']), []);
  assert.equal(loadStudy('configs/beta-heterogeneity-small.yaml', ['dma={}']).config.dma!.T_over_Tg, [0.5, 0.7]);
});

/** Synthetic glasses: fluctuation f, β intensity `beta(f)`, MD-DMA tan δ `tan(f)` at T/Tg 0.5 (three samples × three seeds). */
function synthetic(beta: (f: number) => number, tan: (f: number) => number): GlassAnalysis[] {
  return ['a', 'b', 'c'].flatMap((sample, k) => [1, 2, 3].map((seed): GlassAnalysis => {
    const f = k + 0.1 * seed;
    return {
      sample, seed, dir: '', n: 100, units: 'lj', e_IS: -7 - 0.01 * k, Tg: 0.4, Tg_used: 0.4, quench_wall_s: 1, scales: { nm_per_length: 0.25, kTg: 0.4 },
      heterogeneity: { modulus_relative_width: f, soft_zone_size: f } as GlassAnalysis['heterogeneity'],
      crafm: { fluctuation_relative: f, fluctuation_kHz: f, correlation_length_nm: f } as GlassAnalysis['crafm'],
      subbasins: { density: f, mean_barrier: 1 } as GlassAnalysis['subbasins'],
      spectrum: { beta_intensity: beta(f), beta_peak_T_over_Tg: 0.5, kind: 'peak', n_events: 5 } as GlassAnalysis['spectrum'],
      dma: {
        period: 10, mode: 'shear', time_unit: 'tau', stress_unit: 'epsilon/sigma^3',
        points: [{ T_over_Tg: 0.5, T: 0.2, storage: 15, storage_err: 0.1, loss: 15 * tan(f), loss_err: 0.1, tan_delta: tan(f), tan_delta_err: 0.01, event_tan_delta: 0.01 }],
      },
    };
  }));
}

test('the second β measure: MD-DMA tan δ through the same rules, agreement and disagreement said in the verdict', () => {
  const pairs = { annealing: { as_quenched: 'c', annealed: 'a' } };
  const same = studyResults(synthetic((f) => 0.1 * f, (f) => 0.05 + 0.01 * f), ['a', 'b', 'c'], pairs);
  assert.is(same.md_dma.length, 1);
  const c = same.md_dma[0];
  assert.is(c.measure, 'md_tan_delta_0.5');
  assert.is(c.correlation.members.estimate, 1);
  assert.is(c.between.members.estimate, 1);
  assert.equal(c.annealing!.seeds, [1, 2, 3]);
  assert.ok(c.annealing!.difference < 0 && c.annealing!.beyond_noise);
  assert.ok(Math.abs(c.mean_event_tan_delta - 0.01) < 1e-12);
  const text = same.verdict.join('\n');
  assert.match(text, /MD-DMA tan δ at T\/Tg = 0\.5 .*REPRODUCED.*the two β measures AGREE on the paper's correlation/);
  assert.match(text, /the two β measures AGREE on the annealing effect/);
  // MD-DMA tan δ falling with the fluctuation while β intensity rises: they disagree on both.
  const opposite = studyResults(synthetic((f) => 0.1 * f, (f) => 0.2 - 0.01 * f), ['a', 'b', 'c'], pairs).verdict.join('\n');
  assert.match(opposite, /CONTRADICTED.*the two β measures DISAGREE on the paper's correlation/);
  assert.match(opposite, /the two β measures DISAGREE on the annealing effect/);
  // No dma block: no second measure.
  const none = synthetic((f) => 0.1 * f, () => 0).map((m) => ({ ...m, dma: null }));
  assert.equal(studyResults(none, ['a', 'b', 'c'], pairs).md_dma, []);
});

test('bandwidth check: the main correlation again with β from other kernel widths, said to hold or not', () => {
  // β at width × 0.5 and × 2 rising with the fluctuation like the main β, or at × 2 falling with it.
  const withCheck = (wide: (f: number) => number) => synthetic((f) => 0.1 * f, () => 0.1).map((m) => {
    const f = m.crafm.fluctuation_relative!;
    return { ...m, spectrum: { ...m.spectrum, bandwidth_check: { factor: [0.5, 2], beta_intensity: [0.2 * f, wide(f)] } } };
  });
  const holds = studyResults(withCheck((f) => 0.05 * f), ['a', 'b', 'c'], {});
  assert.equal(holds.bandwidth_check!.map((b) => b.factor), [0.5, 2]);
  assert.is(holds.bandwidth_check![0].correlation.members.n, 9);
  // A glass with too few events for a width (the exact sum, asymmetry_bandwidth null) enters with its one β at every width.
  const fewer = withCheck((f) => 0.05 * f).map((m, k) => (k === 0 ? { ...m, spectrum: { ...m.spectrum, bandwidth_check: undefined, asymmetry_bandwidth: null } } : m));
  assert.is(studyResults(fewer, ['a', 'b', 'c'], {}).bandwidth_check![1].correlation.members.n, 9);
  assert.is(holds.bandwidth_check![1].correlation.members.estimate, 1);
  assert.match(holds.verdict.join('\n'), /Bandwidth check .*× 0\.5: .*REPRODUCED; × 2: .*REPRODUCED\. The main outcome \(REPRODUCED\) holds at every width/);
  const flips = studyResults(withCheck((f) => 1 - 0.05 * f), ['a', 'b', 'c'], {}).verdict.join('\n');
  assert.match(flips, /× 2: .*CONTRADICTED\. The main outcome \(REPRODUCED\) depends on the kernel width, so it is not firm/);
  // Exact spectra carry no check, and the verdict says nothing of widths.
  const exact = studyResults(synthetic((f) => 0.1 * f, () => 0.1), ['a', 'b', 'c'], {});
  assert.equal(exact.bandwidth_check, []);
  assert.not.match(exact.verdict.join('\n'), /Bandwidth check/);
});

test.run();
