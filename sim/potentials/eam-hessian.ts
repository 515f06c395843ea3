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
import { DENS, EMB, PAIR, type EamTables } from './eam-tables.js';
import { RegionHessian, forEachPair, pairBlock } from './pair-hessian.js';

/** A spline piece's place: knot m and fraction p, clamped as in the force loop. */
function piece(x: number, scale: number, last: number): [number, number] {
  let p = x * scale + 1.0;
  const m = Math.max(1, Math.min(Math.trunc(p), last));
  p = Math.min(p - m, 1.0);
  return [m, p];
}

/** Value, first and second derivative of the piece with coefficients c0..c2 (derivative) at `at` and c3..c6 (value) at `value` (−1: none). */
function spline(s: Float64Array, at: number, value: number, p: number, scale: number): [number, number, number] {
  const v = value < 0 ? NaN : ((s[value] * p + s[value + 1]) * p + s[value + 2]) * p + s[value + 3];
  return [v, (s[at] * p + s[at + 1]) * p + s[at + 2], scale * (2 * s[at] * p + s[at + 1])];
}

/**
 * The 3n×3n Hessian (row-major, row/column 3k + a: coordinate a of atoms[k]) at the state's
 * positions, from the pairs of `nlist` within the cut-off (minimum image), the list built for them.
 */
export function eamRegionHessian(t: EamTables, state: State, nlist: NeighborList, atoms: number[]): Float64Array {
  const { n, type } = state;
  const h = new RegionHessian(n, atoms);
  const pairs: { i: number; j: number; r: number; u: number[]; q: number; p: number }[] = [];
  const rho = new Float64Array(n);
  forEachPair(state, nlist, () => t.cutforcesq, (i, j, r, u) => {
    const [m, p] = piece(r, t.rdr, t.nr - 1);
    const knot = (type[i] * t.ntypes + type[j]) * (t.nr + 1) + m;
    pairs.push({ i, j, r, u, q: knot * PAIR, p });
    const d = knot * DENS;
    rho[i] += ((t.dens[d] * p + t.dens[d + 1]) * p + t.dens[d + 2]) * p + t.dens[d + 3];
    rho[j] += ((t.dens[d + 4] * p + t.dens[d + 5]) * p + t.dens[d + 6]) * p + t.dens[d + 7];
  });
  // F' and F'' of every atom at its density.
  const fp = new Float64Array(n), fpp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [m, p] = piece(rho[i], t.rdrho, t.nrho - 1);
    const [, first, second] = spline(t.emb, (type[i] * (t.nrho + 1) + m) * EMB, -1, p, t.rdrho);
    fp[i] = first;
    fpp[i] = rho[i] > t.rhomax ? 0 : second;
  }
  // The gradient of each density on the region's atoms: grad.get(i) maps a region atom to ∂ρ_i/∂x_atom.
  const grad = new Map<number, Map<number, number[]>>();
  const addGrad = (i: number, atom: number, s: number, u: readonly number[]) => {
    if (h.slot[atom] < 0) return;
    let g = grad.get(i);
    if (!g) grad.set(i, (g = new Map()));
    const v = g.get(atom) ?? [0, 0, 0];
    for (let a = 0; a < 3; a++) v[a] += s * u[a];
    g.set(atom, v);
  };
  for (const { i, j, r, u, q, p } of pairs) {
    const [, fji1, fji2] = spline(t.pair, q + 3, -1, p, t.rdr); // f_{j→i}
    const [, fij1, fij2] = spline(t.pair, q, -1, p, t.rdr); // f_{i→j}
    const [z, z1, z2] = spline(t.pair, q + 6, q + 9, p, t.rdr); // r φ
    const phi1 = z1 / r - z / (r * r), phi2 = z2 / r - (2 * z1) / (r * r) + (2 * z) / (r * r * r);
    if (h.slot[i] >= 0 || h.slot[j] >= 0) h.addPair(i, j, pairBlock(phi1 + fp[i] * fji1 + fp[j] * fij1, phi2 + fp[i] * fji2 + fp[j] * fij2, r, u));
    addGrad(i, i, fji1, u);
    addGrad(i, j, -fji1, u);
    addGrad(j, j, -fij1, u); // u_ji = −u_ij
    addGrad(j, i, fij1, u);
  }
  const outer = new Array<number>(9);
  for (const [i, g] of grad) {
    if (fpp[i] === 0) continue;
    for (const [a, ga] of g) {
      for (const [b, gb] of g) {
        for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) outer[3 * u + v] = ga[u] * gb[v];
        h.add(a, b, outer, fpp[i]);
      }
    }
  }
  // Symmetric to round-off already; exactly so, as the finite-difference Hessian is made.
  const { H, dim } = h;
  for (let r = 0; r < dim; r++) {
    for (let c = r + 1; c < dim; c++) H[r * dim + c] = H[c * dim + r] = 0.5 * (H[r * dim + c] + H[c * dim + r]);
  }
  return H;
}
