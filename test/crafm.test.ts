import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contactResonanceFrequency, firstModeWavenumber, stiffnessRatioAt, T_FREE, T_PINNED } from '../analysis/crafm/cantilever.js';
import { contactRadius, contactStiffness, reducedModulus } from '../analysis/crafm/hertz.js';
import { contactResonance, frequencyMap, tipAverage, TAP300AL_G } from '../analysis/crafm/forward.js';
import { simulateCrafm } from '../analysis/crafm/simulated-crafm.js';
import type { Map2D } from '../analysis/heterogeneity/fields.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { createForceField } from '../sim/forces.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { writeLammpsData } from '../sim/io/lammps-data.js';
import { readGsf } from '../sim/io/gsf.js';
import { minimize } from '../landscape/minimize/index.js';

const close = (a: number, b: number, rel: number, what: string) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b}`);

test('beam eigenvalues: free 1.8751 (1 + cos cosh = 0) and clamped-pinned 3.9266 (tan = tanh), as tabulated', () => {
  close(T_FREE, 1.87510407, 1e-8, 't_free');
  close(T_PINNED, 3.92660231, 1e-8, 't_pinned');
});

test('analytic limits: k* = 0 gives the free frequency, k* -> infinity the pinned one ((3.9266/1.8751)^2 f0)', () => {
  const { kc, f0 } = TAP300AL_G;
  assert.is(contactResonanceFrequency(0, kc, f0), f0);
  close(contactResonanceFrequency(1e9 * kc, kc, f0), f0 * (3.9266023 / 1.8751041) ** 2, 1e-6, 'pinned');
  close(contactResonanceFrequency(1e-6 * kc, kc, f0), f0, 1e-6, 'nearly free');
});

/**
 * Independent check of the characteristic equation: the 4 x 4 boundary-condition determinant of
 * y = a1 cos kx + a2 sin kx + a3 cosh kx + a4 sinh kx with y(0) = y'(0) = 0, y''(L) = 0 and
 * EI y'''(L) = k* y(L), i.e. y'''(L) / k^3 = alpha y(L) with alpha = 3 (k* / k_c) / t^3, vanishes.
 */
function boundaryDeterminant(t: number, ratio: number): number {
  const c = Math.cos(t), s = Math.sin(t), C = Math.cosh(t), S = Math.sinh(t);
  const alpha = (3 * ratio) / t ** 3;
  const m = [
    [1, 0, 1, 0],
    [0, 1, 0, 1],
    [-c, -s, C, S],
    [s - alpha * c, -c - alpha * s, S - alpha * C, C - alpha * S],
  ];
  let det = 1;
  for (let k = 0; k < 4; k++) {
    let p = k;
    for (let r = k + 1; r < 4; r++) if (Math.abs(m[r][k]) > Math.abs(m[p][k])) p = r;
    if (p !== k) { [m[p], m[k]] = [m[k], m[p]]; det = -det; }
    det *= m[k][k];
    for (let r = k + 1; r < 4; r++) {
      const q = m[r][k] / m[k][k];
      for (let cc = k; cc < 4; cc++) m[r][cc] -= q * m[k][cc];
    }
  }
  return det;
}

test('the solved wavenumber zeroes the boundary-condition determinant, which changes sign there', () => {
  for (const ratio of [0.05, 0.7, 3, 12, 80]) {
    const t = firstModeWavenumber(ratio);
    assert.ok(t > T_FREE && t < T_PINNED);
    close(stiffnessRatioAt(t), ratio, 1e-9, 'inverse');
    const h = 1e-4;
    assert.ok(boundaryDeterminant(t - h, ratio) * boundaryDeterminant(t + h, ratio) < 0, `sign change at ratio ${ratio}`);
    assert.ok(Math.abs(boundaryDeterminant(t, ratio)) < 1e-2 * Math.abs(boundaryDeterminant(t + h, ratio)));
  }
});

test('Hertz: a = (3FR/4E*)^(1/3), k* = 2aE* = (6 F R E*^2)^(1/3); rigid tip gives E* = E/(1 - nu^2)', () => {
  const F = 100e-9, R = 10e-9, Es = 80e9;
  close(contactStiffness(F, R, Es), Math.cbrt(6 * F * R * Es * Es), 1e-12, 'k*');
  close(contactRadius(F, R, Es) ** 3, (3 * F * R) / (4 * Es), 1e-12, 'a');
  close(reducedModulus(90e9, 0.36, 1e30, 0.22), 90e9 / (1 - 0.36 ** 2), 1e-12, 'E*');
});

test('the contact resonance rises monotonically with the sample modulus, between the two limits', () => {
  let prev = TAP300AL_G.f0;
  for (let E = 5e9; E <= 400e9; E += 5e9) {
    const f = contactResonance(E, 0.35, TAP300AL_G).frequency;
    assert.ok(f > prev, `f(${E}) = ${f} <= ${prev}`);
    assert.ok(f < TAP300AL_G.f0 * (T_PINNED / T_FREE) ** 2);
    prev = f;
  }
});

test('tip averaging keeps a uniform map uniform and the mean of any map; a uniform map gives the homogeneous frequency', () => {
  const nx = 12, ny = 10;
  const m: Map2D = { nx, ny, cell: [1e-9, 1e-9], values: Float64Array.from({ length: nx * ny }, (_, k) => 80e9 + 10e9 * Math.sin(k * 1.7)) };
  const avg = tipAverage(m, 3.2e-9);
  const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
  close(mean(avg.values), mean(m.values), 1e-12, 'mean');
  const spread = (a: ArrayLike<number>) => Math.max(...Array.from(a)) - Math.min(...Array.from(a));
  assert.ok(spread(avg.values) < 0.5 * spread(m.values));
  const uniform: Map2D = { ...m, values: new Float64Array(nx * ny).fill(80e9) };
  const fm = frequencyMap(uniform, 0.35, TAP300AL_G);
  const f0 = contactResonance(80e9, 0.35, TAP300AL_G).frequency;
  for (const f of fm.frequency.values) close(f, f0, 1e-12, 'uniform');
  // A softer pixel on its own (no tip averaging) resonates lower than its neighbours.
  uniform.values[5] = 40e9;
  const raw = frequencyMap(uniform, 0.35, TAP300AL_G, { tipAverage: false });
  assert.ok(raw.frequency.values[5] < raw.frequency.values[6]);
  uniform.values[7] = -1e9;
  assert.is(frequencyMap(uniform, 0.35, TAP300AL_G, { tipAverage: false }).nonPositive, 1);
});

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
function betascape(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('modulus-map (CLI) then the simulated CR-AFM (in process) on a small KA glass write maps, .gsf, figures and consistent JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-crafm-'));
  const model = kobAndersen();
  const s = buildSample({ n: 250, composition: model.composition, masses: [1, 1], typeNames: ['A', 'B'], density: 1.2, placement: 'random' }, createRng(3));
  minimize(s, createForceField(new LennardJones(model), 0.3), { method: 'lbfgs', ftol: 1e-10 });
  writeLammpsData(join(dir, 'glass.data'), s, { velocities: false });
  const out = join(dir, 'map');
  const r = betascape('modulus-map', '--data', join(dir, 'glass.data'), '--model', 'ka', '--voxel', '2', '--out', out, '--json');
  assert.is(r.code, 0, r.stderr);
  const sum = JSON.parse(r.stdout);
  for (const k of ['G_xy', 'G_xz', 'G_yz']) assert.ok(sum.global[k] > 0, k);
  assert.ok(Math.abs(sum.global.G - (sum.global.G_xy + sum.global.G_xz + sum.global.G_yz) / 3) < 1e-9 * sum.global.G);
  assert.ok(Math.abs(sum.local.G.mean / sum.global.G - 1) < 0.02);
  assert.equal(sum.voxel.grid, [3, 3, 3]);
  // The 12 strained relaxations of an L-BFGS from an already relaxed glass: a handful to a few hundred iterations each.
  assert.is(sum.relaxation.method, 'lbfgs');
  assert.is(sum.relaxation.iterations.length, 12);
  for (const k of sum.relaxation.iterations) assert.ok(Number.isInteger(k) && k > 0 && k < 2000, `${sum.relaxation.iterations}`);
  // The same map on the threads backend: forces equal to 1e-12, so moduli from stress differences at
  // δ = 1e-5 agree to about 1e-7 of G.
  const t = betascape('modulus-map', '--data', join(dir, 'glass.data'), '--model', 'ka', '--voxel', '2', '--out', join(dir, 'map-threads'), '--backend', 'threads', '--threads', '2', '--json');
  assert.is(t.code, 0, t.stderr);
  const threads = JSON.parse(t.stdout);
  assert.ok(Math.abs(threads.global.G / sum.global.G - 1) < 1e-6, `${threads.global.G} vs ${sum.global.G}`);
  assert.ok(Math.abs(threads.local.G.std / sum.local.G.std - 1) < 1e-5, `${threads.local.G.std} vs ${sum.local.G.std}`);
  // The δ/10 check finds this map linear and writes linearity.csv.
  const p = betascape('modulus-map', '--data', join(dir, 'glass.data'), '--model', 'ka', '--voxel', '2', '--out', join(dir, 'map-checked'), '--check-delta', '--json');
  assert.is(p.code, 0, p.stderr);
  const checked = JSON.parse(p.stdout);
  assert.ok(Math.abs(checked.global.G / sum.global.G - 1) < 1e-12, `${checked.global.G} vs ${sum.global.G}`);
  assert.ok(Math.abs(checked.linearity.small_delta / 1e-6 - 1) < 1e-12);
  assert.is(checked.linearity.voxels_off, 0);
  assert.is(readFileSync(join(dir, 'map-checked', 'linearity.csv'), 'utf8').trim().split('\n').length, 28);
  assert.is(sum.linearity, null);
  for (const f of ['moduli.json', 'voxels.csv', 'surface-G.csv', 'surface-E.gsf', 'slice-G.gsf', 'hist-G.svg', 'acf-G.svg']) assert.ok(existsSync(join(out, f)), f);
  const gsf = readGsf(join(out, 'surface-G.gsf'));
  assert.is(gsf.xres, 3);
  assert.is(gsf.header.XYUnits, 'sigma');
  const { document } = parseHTML(readFileSync(join(out, 'surface-G.svg'), 'utf8'));
  assert.is(document.querySelectorAll('g.heatmap rect').length, 9);
  assert.ok(document.querySelector('g.colorbar') && document.querySelector('g.scalebar'));

  const res = JSON.parse(JSON.stringify(simulateCrafm(out, out, { ljSigma: 0.25, ljEpsilon: 0.1 })));
  const f = res.frequency_kHz;
  assert.ok(f.mean > res.limits_kHz.free && f.mean < res.limits_kHz.pinned, JSON.stringify(f));
  assert.ok(f.std >= 0 && f.std < f.mean);
  assert.ok(Math.abs(res.modulus_scale_pa - (0.1 * 1.602176634e-19) / (0.25e-9) ** 3) < 1e-3 * res.modulus_scale_pa);
  for (const name of ['frequency.gsf', 'frequency.csv', 'frequency.svg', 'profile.svg', 'profile.csv', 'hist-frequency.svg', 'crafm.json']) assert.ok(existsSync(join(out, name)), name);
  assert.is(readGsf(join(out, 'frequency.gsf')).header.ZUnits, 'Hz');
});

test('CLI: bad input is one line and exit code 2', () => {
  const empty = mkdtempSync(join(tmpdir(), 'betascape-crafm-'));
  const r = betascape('crafm', empty);
  assert.is(r.code, 2);
  assert.is(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /moduli\.json/);
  const v = betascape('modulus-map', '--data', 'nope.data', '--model', 'ka', '--voxel', '-1', '--out', empty);
  assert.is(v.code, 2);
  assert.match(v.stderr, /--voxel/);
  const e = betascape('modulus-map', '--data', 'nope.data', '--model', 'ka', '--voxel', '2', '--out', empty, '--check-delta', '--temperature', '0.2');
  assert.is(e.code, 2);
  assert.is(e.stderr.trim().split('\n').length, 1, e.stderr);
  assert.match(e.stderr, /--check-delta/);
});

test.run();
