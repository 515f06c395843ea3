/**
 * The loss-spectrum workflows: `spectrum dma` on the shipped configs (tiny overrides) end to end
 * with resume and bad keys, and the tension config in process; the barrier-model spectrum of a
 * hand-written landscape.json (in process, and its refusal of an empty one on the command line);
 * `measured --json` end to end; the comparison writing its figure (in process).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { dynamicModuli } from '../analysis/spectra/fit.js';
import { debyePeakTemperature } from '../analysis/spectra/barriers.js';
import { loadDmaConfig } from '../analysis/spectra/dma-config.js';
import { memberDoneLine, runDmaMember } from '../analysis/spectra/dma-member.js';
import { dmaResultRows, runDmaSweep } from '../analysis/spectra/dma-sweep.js';
import { barrierModelSpectrum, writeBarrierModelSpectrum } from '../analysis/spectra/barrier-model-spectrum.js';
import { compareLossSpectra, writeComparison } from '../analysis/measured/comparison-report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const glass = join(root, 'test/fixtures/dma/ka256-glass.data');
const tmp = mkdtempSync(join(tmpdir(), 'betascape-spectra-cli-'));
const kB = 8.617343e-5;

const cli = (args: string[]) => spawnSync(process.execPath, ['cli/betascape.js', ...args], { encoding: 'utf8', cwd: root, timeout: 60000 });

/** A tiny sweep: the fixture glass, P = 2 τ, 3 cycles of 8 samples, 100 equilibration steps. */
const tiny = (out: string, temps: number[]) => [
  '--set', `output=${out}`, '--set', `sample={data: ${glass}}`, '--set', `scans=[{temperatures: [${temps.join(', ')}], periods: [2]}]`,
  '--set', 'cycles=3', '--set', 'equilibrate_steps=100', '--set', 'samples_per_cycle=8', '--set', 'jobs=2',
];

function readStress(file: string): { t: number[]; s: number[] } {
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => /^[0-9.eE+-]+,/.test(l)).map((l) => l.split(',').map(Number));
  return { t: rows.map((r) => r[0]), s: rows.map((r) => r[2]) };
}

test('spectrum dma runs the shipped shear config; a rerun skips finished members and keeps their numbers', () => {
  const out = join(tmp, 'shear');
  const first = cli(['spectrum', 'dma', 'configs/dma-ka.yaml', ...tiny(out, [0.05, 0.3]), '--json']);
  assert.is(first.status, 0, first.stderr);
  const rows = JSON.parse(first.stdout) as { member: string; T: number; period: number; storage: number; loss: number; strain_amplitude: number }[];
  assert.equal(rows.map((r) => r.member).sort(), ['T0.05_P2', 'T0.3_P2']);
  for (const r of rows) {
    // The member's numbers are the sine fit of the stress record it wrote (3 cycles, 1 transient).
    const { t, s } = readStress(join(out, r.member, 'stress.csv'));
    assert.is(t.length, 3 * 8);
    const m = dynamicModuli(t, s, 0.01, 2, 1);
    assert.ok(Math.abs(m.storage - r.storage) < 1e-9 * Math.abs(r.storage) && Math.abs(m.loss - r.loss) < 1e-9 * Math.abs(r.storage), `${r.member}: ${r.storage} vs refit ${m.storage}`);
    assert.ok(r.storage > 5 && r.storage < 40, `G' of a KA glass (static ≈ 20): ${r.storage}`);
  }
  // Shear moduli are named G' and G'' (E' and E'' are tension's); results.csv starts with its header.
  assert.match(first.stderr, /done T0\.05_P2: G' [-\d.]+ ± [\d.]+, G'' [-\d.]+ ± [\d.]+ epsilon\/sigma\^3, tan δ/);
  assert.not.match(first.stderr, /E'/);
  assert.match(readFileSync(join(out, 'results.csv'), 'utf8'), /^member,T,period,/);
  const units = JSON.parse(readFileSync(join(out, 'results.units.json'), 'utf8'));
  assert.equal([units.columns.storage, units.columns.period], ['epsilon/sigma^3', 'tau']);
  assert.match(units.description, /G' and G''/);
  const resultFile = join(out, 'T0.05_P2', 'result.json');
  const mtime = statSync(resultFile).mtimeMs;
  // Adding a temperature: only the new member runs; the finished ones are read back unchanged.
  const second = cli(['spectrum', 'dma', 'configs/dma-ka.yaml', ...tiny(out, [0.05, 0.3, 0.2]), '--json']);
  assert.is(second.status, 0, second.stderr);
  assert.match(second.stderr, /2 of 3 members already done; running 1/);
  assert.is(statSync(resultFile).mtimeMs, mtime);
  const again = JSON.parse(second.stdout) as typeof rows;
  assert.is(again.length, 3);
  for (const r of rows) {
    const b = again.find((x) => x.member === r.member)!;
    assert.is(b.storage, r.storage);
    assert.is(b.loss, r.loss);
  }
  // Other physics into the same directory is refused before anything runs.
  const clash = cli(['spectrum', 'dma', 'configs/dma-ka.yaml', ...tiny(out, [0.05]), '--set', 'strain_amplitude=0.02']);
  assert.is(clash.status, 2);
  assert.match(clash.stderr.trim(), /^[^\n]*holds a member run with other settings[^\n]*$/);
});

test('the DMA sweep runs the shipped tension config', async () => {
  const out = join(tmp, 'tension');
  const sets = tiny(out, [0.05]).filter((_, k) => k % 2 === 1);
  const { config, members } = loadDmaConfig(join(root, 'configs/dma-ka-tension.yaml'), sets);
  const serial = async (todo: typeof members, glass: string) => ({ results: todo.map((m) => runDmaMember(config, m, glass)), failures: [] });
  const { results, failures } = await runDmaSweep(config, members, serial, () => {});
  assert.equal(failures, []);
  const [row] = dmaResultRows(results);
  assert.is(row.mode, 'tension');
  assert.match(memberDoneLine(results[0]), /: E' [-\d.]+ ± [\d.]+, E'' /);
  // Young's modulus exceeds the shear modulus (E = 2G(1 + ν), ν ≈ 0.4 for KA).
  assert.ok(row.storage > 30 && row.storage < 120, `E' ${row.storage}`);
});

test('spectrum dma: a bad key or value is one line and exit 2, and nothing runs', () => {
  const out = join(tmp, 'bad');
  for (const [set, pattern] of [
    ['cycels=3', /--set: cycels: unknown key/],
    ['thermostat.kind=berendsen', /--set: thermostat\.kind: /],
  ] as const) {
    const r = cli(['spectrum', 'dma', 'configs/dma-ka.yaml', '--set', `output=${out}`, '--set', set]);
    assert.is(r.status, 2, `${set}: ${r.stderr}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  assert.not.ok(existsSync(out));
  const missing = cli(['spectrum', 'dma', join(tmp, 'no-such.yaml')]);
  assert.is(missing.status, 2);
  assert.match(missing.stderr, /no-such\.yaml: cannot read config/);
});

/** A landscape.json as landscape/database.ts writes it: one glass minimum and saddles above it (eV). */
function writeLandscape(dir: string, barriers: number[]): void {
  mkdirSync(dir, { recursive: true });
  const e0 = -3200.5;
  const minima = [{ id: 1, energy: e0 }, ...barriers.map((_, k) => ({ id: k + 2, energy: e0 + 0.01 * k }))];
  const saddles = barriers.map((b, k) => ({ id: k + 1, energy: e0 + b, minA: 1, minB: k + 2, initial: 1 }));
  const events = barriers.map((b, k) => ({ event: k + 1, initial: 1, saddle: k + 1, barrier: b }));
  writeFileSync(join(dir, 'landscape.json'), JSON.stringify({ units: 'metal', n_atoms: 500, minima, saddles, events }));
}

test('barrier model: a landscape of 0.9 eV barriers gives a β feature at the Debye temperature with a broad α', () => {
  const run = join(tmp, 'landscape-run');
  const barriers = [0.84, 0.86, 0.88, 0.89, 0.9, 0.9, 0.91, 0.92, 0.94, 0.96];
  writeLandscape(run, barriers);
  const out = join(tmp, 'barrier-spectrum');
  const spectrum = barrierModelSpectrum(run, { frequency: 1, heatingRate: 3, gamma: 0.5 });
  writeBarrierModelSpectrum(out, spectrum);
  const j = JSON.parse(JSON.stringify(spectrum));
  assert.is(j.units, 'metal');
  assert.is(j.n_barriers, barriers.length);
  const mean = barriers.reduce((a, b) => a + b, 0) / barriers.length;
  assert.ok(Math.abs(j.mean_barrier - mean) < 1e-9);
  assert.ok(Math.abs(j.Tg - mean / (26 * kB)) < 1e-6 * j.Tg, `default Tg = <E>/(26 k): ${j.Tg}`);
  assert.equal([j.Tg_source, j.temperature_unit], ['estimate <E_a>/(26 k_B)', 'K']);
  assert.equal([barrierModelSpectrum(run, { Tg: 400 }).Tg_source, barrierModelSpectrum(run, { Tg: 400 }).Tg], ['--Tg', 400]);
  // The β part of the model peaks where ωτ = 1 for the mean barrier; the decomposition must find it
  // there although the Cole–Davidson α (γ = 0.5) has a broad low-T flank.
  const Tdebye = debyePeakTemperature(mean, kB, 1, 1e-13);
  assert.ok(Math.abs(j.debye_peak_T_of_mean_barrier - Tdebye) < 1e-9 * Tdebye);
  assert.ok(j.decomposition.kind === 'peak' || j.decomposition.kind === 'shoulder', j.decomposition.kind);
  assert.ok(Math.abs(j.decomposition.beta_peak_T / Tdebye - 1) < 0.02, `T_β ${j.decomposition.beta_peak_T} vs ${Tdebye}`);
  const kb = j.beta_loss.indexOf(Math.max(...j.beta_loss));
  const intensity = j.beta_loss[kb] / Math.max(...j.loss_modulus);
  assert.ok(Math.abs(j.decomposition.beta_intensity - intensity) < 0.01, `β intensity ${j.decomposition.beta_intensity} vs ${intensity}`);
  assert.ok(existsSync(join(out, 'spectrum.json')) && existsSync(join(out, 'spectrum.svg')));
  // A landscape with no saddles (and no event barriers) is refused in one line.
  const empty = join(tmp, 'empty-run');
  writeLandscape(empty, []);
  const bad = cli(['spectrum', 'barriers', empty]);
  assert.is(bad.status, 2);
  assert.match(bad.stderr.trim(), /^[^\n]*landscape\.json: no barriers$/);
});

test('measured --json prints the fixture in SI units; a broken export is one line, exit 2', () => {
  const r = cli(['measured', 'test/fixtures/dma/ta-instruments.csv', '--json']);
  assert.is(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(Object.keys(s).sort(), ['detected', 'loss_modulus_Pa', 'storage_modulus_Pa', 'tan_delta', 'temperature_K']);
  assert.equal([s.detected.separator, s.detected.decimal_mark, s.detected.header_line], ['comma', '.', 7]);
  assert.equal(s.detected.columns.temperature, { column: 1, header: 'Temperature (°C)', unit: '°C', unit_from: 'column name' });
  // The curve the fixture was written from (fixtures/dma/README.md).
  const E1 = (t: number) => 30e9 * (1 - 0.5 / (1 + Math.exp(-(t - 480) / 10)));
  const E2 = (t: number) => 1e9 * Math.exp(-(((t - 490) / 15) ** 2)) + 0.05e9 + (0.02e9 * (t - 300)) / 200;
  assert.is(s.temperature_K.length, 12);
  s.temperature_K.forEach((t: number, i: number) => {
    assert.ok(Math.abs(t - (300 + 20 * i)) < 0.006, `T ${t}`);
    assert.ok(Math.abs(s.storage_modulus_Pa[i] / E1(300 + 20 * i) - 1) < 2e-4);
    assert.ok(Math.abs(s.loss_modulus_Pa[i] / E2(300 + 20 * i) - 1) < 2e-3);
  });
  // Without --json: what was detected goes to stderr; a loss-only export says what it cannot compute.
  const human = cli(['measured', 'test/fixtures/dma/loss-only.csv']);
  assert.is(human.status, 0, human.stderr);
  assert.match(human.stdout, /^12 points, T 300\.0\.\.520\.0 K; E''_max /);
  assert.match(human.stderr, /comma-separated, decimal mark '\.', header on line 2/);
  assert.match(human.stderr, /cannot compute E' or tan δ/);
  const bad = cli(['measured', 'test/fixtures/dma/broken-short-row.csv', '--json']);
  assert.is(bad.status, 2);
  assert.is(bad.stdout, '');
  assert.match(bad.stderr.trim(), /^[^\n]*broken-short-row\.csv:5: expected 4 columns, got 2$/);
});

test('the comparison writes compare.json and a Fig. 2-style compare.svg', () => {
  const sim = join(tmp, 'barrier-spectrum', 'spectrum.json');
  assert.ok(existsSync(sim), 'made by the barrier model test');
  const out = join(tmp, 'compare');
  const result = compareLossSpectra(sim, join(root, 'test/fixtures/dma/ta-instruments.csv'), {});
  writeComparison(out, result);
  const j = JSON.parse(JSON.stringify(result.record));
  const saved = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
  assert.is(saved.rmse, j.rmse);
  assert.ok(j.rmse > 0 && j.rmse < 1);
  // Both curves are normalised to 1 at their α peaks (T/T_α = 1) where the grid reaches it.
  const k = j.grid_T_over_Talpha.findIndex((x: number) => x >= 1);
  assert.ok(k > 0, 'the grid spans T/T_α = 1');
  assert.ok(Math.abs(j.simulated_normalised[k] - 1) < 0.02 && Math.abs(j.measured_normalised[k] - 1) < 0.02, `${j.simulated_normalised[k]}, ${j.measured_normalised[k]}`);
  assert.ok(Math.max(...j.simulated_normalised, ...j.measured_normalised) <= 1 + 1e-12, 'E\'\'/E\'\'_max ≤ 1');
  const svg = readFileSync(join(out, 'compare.svg'), 'utf8');
  const { document } = parseHTML(svg.replace(/^<\?xml[^>]*>\s*/, ''));
  const text = [...document.querySelectorAll('text')].map((t) => t.textContent).join(' ');
  assert.match(text, /simulated/);
  assert.match(text, /measured/);
  assert.match(text, /T \/ T_α-peak/);
  assert.ok(document.querySelectorAll('path').length >= 2, 'one line per spectrum');
});

test.run();
