/**
 * `betascape eval`: energy, pressure and pressure tensor of one configuration, and optionally its
 * forces and per-atom energies as a LAMMPS dump (id type x y z fx fy fz c_peatom).
 */
import { computeForces, type ForceField } from '../forces.js';
import { pressureTensor, scalarPressure } from '../thermo.js';
import { boxVolume } from '../box.js';
import { writeDumpFrame } from '../io/lammps-dump.js';
import { pressureToGPa, type Units } from '../units.js';
import type { State } from '../state.js';

export interface EvaluateOptions {
  units: Units;
  /** The potential's and the backend's one-line descriptions, for the record. */
  potential: string;
  backend: string;
}

export type Evaluation = ReturnType<typeof evaluateConfiguration>;

/** Forces, energy and virial of the state; the record (what --json prints) and the per-atom energies. */
export function evaluateConfiguration(state: State, ff: ForceField, o: EvaluateOptions) {
  const peAtom = new Float64Array(state.n);
  const out = computeForces(state, ff, { energyVirial: true, perAtomEnergy: peAtom });
  const { units } = o;
  const ptensor = Array.from(pressureTensor(state, out.virial, units));
  const pressure = scalarPressure(ptensor);
  const record = {
    natoms: state.n,
    units: units.name,
    unit_labels: { energy: units.labels.energy, pressure: units.labels.pressure, length: units.labels.length },
    potential: o.potential,
    backend: o.backend,
    energy: out.energy,
    energy_per_atom: out.energy / state.n,
    pressure,
    ...(units.gpaPerPressureUnit !== undefined ? { pressure_GPa: pressureToGPa(pressure, units) } : {}),
    pressure_tensor: ptensor,
    volume: boxVolume(state.box),
  };
  return { record, peAtom };
}

/** The state's positions, forces and per-atom energies as a dump sorted by id. */
export function writeForcesDump(path: string, state: State, peAtom: Float64Array): void {
  writeDumpFrame(path, state, ['id', 'type', 'x', 'y', 'z', 'fx', 'fy', 'fz', 'c_peatom'], { c_peatom: peAtom });
}
