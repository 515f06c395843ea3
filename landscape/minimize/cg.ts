/**
 * Polak–Ribière conjugate gradient with the "+" restart (beta = max(0, beta_PR); Polak & Ribière,
 * Rev. Fr. Inform. Rech. Oper. 16, 35 (1969); Gilbert & Nocedal, SIAM J. Optim. 2, 21 (1992)), as
 * LAMMPS `min_style cg`: beta = max(0, F·(F - F_prev) / F_prev·F_prev), a steepest-descent restart
 * every 3N iterations and whenever the new direction is not downhill, and the quadratic line search
 * of LAMMPS (linesearch.ts). Unlike LAMMPS, a failed line search along a conjugate direction is
 * retried once along the force before giving up.
 */
import type { EnergySurface } from '../energy-surface.js';
import { createLineFrame } from './line-frame.js';
import { lineMinQuadratic } from './linesearch.js';
import { energyConverged, forceConverged, type MethodOutcome, type ResolvedOptions } from './types.js';
import { dot } from '../vec.js';

export function runCG(surface: EnergySurface, opts: ResolvedOptions, e0: number): MethodOutcome {
  const { state } = surface;
  const f = state.f;
  const frame = createLineFrame(state.n);
  const h = frame.h;
  // g: the force at the previous iterate.
  const g = f.slice();
  h.set(f);
  let gg = dot(f, f);
  let energy = e0;
  let steepest = true;
  const restartEvery = Math.max(1, 3 * state.n);

  for (let iter = 1; iter <= opts.maxIterations; iter++) {
    const ePrev = energy;
    const ls = lineMinQuadratic(surface, frame, energy, opts.maxDisplacement);
    energy = ls.energy;
    if (ls.status !== 'ok') {
      if (steepest || ls.status === 'zero-direction') return { reason: 'line-search', iterations: iter - 1 };
      // Restart along the force.
      h.set(f);
      g.set(f);
      gg = dot(f, f);
      steepest = true;
      iter--;
      continue;
    }
    opts.onIteration?.({ iteration: iter, energy, forceEvaluations: surface.evaluations });
    if (surface.evaluations >= opts.maxForceEvaluations) return { reason: 'max-evaluations', iterations: iter };
    if (energyConverged(energy, ePrev, opts.etol)) return { reason: 'etol', iterations: iter };
    if (forceConverged(f, opts)) return { reason: 'ftol', iterations: iter };

    const ff = dot(f, f);
    const fg = dot(f, g);
    let beta = Math.max(0, (ff - fg) / gg);
    if ((iter + 1) % restartEvery === 0) beta = 0;
    gg = ff;
    const downhill = newDirection(h, g, f, beta);
    steepest = beta === 0;
    if (!(downhill > 0)) {
      h.set(f);
      steepest = true;
    }
  }
  return { reason: 'max-iterations', iterations: opts.maxIterations };
}

/** g = f; h = f + beta h; returns f·h (positive for a downhill direction). */
function newDirection(h: Float64Array, g: Float64Array, f: Float64Array, beta: number): number {
  let fh = 0;
  for (let k = 0; k < f.length; k++) {
    const fk = f[k];
    g[k] = fk;
    const hk = fk + beta * h[k];
    h[k] = hk;
    fh += fk * hk;
  }
  return fh;
}
