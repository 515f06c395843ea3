/**
 * Unit systems, as LAMMPS defines them (`units lj`). Every conversion factor that the engine
 * needs lives here; a later issue adds `metal` (eV, Å, ps, amu, K, bar).
 */
import { InputError } from './errors.js';

export interface Units {
  name: 'lj';
  /** Boltzmann constant in energy / temperature. */
  boltz: number;
  /** Converts m v^2 to energy. */
  mvv2e: number;
  /** Converts force / mass × time to velocity. */
  ftm2v: number;
  /** Converts energy / volume to pressure. */
  nktv2p: number;
  /** Human-readable unit of each quantity, for output headers. */
  labels: { energy: string; pressure: string; time: string; length: string; temperature: string };
}

export const LJ_UNITS: Units = {
  name: 'lj',
  boltz: 1,
  mvv2e: 1,
  ftm2v: 1,
  nktv2p: 1,
  labels: { energy: 'epsilon', pressure: 'epsilon/sigma^3', time: 'tau', length: 'sigma', temperature: 'epsilon/k_B' },
};

export function unitsByName(name: string): Units {
  if (name === 'lj') return LJ_UNITS;
  throw new InputError(`unknown unit system '${name}' (known: lj)`);
}
