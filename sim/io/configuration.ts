/**
 * A configuration to compute with, from a LAMMPS data file or an extended XYZ file, checked against
 * the potential it will meet: atom types, names and masses, units, and at least one atom.
 */
import { InputError } from '../errors.js';
import { parseLammpsDataFile } from './lammps-data.js';
import { parseExtxyzFile } from './extxyz.js';
import { assertTiltsInRange, perpendicularWidths } from '../box.js';
import type { State } from '../state.js';
import type { Units } from '../units.js';
import type { Species } from '../potentials/registry.js';

/** What a configuration is checked against: the potential's name and species, and its units. */
export interface ConfigurationPotential {
  name: string;
  species: Species[];
  /** The EAM file's masses replace those of data files (as LAMMPS pair_coeff does). */
  massesFromPotential?: boolean;
  units?: Units;
  /** Largest pair cut-off and the neighbour skin: the box must be twice as wide (checked here, naming the file). */
  cutoff?: number;
  skin?: number;
}

/**
 * Reads a data file (or an extended XYZ file, *.xyz) and checks that its types match the species.
 * With an EAM potential the species are the --elements in type order: names in the file's Masses
 * comments (extxyz: lammps_type_names, else the symbols) must agree, and the masses become the
 * potential file's (as LAMMPS pair_coeff sets them).
 */
export function readConfiguration(path: string, pot: ConfigurationPotential): State {
  const nt = pot.species.length;
  const names = pot.species.map((s) => s.name);
  const xyz = /\.(ext)?xyz$/i.test(path);
  let state: State;
  if (pot.massesFromPotential) {
    state = xyz ? readXyzConfiguration(path, pot) : parseLammpsDataFile(path);
    if (state.mass.length !== nt) {
      throw new InputError(`${path}: has ${state.mass.length} atom types but --elements names ${nt} (${names.join(', ')})`);
    }
    state.typeNames.forEach((fileName, t) => {
      // Names come from "1 63.546 # Cu" comments; bare numbers mean the file names none.
      if (fileName !== String(t + 1) && fileName !== names[t]) {
        throw new InputError(`${path}: atom type ${t + 1} is '${fileName}' in the file but --elements makes it '${names[t]}'`);
      }
    });
    state.typeNames = [...names];
    state.mass.set(pot.species.map((s) => s.mass));
  } else {
    state = xyz ? readXyzConfiguration(path, pot) : parseLammpsDataFile(path, { typeNames: names });
    if (state.mass.length !== nt) {
      throw new InputError(`${path}: has ${state.mass.length} atom types but model '${pot.name}' has ${nt} species`);
    }
    state.typeNames = [...names];
  }
  if (state.n === 0) throw new InputError(`${path}: has no atoms: nothing to compute`);
  checkCoordinates(path, state);
  assertTiltsInRange(state.box, path);
  if (pot.cutoff !== undefined) {
    const reach = pot.cutoff + (pot.skin ?? 0);
    perpendicularWidths(state.box).forEach((w, d) => {
      if (w < 2 * reach) throw new InputError(`${path}: box width ${w} along ${'xyz'[d]} is shorter than twice the cut-off + skin (${2 * reach}); use a larger system`);
    });
  }
  return state;
}

/**
 * Positions farther than FAR box lengths from the box lose their digits when wrapped back into it
 * (an f64 keeps about 16): such a coordinate is a broken file, not a configuration.
 */
const FAR = 1e6;

function checkCoordinates(path: string, state: State): void {
  const { box, x } = state;
  const lo = [box.xlo, box.ylo, box.zlo], len = [box.lx, box.ly, box.lz];
  for (let k = 0; k < x.length; k++) {
    const d = k % 3;
    if (!(Math.abs(x[k] - lo[d]) <= FAR * len[d])) {
      throw new InputError(`${path}: atom id ${state.id[(k - d) / 3]} has ${'xyz'[d]} = ${x[k]}, more than ${FAR} box lengths from the box`);
    }
  }
}

/**
 * The one configuration of an extended XYZ file (betascape's final.xyz / glass.xyz, or ASE's):
 * its units must be the potential's; a file without masses takes the species'.
 */
function readXyzConfiguration(path: string, pot: ConfigurationPotential): State {
  const frames = parseExtxyzFile(path);
  if (frames.length !== 1) throw new InputError(`${path}: has ${frames.length} frames; give a file with one configuration`);
  const [frame] = frames;
  if (pot.units && frame.units && frame.units !== pot.units.name) {
    throw new InputError(`${path}:2: the file is in ${frame.units} units but the potential is in ${pot.units.name} units`);
  }
  const { state } = frame;
  if (!frame.masses && state.mass.length === pot.species.length) state.mass.set(pot.species.map((s) => s.mass));
  return state;
}
