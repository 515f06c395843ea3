/**
 * Triclinic boxes: neighbour lists, minimum image, wrapping and affine deformation in tilted
 * boxes, the shear virial by finite differences, and (where `lmp` exists) forces, energies,
 * pressure tensor and a short NVE run compared with LAMMPS on a tilted box.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { computeForces, createForceField } from '../sim/forces.js';
import { buildNeighbors, createNeighborList } from '../sim/neighbor.js';
import { deformBox, minimumImage, perpendicularWidths, toFractional, unwrap, wrapPositions, type Box } from '../sim/box.js';
import { createState, cloneState, type State } from '../sim/state.js';
import { createRng } from '../sim/random.js';
import { initVelocities } from '../sim/velocities.js';
import { runMD } from '../sim/md.js';
import { nve } from '../sim/integrate/thermostat.js';
import { pressureTensor } from '../sim/thermo.js';
import { LJ_UNITS } from '../sim/units.js';
import { parseLammpsDataFile, writeLammpsData } from '../sim/io/lammps-data.js';
import { positionDeviation, readDump, vectorDeviation } from './helpers/compare.js';
import { loadKa864 } from './helpers/reference.js';
import { lammpsPreamble, lastThermo, requireLammps, runLammps } from './helpers/lammps.js';

const ka = new LennardJones(kobAndersen());
const kaField = () => createForceField(ka, 0.3);

/** ka864 sheared affinely into a tilted box. */
function tiltedKa864(xy: number, xz: number, yz: number): State {
  const s = loadKa864();
  deformBox(s.box, { ...s.box, xy, xz, yz }, s.x);
  return s;
}

test('minimum image and wrapping in a tilted box agree with a brute-force search over images', () => {
  const box: Box = { xlo: -1, ylo: 0.5, zlo: 2, lx: 10, ly: 9, lz: 8, xy: 3.5, xz: -4, yz: 2.5 };
  const rng = createRng(5);
  for (let t = 0; t < 200; t++) {
    const d = [0, 1, 2].map(() => (rng.uniform() - 0.5) * 30);
    let best = Infinity;
    for (let a = -4; a <= 4; a++)
      for (let b = -4; b <= 4; b++)
        for (let c = -4; c <= 4; c++) {
          const v = [d[0] + a * box.lx + b * box.xy + c * box.xz, d[1] + b * box.ly + c * box.yz, d[2] + c * box.lz];
          best = Math.min(best, Math.hypot(v[0], v[1], v[2]));
        }
    const m = [...d];
    minimumImage(box, m);
    const len = Math.hypot(m[0], m[1], m[2]);
    // Exact whenever the shortest image is within half the smallest face distance.
    if (best < 0.5 * Math.min(...perpendicularWidths(box))) assert.ok(Math.abs(len - best) < 1e-9, `${len} vs ${best}`);
  }
  const x = Float64Array.from({ length: 300 }, () => (rng.uniform() - 0.5) * 60);
  const image = new Int32Array(300);
  const original = x.slice();
  wrapPositions(box, x, image);
  const s = [0, 0, 0];
  for (let i = 0; i < 300; i += 3) {
    toFractional(box, x[i], x[i + 1], x[i + 2], s);
    assert.ok(s.every((q) => q >= 0 && q < 1), `fractional ${s}`);
  }
  const back = unwrap(box, x, image);
  back.forEach((v, k) => assert.ok(Math.abs(v - original[k]) < 1e-9));
});

test('half neighbour list in a tilted box equals the brute-force pair set', () => {
  const s = tiltedKa864(2.5, -3.0, 1.5);
  const nl = createNeighborList(2, (a, b) => ka.cutoff(a, b), 0.3);
  buildNeighbors(s, nl);
  const listed = new Set<string>();
  for (let i = 0; i < s.n; i++)
    for (let k = nl.start[i]; k < nl.end[i]; k++) listed.add(`${Math.min(i, nl.neigh[k])},${Math.max(i, nl.neigh[k])}`);
  let expected = 0;
  const d = [0, 0, 0];
  for (let i = 0; i < s.n; i++)
    for (let j = i + 1; j < s.n; j++) {
      for (let k = 0; k < 3; k++) d[k] = s.x[3 * i + k] - s.x[3 * j + k];
      minimumImage(s.box, d);
      const rc = ka.cutoff(s.type[i], s.type[j]) + 0.3;
      if (d[0] ** 2 + d[1] ** 2 + d[2] ** 2 < rc * rc) {
        expected++;
        assert.ok(listed.has(`${i},${j}`), `missing pair ${i},${j}`);
      }
    }
  assert.is(listed.size, expected);
  assert.is(nl.pairs, expected);
});

test('shear virial: dE/dgamma of an affine tilt change equals minus the virial (finite differences)', () => {
  // Raising a tilt at fixed fractional coordinates moves pair vectors by gamma times their
  // fractional separation: xz += g lz and yz += g lz give d_x += g d_z and d_y += g d_z, so
  // dE/dg = -W_xz and -W_yz; xy += g ly gives d_x += g (d_y - d_z yz / lz), so dE/dg = -(W_xy - yz/lz W_xz).
  const cases: [string, (b: Box, g: number) => Box, (w: Float64Array, b: Box) => number][] = [
    ['xy', (b, g) => ({ ...b, xy: b.xy + g * b.ly }), (w, b) => w[3] - (b.yz / b.lz) * w[4]],
    ['xz', (b, g) => ({ ...b, xz: b.xz + g * b.lz }), (w) => w[4]],
    ['yz', (b, g) => ({ ...b, yz: b.yz + g * b.lz }), (w) => w[5]],
  ];
  for (const base of [tiltedKa864(0, 0, 0), tiltedKa864(1.2, -0.8, 0.6)]) {
    const w = computeForces(cloneState(base), kaField()).virial;
    for (const [name, shear, expected] of cases) {
      const energyAt = (g: number) => {
        const s = cloneState(base);
        deformBox(s.box, shear(s.box, g), s.x);
        return computeForces(s, kaField()).energy;
      };
      const h = 1e-6;
      const dEdg = (energyAt(h) - energyAt(-h)) / (2 * h);
      const want = -expected(w, base.box);
      assert.ok(Math.abs(dEdg - want) < 1e-5 * Math.max(1, Math.abs(want)), `${name}: dE/dg ${dEdg} vs ${want}`);
    }
  }
});

test('a box too thin between two faces for the cut-off is refused', () => {
  const s = createState(10, { xlo: 0, ylo: 0, zlo: 0, lx: 6, ly: 6, lz: 6, xy: 3, xz: 0, yz: 0 }, [1]);
  assert.throws(() => buildNeighbors(s, createNeighborList(1, () => 2.5, 0.3)), /box width .* along x/);
});

if (requireLammps('LAMMPS cross-checks on a tilted box (test/triclinic.test.ts)')) {
  let dir = '';
  test.before(() => {
    dir = mkdtempSync(join(tmpdir(), 'betascape-tri-'));
    const s = tiltedKa864(2.0, -1.5, 1.0);
    initVelocities(s, 1.0, createRng(3), LJ_UNITS);
    wrapPositions(s.box, s.x, s.image);
    writeLammpsData(join(dir, 'tilted.data'), s);
  });
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  const preamble = lammpsPreamble({ data: 'tilted.data', dt: 0.005 });

  test('tilted box: energy, pressure tensor and forces match LAMMPS; 20 NVE steps match too', () => {
    const { log } = runLammps(
      `${preamble}thermo_style custom step pe pxx pyy pzz pxy pxz pyz
thermo_modify norm no format float %.17g
dump d all custom 1 f.dump id fx fy fz
dump_modify d format float %.17g sort id
run 0
undump d
fix 1 all nve
run 20
write_dump all custom final.dump id x y z modify sort id format float %.17g
`,
      dir,
    );
    const s = parseLammpsDataFile(join(dir, 'tilted.data'));
    const out = computeForces(s, kaField());
    const first = log.indexOf('Step');
    const pe0 = Number(log.slice(first).split('\n')[1].trim().split(/\s+/)[1]);
    assert.ok(Math.abs(out.energy / pe0 - 1) < 1e-9, `energy ${out.energy} vs ${pe0}`);
    const p = pressureTensor(s, out.virial, LJ_UNITS);
    const ref = log.slice(first).split('\n')[1].trim().split(/\s+/).slice(2, 8).map(Number);
    ref.forEach((r, k) => assert.ok(Math.abs(p[k] - r) < 1e-9 * Math.abs(ref[0]), `P[${k}] ${p[k]} vs ${r}`));
    const forces = readDump(join(dir, 'f.dump'), s);
    const df = vectorDeviation(s.f, (d) => forces.col(['fx', 'fy', 'fz'][d]), forces.index);
    assert.ok(df < 1e-9, `forces differ by ${df}`);

    const last = runMD(s, kaField(), { steps: 20, dt: 0.005, units: LJ_UNITS, thermostat: nve() });
    assert.ok(Math.abs(last.pe * s.n / lastThermo(log, 'PotEng') - 1) < 1e-9);
    const dx = positionDeviation(s, readDump(join(dir, 'final.dump'), s));
    assert.ok(dx < 1e-9, `positions after 20 NVE steps differ by ${dx}`);
  });
}

test.run();
