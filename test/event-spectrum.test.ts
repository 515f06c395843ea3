/**
 * The event catalogue and its spectrum: `activate` writes catalogue.csv (stress changes from the
 * virial, Vineyard ν0, sampling weights), the catalogue spectrum reads it (in process at an MD
 * frequency; `spectrum events` end to end at the laboratory frequency), and broken catalogues end
 * in one line naming file:line and the column.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { silvermanBandwidth } from '../analysis/kernel-bandwidth.js';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalogue, readCatalogue } from '../analysis/spectra/event-catalogue.js';
import { catalogueSpectrum } from '../analysis/spectra/catalogue-spectrum.js';
import { EnergySurface } from '../landscape/energy-surface.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { createForceField } from '../sim/forces.js';
import { parseLammpsDataFile } from '../sim/io/lammps-data.js';
import { boxVolume, deformBox } from '../sim/box.js';
import { cloneState } from '../sim/state.js';
import { strainedBox } from '../analysis/heterogeneity/local-elasticity.js';
import { InputError } from '../sim/errors.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const glass = join(root, 'test/fixtures/dma/ka256-glass.data');
const tmp = mkdtempSync(join(tmpdir(), 'betascape-events-'));
const cli = (...args: string[]) => spawnSync(process.execPath, ['cli/betascape.js', ...args], { encoding: 'utf8', cwd: root, timeout: 120000 });

test('stress of a configuration: σ = (1/V) ∂E/∂ε by finite differences of the energy under affine strain', () => {
  const state = parseLammpsDataFile(glass, { typeNames: ['A', 'B'] });
  const pot = new LennardJones(kobAndersen());
  const surface = new EnergySurface(state, createForceField(pot, 0.3));
  const sigma = surface.stress(surface.current()); // xx yy zz xy xz yz
  const energyAt = (voigt: number, d: number) => {
    const s = cloneState(state);
    deformBox(s.box, strainedBox(state.box, voigt, d), s.x);
    const e = new EnergySurface(s, createForceField(pot, 0.3));
    return e.energy(e.current(), new Float64Array(3 * s.n));
  };
  const V = boxVolume(state.box), h = 1e-6;
  // Voigt index of each virial component; shear strains are engineering, so ∂E/∂γ = V σ.
  [[0, 0], [1, 1], [2, 2], [5, 3], [4, 4], [3, 5]].forEach(([voigt, c]) => {
    const fd = (energyAt(voigt, h) - energyAt(voigt, -h)) / (2 * h * V);
    assert.ok(Math.abs(fd - sigma[c]) < 1e-5 * Math.max(1, Math.abs(sigma[c])), `component ${c}: ${sigma[c]} vs ${fd}`);
  });
});

const run = join(tmp, 'act');

test('activate writes the event catalogue; its spectrum at an MD and (spectrum events) at the laboratory frequency', () => {
  const a = cli('activate', '--data', glass, '--model', 'ka', '--events', '4', '--seed', '7', '--max-climb-steps', '400', '--local-radius', '0', '--out', run, '--json');
  assert.is(a.status, 0, a.stderr);
  const summary = JSON.parse(a.stdout);
  // Header first (pandas reads it plainly); the catalogue's keys and units are in catalogue.units.json.
  assert.match(readFileSync(join(run, 'catalogue.csv'), 'utf8'), /^event,hits,adjacency,E_forward,/);
  const sidecar = JSON.parse(readFileSync(join(run, 'catalogue.units.json'), 'utf8'));
  assert.equal([sidecar.units, sidecar.columns.E_forward, sidecar.columns.dsigma_xy, sidecar.columns.nu0], ['lj', 'epsilon', 'epsilon/sigma^3', '1/tau']);
  const cat = readCatalogue(join(run, 'catalogue.csv'));
  assert.is(cat.units, 'lj');
  assert.is(cat.volume, sidecar.volume);
  assert.is(cat.elasticConstants!.length, 36);
  assert.ok(cat.elasticConstants![35] > 5 && cat.elasticConstants![35] < 40, `C66 ${cat.elasticConstants![35]}`);
  assert.is(cat.events.length, summary.catalogue_events);
  assert.ok(cat.events.length >= 1, 'the searches found an event out of the glass');
  const sampling = JSON.parse(readFileSync(join(run, 'sampling.json'), 'utf8'));
  assert.is(sampling.attempts, 4);
  assert.ok(existsSync(join(run, 'saturation.svg')));
  for (const e of cat.events) {
    assert.ok(e.forward >= 0 && e.backward >= 0);
    assert.ok(Math.abs(e.weight - sampling.weight) < 1e-12);
    assert.ok(e.dsigma.some((v) => v !== 0) && e.dsigma.every(Number.isFinite));
    assert.ok(e.volume! > 0);
  }
  const catalogue = readCatalogue(run);
  const md = (settings: Parameters<typeof catalogueSpectrum>[1]) => JSON.parse(JSON.stringify(catalogueSpectrum(catalogue, { frequency: 0.1, TMin: 0.02, TMax: 0.3, points: 15, ...settings }).record));
  const s = md({ orientation: 'box' });
  assert.is(s.T.length, 15);
  assert.is(s.T[0], 0.02);
  assert.is(s.T[14], 0.3);
  assert.ok(s.loss.every((v: number) => Number.isFinite(v) && v >= 0) && s.storage.every((v: number) => v > 0));
  assert.ok(Math.max(...s.loss) > 0, 'the events relax at the MD frequency');
  // ×10 in ν0 (one value for all): the loss moves toward lower temperature.
  const lo = md({ attemptFrequency: 0.3 });
  const hi = md({ attemptFrequency: 3 });
  const centre = (x: { T: number[]; loss: number[] }) => x.T.reduce((a, t, i) => a + t * x.loss[i], 0) / x.loss.reduce((a, v) => a + v, 0);
  assert.ok(centre(hi) < centre(lo), `${centre(hi)} vs ${centre(lo)}`);

  const out = join(tmp, 'lab');
  const lab = cli('spectrum', 'events', run, '--frequency-hz', '1', '--Tg', '0.42', '--out', out);
  assert.is(lab.status, 0, lab.stderr);
  const j = JSON.parse(readFileSync(join(out, 'spectrum.json'), 'utf8'));
  assert.is(j.frequency_hz, 1);
  assert.ok(Math.abs(j.frequency - 1e-12) < 1e-24, 'lj τ taken as 1 ps by default');
  const kAlpha = j.alpha_loss.indexOf(Math.max(...j.alpha_loss));
  assert.ok(j.T[kAlpha] > 0.8 * 0.42, `α peak near Tg: ${j.T[kAlpha]}`);
  assert.ok(existsSync(join(out, 'spectrum.svg')));
  assert.is(j.activation_spectrum.E.length, j.activation_spectrum.weight.length);
});

const header = 'E_forward,E_backward,dsigma_xx,dsigma_yy,dsigma_zz,dsigma_xy,dsigma_xz,dsigma_yz';
const broken: [string, string, RegExp][] = [
  ['missing-column.csv', `# units: lj\n# volume: 1000\nE_forward,E_backward,dsigma_xx,dsigma_yy,dsigma_zz,dsigma_xy,dsigma_xz\n0.1,0.2,0,0,0,0.01,0\n`, /missing-column\.csv:3: missing column dsigma_yz/],
  ['negative.csv', `# units: lj\n# volume: 1000\n${header}\n0.1,0.2,0,0,0,0.01,0,0\n-0.3,0.2,0,0,0,0.01,0,0\n`, /negative\.csv:5: column E_forward: expected a barrier >= 0, got '-0\.3'/],
  ['nan.csv', `# units: lj\n${header},weight\n0.1,0.2,0,0,0,NaN,0,0,1\n`, /nan\.csv:3: column dsigma_xy: expected a finite number, got 'NaN'/],
  ['empty.csv', '', /empty\.csv: empty event catalogue/],
];

test('broken catalogues: one line naming file:line and the column, exit 2, nothing written', () => {
  for (const [name, text, pattern] of broken) {
    const file = join(tmp, name);
    writeFileSync(file, text);
    assert.throws(() => parseCatalogue(text, file), (e: Error) => e instanceof InputError && pattern.test(e.message));
    const out = join(tmp, `out-${name}`);
    const r = cli('spectrum', 'events', file, '--frequency', '0.1', '--T-min', '0.1', '--T-max', '0.3', '--attempt-frequency', '1', '--shear-modulus', '15', '--out', out);
    assert.is(r.status, 2, r.stderr);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
    assert.not.ok(existsSync(out), 'nothing written');
  }
  // A catalogue without volume or elastic constants needs them from the command line.
  const bare = join(tmp, 'bare.csv');
  writeFileSync(bare, `${header}\n0.1,0.2,0,0,0,0.01,0,0\n`);
  const r = cli('spectrum', 'events', bare, '--units', 'lj', '--frequency', '0.1', '--T-min', '0.1', '--T-max', '0.3', '--attempt-frequency', '1', '--shear-modulus', '15', '--json');
  assert.is(r.status, 2);
  assert.match(r.stderr, /no box volume/);
  const ok = cli('spectrum', 'events', bare, '--units', 'lj', '--frequency', '0.1', '--T-min', '0.1', '--T-max', '0.3', '--attempt-frequency', '1', '--shear-modulus', '15', '--volume', '1000', '--json');
  assert.is(ok.status, 0, ok.stderr);
});

test('--asymmetry smoothed: Silverman width over the asymmetries, the exact sum with one event; a bad width is one line', () => {
  const file = join(tmp, 'three.csv');
  writeFileSync(file, `# units: lj\n# volume: 1000\n${header}\n0.3,0.2,0,0,0,0.01,0,0\n0.5,0.9,0,0,0,0.02,0,0\n0.4,0.45,0,0,0,0.015,0,0\n`);
  const args = [file, '--frequency', '0.1', '--T-min', '0.02', '--T-max', '0.3', '--points', '12', '--attempt-frequency', '1', '--shear-modulus', '15', '--json'];
  const run = (...more: string[]) => {
    const r = cli('spectrum', 'events', ...args, ...more);
    assert.is(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const exact = run(), smooth = run('--asymmetry', 'smoothed');
  assert.is(exact.asymmetry, 'exact');
  assert.is(exact.asymmetry_bandwidth, null);
  assert.ok(Math.abs(smooth.asymmetry_bandwidth - silvermanBandwidth([0.1, -0.4, -0.05])!) < 1e-12);
  assert.ok(smooth.loss.some((v: number, i: number) => Math.abs(v / exact.loss[i] - 1) > 0.01), 'smoothing changes the loss');
  assert.is(run('--asymmetry', 'smoothed', '--asymmetry-bandwidth', '0.2').asymmetry_bandwidth, 0.2);
  const one = join(tmp, 'one.csv');
  writeFileSync(one, `# units: lj\n# volume: 1000\n${header}\n0.3,0.2,0,0,0,0.01,0,0\n`);
  const single = (...more: string[]) => JSON.parse(cli('spectrum', 'events', one, ...args.slice(1), ...more).stdout);
  assert.equal(single('--asymmetry', 'smoothed').loss, single().loss);
  const bad = cli('spectrum', 'events', ...args, '--asymmetry', 'smoothed', '--asymmetry-bandwidth', '0');
  assert.is(bad.status, 2);
  assert.is(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /--asymmetry-bandwidth: must be > 0/);
});

test.run();
