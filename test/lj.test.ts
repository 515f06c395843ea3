import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LennardJones, kobAndersen, wahnstrom } from '../sim/potentials/lj.js';
import { createForceField, computeForces } from '../sim/forces.js';
import { pressureTensor, scalarPressure } from '../sim/thermo.js';
import { LJ_UNITS } from '../sim/units.js';
import { createState, cloneState } from '../sim/state.js';
import { cubicBox } from '../sim/box.js';
import { KA864, loadKa864, loadReferenceDump } from './helpers/reference.js';
import { numericalForce } from './helpers/finite-difference.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

test('ka864: energy and virial pressure tensor agree with LAMMPS to 1e-9', () => {
  const state = loadKa864();
  const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
  const out = computeForces(state, ff);
  assert.ok(rel(out.energy, KA864.energy) < 1e-9, `energy ${out.energy}`);
  const p = pressureTensor(state, out.virial, LJ_UNITS);
  KA864.pressureTensor.forEach((ref, k) => assert.ok(rel(p[k], ref) < 1e-9, `P[${k}] ${p[k]} vs ${ref}`));
  assert.ok(rel(scalarPressure(p), KA864.pressure) < 1e-9);
});

test('ka864: per-atom forces and energies agree with the LAMMPS dump to 1e-9', () => {
  const state = loadKa864();
  const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
  const pe = new Float64Array(state.n);
  computeForces(state, ff, { energyVirial: true, perAtomEnergy: pe });
  const ref = loadReferenceDump('ka864.forces.dump');
  const row = new Map<number, number>();
  ref.ids.forEach((id, r) => row.set(id, r));
  const fx = ref.column('fx'), fy = ref.column('fy'), fz = ref.column('fz'), peRef = ref.column('c_peatom');
  let fmax = 0, dmax = 0, demax = 0;
  for (let i = 0; i < state.n; i++) {
    const r = row.get(state.id[i])!;
    const refF = [fx[r], fy[r], fz[r]];
    for (let d = 0; d < 3; d++) {
      fmax = Math.max(fmax, Math.abs(refF[d]));
      dmax = Math.max(dmax, Math.abs(state.f[3 * i + d] - refF[d]));
    }
    demax = Math.max(demax, Math.abs(pe[i] - peRef[r]));
  }
  assert.ok(dmax / fmax < 1e-9, `max |dF| / max |F| = ${dmax / fmax}`);
  assert.ok(demax / 6 < 1e-9, `max |d pe_i| = ${demax}`);
  assert.ok(rel(pe.reduce((a, b) => a + b, 0), KA864.energy) < 1e-9, 'per-atom energies sum to the total');
});

test('pair energy is truncated and shifted: zero at and beyond the cut-off, -eps at the minimum', () => {
  const lj = new LennardJones(kobAndersen());
  assert.is(lj.pairEnergy(0, 0, 2.5), 0);
  assert.is(lj.pairEnergy(0, 1, 2.01), 0);
  assert.ok(Math.abs(lj.pairEnergy(0, 1, 1.999999)) < 1e-6);
  const rmin = 2 ** (1 / 6);
  const shift = 4 * (2.5 ** -12 - 2.5 ** -6);
  assert.ok(Math.abs(lj.pairEnergy(0, 0, rmin) - (-1 - shift)) < 1e-14);
  const unshifted = new LennardJones({ ...kobAndersen(), shift: false });
  assert.ok(Math.abs(unshifted.pairEnergy(0, 0, rmin) + 1) < 1e-14);
});

test('forces are minus the gradient of the energy (finite differences, KA and Wahnstrom)', () => {
  for (const model of [kobAndersen(), wahnstrom()]) {
    const state = loadKa864();
    if (model.name === 'wahnstrom') state.mass.set([1, 2]);
    const ff = createForceField(new LennardJones(model), 0.3);
    computeForces(state, ff);
    const analytic = state.f.slice();
    const probe = cloneState(state);
    for (const k of [0, 1, 2, 301, 1000, 2000, 2591]) {
      const num = numericalForce(probe, ff, k, 1e-4);
      assert.ok(Math.abs(num - analytic[k]) < 1e-5 * Math.max(1, Math.abs(analytic[k])), `${model.name} k=${k}: ${num} vs ${analytic[k]}`);
    }
  }
});

test('virial equals -dE/d(strain): uniform scaling of the box gives the virial pressure', () => {
  const state = loadKa864();
  const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
  const out = computeForces(state, ff);
  const w = out.virial[0] + out.virial[1] + out.virial[2];
  // E(s) with all coordinates and lengths scaled by s: dE/ds at s=1 equals -W (W = sum r.F).
  const energyAtScale = (s: number) => {
    const c = cloneState(state);
    for (let k = 0; k < c.x.length; k++) c.x[k] *= s;
    c.box.lx *= s; c.box.ly *= s; c.box.lz *= s;
    return computeForces(c, createForceField(new LennardJones(kobAndersen()), 0.3)).energy;
  };
  const h = 1e-6;
  const dEds = (energyAtScale(1 + h) - energyAtScale(1 - h)) / (2 * h);
  assert.ok(Math.abs(dEds + w) / Math.abs(w) < 1e-6, `dE/ds ${dEds} vs -W ${-w}`);
});

test('two atoms: force, energy and virial by hand', () => {
  const model = kobAndersen();
  const s = createState(2, cubicBox(10), [1, 1]);
  s.type.set([0, 1]);
  s.x.set([1, 1, 1, 2.2, 1, 1]);
  const lj = new LennardJones(model);
  const out = computeForces(s, createForceField(lj, 0.3));
  const r = 1.2, eps = 1.5, sig = 0.8;
  const sr6 = (sig / r) ** 6;
  const fmag = (24 * eps * (2 * sr6 * sr6 - sr6)) / r; // -dU/dr, positive = repulsive
  assert.ok(Math.abs(s.f[0] + fmag) < 1e-12 && Math.abs(s.f[3] - fmag) < 1e-12);
  assert.ok(Math.abs(out.energy - lj.pairEnergy(0, 1, r)) < 1e-14);
  assert.ok(Math.abs(out.virial[0] - r * fmag) < 1e-12, 'W_xx = r_x F_x');
  assert.is(out.virial[1], 0);
});

test('pair across the periodic boundary uses the minimum image', () => {
  const s = createState(2, cubicBox(6), [1, 1]);
  s.x.set([0.1, 3, 3, 5.0, 3, 3]); // 1.1 apart through the boundary
  const lj = new LennardJones(kobAndersen());
  const out = computeForces(s, createForceField(lj, 0.3));
  assert.ok(Math.abs(out.energy - lj.pairEnergy(0, 0, 1.1)) < 1e-13);
  assert.ok(s.f[0] > 0 && s.f[3] < 0, 'atom 1 is pushed in +x, away from its image neighbour');
});

test.run();
