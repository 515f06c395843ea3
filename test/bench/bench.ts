/**
 * Speed of Kob–Andersen NVT MD in betascape (cpu backend) and, where `lmp` exists, in serial
 * LAMMPS on the very same input, plus the memory betascape needs per atom.
 *
 *   npm run bench                 full run: N = 4000 and 32000, 100 warm-up + 500 timed steps
 *   npm run bench -- --quick      N = 4000 only, 20 + 100 steps
 *   npm run bench -- --json       JSON list of results on stdout (progress goes to stderr)
 *
 * Protocol, identical in both codes: betascape builds one start configuration per N (fcc lattice
 * at number density 1.2 with random species, velocities at T = 2.0, 300 steps of Nose–Hoover at
 * T = 2.0 to melt it) and writes it as a LAMMPS data file; both codes read that file and run
 * Nose–Hoover NVT at T = 1.0 (damp 0.5, chain 3), dt 0.005, skin 0.3 checked every step, thermo
 * every 100 steps. Timed: the steps after the warm-up; for LAMMPS its own "Loop time" of the second
 * `run` (setup excluded).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { computeForces, createForceField } from '../../sim/forces.js';
import { pairCount } from '../../sim/neighbor.js';
import { runMD } from '../../sim/md.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { buildSample } from '../../sim/init.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { LJ_UNITS } from '../../sim/units.js';
import type { State } from '../../sim/state.js';
import { parseLammpsDataFile, writeLammpsData } from '../../sim/io/lammpsData.js';
import { lammpsPreamble, LMP, lammpsAvailable, parseLammpsRuns, runLammps } from '../helpers/lammps.js';

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const QUICK = args.includes('--quick');
const SIZES = QUICK ? [4000] : [4000, 32000];
const WARMUP = QUICK ? 20 : 100;
const STEPS = QUICK ? 100 : 500;
const MELT_STEPS = QUICK ? 50 : 300;
const MEMORY_N = 32000;
const DT = 0.005, SKIN = 0.3, T = 1.0, DAMP = 0.5, THERMO_EVERY = 100;
const units = LJ_UNITS;

/** Progress and tables: stdout normally, stderr when stdout carries JSON. */
const say = (s = '') => (JSON_OUT ? console.error(s) : console.log(s));

interface BenchResult {
  engine: 'betascape' | 'lammps';
  backend: string;
  model: 'ka';
  N: number;
  warmup_steps: number;
  steps: number;
  seconds: number;
  atom_steps_per_s: number;
  neighbor_builds: number;
  /** Potential energy per atom at the last step (a sanity check that both simulated the same thing). */
  pe_per_atom: number;
  /** betascape / LAMMPS serial (plain lj/cut) atom-steps/s at the same N. */
  ratio_to_lammps?: number;
  memory?: MemoryResult;
}

interface MemoryResult {
  N: number;
  /** Bytes per atom, see measureMemory. */
  rss_per_atom: number;
  heap_plus_array_buffers_per_atom: number;
  typed_arrays_per_atom: number;
  listed_pairs_per_atom: number;
}

const kaField = () => createForceField(new LennardJones(kobAndersen()), SKIN);

/** A fresh KA sample on an fcc lattice with T = 2 velocities (zero momentum). */
function latticeSample(n: number, seed: number): State {
  const ka = kobAndersen();
  const spec = {
    n, composition: ka.composition, masses: ka.species.map((s) => s.mass),
    typeNames: ka.species.map((s) => s.name), density: ka.density, placement: 'lattice' as const,
  };
  const s = buildSample(spec, createRng(seed));
  initVelocities(s, 2.0, createRng(seed + 1), units);
  return s;
}

/** The garbage collector, exposed at run time so that `npm run bench` needs no node flags. */
function garbageCollector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Memory per atom of a system of n atoms with its force field and a built neighbour list, three
 * ways: the change of the resident set size, the change of V8 heap used + ArrayBuffer memory
 * (typed arrays live there), both after a full GC, before and after building; and the bytes of
 * the typed arrays that the state and the neighbour list hold (exact, no allocator overhead).
 */
function measureMemory(n: number): MemoryResult {
  const gc = garbageCollector();
  const used = (m: NodeJS.MemoryUsage) => m.heapUsed + m.arrayBuffers;
  gc();
  const before = process.memoryUsage();
  const state = latticeSample(n, 7);
  const ff = kaField();
  computeForces(state, ff);
  gc();
  const after = process.memoryUsage();
  const nl = ff.nlist;
  const arrays = [state.x, state.v, state.f, state.image, state.type, state.id, nl.start, nl.wrapStart, nl.end, nl.neigh, nl.xBuild,
    nl.cells.cellOf, nl.cells.cellAtoms, nl.cells.cellStart, nl.cells.sortedX, nl.cells.sortedType];
  return {
    N: n,
    rss_per_atom: (after.rss - before.rss) / n,
    heap_plus_array_buffers_per_atom: (used(after) - used(before)) / n,
    typed_arrays_per_atom: arrays.reduce((s, a) => s + a.byteLength, 0) / n,
    listed_pairs_per_atom: pairCount(nl) / n,
  };
}

/** Builds and melts the start configuration of size n and writes it to dir/start.data. */
function writeStart(n: number, dir: string): void {
  const s = latticeSample(n, 1000 + n);
  runMD(s, kaField(), { steps: MELT_STEPS, dt: DT, units, thermostat: noseHoover({ damp: DAMP }), tStart: 2.0 });
  s.step = 0;
  s.time = 0;
  writeLammpsData(join(dir, 'start.data'), s);
}

function benchBetascape(dir: string): BenchResult {
  const state = parseLammpsDataFile(join(dir, 'start.data'));
  const ff = kaField();
  const thermostat = noseHoover({ damp: DAMP });
  const opts = { dt: DT, units, thermostat, tStart: T, thermoEvery: THERMO_EVERY };
  runMD(state, ff, { ...opts, steps: WARMUP });
  const builds0 = ff.nlist.builds;
  const t0 = performance.now();
  const last = runMD(state, ff, { ...opts, steps: STEPS });
  const seconds = (performance.now() - t0) / 1000;
  return {
    engine: 'betascape', backend: 'cpu', model: 'ka', N: state.n, warmup_steps: WARMUP, steps: STEPS, seconds,
    atom_steps_per_s: (state.n * STEPS) / seconds, neighbor_builds: ff.nlist.builds - builds0, pe_per_atom: last.pe,
  };
}

const LAMMPS_INPUT = `${lammpsPreamble({ skin: SKIN, dt: DT })}fix 1 all nvt temp ${T} ${T} ${DAMP}
thermo ${THERMO_EVERY}
thermo_style custom step temp pe press
thermo_modify norm yes format float %.15g
run ${WARMUP}
run ${STEPS}
`;

/** The same run in serial LAMMPS; `opt` uses the OPT package's lj/cut/opt (-sf opt). */
function benchLammps(dir: string, opt: boolean): BenchResult {
  const { log } = runLammps(LAMMPS_INPUT, dir, {}, opt ? ['-sf', 'opt'] : []);
  const timed = parseLammpsRuns(log).at(-1)!;
  if (timed.loopSeconds === undefined || timed.atoms === undefined) throw new Error('no Loop time line in the LAMMPS log');
  const pe = timed.thermo.PotEng;
  return {
    engine: 'lammps', backend: opt ? 'serial, -sf opt' : 'serial', model: 'ka', N: timed.atoms, warmup_steps: WARMUP,
    steps: STEPS, seconds: timed.loopSeconds, atom_steps_per_s: (timed.atoms * STEPS) / timed.loopSeconds,
    neighbor_builds: timed.neighborBuilds ?? NaN, pe_per_atom: pe[pe.length - 1],
  };
}

/** Whether this LAMMPS has the OPT package (lj/cut/opt). */
function lammpsHasOpt(): boolean {
  return lammpsAvailable() && /lj\/cut\/opt/.test(execFileSync(LMP, ['-h'], { encoding: 'utf8', maxBuffer: 16 << 20 }));
}

function printTable(results: BenchResult[]): void {
  const head = ['engine', 'backend', 'N', 'steps', 'atom-steps/s', 'seconds', 'nbr builds', 'PE/atom', 'betascape/LAMMPS'];
  const rows = results.map((r) => [
    r.engine, r.backend, String(r.N), String(r.steps), r.atom_steps_per_s.toExponential(3), r.seconds.toFixed(3),
    String(r.neighbor_builds), r.pe_per_atom.toFixed(4), r.ratio_to_lammps === undefined ? '' : r.ratio_to_lammps.toFixed(3),
  ]);
  const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(width[k])).join('  ');
  say(line(head));
  say(width.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r) => say(line(r)));
}

function printMemory(m: MemoryResult): void {
  say(`\nbetascape memory at N = ${m.N} (state + force field + built neighbour list), bytes per atom:`);
  say(`  typed arrays held (x v f image type id, list start/neigh/xBuild, cell scratch): ${m.typed_arrays_per_atom.toFixed(1)}`);
  say(`  change of V8 heapUsed + arrayBuffers, after full GC:                          ${m.heap_plus_array_buffers_per_atom.toFixed(1)}`);
  say(`  change of process RSS:                                                         ${m.rss_per_atom.toFixed(1)}`);
  say(`  (half list: ${m.listed_pairs_per_atom.toFixed(1)} listed pairs per atom at cut-off + skin)`);
}

function main(): void {
  const memory = measureMemory(MEMORY_N);
  const haveLammps = lammpsAvailable();
  const opt = lammpsHasOpt();
  say(`KA NVT benchmark: Nose-Hoover T=${T} damp ${DAMP}, dt ${DT}, skin ${SKIN} checked every step, ${WARMUP} warm-up + ${STEPS} timed steps${QUICK ? ' (--quick)' : ''}`);
  if (!haveLammps) say(`LAMMPS (${LMP}) not found: betascape figures only.`);
  const results: BenchResult[] = [];
  for (const n of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), `betascape-bench-${n}-`));
    try {
      say(`N = ${n}: building and melting the start configuration ...`);
      writeStart(n, dir);
      const ours = benchBetascape(dir);
      results.push(ours);
      if (haveLammps) {
        const serial = benchLammps(dir, false);
        ours.ratio_to_lammps = ours.atom_steps_per_s / serial.atom_steps_per_s;
        results.push(serial);
        if (opt) results.push(benchLammps(dir, true));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // The memory figures ride on the last betascape row (their N is inside).
  results.filter((r) => r.engine === 'betascape').at(-1)!.memory = memory;
  say();
  printTable(results);
  printMemory(memory);
  if (JSON_OUT) console.log(JSON.stringify(results, null, 2));
}

main();
