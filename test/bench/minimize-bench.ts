/**
 * Cost of the minimizers in force evaluations: FIRE, CG and L-BFGS of betascape against LAMMPS
 * `min_style cg` (and `min_style fire`) on the same start configurations and the same stopping
 * rule. Not part of `npm test`.
 *
 *   node --import tsx test/bench/minimize-bench.ts [--n 2048] [--seeds 3] [--ftol 1e-10] [--json]
 *
 * Protocol: for each seed, betascape builds a Kob–Andersen sample of N atoms (fcc sites at number
 * density 1.2, random species), draws velocities at T = 2 and runs 300 steps of Nose–Hoover NVT at
 * T = 2 (dt 0.005) to melt it, and writes it as a LAMMPS data file. Both codes minimize that file at
 * fixed box to the force tolerance `ftol` on the 2-norm of the 3N force vector (LAMMPS's default
 * `min_modify norm two`; `fnorm: 'two'` here), no energy tolerance, skin 0.3, LAMMPS defaults
 * otherwise (dmax 0.1, line quadratic; FIRE with timestep 0.005, the dt betascape's FIRE starts
 * from; betascape's FIRE runs with its own defaults, FIRE_DEFAULTS, LAMMPS's with its own).
 * Reported: iterations, force evaluations, final energy per atom, wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { createForceField } from '../../sim/forces.js';
import { runMD } from '../../sim/md.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { buildSample } from '../../sim/init.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { LJ_UNITS } from '../../sim/units.js';
import { parseLammpsDataFile, writeLammpsData } from '../../sim/io/lammps-data.js';
import { minimize, MIN_METHODS, type MinMethod } from '../../landscape/minimize/index.js';
import { lammpsPreamble, LMP, lammpsAvailable, runLammps } from '../helpers/lammps.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? Number(args[k + 1]) : fallback;
};
const JSON_OUT = args.includes('--json');
const N = flag('n', 2048);
const SEEDS = flag('seeds', 3);
const FTOL = flag('ftol', 1e-10);
const FIRE_DT = flag('fire-dt', 0.005);
const SKIN = 0.3, DT = 0.005, T_MELT = 2.0, MELT_STEPS = 300;
const say = (s = '') => (JSON_OUT ? console.error(s) : console.log(s));

interface Row {
  seed: number;
  engine: 'betascape' | 'lammps';
  method: string;
  iterations: number;
  force_evaluations: number;
  energy_per_atom: number;
  seconds: number;
  stop: string;
}

function writeStart(seed: number, path: string): void {
  const ka = kobAndersen();
  const s = buildSample({
    n: N, composition: ka.composition, masses: ka.species.map((sp) => sp.mass), typeNames: ka.species.map((sp) => sp.name),
    density: ka.density, placement: 'lattice',
  }, createRng(seed));
  initVelocities(s, T_MELT, createRng(seed + 1), LJ_UNITS);
  runMD(s, createForceField(new LennardJones(ka), SKIN), {
    steps: MELT_STEPS, dt: DT, units: LJ_UNITS, thermostat: noseHoover({ damp: 0.5 }), tStart: T_MELT,
  });
  s.step = 0;
  s.time = 0;
  writeLammpsData(path, s);
}

function ours(path: string, method: MinMethod, seed: number): Row {
  const state = parseLammpsDataFile(path);
  const ff = createForceField(new LennardJones(kobAndersen()), SKIN);
  const t0 = performance.now();
  const r = minimize(state, ff, { method, ftol: FTOL, fnorm: 'two', fire: { dt: FIRE_DT } });
  return {
    seed, engine: 'betascape', method, iterations: r.iterations, force_evaluations: r.forceEvaluations,
    energy_per_atom: r.energy / state.n, seconds: (performance.now() - t0) / 1000, stop: r.reason,
  };
}

const lammpsInput = (style: string) => `${lammpsPreamble({ skin: SKIN, dt: FIRE_DT })}thermo_style custom step pe fnorm
thermo_modify norm no format float %.15g
thermo 100000
min_style ${style}
minimize 0.0 ${FTOL} 1000000 10000000
`;

function lammps(dir: string, style: string, seed: number): Row {
  const { log } = runLammps(lammpsInput(style), dir);
  const evals = /Iterations, force evaluations = (\d+) (\d+)/.exec(log);
  const energies = /Energy initial, next-to-last, final =\s*\n\s*(\S+)\s+(\S+)\s+(\S+)/.exec(log);
  const stop = /Stopping criterion = (.*)/.exec(log);
  const loop = /Loop time of (\S+)/.exec(log);
  if (!evals || !energies) throw new Error(`no minimization statistics in the LAMMPS log of ${dir}`);
  return {
    seed, engine: 'lammps', method: style, iterations: Number(evals[1]), force_evaluations: Number(evals[2]),
    energy_per_atom: Number(energies[3]) / N, seconds: loop ? Number(loop[1]) : NaN, stop: stop ? stop[1].trim() : '?',
  };
}

function printTable(rows: Row[]): void {
  const head = ['seed', 'engine', 'method', 'iterations', 'force evals', 'evals / LAMMPS cg', 'E/atom', 'seconds', 'stop'];
  const cgEvals = new Map(rows.filter((r) => r.engine === 'lammps' && r.method === 'cg').map((r) => [r.seed, r.force_evaluations]));
  const cells = rows.map((r) => {
    const ref = cgEvals.get(r.seed);
    return [String(r.seed), r.engine, r.method, String(r.iterations), String(r.force_evaluations),
      ref ? (r.force_evaluations / ref).toFixed(2) : '', r.energy_per_atom.toFixed(6), r.seconds.toFixed(2), r.stop];
  });
  const width = head.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k].length)));
  const line = (c: string[]) => c.map((s, k) => s.padEnd(width[k])).join('  ');
  say(line(head));
  say(width.map((w) => '-'.repeat(w)).join('  '));
  cells.forEach((c) => say(line(c)));
}

function main(): void {
  const haveLammps = lammpsAvailable();
  say(`Minimizer cost: KA N = ${N}, ${SEEDS} liquid start(s) (T = 2), ftol ${FTOL} on the force 2-norm, FIRE dt ${FIRE_DT}`);
  if (!haveLammps) say(`LAMMPS (${LMP}) not found: betascape figures only.`);
  const rows: Row[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const dir = mkdtempSync(join(tmpdir(), 'betascape-minbench-'));
    try {
      const path = join(dir, 'start.data');
      writeStart(seed, path);
      for (const method of MIN_METHODS) {
        rows.push(ours(path, method, seed));
        say(`seed ${seed}: betascape ${method} done`);
      }
      if (haveLammps) {
        for (const style of ['cg', 'fire']) {
          rows.push(lammps(dir, style, seed));
          say(`seed ${seed}: LAMMPS ${style} done`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  say();
  printTable(rows);
  // Mean evaluations per method over the seeds.
  say('\nmean force evaluations over the seeds:');
  for (const key of [...new Set(rows.map((r) => `${r.engine} ${r.method}`))]) {
    const sel = rows.filter((r) => `${r.engine} ${r.method}` === key);
    say(`  ${key.padEnd(16)} ${(sel.reduce((s, r) => s + r.force_evaluations, 0) / sel.length).toFixed(0)}`);
  }
  if (JSON_OUT) console.log(JSON.stringify(rows, null, 2));
}

main();
