/**
 * MD speed of the gpu paths next to the cpu ones, and the bytes that cross between host and device
 * per step (docs/gpu.md):
 *
 *   npm run bench:gpu                    KA N = 4000, 32000, 256000 (under 8 minutes on a GPU machine)
 *   npm run bench:gpu -- --quick         N = 4000, short runs (CPU-only machines: a few minutes)
 *   npm run bench:gpu -- --sizes 4000,32000
 *   npm run bench:gpu -- --json          the results as JSON on stdout (the table goes to stderr)
 *
 * Engines: cpu (f64, one thread), threads (one worker per core), gpu (today's backend: forces on the
 * device, list and integration on the host) and gpu-resident (sim/gpu-md: the whole step on the
 * device), both gpu.js in mode `gpu` (GL when a context opens, else webasm); each row names the
 * gpu.js kernel class that ran and the GL renderer. Without a display the bench runs itself again
 * under `xvfb-run -a` (Mesa's GL on the CPU, unless the X server drives a GPU; docs/gpu.md).
 *
 * Protocol: KA on an fcc lattice at density 1.2 (random species), T = 2.0 velocities, melted by 100
 * NVT steps at T = 2.0 (threads backend); then each engine runs Nosé–Hoover NVT at T = 1.0 (damp 0.5,
 * dt 0.005, skin 0.3, thermo every 100 steps) from that state: a warm-up, then timed steps (each
 * stage also ends at a wall-clock budget, so slow engines report what they did). Bytes per step are
 * those of a non-thermo step: the difference of two runs of different length, over their length
 * difference. The load average of the machine is printed with the results.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { kobAndersen } from '../../sim/potentials/lj.js';
import { runMD, type RunOptions } from '../../sim/md.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { buildSample } from '../../sim/init.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { LJ_UNITS } from '../../sim/units.js';
import { cloneState, type State } from '../../sim/state.js';
import { openForceField } from '../../sim/open-force-field.js';
import type { BackendName, Transfers } from '../../sim/backends/backend.js';
import type { PotentialSpec } from '../../sim/potentials/spec.js';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const JSON_OUT = args.includes('--json');
const SIZES = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1].split(',').map(Number) : QUICK ? [4000] : [4000, 32000, 256000];
const KA: PotentialSpec = { kind: 'lj', model: kobAndersen() };
const SKIN = 0.3, DT = 0.005, T = 1.0, DAMP = 0.5, THERMO_EVERY = 100;
const WORKERS = availableParallelism();
/** Wall seconds a warm-up and a timed stage may take at most. */
const BUDGET = QUICK ? { warmup: 10, timed: 15 } : { warmup: 10, timed: 20 };

const say = (s = '') => (JSON_OUT ? console.error(s) : console.log(s));

/** Without a display, run again under xvfb-run -a so that gpu.js can open a GL context. */
function underDisplay(): void {
  if (process.env.DISPLAY || process.env.BETASCAPE_BENCH_XVFB) return;
  const probe = spawnSync('xvfb-run', ['--help'], { encoding: 'utf8' });
  if (probe.error) return say('no DISPLAY and no xvfb-run: gpu.js runs without GL (webasm)');
  const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, BETASCAPE_BENCH_XVFB: '1' } });
  process.exit(r.status ?? 1);
}

interface Row {
  N: number;
  engine: string;
  detail: string;
  atom_steps_per_s: number | null;
  skipped?: string;
  steps?: number;
  seconds?: number;
  neighbor_builds?: number;
  pe_per_atom?: number;
  /** Host to device and back, per non-thermo step; read-backs per step. */
  bytes_up_per_step?: number;
  bytes_down_per_step?: number;
  reads_per_step?: number;
}

/** The melted start configuration of N atoms. */
async function meltedStart(N: number): Promise<State> {
  const m = kobAndersen();
  const s = buildSample({ n: N, composition: m.composition, masses: m.species.map((x) => x.mass), typeNames: m.species.map((x) => x.name), density: m.density, placement: 'lattice' }, createRng(1000 + N));
  initVelocities(s, 2.0, createRng(1001 + N), LJ_UNITS);
  const field = await openForceField(KA, 'threads', { skin: SKIN, workers: WORKERS });
  try {
    runMD(s, field.ff, { steps: QUICK ? 50 : 100, dt: DT, units: LJ_UNITS, thermostat: noseHoover({ damp: DAMP }), tStart: 2.0 });
  } finally {
    field.dispose();
  }
  return s;
}

/** What an engine offers the bench: a run with runMD's options, a neighbour-build count, and its traffic. */
interface Engine {
  detail: () => string;
  run: (s: State, o: RunOptions) => ReturnType<typeof runMD>;
  builds: () => number;
  transfers?: () => Transfers;
  dispose: () => void;
}

async function openEngine(name: BackendName | 'gpu-resident'): Promise<Engine> {
  if (name === 'gpu-resident') {
    const { openResident } = await import('../../sim/gpu-md/open.js');
    const r = openResident(KA, SKIN);
    return { detail: () => r.detail, run: (s, o) => r.run(s, o), builds: () => r.engine?.builds ?? 0, transfers: () => r.device.transfers, dispose: () => r.dispose() };
  }
  const field = await openForceField(KA, name, { skin: SKIN, workers: WORKERS });
  const transfers = field.transfers;
  return {
    detail: () => field.detail, run: (s, o) => runMD(s, field.ff, o), builds: () => field.ff.nlist.builds,
    transfers: transfers && (() => transfers), dispose: () => field.dispose(),
  };
}

/** `steps` of NVT, ended early at `seconds`; the steps done and the wall time. */
function timedRun(e: Engine, s: State, steps: number, seconds: number) {
  const t0 = performance.now(), step0 = s.step;
  const last = e.run(s, { steps, dt: DT, units: LJ_UNITS, thermostat: noseHoover({ damp: DAMP }), tStart: T, thermoEvery: THERMO_EVERY, pause: () => performance.now() - t0 > 1000 * seconds });
  return { steps: s.step - step0, seconds: (performance.now() - t0) / 1000, pe: last?.pe };
}

/**
 * Bytes and read-backs of one non-thermo step: two runs of 5 and 25 steps (fewer where a step is
 * slow: about 15 s at most), differenced.
 */
function perStepTraffic(e: Engine, s: State, secondsPerStep: number): Pick<Row, 'bytes_up_per_step' | 'bytes_down_per_step' | 'reads_per_step'> {
  const t = e.transfers!;
  const [short, long] = secondsPerStep * 30 < 15 ? [5, 25] : [1, 3];
  const sample = (steps: number) => {
    const before = { ...t() };
    e.run(s, { steps, dt: DT, units: LJ_UNITS, thermostat: noseHoover({ damp: DAMP }), tStart: T, thermoEvery: 0 });
    const after = t();
    return [after.up - before.up, after.down - before.down, after.reads - before.reads];
  };
  const a = sample(short), b = sample(long);
  const k = long - short;
  return { bytes_up_per_step: (b[0] - a[0]) / k, bytes_down_per_step: (b[1] - a[1]) / k, reads_per_step: (b[2] - a[2]) / k };
}

async function benchEngine(name: BackendName | 'gpu-resident', N: number, start: State): Promise<Row> {
  let e: Engine;
  try {
    e = await openEngine(name);
  } catch (err) {
    return { N, engine: name, detail: '', atom_steps_per_s: null, skipped: (err as Error).message.split('\n')[0] };
  }
  try {
    // Outside GL, gpu.js hands every texel between kernels as a small JS array: beyond 32000
    // atoms the resident path's buffers would take gigabytes of them.
    if (name === 'gpu-resident' && N > 32000 && !e.detail().includes('headlessgl')) {
      return { N, engine: name, detail: e.detail(), atom_steps_per_s: null, skipped: `${e.detail()} holds per-atom buffers as JS arrays; run N > 32000 with GL` };
    }
    const s = cloneState(start);
    const steps = Math.max(50, Math.round((QUICK ? 2e6 : 2e7) / N));
    timedRun(e, s, Math.max(20, Math.round(steps / 5)), BUDGET.warmup);
    const builds0 = e.builds();
    const r = timedRun(e, s, steps, BUDGET.timed);
    const builds = e.builds() - builds0;
    const traffic = e.transfers ? perStepTraffic(e, s, r.seconds / Math.max(1, r.steps)) : {};
    return {
      N, engine: name, detail: e.detail(), atom_steps_per_s: (N * r.steps) / r.seconds, steps: r.steps, seconds: r.seconds,
      neighbor_builds: builds, pe_per_atom: r.pe, ...traffic,
    };
  } catch (err) {
    return { N, engine: name, detail: e.detail(), atom_steps_per_s: null, skipped: (err as Error).message.split('\n')[0] };
  } finally {
    e.dispose();
  }
}

function table(rows: Row[]): string {
  const f = (x: number | undefined, digits = 3) => (x === undefined ? '' : x.toPrecision(digits));
  const lines = [
    '| N | engine | what ran | atom-steps/s | steps | s | builds | pe/atom | B up/step | B down/step | reads/step |',
    '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => r.atom_steps_per_s === null
      ? `| ${r.N} | ${r.engine} | skipped: ${r.skipped} | | | | | | | | |`
      : `| ${r.N} | ${r.engine} | ${r.detail} | ${f(r.atom_steps_per_s)} | ${r.steps} | ${f(r.seconds)} | ${r.neighbor_builds} | ${f(r.pe_per_atom, 6)} | ${f(r.bytes_up_per_step)} | ${f(r.bytes_down_per_step)} | ${f(r.reads_per_step, 2)} |`),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  underDisplay();
  const load0 = loadavg();
  say(`gpu bench: KA N = ${SIZES.join(', ')}${QUICK ? ' (quick)' : ''}; ${WORKERS} cores; load average ${load0.map((l) => l.toFixed(2)).join(' ')}`);
  const rows: Row[] = [];
  for (const N of SIZES) {
    const start = await meltedStart(N);
    for (const engine of ['cpu', 'threads', 'gpu', 'gpu-resident'] as const) {
      const row = await benchEngine(engine, N, start);
      rows.push(row);
      say(`  N ${N} ${engine}: ${row.atom_steps_per_s === null ? `skipped (${row.skipped})` : `${row.atom_steps_per_s.toExponential(3)} atom-steps/s, ${row.detail}`}`);
    }
  }
  say();
  say(table(rows));
  say(`\nload average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (JSON_OUT) console.log(JSON.stringify({ load_average: { start: load0, end: loadavg() }, cores: WORKERS, rows }, null, 2));
}

await main();
