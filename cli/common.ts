import { mkdirSync } from 'node:fs';
import type { Argv } from 'yargs';
import { InputError } from '../sim/errors.js';
import { parseLammpsDataFile } from '../sim/io/lammpsData.js';
import { resolveModel } from '../sim/io/model-file.js';
import { LennardJones, type LJModel } from '../sim/potentials/lj.js';
import type { State } from '../sim/state.js';
import { createForceField, type ForceField } from '../sim/forces.js';
import { assertOrthorhombic } from '../sim/box.js';

/** Options every command that needs a potential takes. */
export function withModel<T>(y: Argv<T>) {
  return y
    .option('model', {
      type: 'string',
      demandOption: true,
      describe: 'Lennard-Jones model: preset ka | wahnstrom, or a model file (configs/models/*.yaml)',
    })
    .option('skin', { type: 'number', default: 0.3, describe: 'neighbour-list skin (length units)' });
}

export function positive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new InputError(`--${name}: must be a number > 0, got ${value}`);
}

export function nonNegativeInteger(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new InputError(`--${name}: must be a whole number >= 0, got ${value}`);
  }
}

/** Reads a data file and checks that its types match the model's species. */
export function loadConfiguration(path: string, model: LJModel): State {
  const state = parseLammpsDataFile(path, { typeNames: model.species.map((s) => s.name) });
  const nt = model.species.length;
  if (state.mass.length !== nt) {
    throw new InputError(`${path}: has ${state.mass.length} atom types but model '${model.name}' has ${nt} species`);
  }
  assertOrthorhombic(state.box, path);
  return state;
}

export function modelForceField(modelArg: string, skin: number): { model: LJModel; ff: ForceField } {
  positive('skin', skin || undefined);
  const model = resolveModel(modelArg);
  return { model, ff: createForceField(new LennardJones(model), skin) };
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
