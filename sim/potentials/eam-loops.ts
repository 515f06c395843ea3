/**
 * The loops, over the half list as in LAMMPS PairEAM::compute with newton on: pass 1 sums the host
 * densities (and keeps the pairs within the cut-off), the embedding loop below turns densities into
 * F'(rho) (and F), pass 2 computes the pair forces over the kept pairs. The two pair passes are the
 * WebAssembly kernel sim/wasm/assembly/eam.ts; partitionRows and the embedding stay here. Each runs
 * over a range of rows (atoms for the embedding): the cpu backend runs them over everything, a
 * worker of the threads backend over its own range.
 */
import type { PairView } from './pair-view.js';
import { EMB, type EamTables } from './eam-tables.js';

/**
 * Reorders each row of a freshly built list in place: within each of its two parts (before and
 * from wrapStart) the pairs inside the cut-off come first. About half the listed pairs (skin 2 Å)
 * are beyond the cut-off; in build order the cut-off test of pass 1 is a coin toss for the
 * branch predictor, in this order it is right nearly every time until the next build. Returns
 * the number of pairs inside the cut-off.
 */
export function partitionRows(v: PairView, cutforcesq: number, r0: number, r1: number): number {
  const { x, box, start, wrapStart, end, neigh, rowOrder } = v;
  const { lx, ly, lz, xy, xz, yz } = box;
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  const inside = (i: number, j: number, wrapped: boolean) => {
    let dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1], dz = x[3 * i + 2] - x[3 * j + 2];
    if (wrapped) {
      if (dz > hz) { dz -= lz; dy -= yz; dx -= xz; } else if (dz < -hz) { dz += lz; dy += yz; dx += xz; }
      if (dy > hy) { dy -= ly; dx -= xy; } else if (dy < -hy) { dy += ly; dx += xy; }
      if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
    }
    return dx * dx + dy * dy + dz * dz < cutforcesq;
  };
  let count = 0;
  for (let r = r0; r < r1; r++) {
    const i = rowOrder[r];
    for (const [from, to, wrapped] of [[start[i], wrapStart[i], false], [wrapStart[i], end[i], true]] as const) {
      let lo = from, hi = to - 1;
      while (lo <= hi) {
        if (inside(i, neigh[lo], wrapped)) {
          lo++;
        } else {
          const j = neigh[lo];
          neigh[lo] = neigh[hi];
          neigh[hi--] = j;
        }
      }
      count += lo - from;
    }
  }
  return count;
}

/** F'(rho_i) into fp; returns the embedding energy sum F(rho_i) (and adds it to peAtom if given). */
export function eamEmbedding(
  type: Int32Array, i0: number, i1: number, t: EamTables, rho: Float64Array, fp: Float64Array, peAtom: Float64Array | null,
): number {
  const { nrho, rdrho, rhomax, emb } = t;
  const nrhom1 = nrho - 1, stride = nrho + 1;
  let energy = 0;
  for (let i = i0; i < i1; i++) {
    const rhoi = rho[i];
    let p = rhoi * rdrho + 1.0;
    let m = Math.trunc(p);
    if (m > nrhom1) m = nrhom1;
    if (m < 1) m = 1;
    p -= m;
    if (p > 1.0) p = 1.0;
    const c = (type[i] * stride + m) * EMB;
    const fpi = (emb[c] * p + emb[c + 1]) * p + emb[c + 2];
    fp[i] = fpi;
    let F = ((emb[c + 3] * p + emb[c + 4]) * p + emb[c + 5]) * p + emb[c + 6];
    if (rhoi > rhomax) F += fpi * (rhoi - rhomax);
    energy += F;
    if (peAtom !== null) peAtom[i] += F;
  }
  return energy;
}
