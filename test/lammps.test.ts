/**
 * Cross-checks against LAMMPS run here and now: a fresh random Kob–Andersen configuration made by
 * betascape is written as a data file and both codes compute forces, energies and pressure on it,
 * then short NVE, Nose–Hoover and Nose–Hoover-ramp runs from it. Skipped without `lmp`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { computeForces, createForceField } from '../sim/forces.js';
import { runMD, type ThermoRow } from '../sim/md.js';
import { nve, type Thermostat } from '../sim/integrate/thermostat.js';
import { noseHoover } from '../sim/integrate/nose-hoover.js';
import { langevin } from '../sim/integrate/langevin.js';
import { buildSample } from '../sim/init.js';
import { initVelocities } from '../sim/velocities.js';
import { createRng } from '../sim/random.js';
import { LJ_UNITS } from '../sim/units.js';
import { pressureTensor, zeroMomentum } from '../sim/thermo.js';
import { wrapPositions } from '../sim/box.js';
import type { State } from '../sim/state.js';
import { parseLammpsDataFile, writeLammpsData } from '../sim/io/lammps-data.js';
import { lammpsPreamble, lastThermo, requireLammps, runLammps } from './helpers/lammps.js';
import { positionDeviation, readDump, vectorDeviation } from './helpers/compare.js';

const units = LJ_UNITS;
const N = 800;
const SEED = 2718;
const DT = 0.005;

/** LAMMPS input up to the first run: the data file, KA pair style, neighbour settings. */
const PREAMBLE = lammpsPreamble({ dt: DT });

/** A new disordered KA sample: random fcc occupation, T = 2 velocities, 400 Langevin steps at T = 1.5. */
function freshConfiguration(): State {
  const ka = kobAndersen();
  const spec = {
    n: N, composition: ka.composition, masses: ka.species.map((s) => s.mass),
    typeNames: ka.species.map((s) => s.name), density: ka.density, placement: 'lattice' as const,
  };
  const s = buildSample(spec, createRng(SEED));
  initVelocities(s, 2.0, createRng(SEED + 1), units);
  runMD(s, kaField(), { steps: 400, dt: DT, units, thermostat: langevin({ damp: 0.5, seed: SEED + 2 }), tStart: 1.5 });
  zeroMomentum(s);
  // Inside the box, so that LAMMPS read_data does not remap (and round) any coordinate.
  wrapPositions(s.box, s.x, s.image);
  s.step = 0;
  s.time = 0;
  return s;
}

function kaField() {
  return createForceField(new LennardJones(kobAndersen()), 0.3);
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

let dir = '';
let start: State;

function setup() {
  dir = mkdtempSync(join(tmpdir(), 'betascape-lammps-'));
  writeLammpsData(join(dir, 'start.data'), freshConfiguration());
  // Both codes start from exactly the numbers in the file.
  start = parseLammpsDataFile(join(dir, 'start.data'));
}

/** Runs the same MD in both codes from start.data; returns our final state and thermo and LAMMPS's log. */
function runBoth(fixLine: string, thermostat: Thermostat, steps: number, tStart?: number, tStop?: number) {
  const { log } = runLammps(
    `${PREAMBLE}${fixLine}
thermo_style custom step pe ke etotal econserve
thermo_modify norm no format float %.17g
run ${steps}
write_dump all custom final.dump id x y z vx vy vz modify sort id format float %.17g
`,
    dir,
  );
  const state = parseLammpsDataFile(join(dir, 'start.data'));
  const last: ThermoRow = runMD(state, kaField(), { steps, dt: DT, units, thermostat, tStart, tStop });
  return { state, last, log, dump: readDump(join(dir, 'final.dump'), state) };
}

/** Compares a pair of runs: positions, velocities and the total energies at the last step. */
function compareRuns(name: string, r: ReturnType<typeof runBoth>, tol: number) {
  const dx = positionDeviation(r.state, r.dump);
  const dv = vectorDeviation(r.state.v, (d) => r.dump.col(['vx', 'vy', 'vz'][d]), r.dump.index);
  const n = r.state.n;
  const energies = [
    ['pe', r.last.pe * n, lastThermo(r.log, 'PotEng')],
    ['ke', r.last.ke * n, lastThermo(r.log, 'KinEng')],
    ['econserve', r.last.econserve * n, lastThermo(r.log, 'Econserve')],
  ] as const;
  const devs = energies.map(([k, ours, theirs]) => `${k} ${rel(ours, theirs).toExponential(1)}`);
  console.log(`      ${name}: max |dx| ${dx.toExponential(1)}, |dv|/max|v| ${dv.toExponential(1)}, rel. ${devs.join(', ')}`);
  assert.ok(dx < tol, `${name}: positions differ by up to ${dx}`);
  assert.ok(dv < tol, `${name}: velocities differ by up to ${dv} (relative)`);
  for (const [k, ours, theirs] of energies) {
    assert.ok(rel(ours, theirs) < tol, `${name}: ${k} betascape ${ours} vs LAMMPS ${theirs}`);
  }
}

if (requireLammps('LAMMPS cross-checks of forces, pressure, NVE and Nose-Hoover (test/lammps.test.ts)')) {
  test.before(setup);
  test.after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('fresh KA sample: energy, pressure tensor (with kinetic part), forces and per-atom energies match LAMMPS run 0', () => {
    const { log } = runLammps(
      `${PREAMBLE}compute peatom all pe/atom
thermo_style custom step pe press pxx pyy pzz pxy pxz pyz
thermo_modify norm no format float %.15g
dump d all custom 1 forces.dump id type x y z fx fy fz c_peatom
dump_modify d format float %.17g sort id
run 0
`,
      dir,
    );
    const state = parseLammpsDataFile(join(dir, 'start.data'));
    const peAtom = new Float64Array(state.n);
    const out = computeForces(state, kaField(), { energyVirial: true, perAtomEnergy: peAtom });
    const p = pressureTensor(state, out.virial, units);
    const dump = readDump(join(dir, 'forces.dump'), state);

    assert.ok(rel(out.energy, lastThermo(log, 'PotEng')) < 1e-9, `energy ${out.energy} vs ${lastThermo(log, 'PotEng')}`);
    // Off-diagonal components can be small: measure them against the largest diagonal one.
    const names = ['Pxx', 'Pyy', 'Pzz', 'Pxy', 'Pxz', 'Pyz'];
    const ref = names.map((c) => lastThermo(log, c));
    const scale = Math.max(...ref.slice(0, 3).map(Math.abs));
    const dp = Math.max(...ref.map((r, k) => Math.abs(p[k] - r) / Math.max(Math.abs(r), scale)));
    assert.ok(dp < 1e-9, `pressure tensor ${Array.from(p)} vs LAMMPS ${ref}`);
    assert.ok(rel((p[0] + p[1] + p[2]) / 3, lastThermo(log, 'Press')) < 1e-9);

    const df = vectorDeviation(state.f, (d) => dump.col(['fx', 'fy', 'fz'][d]), dump.index);
    const pe = dump.col('c_peatom');
    const dpe = Math.max(...dump.index.map((i, row) => Math.abs(peAtom[i] - pe[row]))) / Math.max(...Array.from(pe, Math.abs));
    console.log(`      run 0: rel. energy ${rel(out.energy, lastThermo(log, 'PotEng')).toExponential(1)}, pressure ${dp.toExponential(1)}, forces ${df.toExponential(1)}, pe/atom ${dpe.toExponential(1)}`);
    assert.ok(df < 1e-9, `max |dF| / max |F| = ${df}`);
    assert.ok(dpe < 1e-9, `max |d pe_i| / max |pe_i| = ${dpe}`);
    // The kinetic part is really there: the data file has velocities.
    assert.ok(start.v.some((v) => v !== 0));
  });

  test('NVE, 20 steps: positions, velocities, PE and KE match LAMMPS fix nve', () => {
    compareRuns('NVE 20 steps', runBoth('fix 1 all nve', nve(), 20), 1e-8);
  });

  test('Nose-Hoover NVT T = 1, damp 0.5, 50 steps: matches LAMMPS fix nvt (tchain 3)', () => {
    compareRuns('NVT 50 steps', runBoth('fix 1 all nvt temp 1.0 1.0 0.5', noseHoover({ damp: 0.5 }), 50, 1.0), 1e-8);
  });

  test('Nose-Hoover ramp T = 1 -> 0.5, 50 steps: matches LAMMPS fix nvt temp 1.0 0.5 0.5', () => {
    compareRuns('NVT ramp 50 steps', runBoth('fix 1 all nvt temp 1.0 0.5 0.5', noseHoover({ damp: 0.5 }), 50, 1.0, 0.5), 1e-8);
  });

  test.run();
}
