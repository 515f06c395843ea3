/**
 * Is a minimized configuration a true minimum? A minimizer stops where the forces vanish, which a
 * saddle or a flat shoulder satisfies as well; an activation campaign started there measures
 * barriers out of a point that is not a basin. The test: the lowest Hessian eigenvalue with the
 * three uniform translations projected out (Lanczos, lanczos.ts, from a few random starts, the
 * lowest Ritz value kept) must not be negative beyond the finite-difference noise. When it is, the
 * configuration is displaced along that mode and minimized again, a bounded number of times.
 */
import { InputError } from '../../sim/errors.js';
import { createRng } from '../../sim/random.js';
import { axpy, maxAtomNormSq } from '../vec.js';
import type { EnergySurface } from '../energy-surface.js';
import { minimizeFrom } from '../minimize/index.js';
import { lowestMode, type LowestMode } from './lanczos.js';

export interface MinimumCheckOptions {
  /** Random Lanczos starts; the lowest Ritz value over them is the estimate. */
  starts: number;
  /** Eigenvalues above −tolerance count as stable (energy/length²): finite-difference noise. */
  tolerance: number;
  /** Perturb-and-relax rounds before giving up. */
  maxTries: number;
  /** Displacement along the unstable mode (3N norm, length). */
  amplitude: number;
  /** Minimizer tolerance (largest per-atom |F|). */
  ftol: number;
  seed: number;
}

/** The check as recorded in a campaign (initial-check.json) and the study's sub-basin results. */
export interface MinimumCheck {
  /** Lowest non-translational Hessian eigenvalue of the minimum kept (energy/length²). */
  lowest_eigenvalue: number;
  /** Its largest per-atom |F| (energy/length). */
  max_force: number;
  /** Perturb-and-relax rounds it took (0: the configuration was a true minimum as given). */
  perturbations: number;
  /** The lowest eigenvalue of the configuration as given, and its energy change (total) to the one kept. */
  given_lowest_eigenvalue: number;
  energy_change: number;
  tolerance: number;
}

export const DEFAULT_MINIMUM_CHECK = { starts: 3, tolerance: 1e-3, maxTries: 5 };

/** The lowest non-translational eigenpair at X (forces f there), the lowest over `starts` random starts. */
export function lowestStableMode(surface: EnergySurface, X: Float64Array, f: Float64Array, starts: number, rng: { gaussian(): number }): LowestMode {
  let best: LowestMode | undefined;
  for (let k = 0; k < starts; k++) {
    const start = Float64Array.from(X, () => rng.gaussian());
    const m = lowestMode(surface, X, f, start, { tolerance: 1e-8, maxIterations: 100, minIterations: 10 });
    if (!best || m.value < best.value) best = m;
  }
  return best!;
}

/**
 * Makes X (unwrapped, minimized) a true minimum: checks it, and while its lowest eigenvalue is
 * below −tolerance, moves it by ±amplitude along that mode (sign drawn from the seed) and
 * minimizes again. X is updated in place; throws an InputError after maxTries rounds.
 */
export function ensureTrueMinimum(surface: EnergySurface, X: Float64Array, o: MinimumCheckOptions): { energy: number; check: MinimumCheck } {
  const rng = createRng(o.seed);
  const f = new Float64Array(X.length);
  const e0 = surface.energy(X, f);
  let energy = e0;
  let mode = lowestStableMode(surface, X, f, o.starts, rng);
  const given = mode.value;
  let tries = 0;
  while (mode.value < -o.tolerance) {
    if (tries === o.maxTries) {
      throw new InputError(`the starting configuration is not a true minimum: its lowest Hessian eigenvalue is still ${mode.value.toPrecision(3)} after ${tries} perturb-and-relax rounds`);
    }
    tries++;
    axpy(X, (rng.uniform() < 0.5 ? -1 : 1) * o.amplitude, mode.vector);
    minimizeFrom(surface, X, { method: 'lbfgs', ftol: o.ftol });
    energy = surface.energy(X, f);
    mode = lowestStableMode(surface, X, f, o.starts, rng);
  }
  return {
    energy,
    check: {
      lowest_eigenvalue: mode.value, max_force: Math.sqrt(maxAtomNormSq(f)), perturbations: tries,
      given_lowest_eigenvalue: given, energy_change: energy - e0, tolerance: o.tolerance,
    },
  };
}
