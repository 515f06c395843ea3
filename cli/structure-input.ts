/** The flags the structure commands (rdf, sq, voronoi) share: where the frames come from, and --bins. */
import type { Argv } from 'yargs';
import { InputError } from '../sim/errors.js';
import type { StructureSource } from '../analysis/structure/input.js';

/** --data, --dump, --every and --units. */
export function withStructureInput<T>(y: Argv<T>) {
  return y
    .option('data', { type: 'string', describe: 'a LAMMPS data file (atom_style atomic)' })
    .option('dump', { type: 'string', describe: 'or a LAMMPS text dump (columns id type and x y z, xs ys zs, xu yu zu or xsu ysu zsu): average over its frames' })
    .option('every', { type: 'number', default: 1, describe: 'with --dump: use every k-th frame' })
    .option('units', { choices: ['lj', 'metal'], default: 'lj', describe: 'unit system of the file, for the labels of the output (lj: sigma; metal: Å)' });
}

export type StructureInputArgs = StructureSource;

/** Checks --bins (a whole number > 0). */
/** Most histogram bins: far beyond what any g(r) resolves, well inside memory. */
const MAX_BINS = 1_000_000;

export function checkBins(bins: number, flag = 'bins'): void {
  if (!(Number.isInteger(bins) && bins > 0)) throw new InputError(`--${flag}: must be a whole number > 0, got ${bins}`);
  if (bins > MAX_BINS) throw new InputError(`--${flag}: must be at most ${MAX_BINS}, got ${bins}`);
}
