/**
 * Per-atom virial W_i,ab = 1/2 sum_j r_ij,a F_ij,b (each pair's r_a F_b split half to each atom, as
 * LAMMPS `compute stress/atom` does for pair styles, so that sum_i W_i is the total virial). Both
 * supported potentials have central pair forces F_ij = fpair r_ij once the EAM embedding
 * derivatives are known, so one loop over the half neighbour list gives it: LJ through the pair
 * law, EAM through the same tables and interpolation as the force loop (sim/potentials/eam.ts).
 */
import { InputError } from '../../sim/errors.js';
import type { State } from '../../sim/state.js';
import { computeForces, type ForceField } from '../../sim/forces.js';
import { LennardJones, ljTables, type LJTables } from '../../sim/potentials/lj.js';
import { EAM, type EamTables } from '../../sim/potentials/eam.js';
import type { NeighborList } from '../../sim/neighbor.js';

/**
 * Per-atom virials (6 per atom: xx yy zz xy xz yz, energy units) at the current positions; also
 * computes forces, energy and the total virial into ff.out (the independent total of the potential).
 */
export function perAtomVirial(state: State, ff: ForceField, out = new Float64Array(6 * state.n)): Float64Array {
  computeForces(state, ff, { energyVirial: true });
  out.fill(0);
  const pot = ff.potential;
  if (pot instanceof LennardJones) {
    ljPerAtomVirial(state, ff.nlist, ljTablesOf(pot), out);
  } else if (pot instanceof EAM) {
    eamPerAtomVirial(state, ff.nlist, pot.tables, pot.densities().fp, out);
  } else {
    throw new InputError(`per-atom virials need a Lennard-Jones or EAM potential (got ${pot.name})`);
  }
  return out;
}

const tableCache = new WeakMap<LennardJones, LJTables>();
export function ljTablesOf(pot: LennardJones): LJTables {
  let t = tableCache.get(pot);
  if (!t) tableCache.set(pot, (t = ljTables(pot.model)));
  return t;
}

/** Separation of a listed pair with the minimum image where the list says it may be needed. */
function separation(x: Float64Array, i: number, j: number, wrapped: boolean, box: State['box'], d: Float64Array): void {
  let dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1], dz = x[3 * i + 2] - x[3 * j + 2];
  if (wrapped) {
    const { lx, ly, lz, xy, xz, yz } = box;
    if (dz > 0.5 * lz) { dz -= lz; dy -= yz; dx -= xz; } else if (dz < -0.5 * lz) { dz += lz; dy += yz; dx += xz; }
    if (dy > 0.5 * ly) { dy -= ly; dx -= xy; } else if (dy < -0.5 * ly) { dy += ly; dx += xy; }
    if (dx > 0.5 * lx) dx -= lx; else if (dx < -0.5 * lx) dx += lx;
  }
  d[0] = dx; d[1] = dy; d[2] = dz;
}

function addPair(w: Float64Array, i: number, j: number, dx: number, dy: number, dz: number, fpair: number): void {
  const hxx = 0.5 * dx * dx * fpair, hyy = 0.5 * dy * dy * fpair, hzz = 0.5 * dz * dz * fpair;
  const hxy = 0.5 * dx * dy * fpair, hxz = 0.5 * dx * dz * fpair, hyz = 0.5 * dy * dz * fpair;
  const a = 6 * i, b = 6 * j;
  w[a] += hxx; w[a + 1] += hyy; w[a + 2] += hzz; w[a + 3] += hxy; w[a + 4] += hxz; w[a + 5] += hyz;
  w[b] += hxx; w[b + 1] += hyy; w[b + 2] += hzz; w[b + 3] += hxy; w[b + 4] += hxz; w[b + 5] += hyz;
}

/**
 * Calls visit(i, j, d, rsq, p) for every listed pair inside its cut-off: d = x_i - x_j (minimum
 * image where needed; the array is reused), p the pair's index into the LJ tables.
 */
export function forEachLJPair(
  state: State, nl: NeighborList, t: LJTables, visit: (i: number, j: number, d: Float64Array, rsq: number, p: number) => void,
): void {
  const { x, type, box } = state;
  const d = new Float64Array(3);
  for (let i = 0; i < state.n; i++) {
    const row = type[i] * t.ntypes;
    for (let k = nl.start[i]; k < nl.end[i]; k++) {
      const j = nl.neigh[k];
      separation(x, i, j, k >= nl.wrapStart[i], box, d);
      const rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      const p = row + type[j];
      if (rsq < t.cutsq[p]) visit(i, j, d, rsq, p);
    }
  }
}

function ljPerAtomVirial(state: State, nl: NeighborList, t: LJTables, w: Float64Array): void {
  forEachLJPair(state, nl, t, (i, j, d, rsq, p) => {
    const r2inv = 1 / rsq;
    const r6inv = r2inv * r2inv * r2inv;
    addPair(w, i, j, d[0], d[1], d[2], r6inv * (t.lj1[p] * r6inv - t.lj2[p]) * r2inv);
  });
}

/** EAM pair force -(F'_i rho'_{j->i} + F'_j rho'_{i->j} + phi') / r, from the packed tables (layout in eam.ts). */
function eamPerAtomVirial(state: State, nl: NeighborList, t: EamTables, fp: Float64Array, w: Float64Array): void {
  const { x, type, box } = state;
  const { ntypes: nt, rdr, pair, cutforcesq } = t;
  const nrm1 = t.nr - 1, stride = t.nr + 1;
  const PAIR = 16;
  const d = new Float64Array(3);
  for (let i = 0; i < state.n; i++) {
    const row = type[i] * nt;
    for (let k = nl.start[i]; k < nl.end[i]; k++) {
      const j = nl.neigh[k];
      separation(x, i, j, k >= nl.wrapStart[i], box, d);
      const rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      if (rsq >= cutforcesq) continue;
      const rij = Math.sqrt(rsq);
      let p = rij * rdr + 1.0;
      let m = p | 0;
      if (m > nrm1) m = nrm1;
      p -= m;
      if (p > 1.0) p = 1.0;
      const c = ((row + type[j]) * stride + m) * PAIR;
      const rhoip = (pair[c] * p + pair[c + 1]) * p + pair[c + 2];
      const rhojp = (pair[c + 3] * p + pair[c + 4]) * p + pair[c + 5];
      const z2p = (pair[c + 6] * p + pair[c + 7]) * p + pair[c + 8];
      const z2 = ((pair[c + 9] * p + pair[c + 10]) * p + pair[c + 11]) * p + pair[c + 12];
      const phi = z2 / rij;
      const phip = z2p / rij - phi / rij;
      const psip = fp[i] * rhojp + fp[j] * rhoip + phip;
      addPair(w, i, j, d[0], d[1], d[2], -psip / rij);
    }
  }
}
