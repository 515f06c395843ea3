import { mkdirSync } from 'node:fs';
import type { Argv } from 'yargs';
import { InputError } from '../sim/errors.js';
import type { EamStyle } from '../sim/io/eam-file.js';
import { resolvePotential, type ResolvedPotential } from '../sim/potentials/resolve.js';
import type { PotentialKind, PotentialSpec } from '../sim/potentials/spec.js';
import type { ForceField } from '../sim/forces.js';
import { referenceForceField } from '../sim/open-force-field.js';
import { unitsByName, type Units } from '../sim/units.js';
import type { CampaignPotential } from '../landscape/activation/events.js';

/** Options of commands that take either a Lennard-Jones model or an EAM potential file. */
export function withPotential<T>(y: Argv<T>) {
  return y
    .option('model', {
      type: 'string',
      describe: 'Lennard-Jones model (lj units): preset ka | wahnstrom, or a model file (configs/models/*.yaml)',
    })
    .option('potential', {
      type: 'string',
      describe: 'or an EAM potential file (metal units): LAMMPS eam/alloy (*.eam.alloy) or eam/fs (*.eam.fs)',
    })
    .option('elements', { type: 'string', describe: 'with --potential: the element of each atom type, in type order, e.g. Cu,Zr' })
    .option('pair-style', {
      choices: ['eam/alloy', 'eam/fs'],
      describe: 'with --potential: the file format, when the file name does not tell (*.eam.alloy, *.eam.fs)',
    })
    .option('units', { choices: ['lj', 'metal'], describe: 'unit system: lj with --model, metal with --potential (the default for each)' })
    .option('skin', { type: 'number', describe: 'neighbour-list skin in length units (default as LAMMPS: 0.3 sigma in lj, 2.0 Å in metal)' });
}

export interface PotentialArgs {
  model?: string;
  potential?: string;
  elements?: string;
  'pair-style'?: string;
  units?: string;
  skin?: number;
}

/** What a command computes with: the potential's spec, its units and species (open it on a backend with openFromArgs). */
export interface PotentialChoice {
  kind: PotentialKind;
  spec: PotentialSpec;
  /** The LJ model's name, or the EAM file's name. */
  name: string;
  /** One line for output headers, e.g. "model ka" or "eam/fs CuZr_mm.eam.fs (Cu, Zr)". */
  description: string;
  units: Units;
  /** Species (atom types in order) with their masses (and, from LJ model files, element symbols for extxyz). */
  species: { name: string; mass: number; element?: string }[];
  skin: number;
  /** Largest pair cut-off. */
  cutoff: number;
  /** Defaults for new samples; LJ models carry them, EAM files do not. */
  composition?: number[];
  density?: number;
  /** The EAM file's masses replace those of data files (as LAMMPS pair_coeff does). */
  massesFromPotential: boolean;
}

/** A PotentialChoice with its f64 force field on the calling thread (the cpu backend). */
export interface ForceFieldChoice extends PotentialChoice {
  ff: ForceField;
}

export function positive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new InputError(`--${name}: must be a number > 0, got ${value}`);
}

export function nonNegativeInteger(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new InputError(`--${name}: must be a whole number >= 0, got ${value}`);
  }
}

/** "Cu,Zr" -> ['Cu', 'Zr']. */
export function parseElementList(text: string): string[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((s) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(s))) {
    throw new InputError(`--elements: expected element names separated by commas (e.g. Cu,Zr), got '${text}'`);
  }
  return names;
}

/**
 * "Cu:0.64,Zr:0.36" -> mole fractions per species, in species order (species not named get 0).
 * Fractions are normalised later; they must be >= 0 and not all zero.
 */
export function parseComposition(text: string, species: string[]): number[] {
  const out = new Array<number>(species.length).fill(0);
  const seen = new Set<string>();
  for (const item of text.split(',')) {
    const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*:\s*([0-9.eE+-]+)\s*$/.exec(item);
    const x = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(x) || x < 0) {
      throw new InputError(`--composition: expected NAME:FRACTION pairs separated by commas (e.g. Cu:0.64,Zr:0.36), got '${item.trim()}'`);
    }
    const k = species.indexOf(m[1]);
    if (k < 0) throw new InputError(`--composition: '${m[1]}' is not one of the species (${species.join(', ')})`);
    if (species.indexOf(m[1], k + 1) >= 0) throw new InputError(`--composition: '${m[1]}' names more than one atom type`);
    if (seen.has(m[1])) throw new InputError(`--composition: '${m[1]}' is given twice`);
    seen.add(m[1]);
    out[k] = x;
  }
  if (!out.some((x) => x > 0)) throw new InputError('--composition: at least one fraction must be > 0');
  return out;
}

/**
 * The potential a command asked for: exactly one of --model (Lennard-Jones, lj units) or
 * --potential FILE --elements A,B (EAM, metal units); the skin defaults to LAMMPS's for the units.
 * Files are read here (relative to the working directory), so their problems show before anything runs.
 */
export function potentialFromArgs(a: PotentialArgs): PotentialChoice {
  if ((a.model === undefined) === (a.potential === undefined)) {
    throw new InputError('give exactly one of --model NAME (Lennard-Jones) or --potential FILE (EAM)');
  }
  if (a.skin !== undefined && !(Number.isFinite(a.skin) && a.skin >= 0)) throw new InputError(`--skin: must be a number >= 0, got ${a.skin}`);
  if (a.model !== undefined) {
    if (a.elements !== undefined || a['pair-style'] !== undefined) {
      throw new InputError(`--${a.elements !== undefined ? 'elements' : 'pair-style'} goes with --potential, not --model`);
    }
    const units = unitsByName(a.units ?? 'lj');
    if (units.name !== 'lj') throw new InputError(`--units ${units.name}: Lennard-Jones models are in lj units`);
    const r = resolvePotential({ model: a.model }, process.cwd());
    return { ...choice(r, units, a.skin), kind: 'lj', description: `model ${r.name}`, massesFromPotential: false };
  }
  if (a.elements === undefined) throw new InputError('--potential needs --elements (the element of each atom type, e.g. Cu,Zr)');
  const units = unitsByName(a.units ?? 'metal');
  if (units.name !== 'metal') throw new InputError(`--units ${units.name}: EAM potential files are in metal units`);
  const elements = parseElementList(a.elements);
  const r = resolvePotential({ potential: { file: a.potential, elements, style: a['pair-style'] as EamStyle | undefined } }, process.cwd());
  const style = r.spec.kind === 'eam' ? r.spec.style : undefined;
  return { ...choice(r, units, a.skin), kind: 'eam', description: `${style} ${r.name} (${elements.join(', ')})`, massesFromPotential: true };
}

function choice(r: ResolvedPotential, units: Units, skin: number | undefined) {
  return { spec: r.spec, name: r.name, units, species: r.species, skin: skin ?? units.defaults.skin, cutoff: r.cutoff, composition: r.composition, density: r.density };
}

/** The choice as a campaign's potential (plain data for landscape/activation). */
export function campaignPotential(pot: PotentialChoice): CampaignPotential {
  return { spec: pot.spec, name: pot.name, species: pot.species, units: pot.units.name, skin: pot.skin, massesFromPotential: pot.massesFromPotential };
}

/** potentialFromArgs with the f64 force field on the calling thread (commands without --backend). */
export function forceFieldFromArgs(a: PotentialArgs): ForceFieldChoice {
  const pot = potentialFromArgs(a);
  return { ...pot, ff: referenceForceField(pot.spec, pot.skin) };
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
