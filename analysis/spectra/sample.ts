/**
 * A glass for MD-DMA made from scratch: random placement, a short soft minimization (no overlaps),
 * a melt at T_melt, a linear quench to T_stop (Nosé–Hoover), and the inherent structure.
 */
import type { ForceField } from '../../sim/forces.js';
import type { Units } from '../../sim/units.js';
import type { State } from '../../sim/state.js';
import { buildSample } from '../../sim/init.js';
import { createRng } from '../../sim/random.js';
import { initVelocities } from '../../sim/velocities.js';
import { runMD } from '../../sim/md.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { minimize } from '../../landscape/minimize/index.js';

export interface QuenchRecipe {
  n: number;
  composition: number[];
  masses: number[];
  typeNames?: string[];
  density: number;
  seed: number;
  dt: number;
  tMelt: number;
  meltSteps: number;
  tStop: number;
  quenchSteps: number;
  /** Thermostat damping time (time units). */
  damp: number;
}

export function quenchGlass(r: QuenchRecipe, ff: ForceField, units: Units): State {
  const rng = createRng(r.seed);
  const s = buildSample({ n: r.n, composition: r.composition, masses: r.masses, typeNames: r.typeNames, density: r.density, placement: 'random' }, rng);
  minimize(s, ff, { method: 'fire', ftol: 1e-3, units, maxIterations: 2000 });
  initVelocities(s, r.tMelt, rng, units);
  runMD(s, ff, { steps: r.meltSteps, dt: r.dt, units, thermostat: noseHoover({ damp: r.damp }), tStart: r.tMelt });
  runMD(s, ff, { steps: r.quenchSteps, dt: r.dt, units, thermostat: noseHoover({ damp: r.damp }), tStart: r.tMelt, tStop: r.tStop });
  minimize(s, ff, { method: 'cg', ftol: 1e-10, units });
  s.v.fill(0);
  s.step = 0;
  s.time = 0;
  return s;
}
