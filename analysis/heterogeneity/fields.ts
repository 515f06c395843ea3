/**
 * Scalar fields on periodic grids: a 3-D voxel field (index (iz * ny + iy) * nx + ix) and 2-D maps
 * (index iy * nx + ix, the layout of heat maps and .gsf files), with slices and the "surface map".
 */
import { InputError } from '../../sim/errors.js';

export interface Field3D {
  nx: number;
  ny: number;
  nz: number;
  /** Voxel edge lengths (length units). */
  cell: [number, number, number];
  values: Float64Array;
}

export interface Map2D {
  nx: number;
  ny: number;
  /** Pixel edge lengths (length units). */
  cell: [number, number];
  values: Float64Array;
}

/** The plane iz = k of a voxel field (a section at height (k + 1/2) cell_z). */
export function sliceZ(f: Field3D, k: number): Map2D {
  if (!(Number.isInteger(k) && k >= 0 && k < f.nz)) throw new InputError(`slice index must be 0..${f.nz - 1}, got ${k}`);
  const n = f.nx * f.ny;
  return { nx: f.nx, ny: f.ny, cell: [f.cell[0], f.cell[1]], values: f.values.slice(k * n, (k + 1) * n) };
}

/** Number of voxel layers that make up a depth (at least 1, at most nz). */
export function layersForDepth(f: Field3D, depth: number): number {
  if (!(Number.isFinite(depth) && depth > 0)) throw new InputError(`surface depth must be a number > 0, got ${depth}`);
  return Math.min(f.nz, Math.max(1, Math.round(depth / f.cell[2])));
}

/**
 * The surface map: the field averaged over the top `layers` voxel layers (iz = nz - layers ..
 * nz - 1), the volume a contact of comparable size probes below a surface normal to z. The sample
 * is periodic, so "top" is a choice of plane, not a free surface.
 */
export function surfaceMap(f: Field3D, layers: number): Map2D {
  if (!(Number.isInteger(layers) && layers >= 1 && layers <= f.nz)) throw new InputError(`surface layers must be 1..${f.nz}, got ${layers}`);
  const n = f.nx * f.ny;
  const out = new Float64Array(n);
  for (let k = f.nz - layers; k < f.nz; k++) for (let p = 0; p < n; p++) out[p] += f.values[k * n + p];
  for (let p = 0; p < n; p++) out[p] /= layers;
  return { nx: f.nx, ny: f.ny, cell: [f.cell[0], f.cell[1]], values: out };
}

/** A line of a 2-D map: row iy (along x) or column ix (along y), with positions of the pixel centres. */
export function mapProfile(m: Map2D, along: 'x' | 'y', index: number): { position: Float64Array; values: Float64Array } {
  const n = along === 'x' ? m.nx : m.ny;
  const other = along === 'x' ? m.ny : m.nx;
  if (!(Number.isInteger(index) && index >= 0 && index < other)) throw new InputError(`profile line must be 0..${other - 1}, got ${index}`);
  const position = new Float64Array(n), values = new Float64Array(n);
  const h = along === 'x' ? m.cell[0] : m.cell[1];
  for (let k = 0; k < n; k++) {
    position[k] = (k + 0.5) * h;
    values[k] = along === 'x' ? m.values[index * m.nx + k] : m.values[k * m.nx + index];
  }
  return { position, values };
}
