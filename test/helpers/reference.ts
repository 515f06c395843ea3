import { fileURLToPath } from 'node:url';
import { parseLammpsDataFile } from '../../sim/io/lammps-data.js';
import { parseLammpsDumpFile } from '../../sim/io/lammps-dump.js';
import type { State } from '../../sim/state.js';

/** LAMMPS-made reference data (test/reference, a copy of the project's shared reference set; see its README). */
export const referenceDir = fileURLToPath(new URL('../reference/', import.meta.url));

export function loadKa864(): State {
  return parseLammpsDataFile(referenceDir + 'ka864.data', { typeNames: ['A', 'B'] });
}

/** Columns of a reference dump keyed by atom id. */
export function loadReferenceDump(name: string): { ids: Float64Array; column: (name: string) => Float64Array } {
  const [frame] = parseLammpsDumpFile(referenceDir + name);
  const col = (c: string) => {
    const k = frame.columns.indexOf(c);
    if (k < 0) throw new Error(`${name} has no column ${c}`);
    return frame.data[k];
  };
  return { ids: col('id'), column: col };
}

/** Totals for ka864 from the reference README (LAMMPS thermo_modify norm no). */
export const KA864 = {
  energy: -5182.16771862,
  pressureTensor: [9.27692295202, 8.75984615447, 8.57541857317, -0.756438347239, 0.0649077144984, 0.339297686792],
  pressure: 8.87072922655,
  volume: 720,
};
