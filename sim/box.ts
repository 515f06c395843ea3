/**
 * Periodic simulation box, parameterised as LAMMPS does: origin (xlo, ylo, zlo), edge lengths
 * (lx, ly, lz) and tilt factors (xy, xz, yz). The tilt factors are zero for the orthorhombic boxes
 * supported today; they are part of the type so that triclinic boxes (shear) slot in later.
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

export function assertOrthorhombic(box: Box, context: string): void {
  if (isTriclinic(box)) throw new InputError(`${context}: triclinic boxes (tilt xy/xz/yz) are not supported yet`);
}

export function boxVolume(box: Box): number {
  return box.lx * box.ly * box.lz;
}

export function boxLengths(box: Box): [number, number, number] {
  return [box.lx, box.ly, box.lz];
}

/** Applies the minimum-image convention to one separation vector, in place. */
export function minimumImage(box: Box, d: Float64Array | number[]): void {
  d[0] -= box.lx * Math.round(d[0] / box.lx);
  d[1] -= box.ly * Math.round(d[1] / box.ly);
  d[2] -= box.lz * Math.round(d[2] / box.lz);
}

/**
 * Maps every position back into [lo, lo + L) and counts the crossings in `image`
 * (the LAMMPS image flags), so that unwrapped = x + image * L.
 */
export function wrapPositions(box: Box, x: Float64Array, image: Int32Array): void {
  const lo = [box.xlo, box.ylo, box.zlo];
  const len = [box.lx, box.ly, box.lz];
  for (let i = 0; i < x.length; i++) {
    const k = i % 3;
    const shift = Math.floor((x[i] - lo[k]) / len[k]);
    if (shift !== 0) {
      x[i] -= shift * len[k];
      // Guard against x == lo + L after rounding.
      if (x[i] >= lo[k] + len[k]) x[i] = lo[k];
      image[i] += shift;
    }
  }
}
