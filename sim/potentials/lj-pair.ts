/**
 * The Lennard-Jones pair law, apart from any loop (HOOMD's "evaluator"): per species pair
 * constants (ljTables) and the pair terms at a distance. The TypeScript loops (analyses, tests)
 * call these functions; the WebAssembly kernel has the same formulas as an inlined evaluator
 * (sim/wasm/assembly/lj.ts, ljPair), and the gpu.js kernel string (sim/backends/gpu-kernels.ts)
 * its own f32 copy, since gpu.js cannot call TypeScript functions. With r6inv = r^-6:
 *
 *   phi(r)     = r6inv (lj3 r6inv - lj4) - offset           lj3 = 4 eps s^12, lj4 = 4 eps s^6
 *   -phi'(r)/r = r6inv (lj1 r6inv - lj2) r^-2               lj1 = 48 eps s^12, lj2 = 24 eps s^6
 *   phi''(r)   = r6inv (13 lj1 r6inv - 7 lj2) r^-2
 */
import type { LJModel } from './lj-model.js';

/**
 * Per-pair constants, flat ntypes × ntypes (index ti * ntypes + tj): cutsq, lj1..lj4 as above,
 * offset (the shift at the cut-off, LAMMPS `pair_modify shift yes`, else 0).
 */
export interface LJTables {
  ntypes: number;
  cutsq: Float64Array;
  lj1: Float64Array;
  lj2: Float64Array;
  lj3: Float64Array;
  lj4: Float64Array;
  offset: Float64Array;
  /** cutsq, lj1, lj2, lj3, lj4, offset one after another (what the kernels read). */
  packed: Float64Array;
}

export function ljTables(model: LJModel): LJTables {
  const nt = model.species.length;
  const table = () => new Float64Array(nt * nt);
  const t: LJTables = { ntypes: nt, cutsq: table(), lj1: table(), lj2: table(), lj3: table(), lj4: table(), offset: table(), packed: table() };
  for (let i = 0; i < nt; i++) {
    for (let j = 0; j < nt; j++) {
      const { epsilon: eps, sigma: sig, cutoff: rc } = model.pairs[i][j];
      const k = i * nt + j;
      const s6 = sig ** 6;
      t.cutsq[k] = rc * rc;
      t.lj1[k] = 48 * eps * s6 * s6;
      t.lj2[k] = 24 * eps * s6;
      t.lj3[k] = 4 * eps * s6 * s6;
      t.lj4[k] = 4 * eps * s6;
      const sr6 = (sig / rc) ** 6;
      t.offset[k] = model.shift ? 4 * eps * (sr6 * sr6 - sr6) : 0;
    }
  }
  t.packed = Float64Array.from([...t.cutsq, ...t.lj1, ...t.lj2, ...t.lj3, ...t.lj4, ...t.offset]);
  return t;
}

/** Pair energy phi(r) of species pair p at 1/r^2 (inside the cut-off). */
export function ljEnergy(t: LJTables, p: number, r2inv: number): number {
  const r6inv = r2inv * r2inv * r2inv;
  return r6inv * (t.lj3[p] * r6inv - t.lj4[p]) - t.offset[p];
}

/** Force over distance, -phi'(r)/r (F_i = r_ij times this), of species pair p at 1/r^2. */
export function ljForce(t: LJTables, p: number, r2inv: number): number {
  const r6inv = r2inv * r2inv * r2inv;
  return r6inv * (t.lj1[p] * r6inv - t.lj2[p]) * r2inv;
}

/** Second derivative phi''(r) of species pair p at 1/r^2 (Born terms of elastic constants). */
export function ljCurvature(t: LJTables, p: number, r2inv: number): number {
  const r6inv = r2inv * r2inv * r2inv;
  return r6inv * (13 * t.lj1[p] * r6inv - 7 * t.lj2[p]) * r2inv;
}
