/**
 * Literature anchor: the activation-energy spectrum of a Cu64Zr36 glass made with the Mendelev
 * 2009 EAM (CuZr_mm.eam.fs), to set beside published ART spectra for the same potential
 * (docs/landscape.md, "Literature anchor: Cu64Zr36 (Mendelev 2009) activation energies").
 *
 *   node --import tsx test/validation/cuzr-barriers.ts [--out DIR] [--n 1000] [--rate 10] [--events 150]
 *        [--seed 1] [--jobs 1]
 *
 * Steps, all through the project's CLI:
 *   1. `betascape sweep configs/cu64zr36-quench.yaml --set n=N --set quench.rates=[RATE] --set seeds=1`:
 *      melt at 2000 K for 20 ps, quench 2000 → 300 K at RATE K/ps under NPT at P = 0 (dt 2 fs), Tg
 *      from V(T), inherent structure by CG to max |F| < 1e-8 eV/Å.
 *   2. `betascape activate --data <member>/inherent.data --potential CuZr_mm.eam.fs --elements Cu,Zr
 *      --units metal --events K --seed SEED --jobs JOBS` (ART-nouveau-style events, default settings).
 *   3. The table: events per status; E_a = E_s − E_IS over all events that found a saddle (status ok);
 *      the distinct saddles adjacent to the IS (adjacency exact or local; barrier E_s − E_minus, which
 *      is E_s − E_IS for exact ones) and the same saddles' E_s − E_IS; median, quartiles, mean, counts.
 *
 * Time (the defaults, N = 1000, 10 K/ps, 150 events, one job, measured on this 2-core VM shared with
 * other jobs, under `nice -n 10`): quench 813 s (95 000 MD steps at 110–215 steps/s), activations
 * 3369 s (22 s per event on average, 4–50 s each), about 70 min in all. A rerun with the same --out
 * resumes both steps (finished members and events are kept; 20 s when all is done), and a larger
 * --events adds events.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLandscapeJson } from '../../landscape/landscape-json.js';
import { analyseSubBasins } from '../../landscape/subbasins.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : dflt;
};
const N = Number(opt('--n', '1000'));
const RATE = Number(opt('--rate', '10'));
const EVENTS = Number(opt('--events', '150'));
const SEED = Number(opt('--seed', '1'));
const JOBS = Number(opt('--jobs', '1'));
const OUT = resolve(opt('--out', mkdtempSync(join(tmpdir(), 'betascape-cuzr-barriers-'))));
const BIN = fileURLToPath(new URL('../../cli/betascape.js', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../configs/cu64zr36-quench.yaml', import.meta.url));
const POTENTIAL = '/usr/share/lammps/potentials/CuZr_mm.eam.fs';

function betascape(argv: string[]): Promise<string> {
  return new Promise((res, reject) => {
    const p = spawn(process.execPath, [BIN, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? res(out) : reject(new Error(`betascape ${argv[0]} failed (${code}): ${err.trim().split('\n').pop()}`))));
  });
}

/** Linear-interpolation quantile (numpy's default, type 7) of a sorted copy. */
function quantile(v: number[], q: number): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
}
const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');
function row(label: string, v: number[]): string {
  return `| ${label} | ${v.length} | ${f3(quantile(v, 0.25))} | ${f3(quantile(v, 0.5))} | ${f3(quantile(v, 0.75))} | ${f3(mean(v))} | ${f3(Math.min(...v))} – ${f3(Math.max(...v))} |`;
}

const t0 = performance.now();
const secs = () => ((performance.now() - t0) / 1000).toFixed(0);
const quenchDir = join(OUT, 'quench');
const actDir = join(OUT, 'act');
console.log(`Cu64Zr36 (CuZr_mm.eam.fs), N = ${N}, ${RATE} K/ps, ${EVENTS} activations (seed ${SEED}, ${JOBS} job(s)); output in ${OUT}`);

// 1. The glass.
await betascape(['sweep', CONFIG, '--set', `output=${quenchDir}`, '--set', `n=${N}`, '--set', `quench.rates=[${RATE}]`, '--set', 'seeds=1',
  '--jobs', '1', '--quiet']);
const member = readdirSync(quenchDir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(quenchDir, d.name, 'summary.json')))
  .map((d) => join(quenchDir, d.name))[0];
if (!member) throw new Error(`no finished member in ${quenchDir}`);
const qs = JSON.parse(readFileSync(join(member, 'summary.json'), 'utf8'));
console.log(`quench done (${secs()} s): ${member}`);

// 2. The activations from its inherent structure.
await betascape(['activate', '--data', join(member, 'inherent.data'), '--potential', POTENTIAL, '--elements', 'Cu,Zr', '--units', 'metal',
  '--events', String(EVENTS), '--seed', String(SEED), '--jobs', String(JOBS), '--out', actDir, '--json']);
console.log(`activations done (${secs()} s): ${actDir}\n`);

// 3. The table.
const raw = JSON.parse(readFileSync(join(actDir, 'landscape.json'), 'utf8'));
const events: Record<string, unknown>[] = raw.events;
const byStatus = new Map<string, number>();
for (const e of events) byStatus.set(String(e.status), (byStatus.get(String(e.status)) ?? 0) + 1);
const ok = events.filter((e) => e.status === 'ok');
const okEa = ok.map((e) => Number(e.activation_energy));
const okAdjacentEa = ok.filter((e) => e.adjacency === 'exact' || e.adjacency === 'local').map((e) => Number(e.activation_energy));
const saddles: Record<string, unknown>[] = raw.saddles;
const adjSaddles = saddles.filter((s) => s.adjacency === 'exact' || s.adjacency === 'local');
const adjFromIS = adjSaddles.map((s) => Number(s.barrier_from_initial));
const sb = analyseSubBasins(readLandscapeJson(join(actDir, 'landscape.json')), { binWidth: 0.1, start: 1 });
const nAtoms = Number(raw.n_atoms);
const eIS = sb.startEnergy / nAtoms;

const tg = qs.tg ?? qs.Tg ?? qs.tg_fit?.tg;
console.log(`glass: N = ${nAtoms}, rate ${RATE} K/ps (${(RATE * 1e12).toExponential(0)} K/s), Tg ${tg !== undefined && tg !== null ? Number(tg).toFixed(0) + ' K' : '-'}, e_IS (activate's minimized start) ${eIS.toFixed(5)} eV/atom`);
console.log(`events: ${events.length} (${[...byStatus].map(([s, c]) => `${s} ${c}`).join(', ')}); distinct saddles ${saddles.length}, adjacent exact ${adjSaddles.filter((s) => s.adjacency === 'exact').length} + local ${adjSaddles.filter((s) => s.adjacency === 'local').length}\n`);
console.log('| activation energies (eV) | count | Q1 | median | Q3 | mean | range |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
console.log(row('all events with a saddle (ok), E_s − E_IS', okEa));
console.log(row('ok events whose saddle is adjacent, E_s − E_IS', okAdjacentEa));
console.log(row('distinct adjacent saddles, E_s − E_minus', sb.barriers));
console.log(row('distinct adjacent saddles, E_s − E_IS', adjFromIS));
const hits = saddles.map((x) => Number(x.hits ?? 1));
console.log(`\ndistinct saddles found more than once: ${hits.filter((h) => h > 1).length} (most hits ${Math.max(...hits)}); lowest adjacent minimum ${f3(Math.min(...sb.adjacent.map((a) => a.energy)))} eV from the IS`);
console.log(`fractions of ok-event E_a below 0.5 / 1.0 / 2.0 eV: ${[0.5, 1, 2].map((t) => (okEa.filter((x) => x < t).length / Math.max(1, okEa.length)).toFixed(2)).join(' / ')}`);
console.log(`wall ${secs()} s`);
