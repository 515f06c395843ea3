/**
 * Per-atom virial W_i,ab = 1/2 sum_j r_ij,a F_ij,b (each pair's r_a F_b split half to each atom, as
 * LAMMPS `compute stress/atom` does for pair styles, so that sum_i W_i is the total virial), as
 * the potential computes it (ComputeFlags.perAtomVirial).
 */
import { InputError } from '../../sim/errors.js';
import type { State } from '../../sim/state.js';
import { computeForces, type ForceField } from '../../sim/forces.js';

/**
 * Per-atom virials (6 per atom: xx yy zz xy xz yz, energy units) at the current positions; also
 * computes forces, energy and the total virial into ff.out (the independent total of the potential).
 */
export function perAtomVirial(state: State, ff: ForceField, out = new Float64Array(6 * state.n)): Float64Array {
  // A potential that does not compute them leaves the NaNs.
  out.fill(NaN);
  computeForces(state, ff, { energyVirial: true, perAtomVirial: out });
  if (state.n > 0 && Number.isNaN(out[0])) throw new InputError(`per-atom virials: the potential ${ff.potential.name} does not compute them`);
  return out;
}
