/**
 * The resident MD path (sim/gpu-md) against the f64 cpu path, on Kob–Andersen ka864 (test/reference)
 * with velocities at T = 0.8, in gpu.js webasm mode and, where a GL context opens (under
 * `xvfb-run -a`, as .ci/run runs the tests), in headlessgl mode:
 * - forces, energy and virial at a configuration reached on the device, against the f64
 *   potential on the same configuration (max|dF|/rms|F| < 2e-4, energy and virial 1e-5);
 * - the device's neighbour list equals sim/neighbor.ts's as a set of pairs;
 * - NVE: energy drift comparable to the cpu path's; positions within f32 tolerance of the cpu
 *   trajectory for 50 steps;
 * - NVT (Nosé–Hoover chain): the temperature follows the cpu run and reaches the target;
 * - a run paused and continued (host copies in between) is the uninterrupted run, bit for bit;
 * - EAM (Cu64Zr36): forces and energy against the f64 potential, 10 NVE steps against the cpu run;
 * - refusals: ensembles that run on the host, triclinic and too small boxes; `md --resident`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kobAndersen, LennardJones } from '../sim/potentials/lj.js';
import { loadEam } from '../sim/potentials/eam.js';
import { computeForces, createForceField } from '../sim/forces.js';
import { buildNeighbors } from '../sim/neighbor.js';
import { runMD, type RunOptions, type ThermoRow } from '../sim/md.js';
import { nve } from '../sim/integrate/thermostat.js';
import { noseHoover } from '../sim/integrate/nose-hoover.js';
import { langevin } from '../sim/integrate/langevin.js';
import { initVelocities } from '../sim/velocities.js';
import { createRng } from '../sim/random.js';
import { buildSample } from '../sim/init.js';
import { LJ_UNITS, METAL_UNITS } from '../sim/units.js';
import { cloneState, type State } from '../sim/state.js';
import { InputError } from '../sim/errors.js';
import { openResident } from '../sim/gpu-md/open.js';
import type { ResidentRunner } from '../sim/gpu-md/runner.js';
import type { ResidentMode } from '../sim/gpu-md/device.js';
import { loadKa864, referenceDir } from './helpers/reference.js';

const KA = { kind: 'lj' as const, model: kobAndersen() };
const SKIN = 0.3;
const DT = 0.005;

/** ka864 with Maxwell–Boltzmann velocities at T = 0.8. */
function start(): State {
  const s = loadKa864();
  initVelocities(s, 0.8, createRng(11), LJ_UNITS);
  return s;
}

/** The gpu.js modes that run here: webasm always, headlessgl where a GL context opens. */
function modes(): ResidentMode[] {
  let r: ResidentRunner | undefined;
  try {
    r = openResident(KA, SKIN, 'headlessgl');
    r.run(start(), { steps: 0, dt: DT, units: LJ_UNITS, thermostat: nve() });
    if (r.detail.includes('headlessgl')) return ['webasm', 'headlessgl'];
    console.log(`SKIP (gpu.js opened ${r.detail}, no GL context; run under xvfb-run -a): GL part of test/gpu-resident.test.ts`);
  } catch (e) {
    console.log(`SKIP (no GL here: ${(e as Error).message.split('\n')[0]}; run under xvfb-run -a): GL part of test/gpu-resident.test.ts`);
  } finally {
    r?.dispose();
  }
  return ['webasm'];
}

/** max|a - b| over positions, minimum image in the cubic box. */
function maxPositionDifference(a: State, b: State): number {
  let worst = 0;
  const L = a.box.lx;
  for (let k = 0; k < a.x.length; k++) {
    const d = Math.abs(a.x[k] - b.x[k]);
    worst = Math.max(worst, Math.min(d, Math.abs(d - L)));
  }
  return worst;
}

/** Runs `steps` on the resident path and on the cpu path from copies of `s`; thermo every 10 steps. */
function both(r: ResidentRunner, s: State, opts: Omit<RunOptions, 'thermostat'>, thermostat: () => RunOptions['thermostat']) {
  const a = cloneState(s), b = cloneState(s);
  const ra: ThermoRow[] = [], rb: ThermoRow[] = [];
  r.run(a, { ...opts, thermostat: thermostat(), thermoEvery: 10, onThermo: (row) => ra.push(row) });
  runMD(b, createForceField(new LennardJones(kobAndersen()), SKIN), { ...opts, thermostat: thermostat(), thermoEvery: 10, onThermo: (row) => rb.push(row) });
  return { a, b, ra, rb };
}

const MODES = modes();

for (const mode of MODES) {
  const label = `[${mode}]`;

  test(`${label} forces, energy and virial after 40 steps on the device agree with the f64 potential there`, () => {
    const r = openResident(KA, SKIN, mode);
    try {
      const s = start();
      const rows: ThermoRow[] = [];
      r.run(s, { steps: 40, dt: DT, units: LJ_UNITS, thermostat: nve(), onThermo: (row) => rows.push(row) });
      const c = cloneState(s);
      const out = computeForces(c, createForceField(new LennardJones(kobAndersen()), SKIN));
      let worst = 0, sq = 0;
      for (let k = 0; k < c.f.length; k++) {
        worst = Math.max(worst, Math.abs(s.f[k] - c.f[k]));
        sq += c.f[k] ** 2;
      }
      const dF = worst / Math.sqrt(sq / c.n);
      const last = rows[rows.length - 1];
      const dE = Math.abs(last.pe * s.n - out.energy) / Math.abs(out.energy);
      console.log(`      ${label} ${r.detail}: max|dF|/rms|F| ${dF.toExponential(1)}, dE/|E| ${dE.toExponential(1)}, builds ${last.neighborBuilds}`);
      assert.ok(last.neighborBuilds > 1, 'no list build on the device in 40 steps');
      assert.ok(dF < 2e-4, `forces: ${dF}`);
      assert.ok(dE < 1e-5, `energy: ${dE}`);
      // The pressure's virial part against the f64 virial: P V = N k T + W/3.
      const w = (last.pressure * s.box.lx ** 3 - (2 * last.ke * s.n) / 3) * 3;
      const w0 = out.virial[0] + out.virial[1] + out.virial[2];
      assert.ok(Math.abs(w - w0) < 1e-5 * Math.abs(w0), `virial: ${w} vs ${w0}`);
    } finally {
      r.dispose();
    }
  });

  test(`${label} the list built on the device is sim/neighbor.ts's, pair for pair`, () => {
    const r = openResident(KA, SKIN, mode);
    try {
      const s = start();
      r.run(s, { steps: 30, dt: DT, units: LJ_UNITS, thermostat: nve() });
      // Both lists built at the same positions: the device's by a fresh load of the host copy.
      r.engine!.load(s);
      const device = new Set(r.engine!.listedPairs().map(([i, j]) => i * s.n + j));
      const ff = createForceField(new LennardJones(kobAndersen()), SKIN);
      buildNeighbors(s, ff.nlist);
      const { start: st, end, neigh } = ff.nlist;
      const host = new Set<number>();
      for (let i = 0; i < s.n; i++) for (let k = st[i]; k < end[i]; k++) host.add(Math.min(i, neigh[k]) * s.n + Math.max(i, neigh[k]));
      const onlyDevice = [...device].filter((p) => !host.has(p)), onlyHost = [...host].filter((p) => !device.has(p));
      console.log(`      ${label} ${device.size} pairs on the device, ${host.size} on the host; ${onlyDevice.length + onlyHost.length} differ`);
      assert.is(device.size, ff.nlist.pairs);
      assert.equal([onlyDevice, onlyHost], [[], []]);
    } finally {
      r.dispose();
    }
  });

  test(`${label} NVE: energy conserved as well as on the cpu path; positions agree for 50 steps`, () => {
    const r = openResident(KA, SKIN, mode);
    try {
      const early = both(r, start(), { steps: 50, dt: DT, units: LJ_UNITS }, nve);
      const dx = maxPositionDifference(early.a, early.b);
      const { ra, rb } = both(r, start(), { steps: 200, dt: DT, units: LJ_UNITS }, nve);
      const drift = (rows: ThermoRow[]) => Math.max(...rows.map((row) => Math.abs(row.etotal - rows[0].etotal)));
      console.log(`      ${label} after 50 steps max|dx| ${dx.toExponential(1)}; NVE max|E(t) - E(0)|/N device ${drift(ra).toExponential(2)}, cpu ${drift(rb).toExponential(2)}`);
      assert.ok(dx < 1e-4, `positions after 50 steps differ by ${dx}`);
      assert.ok(drift(ra) <= 2 * drift(rb), `energy drift ${drift(ra)} vs cpu ${drift(rb)}`);
    } finally {
      r.dispose();
    }
  });

  test(`${label} NVT (Nose-Hoover chain): the temperature follows the cpu run and reaches the target`, () => {
    const r = openResident(KA, SKIN, mode);
    try {
      const s = loadKa864();
      initVelocities(s, 0.3, createRng(12), LJ_UNITS);
      const { ra, rb } = both(r, s, { steps: 200, dt: DT, units: LJ_UNITS, tStart: 1.0 }, () => noseHoover({ damp: 0.1 }));
      const early = Math.max(...ra.slice(0, 6).map((row, k) => Math.abs(row.temperature - rb[k].temperature)));
      const late = ra.slice(-10).reduce((sum, row) => sum + row.temperature, 0) / 10;
      const drift = (rows: ThermoRow[]) => Math.max(...rows.map((row) => Math.abs(row.econserve - rows[0].econserve)));
      console.log(`      ${label} T(0..50) differs by ${early.toExponential(1)}; mean T over the last 100 steps ${late.toFixed(3)}; econserve drift ${drift(ra).toExponential(1)} (cpu ${drift(rb).toExponential(1)})`);
      assert.ok(early < 1e-4, `temperatures differ by ${early} in the first 50 steps`);
      assert.ok(Math.abs(late - 1.0) < 0.05, `mean temperature ${late}`);
      assert.ok(drift(ra) <= 2 * drift(rb) + 1e-5, `conserved quantity drifts by ${drift(ra)}`);
    } finally {
      r.dispose();
    }
  });

  test(`${label} paused and continued (host copies, dump hooks) is the uninterrupted run, bit for bit`, () => {
    const opts = { steps: 60, dt: DT, units: LJ_UNITS, tStart: 0.8, hostEvery: 20 };
    const r1 = openResident(KA, SKIN, mode), r2 = openResident(KA, SKIN, mode);
    try {
      const a = start(), b = start();
      const seen: number[] = [];
      r1.run(a, { ...opts, thermostat: noseHoover({ damp: 0.5 }), onStep: (s) => seen.push(s.step) });
      const th = noseHoover({ damp: 0.5 });
      let slices = 0;
      while (b.step - 4000 < opts.steps) {
        slices++;
        r2.run(b, { ...opts, thermostat: th, protocolStart: { step: 4000, time: 0 }, pause: (s) => s.step % 7 === 0 });
      }
      console.log(`      ${label} ${slices} slices`);
      assert.ok(slices > 5);
      assert.equal(seen, [4020, 4040, 4060]);
      assert.equal(Array.from(b.x), Array.from(a.x));
      assert.equal(Array.from(b.v), Array.from(a.v));
      assert.equal(Array.from(b.image), Array.from(a.image));
      // A new run after one that paused on a step without energies starts with its thermo row.
      r2.run(b, { steps: 5, dt: DT, units: LJ_UNITS, thermostat: nve(), pause: () => true });
      const pe = computeForces(cloneState(b), createForceField(new LennardJones(kobAndersen()), SKIN)).energy / b.n;
      const rows: ThermoRow[] = [];
      r2.run(b, { steps: 1, dt: DT, units: LJ_UNITS, thermostat: nve(), onThermo: (row) => rows.push(row) });
      assert.is(rows.length, 2);
      assert.ok(Math.abs(rows[0].pe - pe) < 1e-6 * Math.abs(pe), `pe ${rows[0].pe} vs ${pe}`);
    } finally {
      r1.dispose();
      r2.dispose();
    }
  });
}

const CUZR = `${process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials'}/CuZr_mm.eam.fs`;
if (!existsSync(CUZR)) console.log(`SKIP (no ${CUZR}): resident EAM test`);
else {
  for (const mode of MODES) {
    test(`[${mode}] EAM (Cu64Zr36, CuZr_mm.eam.fs, N = 1500): 10 NVE steps follow the cpu path; forces agree with the f64 potential`, () => {
      const eam = loadEam(CUZR, ['Cu', 'Zr']);
      const s = buildSample({ n: 1500, composition: [0.64, 0.36], masses: eam.masses, typeNames: eam.elements, density: 0.059, placement: 'lattice' }, createRng(71));
      const rng = createRng(72);
      for (let k = 0; k < s.x.length; k++) s.x[k] += 0.4 * (rng.uniform() - 0.5);
      initVelocities(s, 1500, createRng(73), METAL_UNITS);
      const r = openResident({ kind: 'eam', file: CUZR, elements: ['Cu', 'Zr'] }, 2.0, mode);
      try {
        const a = cloneState(s), b = cloneState(s);
        const ra: ThermoRow[] = [], rb: ThermoRow[] = [];
        const opts = { steps: 10, dt: 0.001, units: METAL_UNITS, thermoEvery: 5 };
        r.run(a, { ...opts, thermostat: nve(), onThermo: (row) => ra.push(row) });
        runMD(b, createForceField(eam, 2.0), { ...opts, thermostat: nve(), onThermo: (row) => rb.push(row) });
        const c = cloneState(a);
        const out = computeForces(c, createForceField(eam, 2.0));
        let worst = 0, sq = 0;
        for (let k = 0; k < c.f.length; k++) {
          worst = Math.max(worst, Math.abs(a.f[k] - c.f[k]));
          sq += c.f[k] ** 2;
        }
        const dF = worst / Math.sqrt(sq / c.n);
        const dE = Math.abs(ra[2].pe * s.n - out.energy) / Math.abs(out.energy);
        const dP = Math.max(...ra.map((row, k) => Math.abs(row.pressure - rb[k].pressure) / Math.abs(rb[k].pressure)));
        console.log(`      [${mode}] EAM: max|dF|/rms|F| ${dF.toExponential(1)}, dE/|E| ${dE.toExponential(1)}, pressure vs cpu run ${dP.toExponential(1)}, dx ${maxPositionDifference(a, b).toExponential(1)}`);
        assert.ok(dF < 2e-4, `forces: ${dF}`);
        assert.ok(dE < 1e-5, `energy: ${dE}`);
        assert.ok(dP < 1e-4, `pressure: ${dP}`);
        assert.ok(maxPositionDifference(a, b) < 1e-4);
      } finally {
        r.dispose();
      }
    });
  }
}

test('refusals: host-only thermostats, triclinic and small boxes, each in one line', () => {
  const refuse = (s: State, thermostat: RunOptions['thermostat'], pattern: RegExp) => {
    const r = openResident(KA, SKIN, 'webasm');
    try {
      r.run(s, { steps: 1, dt: DT, units: LJ_UNITS, thermostat, tStart: 1 });
      assert.unreachable('accepted');
    } catch (e) {
      assert.instance(e, InputError);
      assert.match((e as Error).message, pattern);
      assert.not.match((e as Error).message, /\n/);
    } finally {
      r.dispose();
    }
  };
  refuse(start(), langevin({ damp: 1, seed: 1 }), /langevin thermostat runs on the host/);
  const tilted = start();
  tilted.box = { ...tilted.box, xy: 0.5 };
  refuse(tilted, nve(), /orthorhombic/);
  const m = kobAndersen();
  const small = buildSample({ n: 256, composition: m.composition, masses: m.species.map((x) => x.mass), typeNames: ['A', 'B'], density: m.density, placement: 'lattice' }, createRng(1));
  refuse(small, nve(), /fewer than 3 cells/);
});

test('md --resident: runs nvt into its directory, refuses npt in one line (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resident-'));
  const md = (...extra: string[]) => spawnSync(process.execPath, ['cli/betascape.js', 'md', '--data', join(referenceDir, 'ka864.data'), '--model', 'ka', '--steps', '20', '--thermo-every', '10', '--out', dir, '--quiet', ...extra], { encoding: 'utf8', env: { ...process.env, DISPLAY: '' } });
  try {
    const bad = md('--backend', 'gpu', '--resident', '--ensemble', 'npt', '--T', '1', '--P', '1');
    assert.is(bad.status, 2);
    assert.match(bad.stderr, /--resident: needs --backend gpu and --ensemble nve or nvt/);
    assert.is(bad.stderr.trim().split('\n').length, 1);
    const ok = md('--backend', 'gpu', '--resident', '--ensemble', 'nvt', '--T', '0.8', '--json');
    assert.is(ok.status, 0, ok.stderr);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    assert.match(summary.backend, /^gpu-resident, gpu\.js/);
    assert.is(readFileSync(join(dir, 'thermo.csv'), 'utf8').trim().split('\n').length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
