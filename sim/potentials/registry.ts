/**
 * The potential kinds, keyed by PotentialSpec.kind: for each, how to build the f64 potential from
 * its spec, what species and cut-off the spec describes, the loops the threads backend's workers
 * run, and the gpu.js potential where one exists. Everything else (commands, backends, workers)
 * works from a spec through this table; adding a kind is one entry here.
 */
import { InputError } from '../errors.js';
import { readEamFile } from '../io/eam-file.js';
import type { GpuDevice } from '../backends/gpu-device.js';
import type { Potential } from './potential.js';
import type { EamSpec, LJSpec, PotentialKind, PotentialSpec } from './spec.js';
import type { RowKernel } from './row-kernel.js';
import { LennardJones } from './lj.js';
import { ljTables } from './lj-pair.js';
import { EamRows, fileElements, loadEam, type EAM } from './eam.js';
import { eamTables } from './eam-tables.js';
import { LJKernel } from '../wasm/lj-kernel.js';

/** An atom type: name, mass, and the element symbol written for it where a file needs one. */
export interface Species {
  name: string;
  mass: number;
  element?: string;
}

export interface PotentialEntry<S extends PotentialSpec, P extends Potential> {
  /** The f64 reference potential (it keeps `spec`). */
  build(spec: S): P;
  /** Atom types in order, and the largest pair cut-off (reads the potential's file, if any). */
  describe(spec: S): { species: Species[]; cutoff: number };
  /** Many-body: the threads backend runs the density pass and the embedding before the forces. */
  manyBody: boolean;
  /** The loops a worker of the threads backend runs on its rows (built in the worker). */
  rowKernel(spec: S): RowKernel;
  /** The gpu.js potential on a device, given the reference (loaded on demand: gpu.js is heavy). */
  gpu?: () => Promise<(reference: P, device: GpuDevice) => Potential>;
}

const lj: PotentialEntry<LJSpec, LennardJones> = {
  build: (s) => new LennardJones(s.model),
  describe: (s) => ({ species: s.model.species, cutoff: Math.max(...s.model.pairs.flat().map((p) => p.cutoff)) }),
  manyBody: false,
  rowKernel: (s) => new LJKernel(ljTables(s.model)),
  gpu: () => import('../backends/gpu-lj.js').then((m) => m.gpuLennardJones),
};

const eam: PotentialEntry<EamSpec, EAM> = {
  build: (s) => loadEam(s.file, s.elements, s.style),
  describe: (s) => {
    const file = readEamFile(s.file, s.style);
    const map = fileElements(file, s.elements);
    return { species: s.elements.map((name, t) => ({ name, mass: file.masses[map[t]] })), cutoff: file.cutoff };
  },
  manyBody: true,
  rowKernel: (s) => {
    const file = readEamFile(s.file, s.style);
    return new EamRows(eamTables(file, fileElements(file, s.elements)));
  },
  gpu: () => import('../backends/gpu-eam.js').then((m) => m.gpuEam),
};

/** The f64 potential of each kind. */
interface Built {
  lj: LennardJones;
  eam: EAM;
}
type Entries = { [K in PotentialKind]: PotentialEntry<Extract<PotentialSpec, { kind: K }>, Built[K]> };
const KINDS: Entries = { lj, eam };

/** The registry entry of a spec's kind. */
export function potentialKind<S extends PotentialSpec>(spec: S): PotentialEntry<S, Built[S['kind']]> {
  const entry = (KINDS as Record<string, unknown>)[spec.kind];
  if (!entry) throw new InputError(`unknown potential kind '${(spec as { kind: string }).kind}' (expected ${Object.keys(KINDS).join(', ')})`);
  return entry as PotentialEntry<S, Built[S['kind']]>;
}

/** The f64 reference potential a spec describes (it keeps the spec). */
export function buildPotential<S extends PotentialSpec>(spec: S): Built[S['kind']] {
  return potentialKind(spec).build(spec);
}
