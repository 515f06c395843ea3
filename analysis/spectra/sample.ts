/**
 * A glass for MD-DMA made from scratch: random placement, a short soft minimization (no overlaps),
 * then the melt–quench protocol of sim/protocols (melt at T_melt, linear quench to T_stop under one
 * Nosé–Hoover chain), and the inherent structure.
 */
import type { ForceField } from '../../sim/forces.js';
import type { Units } from '../../sim/units.js';
import type { State } from '../../sim/state.js';
import { buildSample } from '../../sim/init.js';
import { createRng } from '../../sim/random.js';
import { initVelocities } from '../../sim/velocities.js';
import { createThermostat } from '../../sim/integrate/ensemble.js';
import { quenchStages } from '../../sim/protocols/stages.js';
import { runStages } from '../../sim/protocols/run.js';
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
  const stages = quenchStages({
    dt: r.dt, melt: { T: r.tMelt, duration: r.meltSteps * r.dt }, hold: 0, tStart: r.tMelt, tEnd: r.tStop,
    rate: (r.tMelt - r.tStop) / (r.quenchSteps * r.dt),
  });
  runStages(s, ff, createThermostat({ ensemble: 'nvt', damp: r.damp }), stages, { dt: r.dt, units, thermoEvery: 0 });
  minimize(s, ff, { method: 'cg', ftol: 1e-10, units });
  s.v.fill(0);
  s.step = 0;
  s.time = 0;
  return s;
}
