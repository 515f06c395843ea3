/**
 * Periodic simulation box, parameterised as LAMMPS does: origin (xlo, ylo, zlo), edge lengths
 * (lx, ly, lz) and tilt factors (xy, xz, yz). The edge vectors are a = (lx, 0, 0),
 * b = (xy, ly, 0), c = (xz, yz, lz); orthorhombic boxes have zero tilts. As in LAMMPS, tilts are
 * kept within half the edge they lean along (|xy|, |xz| <= lx/2, |yz| <= ly/2).
 */
import { InputError } from './errors.js';

export interface Box {
  xlo: number;
  ylo: number;
  zlo: number;
  lx: number;
  ly: number;
  lz: number;
  xy: number;
  xz: number;
  yz: number;
}

export function orthoBox(lx: number, ly: number, lz: number, xlo = 0, ylo = 0, zlo = 0): Box {
  return { xlo, ylo, zlo, lx, ly, lz, xy: 0, xz: 0, yz: 0 };
}

export function cubicBox(length: number): Box {
  return orthoBox(length, length, length);
}

export function isTriclinic(box: Box): boolean {
  return box.xy !== 0 || box.xz !== 0 || box.yz !== 0;
}

/** Refuses tilts beyond half an edge (LAMMPS refuses them too; flip the box instead). */
export function assertTiltsInRange(box: Box, context: string): void {
  const ok = Math.abs(box.xy) <= 0.5 * box.lx + 1e-12 * box.lx && Math.abs(box.xz) <= 0.5 * box.lx + 1e-12 * box.lx
    && Math.abs(box.yz) <= 0.5 * box.ly + 1e-12 * box.ly;
  if (!ok) throw new InputError(`${context}: tilt factors must satisfy |xy|, |xz| <= lx/2 and |yz| <= ly/2`);
}

export function boxVolume(box: Box): number {
  return box.lx * box.ly * box.lz;
}

/**
 * Distances between opposite faces of the box (equal to the edge lengths when orthorhombic).
 * Interactions fit under the minimum-image convention when the cut-off is below half of each.
 */
export function perpendicularWidths(box: Box): [number, number, number] {
  const { lx, ly, lz, xy, xz, yz } = box;
  const volume = lx * ly * lz;
  const bc = Math.hypot(ly * lz, xy * lz, xy * yz - ly * xz); // |b x c|
  const ca = lx * Math.hypot(lz, yz); // |c x a|
  return [volume / bc, volume / ca, lz];
}

/** Fractional coordinates of a point (0..1 inside the box), as LAMMPS x2lamda. */
export function toFractional(box: Box, x: number, y: number, z: number, out: number[] | Float64Array): void {
  const sz = (z - box.zlo) / box.lz;
  const sy = (y - box.ylo - sz * box.yz) / box.ly;
  out[0] = (x - box.xlo - sy * box.xy - sz * box.xz) / box.lx;
  out[1] = sy;
  out[2] = sz;
}

/** Cartesian coordinates of fractional ones (LAMMPS lamda2x). */
export function fromFractional(box: Box, sx: number, sy: number, sz: number, out: number[] | Float64Array): void {
  out[0] = box.xlo + sx * box.lx + sy * box.xy + sz * box.xz;
  out[1] = box.ylo + sy * box.ly + sz * box.yz;
  out[2] = box.zlo + sz * box.lz;
}

/**
 * Minimum image of a separation vector, in place: z first, then y, then x (as LAMMPS
 * Domain::minimum_image). Exact for separations shorter than half of every perpendicular width.
 */
export function minimumImage(box: Box, d: Float64Array | number[]): void {
  const nz = Math.round(d[2] / box.lz);
  d[2] -= nz * box.lz;
  d[1] -= nz * box.yz;
  d[0] -= nz * box.xz;
  const ny = Math.round(d[1] / box.ly);
  d[1] -= ny * box.ly;
  d[0] -= ny * box.xy;
  d[0] -= box.lx * Math.round(d[0] / box.lx);
}

/** out = B − A atom by atom (3N vectors), each atom's separation under the minimum image. */
export function minimumImageDisplacement(box: Box, A: Float64Array, B: Float64Array, out: Float64Array = new Float64Array(A.length)): Float64Array {
  const d = [0, 0, 0];
  for (let k = 0; k < A.length; k += 3) {
    d[0] = B[k] - A[k];
    d[1] = B[k + 1] - A[k + 1];
    d[2] = B[k + 2] - A[k + 2];
    minimumImage(box, d);
    out[k] = d[0];
    out[k + 1] = d[1];
    out[k + 2] = d[2];
  }
  return out;
}

/**
 * Maps every position back into the box (fractional coordinates in [0, 1)) and counts the
 * crossings in `image` (LAMMPS image flags), so that unwrapped = x + ix a + iy b + iz c.
 */
export function wrapPositions(box: Box, x: Float64Array, image: Int32Array): void {
  const s = [0, 0, 0];
  const r = [0, 0, 0];
  for (let i = 0; i < x.length; i += 3) {
    toFractional(box, x[i], x[i + 1], x[i + 2], s);
    const fx = Math.floor(s[0]), fy = Math.floor(s[1]), fz = Math.floor(s[2]);
    if (fx === 0 && fy === 0 && fz === 0) continue;
    fromFractional(box, s[0] - fx, s[1] - fy, s[2] - fz, r);
    x[i] = r[0];
    x[i + 1] = r[1];
    x[i + 2] = r[2];
    image[i] += fx;
    image[i + 1] += fy;
    image[i + 2] += fz;
  }
}

/** Unwrapped coordinates x + ix a + iy b + iz c of every atom. */
export function unwrap(box: Box, x: Float64Array, image: Int32Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i += 3) {
    const ix = image[i], iy = image[i + 1], iz = image[i + 2];
    out[i] = x[i] + ix * box.lx + iy * box.xy + iz * box.xz;
    out[i + 1] = x[i + 1] + iy * box.ly + iz * box.yz;
    out[i + 2] = x[i + 2] + iz * box.lz;
  }
  return out;
}

/** The inverse of `unwrap`: x = X − (ix a + iy b + iz c), the wrapped frame that the image flags describe. */
export function wrapByImages(box: Box, X: Float64Array, image: Int32Array, x: Float64Array): void {
  const { lx, ly, lz, xy, xz, yz } = box;
  for (let k = 0; k < X.length; k += 3) {
    const ix = image[k], iy = image[k + 1], iz = image[k + 2];
    x[k] = X[k] - ix * lx - iy * xy - iz * xz;
    x[k + 1] = X[k + 1] - iy * ly - iz * yz;
    x[k + 2] = X[k + 2] - iz * lz;
  }
  return;
}

/**
 * Changes the box to `next` and moves every atom affinely with it (LAMMPS `change_box ... remap`,
 * `fix deform ... remap x`): fractional coordinates of unwrapped positions are kept.
 */
export function deformBox(box: Box, next: Box, x: Float64Array): void {
  const s = [0, 0, 0];
  const r = [0, 0, 0];
  for (let i = 0; i < x.length; i += 3) {
    toFractional(box, x[i], x[i + 1], x[i + 2], s);
    fromFractional(next, s[0], s[1], s[2], r);
    x[i] = r[0];
    x[i + 1] = r[1];
    x[i + 2] = r[2];
  }
  Object.assign(box, next);
}
