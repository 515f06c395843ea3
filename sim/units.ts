/**
 * Unit systems, as LAMMPS defines them (`units lj`, `units metal`; the constants are those of
 * LAMMPS update.cpp, so that numbers agree with LAMMPS to the last digit). Every conversion
 * factor that the engine or the command line needs lives here.
 *
 *   lj:    reduced units (energy epsilon, length sigma, mass m, time tau, T in epsilon/k_B).
 *   metal: energy eV, length Å, mass g/mol (amu), time ps, temperature K, pressure bar.
 */
import { InputError } from './errors.js';

export type UnitsName = 'lj' | 'metal';

export interface Units {
  name: UnitsName;
  /** Boltzmann constant in energy / temperature. */
  boltz: number;
  /** Converts m v^2 to energy. */
  mvv2e: number;
  /** Converts force / mass × time to velocity. */
  ftm2v: number;
  /** Converts energy / volume to pressure. */
  nktv2p: number;
  /** Human-readable unit of each quantity, for output headers. */
  labels: { energy: string; pressure: string; time: string; length: string; temperature: string; density: string };
  /** What LAMMPS's `units` command sets besides the constants: the default timestep and neighbour skin. */
  defaults: { dt: number; skin: number };
  /** GPa per pressure unit; undefined for reduced units, which have no physical scale. */
  gpaPerPressureUnit?: number;
}

export const LJ_UNITS: Units = {
  name: 'lj',
  boltz: 1,
  mvv2e: 1,
  ftm2v: 1,
  nktv2p: 1,
  labels: {
    energy: 'epsilon', pressure: 'epsilon/sigma^3', time: 'tau', length: 'sigma', temperature: 'epsilon/k_B', density: 'sigma^-3',
  },
  defaults: { dt: 0.005, skin: 0.3 },
};

/** 1 bar = 1e5 Pa = 1e-4 GPa. */
export const GPA_PER_BAR = 1e-4;

/** LAMMPS `units metal` (update.cpp): eV, Å, amu, ps, K, bar. */
export const METAL_UNITS: Units = {
  name: 'metal',
  boltz: 8.617343e-5,
  mvv2e: 1.0364269e-4,
  ftm2v: 1.0 / 1.0364269e-4,
  nktv2p: 1.6021765e6,
  labels: { energy: 'eV', pressure: 'bar', time: 'ps', length: 'Å', temperature: 'K', density: 'atoms/Å^3' },
  defaults: { dt: 0.001, skin: 2.0 },
  gpaPerPressureUnit: GPA_PER_BAR,
};

export const UNIT_SYSTEMS: Record<UnitsName, Units> = { lj: LJ_UNITS, metal: METAL_UNITS };

export function unitsByName(name: string): Units {
  if (name === 'lj' || name === 'metal') return UNIT_SYSTEMS[name];
  throw new InputError(`unknown unit system '${name}' (known: ${Object.keys(UNIT_SYSTEMS).join(', ')})`);
}

/** A pressure (in the units' pressure unit) in GPa; reduced units have no GPa equivalent. */
export function pressureToGPa(pressure: number, units: Units): number {
  if (units.gpaPerPressureUnit === undefined) throw new InputError(`pressure in ${units.name} units has no value in GPa`);
  return pressure * units.gpaPerPressureUnit;
}

/** A pressure in GPa in the units' pressure unit (e.g. a barostat target given in GPa). */
export function pressureFromGPa(gpa: number, units: Units): number {
  if (units.gpaPerPressureUnit === undefined) throw new InputError(`pressure in ${units.name} units has no value in GPa`);
  return gpa / units.gpaPerPressureUnit;
}
