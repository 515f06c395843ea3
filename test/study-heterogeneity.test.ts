/**
 * The study's heterogeneity and CR-AFM stages: the voxel-size scan from one set of strain runs,
 * negative-modulus voxels counted and left out, the correlation-length resolution rule, and the
 * units of the CR-AFM map (kHz only when the tip's contact fits the map).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createForceField } from '../sim/forces.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { LJ_UNITS } from '../sim/units.js';
import { minimize } from '../landscape/minimize/index.js';
import { autocorrelation, resolvedCorrelationLength, softZones, summarize } from '../analysis/heterogeneity/statistics.js';
import type { ModuliFile } from '../analysis/heterogeneity/report.js';
import { crafmStage, heterogeneityStage, shearModulusStatistics, type CrafmSettings, type HeterogeneitySettings } from '../analysis/study/stages.js';
import { loadStudy } from '../analysis/study/config.js';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol * Math.abs(b), `${what}: ${a} vs ${b}`);

/** A 700-atom KA glass: random points at density 1.2 relaxed to their minimum (an infinitely fast quench). */
function kaGlass() {
  const model = kobAndersen();
  const state = buildSample({ n: 700, composition: model.composition, masses: [1, 1], typeNames: ['A', 'B'], density: model.density, placement: 'random' }, createRng(7));
  const ff = createForceField(new LennardJones(model), 0.3);
  minimize(state, ff, { method: 'lbfgs', ftol: 1e-10 });
  return { state, ff };
}

test('voxel scan: the width of G falls as W grows, each grid equals a direct computation at its voxel, voxels over L/3 are skipped', () => {
  const { state, ff } = kaGlass();
  const L = state.box.lx;
  const settings: HeterogeneitySettings = { voxel: L / 6, voxel_scan: [L / 2, L / 3.01, L / 4, L / 5, L / 6], delta: 1e-5, ftol: 1e-9, soft_percentile: 10 };
  const { result } = heterogeneityStage(state, ff, LJ_UNITS, settings, 'test');
  assert.equal(result.voxel_scan.map((e) => e.grid[0]), [6, 5, 4, 3]);
  assert.match(result.voxel_scan_note ?? '', /skipped: larger than a third/);
  close(result.voxel_scan[2].voxel, L / 4, 1e-12, 'voxel edge');
  // Tsamados et al. 2009: the distribution of local moduli narrows as the voxel grows.
  const widths = result.voxel_scan.map((e) => e.relative_width);
  for (let k = 1; k < widths.length; k++) assert.ok(widths[k] < widths[k - 1], `widths ${widths}`);
  // The scan's first grid is the stage's own voxel.
  close(result.voxel_scan[0].relative_width, result.modulus_relative_width, 1e-12, 'W = L/6');
  // Coarse-graining the L/6 strain runs to L/4 equals strain runs analysed at L/4 directly.
  const direct = heterogeneityStage(state, ff, LJ_UNITS, { ...settings, voxel: L / 4, voxel_scan: [] }, 'test').result;
  assert.equal(direct.grid, [4, 4, 4]);
  close(result.voxel_scan[2].relative_width, direct.modulus_relative_width, 1e-12, 'coarse-grained vs direct width');
  assert.is(result.voxel_scan[2].negative_voxels, direct.negative_voxels);
  assert.is(result.voxel_scan[2].correlation_length, direct.correlation_length);
  assert.is(result.voxel_scan[2].correlation_length_note, direct.correlation_length_note);
});

test('negative voxels: a planted G <= 0 voxel is counted and left out of the width, correlation and soft zones', () => {
  const dims: [number, number, number] = [4, 4, 4];
  const G = Float64Array.from({ length: 64 }, (_, k) => 20 + 4 * Math.sin(1.3 * k) + 2 * Math.cos(0.7 * k * k));
  const clean = summarize(G);
  const planted = G.slice();
  planted[21] = -3;
  planted[40] = 0;
  const s = shearModulusStatistics(planted, dims, [2, 2, 2], 10);
  assert.is(s.negative, 2);
  const rest = Array.from(G).filter((_, k) => k !== 21 && k !== 40);
  const r = summarize(rest);
  close(s.stats.summary.mean, r.mean, 1e-14, 'mean');
  close(s.stats.summary.relativeWidth, r.relativeWidth, 1e-14, 'relative width');
  assert.is(s.stats.summary.n, 62);
  // Used silently, the planted voxels would widen the distribution by far.
  assert.ok(summarize(planted).relativeWidth > 1.5 * clean.relativeWidth);
  // Soft zones: the threshold is the percentile of the kept voxels, and neither planted voxel is soft.
  const zones = s.stats.softZones;
  close(zones.threshold, softZones(Float64Array.from(G, (g, k) => (k === 21 || k === 40 ? NaN : g)), dims, 10).threshold, 0, 'threshold');
  assert.is(zones.sizes.reduce((a, b) => a + b, 0), Array.from(planted).filter((g) => g > 0 && g < zones.threshold).length);
  // The autocorrelation is over the kept voxels only: C(0) = 1 and finite everywhere.
  assert.is(s.stats.autocorrelation.acf[0], 1);
  assert.ok(s.stats.autocorrelation.acf.every(Number.isFinite));
});

test('masked autocorrelation: a field with every point finite is unchanged; left-out points do not enter any lag', () => {
  const dims: [number, number, number] = [6, 5, 1];
  const v = Float64Array.from({ length: 30 }, (_, k) => Math.sin(0.9 * k) + 0.3 * Math.cos(2.1 * k));
  const full = autocorrelation(v, dims, [1, 1, 1]);
  // Setting a point to NaN is the same as giving it the mean and weighting it 0: check one lag by hand.
  const w = v.slice();
  w[7] = NaN;
  const a = autocorrelation(w, dims, [1, 1, 1]);
  const kept = Array.from(w).filter(Number.isFinite);
  const mean = kept.reduce((x, y) => x + y, 0) / kept.length;
  const variance = kept.reduce((x, y) => x + (y - mean) ** 2, 0) / kept.length;
  // Shell r = 1: the lags (±1, 0) and (0, ±1) (periodic, so 4 lag vectors; -1 is the lag nx - 1).
  let sum = 0;
  for (const [dx, dy] of [[1, 0], [5, 0], [0, 1], [0, 4]]) {
    let s = 0, pairs = 0;
    for (let y = 0; y < 5; y++) for (let x = 0; x < 6; x++) {
      const p = w[y * 6 + x], q = w[((y + dy) % 5) * 6 + ((x + dx) % 6)];
      if (Number.isFinite(p) && Number.isFinite(q)) { s += (p - mean) * (q - mean); pairs++; }
    }
    sum += s / pairs;
  }
  const k1 = a.r.findIndex((r) => Math.abs(r - 1) < 1e-12);
  close(a.acf[k1], sum / 4 / variance, 1e-12, 'C(1)');
  assert.is(full.acf.length, a.acf.length);
  assert.ok(Math.abs(a.acf[k1] - full.acf[k1]) > 1e-6);
});

test('correlation length: null below two grid spacings (below resolution) and beyond half the box (beyond the box)', () => {
  assert.equal(resolvedCorrelationLength(null, 2, 20, 'voxels'), { value: null, note: 'beyond the box' });
  assert.equal(resolvedCorrelationLength(10.1, 2, 20, 'voxels'), { value: null, note: 'beyond the box' });
  assert.equal(resolvedCorrelationLength(3.9, 2, 20, 'voxels'), { value: null, note: 'below resolution (< 2 voxels)' });
  assert.equal(resolvedCorrelationLength(1.9, 1, 20, 'pixels'), { value: null, note: 'below resolution (< 2 pixels)' });
  assert.equal(resolvedCorrelationLength(4.1, 2, 20, 'voxels'), { value: 4.1, note: null });
  // Through the stage's statistics on 8³ voxels of 1.5 (resolved between 3 and 6).
  const n = 8, cell: [number, number, number] = [1.5, 1.5, 1.5], dims: [number, number, number] = [n, n, n];
  const at = (k: number) => [k % n, Math.floor(k / n) % n, Math.floor(k / n ** 2)];
  // White noise decorrelates within one voxel.
  const noise = Float64Array.from({ length: n ** 3 }, (_, k) => 20 + (Math.sin(k * 12.9898) * 43758.5453) % 1);
  const white = shearModulusStatistics(noise, dims, cell, 10);
  assert.ok(white.stats.autocorrelation.correlationLength! < 3);
  assert.equal(white.xi, { value: null, note: 'below resolution (< 2 voxels)' });
  // A wave along x, the length of the box: resolved, the number itself.
  const wave = Float64Array.from({ length: n ** 3 }, (_, k) => 20 + Math.cos((2 * Math.PI * at(k)[0]) / n));
  const resolved = shearModulusStatistics(wave, dims, cell, 10);
  assert.ok(resolved.xi.value !== null && resolved.xi.value > 3 && resolved.xi.value < 6, JSON.stringify(resolved.xi));
  assert.is(resolved.xi.value, resolved.stats.autocorrelation.correlationLength);
  // The same wave along the long edge of a 16 × 4 × 4 box: correlated beyond half its short edges.
  const long = Float64Array.from({ length: 16 * 16 }, (_, k) => 20 + Math.cos((2 * Math.PI * (k % 16)) / 16));
  const beyond = shearModulusStatistics(long, [16, 4, 4], cell, 10);
  assert.ok(beyond.stats.autocorrelation.correlationLength! > 3, String(beyond.stats.autocorrelation.correlationLength));
  assert.equal(beyond.xi, { value: null, note: 'beyond the box' });
});

/** A modulus map (moduli.json) with the given Young's moduli on an nx × nx × 2 grid of cubic voxels. */
function moduli(units: 'lj' | 'metal', nx: number, cell: number, E: (k: number) => number): ModuliFile {
  const n = nx * nx * 2;
  const values = Array.from({ length: n }, (_, k) => E(k));
  const meanE = values.reduce((a, b) => a + b, 0) / n;
  return {
    format: 'betascape-moduli-1', source: 'test', units, stressUnit: units === 'lj' ? 'epsilon/sigma^3' : 'GPa', lengthUnit: units === 'lj' ? 'sigma' : 'Å',
    grid: { nx, ny: nx, nz: 2, cell: [cell, cell, cell] }, global: { E: meanE, nu: 0.35, G: meanE / 2.7 },
    fields: { E: values, G: values.map((e) => e / 2.7) },
  } as unknown as ModuliFile;
}

const probe: CrafmSettings = { sigma_nm: 0.25, epsilon_eV: 0.1, tip_radius_nm: 10, load_nN: 100, cantilever_k: 40, f0_kHz: 300, tip_modulus_GPa: 165, tip_poisson: 0.22, tip_average: true };
const bumpy = (k: number) => 100 + 15 * Math.sin(1.7 * k) + 5 * Math.cos(0.4 * k);

test('CR-AFM units: kHz only when the tip is averaged over a contact that fits the map twice; else relative, with the caveat', () => {
  // A metal map 12 nm wide: the contact (a ≈ 2.2 nm at ~100 GPa) fits 4a ≈ 9 nm, so tip-averaged, in kHz.
  const wide = crafmStage(moduli('metal', 12, 10, bumpy), probe);
  assert.is(wide.units, 'kHz');
  assert.is(wide.tip_averaged, true);
  assert.is(wide.caveat, null);
  assert.ok(wide.contact_radius_nm > 1.5 && 4 * wide.contact_radius_nm <= 12, `a = ${wide.contact_radius_nm}`);
  close(wide.fluctuation_kHz! / wide.mean_kHz, wide.fluctuation_relative, 1e-12, 'kHz and relative fluctuation');
  close(summarize(wide.map.values).mean, wide.mean_kHz, 1e-12, 'map in kHz');
  // The same map 3.6 nm wide: narrower than two contact diameters, so pixel by pixel in relative units.
  const narrow = crafmStage(moduli('metal', 12, 3, bumpy), probe);
  assert.is(narrow.units, 'relative');
  assert.is(narrow.tip_averaged, false);
  assert.is(narrow.fluctuation_kHz, null);
  assert.is(narrow.range_kHz, null);
  assert.match(narrow.caveat ?? '', /two contact diameters/);
  const rel = summarize(narrow.map.values);
  close(rel.mean + 1, 1, 1e-12, 'relative map has mean 0');
  close(rel.std, narrow.fluctuation_relative, 1e-12, 'relative std');
  close(narrow.profile.f_kHz[0], narrow.map.values[6 * 12], 0, 'profile in the map units');
  // Pixel by pixel the tip does not smooth the map: it varies more than the tip-averaged one.
  assert.ok(narrow.fluctuation_relative > 2 * wide.fluctuation_relative);
  // tip_average: false keeps the wide map pixel by pixel, in relative units, and says so.
  const off = crafmStage(moduli('metal', 12, 10, bumpy), { ...probe, tip_average: false });
  assert.is(off.units, 'relative');
  assert.match(off.caveat ?? '', /tip_average: false/);
  close(off.fluctuation_relative, narrow.fluctuation_relative, 1e-12, 'pixel maps of the same moduli');
});

test('CR-AFM: a pixel with a non-positive modulus has no frequency, is counted and left out of the statistics', () => {
  // Surface = the top layer(s); plant E < 0 in both layers of one column so its surface pixel is negative.
  const nx = 8, col = 19;
  const E = (k: number) => ((k % (nx * nx)) === col ? -40 : bumpy(k));
  const cr = crafmStage(moduli('metal', nx, 3, E), probe);
  assert.is(cr.units, 'relative');
  assert.is(cr.non_positive_pixels, 1);
  assert.ok(!Number.isFinite(cr.map.values[col]));
  const kept = cr.map.values.filter(Number.isFinite);
  assert.is(kept.length, nx * nx - 1);
  const s = summarize(kept);
  close(s.mean + 1, 1, 1e-12, 'mean of the kept pixels is the reference');
  close(s.std, cr.fluctuation_relative, 1e-12, 'fluctuation over the kept pixels');
  assert.is(cr.histogram.counts.reduce((a, b) => a + b, 0), nx * nx - 1);
});

test('study config: strain 1e-5 and the 2–6 σ voxel scan by default; old crafm.tip_average: false still loads', () => {
  const small = loadStudy('configs/beta-heterogeneity-small.yaml').config;
  assert.is(small.heterogeneity.delta, 1e-5);
  assert.equal(small.heterogeneity.voxel_scan, [2, 3, 4, 5, 6]);
  const full = loadStudy('configs/beta-heterogeneity.yaml', ['crafm.tip_average=false']).config;
  assert.is(full.heterogeneity.delta, 1e-5);
  assert.is(full.crafm.tip_average, false);
});

test.run();
