import { InputError } from '../errors.js';
import { createRng, type RngState } from '../random.js';
import type { Thermostat } from './thermostat.js';

export interface LangevinOptions {
  /** Damping time (LAMMPS `damp`): the friction coefficient is m / damp. */
  damp: number;
  /** Seed of the thermostat's own random stream. */
  seed: number;
}

/**
 * Langevin thermostat as LAMMPS `fix langevin` (Schneider & Stoll 1978): after the force
 * computation each atom feels a friction -m v / damp and a random force of variance
 * 2 m k T / (damp dt) per component (Gaussian here), drawn from the seeded generator.
 * Total momentum is not conserved; the MD runner can zero it periodically.
 */
export function langevin(opts: LangevinOptions): Thermostat {
  if (!(opts.damp > 0)) throw new InputError(`Langevin damp must be > 0, got ${opts.damp}`);
  let rng = createRng(opts.seed);
  return {
    kind: 'langevin',
    setup() {},
    initialIntegrate() {},
    postForce(state, ctx) {
      const { v, f, type, mass, n } = state;
      const { boltz, mvv2e, ftm2v } = ctx.units;
      const T = Math.max(ctx.targetT, 0);
      for (let i = 0; i < n; i++) {
        const mi = mass[type[i]];
        const gamma1 = -mi / opts.damp / ftm2v;
        const gamma2 = Math.sqrt((2 * mi * boltz * T) / (opts.damp * ctx.dt * mvv2e)) / ftm2v;
        for (let d = 0; d < 3; d++) f[3 * i + d] += gamma1 * v[3 * i + d] + gamma2 * rng.gaussian();
      }
    },
    finalIntegrate() {},
    reservoirEnergy: () => 0,
    save: () => rng.save(),
    restore(saved) {
      rng = createRng(opts.seed, saved as RngState);
    },
  };
}
