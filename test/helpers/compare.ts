/**
 * Comparing betascape's per-atom arrays with a LAMMPS dump of the same atoms (matched by id).
 */
import { parseLammpsDumpFile } from '../../sim/io/lammps-dump.js';
import { minimumImage } from '../../sim/box.js';
import type { State } from '../../sim/state.js';

export type Dump = ReturnType<typeof readDump>;

/** One LAMMPS dump frame as columns keyed by name, plus our atom index for each of its rows. */
export function readDump(path: string, state: State) {
  const [frame] = parseLammpsDumpFile(path);
  if (frame.natoms !== state.n) throw new Error(`${path} has ${frame.natoms} atoms, betascape ${state.n}`);
  const col = (c: string) => {
    const k = frame.columns.indexOf(c);
    if (k < 0) throw new Error(`${path} has no column ${c}`);
    return frame.data[k];
  };
  const indexOfId = new Map<number, number>();
  state.id.forEach((id, i) => indexOfId.set(id, i));
  const index = Array.from(col('id'), (id) => {
    const i = indexOfId.get(id);
    if (i === undefined) throw new Error(`${path}: atom id ${id} is not in the betascape state`);
    return i;
  });
  return { col, index };
}

/** max |ours - theirs| / max |theirs| over the xyz vectors of all atoms. */
export function vectorDeviation(ours: Float64Array, theirs: (d: number) => Float64Array, index: number[]): number {
  let maxDiff = 0, maxRef = 0;
  for (let d = 0; d < 3; d++) {
    const ref = theirs(d);
    index.forEach((i, row) => {
      maxDiff = Math.max(maxDiff, Math.abs(ours[3 * i + d] - ref[row]));
      maxRef = Math.max(maxRef, Math.abs(ref[row]));
    });
  }
  return maxDiff / maxRef;
}

/** Largest minimum-image distance between our positions and the dump's x y z (any box shape). */
export function positionDeviation(state: State, dump: Dump): number {
  const [x, y, z] = ['x', 'y', 'z'].map(dump.col);
  const d = [0, 0, 0];
  let worst = 0;
  dump.index.forEach((i, row) => {
    d[0] = state.x[3 * i] - x[row];
    d[1] = state.x[3 * i + 1] - y[row];
    d[2] = state.x[3 * i + 2] - z[row];
    minimumImage(state.box, d);
    worst = Math.max(worst, Math.hypot(d[0], d[1], d[2]));
  });
  return worst;
}
