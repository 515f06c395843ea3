import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import type { PotentialSpec } from './spec.js';
import type { Units } from '../units.js';
import type { UniformScaling } from '../integrate/thermostat.js';
import type { ResidentSteps } from '../integrate/resident.js';

/** What a force call must produce besides forces (LAMMPS eflag/vflag). */
export interface ComputeFlags {
  /** Total energy and virial tensor. Forces alone are cheaper; MD asks for these on thermo steps only. */
  energyVirial: boolean;
  /** Per-atom potential energy (pairs split half and half, as LAMMPS `compute pe/atom`). */
  perAtomEnergy?: Float64Array;
  /**
   * Per-atom virial, 6 per atom (xx yy zz xy xz yz, energy units): each pair's r_ij,a F_ij,b split
   * half and half (LAMMPS `compute stress/atom`, which reports minus this over volume), so that
   * the sum over atoms is the total virial. With energyVirial only; overwritten.
   */
  perAtomVirial?: Float64Array;
}

export interface ForceOutput {
  /** Potential energy of the whole system (valid when energyVirial was asked). */
  energy: number;
  /** Virial tensor sum over pairs of r_a F_b: xx, yy, zz, xy, xz, yz (valid when energyVirial was asked). */
  virial: Float64Array;
}

export function createForceOutput(): ForceOutput {
  return { energy: 0, virial: new Float64Array(6) };
}

/**
 * A short-ranged potential. It only computes: it asks the neighbour list for pairs within
 * `cutoff(ti, tj)` (+ skin) and never builds one itself. `compute` overwrites `state.f`.
 */
export interface Potential {
  readonly name: string;
  readonly ntypes: number;
  /** The plain data it was built from (registry.ts); absent for potentials that have none (tests). */
  readonly spec?: PotentialSpec;
  /** Interaction cut-off for a pair of 0-based species. */
  cutoff(ti: number, tj: number): number;
  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void;
  /**
   * Pair potentials only: φ'(r) and φ''(r) of a pair of species at a distance r inside the cut-off,
   * from which the Hessian's pair blocks follow (the elastic preconditioner's local blocks,
   * landscape/minimize/local-blocks.ts). Absent for many-body potentials.
   */
  pairCurvature?(ti: number, tj: number, r: number): [number, number];
  /**
   * The analytic Hessian of the energy with respect to the coordinates of `atoms` (the others
   * held), 3n×3n row-major (row 3k + a: coordinate a of atoms[k]), at the state's positions with
   * `nlist` built for them (lj: pair-hessian.ts; EAM: eam-hessian.ts). Where given, landscape/saddles/vineyard.ts takes
   * it instead of finite differences of forces.
   */
  regionHessian?(state: State, nlist: NeighborList, atoms: number[]): Float64Array;
  /**
   * Whole MD steps where the forces are computed (the threads backend), for a thermostat that is
   * the uniform scaling `scaling`, on `state` with its list `nlist` (built) and output `out`;
   * undefined where they cannot run.
   */
  residentSteps?(state: State, nlist: NeighborList, out: ForceOutput, scaling: UniformScaling, units: Units): ResidentSteps | undefined;
}
