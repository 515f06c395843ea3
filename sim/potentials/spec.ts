/**
 * A potential as plain data: what commands resolve their arguments to, what travels to worker
 * threads and devices, and what every potential built from it keeps (`Potential.spec`). The
 * registry (registry.ts) builds a potential from it.
 */
import type { LJModel } from './lj-model.js';
import type { EamStyle } from '../io/eam-file.js';

/** Truncated (and optionally shifted) Lennard-Jones mixture, lj units. */
export interface LJSpec {
  kind: 'lj';
  model: LJModel;
}

/** EAM from a LAMMPS eam/alloy or eam/fs file, metal units; elements[t] is the file element of type t. */
export interface EamSpec {
  kind: 'eam';
  file: string;
  elements: string[];
  style?: EamStyle;
}

export type PotentialSpec = LJSpec | EamSpec;
export type PotentialKind = PotentialSpec['kind'];
