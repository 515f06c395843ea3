import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimize } from '../landscape/minimize/index.js';
import { minimizeWithBox, type BoxMode } from '../landscape/minimize/box-relax.js';
import { computeForces, createForceField } from '../sim/forces.js';
import { LennardJones, kobAndersen, type LJModel } from '../sim/potentials/lj.js';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { createState, cloneState, type State } from '../sim/state.js';
import { cubicBox } from '../sim/box.js';
import { writeLammpsData } from '../sim/io/lammps-data.js';
import { InputError } from '../sim/errors.js';
import { lammpsPreamble, parseThermo, requireLammps, runLammps } from './helpers/lammps.js';

const kaField = () => createForceField(new LennardJones(kobAndersen()), 0.3);

/** A small KA glass: 300 random atoms at density 1.2 quenched by CG at fixed box (P ≈ -0.39). */
function smallGlass(): State {
  const m = kobAndersen();
  const s = buildSample({ n: 300, composition: m.composition, masses: [1, 1], typeNames: ['A', 'B'], density: 1.2, placement: 'random' }, createRng(5));
  minimize(s, kaField(), { method: 'cg', ftol: 1e-10 });
  return s;
}

/** A single-species LJ fcc crystal of 4 k^3 atoms at lattice constant a. */
function fcc(k: number, a: number): State {
  const s = createState(4 * k ** 3, cubicBox(k * a), [1], ['A']);
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  let i = 0;
  for (let x = 0; x < k; x++) for (let y = 0; y < k; y++) for (let z = 0; z < k; z++) {
    for (const b of basis) {
      s.x[3 * i] = (x + b[0]) * a;
      s.x[3 * i + 1] = (y + b[1]) * a;
      s.x[3 * i + 2] = (z + b[2]) * a;
      i++;
    }
  }
  return s;
}

test('iso relaxation of an fcc crystal finds the lattice constant of least energy (golden-section search on E(a))', () => {
  const model: LJModel = {
    name: 'lj', species: [{ name: 'A', mass: 1 }], pairs: [[{ epsilon: 1, sigma: 1, cutoff: 2.5 }]], shift: true, composition: [1], density: 1,
  };
  const field = () => createForceField(new LennardJones(model), 0.3);
  // Independent reference: a perfect lattice stays one under uniform scaling, so min_a E(a) is the P = 0 lattice.
  const energy = (a: number) => computeForces(fcc(4, a), field()).energy;
  let lo = 1.45, hi = 1.65;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const a1 = hi - g * (hi - lo), a2 = lo + g * (hi - lo);
    if (energy(a1) < energy(a2)) hi = a2;
    else lo = a1;
  }
  const aRef = (lo + hi) / 2;
  const s = fcc(4, 1.5); // compressed: P > 0
  const r = minimizeWithBox(s, field(), { box: 'iso', method: 'cg', ftol: 1e-10 });
  assert.ok(r.pressureConverged && Math.abs(r.pressure) < 1e-6, `P = ${r.pressure}`);
  assert.ok(Math.abs(s.box.lx / 4 - aRef) < 1e-6, `a = ${s.box.lx / 4}, golden section ${aRef}`);
  assert.ok(Math.abs(r.energy - energy(aRef)) < 1e-8);
});

test('target pressure, fixed box, and bad options', () => {
  const s = smallGlass();
  const r = minimizeWithBox(cloneState(s), kaField(), { box: 'iso', pressure: 2, method: 'lbfgs', ftol: 1e-10 });
  assert.ok(r.pressureConverged && Math.abs(r.pressure - 2) < 1e-6, `P = ${r.pressure}`);
  assert.ok(r.volume < 250); // compressed from P = -0.39 to +2
  const f = minimizeWithBox(cloneState(s), kaField(), { box: 'fixed' });
  assert.is(f.volume, s.box.lx * s.box.ly * s.box.lz); // box untouched
  assert.ok(Math.abs(f.pressure + 0.39) < 0.01);
  assert.throws(() => minimizeWithBox(cloneState(s), kaField(), { box: 'tri' as BoxMode }), (e: Error) => e instanceof InputError);
});

if (requireLammps('box relaxation against LAMMPS fix box/relax')) {
  for (const mode of ['iso', 'aniso'] as const) {
    test(`KA glass relaxed to P = 0 (${mode}) matches LAMMPS fix box/relax ${mode} 0.0 + minimize`, () => {
      const s = smallGlass();
      const dir = mkdtempSync(join(tmpdir(), 'betascape-boxrelax-'));
      writeLammpsData(join(dir, 'start.data'), s, { velocities: false });
      const { log } = runLammps(`${lammpsPreamble({ dt: 0.005 })}thermo_style custom step pe press vol lx ly lz
thermo_modify norm no format float %20.15g
fix br all box/relax ${mode} 0.0 vmax 0.001
minimize 0.0 1.0e-10 100000 1000000
minimize 0.0 1.0e-10 100000 1000000
`, dir);
      const t = parseThermo(log); // the last minimize
      const last = (c: string) => t[c][t[c].length - 1];
      const r = minimizeWithBox(s, kaField(), { box: mode, method: 'cg', ftol: 1e-10 });
      assert.ok(r.pressureConverged, `P = ${r.pressureTensor.slice(0, 3)}`);
      assert.ok(Math.abs(last('Press')) < 1e-6, `LAMMPS P = ${last('Press')}`);
      // Cut-off force jumps leave micro-basins: the two searches end within 1e-6 per atom and 1e-4 in volume.
      assert.ok(Math.abs(r.energy - last('PotEng')) / s.n < 1e-6, `E ${r.energy} vs LAMMPS ${last('PotEng')}`);
      assert.ok(Math.abs(r.volume / last('Volume') - 1) < 1e-4, `V ${r.volume} vs LAMMPS ${last('Volume')}`);
      for (const [k, c] of [['lx', 'Lx'], ['ly', 'Ly'], ['lz', 'Lz']] as const) {
        assert.ok(Math.abs(s.box[k] / last(c) - 1) < 1e-4, `${k} ${s.box[k]} vs LAMMPS ${last(c)}`);
      }
    });
  }
}

test.run();
