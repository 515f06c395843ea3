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
import { boxVolume, perpendicularWidths, type Box } from '../../sim/box.js';
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

  // Cells at least rmax / k thick across (perpendicular widths), so that the neighbours lie within
  // k cells along each axis: k = 1 for a short rmax, up to 3 for a long one (cells of about two mean
  // spacings; fewer candidates per pair found than with cells rmax thick, without many near-empty
  // cells). At most ~2 N^(1/3) cells per axis. Few cells along an axis are fine: the offsets below
  // are still distinct images.
  const spacing = Math.cbrt(boxVolume(box) / Math.max(n, 1));
  const k = Math.max(1, Math.min(3, Math.floor(rmax / (2 * spacing))));
  const cap = Math.max(3, Math.ceil(2 * Math.cbrt(n)));
  const nc = widths.map((w) => Math.max(1, Math.min(cap, Math.floor((k * w) / (rmax * (1 + 1e-12))))));
  const [nx, ny, nz] = nc;
  const { X, Y, Z, atom, cellStart } = binAtoms(box, x, [nx, ny, nz]);
  // Each atom's type times bins: the offset of its column in a row of the histogram.
  const TB = Int32Array.from(atom, (i) => type[i] * bins);

  // Half stencil: the cell itself (pairs i < j) and the forward half of the cells within k. Every
  // nearest-image pair closer than rmax is in exactly one (cell, offset) combination: the offsets
  // are distinct cells of the unwrapped grid, and a second image of a pair would be rmax or more away.
  const offsets: number[][] = [];
  for (let dz = -k; dz <= k; dz++)
    for (let dy = -k; dy <= k; dy++)
      for (let dx = -k; dx <= k; dx++) if (dz > 0 || (dz === 0 && (dy > 0 || (dy === 0 && dx > 0)))) offsets.push([dx, dy, dz]);
  // The non-empty stencil cells of one home cell: atoms from[m] .. to[m], periodic shift m.
  const from = new Int32Array(offsets.length), to = new Int32Array(offsets.length), shift = new Float64Array(3 * offsets.length);
  const delr = rmax / bins;
  const delrinv = 1 / delr;
  // Pairs a hair beyond rmax are left to the bin test (floor(r/dr) >= bins), as LAMMPS does.
  const cutSq = rmax * rmax * (1 + 1e-10);
  // Each pair is counted once, under (type of i, type of j); the ordered counts are that plus its transpose.
  const counts = new Float64Array(ntypes * ntypes * bins);
  for (let cz = 0; cz < nz; cz++)
    for (let cy = 0; cy < ny; cy++)
      for (let cx = 0; cx < nx; cx++) {
        const c = (cz * ny + cy) * nx + cx;
        const i0 = cellStart[c], i1 = cellStart[c + 1];
        if (i0 === i1) continue;
        let m = 0;
        for (const [dx, dy, dz] of offsets) {
          const ux = cx + dx, uy = cy + dy, uz = cz + dz;
          const wx = Math.floor(ux / nx), wy = Math.floor(uy / ny), wz = Math.floor(uz / nz);
          const d = ((uz - wz * nz) * ny + (uy - wy * ny)) * nx + (ux - wx * nx);
          if (cellStart[d] === cellStart[d + 1]) continue;
          // The periodic image of the neighbour cell: shift by wx a + wy b + wz c.
          from[m] = cellStart[d];
          to[m] = cellStart[d + 1];
          shift[3 * m] = wx * box.lx + wy * box.xy + wz * box.xz;
          shift[3 * m + 1] = wy * box.ly + wz * box.yz;
          shift[3 * m + 2] = wz * box.lz;
          m++;
        }
        countCell(X, Y, Z, TB, i0, i1, m, from, to, shift, cutSq, delrinv, bins, ntypes, counts);
      }
  for (let a = 0; a < ntypes; a++)
    for (let b = 0; b < ntypes; b++)
      for (let m = 0; m < bins; m++) out[(a * ntypes + b) * bins + m] += counts[(a * ntypes + b) * bins + m] + counts[(b * ntypes + a) * bins + m];
  return out;
}

/**
 * Pairs of the atoms of one home cell [i0, i1): with each other (i < j, no shift) and with the
 * atoms of the m stencil cells, shifted; each pair adds 1 to hist at row type(i), column type(j).
 */
function countCell(
  X: Float64Array, Y: Float64Array, Z: Float64Array, TB: Int32Array, i0: number, i1: number, m: number,
  from: Int32Array, to: Int32Array, shift: Float64Array, cutSq: number, delrinv: number, bins: number, ntypes: number, hist: Float64Array,
): void {
  for (let i = i0; i < i1; i++) {
    const xi = X[i], yi = Y[i], zi = Z[i], base = TB[i] * ntypes;
    for (let j = i + 1; j < i1; j++) {
      const dx = xi - X[j], dy = yi - Y[j], dz = zi - Z[j];
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq < cutSq) {
        const k = Math.floor(Math.sqrt(rsq) * delrinv);
        if (k < bins) hist[base + TB[j] + k] += 1;
      }
    }
    for (let r = 0; r < m; r++) {
      const sx = shift[3 * r], sy = shift[3 * r + 1], sz = shift[3 * r + 2];
      for (let j = from[r], j1 = to[r]; j < j1; j++) {
        const dx = xi - (X[j] + sx), dy = yi - (Y[j] + sy), dz = zi - (Z[j] + sz);
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq < cutSq) {
          const k = Math.floor(Math.sqrt(rsq) * delrinv);
          if (k < bins) hist[base + TB[j] + k] += 1;
        }
      }
    }
  }
  return;
}
