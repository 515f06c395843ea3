/**
 * The short-wave part of the elastic preconditioner for pair potentials: the Hessian restricted to
 * small cells of the box, inverted exactly (block Jacobi). A glass's slow modes are not only long
 * waves: soft spots of a few tens of atoms (quasi-localized modes) hold the residual force of a
 * relaxation long after the rest has converged. A block that contains such a spot, with the atoms
 * around it held, is soft along the same motion, so its inverse moves the spot as far as it needs.
 *
 * Pair blocks of the Hessian (φ the pair energy, r̂ the unit vector between the atoms):
 *
 *   K_ij = φ''(r) r̂r̂ᵀ + (φ'(r)/r)(I − r̂r̂ᵀ),   H_ij = −K_ij (i ≠ j),   H_ii = Σ_j K_ij.
 *
 * The cells are about `edge` wide along each box vector. (A second set of cells shifted by half a
 * cell, averaged with the first, took 124 instead of 136 iterations on a strained 32000-atom KA
 * glass but more time.) A block that is not positive definite (a spot at an instability) is
 * shifted by a multiple of the identity until it is. Factors are kept in f32 (a preconditioner
 * needs no more), the lower triangle only: about 18 m bytes per atom for cells of m atoms.
 */
import { toFractional, type Box } from '../../sim/box.js';
import { forEachPair, pairBlock } from '../../sim/potentials/pair-hessian.js';
import type { State } from '../../sim/state.js';
import type { NeighborList } from '../../sim/neighbor.js';

export type PairCurvature = (ti: number, tj: number, r: number) => [number, number];

export interface LocalBlocks {
  /** Atoms of each cell. */
  cells: Int32Array[];
  /** Cholesky factor L of each cell's block (packed lower triangle by columns, 3m × 3m). */
  factors: Float32Array[];
  /** Blocks that needed a shift to be positive definite. */
  shifted: number;
}

/**
 * The blocks of the Hessian at the state's positions, from the pairs of its (built) neighbour list
 * inside the cut-off; `scale` (the mean Hessian diagonal) sets the size of any shift.
 */
export function localBlocks(state: State, nl: NeighborList, cutoff: (ti: number, tj: number) => number, curvature: PairCurvature, edge: number, scale: number): LocalBlocks {
  const { cells, cellOf, slot } = cellsOf(state.box, state.x, edge);
  const blocks = cells.map((c) => new Float64Array(9 * c.length * c.length));
  const { type } = state;
  forEachPair(state, nl, (a, b) => cutoff(a, b) ** 2, (i, j, r, u) => {
    const [first, second] = curvature(type[i], type[j], r);
    const k = pairBlock(first, second, r, u);
    const ci = cellOf[i], cj = cellOf[j];
    addBlock(blocks[ci], cells[ci].length, slot[i], slot[i], k, 1);
    addBlock(blocks[cj], cells[cj].length, slot[j], slot[j], k, 1);
    if (ci === cj) {
      addBlock(blocks[ci], cells[ci].length, slot[i], slot[j], k, -1);
      addBlock(blocks[ci], cells[ci].length, slot[j], slot[i], k, -1);
    }
  });
  let shifted = 0;
  const factors = blocks.map((h, c) => {
    const n = 3 * cells[c].length;
    for (let shift = 0; ; shift = shift === 0 ? 0.01 * scale : 4 * shift) {
      const l = choleskyLower(h, n, shift);
      if (l) {
        if (shift > 0) shifted++;
        return l;
      }
    }
  });
  return { cells, factors, shifted };
}

/** z += (block inverses) r. */
export function applyBlocks(b: LocalBlocks, r: Float64Array, z: Float64Array): void {
  const { cells, factors } = b;
  let v = new Float64Array(0);
  for (let c = 0; c < cells.length; c++) {
    const atoms = cells[c], n = 3 * atoms.length;
    if (v.length < n) v = new Float64Array(n);
    for (let a = 0; a < atoms.length; a++) for (let d = 0; d < 3; d++) v[3 * a + d] = r[3 * atoms[a] + d];
    choleskySolve(factors[c], n, v);
    for (let a = 0; a < atoms.length; a++) for (let d = 0; d < 3; d++) z[3 * atoms[a] + d] += v[3 * a + d];
  }
  return;
}

/** Cells about `edge` wide along each box vector; each atom's cell and slot in it. */
function cellsOf(box: Box, x: Float64Array, edge: number) {
  const n = x.length / 3;
  const counts = [box.lx, box.ly, box.lz].map((l) => Math.max(1, Math.round(l / edge)));
  const cellOf = new Int32Array(n), slot = new Int32Array(n);
  const members: number[][] = Array.from({ length: counts[0] * counts[1] * counts[2] }, () => []);
  const s = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    toFractional(box, x[3 * i], x[3 * i + 1], x[3 * i + 2], s);
    const c = [0, 1, 2].map((d) => Math.min(counts[d] - 1, Math.floor((s[d] - Math.floor(s[d])) * counts[d])));
    cellOf[i] = (c[2] * counts[1] + c[1]) * counts[0] + c[0];
    slot[i] = members[cellOf[i]].push(i) - 1;
  }
  return { cells: members.map((m) => Int32Array.from(m)), cellOf, slot };
}

/** h[(3p + a), (3q + b)] += sign k[a][b] in a block of m atoms. */
function addBlock(h: Float64Array, m: number, p: number, q: number, k: ArrayLike<number>, sign: number): void {
  const n = 3 * m;
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) h[(3 * p + a) * n + 3 * q + b] += sign * k[3 * a + b];
  return;
}

/** Where column j of a packed n × n lower triangle starts (columns stored one after the other, diagonal first). */
const columnStart = (j: number, n: number) => j * n - (j * (j - 1)) / 2;

/** Cholesky factor of h + shift I (n × n) as a packed f32 lower triangle by columns, or null if not positive definite. */
function choleskyLower(h: Float64Array, n: number, shift: number): Float32Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = h[j * n + j] + shift;
    for (let k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
    if (!(s > 0)) return null;
    const ljj = Math.sqrt(s);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = h[i * n + j];
      for (let k = 0; k < j; k++) t -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = t / ljj;
    }
  }
  const packed = new Float32Array((n * (n + 1)) / 2);
  for (let j = 0, q = 0; j < n; j++) for (let i = j; i < n; i++) packed[q++] = l[i * n + j];
  return packed;
}

/** v = (L Lᵀ)⁻¹ v, both sweeps along the stored columns. */
function choleskySolve(l: Float32Array, n: number, v: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const c = columnStart(j, n);
    const vj = v[j] / l[c];
    v[j] = vj;
    for (let i = j + 1; i < n; i++) v[i] -= l[c + i - j] * vj;
  }
  for (let i = n - 1; i >= 0; i--) {
    const c = columnStart(i, n);
    let s = v[i];
    for (let k = i + 1; k < n; k++) s -= l[c + k - i] * v[k];
    v[i] = s / l[c];
  }
  return;
}
