import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createState, type State } from '../sim/state.js';
import { cubicBox, type Box } from '../sim/box.js';
import { createForceField } from '../sim/forces.js';
import { LennardJones, kobAndersen, type LJModel } from '../sim/potentials/lj.js';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { LJ_UNITS } from '../sim/units.js';
import { minimize } from '../landscape/minimize/index.js';
import { fft3, interpolateAdd, periodicGrid, spread } from '../landscape/minimize/periodic-grid.js';
import { elasticPreconditioner, probeStiffness } from '../landscape/minimize/elastic-preconditioner.js';
import { EnergySurface } from '../landscape/energy-surface.js';
import { applyBlocks, localBlocks } from '../landscape/minimize/local-blocks.js';
import { createLineFrame } from '../landscape/minimize/line-frame.js';
import { localElasticity, strainedBox } from '../analysis/heterogeneity/local-elasticity.js';
import { cloneState } from '../sim/state.js';
import { deformBox, unwrap } from '../sim/box.js';
import { dot } from '../landscape/vec.js';
import { InputError } from '../sim/errors.js';

const TRICLINIC: Box = { xlo: -1, ylo: 0.5, zlo: 2, lx: 9, ly: 7, lz: 11, xy: 1.5, xz: -2, yz: 0.7 };

function randomVector(length: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => rng.uniform() - 0.5);
}

/** Atoms at random places of the box (Cartesian, through its edge vectors). */
function randomAtoms(box: Box, n: number, seed: number): Float64Array {
  const s = randomVector(3 * n, seed);
  const x = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [s[3 * i] + 0.5, s[3 * i + 1] + 0.5, s[3 * i + 2] + 0.5];
    x[3 * i] = box.xlo + a * box.lx + b * box.xy + c * box.xz;
    x[3 * i + 1] = box.ylo + b * box.ly + c * box.yz;
    x[3 * i + 2] = box.zlo + c * box.lz;
  }
  return x;
}

test('fft3 equals the direct 3D DFT on a 4 x 2 x 8 grid, and the inverse brings the field back', () => {
  const n: [number, number, number] = [4, 2, 8];
  const nodes = 64;
  const re = randomVector(nodes, 1), im = randomVector(nodes, 2);
  const re0 = re.slice(), im0 = im.slice();
  fft3(n, re, im, false);
  for (const m of [[0, 0, 0], [1, 0, 3], [3, 1, 7], [2, 1, 4]]) {
    let sr = 0, si = 0;
    for (let c = 0; c < n[2]; c++) for (let b = 0; b < n[1]; b++) for (let a = 0; a < n[0]; a++) {
      const q = (c * n[1] + b) * n[0] + a;
      const phase = -2 * Math.PI * (m[0] * a / n[0] + m[1] * b / n[1] + m[2] * c / n[2]);
      sr += re0[q] * Math.cos(phase) - im0[q] * Math.sin(phase);
      si += re0[q] * Math.sin(phase) + im0[q] * Math.cos(phase);
    }
    const q = (m[2] * n[1] + m[1]) * n[0] + m[0];
    assert.ok(Math.abs(re[q] - sr) < 1e-12 && Math.abs(im[q] - si) < 1e-12, `mode ${m}: ${re[q]} ${im[q]} vs ${sr} ${si}`);
  }
  fft3(n, re, im, true);
  for (let q = 0; q < nodes; q++) assert.ok(Math.abs(re[q] - re0[q]) < 1e-14 && Math.abs(im[q] - im0[q]) < 1e-14);
});

test('periodic grid: weights sum to one per atom, and interpolation is the transpose of spreading (triclinic box)', () => {
  const x = randomAtoms(TRICLINIC, 50, 3);
  const grid = periodicGrid(TRICLINIC, x, [9, 7, 11], 2);
  assert.equal(grid.n, [8, 4, 8]);
  for (let i = 0; i < 50; i++) {
    let w = 0;
    for (let c = 0; c < 8; c++) w += grid.weight[8 * i + c];
    assert.ok(Math.abs(w - 1) < 1e-14);
  }
  const v = randomVector(150, 4);
  const field = [0, 1, 2].map((d) => randomVector(grid.nodes, 10 + d));
  const re = [0, 1, 2].map(() => new Float64Array(grid.nodes)), im = [0, 1, 2].map(() => new Float64Array(grid.nodes));
  spread(grid, v, re, im);
  let onGrid = 0;
  for (let d = 0; d < 3; d++) onGrid += dot(re[d], field[d]);
  const atPositions = new Float64Array(150);
  interpolateAdd(grid, field, atPositions);
  assert.ok(Math.abs(onGrid - dot(v, atPositions)) < 1e-12 * Math.abs(onGrid), `${onGrid} vs ${dot(v, atPositions)}`);
});

test('elastic preconditioner: symmetric and positive definite; long waves get 1/(μk²) across and 1/(Mk²) along', () => {
  const n = 4000;
  const x = randomAtoms(TRICLINIC, n, 5);
  const stiffness = { atom: 300, shear: 20, pWave: 90 };
  const pre = elasticPreconditioner(TRICLINIC, x, stiffness);
  const a = randomVector(3 * n, 6), b = randomVector(3 * n, 7);
  const za = new Float64Array(3 * n), zb = new Float64Array(3 * n);
  pre.apply(a, za);
  pre.apply(b, zb);
  assert.ok(Math.abs(dot(a, zb) - dot(b, za)) < 1e-10 * Math.abs(dot(a, zb)), 'symmetric');
  assert.ok(dot(a, za) > 0 && dot(b, zb) > 0, 'positive');
  // Plane waves of the longest wavelength along z (k ⟂ a and b): force fields polarized across and along k.
  const k = 2 * Math.PI / TRICLINIC.lz;
  const wave = (d: number) => {
    const f = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) f[3 * i + d] = Math.sin(k * (x[3 * i + 2] - TRICLINIC.zlo));
    const z = new Float64Array(3 * n);
    pre.apply(f, z);
    // Response per unit force, less the short-wave part.
    return dot(f, z) / dot(f, f) - 1 / stiffness.atom;
  };
  const across = wave(0), along = wave(2);
  assert.ok(Math.abs(across / along - stiffness.pWave / stiffness.shear) < 0.03 * (stiffness.pWave / stiffness.shear), `ratio ${across / along}`);
  // Continuum: u = f / (μ k² v_atom), attenuated by the trilinear spreading and interpolation (0.97 here: 16 nodes per wavelength).
  const continuum = 1 / (stiffness.shear * k * k * (9 * 7 * 11 / n));
  assert.ok(across / continuum > 0.9 && across / continuum < 1.02, `long-wave response ${across / continuum} of the continuum's`);
});

function ljSingle(): LJModel {
  return { name: 'lj1', species: [{ name: 'A', mass: 1 }], pairs: [[{ epsilon: 1, sigma: 1, cutoff: 2.5 }]], shift: false, composition: [1], density: 1 };
}

/** fcc LJ crystal of cells³ conventional cells, every coordinate displaced at random by up to ±0.01 σ. */
function shakenFcc(cells: number): State {
  const a = 1.5496;
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const s = createState(4 * cells ** 3, cubicBox(cells * a), [1], ['A']);
  let i = 0;
  for (let x = 0; x < cells; x++) for (let y = 0; y < cells; y++) for (let z = 0; z < cells; z++) {
    for (const b of basis) s.x.set([(x + b[0] + 0.25) * a, (y + b[1] + 0.25) * a, (z + b[2] + 0.25) * a], 3 * i++);
  }
  const shake = randomVector(s.x.length, 8);
  for (let k = 0; k < s.x.length; k++) s.x[k] += 0.02 * shake[k];
  return s;
}

test('fcc crystal: preconditioned L-BFGS needs as many iterations at 6912 atoms as at 256; plain L-BFGS needs more', () => {
  const iterations = (cells: number, precondition: 'none' | 'elastic') => {
    const s = shakenFcc(cells);
    const r = minimize(s, createForceField(new LennardJones(ljSingle()), 0.3), { method: 'lbfgs', ftol: 1e-10, precondition });
    assert.is(r.reason, 'ftol');
    return r.iterations;
  };
  const plain = [iterations(4, 'none'), iterations(12, 'none')];
  const elastic = [iterations(4, 'elastic'), iterations(12, 'elastic')];
  // Measured: plain 47 -> 135 (the longest waves are 3x longer), elastic 29 -> 30.
  assert.ok(plain[1] > 2 * plain[0], `plain L-BFGS ${plain}`);
  assert.ok(elastic[1] < 1.2 * elastic[0] && elastic[1] < plain[1] / 3, `elastic ${elastic}, plain ${plain}`);
});

test('stiffness probes of an fcc crystal (a Bravais lattice, so affine = relaxed): μ = C44 and M = C11 of its strained boxes', () => {
  const s = shakenFcc(8);
  const ff = createForceField(new LennardJones(ljSingle()), 0.3);
  minimize(s, ff, { method: 'lbfgs', ftol: 1e-10 });
  const { stiffness } = probeStiffness(new EnergySurface(s, ff), createLineFrame(s.n));
  const c = localElasticity(s, ff, { voxel: 100, units: LJ_UNITS, delta: 1e-5 }).global;
  // The longest wave spans 8 cells: dispersion lowers its stiffness by about (ka)²/12 ~ 1 %.
  assert.ok(Math.abs(stiffness.shear / c[21] - 1) < 0.03, `μ ${stiffness.shear} vs C44 ${c[21]}`);
  assert.ok(Math.abs(stiffness.pWave / c[0] - 1) < 0.03, `M ${stiffness.pWave} vs C11 ${c[0]}`);
  assert.ok(stiffness.atom > 0);
});

test('KA glass (N = 500) under a shear of 1e-5: the preconditioned relaxation reaches the minimum the plain one does', () => {
  const model = kobAndersen();
  const state = buildSample({ n: 500, composition: model.composition, masses: [1, 1], typeNames: ['A', 'B'], density: model.density, placement: 'random' }, createRng(9));
  const ff = () => createForceField(new LennardJones(model), 0.3);
  minimize(state, ff(), { method: 'lbfgs', ftol: 1e-10 });
  const relaxed = (precondition: 'none' | 'elastic') => {
    const s = cloneState(state);
    deformBox(s.box, strainedBox(state.box, 5, 1e-5), s.x);
    const r = minimize(s, ff(), { method: 'lbfgs', ftol: 1e-10, precondition });
    assert.is(r.reason, 'ftol');
    return { x: unwrap(s.box, s.x, s.image), r };
  };
  const plain = relaxed('none'), elastic = relaxed('elastic');
  let dx = 0;
  for (let k = 0; k < plain.x.length; k++) dx = Math.max(dx, Math.abs(plain.x[k] - elastic.x[k]));
  // Within the convergence of the softest modes (measured 3e-7); a jump to another minimum moves atoms by 1e-3 or more.
  assert.ok(dx < 1e-5, `positions differ by ${dx}`);
  assert.ok(Math.abs(plain.r.energy - elastic.r.energy) < 1e-9 * Math.abs(plain.r.energy));
  // Measured: plain 191 iterations, elastic 82.
  assert.ok(elastic.r.iterations < plain.r.iterations / 2, `${elastic.r.iterations} vs ${plain.r.iterations}`);
});

test('local blocks: the solve of each cell inverts the Hessian among its atoms with the rest held (central differences of the forces)', () => {
  const model = kobAndersen();
  const state = buildSample({ n: 300, composition: model.composition, masses: [1, 1], typeNames: ['A', 'B'], density: model.density, placement: 'random' }, createRng(4));
  const ff = createForceField(new LennardJones(model), 0.3);
  minimize(state, ff, { method: 'lbfgs', ftol: 1e-10 });
  const surface = new EnergySurface(state, ff);
  surface.evaluate();
  const blocks = localBlocks(state, ff.nlist, (a, b) => ff.potential.cutoff(a, b), ff.potential.pairCurvature!.bind(ff.potential), 2.2, 300);
  assert.ok(blocks.cells.length >= 8);
  assert.is(blocks.shifted, 0);
  // Measured: |Hz - r| about 1e-7 of |r| (f32 factors, central differences).

  const X = surface.current();
  for (const c of [0, 3, blocks.cells.length - 1]) {
    const atoms = blocks.cells[c];
    const r = new Float64Array(3 * state.n);
    const shake = randomVector(3 * atoms.length, 20 + c);
    atoms.forEach((a, k) => r.set(shake.subarray(3 * k, 3 * k + 3), 3 * a));
    const z = new Float64Array(3 * state.n);
    applyBlocks(blocks, r, z);
    // H z on the cell's atoms, z being zero elsewhere: -(F(X + εz) - F(X - εz)) / 2ε.
    const eps = 1e-5, fp = new Float64Array(3 * state.n), fm = new Float64Array(3 * state.n);
    surface.forces(X.map((x, k) => x + eps * z[k]), fp);
    surface.forces(X.map((x, k) => x - eps * z[k]), fm);
    let err = 0, size = 0;
    for (const a of atoms) {
      for (let d = 0; d < 3; d++) {
        const hz = -(fp[3 * a + d] - fm[3 * a + d]) / (2 * eps);
        err = Math.max(err, Math.abs(hz - r[3 * a + d]));
        size = Math.max(size, Math.abs(r[3 * a + d]));
      }
    }
    assert.ok(err < 1e-5 * size, `cell ${c} (${atoms.length} atoms): |Hz - r| ${err} of ${size}`);
  }
});

test('precondition: other than none or elastic, or with a minimizer other than lbfgs, is an InputError', () => {
  const s = shakenFcc(4);
  const ff = createForceField(new LennardJones(ljSingle()), 0.3);
  assert.throws(() => minimize(s, ff, { method: 'cg', precondition: 'elastic' }), (e: unknown) => e instanceof InputError && /needs method lbfgs/.test(e.message));
  assert.throws(() => minimize(s, ff, { method: 'lbfgs', precondition: 'multigrid' as 'elastic' }), (e: unknown) => e instanceof InputError && /precondition must be one of none, elastic/.test(e.message));
});

test.run();
