/**
 * A potential reference, as a sweep config or the command line gives it, resolved to a spec and
 * what commands need to know of it: one function for both (config: `model:` / `potential:`,
 * CLI: --model / --potential --elements --pair-style).
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { eamNotFound, eamStyleFromFileName, formatSetfl, locateEamFile, type EamStyle } from '../io/eam-file.js';
import { writeFileAtomic } from '../io/checkpoint.js';
import { resolveModel } from '../io/model-file.js';
import { LJ_PRESETS } from './lj-model.js';
import { zhouSetfl } from './zhou.js';
import { potentialKind, type Species } from './registry.js';
import type { EamSpec, PotentialSpec } from './spec.js';

/** `model:` (an LJ preset or model file) or `potential:` (an EAM file with its elements, or Zhou's table). */
export interface PotentialRef {
  model?: string;
  potential?: { file?: string; elements?: string[]; style?: EamStyle; zhou?: string[] };
}

export interface ResolvedPotential {
  spec: PotentialSpec;
  /** The LJ model's name, the potential file's name, or "Zhou EAM Cu-Zr". */
  name: string;
  /** Atom types in order, with masses (and, from LJ model files, element symbols for extxyz). */
  species: Species[];
  /** The LJ model's defaults for new samples (EAM files carry none). */
  composition?: number[];
  density?: number;
  /** Largest pair cut-off. */
  cutoff: number;
  /** `potential: { zhou }`: spec.file (a bare file name) is to be generated, see materializeZhou. */
  zhou?: string[];
  /** The reference with its paths resolved (model file, potential file). */
  ref: PotentialRef;
}

/**
 * Resolves a reference (files relative to `base`, a folder or a folder per key) and reads the
 * files it names, or throws a one-line InputError.
 */
export function resolvePotential(ref: PotentialRef, base: string | ((key: 'model' | 'potential') => string)): ResolvedPotential {
  const dir = (key: 'model' | 'potential') => (typeof base === 'string' ? base : base(key));
  if (ref.potential) {
    const p = ref.potential;
    if (p.zhou) {
      if (p.file !== undefined || p.elements !== undefined || p.style !== undefined) {
        throw new InputError('give either zhou: [elements] or file: with elements:, not both');
      }
      const tables = zhouSetfl(p.zhou);
      return {
        spec: { kind: 'eam', file: zhouFileName(p.zhou), elements: [...p.zhou], style: 'eam/alloy' }, name: `Zhou EAM ${p.zhou.join('-')}`,
        species: p.zhou.map((e, k) => ({ name: e, mass: tables.masses[k] })), cutoff: tables.cutoff, zhou: [...p.zhou], ref,
      };
    }
    if (p.file === undefined || p.elements === undefined) {
      throw new InputError(`needs file: (a LAMMPS eam/alloy or eam/fs file) and elements: (one per atom type, e.g. [Cu, Zr]), or zhou: [elements]`);
    }
    const given = resolve(dir('potential'), p.file);
    const file = locateEamFile(given);
    if (file === undefined) throw new InputError(eamNotFound(given));
    const spec: EamSpec = { kind: 'eam', file, elements: [...p.elements], style: p.style };
    const { species, cutoff, style } = describeEam(spec);
    return { spec: { ...spec, style }, name: basename(file), species, cutoff, ref: { potential: { ...p, file } } };
  }
  const name = ref.model!;
  const preset = Object.hasOwn(LJ_PRESETS, name);
  const modelRef = preset ? name : resolve(dir('model'), name);
  if (!preset && !existsSync(modelRef)) {
    throw new InputError(`--model: '${name}' is neither a preset (${Object.keys(LJ_PRESETS).join(', ')}) nor a model file`);
  }
  const model = resolveModel(modelRef);
  const spec: PotentialSpec = { kind: 'lj', model };
  return {
    spec, name: model.name, ...potentialKind(spec).describe(spec), composition: model.composition, density: model.density, ref: { model: modelRef },
  };
}

/** Species and cut-off of an EAM spec, and its style (given, or as readEamFile settles it from the file name). */
function describeEam(spec: EamSpec): { species: Species[]; cutoff: number; style: EamStyle } {
  return { ...potentialKind(spec).describe(spec), style: spec.style ?? eamStyleFromFileName(spec.file)! };
}

/** File name of a generated Zhou potential. */
export function zhouFileName(elements: string[]): string {
  return `${elements.join('')}.zhou.eam.alloy`;
}

/**
 * A Zhou potential's spec with its setfl file in `dir`, written there from Zhou's table unless it
 * exists, so that betascape and LAMMPS read the same tables.
 */
export function materializeZhou(spec: EamSpec, zhou: string[], dir: string): EamSpec {
  const file = join(dir, basename(spec.file));
  if (!existsSync(file)) writeFileAtomic(file, formatSetfl(zhouSetfl(zhou)));
  return { ...spec, file };
}
