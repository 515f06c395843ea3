/**
 * Analytic Hessians of pair terms: what Vineyard's attempt frequencies need of an event's region
 * (landscape/saddles/vineyard.ts), without finite differences of forces.
 *
 * A pair function ψ(r_ij) adds to the Hessian the 3×3 block K = ψ'' u uᵀ + (ψ'/r)(I − u uᵀ) at
 * (i,i) and (j,j) and −K at (i,j) and (j,i), u the unit vector from j to i.
 */
import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import { minimumImage } from '../box.js';

/** K of a pair at distance r along u from ψ'(r) and ψ''(r), row-major, exactly symmetric. */
export function pairBlock(first: number, second: number, r: number, u: ArrayLike<number>): number[] {
  const K = new Array<number>(9);
  const radial = second - first / r, tangential = first / r;
  for (let a = 0; a < 3; a++) {
    for (let b = a; b < 3; b++) K[3 * a + b] = K[3 * b + a] = radial * u[a] * u[b] + (a === b ? tangential : 0);
  }
  return K;
}

/** A region's Hessian being assembled: 3n×3n row-major, row/column 3k + a for coordinate a of atoms[k]. */
export class RegionHessian {
  readonly H: Float64Array;
  readonly dim: number;
  /** Each atom's place in the region, −1 outside. */
  readonly slot: Int32Array;

  constructor(n: number, readonly atoms: number[]) {
    this.slot = new Int32Array(n).fill(-1);
    atoms.forEach((i, k) => (this.slot[i] = k));
    this.dim = 3 * atoms.length;
    this.H = new Float64Array(this.dim * this.dim);
  }

  /** Adds s·K at the block (a, b) when both atoms are in the region. */
  add(a: number, b: number, K: ArrayLike<number>, s = 1): void {
    const ra = this.slot[a], cb = this.slot[b];
    if (ra < 0 || cb < 0) return;
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) this.H[(3 * ra + u) * this.dim + 3 * cb + v] += s * K[3 * u + v];
  }

  /** The four blocks of a pair function's K. */
  addPair(i: number, j: number, K: ArrayLike<number>): void {
    this.add(i, i, K);
    this.add(j, j, K);
    this.add(i, j, K, -1);
    this.add(j, i, K, -1);
  }
}

/**
 * Each listed pair (minimum image) within `cutoffSq` of its species: visit(i, j, r, u). `nlist`
 * built for the state's positions.
 */
export function forEachPair(state: State, nlist: NeighborList, cutoffSq: (ti: number, tj: number) => number, visit: (i: number, j: number, r: number, u: number[]) => void): void {
  const { n, x, type, box } = state;
  const { start, end, neigh, rowOrder } = nlist;
  const d = [0, 0, 0];
  for (let row = 0; row < n; row++) {
    const i = rowOrder[row];
    for (let k = start[i]; k < end[i]; k++) {
      const j = neigh[k];
      for (let a = 0; a < 3; a++) d[a] = x[3 * i + a] - x[3 * j + a];
      minimumImage(box, d);
      const rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      if (rsq >= cutoffSq(type[i], type[j])) continue;
      const r = Math.sqrt(rsq);
      visit(i, j, r, [d[0] / r, d[1] / r, d[2] / r]);
    }
  }
}

/**
 * The Hessian of a pair potential (φ'(r), φ''(r) per species pair: Potential.pairCurvature) with
 * respect to the coordinates of `atoms`, the others held. A truncated potential's force jump at
 * the cut-off (a delta function in φ'') is left out, as a finite difference across it should too.
 */
export function pairRegionHessian(
  state: State, nlist: NeighborList, atoms: number[], cutoff: (ti: number, tj: number) => number,
  curvature: (ti: number, tj: number, r: number) => [number, number],
): Float64Array {
  const h = new RegionHessian(state.n, atoms);
  const { type } = state;
  forEachPair(state, nlist, (a, b) => cutoff(a, b) ** 2, (i, j, r, u) => {
    if (h.slot[i] < 0 && h.slot[j] < 0) return;
    const [first, second] = curvature(type[i], type[j], r);
    h.addPair(i, j, pairBlock(first, second, r, u));
  });
  return h.H;
}
