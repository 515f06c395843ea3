/**
 * Speed of Cu64Zr36 NVE MD with the Mendelev et al. (2009) CuZr_mm.eam.fs potential in betascape
 * and, where `lmp` exists, in serial LAMMPS (`eam/fs`, and `eam/fs/opt` with -sf opt) on the very
 * same data file.
 *
 *   node --import tsx test/bench/eam-bench.ts              N = 16000, 20 warm-up + 200 timed steps
 *   node --import tsx test/bench/eam-bench.ts --quick      N = 4000, 10 + 50 steps
 *   node --import tsx test/bench/eam-bench.ts --n 32000 --steps 100 --skin 1.0 --json
 *
 * Protocol, identical in both codes: betascape builds the start configuration (random occupation
 * of fcc sites at 0.059 atoms/Å^3, 1500 K velocities, 100 Langevin steps at 2000 K to disorder
 * it) and writes it as a LAMMPS data file; both codes read it and run NVE with dt = 1 fs, skin
 * 2.0 Å (LAMMPS's metal default) checked every step, thermo every 100 steps. Timed: the steps
 * after the warm-up; for LAMMPS its own "Loop time" of the second `run` (setup excluded).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEam, type EAM } from '../../sim/potentials/eam.js';
import { createForceField } from '../../sim/forces.js';
import { runMD } from '../../sim/md.js';
import { nve } from '../../sim/integrate/thermostat.js';
import { langevin } from '../../sim/integrate/langevin.js';
import { buildSample } from '../../sim/init.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { METAL_UNITS } from '../../sim/units.js';
import { wrapPositions } from '../../sim/box.js';
import { parseLammpsDataFile, writeLammpsData } from '../../sim/io/lammps-data.js';
import { lammpsPreamble, lammpsAvailable, parseLammpsRuns, runLammps } from '../helpers/lammps.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string, fallback: number) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? Number(args[k + 1]) : fallback;
};
const QUICK = flag('quick');
const JSON_OUT = flag('json');
const N = value('n', QUICK ? 4000 : 16000);
const WARMUP = value('warmup', QUICK ? 10 : 20);
const STEPS = value('steps', QUICK ? 50 : 200);
const SKIN = value('skin', 2.0);
const DT = 0.001, DENSITY = 0.059, THERMO_EVERY = 100;
const POTENTIAL = join(process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials', 'CuZr_mm.eam.fs');
const units = METAL_UNITS;
const say = (s = '') => (JSON_OUT ? console.error(s) : console.log(s));

interface Result {
  engine: string;
  N: number;
  steps: number;
  seconds: number;
  atom_steps_per_s: number;
  /** CPU seconds of the timed steps (process CPU time; LAMMPS: loop time × its "% CPU use"), less sensitive to a busy machine. */
  cpu_seconds: number;
  atom_steps_per_cpu_s: number;
  neighbor_builds: number;
  pe_per_atom: number;
}

function writeStart(eam: EAM, dir: string): void {
  const s = buildSample(
    { n: N, composition: [0.64, 0.36], masses: eam.masses, typeNames: eam.elements, density: DENSITY, placement: 'lattice' },
    createRng(1000 + N),
  );
  initVelocities(s, 1500, createRng(1001 + N), units);
  runMD(s, createForceField(eam, SKIN), { steps: 100, dt: DT, units, thermostat: langevin({ damp: 0.05, seed: 7 }), tStart: 2000 });
  wrapPositions(s.box, s.x, s.image);
  s.step = 0;
  s.time = 0;
  writeLammpsData(join(dir, 'start.data'), s);
}

function benchBetascape(eam: EAM, dir: string): Result {
  const state = parseLammpsDataFile(join(dir, 'start.data'));
  state.mass.set(eam.masses);
  const ff = createForceField(eam, SKIN);
  const opts = { dt: DT, units, thermostat: nve(), thermoEvery: THERMO_EVERY };
  runMD(state, ff, { ...opts, steps: WARMUP });
  const builds0 = ff.nlist.builds;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const last = runMD(state, ff, { ...opts, steps: STEPS });
  const cpu = process.cpuUsage(c0);
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    engine: 'betascape', N, steps: STEPS, seconds, atom_steps_per_s: (N * STEPS) / seconds,
    cpu_seconds: cpuSeconds, atom_steps_per_cpu_s: (N * STEPS) / cpuSeconds,
    neighbor_builds: ff.nlist.builds - builds0, pe_per_atom: last.pe,
  };
}

function benchLammps(dir: string, opt: boolean): Result {
  const input = `${lammpsPreamble({ units: 'metal', pair: `pair_style eam/fs\npair_coeff * * ${POTENTIAL} Cu Zr`, skin: SKIN, dt: DT })}fix 1 all nve
thermo ${THERMO_EVERY}
thermo_style custom step temp pe press
thermo_modify norm yes format float %.15g
run ${WARMUP}
run ${STEPS}
`;
  const { log } = runLammps(input, dir, {}, opt ? ['-sf', 'opt'] : []);
  const timed = parseLammpsRuns(log).at(-1)!;
  if (timed.loopSeconds === undefined) throw new Error('no Loop time line in the LAMMPS log');
  const pe = timed.thermo.PotEng;
  // "98.7% CPU use with 1 MPI tasks x 1 OpenMP threads", of the last run.
  const use = [...log.matchAll(/([\d.]+)% CPU use with/g)].at(-1);
  const cpuSeconds = timed.loopSeconds * (use ? Number(use[1]) / 100 : 1);
  return {
    engine: opt ? 'lammps serial eam/fs/opt' : 'lammps serial eam/fs', N, steps: STEPS, seconds: timed.loopSeconds,
    atom_steps_per_s: (N * STEPS) / timed.loopSeconds, cpu_seconds: cpuSeconds, atom_steps_per_cpu_s: (N * STEPS) / cpuSeconds, neighbor_builds: timed.neighborBuilds ?? NaN, pe_per_atom: pe[pe.length - 1],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'betascape-eam-bench-'));
try {
  const eam = loadEam(POTENTIAL, ['Cu', 'Zr']);
  say(`Cu64Zr36, ${POTENTIAL}, N = ${N}, NVE dt ${DT} ps, skin ${SKIN} Å, ${WARMUP} warm-up + ${STEPS} timed steps`);
  writeStart(eam, dir);
  const results = [benchBetascape(eam, dir)];
  if (lammpsAvailable()) results.push(benchLammps(dir, false), benchLammps(dir, true));
  else say('(lmp not found: betascape only)');
  const ours = results[0];
  for (const r of results) {
    say(`${r.engine.padEnd(26)} ${r.atom_steps_per_s.toExponential(3)} atom-steps/s (${r.atom_steps_per_cpu_s.toExponential(3)} per CPU s)  ` +
      `${r.seconds.toFixed(2)} s  ${r.neighbor_builds} builds  PE/atom ${r.pe_per_atom.toFixed(6)} eV  ` +
      `betascape/this ${(ours.atom_steps_per_s / r.atom_steps_per_s).toFixed(2)} (CPU ${(ours.atom_steps_per_cpu_s / r.atom_steps_per_cpu_s).toFixed(2)})`);
  }
  if (JSON_OUT) console.log(JSON.stringify(results));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
