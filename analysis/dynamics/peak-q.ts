/**
 * q* for F_s: the first peak of the partial S(q) of one type with itself (for Kob–Andersen A–A,
 * q* ≈ 7.2 σ⁻¹), computed directly on the box's q-vectors of the trajectory's sample frames.
 * The peak is searched above π ρ^(1/3) (half the 2π/d of the mean spacing d), in bins a quarter of
 * the box's reciprocal spacing wide.
 */
import { InputError } from '../../sim/errors.js';
import { boxVolume, perpendicularWidths } from '../../sim/box.js';
import { directStructureFactors } from '../structure/direct-sq.js';
import { mainPeak } from '../structure/sq-report.js';
import type { Trajectory } from './trajectory.js';

export function firstPeakQ(tr: Trajectory, type = 1): number {
  const rho = tr.type.length / boxVolume(tr.box);
  const qmin = Math.PI * Math.cbrt(rho);
  const dq = (2 * Math.PI) / Math.max(...perpendicularWidths(tr.box)) / 4;
  const sq = directStructureFactors(tr.samples, { qmax: 4 * qmin, dq, maxPerBin: 500 });
  const S = sq.S[`${type}-${type}`];
  if (!S) throw new InputError(`${tr.file}: no atoms of type ${type} for S(q)`);
  const peak = mainPeak(sq.q, S, qmin);
  if (peak === null) throw new InputError(`${tr.file}: no S(q) peak found above q = ${qmin.toFixed(3)}; give --q`);
  return peak;
}
