/**
 * The study's structure stage (analysis/study/structure-stage.ts): on a small KA glass it runs on
 * the heterogeneity stage's grid with the same voxel assignment and its voxel volumes add up to the
 * box; an fcc lattice has no icosahedra; a lattice dilated along x by a sine has large cells where a
 * synthetic G is low: ρ(G, volume) < 0 and the soft zones have the excess volume (and the reverse).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createForceField } from '../sim/forces.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { createState, type State } from '../sim/state.js';
import { boxVolume } from '../sim/box.js';
import { LJ_UNITS } from '../sim/units.js';
import { minimize } from '../landscape/minimize/index.js';
import { heterogeneityStage, type HeterogeneitySettings } from '../analysis/study/stages.js';
import { structureStage, voxelStructure, type StructureResult } from '../analysis/study/structure-stage.js';

/** Σ over voxels of atoms × mean volume. */
const voxelVolumeSum = (r: StructureResult) => r.voxels.atoms.reduce((a, n, v) => a + n * (r.voxels.volume[v] ?? 0), 0);

test('KA glass: the stage runs on the moduli grid, same voxel assignment, voxel volumes add up to the box', () => {
  const model = kobAndersen();
  const state = buildSample({ n: 300, composition: model.composition, masses: [1, 1], typeNames: ['A', 'B'], density: model.density, placement: 'random' }, createRng(3));
  const ff = createForceField(new LennardJones(model), 0.3);
  minimize(state, ff, { method: 'lbfgs', ftol: 1e-6 });
  const L = state.box.lx;
  const settings: HeterogeneitySettings = { voxel: L / 3, voxel_scan: [], delta: 1e-5, ftol: 1e-9, soft_percentile: 20 };
  const { moduli } = heterogeneityStage(state, ff, LJ_UNITS, settings, 'test');
  const r = structureStage(state, ff, LJ_UNITS, settings, moduli);
  assert.equal(r.grid, [3, 3, 3]);
  assert.is(r.reassigned_atoms, 0);
  assert.equal(r.voxels.atoms, moduli.fields.atoms);
  const V = boxVolume(state.box);
  assert.ok(Math.abs(voxelVolumeSum(r) / V - 1) < 1e-12, `voxel volumes ${voxelVolumeSum(r)} vs box ${V}`);
  assert.ok(r.volume_closure < 1e-12);
  assert.ok(Math.abs(r.mean_volume - V / 300) < 1e-12 * V);
  const positive = moduli.fields.G.filter((g) => g !== null && g > 0).length;
  assert.is(r.voxels_used, positive);
  assert.is(r.soft.voxels + r.rest.voxels, positive);
  assert.ok(r.soft.voxels >= 1 && r.rest.voxels >= 1);
  for (const rho of [r.rho_G_volume, r.rho_G_icosahedral]) assert.ok(rho === null || Math.abs(rho) <= 1);
  assert.ok(r.icosahedral_fraction >= 0 && r.icosahedral_fraction < 1);
});

/** fcc, 6 × 6 × 6 cubic cells of edge a, each atom's x moved to x + ε (L / 2π) sin(2π x / L). */
function fcc(a: number, eps: number): State {
  const m = 6, L = m * a;
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const s = createState(4 * m ** 3, { xlo: 0, ylo: 0, zlo: 0, lx: L, ly: L, lz: L, xy: 0, xz: 0, yz: 0 }, [1]);
  let i = 0;
  for (let ix = 0; ix < m; ix++) for (let iy = 0; iy < m; iy++) for (let iz = 0; iz < m; iz++) {
    for (const b of basis) {
      const x = (ix + b[0] + 0.25) * a;
      s.x[3 * i] = x + (eps * L / (2 * Math.PI)) * Math.sin((2 * Math.PI * x) / L);
      s.x[3 * i + 1] = (iy + b[1] + 0.25) * a;
      s.x[3 * i + 2] = (iz + b[2] + 0.25) * a;
      i++;
    }
  }
  return s;
}

test('fcc: no icosahedra, every voxel a³/4 per atom', () => {
  const a = 1.6;
  const r = voxelStructure(fcc(a, 0), a, Array.from({ length: 216 }, (_, v) => 1 + v), 10);
  assert.is(r.icosahedral_fraction, 0);
  assert.ok(r.voxels.icosahedral.every((f) => f === 0));
  assert.ok(r.voxels.volume.every((v) => v !== null && Math.abs(v - a ** 3 / 4) < 1e-12));
  assert.is(r.soft_icosahedral_difference, 0);
});

test('correlation sign: G low where the sine dilates the lattice gives ρ(G, volume) < 0 and a soft-zone volume excess; the reverse G the reverse', () => {
  const a = 1.6, L = 6 * a;
  const s = fcc(a, 0.3);
  // Cells are largest where d x'/dx = 1 + 0.3 cos(2π x / L) is largest: around x = 0.
  const cosAt = (v: number) => Math.cos((2 * Math.PI * ((v % 6) + 0.5)) / 6);
  const soft = voxelStructure(s, a, Array.from({ length: 216 }, (_, v) => 2 - cosAt(v)), 40);
  assert.equal(soft.grid, [6, 6, 6]);
  assert.ok(soft.rho_G_volume! < -0.9, `ρ = ${soft.rho_G_volume}`);
  assert.ok(soft.soft_volume_excess > 0.05 * soft.mean_volume, `excess ${soft.soft_volume_excess}`);
  assert.ok(Math.abs(voxelVolumeSum(soft) - L ** 3) < 1e-9);
  const stiff = voxelStructure(s, a, Array.from({ length: 216 }, (_, v) => 2 + cosAt(v)), 40);
  assert.ok(stiff.rho_G_volume! > 0.9, `ρ = ${stiff.rho_G_volume}`);
  assert.ok(stiff.soft_volume_excess < -0.05 * stiff.mean_volume, `excess ${stiff.soft_volume_excess}`);
  // G ≤ 0 voxels are left out, as in the heterogeneity stage.
  const masked = voxelStructure(s, a, Array.from({ length: 216 }, (_, v) => (v === 5 ? -1 : 2 - cosAt(v))), 20);
  assert.is(masked.voxels_used, 215, `used ${masked.voxels_used}, atoms ${masked.voxels.atoms.filter((n) => n === 0).length} empty`);
  assert.is(masked.voxels.G[5], null);
});

test.run();
