/**
 * The configurations the structure analyses (g(r), S(q), Voronoi) read: one LAMMPS data file, or
 * every k-th frame of a LAMMPS text dump; no potential is needed.
 */
import { InputError } from '../../sim/errors.js';
import { parseLammpsDataFile } from '../../sim/io/lammps-data.js';
import { frameToState, parseLammpsDumpFile } from '../../sim/io/lammps-dump.js';
import { assertTiltsInRange } from '../../sim/box.js';
import { unitsByName, type Units } from '../../sim/units.js';
import { histogramInput } from './rdf.js';
import { largestRmax, type PairHistogramInput } from './pair-histogram.js';

/** Where the frames come from: exactly one of a data file or a dump (of which every k-th frame). */
export interface StructureSource {
  data?: string;
  dump?: string;
  every: number;
  /** Unit system of the file, for the labels of the output. */
  units: string;
}

export interface StructureInput {
  frames: PairHistogramInput[];
  /** The LAMMPS atom ids of each frame, in the order of its atoms. */
  ids: Int32Array[];
  /** The timestep of each frame (a data file's: 0). */
  timesteps: number[];
  /** Where the frames came from, for output headers. */
  source: string;
  /** The data or dump file. */
  file: string;
  ntypes: number;
  units: Units;
}

/**
 * The frames of the source. A data file's types are those of its header; a dump's are 1 … the
 * largest type found in its frames.
 */
export function loadStructureInput(a: StructureSource, command: string): StructureInput {
  if ((a.data === undefined) === (a.dump === undefined)) throw new InputError(`${command}: give exactly one of --data FILE or --dump FILE`);
  if (!(Number.isInteger(a.every) && a.every > 0)) throw new InputError(`--every: must be a whole number > 0, got ${a.every}`);
  if (a.data !== undefined && a.every !== 1) throw new InputError('--every goes with --dump, not --data');
  const units = unitsByName(a.units);
  if (a.data !== undefined) {
    const state = parseLammpsDataFile(a.data);
    if (state.n === 0) throw new InputError(`${a.data}: has no atoms: nothing to compute`);
    assertTiltsInRange(state.box, a.data);
    return { frames: [histogramInput(state)], ids: [state.id], timesteps: [0], source: a.data, file: a.data, ntypes: state.mass.length, units };
  }
  const path = a.dump!;
  const all = parseLammpsDumpFile(path);
  if (all.length === 0) throw new InputError(`${path}: no frames`);
  const chosen = all.filter((_, k) => k % a.every === 0);
  let ntypes = 1;
  for (const f of chosen) {
    const c = f.columns.indexOf('type');
    if (c >= 0) for (const t of f.data[c]) if (Number.isInteger(t) && t > ntypes) ntypes = t;
  }
  const mass = new Float64Array(ntypes).fill(1);
  const ids: Int32Array[] = [];
  const frames = chosen.map((f) => {
    const state = frameToState(f, path, mass);
    if (state.n === 0) throw new InputError(`${path}:${f.line}: a frame with no atoms: nothing to compute`);
    assertTiltsInRange(state.box, `${path}:${f.line}`);
    ids.push(state.id);
    return histogramInput(state, ntypes);
  });
  const source = `${path}, ${frames.length} frame${frames.length === 1 ? '' : 's'}${a.every > 1 ? ` (every ${a.every})` : ''}`;
  return { frames, ids, timesteps: chosen.map((f) => f.timestep), source, file: path, ntypes, units };
}

/** The largest g(r) range every frame allows: half the smallest perpendicular width of its box. */
export function rmaxLimit(input: StructureInput): number {
  return Math.min(...input.frames.map((f) => largestRmax(f.box)));
}

/** Checks a g(r) range (--rmax) against every frame's box. */
export function checkRmax(rmax: number, input: StructureInput): void {
  if (!(Number.isFinite(rmax) && rmax > 0)) throw new InputError(`--rmax: must be a number > 0, got ${rmax}`);
  const limit = rmaxLimit(input);
  if (rmax > limit * (1 + 1e-12)) {
    throw new InputError(`--rmax ${rmax}: must not exceed half the box's smallest perpendicular width, ${limit} in ${input.file}`);
  }
}
