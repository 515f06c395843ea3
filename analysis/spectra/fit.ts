/**
 * Phase and amplitude of a periodic stress response: s(t) = s0 + s1 (t - t̄) + a sin ωt + b cos ωt
 * fitted by linear least squares over whole cycles (4x4 normal equations). The linear term takes up
 * a slow drift of the mean stress (an ageing glass, a barostat settling), which would otherwise leak
 * into a and b. With s = s0 + sA sin(ωt + δ): a = sA cos δ, b = sA sin δ, hence for a strain
 * e0 sin ωt the storage modulus E' = a / e0 and the loss modulus E'' = b / e0.
 */
import { InputError } from '../../sim/errors.js';
import { solveDense } from '../../sim/linalg.js';

export interface SineFit {
  offset: number;
  /** In-phase and out-of-phase coefficients a, b. */
  inPhase: number;
  outOfPhase: number;
  amplitude: number;
  /** δ in radians, in (-π, π]. */
  phase: number;
}

/** Least-squares fit of s0 + s1 (t - t̄) + a sin ωt + b cos ωt to samples (t_k, s_k). */
export function fitSine(t: ArrayLike<number>, s: ArrayLike<number>, omega: number): SineFit {
  const n = t.length;
  if (n < 4 || s.length !== n) throw new InputError(`a sine fit needs at least 4 samples of (t, s), got ${n}`);
  let tMean = 0;
  for (let k = 0; k < n; k++) tMean += t[k] / n;
  // Normal equations M p = r for p = (s0, s1, a, b).
  const M = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  const r = [0, 0, 0, 0];
  for (let k = 0; k < n; k++) {
    const basis = [1, t[k] - tMean, Math.sin(omega * t[k]), Math.cos(omega * t[k])];
    for (let i = 0; i < 4; i++) {
      r[i] += basis[i] * s[k];
      for (let j = 0; j < 4; j++) M[i][j] += basis[i] * basis[j];
    }
  }
  const [s0, , a, b] = solveLinear(M, r);
  return { offset: s0, inPhase: a, outOfPhase: b, amplitude: Math.hypot(a, b), phase: Math.atan2(b, a) };
}

/** Least-squares normal equations solved densely; a singular system is a user-input problem here. */
export function solveLinear(m: number[][], rhs: number[]): number[] {
  const x = solveDense(m, rhs);
  if (!x) throw new InputError('least-squares fit: the samples do not determine the parameters (too few, or all alike)');
  return x;
}

export interface Moduli {
  storage: number;
  loss: number;
  tanDelta: number;
  /** Phase lag δ in degrees. */
  phaseDeg: number;
  /** Standard errors from the cycle-to-cycle scatter (0 with a single cycle). */
  storageErr: number;
  lossErr: number;
  tanDeltaErr: number;
  phaseDegErr: number;
  /** One fit per cycle. */
  cycles: { storage: number; loss: number }[];
}

/** Fitted moduli as result files write them, with their cycle-scatter errors. */
export interface ModuliRecord {
  storage: number;
  storage_err: number;
  loss: number;
  loss_err: number;
  tan_delta: number;
  tan_delta_err: number;
}

/** A fit's moduli for a result file, the moduli and their errors multiplied by `factor` (a unit conversion). */
export function moduliRecord(m: Moduli, factor = 1): ModuliRecord {
  return {
    storage: m.storage * factor, storage_err: m.storageErr * factor, loss: m.loss * factor, loss_err: m.lossErr * factor,
    tan_delta: m.tanDelta, tan_delta_err: m.tanDeltaErr,
  };
}

function meanAndError(values: number[]): [number, number] {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return [mean, 0];
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return [mean, Math.sqrt(variance / n)];
}

/**
 * E' and E'' from a stress record under the strain e0 sin(2πt/P): one fit over all whole cycles
 * after `skipCycles` transient ones gives the values, fits of each cycle alone give the scatter
 * (standard error of the mean over cycles). t is the time since the oscillation began; cycle c
 * holds the samples with cP < t <= (c+1)P.
 */
export function dynamicModuli(
  t: ArrayLike<number>, stress: ArrayLike<number>, strainAmplitude: number, period: number, skipCycles: number,
): Moduli {
  if (!(strainAmplitude > 0 && period > 0)) throw new InputError('dynamic moduli need a strain amplitude > 0 and a period > 0');
  const omega = (2 * Math.PI) / period;
  const tEnd = t[t.length - 1];
  const nCycles = Math.floor(tEnd / period + 1e-9);
  if (nCycles - skipCycles < 1) throw new InputError(`the record holds ${nCycles} whole cycles; ${skipCycles} transient cycles leave none to fit`);
  const pick = (c0: number, c1: number) => {
    const ts: number[] = [];
    const ss: number[] = [];
    for (let k = 0; k < t.length; k++) {
      // Cycles are half-open, (c0 P, c1 P]: each sample belongs to exactly one cycle.
      if (t[k] > (c0 + 1e-9) * period && t[k] <= (c1 + 1e-9) * period) {
        ts.push(t[k]);
        ss.push(stress[k]);
      }
    }
    return fitSine(ts, ss, omega);
  };
  const all = pick(skipCycles, nCycles);
  const cycles: { storage: number; loss: number }[] = [];
  for (let c = skipCycles; c < nCycles; c++) {
    const f = pick(c, c + 1);
    cycles.push({ storage: f.inPhase / strainAmplitude, loss: f.outOfPhase / strainAmplitude });
  }
  const storage = all.inPhase / strainAmplitude;
  const loss = all.outOfPhase / strainAmplitude;
  const [, storageErr] = meanAndError(cycles.map((c) => c.storage));
  const [, lossErr] = meanAndError(cycles.map((c) => c.loss));
  const tanDelta = loss / storage;
  // First-order propagation of the scatter to tan δ and δ.
  const tanDeltaErr = Math.abs(tanDelta) * Math.hypot(lossErr / (loss || 1e-300), storageErr / (storage || 1e-300));
  const phaseDegErr = ((180 / Math.PI) * Math.hypot(storage * lossErr, loss * storageErr)) / (storage ** 2 + loss ** 2);
  return {
    storage, loss, tanDelta, phaseDeg: (Math.atan2(loss, storage) * 180) / Math.PI,
    storageErr, lossErr, tanDeltaErr: Number.isFinite(tanDeltaErr) ? tanDeltaErr : 0, phaseDegErr, cycles,
  };
}
