/**
 * Atoms sorted into an nx × ny × nz grid of cells in fractional coordinates (any triclinic box),
 * wrapped into the box (atoms inside keep their coordinates bit for bit): the cell lists of the
 * pair histogram and the Voronoi tessellation.
 */
import { toFractional, type Box } from '../../sim/box.js';

export interface Grid {
  nx: number;
  ny: number;
  nz: number;
  /** Wrapped positions sorted by cell. */
  X: Float64Array;
  Y: Float64Array;
  Z: Float64Array;
  /** The input index of each sorted atom. */
  atom: Int32Array;
  /** Atoms of cell c are [cellStart[c], cellStart[c + 1]). */
  cellStart: Int32Array;
}

/** Wraps atoms into the box and sorts them by cell of an nx × ny × nz grid in fractional coordinates. */
export function binAtoms(box: Box, x: Float64Array, [nx, ny, nz]: [number, number, number]): Grid {
  const n = x.length / 3;
  const cellOf = new Int32Array(n);
  const wrapped = new Float64Array(3 * n);
  const cellStart = new Int32Array(nx * ny * nz + 1);
  const s = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const px = x[3 * i], py = x[3 * i + 1], pz = x[3 * i + 2];
    toFractional(box, px, py, pz, s);
    const fx = Math.floor(s[0]), fy = Math.floor(s[1]), fz = Math.floor(s[2]);
    wrapped[3 * i] = px - (fx * box.lx + fy * box.xy + fz * box.xz);
    wrapped[3 * i + 1] = py - (fy * box.ly + fz * box.yz);
    wrapped[3 * i + 2] = pz - fz * box.lz;
    const cx = Math.min(nx - 1, Math.max(0, Math.floor((s[0] - fx) * nx)));
    const cy = Math.min(ny - 1, Math.max(0, Math.floor((s[1] - fy) * ny)));
    const cz = Math.min(nz - 1, Math.max(0, Math.floor((s[2] - fz) * nz)));
    const c = (cz * ny + cy) * nx + cx;
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < nx * ny * nz; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, nx * ny * nz);
  const X = new Float64Array(n), Y = new Float64Array(n), Z = new Float64Array(n), atom = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = fill[cellOf[i]]++;
    X[k] = wrapped[3 * i];
    Y[k] = wrapped[3 * i + 1];
    Z[k] = wrapped[3 * i + 2];
    atom[k] = i;
  }
  return { nx, ny, nz, X, Y, Z, atom, cellStart };
}
