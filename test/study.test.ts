import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { studyResults, type MemberAnalysis } from '../analysis/study/results.js';
import { spectrumGrid, spectrumStage } from '../analysis/study/stages.js';
import { barrierSpectrum, debyePeakTemperature } from '../analysis/spectra/barriers.js';
import { chromiumAvailable, renderPage } from './helpers/browser.js';

const bin = resolve('cli/betascape.js');
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

const dir = mkdtempSync(join(tmpdir(), 'study-'));
const config = join(dir, 'tiny.yaml');
const output = join(dir, 'out');
writeFileSync(config, `
name: tiny
output: ${output}
seeds: 2
base:
  n: 250
  thermostat: { damp: 0.5 }
  melt: { T: 2.0, duration: 2 }
  quench: { T_start: 1.0, T_end: 0.1, hold: 2 }
  sampling: { thermo_every: 20 }
samples:
  - { name: ka, model: ka, rate: 0.2, analogue: La60Ni15Al25 }
  - { name: weak, model: ${resolve('configs/models/ka-weak-ab.yaml')}, rate: 0.2, analogue: La60Cu15Al25 }
  - { name: ka-annealed, model: ka, rate: 0.2, anneal: { T: 0.3, duration: 5 } }
annealing: { as_quenched: ka, annealed: ka-annealed }
activation: { events: 2, max_climb_steps: 300 }
heterogeneity: { voxel: 2.0 }
spectrum: { points: 120 }
`);

/** Synthetic member analyses: β intensity grows with the fluctuation (rho = +1) or falls with it. */
function synthetic(sign: 1 | -1): MemberAnalysis[] {
  const out: MemberAnalysis[] = [];
  ['a', 'b', 'c'].forEach((sample, k) => {
    for (const seed of [1, 2, 3]) {
      const f = k + 0.1 * seed;
      out.push({
        sample, seed, dir: '', n: 100, units: 'lj', e_IS: -7 - 0.01 * k, Tg: 0.4, Tg_used: 0.4, quench_wall_s: 1,
        heterogeneity: { modulus_relative_width: f, soft_zone_size: f } as MemberAnalysis['heterogeneity'],
        crafm: { fluctuation_kHz: f, correlation_length_nm: f } as MemberAnalysis['crafm'],
        subbasins: { density: f, mean_barrier: 1 } as MemberAnalysis['subbasins'],
        spectrum: { beta_intensity: sign > 0 ? f : 5 - f, beta_peak_T_over_Tg: 0.5, kind: 'peak' } as MemberAnalysis['spectrum'],
      });
    }
  });
  return out;
}

test('verdict follows the numbers: a perfect positive rank correlation is reproduced, a negative one contradicted', () => {
  const up = studyResults(synthetic(1), ['a', 'b', 'c'], {});
  const fl = up.correlations.find((c) => c.measure === 'fluctuation')!;
  assert.is(fl.members.estimate, 1);
  assert.is(fl.members.n, 9);
  assert.ok(fl.members.lo > 0);
  assert.match(up.verdict.join(' '), /REPRODUCED/);
  const down = studyResults(synthetic(-1), ['a', 'b', 'c'], { annealing: { as_quenched: 'a', annealed: 'c' } });
  assert.match(down.verdict.join(' '), /CONTRADICTED/);
  // annealing: c has larger fluctuation and smaller β intensity than a
  const eff = down.annealing!.effects.find((e) => e.quantity === 'fluctuation')!;
  assert.ok(Math.abs(eff.relative.value - (2.2 - 0.2) / 0.2) < 1e-12);
});

test('spectrum stage: one barrier gives its β peak at the Debye temperature E/(k ln(1/ωτ0))', () => {
  const Tg = 0.4;
  const E = 2.0;
  const sp = spectrumStage([E], 1, 1, Tg, { frequency: 1, tau0: 1e-13, beta_strength: 0.2, beta_strength_per: 'glass', fragility: 40, gamma: 0.5, tau_inf: 1e-14, heating_rate: 3, T_min: 0.02, T_max: 1.3, points: 400 });
  const expected = debyePeakTemperature(E, 1, 1, 1e-13) / Tg;
  assert.is(sp.kind, 'peak');
  assert.ok(Math.abs(sp.beta_peak_T_over_Tg! - expected) / expected < 0.05, `${sp.beta_peak_T_over_Tg} vs ${expected}`);
  assert.ok(sp.beta_intensity > 0.05 && sp.beta_intensity < 1);
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

test('a bad config key: one line, exit 2, nothing runs', () => {
  const r = run(['study', config, '--set', 'activation.evnts=3']);
  assert.is(r.status, 2);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0], /activation\.evnts: unknown key/);
  const r2 = run(['study', config, '--set', 'base.quench.rates=[0.1]']);
  assert.is(r2.status, 2);
  assert.match(r2.stderr, /samples\[\]\.rate/);
});

let firstRun = '';
test('a tiny study runs end to end: report with every figure, results.json with the table', () => {
  const r = run(['study', config, '--jobs', '2', '--quiet']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /report: .*report\.html/);
  const results = JSON.parse(readFileSync(join(output, 'results.json'), 'utf8'));
  firstRun = JSON.stringify(results.table);
  assert.equal(results.table.map((t: { sample: string }) => t.sample), ['ka', 'weak', 'ka-annealed']);
  for (const row of results.table) {
    assert.is(row.seeds.length, 2);
    for (const key of ['modulus_width', 'fluctuation', 'beta_intensity', 'e_IS', 'Tg', 'subbasin_density']) assert.ok(Number.isFinite(row[key].mean), `${row.sample} ${key}`);
    assert.ok(['peak', 'shoulder', 'wing'].includes(row.beta_class));
  }
  // every member's e_IS is what its quench wrote
  for (const m of results.members) assert.is(m.e_IS, JSON.parse(readFileSync(join(m.dir, 'summary.json'), 'utf8')).e_is_per_atom);
  assert.ok(results.annealing.effects.length > 0);
  const ids = results.figures.map((f: { id: string }) => f.id);
  for (const id of ['fig2-spectra', 'fig3-map-ka', 'fig3-profiles', 'fig4-map-ka-annealed', 'fig4-histograms', 'fig4-subbasins-ka', 'fig4-spectra', 'quench-curves', 'is-distributions', 'correlation-fluctuation']) {
    assert.ok(ids.includes(id), id);
  }
  const html = readFileSync(join(output, 'report.html'), 'utf8');
  assert.is((html.match(/<figure /g) ?? []).length, ids.length);
  for (const f of results.figures) assert.ok(statSync(join(output, f.png)).size > 1000, f.png);
  assert.match(readFileSync(join(output, 'results.csv'), 'utf8'), /^sample,seeds,beta_class/m);
});

test('a rerun reuses every quench and analysis', () => {
  const summary = join(JSON.parse(readFileSync(join(output, 'results.json'), 'utf8')).members[0].dir, 'summary.json');
  const before = statSync(summary).mtimeMs;
  const t0 = performance.now();
  const r = run(['study', config, '--jobs', '2']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /0 to quench/);
  assert.match(r.stderr, /6 glasses already analysed; analysing 0/);
  assert.is(statSync(summary).mtimeMs, before);
  assert.is(JSON.stringify(JSON.parse(readFileSync(join(output, 'results.json'), 'utf8')).table), firstRun);
  assert.ok(performance.now() - t0 < 30_000);
});

test('the report renders in headless Chromium: every figure drawn, console clean', async () => {
  if (!chromiumAvailable()) {
    console.log('  SKIP: no chromium (Debian package `chromium`); study report not rendered in a browser');
    return;
  }
  const expected = JSON.parse(readFileSync(join(output, 'results.json'), 'utf8')).figures.length;
  const { problems } = await renderPage(join(output, 'report.html'), async (page, figures) => {
    assert.is(figures.length, expected);
    for (const f of figures) assert.ok(f.w > 100 && f.h > 100 && f.shapes > 3, JSON.stringify(f));
    await page.click('#toggles input[data-sample="weak"]');
    assert.ok(await page.$$eval('[data-label="weak"]', (els) => els.length > 0 && els.every((e) => (e as HTMLElement).style.display === 'none')));
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/study-report.png', fullPage: true });
  });
  assert.equal(problems, []);
});

test.run();
