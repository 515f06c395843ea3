/**
 * EAM tables for the gpu.js kernels, in f32: the same LAMMPS splines as sim/potentials/eam.ts
 * (splineCoefficients: 7 coefficients per knot, 1-based knots), packed per species pair
 * p = ti ntypes + tj and knot m as gpu-kernels.ts reads them.
 */
import type { EamFile } from '../io/eam-file.js';
import { splineCoefficients } from '../potentials/eam-tables.js';

export interface EamDeviceTables {
  ntypes: number;
  nr: number;
  rdr: number;
  cutforcesq: number;
  /** 4 per knot: c3..c6 of the density that tj adds at ti. */
  dens: Float32Array;
  /** 16 per knot: c0..c2 of rho'_{i->j}, c0..c2 of rho'_{j->i}, c0..c2 and c3..c6 of r phi, 3 unused. */
  pair: Float32Array;
}

/** `map[t]` is the file element of species t. */
export function eamDeviceTables(file: EamFile, map: number[]): EamDeviceTables {
  const nt = map.length;
  const nel = file.elements.length;
  const { nr, dr } = file;
  const rhoSpline = file.rhor.map((f) => splineCoefficients(f, dr));
  const z2rSpline = file.z2r.map((f) => splineCoefficients(f, dr));
  // The density by which an atom of species a adds at one of species b (LAMMPS type2rhor[a][b]).
  const densityBy = (a: number, b: number) => rhoSpline[file.style === 'eam/fs' ? map[a] * nel + map[b] : map[a]];
  const pairOf = (a: number, b: number) => {
    const hi = Math.max(map[a], map[b]), lo = Math.min(map[a], map[b]);
    return z2rSpline[(hi * (hi + 1)) / 2 + lo];
  };
  const dens = new Float32Array(nt * nt * (nr + 1) * 4);
  const pair = new Float32Array(nt * nt * (nr + 1) * 16);
  for (let ti = 0; ti < nt; ti++) {
    for (let tj = 0; tj < nt; tj++) {
      const atI = densityBy(tj, ti), atJ = densityBy(ti, tj), z2 = pairOf(ti, tj);
      const p = ti * nt + tj;
      for (let m = 0; m <= nr; m++) {
        const d = (p * (nr + 1) + m) * 4, q = (p * (nr + 1) + m) * 16, s = m * 7;
        for (let c = 0; c < 4; c++) dens[d + c] = atI[s + 3 + c];
        for (let c = 0; c < 3; c++) {
          pair[q + c] = atJ[s + c];
          pair[q + 3 + c] = atI[s + c];
          pair[q + 6 + c] = z2[s + c];
        }
        for (let c = 0; c < 4; c++) pair[q + 9 + c] = z2[s + 3 + c];
      }
    }
  }
  return { ntypes: nt, nr, rdr: 1 / dr, cutforcesq: file.cutoff * file.cutoff, dens, pair };
}
