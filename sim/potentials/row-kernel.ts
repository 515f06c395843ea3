/**
 * A potential's loops over a range of rows of a half list (PairView), as the workers of the
 * threads backend run them, each on its own rows, on a list shared with the host. The registry
 * (registry.ts) makes one per spec. A pair potential has `forces` only; a many-body one (EAM) has
 * a density pass, an embedding step over a range of atoms once all densities are summed, and then
 * `forces` with the embedding derivatives.
 */
import type { PairView } from './pair-view.js';
import type { KernelInstance } from '../wasm/kernels.js';

/** What a force loop may write besides forces (null: not asked). */
export interface PairOutputs {
  /** Energy-virial pass: the virial of the pairs is added into it. */
  virial: Float64Array | null;
  /** Per-atom energies, n: each pair's halves are added to what it holds (needs `virial`). */
  pe: Float64Array | null;
  /** Per-atom virials, 6n xx yy zz xy xz yz (needs `virial`; overwritten). */
  vatom: Float64Array | null;
}

export interface RowKernel {
  /**
   * A kernel that runs in place on a memory laid out by its caller (the threads backend's shared
   * memory, of which the PairView's arrays and the outputs are then views): the f64 of scratch it
   * needs there, and `place`, which must be called before the loops with the kernel instance on
   * that memory and the scratch (a view of it).
   */
  readonly scratch?: number;
  place?(kernels: KernelInstance, scratch: Float64Array): void;
  /**
   * A placed many-body kernel: where its density pass keeps the pairs within the cut-off for the
   * forces (views of the same memory): `neigh` from this worker's first kept pair on, `wrap` and
   * `end` by row (the pass writes where the kept pairs of each of its rows wrap and end, counted
   * from the start of `neigh`). Set before each density pass.
   */
  keepIn?(neigh: Int32Array, wrap: Int32Array, end: Int32Array): void;
  /**
   * After a new list: may reorder the neighbours within each of rows r0 .. r1 (not between rows),
   * e.g. to put pairs inside the cut-off first.
   */
  arrange?(v: PairView, r0: number, r1: number): void;
  /** Many-body pass 1: partial host densities of rows r0 .. r1 into rho (overwritten). */
  densities?(v: PairView, listVersion: readonly number[], r0: number, r1: number, rho: Float64Array): void;
  /** Many-body: F'(rho) of atoms a0 .. a1 into fp, F added into pe when given; returns sum F. */
  embedding?(type: Int32Array, a0: number, a1: number, rho: Float64Array, fp: Float64Array, pe: Float64Array | null): number;
  /**
   * Forces of rows r0 .. r1 (many-body: the rows of the last density pass, with F'(rho) in fp)
   * into f (overwritten), and the other outputs; returns the pairs' energy (0 without `o.virial`).
   * `listVersion` changes whenever the list arrays of `v` change content.
   */
  forces(v: PairView, listVersion: readonly number[], r0: number, r1: number, fp: Float64Array | null, f: Float64Array, o: PairOutputs): number;
}
