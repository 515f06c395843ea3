/**
 * `betascape plot thermo|tg|spectrum|map RUN_DIR` on small real runs: a 256-atom KA sweep member
 * (thermo.csv, quench.csv), a barrier-model spectrum, a modulus map and its CR-AFM map; SVG and PNG
 * written, plain-number ticks (no SI prefix letters), units in the labels, and a one-line error,
 * exit 2, for a directory without the file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const glassData = fileURLToPath(new URL('../examples/glass.data', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'betascape-plots-'));
const betascape = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

/** Tick labels of an SVG: plain decimals (a true minus, ×10ⁿ allowed), never "10m" or "2k". */
function assertPlainTicks(svg: string): void {
  const ticks = [...svg.matchAll(/class="tick">.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.ok(ticks.length >= 4, `${ticks.length} ticks`);
  for (const t of ticks) assert.match(t, /^−?\d+(\.\d+)?(×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?$|^10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+$/, `tick '${t}'`);
}

function plot(kind: string, dir: string, ...extra: string[]): { files: string[]; [k: string]: unknown } {
  const r = betascape('plot', kind, dir, '--json', ...extra);
  assert.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.is(j.files.length, 2);
  assert.ok(j.files[0].endsWith('.svg') && j.files[1].endsWith('.png'));
  assert.equal([...readFileSync(j.files[1]).subarray(1, 4)], [0x50, 0x4e, 0x47], 'PNG signature');
  assertPlainTicks(readFileSync(j.files[0], 'utf8'));
  return j;
}

test('thermo and tg of a small sweep member: units in the labels, the fitted lines, Tg and its quality', () => {
  const config = join(root, 'tiny.yaml');
  writeFileSync(config, 'name: tiny\nmodel: ka\nn: 256\nmelt: { T: 2.0, duration: 1 }\nquench: { T_start: 1.0, T_end: 0.2, hold: 0.5, rates: [0.1] }\nsampling: { thermo_every: 10, snapshot_every: 1000 }\n');
  const s = betascape('sweep', config, '--set', `output=${join(root, 'sweep')}`, '--quiet', '--json');
  assert.is(s.status, 0, s.stderr);
  const member = join(root, 'sweep', 'rate-1e-1_seed-1');
  const thermo = plot('thermo', member);
  const svg = readFileSync(thermo.files[0], 'utf8');
  for (const label of ['time (tau)', 'T (epsilon/k_B)', 'PE per atom (epsilon)']) assert.ok(svg.includes(`>${label}<`), label);
  const tg = plot('tg', member) as unknown as { Tg: number | null; tg_fit: { quality: string; kinkSigma: number; glass: { r2: number } } | null; files: string[] };
  const summary = JSON.parse(readFileSync(join(member, 'summary.json'), 'utf8'));
  assert.is(tg.Tg, summary.Tg, 'the same fit as the sweep');
  assert.ok(tg.tg_fit && ['clear', 'unclear'].includes(tg.tg_fit.quality) && tg.tg_fit.quality === summary.tg_fit.quality);
  const tgSvg = readFileSync(tg.files[0], 'utf8');
  assert.ok(tgSvg.includes('glass line (R²') && tgSvg.includes('liquid line (R²') && tgSvg.includes('kink contrast'));
});

test('spectrum of spectrum barriers --out, and maps of modulus-map and crafm output', () => {
  const run = join(root, 'landscape');
  mkdirSync(run);
  const e0 = -3200.5, barriers = [0.84, 0.86, 0.88, 0.9, 0.9, 0.92, 0.94, 0.96];
  writeFileSync(join(run, 'landscape.json'), JSON.stringify({
    units: 'metal', n_atoms: 500, minima: [{ id: 1, energy: e0 }, ...barriers.map((_, k) => ({ id: k + 2, energy: e0 + 0.01 * k }))],
    saddles: barriers.map((b, k) => ({ id: k + 1, energy: e0 + b, minA: 1, minB: k + 2, initial: 1 })),
    events: barriers.map((b, k) => ({ event: k + 1, initial: 1, saddle: k + 1, barrier: b })),
  }));
  const sp = betascape('spectrum', 'barriers', run, '--out', join(root, 'spectrum'));
  assert.is(sp.status, 0, sp.stderr);
  const j = plot('spectrum', join(root, 'spectrum'));
  assert.is(j.kind, 'barrier-model');
  assert.ok(readFileSync(j.files[0], 'utf8').includes('>T (K)<'));

  const mm = betascape('modulus-map', '--data', glassData, '--model', 'ka', '--voxel', '4', '--out', join(root, 'moduli'));
  assert.is(mm.status, 0, mm.stderr);
  const slice = plot('map', join(root, 'moduli'), '--field', 'E', '--slice', '0');
  assert.equal([slice.kind, slice.field, slice.slice], ['moduli', 'E', 0]);
  assert.ok(readFileSync(slice.files[0], 'utf8').includes('>E (epsilon/sigma^3)<'));
  const cr = betascape('crafm', join(root, 'moduli'), '--out', join(root, 'crafm'));
  assert.is(cr.status, 0, cr.stderr);
  const fm = plot('map', join(root, 'crafm'));
  assert.is(fm.kind, 'crafm');
  assert.ok(readFileSync(fm.files[0], 'utf8').includes('>contact resonance (kHz)<'));
});

test('a run directory without the needed file: one line naming it, exit 2', () => {
  const empty = join(root, 'empty');
  mkdirSync(empty);
  for (const [kind, file] of [['thermo', 'thermo.csv'], ['tg', 'quench.csv'], ['spectrum', 'spectrum.json'], ['map', 'frequency.csv']]) {
    const r = betascape('plot', kind, empty);
    assert.is(r.status, 2, `${kind}: ${r.stderr}`);
    assert.match(r.stderr.trim(), new RegExp(`^[^\\n]*${join(empty, file).replace(/\./g, '\\.')}: not found[^\\n]*$`));
    assert.not.ok(existsSync(join(empty, `${kind}.svg`)));
  }
  const bad = betascape('plot', 'map', join(root, 'moduli'), '--field', 'X');
  assert.is(bad.status, 2);
  assert.match(bad.stderr.trim(), /^[^\n]*--field: one of G, G_V, K, E, nu, M, got 'X'$/);
});

test.run();
