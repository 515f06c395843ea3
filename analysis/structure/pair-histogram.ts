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
import { countCellPairs } from '../../sim/wasm/histogram-kernel.js';
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

  // Half stencil: the cell itself (pairs i < j) and the forward half of the cells within k. Every
  // nearest-image pair closer than rmax is in exactly one (cell, offset) combination: the offsets
  // are distinct cells of the unwrapped grid, and a second image of a pair would be rmax or more away.
  const offsets: number[] = [];
  for (let dz = -k; dz <= k; dz++)
    for (let dy = -k; dy <= k; dy++)
      for (let dx = -k; dx <= k; dx++) if (dz > 0 || (dz === 0 && (dy > 0 || (dy === 0 && dx > 0)))) offsets.push(dx, dy, dz);
  // The pair loop (WebAssembly) counts each pair once, under (type of i, type of j), with
  // d = x_i − (x_j + image shift), r² = (dx² + dy²) + dz², bin ⌊r / dr⌋ < bins. Pairs a hair beyond
  // rmax are left to that bin test, as LAMMPS does.
  const counts = countCellPairs(
    { box, cells: [nx, ny, nz], X, Y, Z, column: Int32Array.from(atom, (i) => type[i] * bins), cellStart, offsets: Int32Array.from(offsets) },
    rmax * rmax * (1 + 1e-10), 1 / (rmax / bins), bins, ntypes,
  );
  // Ordered counts: each type pair's count plus that of its transpose.
  for (let a = 0; a < ntypes; a++)
    for (let b = 0; b < ntypes; b++)
      for (let m = 0; m < bins; m++) out[(a * ntypes + b) * bins + m] += counts[(a * ntypes + b) * bins + m] + counts[(b * ntypes + a) * bins + m];
  return out;
}
