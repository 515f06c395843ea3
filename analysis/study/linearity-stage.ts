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
import { COLUMNS, correlations, sampleRows, type Correlation, type GlassAnalysis } from './results.js';
import type { Decision } from './decision.js';

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

export interface LinearitySummary {
  samples: LinearitySampleRow[];
  /** The decision's correlation again over the glasses whose check found no voxel off (null when none is left), and how many were left out. */
  without_off: { excluded: number; correlation: Correlation | null };
}

export function linearitySummary(members: GlassAnalysis[], samples: string[], decision: Decision): LinearitySummary | null {
  if (!members.some((m) => m.linearity)) return null;
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  const rows = samples.map((sample) => {
    const own = members.filter((m) => m.sample === sample);
    const checked = own.flatMap((m) => (m.linearity ? [m.linearity] : []));
    return {
      sample, glasses: own.length, checked: checked.length, glasses_off: checked.filter((c) => c.voxels_off > 0).length,
      voxels_off: checked.reduce((a, c) => a + c.voxels_off, 0),
      G_width: mean(checked.map((c) => c.G_width)), G_width_small_delta: mean(checked.map((c) => c.G_width_small_delta)),
    };
  });
  const kept = members.filter((m) => !m.linearity || m.linearity.voxels_off === 0);
  const measure = COLUMNS.find((c) => c.key === decision.measure)!;
  const correlation = kept.length > 2 ? correlations(kept, sampleRows(kept, samples, decision.level), decision, undefined, [measure])[0] : null;
  return { samples: rows, without_off: { excluded: members.length - kept.length, correlation } };
}
