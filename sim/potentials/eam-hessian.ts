/**
 * The analytic Hessian of the EAM energy with respect to the coordinates of some atoms (the others
 * held), of the very splines the force loop differentiates (eam-tables.ts): what Vineyard's
 * attempt frequencies need of an event's region (landscape/saddles/vineyard.ts), without the
 * 2·3n whole-box force evaluations of finite differences.
 *
 * With E = Σ_i F_i(ρ_i) + Σ_{i<j} φ_ij(r_ij) and ρ_i = Σ_j f_{j→i}(r_ij), the gradient of ρ_i is
 * g_i,i = Σ_j f'_{j→i} u_ij on atom i and g_i,j = −f'_{j→i} u_ij on a neighbour j (u_ij the unit
 * vector from j to i), and
 *
 *   H = Σ_pairs K(ψ_ij) + Σ_i F''_i(ρ_i) g_i g_iᵀ,   ψ_ij(r) = φ_ij(r) + F'_i f_{j→i}(r) + F'_j f_{i→j}(r),
 *
 * where a pair function ψ(r_ij) adds K = ψ'' u uᵀ + (ψ'/r)(I − u uᵀ) to the blocks (i,i) and
 * (j,j) and −K to (i,j) and (j,i). Second derivatives of a spline piece: (2 c0 p + c1)/Δ from its
 * derivative coefficients (F'' is 0 beyond rhomax, where F is extended linearly); φ = z2/r from
 * the tabulated z2 = r φ.
 */
import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import { minimumImage } from '../box.js';
import { EMB, PAIR, type EamTables } from './eam-tables.js';

/** A spline piece's place: knot m and fraction p, clamped as in the force loop. */
function piece(x: number, scale: number, last: number): [number, number] {
  let p = x * scale + 1.0;
  const m = Math.max(1, Math.min(Math.trunc(p), last));
  p = Math.min(p - m, 1.0);
  return [m, p];
}

/** Value, first and second derivative of the piece with coefficients c0..c2 (derivative) at `at` and c3..c6 (value) at `value`. */
function spline(s: Float64Array, at: number, value: number, p: number, scale: number): [number, number, number] {
  const v = value < 0 ? NaN : ((s[value] * p + s[value + 1]) * p + s[value + 2]) * p + s[value + 3];
  return [v, (s[at] * p + s[at + 1]) * p + s[at + 2], scale * (2 * s[at] * p + s[at + 1])];
}

/**
 * The 3n×3n Hessian (row-major, row/column 3k + a: coordinate a of atoms[k]) at the state's
 * positions, from the pairs of `nlist` within the cut-off (minimum image), the list built for them.
 */
export function eamRegionHessian(t: EamTables, state: State, nlist: NeighborList, atoms: number[]): Float64Array {
  const { n, x, type, box } = state;
  const slot = new Int32Array(n).fill(-1);
  atoms.forEach((i, k) => (slot[i] = k));
  const dim = 3 * atoms.length;
  const H = new Float64Array(dim * dim);
  const pairs: { i: number; j: number; r: number; u: [number, number, number]; q: number; p: number }[] = [];
  const rho = new Float64Array(n);
  const d = new Float64Array(3);
  const { start, end, neigh, rowOrder } = nlist;
  for (let r = 0; r < n; r++) {
    const i = rowOrder[r];
    for (let k = start[i]; k < end[i]; k++) {
      const j = neigh[k];
      for (let a = 0; a < 3; a++) d[a] = x[3 * i + a] - x[3 * j + a];
      minimumImage(box, d);
      const rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      if (rsq >= t.cutforcesq) continue;
      const rij = Math.sqrt(rsq);
      const [m, p] = piece(rij, t.rdr, t.nr - 1);
      const q = ((type[i] * t.ntypes + type[j]) * (t.nr + 1) + m) * PAIR;
      pairs.push({ i, j, r: rij, u: [d[0] / rij, d[1] / rij, d[2] / rij], q, p });
      const dq = q / PAIR * 8;
      rho[i] += ((t.dens[dq] * p + t.dens[dq + 1]) * p + t.dens[dq + 2]) * p + t.dens[dq + 3];
      rho[j] += ((t.dens[dq + 4] * p + t.dens[dq + 5]) * p + t.dens[dq + 6]) * p + t.dens[dq + 7];
    }
  }
  // F' and F'' of every atom at its density.
  const fp = new Float64Array(n), fpp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [m, p] = piece(rho[i], t.rdrho, t.nrho - 1);
    const e = (type[i] * (t.nrho + 1) + m) * EMB;
    const [, first, second] = spline(t.emb, e, -1, p, t.rdrho);
    fp[i] = first;
    fpp[i] = rho[i] > t.rhomax ? 0 : second;
  }
  // The gradient of each density on the region's atoms: g[i] holds (region slot, vector) pairs.
  const grad = new Map<number, Map<number, [number, number, number]>>();
  const addGrad = (i: number, atom: number, s: number, u: readonly number[]) => {
    if (slot[atom] < 0) return;
    let g = grad.get(i);
    if (!g) grad.set(i, (g = new Map()));
    const v = g.get(atom) ?? [0, 0, 0];
    for (let a = 0; a < 3; a++) v[a] += s * u[a];
    g.set(atom, v);
  };
  const addBlock = (a: number, b: number, K: number[]) => {
    if (slot[a] < 0 || slot[b] < 0) return;
    const ra = 3 * slot[a], cb = 3 * slot[b];
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) H[(ra + u) * dim + cb + v] += K[3 * u + v];
  };
  for (const { i, j, r, u, q, p } of pairs) {
    const [, fji1, fji2] = spline(t.pair, q + 3, -1, p, t.rdr); // f_{j→i}
    const [, fij1, fij2] = spline(t.pair, q, -1, p, t.rdr); // f_{i→j}
    const [z, z1, z2] = spline(t.pair, q + 6, q + 9, p, t.rdr); // r φ
    const phi1 = z1 / r - z / (r * r), phi2 = z2 / r - (2 * z1) / (r * r) + (2 * z) / (r * r * r);
    const psi1 = phi1 + fp[i] * fji1 + fp[j] * fij1, psi2 = phi2 + fp[i] * fji2 + fp[j] * fij2;
    if (slot[i] >= 0 || slot[j] >= 0) {
      const K = new Array<number>(9);
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) K[3 * a + b] = (psi2 - psi1 / r) * u[a] * u[b] + (a === b ? psi1 / r : 0);
      addBlock(i, i, K);
      addBlock(j, j, K);
      const minus = K.map((v) => -v);
      addBlock(i, j, minus);
      addBlock(j, i, minus);
    }
    addGrad(i, i, fji1, u);
    addGrad(i, j, -fji1, u);
    addGrad(j, j, -fij1, u); // u_ji = −u_ij
    addGrad(j, i, fij1, u);
  }
  for (const [i, g] of grad) {
    if (fpp[i] === 0) continue;
    for (const [a, ga] of g) {
      for (const [b, gb] of g) {
        const ra = 3 * slot[a], cb = 3 * slot[b];
        for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) H[(ra + u) * dim + cb + v] += fpp[i] * ga[u] * gb[v];
      }
    }
  }
  // Symmetric to round-off already; exactly so, as the finite-difference Hessian is made.
  for (let r = 0; r < dim; r++) {
    for (let c = r + 1; c < dim; c++) H[r * dim + c] = H[c * dim + r] = 0.5 * (H[r * dim + c] + H[c * dim + r]);
  }
  return H;
}
