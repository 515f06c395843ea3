/**
 * The exploratory event-site measure (analysis/study/event-sites.ts) on synthetic glasses whose
 * answer is known: a 3 × 3 × 3 voxel grid with prescribed G, atoms binned as the modulus map bins
 * them, events placed in chosen voxels.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createState, type State } from '../sim/state.js';
import { createRng } from '../sim/random.js';
import { encodeArray } from '../sim/io/checkpoint.js';
import { InputError } from '../sim/errors.js';
import { voxelGrid } from '../analysis/heterogeneity/voxels.js';
import type { ModuliFile } from '../analysis/heterogeneity/report.js';
import { eventSites, eventSitesStage, eventSitesSummary, voxelPercentiles, type EventSitesResult, type SiteEvent } from '../analysis/study/event-sites.js';
import { studentTQuantile } from '../analysis/study/student-t.js';
import { studyResults } from '../analysis/study/study-results.js';
import { statisticsTables } from '../analysis/study/statistics-tables.js';
import { resultsCsv, tableColumns, type GlassAnalysis } from '../analysis/study/results.js';

const L = 6, W = 2, NV = 27;
const box = { xlo: 0, ylo: 0, zlo: 0, lx: L, ly: L, lz: L, xy: 0, xz: 0, yz: 0 };

/** 300 atoms at seeded random places (unequal voxel counts). */
function glass(): State {
  const s = createState(300, box, [1]);
  const rng = createRng(7);
  for (let k = 0; k < s.x.length; k++) s.x[k] = rng.uniform() * L;
  return s;
}

const s0 = glass();
const grid = voxelGrid(s0, W);
/** A permutation of 10..36 over the voxels: G[v] distinct, the softest not voxel 0. */
const G: (number | null)[] = Array.from({ length: NV }, (_, v) => 10 + ((7 * v) % NV));
const byG = (g: (number | null)[]) => g.map((x, v) => [x, v] as const).filter(([x]) => x !== null && x > 0).sort((a, b) => a[0]! - b[0]!).map(([, v]) => v);

/** The percentile of voxel v among the used ones, and p_0, computed here from the definition. */
function expected(g: (number | null)[]) {
  const order = byG(g);
  const pct = new Map(order.map((v, k) => [v, (k + 0.5) / order.length]));
  let sum = 0, n = 0;
  for (let i = 0; i < s0.n; i++) {
    const p = pct.get(grid.voxelOf[i]);
    if (p !== undefined) { sum += p; n++; }
  }
  return { order, pct, p0: sum / n, usedAtoms: n };
}

const atomsIn = (v: number) => Array.from(grid.voxelOf).flatMap((w, i) => (w === v ? [i] : []));

/** An event moving the given atoms by the given vectors (minus = the glass). */
function event(k: number, barrier: number, moves: [number, number[]][]): SiteEvent {
  const minus = Float64Array.from(s0.x), plus = Float64Array.from(s0.x);
  for (const [i, d] of moves) for (let c = 0; c < 3; c++) plus[3 * i + c] += d[c];
  return { event: k, barrier, minus, plus };
}

const run = (events: SiteEvent[], g = G) => eventSites({ box, voxelOf: grid.voxelOf, G: g, softPercentile: 10, events });

test('mid-rank percentiles: (rank − ½)/n over the voxels with G > 0, ties shared, the others NaN', () => {
  const p = voxelPercentiles([3, null, 1, -2, 3, 2]);
  assert.equal(Array.from(p).map((x) => (Number.isNaN(x) ? null : x)), [(3.5 - 0.5) / 4, null, 0.5 / 4, null, (3.5 - 0.5) / 4, 1.5 / 4]);
});

test('an event in the softest voxel: p_e is that voxel\'s percentile, Δp = p_e − p_0 (p_0 the atoms\' mean, not ½), all its weight soft', () => {
  const { order, p0 } = expected(G);
  const soft = order[0];
  const rng = createRng(3);
  const r = run([event(1, 0.5, atomsIn(soft).map((i) => [i, [rng.gaussian(), rng.gaussian(), rng.gaussian()]]))]);
  assert.ok(Math.abs(r.event_percentile! - 0.5 / NV) < 1e-12, String(r.event_percentile));
  assert.ok(Math.abs(r.null_percentile - p0) < 1e-12);
  assert.ok(Math.abs(p0 - 0.5) > 1e-3, `unequal voxel counts move p_0 off ½ (${p0})`);
  assert.ok(Math.abs(r.shift! - (0.5 / NV - p0)) < 1e-12);
  assert.is(r.soft_weight_fraction, 1);
  // 10th percentile of 27 values lies between the 3rd and 4th smallest: three soft voxels.
  const softAtoms = order.slice(0, 3).reduce((a, v) => a + grid.atoms[v], 0);
  assert.ok(Math.abs(r.soft_atom_fraction - softAtoms / s0.n) < 1e-12);
  assert.is(r.left_out_voxels, 0);
  assert.is(r.left_out_atoms, 0);
  assert.is(r.rho_percentile_barrier, null, 'one event: no ρ');
});

test('events with no preference: a rigid shift of all atoms gives Δp = 0 exactly; random displacements average to Δp ≈ 0', () => {
  const all = Array.from({ length: s0.n }, (_, i) => i);
  const rigid = run([event(1, 1, all.map((i) => [i, [0.1, -0.2, 0.05]]))]);
  assert.ok(Math.abs(rigid.shift!) < 1e-12, String(rigid.shift));
  assert.ok(Math.abs(rigid.soft_weight_fraction! - rigid.soft_atom_fraction) < 1e-12);
  const rng = createRng(11);
  const events = Array.from({ length: 400 }, (_, k) => event(k + 1, rng.uniform(), all.map((i) => [i, [rng.gaussian(), rng.gaussian(), rng.gaussian()]])));
  const r = run(events);
  assert.is(r.events_used, 400);
  assert.ok(Math.abs(r.shift!) < 0.005, String(r.shift));
  assert.ok(Math.abs(r.soft_weight_fraction! - r.soft_atom_fraction) < 0.01);
});

test('voxels with G ≤ 0 or none: counted, left out of the weights (renormalised) and of the null', () => {
  const g = [...G];
  const { order } = expected(G);
  const [neg, none] = [order[10], order[20]];
  g[neg] = -3;
  g[none] = null;
  const e = expected(g);
  const a = atomsIn(neg)[0], b = atomsIn(e.order[0])[0];
  const r = run([
    event(1, 0.2, [[a, [Math.sqrt(3), 0, 0]], [b, [0, 1, 0]]]), // 3/4 of |d|² in the negative voxel
    event(2, 0.3, [[a, [0, 0, 0.5]]]), // only in the negative voxel: no site
  ], g);
  assert.is(r.voxels_used, 25);
  assert.is(r.left_out_voxels, 2);
  assert.is(r.left_out_atoms, grid.atoms[neg] + grid.atoms[none]);
  assert.ok(Math.abs(r.null_percentile - e.p0) < 1e-12);
  assert.is(r.events, 2);
  assert.is(r.events_used, 1);
  assert.ok(Math.abs(r.per_event[0].percentile! - 0.5 / 25) < 1e-12);
  assert.ok(Math.abs(r.per_event[0].left_out_weight - 0.75) < 1e-12);
  assert.is(r.per_event[1].percentile, null);
  assert.is(r.per_event[1].left_out_weight, 1);
  assert.ok(Math.abs(r.left_out_weight! - 0.875) < 1e-12);
  assert.ok(Math.abs(r.shift! - (0.5 / 25 - e.p0)) < 1e-12);
});

test('minimum image: a jump of L − 0.2 across the boundary weighs as the 0.2 it is', () => {
  const { pct } = expected(G);
  const a = 0, va = grid.voxelOf[a];
  const b = Array.from(grid.voxelOf).findIndex((v) => v !== va);
  const r = run([event(1, 0.4, [[a, [L - 0.2, 0, 0]], [b, [0, 0.3, 0]]])]);
  const want = (0.04 * pct.get(va)! + 0.09 * pct.get(grid.voxelOf[b])!) / 0.13;
  assert.ok(Math.abs(r.event_percentile! - want) < 1e-12, `${r.event_percentile} vs ${want}`);
});

test('ρ(p_e, barrier): +1 when the barrier grows with the site percentile; null below three events', () => {
  const { order } = expected(G);
  const events = [0, 5, 12, 26].map((k, j) => event(j + 1, 0.1 * (j + 1), [[atomsIn(order[k])[0], [0.3, 0, 0]]]));
  assert.is(run(events).rho_percentile_barrier, 1);
  assert.is(run(events.slice(0, 2)).rho_percentile_barrier, null);
});

/** A landscape directory with a catalogue of two events (3 and 7) and their event files. */
function landscapeDir(missing = false): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'event-sites-')), 'landscape');
  mkdirSync(join(dir, 'events'), { recursive: true });
  const { order } = expected(G);
  const rows = [[3, 0.25, order[0]], [7, 0.75, order[26]]];
  writeFileSync(join(dir, 'catalogue.csv'), 'event,E_forward,E_backward,dsigma_xx,dsigma_yy,dsigma_zz,dsigma_xy,dsigma_xz,dsigma_yz\n' +
    rows.map(([k, e]) => `${k},${e},0.1,0,0,0,0,0,0`).join('\n') + '\n');
  for (const [k, , v] of rows) {
    if (missing && k === 7) continue;
    const e = event(k, 0, atomsIn(v).map((i) => [i, [0.2, 0.1, 0]]));
    writeFileSync(join(dir, 'events', `event-${String(k).padStart(6, '0')}.json`), JSON.stringify({ event: k, status: 'ok', minus: { energy: 0, x: encodeArray(e.minus) }, plus: { energy: 0, x: encodeArray(e.plus) } }));
  }
  return dir;
}

const moduli = (g: (number | null)[]) => ({ grid: { nx: 3, ny: 3, nz: 3, cell: [W, W, W] }, fields: { G: g, atoms: Array.from(grid.atoms) } }) as unknown as ModuliFile;

test('the stage: the catalogue\'s events from their files, barrier E_forward, atoms binned on the map\'s grid; mismatches are one InputError', () => {
  const r = eventSitesStage(landscapeDir(), s0, moduli(G), W, 10);
  assert.equal(r.per_event.map((e) => [e.event, e.barrier]), [[3, 0.25], [7, 0.75]]);
  assert.ok(Math.abs(r.per_event[0].percentile! - 0.5 / NV) < 1e-12);
  assert.ok(Math.abs(r.per_event[1].percentile! - 26.5 / NV) < 1e-12);
  assert.is(r.reassigned_atoms, 0);
  assert.throws(() => eventSitesStage(landscapeDir(), s0, moduli(G), 3, 10), (e: unknown) => e instanceof InputError && /grid 3×3×3/.test((e as Error).message));
  assert.throws(() => eventSitesStage(landscapeDir(true), s0, moduli(G), W, 10), (e: unknown) => e instanceof InputError && /event 7 has no event file/.test((e as Error).message));
});

/** A result with only the fields the summary reads. */
const sites = (shift: number): EventSitesResult => ({
  events: 4, events_used: 4, event_percentile: 0.45 + shift, null_percentile: 0.45, shift, soft_percentile: 10, soft_threshold: 1,
  soft_weight_fraction: 0.2, soft_atom_fraction: 0.1, rho_percentile_barrier: null, voxels_used: 27, left_out_voxels: 0, left_out_atoms: 0,
  left_out_weight: 0, reassigned_atoms: 0, per_event: [],
});

test('summary: per sample the mean Δp with a t interval over n − 1 df; over all glasses the two-level bootstrap of the mean', () => {
  const shifts = { a: [-0.1, -0.2, -0.3], b: [0.05, -0.05] };
  const glasses = Object.entries(shifts).flatMap(([sample, v]) => v.map((x) => ({ sample, sites: sites(x) })));
  // A glass without events has p_0 but no Δp: it stays out of every mean, so ⟨p_e⟩ − p_0 = Δp.
  const eventless = { ...sites(0), events: 0, events_used: 0, event_percentile: null, shift: null, soft_weight_fraction: null, null_percentile: 0.9, soft_atom_fraction: 0.9 };
  const s = eventSitesSummary([...glasses, { sample: 'a', sites: eventless }, { sample: 'c' }], ['a', 'b', 'c'], { level: 0.95, resamples: 500, seed: 1 })!;
  assert.is(s.samples[0].glasses, 4);
  assert.is(s.samples[0].shift.n, 3);
  assert.ok(Math.abs(s.samples[0].event_percentile.mean - s.samples[0].null_percentile.mean - s.samples[0].shift.mean) < 1e-12);
  assert.ok(Math.abs(s.samples[0].soft_atom_fraction.mean - 0.1) < 1e-12);
  const a = s.samples[0].shift;
  assert.ok(Math.abs(a.mean + 0.2) < 1e-12);
  assert.is(a.interval.df, 2);
  assert.ok(Math.abs(a.interval.hi - a.interval.lo - 2 * studentTQuantile(0.975, 2) * 0.1 / Math.sqrt(3)) < 1e-9);
  assert.is(s.samples[1].shift.interval.df, 1);
  assert.is(s.samples[2].glasses, 0);
  assert.ok(Math.abs(s.all.estimate + 0.12) < 1e-12);
  assert.is(s.all.samples, 2);
  assert.is(s.all.glasses, 5);
  assert.ok(s.all.lo <= s.all.estimate && s.all.estimate <= s.all.hi);
  assert.is(eventSitesSummary([{ sample: 'a' }], ['a'], { level: 0.95, resamples: 10, seed: 1 }), null);
});

test('results: the event sites sit beside the verdict, in results.csv and their own report table, and never change the verdict', () => {
  const members: GlassAnalysis[] = ['a', 'b', 'c'].flatMap((sample, k) => [1, 2, 3].map((seed) => {
    const f = k + 0.1 * seed;
    return {
      sample, seed, dir: '', n: 100, units: 'lj', e_IS: -7 - 0.01 * k, Tg: 0.4, Tg_used: 0.4, quench_wall_s: 1, scales: { nm_per_length: 0.25, kTg: 0.4 },
      heterogeneity: { modulus_relative_width: f, soft_zone_size: f } as GlassAnalysis['heterogeneity'],
      crafm: { fluctuation_relative: f, correlation_length_nm: f, non_positive_pixels: 0 } as GlassAnalysis['crafm'],
      subbasins: { density: f, mean_barrier: 1 } as GlassAnalysis['subbasins'],
      spectrum: { beta_intensity: f, beta_peak_T_over_Tg: 0.5, kind: 'peak', n_events: 4 } as GlassAnalysis['spectrum'],
    };
  }));
  const plain = studyResults(members, ['a', 'b', 'c'], {});
  const withSites = members.map((m, i) => ({ ...m, event_sites: sites(-0.3 + 0.05 * i) }));
  const r = studyResults(withSites, ['a', 'b', 'c'], {});
  assert.equal(r.verdict, plain.verdict);
  assert.is(plain.event_sites, null);
  assert.is(r.event_sites!.samples.length, 3);
  const table = statisticsTables(r).find((t) => /exploratory/.test(t.title));
  assert.ok(table && /not part of them/.test(table.note!), 'a table of its own, labelled exploratory');
  assert.is(statisticsTables(plain).some((t) => /exploratory/.test(t.title)), false);
  const csv = resultsCsv(r.rows, tableColumns(withSites));
  assert.match(csv.split('\n')[0], /event_site_shift,event_site_shift_sem/);
  assert.ok(Math.abs(r.rows[0].values.event_site_shift.mean - (-0.25)) < 1e-12);
});

test.run();
