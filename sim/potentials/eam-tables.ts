/**
 * The EAM tables of the loops (sim/potentials/eam.ts): every function of an EAM file splined as
 * LAMMPS pair_eam does (file2array + array2spline) and packed per species pair.
 */
import type { EamFile } from '../io/eam-file.js';

/**
 * LAMMPS `interpolate`: cubic spline coefficients of f tabulated at spacing delta. Knots are
 * 1-based as in LAMMPS (row 0 unused); row m holds c0..c6: value on [m, m+1] at fraction p is
 * ((c3 p + c4) p + c5) p + c6, its derivative by the tabulated variable (c0 p + c1) p + c2.
 */
export function splineCoefficients(f: Float64Array, delta: number): Float64Array {
  const n = f.length;
  const s = new Float64Array((n + 1) * 7);
  const at = (m: number, c: number) => m * 7 + c;
  for (let m = 1; m <= n; m++) s[at(m, 6)] = f[m - 1];
  // Slopes (per knot): one-sided at the ends, central next to them, 5-point stencil inside.
  s[at(1, 5)] = s[at(2, 6)] - s[at(1, 6)];
  s[at(2, 5)] = 0.5 * (s[at(3, 6)] - s[at(1, 6)]);
  s[at(n - 1, 5)] = 0.5 * (s[at(n, 6)] - s[at(n - 2, 6)]);
  s[at(n, 5)] = s[at(n, 6)] - s[at(n - 1, 6)];
  for (let m = 3; m <= n - 2; m++) {
    s[at(m, 5)] = ((s[at(m - 2, 6)] - s[at(m + 2, 6)]) + 8.0 * (s[at(m + 1, 6)] - s[at(m - 1, 6)])) / 12.0;
  }
  // Hermite cubic on [m, m+1] through both values with both slopes.
  for (let m = 1; m <= n - 1; m++) {
    s[at(m, 4)] = 3.0 * (s[at(m + 1, 6)] - s[at(m, 6)]) - 2.0 * s[at(m, 5)] - s[at(m + 1, 5)];
    s[at(m, 3)] = s[at(m, 5)] + s[at(m + 1, 5)] - 2.0 * (s[at(m + 1, 6)] - s[at(m, 6)]);
  }
  s[at(n, 4)] = 0.0;
  s[at(n, 3)] = 0.0;
  // Derivative coefficients, by the tabulated variable (hence / delta).
  for (let m = 1; m <= n; m++) {
    s[at(m, 2)] = s[at(m, 5)] / delta;
    s[at(m, 1)] = (2.0 * s[at(m, 4)]) / delta;
    s[at(m, 0)] = (3.0 * s[at(m, 3)]) / delta;
  }
  return s;
}

/**
 * The kernel tables, flat and indexed by species pair p = ti * ntypes + tj and knot m:
 *  - dens (8 per knot, pass 1): c3..c6 of the density that j adds at i, then of what i adds at j;
 *  - pair (16 per knot, pass 2): c0..c2 of d/dr (density i adds at j), of d/dr (density j adds
 *    at i), c0..c2 then c3..c6 of r*phi; 3 padding slots make a knot 128 bytes
 *    (the kernel memories align arrays to 16 bytes only: aligning the tables to cache lines, so
 *    that a knot spans two lines rather than three, measured no gain, 2026-12-07);
 *  - emb (8 per knot, per species): c0..c6 of F.
 */
export interface EamTables {
  ntypes: number;
  nr: number;
  nrho: number;
  rdr: number;
  rdrho: number;
  rhomax: number;
  cutforcesq: number;
  dens: Float64Array;
  pair: Float64Array;
  emb: Float64Array;
}

/** Coefficients per knot in dens, pair and emb. */
export const DENS = 8;
export const PAIR = 16;
export const EMB = 8;

/** Splines every table (LAMMPS file2array + array2spline) and packs them per species pair for the loops. */
export function eamTables(file: EamFile, map: number[]): EamTables {
  const nt = map.length;
  const nel = file.elements.length;
  const { nr, nrho, dr, drho } = file;
  const rhoSpline = file.rhor.map((f) => splineCoefficients(f, dr));
  const z2rSpline = file.z2r.map((f) => splineCoefficients(f, dr));
  const frhoSpline = file.frho.map((f) => splineCoefficients(f, drho));
  // LAMMPS type2rhor[a][b]: the density function by which an atom of species a adds to one of species b.
  const densityBy = (a: number, b: number) => rhoSpline[file.style === 'eam/fs' ? map[a] * nel + map[b] : map[a]];
  const pairOf = (a: number, b: number) => {
    const hi = Math.max(map[a], map[b]), lo = Math.min(map[a], map[b]);
    return z2rSpline[(hi * (hi + 1)) / 2 + lo];
  };
  const dens = new Float64Array(nt * nt * (nr + 1) * DENS);
  const pair = new Float64Array(nt * nt * (nr + 1) * PAIR);
  for (let ti = 0; ti < nt; ti++) {
    for (let tj = 0; tj < nt; tj++) {
      const atI = densityBy(tj, ti), atJ = densityBy(ti, tj), z2 = pairOf(ti, tj);
      const k = ti * nt + tj;
      for (let m = 0; m <= nr; m++) {
        const d = (k * (nr + 1) + m) * DENS, q = (k * (nr + 1) + m) * PAIR, s = m * 7;
        for (let c = 0; c < 4; c++) {
          dens[d + c] = atI[s + 3 + c];
          dens[d + 4 + c] = atJ[s + 3 + c];
        }
        for (let c = 0; c < 3; c++) {
          pair[q + c] = atJ[s + c]; // rhoip
          pair[q + 3 + c] = atI[s + c]; // rhojp
          pair[q + 6 + c] = z2[s + c];
        }
        for (let c = 0; c < 4; c++) pair[q + 9 + c] = z2[s + 3 + c];
      }
    }
  }
  const emb = new Float64Array(nt * (nrho + 1) * EMB);
  for (let t = 0; t < nt; t++) {
    const F = frhoSpline[map[t]];
    for (let m = 0; m <= nrho; m++) {
      for (let c = 0; c < 7; c++) emb[(t * (nrho + 1) + m) * EMB + c] = F[m * 7 + c];
    }
  }
  return {
    ntypes: nt, nr, nrho, rdr: 1.0 / dr, rdrho: 1.0 / drho, rhomax: (nrho - 1) * drho,
    cutforcesq: file.cutoff * file.cutoff, dens, pair, emb,
  };
}
