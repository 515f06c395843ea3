/**
 * Single-particle dynamics of a trajectory, averaged over atoms and time origins:
 *   MSD(t)     = ⟨|r_i(t0 + t) − r_i(t0)|²⟩
 *   F_s(q, t)  = ⟨sin(q Δr_i) / (q Δr_i)⟩, Δr_i = |r_i(t0 + t) − r_i(t0)|,
 * the self-intermediate scattering function ⟨exp(i q·Δr)⟩ averaged over the directions of q
 * (exactly, for an isotropic liquid), per type and for all atoms. For Gaussian displacements
 * F_s = exp(−q² MSD / 6).
 */
import { InputError } from '../../sim/errors.js';
import type { Trajectory } from './trajectory.js';

export interface SelfDynamics {
  q: number;
  /** Lag times: 0, Δt, 2Δt, … */
  t: Float64Array;
  /** Keyed 'all' and by type number ('1', '2', …). */
  msd: Record<string, Float64Array>;
  fs: Record<string, Float64Array>;
  /** Time origins averaged at each lag. */
  origins: Int32Array;
}

export interface SelfDynamicsOptions {
  /** Longest lag, in frames (default: all, frames − 1). */
  maxLag?: number;
  /** A time origin every this many frames (default 1). */
  originEvery?: number;
}

export function selfDynamics(tr: Trajectory, q: number, o: SelfDynamicsOptions = {}): SelfDynamics {
  if (!(Number.isFinite(q) && q > 0)) throw new InputError(`--q: must be a number > 0, got ${q}`);
  const nf = tr.positions.length;
  const maxLag = Math.min(o.maxLag ?? nf - 1, nf - 1);
  const originEvery = o.originEvery ?? 1;
  if (!(Number.isInteger(originEvery) && originEvery > 0)) throw new InputError(`--origin-every: must be a whole number > 0, got ${originEvery}`);
  const n = tr.type.length;
  const keys = ['all', ...Array.from({ length: tr.ntypes }, (_, k) => String(k + 1))];
  const count = new Float64Array(tr.ntypes);
  for (let i = 0; i < n; i++) count[tr.type[i]]++;
  const t = Float64Array.from({ length: maxLag + 1 }, (_, k) => tr.time[k] - tr.time[0]);
  const msd = Object.fromEntries(keys.map((k) => [k, new Float64Array(maxLag + 1)]));
  const fs = Object.fromEntries(keys.map((k) => [k, new Float64Array(maxLag + 1)]));
  const origins = new Int32Array(maxLag + 1);
  const sumD2 = new Float64Array(tr.ntypes), sumF = new Float64Array(tr.ntypes);
  for (let lag = 0; lag <= maxLag; lag++) {
    sumD2.fill(0);
    sumF.fill(0);
    for (let t0 = 0; t0 + lag < nf; t0 += originEvery) {
      const a = tr.positions[t0], b = tr.positions[t0 + lag];
      for (let i = 0; i < n; i++) {
        const dx = b[3 * i] - a[3 * i], dy = b[3 * i + 1] - a[3 * i + 1], dz = b[3 * i + 2] - a[3 * i + 2];
        const d2 = dx * dx + dy * dy + dz * dz;
        const qr = q * Math.sqrt(d2);
        const ty = tr.type[i];
        sumD2[ty] += d2;
        sumF[ty] += qr < 1e-6 ? 1 - (qr * qr) / 6 : Math.sin(qr) / qr;
      }
      origins[lag]++;
    }
    let d2All = 0, fAll = 0;
    for (let ty = 0; ty < tr.ntypes; ty++) {
      const norm = count[ty] * origins[lag];
      msd[String(ty + 1)][lag] = norm > 0 ? sumD2[ty] / norm : NaN;
      fs[String(ty + 1)][lag] = norm > 0 ? sumF[ty] / norm : NaN;
      d2All += sumD2[ty];
      fAll += sumF[ty];
    }
    msd.all[lag] = d2All / (n * origins[lag]);
    fs.all[lag] = fAll / (n * origins[lag]);
  }
  return { q, t, msd, fs, origins };
}
