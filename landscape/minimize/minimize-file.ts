/**
 * `betascape minimize`: a configuration minimized (at fixed box or relaxing it to a pressure),
 * written as a LAMMPS data file without velocities, and the record of the minimization.
 */
import { boxVolume, wrapPositions } from '../../sim/box.js';
import { writeLammpsData } from '../../sim/io/lammps-data.js';
import type { ForceField } from '../../sim/forces.js';
import type { State } from '../../sim/state.js';
import type { Units } from '../../sim/units.js';
import { minimizeWithBox, type BoxRelaxOptions, type BoxRelaxResult } from './box-relax.js';

export interface MinimizeFileOptions extends BoxRelaxOptions {
  units: Units;
  /** The configuration's file, named in the output's title. */
  source: string;
  /** The data file to write. */
  out: string;
  /** The backend's one-line description, for the record. */
  backend: string;
}

export interface MinimizedFile {
  minimization: BoxRelaxResult;
  /** What --json prints. */
  record: ReturnType<typeof minimizationRecord>;
}

/** Minimizes the state and writes it to o.out. */
export function minimizeToFile(state: State, ff: ForceField, o: MinimizeFileOptions): MinimizedFile {
  const { source, out, backend, ...options } = o;
  const t0 = performance.now();
  const r = minimizeWithBox(state, ff, options);
  const seconds = (performance.now() - t0) / 1000;
  wrapPositions(state.box, state.x, state.image);
  writeLammpsData(out, state, {
    title: `betascape minimize (${r.method}) of ${source}: E = ${r.energy}, max |F| = ${r.maxForce}`,
    velocities: false,
  });
  return { minimization: r, record: minimizationRecord(r, state, o.units, backend, seconds) };
}

function minimizationRecord(r: BoxRelaxResult, state: State, units: Units, backend: string, seconds: number) {
  return {
    method: r.method,
    backend,
    natoms: state.n,
    energy: r.energy,
    energy_per_atom: r.energy / state.n,
    units: units.name,
    // Pressure of the minimum: the virial alone (an inherent structure has no kinetic part).
    pressure: r.pressure,
    box: r.box,
    volume: boxVolume(state.box),
    max_force: r.maxForce,
    force_two_norm: r.forceTwoNorm,
    iterations: r.iterations,
    force_evaluations: r.forceEvaluations,
    converged: r.converged,
    reason: r.reason,
    seconds,
  };
}
