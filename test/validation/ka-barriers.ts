/**
 * Barriers and adjacent minima of Kob–Andersen glasses quenched at two rates
 * (`node --import tsx test/validation/ka-barriers.ts`): N = 500 at density 1.2, equilibrated 10 tau at
 * T = 1.0 (Nose–Hoover NVT), quenched linearly to T = 0.1 at each rate, 3 seeds each; then
 * `betascape activate` (ART-nouveau-style events) from each glass's inherent structure.
 *
 * Per glass: the distinct saddles adjacent to the initial minimum (exactly, or where the event
 * happens: landscape/saddles/adjacency.ts), their barriers E_a = E_saddle - E_IS (- E_minus), the fraction below a few thresholds, the mean, and the number of distinct
 * adjacent minima per interval of E_min - E_IS. Per rate: mean ± standard deviation over seeds.
 * Also the study's sub-basin density: distinct adjacent minima with E - E_IS < 1 ε, per
 * activation attempted, per ε. The paper's picture (a less stable glass has denser sub-basins
 * and lower barriers) predicts more low barriers and a higher density for the faster quench; the
 * script prints whether it holds.
 *
 *   --rates A,B     cooling rates per tau (default 0.1,0.001)
 *   --seeds 1,2,3   --events 30   --n 500   --jobs 2   --out DIR (a rerun resumes)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLandscapeJson } from '../../landscape/landscape-json.js';
import { analyseSubBasins } from '../../landscape/subbasins.js';
import { subBasinStage } from '../../analysis/study/stages.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : dflt;
};
const RATES = opt('--rates', '0.1,0.001').split(',').map(Number);
const SEEDS = opt('--seeds', '1,2,3').split(',').map(Number);
const EVENTS = Number(opt('--events', '30'));
const N = Number(opt('--n', '500'));
const JOBS = Number(opt('--jobs', '2'));
const OUT = opt('--out', mkdtempSync(join(tmpdir(), 'betascape-ka-barriers-')));
const BIN = fileURLToPath(new URL('../../cli/betascape.js', import.meta.url));
const DT = 0.005;
const THRESHOLDS = [0.1, 0.3, 1.0];
const BINS = [-Infinity, -0.5, 0, 0.5, Infinity];
/** Energy window of the sub-basin density (ε), as the study's default. */
const WINDOW = 1.0;

function betascape(argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`betascape ${argv[0]} failed (${code}): ${err.trim().split('\n').pop()}`))));
  });
}

/** Runs tasks with at most `jobs` at a time. */
async function limited<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (next < tasks.length) {
      const k = next++;
      results[k] = await tasks[k]();
    }
  }));
  return results;
}

interface Glass {
  rate: number;
  seed: number;
  dir: string;
}

async function quench(g: Glass): Promise<void> {
  if (existsSync(join(g.dir, 'quench', 'final.data'))) return;
  mkdirSync(g.dir, { recursive: true });
  await betascape(['md', '--model', 'ka', '--n', String(N), '--ensemble', 'nvt', '--T', '1.0', '--steps', String(Math.round(10 / DT)),
    '--dt', String(DT), '--seed', String(g.seed), '--out', join(g.dir, 'liquid')]);
  await betascape(['md', '--data', join(g.dir, 'liquid', 'final.data'), '--model', 'ka', '--ensemble', 'nvt', '--T', '1.0', '--T-stop', '0.1',
    '--steps', String(Math.round(0.9 / g.rate / DT)), '--dt', String(DT), '--seed', String(g.seed), '--out', join(g.dir, 'quench')]);
}

interface GlassResult {
  eIS: number;
  barriers: number[];
  minima: number[];
  /** Events whose saddle is adjacent, and the study's sub-basin density (docs/study.md). */
  adjacentEvents: number;
  density: number;
  events: number;
  ok: number;
}

/** Adjacent saddles and minima as the sub-basin analysis counts them (exact or local adjacency). */
function analyse(g: Glass): GlassResult {
  const db = readLandscapeJson(join(g.dir, 'activate', 'landscape.json'));
  const sb = analyseSubBasins(db, { binWidth: 1, start: 1 });
  const stage = subBasinStage(db, db.n_atoms!, { bin_width: 0.1, window: WINDOW });
  return {
    eIS: sb.startEnergy / db.n_atoms!,
    barriers: sb.barriers,
    minima: sb.adjacent.map((a) => a.energy),
    adjacentEvents: stage.adjacent_events,
    density: stage.density,
    events: db.events.length,
    ok: db.events.filter((e) => e.status === 'ok').length,
  };
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => (v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1)) : 0);
const pm = (v: number[], d = 3) => `${mean(v).toFixed(d)} ± ${sd(v).toFixed(d)}`;

const t0 = performance.now();
const glasses: Glass[] = RATES.flatMap((rate) => SEEDS.map((seed) => ({ rate, seed, dir: join(OUT, `rate${rate}-seed${seed}`) })));
console.log(`KA N = ${N}, rates ${RATES.join(', ')}, seeds ${SEEDS.join(', ')}, ${EVENTS} events per glass, output in ${OUT}`);
await limited(glasses.map((g) => () => quench(g)), JOBS);
console.log(`quenches done (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
for (const g of glasses) {
  await betascape(['activate', '--data', join(g.dir, 'quench', 'final.data'), '--model', 'ka', '--events', String(EVENTS), '--seed', '1',
    '--jobs', String(JOBS), '--max-climb-steps', '800', '--out', join(g.dir, 'activate'), '--json']);
}
console.log(`activations done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);

const byRate = RATES.map((rate) => ({ rate, results: glasses.filter((g) => g.rate === rate).map(analyse) }));
const binLabel = (k: number) => `[${BINS[k]}, ${BINS[k + 1]})`;
for (const { rate, results } of byRate) {
  console.log(`rate ${rate}/tau:`);
  results.forEach((r, k) => console.log(`  seed ${SEEDS[k]}: e_IS ${r.eIS.toFixed(4)}, ${r.ok}/${r.events} events ok, ${r.adjacentEvents} with an adjacent saddle, ${r.barriers.length} distinct adjacent saddles, ${r.minima.length} adjacent minima, mean E_a ${r.barriers.length ? mean(r.barriers).toFixed(3) : '-'}`));
  console.log(`  e_IS per atom           ${pm(results.map((r) => r.eIS), 4)}`);
  console.log(`  adjacent saddles        ${pm(results.map((r) => r.barriers.length), 1)}`);
  console.log(`  mean barrier            ${pm(results.filter((r) => r.barriers.length).map((r) => mean(r.barriers)))}`);
  for (const t of THRESHOLDS) console.log(`  fraction E_a < ${t.toFixed(1).padEnd(4)}     ${pm(results.map((r) => (r.barriers.length ? r.barriers.filter((b) => b < t).length / r.barriers.length : 0)))}`);
  console.log(`  adjacent minima         ${pm(results.map((r) => r.minima.length), 1)}`);
  console.log(`  sub-basin density       ${pm(results.map((r) => r.density))} (distinct adjacent minima with E - E_IS < ${WINDOW}, per attempt, per ε)`);
  for (let k = 0; k < BINS.length - 1; k++) {
    console.log(`    E_min - E_IS in ${binLabel(k).padEnd(16)} ${pm(results.map((r) => r.minima.filter((e) => e >= BINS[k] && e < BINS[k + 1]).length), 1)}`);
  }
}
const [fast, slow] = [byRate[0], byRate[byRate.length - 1]];
const lows = (rs: GlassResult[]) => rs.map((r) => r.barriers.filter((b) => b < THRESHOLDS[1]).length);
const dens = (rs: GlassResult[]) => rs.map((r) => r.density);
console.log(`\nfaster quench (${fast.rate}) vs slower (${slow.rate}), mean ± sd over seeds: low barriers (< ${THRESHOLDS[1]}) per glass ${pm(lows(fast.results), 1)} vs ${pm(lows(slow.results), 1)}; sub-basin density ${pm(dens(fast.results))} vs ${pm(dens(slow.results))}`);
const holds = mean(lows(fast.results)) > mean(lows(slow.results)) && mean(dens(fast.results)) > mean(dens(slow.results));
console.log(`trend as the paper expects: ${holds ? 'yes' : 'no'} (wall ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
