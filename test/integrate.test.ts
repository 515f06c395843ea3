import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { createForceField } from '../sim/forces.js';
import { runMD, type ThermoRow } from '../sim/md.js';
import { nve } from '../sim/integrate/thermostat.js';
import { noseHoover } from '../sim/integrate/nose-hoover.js';
import { langevin } from '../sim/integrate/langevin.js';
import { initVelocities } from '../sim/velocities.js';
import { createRng } from '../sim/random.js';
import { LJ_UNITS } from '../sim/units.js';
import { temperature, totalMomentum } from '../sim/thermo.js';
import { cloneState, type State } from '../sim/state.js';
import { loadKa864 } from './helpers/reference.js';

const units = LJ_UNITS;
const kaField = () => createForceField(new LennardJones(kobAndersen()), 0.3);

function ka864At(T: number, seed = 1): State {
  const s = loadKa864();
  initVelocities(s, T, createRng(seed), units);
  return s;
}

function collect(state: State, opts: Omit<Parameters<typeof runMD>[2], 'onThermo' | 'units'>): ThermoRow[] {
  const rows: ThermoRow[] = [];
  runMD(state, kaField(), { ...opts, units, onThermo: (r) => rows.push(r) });
  return rows;
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
/** Change of y over the whole span of t according to a least-squares line. */
function linearDrift(t: number[], y: number[]): number {
  const tm = mean(t), ym = mean(y);
  const slope = t.reduce((s, ti, k) => s + (ti - tm) * (y[k] - ym), 0) / t.reduce((s, ti) => s + (ti - tm) ** 2, 0);
  return slope * (t[t.length - 1] - t[0]);
}

test('velocities: Maxwell-Boltzmann at exactly T, zero total momentum, same seed same numbers', () => {
  const a = ka864At(1.0, 5), b = ka864At(1.0, 5), c = ka864At(1.0, 6);
  assert.ok(Math.abs(temperature(a, units) - 1.0) < 1e-12);
  totalMomentum(a).forEach((p) => assert.ok(Math.abs(p) < 1e-10));
  assert.equal(Array.from(a.v), Array.from(b.v));
  assert.not.equal(Array.from(a.v.slice(0, 9)), Array.from(c.v.slice(0, 9)));
  // Second moment of a Gaussian: <v^4> / <v^2>^2 = 3 per component.
  const v2 = mean(Array.from(a.v, (v) => v * v)), v4 = mean(Array.from(a.v, (v) => v ** 4));
  assert.ok(Math.abs(v4 / (v2 * v2) - 3) < 0.4, `kurtosis ${v4 / (v2 * v2)}`);
});

test('NVE, ka864 at T=1, dt=0.005, 10^4 steps: total-energy drift below 1e-3 per atom', () => {
  const rows = collect(ka864At(1.0), { steps: 10000, dt: 0.005, thermostat: nve(), thermoEvery: 100 });
  const e = rows.map((r) => r.etotal);
  const drift = Math.abs(linearDrift(rows.map((r) => r.time), e));
  const endToEnd = Math.abs(e[e.length - 1] - e[0]);
  console.log(`      NVE drift over 50 tau: fit ${drift.toExponential(2)}, end-to-end ${endToEnd.toExponential(2)} per atom`);
  assert.ok(drift < 1e-3 && endToEnd < 1e-3);
  assert.ok(rows[rows.length - 1].neighborBuilds > 100, 'the neighbour list was rebuilt along the way');
});

test('NVE: the short-time total-energy fluctuation shrinks about 4x when dt halves (2nd order)', () => {
  const start = ka864At(1.0, 3);
  const fluctuation = (dt: number) => {
    const rows = collect(cloneState(start), { steps: Math.round(2.5 / dt), dt, thermostat: nve(), thermoEvery: 1 });
    return std(rows.map((r) => r.etotal));
  };
  const ratio = fluctuation(0.005) / fluctuation(0.0025);
  console.log(`      fluctuation ratio dt / (dt/2) = ${ratio.toFixed(2)}`);
  assert.ok(ratio > 3.3 && ratio < 4.8, `ratio ${ratio}`);
});

test('NVE conserves total momentum', () => {
  const s = ka864At(1.0, 4);
  runMD(s, kaField(), { steps: 500, dt: 0.005, units, thermostat: nve() });
  totalMomentum(s).forEach((p) => assert.ok(Math.abs(p) < 1e-10, `momentum ${p}`));
});

test('Nose-Hoover NVT: mean temperature at target, conserved quantity steady, momentum kept at zero', () => {
  const s = ka864At(1.3, 2);
  const rows = collect(s, { steps: 4000, dt: 0.005, thermostat: noseHoover({ damp: 0.5 }), tStart: 0.8, thermoEvery: 20 });
  const late = rows.slice(rows.length / 2);
  const Tmean = mean(late.map((r) => r.temperature));
  assert.ok(Math.abs(Tmean - 0.8) < 0.03, `mean T ${Tmean}`);
  // Skip the first time unit: velocity Verlet's O(dt^2) shadow-energy offset settles there (NVE too).
  const settled = rows.filter((r) => r.time - rows[0].time > 1);
  const ec = settled.map((r) => r.econserve);
  const drift = Math.abs(linearDrift(settled.map((r) => r.time), ec));
  assert.ok(drift < 5e-4 && std(ec) < 3e-4, `conserved quantity: drift ${drift}, fluctuation ${std(ec)}`);
  totalMomentum(s).forEach((p) => assert.ok(Math.abs(p) < 1e-10, `momentum ${p}`));
});

test('Nose-Hoover ramp: the target follows T0 + (T1 - T0) step / steps and T tracks it', () => {
  const s = ka864At(1.0, 8);
  const first = s.step;
  const rows = collect(s, { steps: 4000, dt: 0.005, thermostat: noseHoover({ damp: 0.25 }), tStart: 1.0, tStop: 0.5, thermoEvery: 50 });
  const tail = rows.slice(-20);
  const Ttail = mean(tail.map((r) => r.temperature));
  const targetTail = mean(tail.map((r) => 1.0 - 0.5 * ((r.step - first) / 4000)));
  assert.ok(Math.abs(Ttail - targetTail) < 0.05, `T ${Ttail} vs target ${targetTail}`);
});

test('Langevin NVT: mean temperature at target; the seed fixes the trajectory', () => {
  const run = (seed: number) => {
    const s = ka864At(0.5, 9);
    const rows = collect(s, { steps: 3000, dt: 0.005, thermostat: langevin({ damp: 0.5, seed }), tStart: 1.2, thermoEvery: 20, zeroMomentumEvery: 100 });
    return { s, rows };
  };
  const a = run(11), b = run(11), c = run(12);
  const Tmean = mean(a.rows.slice(a.rows.length / 2).map((r) => r.temperature));
  assert.ok(Math.abs(Tmean - 1.2) < 0.05, `mean T ${Tmean}`);
  assert.equal(Array.from(a.s.x), Array.from(b.s.x), 'same seed, same positions');
  assert.ok(a.s.x.some((v, k) => v !== c.s.x[k]), 'another seed, another trajectory');
});

test('thermostat state round-trips through save/restore', () => {
  const nh = noseHoover({ damp: 0.5 });
  const s = ka864At(1.0);
  runMD(s, kaField(), { steps: 50, dt: 0.005, units, thermostat: nh, tStart: 1.0 });
  const copy = noseHoover({ damp: 0.5 });
  copy.restore(JSON.parse(JSON.stringify(nh.save())));
  const ctx = { dt: 0.005, units, targetT: 1.0 };
  assert.is(copy.reservoirEnergy(s, ctx), nh.reservoirEnergy(s, ctx));
  const lg = langevin({ damp: 1, seed: 3 });
  lg.postForce(s, ctx);
  const saved = JSON.parse(JSON.stringify(lg.save()));
  const s2 = cloneState(s);
  lg.postForce(s, ctx);
  const lg2 = langevin({ damp: 1, seed: 3 });
  lg2.restore(saved);
  lg2.postForce(s2, ctx);
  assert.equal(Array.from(s.f.slice(0, 30)), Array.from(s2.f.slice(0, 30)));
});

test.run();
