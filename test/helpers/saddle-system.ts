/**
 * The small system of the saddle and NEB tests: 64 atoms (or `n`) of a Kob–Andersen-like binary mixture at
 * density 1.2 with force-shifted cut-offs 1.75 sigma_ab (continuous forces, see smooth-lj.ts),
 * placed at random and minimized. Small enough for full finite-difference Hessians.
 */
import { buildSample } from '../../sim/init.js';
import { createRng } from '../../sim/random.js';
import { createForceField } from '../../sim/forces.js';
import { kobAndersen } from '../../sim/potentials/lj.js';
import { LJ_UNITS } from '../../sim/units.js';
import { minimizeFrom } from '../../landscape/minimize/index.js';
import { EnergySurface, defaultActivationOptions, type ActivationOptions, type Configuration } from '../../landscape/saddles/index.js';
import { ForceShiftedLennardJones } from './smooth-lj.js';

export function saddleTestSystem(seed = 1, n = 64): { surface: EnergySurface; initial: Configuration; options: ActivationOptions } {
  const model = kobAndersen();
  model.pairs = model.pairs.map((row) => row.map((p) => ({ ...p, cutoff: 1.75 * p.sigma })));
  const state = buildSample({ n, composition: model.composition, masses: [1, 1], density: 1.2, placement: 'random' }, createRng(seed));
  const surface = new EnergySurface(state, createForceField(new ForceShiftedLennardJones(model), 0.1));
  const x = surface.current();
  const r = minimizeFrom(surface, x, { method: 'lbfgs', ftol: 1e-10 });
  if (!r.converged) throw new Error('saddleTestSystem: the starting minimization did not converge');
  return { surface, initial: { x, energy: r.energy }, options: { ...defaultActivationOptions(LJ_UNITS), forceTolerance: 1e-6 } };
}
