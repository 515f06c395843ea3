/**
 * Inversion of a loss spectrum E''(T) into an activation-energy spectrum g(E)
 * (analysis/measured/inversion.ts); the comparison with the inversion in process, and
 * `compare --invert --axis Tg --json` and a bad input end to end.
 * References: spectra generated with the forward kernel ½ sech(E/kT − L) on a fine grid from a
 * known g(E) (independent of the inversion's own grid), and the analytic crude-inversion limit.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { activationDensity, crudeInversion, forwardLoss, invertLossSpectrum, logFactor, nnlsNormal } from '../analysis/measured/inversion.js';
import { createRng } from '../sim/random.js';
import { compareLossSpectra, writeComparison } from '../analysis/measured/comparison-report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'betascape-inversion-'));
const cli = (args: string[]) => spawnSync(process.execPath, ['cli/betascape.js', ...args], { encoding: 'utf8', cwd: root, timeout: 60000 });

const k = 8.617343e-5; // eV/K
const f = 1;
const tau0 = 1e-13;
const opts = { frequency: f, tau0, boltzmann: k };
const gauss = (x: number, m: number, s: number) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));

/** ∫ g dE over lo < E/kTg ≤ hi (trapezoid by interval midpoints), in units of kTg. */
function windowArea(E: number[], g: number[], kTg: number, lo: number, hi: number): number {
  let a = 0;
  for (let j = 1; j < E.length; j++) {
    const xm = (E[j] + E[j - 1]) / (2 * kTg);
    if (xm > lo && xm <= hi) a += 0.5 * (g[j] + g[j - 1]) * (E[j] - E[j - 1]);
  }
  return a;
}
/** Position (E/kTg) of the maximum of g in (lo, hi], refined by a parabola through three points. */
function windowPeak(E: number[], g: number[], kTg: number, lo: number, hi: number): number {
  let b = -1;
  for (let j = 1; j < E.length - 1; j++) if (E[j] / kTg > lo && E[j] / kTg <= hi && (b < 0 || g[j] > g[b])) b = j;
  const [a, c, d] = [g[b - 1], g[b], g[b + 1]];
  const den = a - 2 * c + d;
  return (E[b] + (den < 0 ? (0.5 * (E[b + 1] - E[b]) * (a - d)) / den : 0)) / kTg;
}
function windowSd(E: number[], g: number[], kTg: number, lo: number, hi: number): number {
  let a = 0, m1 = 0, m2 = 0;
  for (let j = 1; j < E.length; j++) {
    const xm = (E[j] + E[j - 1]) / (2 * kTg);
    if (!(xm > lo && xm <= hi)) continue;
    const d = 0.5 * (g[j] + g[j - 1]) * (E[j] - E[j - 1]);
    a += d;
    m1 += d * xm;
    m2 += d * xm * xm;
  }
  return Math.sqrt(m2 / a - (m1 / a) ** 2);
}

// (1) Two Gaussian barrier bands: 26 kTg (σ 2 kTg, area 0.05) and 15 kTg (σ 1.5 kTg, area 0.02),
// Tg = 400 K, 101 temperatures 0.3..1.3 Tg, noise 1% of max E'' (additive Gaussian, seed 1).
const Tg = 400;
const kTg = k * Tg;
const fine = Array.from({ length: 4001 }, (_, j) => (2 + 0.01 * j) * kTg);
const gTrue = fine.map((e) => (0.05 * gauss(e / kTg, 26, 2) + 0.02 * gauss(e / kTg, 15, 1.5)) / kTg);
const T1 = Array.from({ length: 101 }, (_, i) => 0.3 * Tg + Tg * i / 100);
const clean = forwardLoss(T1, fine, gTrue, opts);
const lossMax = Math.max(...clean);
const rng = createRng(1);
const noisy = clean.map((v) => v + 0.01 * lossMax * rng.gaussian());
const inv = invertLossSpectrum(T1, noisy, opts);

test('two barrier bands with 1% noise: peaks within 2%, areas within 5%, width deconvolved', () => {
  // Measured (seed 1): 26 kTg peak −0.11%, area +0.16%; 15 kTg peak −0.21%, area +0.7%;
  // over seeds 1..20 the largest errors were 1.0% (peaks), 0.8% (26 kTg area), 2.6% (15 kTg area).
  const [a1, a2] = [windowArea(fine, gTrue, kTg, 20.5, 34), windowArea(fine, gTrue, kTg, 9, 20.5)];
  const p1 = windowPeak(inv.E, inv.g, kTg, 20.5, 34);
  const p2 = windowPeak(inv.E, inv.g, kTg, 9, 20.5);
  const r1 = windowArea(inv.E, inv.g, kTg, 20.5, 34) / a1 - 1;
  const r2 = windowArea(inv.E, inv.g, kTg, 9, 20.5) / a2 - 1;
  console.log(`  λ ${inv.lambda.toPrecision(2)} (${inv.lambdaRule}); 26 kTg band: peak ${p1.toFixed(3)}, area ${(100 * r1).toFixed(2)}%; 15 kTg band: peak ${p2.toFixed(3)}, area ${(100 * r2).toFixed(2)}%`);
  assert.ok(Math.abs(p1 / 26 - 1) < 0.02, `peak 1 at ${p1}`);
  assert.ok(Math.abs(p2 / 15 - 1) < 0.02, `peak 2 at ${p2}`);
  assert.ok(Math.abs(r1) < 0.05, `area 1 off by ${r1}`);
  assert.ok(Math.abs(r2) < 0.05, `area 2 off by ${r2}`);
  // The crude estimate is the band convolved with the kernel (sd (π/2) kT ≈ 1.45 kTg at 0.92 Tg):
  // √(2² + 1.45²) ≈ 2.47 kTg; the regularised inversion undoes most of it (measured 2.00 vs 2.44).
  const sd = windowSd(inv.E, inv.g, kTg, 20.5, 34);
  const sdCrude = windowSd(inv.crude.E, inv.crude.g, kTg, 20.5, 34);
  assert.ok(Math.abs(sd / 2 - 1) < 0.15, `recovered sd ${sd} kTg`);
  assert.ok(sdCrude > 2.25 && sd < sdCrude, `crude sd ${sdCrude}, recovered ${sd}`);
  // The fit leaves the noise: ||K g − E''|| ≈ σ √n (measured 0.91 σ√n).
  const ratio = inv.residualNorm / (0.01 * lossMax * Math.sqrt(T1.length));
  assert.ok(ratio > 0.7 && ratio < 1.2, `residual / σ√n = ${ratio}`);
  assert.is(inv.lambdaRule, 'gcv');
  assert.not.ok(inv.lambdaAtScanEdge, 'GCV has an interior minimum on noisy data');
  assert.is(inv.fitted.length, T1.length);
});

test('one Debye relaxator: the crude inversion peaks at E = kT_peak L and keeps the strength', () => {
  const E0 = 0.9;
  const L = logFactor(f, tau0);
  const T = Array.from({ length: 2001 }, (_, i) => 150 + 0.2 * i);
  const loss = T.map((t) => 0.5 / Math.cosh(E0 / (k * t) - L)); // strength Δ = 1
  const c = crudeInversion(T, loss, opts);
  let b = 0;
  c.g.forEach((v, i) => (v > c.g[b] ? (b = i) : 0));
  const Tpeak = E0 / (k * L);
  // Exact maximum of sech(E0/kT − L)/T: E = E0 / (1 + 1/L²) (−0.13% at L = 28.1).
  assert.ok(Math.abs(c.E[b] / (k * Tpeak * L) - 1) < 0.003, `crude peak ${c.E[b]} vs kT_peak L = ${k * Tpeak * L}`);
  assert.ok(Math.abs(c.E[b] - E0 / (1 + 1 / L ** 2)) < 0.0006, `crude peak ${c.E[b]} vs E0/(1 + 1/L²)`);
  const area = c.g.reduce((a, v, i) => (i > 0 ? a + 0.5 * (v + c.g[i - 1]) * (c.E[i] - c.E[i - 1]) : a), 0);
  assert.ok(Math.abs(area - 1) < 0.01, `crude ∫g dE = ${area}`);
  // The regularised inversion of the same curve (every 10th point) puts a narrow band at E0.
  const Ts = T.filter((_, i) => i % 10 === 0);
  const full = invertLossSpectrum(Ts, Ts.map((t) => 0.5 / Math.cosh(E0 / (k * t) - L)), opts);
  const p = windowPeak(full.E, full.g, 1, 0, Infinity);
  assert.ok(Math.abs(p / E0 - 1) < 0.01, `inverted peak ${p}`);
  assert.ok(Math.abs(full.area - 1) < 0.03, `inverted ∫g dE = ${full.area}`);
});

test('g ≥ 0 everywhere, also where the data are mostly noise; the NNLS solution meets the KKT conditions', () => {
  assert.ok(inv.g.every((v) => v >= 0), 'two-band inversion');
  const weak = clean.map((v) => 0.05 * v + 0.01 * lossMax * rng.gaussian()); // half the points negative-ish
  const w = invertLossSpectrum(T1, weak, opts);
  assert.ok(w.g.every((v) => v >= 0 && Number.isFinite(v)), 'noise-dominated inversion');
  assert.ok(w.g.some((v) => v === 0), 'the constraint is active somewhere');
  // KKT on a random 30 × 30 problem: ∇ = c − Hx is 0 on the free set and ≤ 0 where x = 0.
  const r = createRng(5);
  const n = 30;
  const A = Array.from({ length: 40 }, () => Array.from({ length: n }, () => r.gaussian()));
  const yv = Array.from({ length: 40 }, () => r.gaussian());
  const H = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => A.reduce((s, row) => s + row[i] * row[j], 0)));
  const c = Float64Array.from({ length: n }, (_, i) => A.reduce((s, row, m) => s + row[i] * yv[m], 0));
  const x = nnlsNormal(H, c);
  const grad = Array.from({ length: n }, (_, i) => c[i] - H[i].reduce((s, v, j) => s + v * x[j], 0));
  assert.ok(Array.from(x).every((v) => v >= 0));
  assert.ok(Array.from(x).some((v) => v === 0) && Array.from(x).some((v) => v > 0), 'a mixed active set');
  x.forEach((v, i) => assert.ok(v > 0 ? Math.abs(grad[i]) < 1e-9 : grad[i] < 1e-9, `KKT at ${i}: x ${v}, ∇ ${grad[i]}`));
});

test('activationDensity: a weighted Gaussian kernel density with ∫ = Σ w', () => {
  const grid = Array.from({ length: 2001 }, (_, i) => i * 0.02);
  const d = activationDensity([10, 20], [1, 3], grid, 1);
  const area = d.density.reduce((a, v, i) => (i > 0 ? a + 0.5 * (v + d.density[i - 1]) * 0.02 : a), 0);
  assert.ok(Math.abs(area - 4) < 1e-6, `area ${area}`);
  assert.ok(Math.abs(d.density[1000] - 3 / Math.sqrt(2 * Math.PI)) < 1e-6, 'peak height at E = 20');
  const s = activationDensity([9, 10, 11, 10.5, 9.5], undefined, grid);
  assert.ok(s.bandwidth > 0.2 && s.bandwidth < 1, `Silverman bandwidth ${s.bandwidth}`);
});

// A measured DMA export: β band at 24 kTg (Tg = 480 K, σ 2.5 kTg) through the forward kernel plus
// a sech α peak at 520 K; 1 Hz in a frequency column. A simulated spectrum JSON (lj units) with
// Tg 0.4 and 40 event energies around 26 kTg.
function writeInputs(dir: string, simExtra: Record<string, unknown> = {}): { sim: string; meas: string } {
  const TgM = 480;
  const fineM = Array.from({ length: 801 }, (_, j) => (10 + 0.05 * j) * k * TgM);
  const g = fineM.map((e) => (0.1e9 * gauss(e / (k * TgM), 24, 2.5)) / (k * TgM));
  const T = Array.from({ length: 66 }, (_, i) => 300 + 4 * i);
  const beta = forwardLoss(T, fineM, g, opts);
  const rows = T.map((t, i) => `${(t - 273.15).toFixed(2)},${(30000 - 10 * i).toFixed(1)},${((1e9 / Math.cosh(1.5e4 * (1 / t - 1 / 520)) + beta[i]) / 1e6).toFixed(4)},1`);
  const meas = join(dir, 'measured.csv');
  writeFileSync(meas, ['Sample: synthetic', 'Temperature (°C),Storage Modulus (MPa),Loss Modulus (MPa),Frequency (Hz)', ...rows].join('\n') + '\n');
  const Ts = Array.from({ length: 61 }, (_, i) => 0.2 + 0.005 * i);
  const Es = Array.from({ length: 40 }, (_, i) => 0.4 * (26 + 1.5 * Math.sin(1.7 * i) + 0.8 * Math.cos(2.9 * i)));
  const lossS = Ts.map((t) => 1 / Math.cosh(60 * (1 / t - 1 / 0.45)) + (0.2 * Es.reduce((a, e) => a + 0.5 / Math.cosh(e / t - 28.2), 0)) / Es.length);
  const sim = join(dir, 'sim.json');
  writeFileSync(sim, JSON.stringify({ temperature: Ts, loss_modulus: lossS, Tg: 0.4, boltzmann: 1, units: 'lj', activation_spectrum: { E: Es, weight: Es.map(() => 1) }, ...simExtra }));
  return { sim, meas };
}

test('the comparison with the inversion writes inversion.json and activation-spectrum.svg; its record holds the inversion', () => {
  const { sim, meas } = writeInputs(tmp);
  const out = join(tmp, 'cmp');
  const result = compareLossSpectra(sim, meas, { invert: true, TgMeasured: 480 });
  writeComparison(out, result);
  const j = JSON.parse(JSON.stringify(result.record));
  for (const f of ['compare.json', 'compare.svg', 'inversion.json', 'activation-spectrum.svg']) assert.ok(existsSync(join(out, f)), f);
  const saved = JSON.parse(readFileSync(join(out, 'inversion.json'), 'utf8'));
  assert.equal(saved, j.inversion);
  assert.is(saved.frequency, 1);
  assert.is(saved.frequency_source, 'file');
  assert.is(saved.Tg_measured_source, 'option');
  assert.is(saved.range, 'below-alpha');
  assert.ok(Math.abs(saved.alpha_peak_T - 520) < 1e-9 && saved.T_max < 520, `inverted below the α peak: ${saved.T_max}`);
  assert.ok(saved.lambda > 0 && saved.lambda_rule === 'gcv');
  assert.ok(saved.g.every((v: number) => v >= 0));
  assert.is(saved.E_over_kTg.length, saved.g.length);
  // The β band is at 24 kTg; the events around 26 kTg (their mean is 26.0).
  assert.ok(Math.abs(saved.peak_E_over_kTg - 24) < 1, `measured peak ${saved.peak_E_over_kTg}`);
  assert.ok(saved.simulated && Math.abs(saved.simulated.mean_E_over_kTg - 26) < 0.5, `simulated mean ${saved.simulated?.mean_E_over_kTg}`);
  assert.is(saved.note, null);
  const svg = readFileSync(join(out, 'activation-spectrum.svg'), 'utf8');
  const { document } = parseHTML(svg.replace(/^<\?xml[^>]*>\s*/, ''));
  const text = [...document.querySelectorAll('text')].map((t) => t.textContent).join(' ');
  for (const label of ['measured (inverted)', 'simulated events', '26 kTg', 'E / kTg']) assert.ok(text.includes(label), label);

  // Without Tg, activation_spectrum: the measured inversion alone, said in the output.
  const noAct = join(tmp, 'sim-noact.json');
  const s2 = JSON.parse(readFileSync(sim, 'utf8'));
  delete s2.activation_spectrum;
  delete s2.Tg;
  writeFileSync(noAct, JSON.stringify(s2));
  const r2 = cli(['compare', noAct, meas, '--invert', '--axis', 'Tg', '--Tg-simulated', '0.4', '--Tg-measured', '480', '--json']);
  assert.is(r2.status, 0, r2.stderr);
  const j2 = JSON.parse(r2.stdout);
  assert.is(j2.inversion.simulated, null);
  assert.match(j2.inversion.note, /no activation_spectrum: measured inversion only/);
  assert.match(r2.stderr, /note: .*measured inversion only/);
  // T/Tg axis: the grid is the overlap of 0.2/0.4..0.5/0.4 and 300/480..560/480.
  assert.is(j2.axis, 'Tg');
  assert.ok(Math.abs(j2.grid_T_over_Tg[0] - 300 / 480) < 1e-12 && Math.abs(j2.grid_T_over_Tg.at(-1) - 560 / 480) < 1e-12);
  assert.is(j2.Tg_simulated_source, 'option');
});

test('a simulated activation_spectrum without weight: exit 2, one line naming the file and field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-inversion-bad-'));
  const { sim, meas } = writeInputs(dir, { activation_spectrum: { E: [10, 11] } });
  const r = cli(['compare', sim, meas, '--invert']);
  assert.is(r.status, 2, r.stderr);
  assert.is(r.stdout, '');
  assert.match(r.stderr.trim(), /^[^\n]*sim\.json: activation_spectrum\.weight: missing[^\n]*$/);
});

test.run();
