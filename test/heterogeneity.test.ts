import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createState, type State } from '../sim/state.js';
import { cubicBox } from '../sim/box.js';
import { createForceField, type ForceField } from '../sim/forces.js';
import { LennardJones, kobAndersen, type LJModel } from '../sim/potentials/lj.js';
import { loadEam } from '../sim/potentials/eam.js';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { LJ_UNITS, METAL_UNITS, type Units } from '../sim/units.js';
import { writeLammpsData } from '../sim/io/lammps-data.js';
import { minimize } from '../landscape/minimize/index.js';
import { perAtomVirial } from '../analysis/heterogeneity/per-atom-virial.js';
import { coarseGrain, localElasticity, strainedBox, type LocalElasticity } from '../analysis/heterogeneity/local-elasticity.js';
import { moduliFromVoigt } from '../analysis/heterogeneity/moduli.js';
import { linearityCheck } from '../analysis/heterogeneity/linearity.js';
import { fluctuationElasticity } from '../analysis/heterogeneity/fluctuation.js';
import { autocorrelation, softZones, summarize, histogram } from '../analysis/heterogeneity/statistics.js';
import { mapProfile, sliceZ, surfaceMap, type Field3D } from '../analysis/heterogeneity/fields.js';
import { loadKa864 } from './helpers/reference.js';
import { readDump } from './helpers/compare.js';
import { kaPairCoeffs, requireLammps, runLammps } from './helpers/lammps.js';

const EAM_FILE = '/usr/share/lammps/potentials/CuZr_mm.eam.fs';
const tmp = () => mkdtempSync(join(tmpdir(), 'betascape-het-'));
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** fcc crystal of `cells`^3 conventional cells (lattice constant a), shifted by a/4 so that no atom sits on a voxel face. */
function fcc(cells: number, a: number, mass: number, typeName: string): State {
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const s = createState(4 * cells ** 3, cubicBox(cells * a), [mass], [typeName]);
  let i = 0;
  for (let x = 0; x < cells; x++) for (let y = 0; y < cells; y++) for (let z = 0; z < cells; z++) {
    for (const b of basis) {
      s.x.set([(x + b[0] + 0.25) * a, (y + b[1] + 0.25) * a, (z + b[2] + 0.25) * a], 3 * i++);
    }
  }
  return s;
}

function ljSingle(): LJModel {
  return { name: 'lj1', species: [{ name: 'A', mass: 1 }], pairs: [[{ epsilon: 1, sigma: 1, cutoff: 2.5 }]], shift: false, composition: [1], density: 1 };
}

/** A small KA glass: random points at density 1.2 relaxed to their energy minimum (an infinitely fast quench). */
function kaGlass(n: number, seed: number): { state: State; ff: ForceField } {
  const model = kobAndersen();
  const state = buildSample({ n, composition: model.composition, masses: [1, 1], typeNames: ['A', 'B'], density: model.density, placement: 'random' }, createRng(seed));
  const ff = createForceField(new LennardJones(model), 0.3);
  minimize(state, ff, { method: 'lbfgs', ftol: 1e-10 });
  return { state, ff };
}

/**
 * LAMMPS finite-strain constants of a configuration: for each Voigt strain +-delta, read the data
 * file, change_box ... remap, minimize (cg), and C_ab = -(P_a(+) - P_a(-)) / (2 delta), in the
 * stress unit of betascape (GPa in metal units).
 */
function lammpsConstants(state: State, units: 'lj' | 'metal', pair: string, skin: number, delta: number): number[][] {
  const dir = tmp();
  writeLammpsData(join(dir, 'ref.data'), state, { velocities: false });
  const { ly, lz } = state.box;
  const deform = [
    `change_box all x scale ${1 + delta} remap`, `change_box all y scale ${1 + delta} remap`, `change_box all z scale ${1 + delta} remap`,
    `change_box all yz delta ${delta * lz} remap units box`, `change_box all xz delta ${delta * lz} remap units box`,
    `change_box all xy delta ${delta * ly} remap units box`,
  ];
  const minus = (cmd: string) => cmd.replace(`scale ${1 + delta}`, `scale ${1 - delta}`).replace(/delta (\S+)/, (_, d) => `delta ${-Number(d)}`);
  let input = '';
  for (let b = 0; b < 6; b++) {
    for (const [sign, cmd] of [['+', deform[b]], ['-', minus(deform[b])]]) {
      input += `clear
units ${units}
atom_style atomic
boundary p p p
read_data ref.data
change_box all triclinic
${pair}
neighbor ${skin} bin
neigh_modify every 1 delay 0 check yes
thermo_style custom step pe pxx pyy pzz pxy pxz pyz
${cmd}
min_style cg
minimize 0 1e-10 20000 100000
print "RESULT ${b} ${sign} $(pxx:%.15g) $(pyy:%.15g) $(pzz:%.15g) $(pyz:%.15g) $(pxz:%.15g) $(pxy:%.15g)"
`;
    }
  }
  const { log } = runLammps(input, dir);
  const rows = [...log.matchAll(/^RESULT (\d) ([+-]) (.*)$/gm)];
  assert.is(rows.length, 12);
  const toStress = units === 'metal' ? 1e-4 : 1; // bar -> GPa
  const C = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  for (const [, b, sign, rest] of rows) {
    const p = rest.trim().split(/\s+/).map(Number);
    for (let a = 0; a < 6; a++) C[a][Number(b)] += ((sign === '+' ? -1 : 1) * p[a] * toStress) / (2 * delta);
  }
  return C;
}

function assertUniform(le: LocalElasticity, entries: [number, number][], tol: number): void {
  const nv = le.grid.atoms.length;
  for (const [a, b] of entries) {
    const g = le.global[6 * a + b];
    for (let v = 0; v < nv; v++) assert.ok(Math.abs(le.local[36 * v + 6 * a + b] - g) <= tol * Math.abs(le.global[21]), `voxel ${v} C${a + 1}${b + 1}`);
  }
}

function compareConstants(le: LocalElasticity, ref: number[][], tol: number, what: string): void {
  const scale = Math.max(...ref.flat().map(Math.abs));
  for (let a = 0; a < 6; a++) {
    for (let b = 0; b < 6; b++) {
      const ours = le.global[6 * a + b];
      assert.ok(Math.abs(ours - ref[a][b]) <= tol * scale, `${what} C${a + 1}${b + 1}: ${ours} vs LAMMPS ${ref[a][b]}`);
    }
  }
}

test('strainedBox: the deformation gradient acts on the edge vectors (xy shear moves c by delta yz)', () => {
  const box = { xlo: 0, ylo: 0, zlo: 0, lx: 4, ly: 5, lz: 6, xy: 0.5, xz: -0.3, yz: 0.7 };
  const b = strainedBox(box, 5, 0.01);
  assert.equal([b.xy, b.xz, b.yz], [0.5 + 0.05, -0.3 + 0.007, 0.7]);
  const x = strainedBox(box, 0, 0.01);
  assert.equal([x.lx, x.xy, x.xz, x.ly], [4.04, 0.505, -0.303, 5]);
});

test('per-atom virials of KA (LJ) sum to the total virial', () => {
  const s = loadKa864();
  const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
  const w = perAtomVirial(s, ff);
  for (let c = 0; c < 6; c++) {
    let sum = 0;
    for (let i = 0; i < s.n; i++) sum += w[6 * i + c];
    assert.ok(Math.abs(sum - ff.out.virial[c]) < 1e-9 * Math.abs(ff.out.virial[0]), `component ${c}`);
  }
});

function compareStressAtom(s: State, ff: ForceField, units: Units, pair: string, skin: number): void {
  const dir = tmp();
  writeLammpsData(join(dir, 'ref.data'), s, { velocities: false });
  runLammps(`units ${units.name}
atom_style atomic
boundary p p p
read_data ref.data
${pair}
neighbor ${skin} bin
compute s all stress/atom NULL pair
dump d all custom 1 s.dump id c_s[1] c_s[2] c_s[3] c_s[4] c_s[5] c_s[6]
dump_modify d format float %.16g sort id
run 0
`, dir);
  const w = perAtomVirial(s, ff);
  const dump = readDump(join(dir, 's.dump'), s);
  let maxDiff = 0, maxRef = 0;
  for (let c = 0; c < 6; c++) {
    const col = dump.col(`c_s[${c + 1}]`);
    dump.index.forEach((i, row) => {
      const ref = -col[row] / units.nktv2p; // LAMMPS stress/atom is minus the virial, in pressure × volume
      maxDiff = Math.max(maxDiff, Math.abs(w[6 * i + c] - ref));
      maxRef = Math.max(maxRef, Math.abs(ref));
    });
  }
  assert.ok(maxDiff < 1e-8 * maxRef, `per-atom virial deviates from LAMMPS stress/atom by ${maxDiff / maxRef} (relative)`);
}

if (requireLammps('per-atom virials against LAMMPS compute stress/atom (KA and CuZr EAM)')) {
  test('per-atom virials equal LAMMPS compute stress/atom: KA liquid and a random Cu64Zr36 (EAM) configuration', () => {
    compareStressAtom(loadKa864(), createForceField(new LennardJones(kobAndersen()), 0.3), LJ_UNITS, kaPairCoeffs(), 0.3);
    const eam = loadEam(EAM_FILE, ['Cu', 'Zr']);
    const s = buildSample({ n: 300, composition: [0.64, 0.36], masses: eam.masses, typeNames: ['Cu', 'Zr'], density: 0.058, placement: 'random', minDistance: 2.1 }, createRng(7));
    compareStressAtom(s, createForceField(eam, 0.5), METAL_UNITS, `pair_style eam/fs\npair_coeff * * ${EAM_FILE} Cu Zr`, 0.5);
  });
}

test('fcc LJ crystal: every voxel has the same constants, with cubic symmetry', () => {
  const s = fcc(4, 1.5496, 1, 'A');
  const le = localElasticity(s, createForceField(new LennardJones(ljSingle()), 0.3), { voxel: 1.5496 * 2, units: LJ_UNITS, delta: 1e-5 });
  assert.equal([le.grid.nx, le.grid.ny, le.grid.nz], [2, 2, 2]);
  assert.ok(le.grid.atoms.every((n) => n === 32));
  assertUniform(le, [[0, 0], [0, 1], [3, 3], [4, 4], [5, 5], [1, 2]], 1e-6);
  const C = le.global;
  assert.ok(relErr(C[7], C[0]) < 1e-6 && relErr(C[14], C[0]) < 1e-6, 'C11 = C22 = C33');
  assert.ok(relErr(C[28], C[21]) < 1e-6 && relErr(C[35], C[21]) < 1e-6, 'C44 = C55 = C66');
  assert.ok(Math.abs(C[3]) < 1e-6 * C[0], 'no normal-shear coupling');
  assert.ok(le.globalModuli.G > 0 && le.globalModuli.K > 0);
});

test('stress-fluctuation constants at T -> 0 equal the finite-strain ones (fcc LJ under 10 epsilon/sigma^3 of pressure)', () => {
  // Compressed (a = 1.50), so the pre-stress terms that turn Lagrangian constants into Cauchy
  // stress derivatives matter (~10 % of C12); no pair lies near the cut-off, so there is no
  // impulsive term, and at T = 0.001 the anharmonic shift is ~0.2 %.
  const s = fcc(4, 1.5, 1, 'A');
  const ff = () => createForceField(new LennardJones(ljSingle()), 0.3);
  const st = localElasticity(s, ff(), { voxel: 3, units: LJ_UNITS, delta: 1e-5 });
  const fl = fluctuationElasticity(s, ff(), {
    temperature: 0.001, equilibrate: 500, steps: 3000, every: 5, dt: 0.005, damp: 0.5, seed: 3, voxel: 3, units: LJ_UNITS, shell: 0.01,
  });
  assert.ok(st.referenceStress[0] < -9, `the crystal is under pressure (sigma_xx ${st.referenceStress[0]})`);
  for (const [a, b] of [[0, 0], [1, 1], [0, 1], [1, 2], [3, 3], [5, 5]]) {
    const k = 6 * a + b;
    assert.ok(relErr(fl.global[k], st.global[k]) < 5e-3, `C${a + 1}${b + 1}: fluctuation ${fl.global[k]} vs finite strain ${st.global[k]}`);
  }
  assert.ok(Math.abs(fl.global[3]) < 0.01 * fl.global[0], 'no normal-shear coupling');
  assert.ok(Math.abs(fl.measuredTemperature - 0.001) < 2e-4, `T measured ${fl.measuredTemperature}`);
  assert.ok(fl.globalSem[0] > 0 && fl.globalSem[0] < 0.01 * fl.global[0], `block error of C11 ${fl.globalSem[0]}`);
  const meanG = fl.localModuli.G.reduce((a, b) => a + b, 0) / fl.localModuli.G.length;
  assert.ok(relErr(meanG, fl.globalModuli.G) < 1e-12, 'voxel mean = global');
});

if (requireLammps('local elastic constants against LAMMPS finite-strain moduli')) {
  test('fcc LJ crystal: constants equal LAMMPS finite-strain moduli (change_box + minimize)', () => {
    const s = fcc(4, 1.5496, 1, 'A');
    const le = localElasticity(s, createForceField(new LennardJones(ljSingle()), 0.3), { voxel: 1.5496, units: LJ_UNITS, delta: 1e-5 });
    assertUniform(le, [[0, 0], [0, 1], [5, 5]], 1e-6);
    compareConstants(le, lammpsConstants(le.reference, 'lj', 'pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0 2.5', 0.3, 1e-5), 1e-6, 'fcc LJ');
  });

  test('fcc Cu (CuZr_mm EAM): uniform map equal to LAMMPS finite-strain moduli in GPa', () => {
    const eam = loadEam(EAM_FILE, ['Cu']);
    const s = fcc(6, 3.639087, eam.masses[0], 'Cu');
    const le = localElasticity(s, createForceField(eam, 1.0), { voxel: 3.639087 * 3, units: METAL_UNITS, delta: 1e-5, ftol: 1e-8 });
    assert.is(le.unit, 'GPa');
    assertUniform(le, [[0, 0], [0, 1], [3, 3]], 1e-6);
    compareConstants(le, lammpsConstants(le.reference, 'metal', `pair_style eam/fs\npair_coeff * * ${EAM_FILE} Cu`, 1.0, 1e-5), 1e-5, 'Cu EAM');
    // Cu: C11 ~ 170, C12 ~ 120, C44 ~ 75 GPa (experiment 168, 121, 75); the potential is fitted near these.
    assert.ok(le.global[0] > 130 && le.global[0] < 210 && le.global[21] > 50 && le.global[21] < 100, `C11 ${le.global[0]}, C44 ${le.global[21]}`);
  });

  test('KA glass (N = 300): global constants equal LAMMPS finite-strain ones', () => {
    const { state, ff } = kaGlass(300, 11);
    const le = localElasticity(state, ff, { voxel: 2.2, units: LJ_UNITS, delta: 1e-5 });
    compareConstants(le, lammpsConstants(le.reference, 'lj', kaPairCoeffs(), 0.3, 1e-5), 2e-3, 'KA glass');
  });
}

test('KA glass (N = 300): the mean of the local moduli is the global modulus; the local ones scatter', () => {
  const { state, ff } = kaGlass(300, 5);
  const le = localElasticity(state, ff, { voxel: 2.2, units: LJ_UNITS, delta: 1e-5 });
  const nv = le.grid.atoms.length;
  assert.is(nv, 27);
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(relErr(mean(le.localModuli.G), le.globalModuli.G) < 0.02, `mean local G ${mean(le.localModuli.G)} vs global ${le.globalModuli.G}`);
  for (let k = 0; k < 36; k++) {
    let m = 0;
    for (let v = 0; v < nv; v++) m += le.local[36 * v + k] / nv;
    assert.ok(Math.abs(m - le.global[k]) < 1e-8 * le.global[0], `C entry ${k}`);
  }
  // The global K and G of the voxel average agree with those from the averaged matrix.
  const avg = new Float64Array(36);
  for (let v = 0; v < nv; v++) for (let k = 0; k < 36; k++) avg[k] += le.local[36 * v + k] / nv;
  assert.ok(relErr(moduliFromVoigt(avg).K, le.globalModuli.K) < 1e-9);
  // Re-binning the same runs: one voxel holding the whole box gives the box constants.
  const one = coarseGrain(le, 100);
  assert.is(one.grid.atoms.length, 1);
  for (let k = 0; k < 36; k++) assert.ok(Math.abs(one.local[k] - le.global[k]) < 1e-9 * le.global[0]);
  const s = summarize(le.localModuli.G);
  assert.ok(s.relativeWidth > 0.05, `a glass is heterogeneous: relative width ${s.relativeWidth}`);
  assert.ok(le.globalModuli.G > 5 && le.globalModuli.G < 30, `G ${le.globalModuli.G}`);
  assert.is(le.unconverged, 0);
});

test('KA glass (N = 300): the δ/10 check passes at δ = 1e-5 and flags the voxels around the jumps that δ = 1e-4 makes', () => {
  const { state, ff } = kaGlass(300, 5);
  const check = (delta: number) => {
    const o = { voxel: 2.2, units: LJ_UNITS, delta, method: 'lbfgs' as const };
    return linearityCheck(localElasticity(state, ff, o), ff, o);
  };
  const fine = check(1e-5);
  assert.is(fine.offCount, 0);
  // Measured: largest voxel shift 8e-6 of the mean G, box 4e-7; at 1e-4: 5 of 27 voxels off, largest 0.37, box 0.027.
  assert.ok(fine.largestShift < 1e-4 && fine.globalShift < 1e-5, `${fine.largestShift} ${fine.globalShift}`);
  // At 1e-4 two strains (xx, xz) make atoms of this glass jump: the voxels near them move by tens of per cent.
  const coarse = check(1e-4);
  assert.ok(coarse.offCount >= 1 && coarse.largestShift > 0.2, `${coarse.offCount} voxels, largest ${coarse.largestShift}`);
  assert.is(coarse.smallDelta, 1e-5);
});

test('statistics: moments, percentiles and histogram of a known set', () => {
  const s = summarize([1, 2, 3, 4, 5, NaN]);
  assert.is(s.n, 5);
  assert.is(s.mean, 3);
  assert.ok(Math.abs(s.std - Math.sqrt(2.5)) < 1e-12);
  assert.is(s.median, 3);
  assert.ok(Math.abs(s.p5 - 1.2) < 1e-12 && Math.abs(s.p95 - 4.8) < 1e-12);
  const h = histogram([0, 0.5, 1, 1.5, 2], 2);
  assert.equal(h.counts, [2, 3]);
});

test('autocorrelation: a checkerboard anticorrelates at one cell, giving a correlation length of (1 - 1/e)/2 cells', () => {
  const nx = 6, ny = 6;
  const v = Array.from({ length: nx * ny }, (_, p) => ((p % nx) + Math.floor(p / nx)) % 2 ? 1 : -1);
  const a = autocorrelation(v, [nx, ny, 1], [2, 2, 1]);
  assert.is(a.r[0], 0);
  assert.ok(Math.abs(a.acf[0] - 1) < 1e-12);
  assert.ok(Math.abs(a.acf[1] + 1) < 1e-12, `C(one cell) = ${a.acf[1]}`);
  assert.ok(Math.abs(a.correlationLength! - 2 * (1 - 1 / Math.E) / 2) < 1e-12);
  // A field constant along x and alternating in z (3-D) is perfectly correlated along x.
  const f = Array.from({ length: 4 * 1 * 2 }, (_, p) => (Math.floor(p / 4) % 2 ? 1 : -1));
  const b = autocorrelation(f, [4, 1, 2], [1, 1, 3]);
  assert.ok(Math.abs(b.acf[b.r.indexOf(1)] - 1) < 1e-12);
});

test('soft zones: clusters below the percentile, joined across the periodic boundary', () => {
  // 5 x 4 map; soft (0) points: a zone wrapping around x at row 0 (ix 0 and 4), one lone point, one pair.
  const grid = [
    0, 9, 9, 9, 0,
    9, 9, 0, 9, 9,
    0, 0, 9, 9, 9,
    9, 9, 9, 9, 9,
  ];
  const z = softZones(grid, [5, 4, 1], 40);
  assert.is(z.threshold, 9);
  assert.equal(z.sizes, [2, 2, 1]);
  assert.equal(z.distribution, [{ size: 1, count: 1 }, { size: 2, count: 2 }]);
  // Periodic in y as well: a column touching the top and the bottom rows is one zone.
  const col = [0, 9, 9, 9, 9, 0];
  assert.equal(softZones(col, [1, 6, 1], 40).sizes, [2]);
});

test('fields: surface map averages the top layers, slices and profiles pick rows', () => {
  const f: Field3D = { nx: 2, ny: 2, nz: 3, cell: [1, 1, 2], values: Float64Array.from({ length: 12 }, (_, p) => Math.floor(p / 4)) };
  assert.equal(Array.from(surfaceMap(f, 2).values), [1.5, 1.5, 1.5, 1.5]);
  assert.equal(Array.from(sliceZ(f, 0).values), [0, 0, 0, 0]);
  const m = { nx: 3, ny: 2, cell: [1, 2] as [number, number], values: Float64Array.from([1, 2, 3, 4, 5, 6]) };
  assert.equal(Array.from(mapProfile(m, 'x', 1).values), [4, 5, 6]);
  assert.equal(Array.from(mapProfile(m, 'y', 2).position), [1, 3]);
});

test.run();
