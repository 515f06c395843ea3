/**
 * The structure stage of a study glass: its local structure on the voxel grid of its local moduli
 * (moduli.json) and how it goes with the local shear modulus G.
 *
 * The IS is relaxed exactly as the heterogeneity stage relaxes its reference (same minimizer and
 * force tolerance), so each atom falls into the same voxel (analysis/heterogeneity/voxels.ts). The
 * plain Voronoi tessellation of that reference (analysis/structure/voronoi.ts; the `voronoi`
 * command's default: no radii) gives each atom its cell volume and index; per voxel:
 *
 *   volume      = mean cell volume of the voxel's atoms (Σ over voxels of atoms × volume = V_box),
 *   icosahedral = fraction of the voxel's atoms (all types) with index ⟨0,0,12,0⟩ and 12 faces.
 *
 * Over the voxels with G > 0 and atoms (the heterogeneity stage leaves G ≤ 0 out): Spearman ρ of G
 * with each, and soft zones (G below the soft_percentile-th percentile of those voxels, the
 * heterogeneity stage's threshold) against the rest: voxel means of each field and their difference.
 */
import { cloneState, ntypes, type State } from '../../sim/state.js';
import { createForceField, type ForceField } from '../../sim/forces.js';
import type { Units } from '../../sim/units.js';
import { minimize } from '../../landscape/minimize/index.js';
import { minimizerOptions } from '../heterogeneity/local-elasticity.js';
import { voxelCount, voxelGrid } from '../heterogeneity/voxels.js';
import { percentileSorted } from '../heterogeneity/statistics.js';
import type { ModuliFile } from '../heterogeneity/report.js';
import { InputError } from '../../sim/errors.js';
import { MAX_EDGES, voronoiTessellation } from '../structure/voronoi.js';
import { spearman } from './statistics.js';
import { HETEROGENEITY_MINIMIZER, type HeterogeneitySettings } from './stages.js';

/**
 * The tessellation (part of the stage's settings key): plain Voronoi; faces below 1 % of the cell's
 * surface are not counted in the index, so that near-degenerate faces do not hide icosahedra.
 */
export const STRUCTURE_TESSELLATION = { radii: null, face_area_fraction: 0.01, min_edge: 0 } as const;

export interface StructureGroup {
  voxels: number;
  /** Voxel means of the voxels' mean Voronoi volume and icosahedral fraction. */
  volume: number;
  icosahedral: number;
}

export interface StructureResult {
  grid: [number, number, number];
  /** Of which atoms a voxel's icosahedral fraction is taken. */
  icosahedral_of: 'all atoms';
  /** |Σ cell volumes / box volume − 1| (rounding only). */
  volume_closure: number;
  /** Over all atoms. */
  mean_volume: number;
  icosahedral_fraction: number;
  /** Atoms in another voxel than moduli.json counts there (half the summed count differences; 0 expected: the same reference). */
  reassigned_atoms: number;
  /** Voxels used: G > 0 and at least one atom. */
  voxels_used: number;
  /** Spearman ρ over the used voxels of G with the voxel's mean Voronoi volume and icosahedral fraction (null below 3 voxels or a constant field). */
  rho_G_volume: number | null;
  rho_G_icosahedral: number | null;
  /** G threshold of the soft zones, and the soft voxels against the rest (used voxels only). */
  soft_threshold: number;
  soft: StructureGroup;
  rest: StructureGroup;
  /** soft − rest. */
  soft_volume_excess: number;
  soft_icosahedral_difference: number;
  /** Per voxel, index (iz·ny + iy)·nx + ix; null where the voxel has no atoms (G: null where ≤ 0). */
  voxels: { G: (number | null)[]; atoms: number[]; volume: (number | null)[]; icosahedral: (number | null)[] };
}

/** The heterogeneity stage's reference: the IS relaxed by the same minimizer (so each atom falls in the voxel the map puts it in). */
export function heterogeneityReference(is: State, ff: ForceField, units: Units, ftol: number): State {
  const ref = cloneState(is);
  minimize(ref, createForceField(ff.potential, ff.nlist.skin), minimizerOptions({ method: HETEROGENEITY_MINIMIZER, ftol, units }));
  return ref;
}

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Per-voxel structure of an already relaxed reference on `voxel`'s grid (G from moduli.json on the same grid). */
export function voxelStructure(ref: State, voxel: number, G: ArrayLike<number | null>, softPercentile: number, moduliAtoms?: ArrayLike<number>): StructureResult {
  const grid = voxelGrid(ref, voxel);
  const nv = voxelCount(grid);
  if (G.length !== nv) throw new InputError(`moduli.json: G has ${G.length} voxels, the structure grid ${grid.nx}×${grid.ny}×${grid.nz} has ${nv}; rerun the heterogeneity stage`);
  const t = voronoiTessellation({ box: ref.box, x: ref.x, type: ref.type, ntypes: ntypes(ref) }, { faceAreaFraction: STRUCTURE_TESSELLATION.face_area_fraction, minEdgeLength: STRUCTURE_TESSELLATION.min_edge });
  const volumeSum = new Float64Array(nv), icoCount = new Float64Array(nv);
  let total = 0, ico = 0;
  for (let i = 0; i < ref.n; i++) {
    const v = grid.voxelOf[i];
    const isIco = t.faces[i] === 12 && t.edgeHistogram[i * MAX_EDGES + 5] === 12 ? 1 : 0;
    volumeSum[v] += t.volume[i];
    icoCount[v] += isIco;
    total += t.volume[i];
    ico += isIco;
  }
  const atoms = Array.from(grid.atoms);
  const reassigned = moduliAtoms ? atoms.reduce((a, n, v) => a + Math.abs(n - moduliAtoms[v]), 0) / 2 : 0;
  const volume = atoms.map((a, v) => (a > 0 ? volumeSum[v] / a : null));
  const icosahedral = atoms.map((a, v) => (a > 0 ? icoCount[v] / a : null));
  const Gv = Array.from(G, (g) => (g !== null && g > 0 ? g : null));
  const used = Gv.flatMap((g, v) => (g !== null && atoms[v] > 0 ? [v] : []));
  const gUsed = used.map((v) => Gv[v]!);
  const rho = (f: (number | null)[]) => (used.length >= 3 ? finiteOrNull(spearman(gUsed, used.map((v) => f[v]!))) : null);
  const threshold = percentileSorted(Float64Array.from(Array.from(G, (g) => (g !== null && g > 0 ? g : NaN))).filter(Number.isFinite).sort(), softPercentile);
  const group = (vs: number[]): StructureGroup => ({ voxels: vs.length, volume: mean(vs.map((v) => volume[v]!)), icosahedral: mean(vs.map((v) => icosahedral[v]!)) });
  const soft = group(used.filter((v) => Gv[v]! < threshold));
  const rest = group(used.filter((v) => Gv[v]! >= threshold));
  return {
    grid: [grid.nx, grid.ny, grid.nz], icosahedral_of: 'all atoms',
    volume_closure: Math.abs(total / t.boxVolume - 1), mean_volume: total / ref.n, icosahedral_fraction: ico / ref.n,
    reassigned_atoms: reassigned, voxels_used: used.length, rho_G_volume: rho(volume), rho_G_icosahedral: rho(icosahedral),
    soft_threshold: threshold, soft, rest,
    soft_volume_excess: soft.volume - rest.volume, soft_icosahedral_difference: soft.icosahedral - rest.icosahedral,
    voxels: { G: Gv, atoms, volume, icosahedral },
  };
}

/** The structure stage of a glass: its IS relaxed as for the local moduli, on the moduli's grid. */
export function structureStage(is: State, ff: ForceField, units: Units, o: HeterogeneitySettings, moduli: ModuliFile): StructureResult {
  const ref = heterogeneityReference(is, ff, units, o.ftol);
  return voxelStructure(ref, o.voxel, moduli.fields.G, o.soft_percentile, moduli.fields.atoms);
}
