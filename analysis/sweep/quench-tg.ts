/**
 * Tg of a sweep member from its cooling curve: E(T) under NVT (the volume is fixed), V(T) under
 * NPT, against the target temperature (analysis/glass-transition.ts: two lines and their crossing).
 */
import { readCsvColumns } from '../../sim/io/csv-units.js';
import type { SweepConfig } from '../../sim/protocols/sweep-config.js';
import { fitGlassTransition, type GlassTransition } from '../glass-transition.js';

/**
 * The fit on the cooling part of a member's protocol. The first five damping times of the ramp
 * (thermostat, or barostat when slower) are left out: the system lags behind the target there.
 */
export function fitQuenchTg(targetT: number[], y: number[], c: SweepConfig): GlassTransition | null {
  const rate = (c.quench.rates as number[])[0];
  const damp = Math.max(c.thermostat.damp ?? 100 * c.dt, c.ensemble === 'npt' ? c.barostat?.pdamp ?? 0 : 0);
  const skip = 5 * damp * rate;
  const keep = targetT.map((t) => Math.abs(t - c.quench.T_start) >= skip);
  const pick = (v: number[]) => v.filter((_, k) => keep[k]);
  return fitGlassTransition(pick(targetT), pick(y), { glass: c.tg.glass, liquid: c.tg.liquid });
}

/** A member's cooling curve from its quench.csv (step,T_target,T,PE,volume,P): E(T) under NVT, V(T) under NPT. */
export function coolingCurve(file: string, c: SweepConfig): { T: number[]; y: number[]; from: 'energy' | 'volume' } {
  const from = c.ensemble === 'npt' ? 'volume' : 'energy';
  const t = readCsvColumns(file, ['T_target', from === 'energy' ? 'PE' : 'volume']);
  return { T: t.T_target, y: from === 'energy' ? t.PE : t.volume, from };
}

/** Tg from a member's quench.csv. */
export function quenchGlassTransition(file: string, c: SweepConfig): (GlassTransition & { from: 'energy' | 'volume' }) | null {
  const { T, y, from } = coolingCurve(file, c);
  const fit = fitQuenchTg(T, y, c);
  return fit ? { ...fit, from } : null;
}

/**
 * Tg of several quenches by one protocol (seeds of one sample): the fit of their cooling curves
 * averaged point by point, whose noise is 1/√n of one curve's. Null when the curves do not share
 * their temperature points or the fit fails.
 */
export function pooledGlassTransition(files: string[], c: SweepConfig): GlassTransition | null {
  const curves = files.map((f) => coolingCurve(f, c));
  const T = curves[0]?.T;
  if (!T || curves.some((k) => k.T.length !== T.length || k.T.some((t, i) => t !== T[i]))) return null;
  const mean = T.map((_, i) => curves.reduce((a, k) => a + k.y[i], 0) / curves.length);
  return fitQuenchTg(T, mean, c);
}
