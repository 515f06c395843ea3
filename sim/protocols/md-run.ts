/**
 * One molecular-dynamics run into a directory (`betascape md`): thermo.csv, written row by row so
 * that an interrupted run keeps what it computed; trajectory.dump frames; the final configuration
 * as final.data and final.xyz; and summary.json.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { lockRunDir } from '../io/run-lock.js';
import { join } from 'node:path';
import { writeLammpsData } from '../io/lammps-data.js';
import { writeExtxyz } from '../io/extxyz.js';
import { appendDumpFrame } from '../io/lammps-dump.js';
import { speciesElements } from '../elements.js';
import { runMD, THERMO_COLUMNS, thermoColumnUnits, thermoRowValues, type ThermoRow } from '../md.js';
import { writeCsvUnits } from '../io/csv-units.js';
import { computeForces, type ForceField } from '../forces.js';
import { pressureToGPa, type Units } from '../units.js';
import type { Thermostat } from '../integrate/thermostat.js';
import type { State } from '../state.js';
import { VERSION } from './manifest.js';

export interface MdRunOptions {
  out: string;
  /** The potential as the outputs name it. */
  potential: { name: string; description: string; skin: number; species: { name: string; element?: string }[] };
  /** The backend's one-line description. */
  backend: string;
  /** The command line, recorded in summary.json. */
  command: string;
  ensemble: string;
  thermostat: Thermostat;
  seed: number;
  steps: number;
  dt: number;
  units: Units;
  /** Target temperature at the first and the last step (a linear ramp). */
  tStart: number;
  tStop: number;
  thermoEvery: number;
  /** Remove the centre-of-mass motion every this many steps (0: never). */
  zeroMomentumEvery: number;
  /** Append a frame to trajectory.dump every this many steps (0: none). */
  dumpEvery: number;
  /** Once the box is checked and the files are open, before the first step. */
  onStart?: () => void;
  /** Each thermo row, with the steps done so far. */
  onThermo?: (row: ThermoRow, done: number) => void;
}

/**
 * Runs the MD into its directory, locked while it runs (sim/io/run-lock.ts); refuses a box too
 * small for the cut-off before anything is written.
 */
export function runMdToDirectory(state: State, ff: ForceField, o: MdRunOptions) {
  computeForces(state, ff);
  const lock = lockRunDir(o.out, 'betascape md');
  try {
    return runLocked(state, ff, o);
  } finally {
    lock.release();
  }
}

function runLocked(state: State, ff: ForceField, o: MdRunOptions) {
  const { units } = o;
  const thermo = openSync(join(o.out, 'thermo.csv'), 'w');
  writeSync(thermo, `${THERMO_COLUMNS.join(',')}\n`);
  writeCsvUnits(join(o.out, 'thermo.csv'), {
    description: `betascape md, ${o.potential.description}: one row per thermo output; energies per atom`,
    units: units.name, columns: thermoColumnUnits(units),
  });
  const dumpFile = join(o.out, 'trajectory.dump');
  o.onStart?.();
  const started = new Date();
  const t0 = performance.now();
  const first = state.step;
  let final: ThermoRow;
  try {
    final = runMD(state, ff, {
      steps: o.steps, dt: o.dt, units, thermostat: o.thermostat, tStart: o.tStart, tStop: o.tStop,
      thermoEvery: o.thermoEvery, zeroMomentumEvery: o.zeroMomentumEvery,
      onThermo: (row) => {
        writeSync(thermo, thermoRowValues(row).join(',') + '\n');
        o.onThermo?.(row, row.step - first);
      },
      onStep: o.dumpEvery > 0
        ? (s) => {
            if ((s.step - first) % o.dumpEvery === 0) appendDumpFrame(dumpFile, s, ['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz', 'vx', 'vy', 'vz']);
          }
        : undefined,
    });
  } finally {
    closeSync(thermo);
  }
  const seconds = (performance.now() - t0) / 1000;

  writeLammpsData(join(o.out, 'final.data'), state, { title: `betascape md final configuration, ${o.potential.description}, timestep = ${state.step}` });
  writeExtxyz(join(o.out, 'final.xyz'), state, { units, elements: speciesElements(o.potential.species) });
  const summary = {
    betascape: VERSION,
    command: o.command,
    units: units.name,
    unit_labels: units.labels,
    model: o.potential.name,
    potential: o.potential.description,
    backend: o.backend,
    ensemble: o.ensemble,
    natoms: state.n,
    seed: o.seed,
    steps: o.steps,
    dt: o.dt,
    skin: o.potential.skin,
    started: started.toISOString(),
    wall_seconds: seconds,
    atom_steps_per_second: (state.n * o.steps) / seconds,
    neighbor_builds: ff.nlist.builds,
    final: {
      step: final.step,
      temperature: final.temperature,
      pressure: final.pressure,
      ...(units.gpaPerPressureUnit !== undefined ? { pressure_GPa: pressureToGPa(final.pressure, units) } : {}),
      pe_per_atom: final.pe,
      etotal_per_atom: final.etotal,
      volume: final.volume,
    },
  };
  writeFileSync(join(o.out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}
