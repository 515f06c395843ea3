/**
 * FIRE 2.0 as a minimizer (Guénolé, Nöhring, Vaid, Houllé, Xie, Prakash, Bitzek, Comput. Mater.
 * Sci. 175, 109584 (2020), Algorithm 2), in the order of operations of LAMMPS `min_style fire`;
 * the integrator itself is ../fire.ts ('lammps' style). On an uphill step (P <= 0, or with
 * downhillCheck a rise of the energy) the time step shrinks, the system optionally goes back half
 * a step, and stops; a step never moves a coordinate more than maxDisplacement. Integrators as
 * LAMMPS `min_modify integrator eulerimplicit | verlet`: with LAMMPS_FIRE the path is LAMMPS's
 * default one, with integrator 'verlet' (downhillCheck off) LAMMPS's verlet one. Why the defaults
 * differ: FIRE_DEFAULTS in types.ts. Velocities live in a private array; state.v is not touched.
 */
import type { EnergySurface } from '../energy-surface.js';
import { Fire } from '../fire.js';
import { axpy } from '../vec.js';
import { energyConverged, forceConverged, type MethodOutcome, type ResolvedOptions } from './types.js';

export function runFire(surface: EnergySurface, opts: ResolvedOptions, e0: number): MethodOutcome {
  const p = opts.fire;
  const state = surface.state;
  const fire = new Fire(
    {
      dt: p.dt, dtMax: p.dtMaxFactor * p.dt, dtMin: p.dtMinFactor * p.dt, nDelay: p.nDelay, fInc: p.fInc, fDec: p.fDec,
      alpha0: p.alpha0, fAlpha: p.fAlpha, initialDelay: p.initialDelay,
    },
    { style: 'lammps', integrator: p.integrator, maxStep: opts.maxDisplacement, type: state.type, mass: state.mass, ftm2v: opts.ftm2v },
  );
  let uphill = 0;
  let energy = e0;
  let ePrev = energy;

  for (let iter = 1; iter <= opts.maxIterations; iter++) {
    // With velocity Verlet, P stays positive on a mode beyond the stability limit while it blows
    // up; the energy, which then rises, catches it.
    const rose = p.downhillCheck && energy - ePrev > 1e-10 * Math.abs(ePrev);
    const downhill = fire.power(state.f) > 0 && !rose;
    fire.adapt(state.f, downhill);
    if (downhill) {
      uphill = 0;
    } else {
      if (p.maxUphill > 0 && ++uphill > p.maxUphill) return { reason: 'uphill-limit', iterations: iter - 1 };
      if (!fire.atRest) {
        // Inertia correction: back by half a (new, shorter) step, x <- x - dt v / 2, then restart
        // from rest at the forces there.
        if (p.halfStepBack) {
          axpy(state.x, -0.5 * fire.dt, fire.v);
          energy = surface.evaluate();
        }
        fire.stop();
      }
    }
    fire.move(state.x, state.f);
    ePrev = energy;
    energy = surface.evaluate();
    fire.completeStep(state.f);

    opts.onIteration?.({ iteration: iter, energy, forceEvaluations: surface.evaluations });
    if (surface.evaluations >= opts.maxForceEvaluations) return { reason: 'max-evaluations', iterations: iter };
    // The energy test waits nDelay steps after a restart, as LAMMPS does.
    if (fire.settled && energyConverged(energy, ePrev, opts.etol)) return { reason: 'etol', iterations: iter };
    if (forceConverged(state.f, opts)) return { reason: 'ftol', iterations: iter };
  }
  return { reason: 'max-iterations', iterations: opts.maxIterations };
}
