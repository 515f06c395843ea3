/**
 * Whole MD steps in the threads backend's workers (sim/backends/threads-verlet.ts): with a
 * Nosé–Hoover or NVE thermostat runMD hands its steps to the workers, and the trajectory is
 * bit-for-bit the one runMD's own loop makes on the same backend (the same thermostat without its
 * uniform-scaling face), through list rebuilds, thermo rows, momentum removal, hooks, and hooks
 * that use the backend for something else in between; runStages' hostEvery (quench members) keeps
 * the hooks to its multiples across stages.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kobAndersen } from '../sim/potentials/lj.js';
import { computeForces, createForceField } from '../sim/forces.js';
import { backendFor } from '../sim/backends/index.js';
import { buildPotential } from '../sim/potentials/registry.js';
import type { PotentialSpec } from '../sim/potentials/spec.js';
import { runMD, type RunOptions } from '../sim/md.js';
import { noseHoover } from '../sim/integrate/nose-hoover.js';
import { nve, type Thermostat } from '../sim/integrate/thermostat.js';
import { buildSample } from '../sim/init.js';
import { initVelocities } from '../sim/velocities.js';
import { createRng } from '../sim/random.js';
import { LJ_UNITS, METAL_UNITS, type Units } from '../sim/units.js';
import { cloneState, type State } from '../sim/state.js';
import { PhaseProfile, profilePhases } from '../sim/phase-profile.js';
import type { Potential } from '../sim/potentials/potential.js';
import { runStages } from '../sim/protocols/run.js';
import type { Stage } from '../sim/protocols/stages.js';

const CUZR = join(process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials', 'CuZr_mm.eam.fs');
const KA: PotentialSpec = { kind: 'lj', model: kobAndersen() };
const CUZR_SPEC: PotentialSpec = { kind: 'eam', file: CUZR, elements: ['Cu', 'Zr'] };

interface Case { spec: PotentialSpec; start: State; units: Units; dt: number; skin: number; T: number; damp: number }

function kaCase(): Case {
  const s = buildSample({ n: 500, composition: [0.8, 0.2], masses: [1, 1], typeNames: ['A', 'B'], density: 1.2, placement: 'lattice' }, createRng(3));
  initVelocities(s, 2.0, createRng(4), LJ_UNITS);
  return { spec: KA, start: s, units: LJ_UNITS, dt: 0.005, skin: 0.3, T: 1.5, damp: 0.5 };
}

function cuZrCase(): Case {
  const s = buildSample({ n: 864, composition: [0.64, 0.36], masses: [63.546, 91.224], typeNames: ['Cu', 'Zr'], density: 0.059, placement: 'lattice' }, createRng(5));
  initVelocities(s, 2000, createRng(6), METAL_UNITS);
  return { spec: CUZR_SPEC, start: s, units: METAL_UNITS, dt: 0.002, skin: 1.0, T: 1500, damp: 0.1 };
}

/** The same thermostat for runMD's own loop: without `scaling`, runMD does not hand its steps over. */
function hostLoop(t: Thermostat): Thermostat {
  const { scaling: _, ...rest } = t;
  return rest;
}

interface Run { state: State; rows: number[] }

function run(potential: Potential, c: Case, thermostat: Thermostat, extra: Partial<RunOptions> = {}): Run {
  const state = cloneState(c.start);
  const ff = createForceField(potential, c.skin);
  const rows: number[] = [];
  runMD(state, ff, {
    steps: 120, dt: c.dt, units: c.units, thermostat, tStart: c.T, tStop: 0.8 * c.T, thermoEvery: 25,
    onThermo: (r) => rows.push(r.temperature, r.pe, r.pressure, r.econserve, r.neighborBuilds), ...extra,
  });
  return { state, rows };
}

function assertSameBits(a: Run, b: Run, what: string): void {
  for (const key of ['x', 'v', 'f', 'image'] as const) {
    const same = Buffer.from(a.state[key].buffer).equals(Buffer.from(b.state[key].buffer));
    assert.ok(same, `${what}: ${key} differs`);
  }
  assert.equal(a.rows, b.rows, `${what}: thermo rows differ`);
  assert.ok(a.rows[a.rows.length - 1] >= 3, `${what}: the run rebuilt its list only ${a.rows[a.rows.length - 1]} times`);
}

test('MD steps in the threads workers are bit-for-bit runMD\'s own loop (KA with 1, 2, 3 workers; Cu64Zr36)', async () => {
  const cases: [Case, number][] = [[kaCase(), 1], [kaCase(), 2], [kaCase(), 3]];
  if (existsSync(CUZR)) cases.push([cuZrCase(), 2]);
  else console.log(`SKIP (no ${CUZR}): Cu64Zr36 in test/threads-md.test.ts`);
  for (const [c, workers] of cases) {
    const backend = await backendFor('threads', buildPotential(c.spec), { workers });
    try {
      const what = `${c.spec.kind}, ${workers} worker(s)`;
      const nh = () => noseHoover({ damp: c.damp });
      assertSameBits(run(backend.potential, c, nh()), run(backend.potential, c, hostLoop(nh())), `${what}, Nosé–Hoover`);
      assertSameBits(run(backend.potential, c, nve()), run(backend.potential, c, hostLoop(nve())), `${what}, NVE`);
      // Momentum removal, a hook every step, and every 30 steps a force call on another state and list.
      const busy = (): Partial<RunOptions> => {
        const other = createForceField(backend.potential, c.skin);
        return {
          zeroMomentumEvery: 40,
          onStep: (s) => {
            if (s.step % 30 === 0) computeForces(cloneState(s), other);
          },
        };
      };
      assertSameBits(run(backend.potential, c, nh(), busy()), run(backend.potential, c, hostLoop(nh()), busy()), `${what}, with hooks`);
    } finally {
      backend.dispose();
    }
  }
});

test('resident with hostEvery, the hooks run at those steps, at a pause and at the end, on the states of the host loop', async () => {
  const c = kaCase();
  const backend = await backendFor('threads', buildPotential(c.spec), { workers: 2 });
  try {
    const nh = () => noseHoover({ damp: c.damp });
    const seen = (thermostat: Thermostat, pauseAt?: number) => {
      const states: [number, number][] = [];
      const after: number[] = [];
      const state = cloneState(c.start);
      const ff = createForceField(backend.potential, c.skin);
      const begin = state.step;
      runMD(state, ff, {
        steps: 60, dt: c.dt, units: c.units, thermostat, tStart: c.T, hostEvery: 25,
        onStep: (s) => states.push([s.step, s.x[7]]), afterStep: (s) => after.push(s.step),
        ...(pauseAt ? { pause: (s: State) => s.step - begin === pauseAt } : {}),
      });
      return { states, after, step: state.step - begin };
    };
    const resident = seen(nh()), host = seen(hostLoop(nh()));
    assert.equal(resident.after, [25, 50, 60]);
    assert.equal(host.after.length, 60, 'the host loop calls its hooks every step');
    // The resident run's hooks saw exactly the host loop's states at those steps.
    assert.equal(resident.states, host.states.filter(([step]) => [25, 50, 60].includes(step)));
    const paused = seen(nh(), 33);
    assert.equal(paused.after, [25, 33]);
    assert.is(paused.step, 33);
  } finally {
    backend.dispose();
  }
});

test('runStages with hostEvery (as a quench member runs): hooks at every multiple of it across stages, the same bits', async () => {
  const c = kaCase();
  const backend = await backendFor('threads', buildPotential(c.spec), { workers: 2 });
  try {
    // Two stages of 50 and 70 steps: the second starts at step 50, off the multiples of 30.
    const stages: Stage[] = [{ name: 'melt', steps: 50, tStart: c.T, tStop: c.T }, { name: 'quench', steps: 70, tStart: c.T, tStop: 0.5 * c.T }];
    const go = (hostEvery?: number) => {
      const state = cloneState(c.start);
      const ff = createForceField(backend.potential, c.skin);
      const after: number[] = [];
      const x: [number, number][] = [];
      runStages(state, ff, noseHoover({ damp: c.damp }), stages, {
        dt: c.dt, units: c.units, thermoEvery: 25, hostEvery,
        onStep: (s) => x.push([s.step, s.x[7]]), afterStep: (s) => after.push(s.step),
      });
      return { state, after, x };
    };
    const every = go(), sparse = go(30);
    assert.equal(every.after.length, 120);
    for (const step of [30, 50, 60, 90, 120]) assert.ok(sparse.after.includes(step), `no hook at step ${step}: ${sparse.after}`);
    assert.ok(sparse.after.length < 20, `hooks at ${sparse.after}`);
    assert.equal(sparse.x, every.x.filter(([step]) => sparse.after.includes(step)), 'the hooks saw the states of the every-step run');
    for (const key of ['x', 'v', 'f', 'image'] as const) {
      assert.ok(Buffer.from(sparse.state[key].buffer).equals(Buffer.from(every.state[key].buffer)), `${key} differs`);
    }
  } finally {
    backend.dispose();
  }
});

test('runMD hands Nosé–Hoover steps to the threads workers; the phase profile adds up to the wall time', async () => {
  const c = kaCase();
  const backend = await backendFor('threads', buildPotential(c.spec), { workers: 2 });
  try {
    const profile = new PhaseProfile();
    profilePhases(profile);
    const t0 = performance.now();
    run(backend.potential, c, noseHoover({ damp: c.damp }));
    const wall = performance.now() - t0;
    profilePhases(null);
    assert.ok(profile.wall.has('step: workers'), `phases: ${[...profile.wall.keys()].join(', ')}`);
    const booked = [...profile.wall.values()].reduce((a, b) => a + b, 0);
    // The profile's first phase starts a few µs before t0: allow 1 ms.
    assert.ok(booked <= wall + 1 && booked > 0.5 * wall, `phases add up to ${booked} ms of ${wall} ms`);
    assert.ok((profile.detail.get('step: workers | busiest worker') ?? 0) > 0, 'no worker busy time');
  } finally {
    profilePhases(null);
    backend.dispose();
  }
});

test.run();
