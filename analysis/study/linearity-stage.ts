/**
 * Exploratory, not part of the decision rules (added after the full study's run began): is the
 * heterogeneity stage's strain δ in the linear regime for this glass? The stage's 12 relaxations
 * again at δ/10 from the same inherent structure (the same reference, bit for bit), each voxel's G
 * compared with moduli.json's (heterogeneity/linearity.ts), and the width of G at δ/10 beside the
 * one at δ, so that the study's heterogeneity measure can be read with and without the glasses an
 * atom's jump has spoiled.
 */
import type { State } from '../../sim/state.js';
import type { ForceField } from '../../sim/forces.js';
import type { Units } from '../../sim/units.js';
import { localElasticity } from '../heterogeneity/local-elasticity.js';
import { compareAmplitudes, LINEARITY_TOLERANCE } from '../heterogeneity/linearity.js';
import type { ModuliFile } from '../heterogeneity/report.js';
import { HETEROGENEITY_MINIMIZER, shearModulusStatistics, type HeterogeneitySettings } from './stages.js';

export interface LinearityResult {
  delta: number;
  small_delta: number;
  voxels: number;
  /** Voxels whose G moved by more than `tolerance` × the mean G at δ/10, the largest move, and the box G's. */
  voxels_off: number;
  tolerance: number;
  largest_shift: number;
  global_shift: number;
  /** Relative width of G (voxels with G <= 0 left out, as the heterogeneity stage does) at δ and at δ/10, and those left out at δ/10. */
  G_width: number;
  G_width_small_delta: number;
  negative_voxels_small_delta: number;
}

export function linearityStage(is: State, ff: ForceField, units: Units, o: HeterogeneitySettings, moduli: ModuliFile): LinearityResult {
  const small = localElasticity(is, ff, { voxel: o.voxel, delta: o.delta / 10, ftol: o.ftol, method: HETEROGENEITY_MINIMIZER, units });
  const atDelta = { delta: moduli.delta, localModuli: { G: moduli.fields.G.map((g) => g ?? NaN) }, globalModuli: { G: moduli.global.G } };
  const check = compareAmplitudes(atDelta, small);
  const g = moduli.grid;
  const dims: [number, number, number] = [g.nx, g.ny, g.nz];
  const width = (G: ArrayLike<number>) => shearModulusStatistics(Float64Array.from(G), dims, g.cell, o.soft_percentile);
  const fine = width(small.localModuli.G);
  return {
    delta: check.delta, small_delta: check.smallDelta, voxels: check.off.length, voxels_off: check.offCount, tolerance: LINEARITY_TOLERANCE,
    largest_shift: check.largestShift, global_shift: check.globalShift,
    G_width: width(atDelta.localModuli.G).stats.summary.relativeWidth,
    G_width_small_delta: fine.stats.summary.relativeWidth, negative_voxels_small_delta: fine.negative,
  };
}

/** Per sample: glasses checked, those with voxels off, and the mean width of G at δ and δ/10 over the checked glasses. */
export interface LinearitySampleRow {
  sample: string;
  glasses: number;
  checked: number;
  glasses_off: number;
  voxels_off: number;
  G_width: number;
  G_width_small_delta: number;
}

/** Per sample: the rows above, over the members that carry a `linearity` result. */
export function linearityRows(members: { sample: string; linearity?: LinearityResult }[], samples: string[]): LinearitySampleRow[] {
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  return samples.map((sample) => {
    const own = members.filter((m) => m.sample === sample);
    const checked = own.flatMap((m) => (m.linearity ? [m.linearity] : []));
    return {
      sample, glasses: own.length, checked: checked.length, glasses_off: checked.filter((c) => c.voxels_off > 0).length,
      voxels_off: checked.reduce((a, c) => a + c.voxels_off, 0),
      G_width: mean(checked.map((c) => c.G_width)), G_width_small_delta: mean(checked.map((c) => c.G_width_small_delta)),
    };
  });
}
