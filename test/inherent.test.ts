import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createForceField, computeForces } from '../sim/forces.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { cloneState, type State } from '../sim/state.js';
import { createRng } from '../sim/random.js';
import { initVelocities } from '../sim/velocities.js';
import { noseHoover } from '../sim/integrate/nose-hoover.js';
import { LJ_UNITS } from '../sim/units.js';
import { frameToState, parseLammpsDumpFile, appendDumpFrame } from '../sim/io/lammps-dump.js';
import { minimize } from '../landscape/minimize/index.js';
import {
  InherentStructureSampler, dumpStates, largestDisplacement, minimumOf, minimizeDuringMD, sameMinimum,
} from '../landscape/inherent.js';
import { referenceDir } from './helpers/reference.js';

const ka = () => new LennardJones(kobAndersen());

/** The LAMMPS inherent structure of ka864 (test/reference). */
function loadIS(): State {
  const path = referenceDir + 'ka864.is.dump';
  return frameToState(parseLammpsDumpFile(path)[0], path, [1, 1], ['A', 'B']);
}

function energyOf(s: State): number {
  return computeForces(cloneState(s), createForceField(ka(), 0.3)).energy;
}

test('sameMinimum: one atom moved further than the tolerance makes a different minimum', () => {
  const s = loadIS();
  const e = energyOf(s);
  const a = minimumOf(s, e);
  const moved = cloneState(s);
  moved.x[3 * 100] += 0.05;
  moved.x[3 * 100 + 1] -= 0.05; // |d| = 0.0707
  const b = minimumOf(moved, e);
  const d = largestDisplacement(a, b);
  assert.ok(Math.abs(d.distance - Math.SQRT2 * 0.05) < 1e-12);
  assert.is(b.id[d.atom], s.id[100]);
  assert.ok(sameMinimum(a, b, { maxDisplacement: 0.1 }));
  assert.not.ok(sameMinimum(a, b, { maxDisplacement: 0.07 }));
  // Energy beyond the tolerance: different, whatever the positions.
  assert.not.ok(sameMinimum(a, minimumOf(s, e + 2e-5), { energyTol: 1e-5 }));
  assert.ok(sameMinimum(a, minimumOf(s, e + 2e-5), { energyTol: 1e-4 }));
});

test('sameMinimum: periodic wrap and atom order do not matter (atoms matched by id, minimum image)', () => {
  const s = loadIS();
  const e = energyOf(s);
  const L = s.box.lx;
  const t = cloneState(s);
  // Atoms near a face moved by a whole box length, as another wrap would leave them.
  let shifted = 0;
  for (let i = 0; i < t.n; i++) {
    if (t.x[3 * i] < t.box.xlo + 1) {
      t.x[3 * i] += L;
      t.x[3 * i + 2] -= t.box.lz;
      shifted++;
    }
  }
  assert.ok(shifted > 50);
  // Reverse the atom order.
  const r = cloneState(t);
  for (let i = 0; i < t.n; i++) {
    const j = t.n - 1 - i;
    r.id[i] = t.id[j];
    r.type[i] = t.type[j];
    for (let c = 0; c < 3; c++) r.x[3 * i + c] = t.x[3 * j + c];
  }
  assert.ok(Math.abs(energyOf(r) - e) < 1e-9);
  const d = largestDisplacement(minimumOf(s, e), minimumOf(r, e));
  assert.ok(d.distance < 1e-12, `displacement ${d.distance}`);
  assert.ok(sameMinimum(minimumOf(s, e), minimumOf(r, energyOf(r)), { energyTol: 1e-8, maxDisplacement: 1e-6 }));
});

test('minimizing frames of a short KA MD at T = 0.2: IS below the instantaneous energies, revisits recognised, other minimizers agree', () => {
  const state = loadIS();
  const T = 0.2;
  initVelocities(state, T, createRng(7), LJ_UNITS);
  const ff = createForceField(ka(), 0.3);
  const sampler = new InherentStructureSampler(ka(), 0.3, { minimize: { method: 'lbfgs', ftol: 1e-8 }, keepStates: true });
  const t0 = performance.now();
  const step0 = state.step;
  const recs = minimizeDuringMD(state, ff, { steps: 240, dt: 0.005, units: LJ_UNITS, thermostat: noseHoover({ damp: 0.5 }), tStart: T }, 30, sampler);
  const seconds = (performance.now() - t0) / 1000;
  assert.is(recs.length, 8);
  assert.equal(recs.map((r) => r.step - step0), [30, 60, 90, 120, 150, 180, 210, 240]);
  for (const r of recs) {
    assert.ok(r.converged);
    // Potential energy above the minimum: harmonic equipartition gives (3/2) k T per atom once
    // kinetic and potential energy have shared out the initial kinetic energy (3/2) k T.
    const gap = (r.instantaneousEnergy - r.energy) / state.n;
    assert.ok(gap > 0.2 * T && gap < 3 * T, `E_inst - E_IS = ${gap} per atom`);
  }
  // A glass at T = 0.2 (about half of T_g) stays in few minima for so short a time.
  const distinct = sampler.registry.minima.length;
  assert.ok(distinct < recs.length, `${distinct} distinct minima in ${recs.length} frames`);
  assert.ok(recs.some((r) => !r.isNew));
  // Each repeated IS has its minimum's energy, and distinct minima really differ.
  for (const r of recs) assert.ok(Math.abs(r.energy - sampler.registry.minima[r.minimum].energy) <= 1e-3);
  const ms = sampler.registry.minima;
  for (let p = 0; p < ms.length; p++) {
    for (let q = p + 1; q < ms.length; q++) assert.not.ok(sameMinimum(ms[p], ms[q]));
  }
  // CG from the last minimized frame's state, nudged, lands in the same minimum.
  const again = cloneState(sampler.states[recs[recs.length - 1].minimum]);
  const rng = createRng(3);
  for (let k = 0; k < again.x.length; k++) again.x[k] += 0.01 * (rng.uniform() - 0.5);
  const r = minimize(again, createForceField(ka(), 0.3), { method: 'cg', ftol: 1e-8 });
  const found = sampler.registry.identify(minimumOf(again, r.energy));
  assert.is(found.index, recs[recs.length - 1].minimum);
  assert.not.ok(found.isNew);
  console.log(`  8 minimized frames of KA864 at T = 0.2: ${distinct} distinct minima, ${seconds.toFixed(1)} s with the MD`);
});

test('frames read back from a LAMMPS dump minimize to the same minima as in memory', () => {
  const state = loadIS();
  initVelocities(state, 0.3, createRng(11), LJ_UNITS);
  const ff = createForceField(ka(), 0.3);
  const dir = mkdtempSync(join(tmpdir(), 'betascape-is-'));
  const dump = join(dir, 'traj.dump');
  const direct = new InherentStructureSampler(ka(), 0.3);
  const step0 = state.step;
  minimizeDuringMD(state, ff, {
    steps: 60, dt: 0.005, units: LJ_UNITS, thermostat: noseHoover({ damp: 0.5 }), tStart: 0.3,
    onStep: (s) => {
      if ((s.step - step0) % 20 === 0) appendDumpFrame(dump, s, ['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz']);
    },
  }, 20, direct);
  const fromFile = new InherentStructureSampler(ka(), 0.3);
  for (const s of dumpStates(dump, [1, 1], ['A', 'B']).states) fromFile.add(s);
  assert.equal(fromFile.records.map((r) => r.step), direct.records.map((r) => r.step));
  assert.equal(fromFile.records.map((r) => r.minimum), direct.records.map((r) => r.minimum));
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(fromFile.records[k].energy - direct.records[k].energy) < 1e-6);
  // Time is step × dt (given, else the units' default), never the bare step number.
  const timed = dumpStates(dump, [1, 1], ['A', 'B'], 1, { dt: 0.005, defaultDt: 1 });
  assert.is(timed.clock, 'dt');
  assert.equal(timed.states.map((s) => s.time), direct.records.map((r) => r.step * 0.005));
  // Intervals agree with the MD's own clock (its origin may differ: the data file's time).
  timed.states.forEach((s, k) => assert.ok(Math.abs(s.time - timed.states[0].time - (direct.records[k].time - direct.records[0].time)) < 1e-9, `frame ${k}`));
  const byDefault = dumpStates(dump, [1, 1], ['A', 'B'], 1, { defaultDt: 0.002 });
  assert.is(byDefault.clock, 'default');
  assert.equal(byDefault.states.map((s) => s.time), direct.records.map((r) => r.step * 0.002));
});

test.run();
