/**
 * Counts of atom pairs by species pair and distance bin in a periodic box (orthorhombic or
 * triclinic), with a cell list so that the cost is linear in the number of atoms.
 *
 * Bins are [k, k+1)·dr with dr = rmax / bins, and a pair at distance r falls in bin
 * floor(r / dr), as LAMMPS `compute rdf` bins it. The counts are of ordered pairs (i, j), j ≠ i:
 * hist[(ti·ntypes + tj)·bins + k] counts pairs with atom i of type ti and atom j of type tj, so
 * each unordered pair of like atoms is counted twice and each unlike pair once under (ti, tj) and
 * once under (tj, ti) — the counts LAMMPS tallies for its pair groups. Only the nearest image of
 * each pair is counted, so rmax must not exceed half the box's smallest perpendicular width.
 */
import { InputError } from '../../sim/errors.js';
import { perpendicularWidths, type Box } from '../../sim/box.js';
import { binAtoms } from './cell-grid.js';

export interface PairHistogramInput {
  box: Box;
  /** Positions, interleaved xyz (atoms outside the box are wrapped in here; the input is not changed). */
  x: Float64Array;
  /** 0-based species of each atom. */
  type: Int32Array;
  ntypes: number;
}

/** The largest rmax the nearest-image count allows: half the smallest perpendicular width of the box. */
export function largestRmax(box: Box): number {
  return 0.5 * Math.min(...perpendicularWidths(box));
}

/**
 * Ordered pair counts per species pair and bin, added into `hist` (length ntypes² · bins; a new
 * zeroed array when not given), which is returned.
 */
export function pairHistogram(input: PairHistogramInput, rmax: number, bins: number, hist?: Float64Array): Float64Array {
  const { box, x, type, ntypes } = input;
  const n = type.length;
  if (!(rmax > 0) || !(Number.isInteger(bins) && bins > 0)) throw new InputError(`pair histogram: need rmax > 0 and a whole number of bins > 0, got ${rmax}, ${bins}`);
  const widths = perpendicularWidths(box);
  if (rmax > 0.5 * Math.min(...widths) * (1 + 1e-12)) {
    throw new InputError(`rmax ${rmax} exceeds half the box's smallest perpendicular width (${0.5 * Math.min(...widths)})`);
  }
  const out = hist ?? new Float64Array(ntypes * ntypes * bins);
  if (out.length !== ntypes * ntypes * bins) throw new Error(`pair histogram: expected ${ntypes * ntypes * bins} slots, got ${out.length}`);

  // Cells at least rmax thick across (perpendicular widths), so neighbours lie in the 26 cells
  // around; at most ~2 N^(1/3) per axis so that a tiny rmax does not make empty cells abound.
  // One or two cells along an axis are fine: the offsets below are still distinct images.
  const cap = Math.max(3, Math.ceil(2 * Math.cbrt(n)));
  const nc = widths.map((w) => Math.max(1, Math.min(cap, Math.floor(w / (rmax * (1 + 1e-12))))));
  const [nx, ny, nz] = nc;
  const { X, Y, Z, atom, cellStart } = binAtoms(box, x, [nx, ny, nz]);
  const T = Int32Array.from(atom, (i) => type[i]);

  // Half stencil: the cell itself (pairs i < j) and 13 forward neighbours. Every nearest-image
  // pair closer than rmax is in exactly one (cell, offset) combination: the offsets are distinct
  // cells of the unwrapped grid, and a second image of a pair would be rmax or more away.
  const offsets: number[][] = [];
  for (let dz = -1; dz <= 1; dz++)
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) if (dz > 0 || (dz === 0 && (dy > 0 || (dy === 0 && dx > 0)))) offsets.push([dx, dy, dz]);

  const delr = rmax / bins;
  const delrinv = 1 / delr;
  // Pairs a hair beyond rmax are left to the bin test (floor(r/dr) >= bins), as LAMMPS does.
  const cutSq = rmax * rmax * (1 + 1e-10);
  for (let cz = 0; cz < nz; cz++)
    for (let cy = 0; cy < ny; cy++)
      for (let cx = 0; cx < nx; cx++) {
        const c = (cz * ny + cy) * nx + cx;
        const i0 = cellStart[c], i1 = cellStart[c + 1];
        if (i0 === i1) continue;
        countWithinCell(X, Y, Z, T, i0, i1, cutSq, delrinv, bins, ntypes, out);
        for (const [dx, dy, dz] of offsets) {
          const ux = cx + dx, uy = cy + dy, uz = cz + dz;
          const wx = Math.floor(ux / nx), wy = Math.floor(uy / ny), wz = Math.floor(uz / nz);
          const d = ((uz - wz * nz) * ny + (uy - wy * ny)) * nx + (ux - wx * nx);
          const j0 = cellStart[d], j1 = cellStart[d + 1];
          if (j0 === j1) continue;
          // The periodic image of the neighbour cell: shift by wx a + wy b + wz c.
          const sx = wx * box.lx + wy * box.xy + wz * box.xz;
          const sy = wy * box.ly + wz * box.yz;
          const sz = wz * box.lz;
          countBetweenCells(X, Y, Z, T, i0, i1, j0, j1, sx, sy, sz, cutSq, delrinv, bins, ntypes, out);
        }
      }
  return out;
}

/** Pairs i < j of one cell (no image shift). */
function countWithinCell(
  X: Float64Array, Y: Float64Array, Z: Float64Array, T: Int32Array, i0: number, i1: number,
  cutSq: number, delrinv: number, bins: number, ntypes: number, hist: Float64Array,
): void {
  for (let i = i0; i < i1; i++) {
    const xi = X[i], yi = Y[i], zi = Z[i], ti = T[i];
    for (let j = i + 1; j < i1; j++) {
      const dx = xi - X[j], dy = yi - Y[j], dz = zi - Z[j];
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq < cutSq) {
        const k = Math.floor(Math.sqrt(rsq) * delrinv);
        if (k < bins) {
          const tj = T[j];
          hist[(ti * ntypes + tj) * bins + k] += 1;
          hist[(tj * ntypes + ti) * bins + k] += 1;
        }
      }
    }
  }
  return;
}

/** Pairs between atoms of one cell and those of another, the latter shifted by (sx, sy, sz). */
function countBetweenCells(
  X: Float64Array, Y: Float64Array, Z: Float64Array, T: Int32Array, i0: number, i1: number, j0: number, j1: number,
  sx: number, sy: number, sz: number, cutSq: number, delrinv: number, bins: number, ntypes: number, hist: Float64Array,
): void {
  for (let i = i0; i < i1; i++) {
    const xi = X[i], yi = Y[i], zi = Z[i], ti = T[i];
    for (let j = j0; j < j1; j++) {
      const dx = xi - (X[j] + sx), dy = yi - (Y[j] + sy), dz = zi - (Z[j] + sz);
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq < cutSq) {
        const k = Math.floor(Math.sqrt(rsq) * delrinv);
        if (k < bins) {
          const tj = T[j];
          hist[(ti * ntypes + tj) * bins + k] += 1;
          hist[(tj * ntypes + ti) * bins + k] += 1;
        }
      }
    }
  }
  return;
}
