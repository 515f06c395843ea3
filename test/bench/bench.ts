/**
 * Speed of NVT MD in betascape, on every backend, and in LAMMPS (serial and 2 MPI ranks) on the
 * very same inputs, plus the memory betascape needs per atom.
 *
 *   npm run bench                 KA N = 4000 and 32000, Cu64Zr36 EAM N = 16000 (a few minutes)
 *   npm run bench -- --quick      KA and Cu64Zr36 at N = 4000, few steps
 *   npm run bench -- --json       JSON list of results on stdout (progress goes to stderr)
 *   npm run bench -- --rounds R   rounds of every engine in turn (default 3, --quick 2)
 *   npm run bench -- --profile    cpu and threads only, with where their time goes: shares of the wall
 *                                 time per phase of the MD step (profile.ts); combines with --quick
 *   npm run bench -- --landscape  the landscape instead (a few minutes; landscape-bench.ts): minimizations/s,
 *                                 force evaluations per activation event, events per CPU-hour on a
 *                                 2000-atom KA glass and a 1000-atom Cu64Zr36 glass; --events E (default 6);
 *                                 --compare: each seed with the reference climb and the cheaper one
 *                                 (a Lanczos refresh every K-th climbing step, --lanczos-every K,
 *                                 default 8; --climb lbfgs: and L-BFGS steps at negative curvature)
 *                                 and whether they found the same saddles
 *   npm run bench -- --structure  the structure analyses instead (a few minutes; structure-bench.ts): Voronoi,
 *                                 g(r) of a 100-frame dump, direct S(q), at N = 4000, 8000, 32000 KA atoms
 *
 * Engines: betascape with the cpu backend (f64, one thread), threads (2 workers) and gpu (gpu.js,
 * whatever mode runs here; "skipped" with the reason when it cannot start); LAMMPS serial and
 * `mpirun -np 2 lmp`, both with -sf opt (the OPT package's lj/cut/opt, eam/fs/opt).
 *
 * Protocol, identical in all codes: betascape builds one start configuration per case and writes
 * it as a LAMMPS data file; every engine reads that file and runs Nose–Hoover NVT (chain 3).
 * - KA (Kob–Andersen, lj units): fcc lattice at number density 1.2 with random species, T = 2.0
 *   velocities, 200 steps of NVT at T = 2.0 to melt; timed runs at T = 1.0, damp 0.5, dt 0.005,
 *   skin 0.3.
 * - Cu64Zr36 (CuZr_mm.eam.fs, metal units): random occupation of fcc sites at 0.059 atoms/Å^3,
 *   1500 K velocities, 100 Langevin steps at 2000 K; timed runs at 1500 K, damp 0.1 ps, dt 1 fs,
 *   skin 2.0 Å.
 * Neighbour lists are checked every step, thermo every 100 steps. Timed: the steps after a
 * warm-up (gpu: a quarter of them, it is slow on software GL); for LAMMPS its own "Loop time" of the second `run` (setup excluded).
 *
 * The engines run in rounds, one after the other within a round (every other round in reverse
 * order; gpu in the first round only):
 * the speed of these machines drifts by tens of per cent over minutes, so a ratio of two engines
 * is taken within each round and quoted as the median over the rounds, with its range; each
 * engine's figure is the median of its rounds. The betascape rows also give the CPU seconds used.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kobAndersen } from '../../sim/potentials/lj.js';
import { runMD } from '../../sim/md.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { langevin } from '../../sim/integrate/langevin.js';
import { buildSample } from '../../sim/init.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { LJ_UNITS, METAL_UNITS, type Units } from '../../sim/units.js';
import { wrapPositions } from '../../sim/box.js';
import type { State } from '../../sim/state.js';
import { parseLammpsDataFile, writeLammpsData } from '../../sim/io/lammps-data.js';
import { openForceField, type OpenForceField } from '../../sim/open-force-field.js';
import type { BackendName } from '../../sim/backends/backend.js';
import type { PotentialSpec } from '../../sim/potentials/spec.js';
import {
  FAST_LANCZOS_EVERY, LANDSCAPE_GLASSES, REFERENCE_CLIMB, agreementLine, benchLandscape, climbVariant, landscapeTable, type LandscapeBench,
} from './landscape-bench.js';
import { structureMain } from './structure-bench.js';
import { phasesMs, profileTable, profiled, type ProfiledRun } from './profile.js';
import { PhaseProfile } from '../../sim/phase-profile.js';
import { measureMemory, printMemory, type MemoryResult } from './memory.js';
import { kaPairCoeffs, lammpsPreamble, LMP, lammpsAvailable, parseLammpsRuns, runLammps } from '../helpers/lammps.js';

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const QUICK = args.includes('--quick');
const LANDSCAPE = args.includes('--landscape');
const STRUCTURE = args.includes('--structure');
const EVENTS = args.includes('--events') ? Number(args[args.indexOf('--events') + 1]) : 6;
const COMPARE = args.includes('--compare');
const PROFILE = args.includes('--profile');
const argNumber = (name: string) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : undefined);
/** Rounds of every engine in turn; each figure is the median over them (--rounds R). */
const ROUNDS = argNumber('--rounds') ?? (QUICK ? 2 : 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('bench: --rounds takes a whole number of at least 1');
  process.exit(2);
}
const WORKERS = 2;
const MEMORY_N = 32000;
const THERMO_EVERY = 100;
const CUZR = join(process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials', 'CuZr_mm.eam.fs');

/** Progress and tables: stdout normally, stderr when stdout carries JSON. */
const say = (s = '') => (JSON_OUT ? console.error(s) : console.log(s));

interface Case {
  model: 'ka' | 'cu64zr36';
  N: number;
  warmup: number;
  steps: number;
  spec: PotentialSpec;
  units: Units;
  dt: number;
  skin: number;
  T: number;
  damp: number;
  /** LAMMPS lines: units, read_data, pair, neighbour settings, timestep. */
  lammpsSetup: string;
}

const KA_SPEC: PotentialSpec = { kind: 'lj', model: kobAndersen() };
const CUZR_SPEC: PotentialSpec = { kind: 'eam', file: CUZR, elements: ['Cu', 'Zr'] };

function kaCase(N: number, steps: number): Case {
  return {
    model: 'ka', N, warmup: Math.max(20, steps / 5), steps, spec: KA_SPEC, units: LJ_UNITS, dt: 0.005, skin: 0.3, T: 1.0, damp: 0.5,
    lammpsSetup: lammpsPreamble({ pair: kaPairCoeffs(), skin: 0.3, dt: 0.005 }),
  };
}

function cuZrCase(N: number, steps: number): Case {
  return {
    model: 'cu64zr36', N, warmup: Math.max(10, steps / 10), steps, spec: CUZR_SPEC, units: METAL_UNITS, dt: 0.001, skin: 2.0, T: 1500, damp: 0.1,
    lammpsSetup: lammpsPreamble({ units: 'metal', pair: `pair_style eam/fs\npair_coeff * * ${CUZR} Cu Zr`, skin: 2.0, dt: 0.001 }),
  };
}

const CASES: Case[] = QUICK
  ? [kaCase(4000, 100), ...(existsSync(CUZR) ? [cuZrCase(4000, 50)] : [])]
  : [kaCase(4000, 500), kaCase(32000, 100), ...(existsSync(CUZR) ? [cuZrCase(16000, 60)] : [])];

interface BenchResult {
  engine: 'betascape' | 'lammps';
  backend: string;
  model: Case['model'];
  N: number;
  /** null when the engine could not run (see skipped). */
  atom_steps_per_s: number | null;
  skipped?: string;
  warmup_steps?: number;
  /** Timed steps per round (warm-up excluded). */
  steps?: number;
  /** atom-steps/s of each round; atom_steps_per_s is their median. */
  rounds?: number[];
  /** Timed seconds over all rounds. */
  seconds?: number;
  /** betascape: CPU seconds of all its threads in the timed steps (less sensitive to a busy machine). */
  cpu_seconds?: number;
  neighbor_builds?: number;
  /** Potential energy per atom at the last step (a check that all engines simulated the same thing). */
  pe_per_atom?: number;
  /** atom-steps/s over those of LAMMPS with 2 MPI ranks at the same case. */
  ratio_to_lammps_2rank?: number;
  /** The smallest and largest of those ratios, round by round. */
  ratio_to_lammps_2rank_range?: [number, number];
  memory?: MemoryResult;
  /** --profile: where the timed steps' wall time went. */
  profile?: ProfiledRun;
}


/** A fresh sample on an fcc lattice with random species and velocities at T (zero momentum). */
function latticeSample(c: Case, seed: number, T: number): State {
  const p = c.spec.kind === 'lj'
    ? { composition: c.spec.model.composition, masses: c.spec.model.species.map((s) => s.mass), typeNames: c.spec.model.species.map((s) => s.name), density: c.spec.model.density }
    : { composition: [0.64, 0.36], masses: [63.546, 91.224], typeNames: ['Cu', 'Zr'], density: 0.059 };
  const s = buildSample({ n: c.N, ...p, placement: 'lattice' }, createRng(seed));
  initVelocities(s, T, createRng(seed + 1), c.units);
  return s;
}

/** Builds, melts (on the threads backend, for speed) and writes the start configuration of a case to dir/start.data. */
async function writeStart(c: Case, dir: string): Promise<void> {
  const field = await openForceField(c.spec, 'threads', { skin: c.skin, workers: WORKERS });
  try {
    const ff = field.ff;
    if (c.model === 'ka') {
      const s = latticeSample(c, 1000 + c.N, 2.0);
      runMD(s, ff, { steps: QUICK ? 50 : 200, dt: c.dt, units: c.units, thermostat: noseHoover({ damp: c.damp }), tStart: 2.0 });
      finishStart(s, dir);
    } else {
      const s = latticeSample(c, 1000 + c.N, 1500);
      runMD(s, ff, { steps: 100, dt: c.dt, units: c.units, thermostat: langevin({ damp: 0.05, seed: 7 }), tStart: 2000 });
      finishStart(s, dir);
    }
  } finally {
    field.dispose();
  }
}

function finishStart(s: State, dir: string): void {
  wrapPositions(s.box, s.x, s.image);
  s.step = 0;
  s.time = 0;
  writeLammpsData(join(dir, 'start.data'), s);
}

/** One timed stretch of steps of one engine. */
interface Segment {
  rate: number;
  seconds: number;
  cpuSeconds?: number;
  builds: number;
  pe: number;
}

/** A betascape backend opened on a case; each `segment()` warms up from the start configuration and times the steps. */
interface OpenBackend {
  backend: string;
  steps: number;
  warmup: number;
  segment(): Segment;
  profile?: ProfiledRun;
  dispose(): void;
}

async function openBackend(c: Case, name: BackendName, dir: string): Promise<OpenBackend | BenchResult> {
  let field: OpenForceField;
  try {
    field = await openForceField(c.spec, name, { skin: c.skin, workers: WORKERS });
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { engine: 'betascape', model: c.model, N: c.N, backend: name, atom_steps_per_s: null, skipped: reason };
  }
  const ff = field.ff;
  // gpu.js on a software renderer is slow: a quarter of the steps keeps the bench short.
  const share = name === 'gpu' ? 0.25 : 1;
  const warmup = Math.max(5, Math.round(c.warmup * share)), steps = Math.max(10, Math.round(c.steps * share));
  const profile = PROFILE ? { label: `${c.model} ${c.N} ${name}`, profile: new PhaseProfile(), atomSteps: 0 } : undefined;
  return {
    backend: field.detail, steps, warmup, profile,
    // Every round from the start configuration, as LAMMPS: the same steps in every engine and round.
    segment() {
      const state = parseLammpsDataFile(join(dir, 'start.data'));
      if (c.spec.kind === 'eam') state.mass.set([63.546, 91.224]);
      const opts = { dt: c.dt, units: c.units, thermostat: noseHoover({ damp: c.damp }), tStart: c.T, thermoEvery: THERMO_EVERY };
      runMD(state, ff, { ...opts, steps: warmup });
      const builds0 = ff.nlist.builds;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const timed = () => runMD(state, ff, { ...opts, steps });
      const last = profile ? profiled(timed, profile.profile).result : timed();
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      if (profile) profile.atomSteps += c.N * steps;
      return { rate: (c.N * steps) / seconds, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, builds: ff.nlist.builds - builds0, pe: last.pe };
    },
    dispose: () => field.dispose(),
  };
}

/** Flags mpirun needs here (as root, or with fewer cores than ranks), found by trying; null without mpirun. */
function mpirunFlags(): string[] | null {
  for (const flags of [[], ['--allow-run-as-root'], ['--oversubscribe'], ['--allow-run-as-root', '--oversubscribe']]) {
    const r = spawnSync('mpirun', [...flags, '-np', '2', 'true'], { encoding: 'utf8', timeout: 30000 });
    if (r.error) return null;
    if (r.status === 0) return flags;
  }
  return null;
}

/** The same run in LAMMPS with -sf opt, serial or on 2 MPI ranks: warm-up, then the timed `run` (its own Loop time). */
function lammpsSegment(c: Case, dir: string, mpi: string[] | null): Segment {
  const input = `${c.lammpsSetup}fix 1 all nvt temp ${c.T} ${c.T} ${c.damp}
thermo ${THERMO_EVERY}
thermo_style custom step temp pe press
thermo_modify norm yes format float %.15g
run ${c.warmup}
run ${c.steps}
`;
  let log: string;
  if (mpi) {
    // runLammps runs one process; for MPI the same files and arguments under mpirun.
    writeFileSync(join(dir, 'in.lmp'), input);
    const r = spawnSync('mpirun', [...mpi, '-np', '2', LMP, '-in', 'in.lmp', '-log', 'log.lammps', '-screen', 'none', '-sf', 'opt'], { cwd: dir, encoding: 'utf8' });
    log = existsSync(join(dir, 'log.lammps')) ? readFileSync(join(dir, 'log.lammps'), 'utf8') : '';
    if (r.status !== 0 || /^ERROR/m.test(log)) throw new Error(`mpirun lmp failed (exit ${r.status}): ${r.stderr?.slice(-2000)}`);
  } else {
    log = runLammps(input, dir, {}, ['-sf', 'opt']).log;
  }
  const timed = parseLammpsRuns(log).at(-1)!;
  if (timed.loopSeconds === undefined) throw new Error('no Loop time line in the LAMMPS log');
  const pe = timed.thermo.PotEng;
  return { rate: (c.N * c.steps) / timed.loopSeconds, seconds: timed.loopSeconds, builds: timed.neighborBuilds ?? NaN, pe: pe[pe.length - 1] };
}

/** Whether this LAMMPS has the OPT package. */
function lammpsHasOpt(): boolean {
  return lammpsAvailable() && /lj\/cut\/opt/.test(execFileSync(LMP, ['-h'], { encoding: 'utf8', maxBuffer: 16 << 20 }));
}

/** A plain-text table: the first column left-aligned, padded columns. */
function table(head: string[], rows: string[][]): string[] {
  const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(width[k])).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function printTable(results: BenchResult[]): void {
  const head = ['model', 'N', 'engine', 'backend', 'atom-steps/s (median)', 'rounds min–max', 'vs LAMMPS 2-rank', 'steps', 'seconds', 'CPU s', 'nbr builds', 'PE/atom'];
  const num = (v: number | undefined, f: (x: number) => string) => (v === undefined ? '' : f(v));
  const rows = results.map((r) => [
    r.model, String(r.N), r.engine, r.backend, r.atom_steps_per_s === null ? `skipped: ${r.skipped}` : r.atom_steps_per_s.toExponential(3),
    r.rounds && r.rounds.length > 1 ? `${Math.min(...r.rounds).toExponential(2)}–${Math.max(...r.rounds).toExponential(2)}` : '',
    num(r.ratio_to_lammps_2rank, (x) => x.toFixed(3)), num(r.steps, String), num(r.seconds, (x) => x.toFixed(2)), num(r.cpu_seconds, (x) => x.toFixed(2)),
    num(r.neighbor_builds, String), num(r.pe_per_atom, (x) => x.toFixed(4)),
  ]);
  table(head, rows).forEach((l) => say(l));
}

/** An engine of one case and the segments it ran, one per round (gpu: the first round only). */
interface Engine {
  name: string;
  result: BenchResult;
  segment: () => Segment;
  firstRoundOnly: boolean;
  profile?: ProfiledRun;
  segments: Segment[];
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
};

/** The row of an engine: the median of its rounds, each round's rate, and totals over them. */
function summarise(e: Engine): BenchResult {
  const rates = e.segments.map((s) => s.rate);
  const cpu = e.segments.map((s) => s.cpuSeconds);
  const last = e.segments[e.segments.length - 1];
  return {
    ...e.result, atom_steps_per_s: median(rates), rounds: rates, seconds: e.segments.reduce((t, s) => t + s.seconds, 0),
    ...(cpu.every((x) => x !== undefined) ? { cpu_seconds: cpu.reduce((t, x) => t + x!, 0) } : {}),
    neighbor_builds: last.builds, pe_per_atom: last.pe, profile: e.profile,
  };
}

/**
 * Ratios taken within each round (the engines of a round ran minutes apart at most, so a drift of
 * the machine's speed cancels), as the median and range over the rounds; sets each row's ratio
 * to LAMMPS on 2 ranks. Returns the case's lines of the ratio table.
 */
function roundRatios(c: Case, engines: Engine[]): string[][] {
  const find = (name: string) => engines.find((e) => e.name === name);
  const perRound = (a: Engine | undefined, b: Engine | undefined) =>
    a && b ? a.segments.map((s, k) => s.rate / b.segments[k].rate) : undefined;
  const twoRank = find('LAMMPS 2 ranks');
  for (const e of engines) {
    const r = perRound(e, twoRank);
    if (r) {
      e.result.ratio_to_lammps_2rank = median(r);
      e.result.ratio_to_lammps_2rank_range = [Math.min(...r), Math.max(...r)];
    }
  }
  const pairs: [string, string, string][] = [
    ['threads ÷ LAMMPS 2 ranks', 'threads', 'LAMMPS 2 ranks'], ['threads ÷ cpu', 'threads', 'cpu'],
    ['cpu ÷ LAMMPS serial', 'cpu', 'LAMMPS serial'], ['LAMMPS 2 ranks ÷ serial', 'LAMMPS 2 ranks', 'LAMMPS serial'],
  ];
  return pairs.flatMap(([label, a, b]) => {
    const r = perRound(find(a), find(b));
    return r ? [[`${c.model} ${c.N}`, label, median(r).toFixed(2), `${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}`, r.map((x) => x.toFixed(2)).join(' ')]] : [];
  });
}

async function main(): Promise<void> {
  const memory = measureMemory(MEMORY_N, () => latticeSample(kaCase(MEMORY_N, 0), 7, 2.0));
  // A profile is of betascape's own steps: it leaves out gpu and LAMMPS.
  const haveLammps = !PROFILE && lammpsHasOpt();
  const mpi = haveLammps ? mpirunFlags() : null;
  const backends = PROFILE ? (['cpu', 'threads'] as const) : (['cpu', 'threads', 'gpu'] as const);
  if (PROFILE) {
    say(`NVT benchmark${QUICK ? ' (--quick)' : ''} --profile: betascape cpu / threads (${WORKERS} workers), timed with phase marks`);
  } else {
    say(`NVT benchmark${QUICK ? ' (--quick)' : ''}: betascape cpu / threads (${WORKERS} workers) / gpu, LAMMPS -sf opt serial and 2 MPI ranks`);
    if (!haveLammps) say(`LAMMPS (${LMP}) with the OPT package not found: betascape figures only.`);
    else if (!mpi) say('mpirun not usable: no 2-rank LAMMPS figures.');
  }
  const results: BenchResult[] = [];
  const ratios: string[][] = [];
  for (const c of CASES) {
    const dir = mkdtempSync(join(tmpdir(), `betascape-bench-${c.model}-${c.N}-`));
    const opened: OpenBackend[] = [];
    try {
      say(`${c.model} N = ${c.N}: building the start configuration ...`);
      await writeStart(c, dir);
      const engines: Engine[] = [];
      for (const name of backends) {
        const b = await openBackend(c, name, dir);
        if (!('segment' in b)) {
          say(`  betascape ${name}: skipped (${b.skipped})`);
          results.push(b);
          continue;
        }
        opened.push(b);
        const result: BenchResult = { engine: 'betascape', backend: b.backend, model: c.model, N: c.N, atom_steps_per_s: null, warmup_steps: b.warmup, steps: b.steps };
        engines.push({ name, result, segment: b.segment, firstRoundOnly: name === 'gpu', profile: b.profile, segments: [] });
      }
      if (haveLammps) {
        for (const ranks of mpi ? [null, mpi] : [null]) {
          const result: BenchResult = {
            engine: 'lammps', backend: ranks ? 'mpirun -np 2, -sf opt' : 'serial, -sf opt', model: c.model, N: c.N, atom_steps_per_s: null,
            warmup_steps: c.warmup, steps: c.steps,
          };
          engines.push({ name: ranks ? 'LAMMPS 2 ranks' : 'LAMMPS serial', result, segment: () => lammpsSegment(c, dir, ranks), firstRoundOnly: false, segments: [] });
        }
      }
      for (let k = 0; k < ROUNDS; k++) {
        const line: string[] = [];
        // Every other round in reverse order, so a drift within a round favours no engine.
        for (const e of k % 2 === 0 ? engines : [...engines].reverse()) {
          if (e.firstRoundOnly && k > 0) continue;
          const s = e.segment();
          e.segments.push(s);
          line.push(`${e.name} ${s.rate.toExponential(3)}`);
        }
        say(`  round ${k + 1}/${ROUNDS}, atom-steps/s: ${line.join(', ')}`);
      }
      ratios.push(...roundRatios(c, engines));
      results.push(...engines.map(summarise));
    } finally {
      opened.forEach((b) => b.dispose());
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // The memory figures ride on the first cpu row.
  results.find((r) => r.engine === 'betascape')!.memory = memory;
  say();
  printTable(results);
  if (ratios.length > 0) {
    say(`\nRatios of atom-steps/s within each round (${ROUNDS} rounds; the engines of a round run back to back, so a drift of the machine's speed cancels):`);
    table(['case', 'ratio', 'median', 'range', 'by round'], ratios).forEach((l) => say(l));
  }
  printMemory(memory, say);
  if (PROFILE) {
    say('\nWhere the timed steps\' wall time goes (--profile; shares survive a busy machine better than seconds):');
    profileTable(results.flatMap((r) => r.profile ?? [])).forEach((l) => say(l));
  }
  if (JSON_OUT) console.log(JSON.stringify(results.map(({ profile, ...r }) => (profile ? { ...r, phases_ms: phasesMs(profile) } : r)), null, 2));
}

async function landscapeMain(): Promise<void> {
  const optimizer = args.includes('--climb') ? args[args.indexOf('--climb') + 1] : 'fire';
  if (optimizer !== 'fire' && optimizer !== 'lbfgs') throw new Error(`--climb: fire or lbfgs, got ${optimizer}`);
  const variants = COMPARE ? [REFERENCE_CLIMB, climbVariant(argNumber('--lanczos-every') ?? FAST_LANCZOS_EVERY, optimizer)] : [REFERENCE_CLIMB];
  say(`Landscape benchmark: ${EVENTS} activation events per glass${COMPARE ? `, climbs: ${variants.map((v) => v.name).join(' and ')}` : ''}, cpu backend (one thread, as the study runs them)`);
  const benches: LandscapeBench[] = [];
  for (const g of LANDSCAPE_GLASSES) benches.push(benchLandscape(g, EVENTS, say, variants));
  say();
  landscapeTable(benches.flatMap((b) => b.rows)).forEach((l) => say(l));
  for (const b of benches) if (b.agreement) say(agreementLine(b.rows[0].model, variants[0].name, variants[1].name, b.agreement));
  if (JSON_OUT) console.log(JSON.stringify(benches, null, 2));
}

if (STRUCTURE) structureMain(say, JSON_OUT);
else await (LANDSCAPE ? landscapeMain() : main());
