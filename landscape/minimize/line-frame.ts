/**
 * "Line frames" for the minimizers that step along a direction from a fixed point (CG, L-BFGS line
 * searches), on the in-place view of an EnergySurface.
 */
import type { State } from '../../sim/state.js';
import type { EnergySurface } from '../energy-surface.js';
import { placeAlong } from '../vec.js';

/**
 * A point x0 (with its image flags) and a direction h: trial points x0 + alpha h of a line search.
 * A neighbour-list rebuild wraps atoms that crossed the box by a lattice vector and counts the
 * crossing in the image flags; `energyAt` then moves x0 by the same lattice vector, so later
 * trial points stay in the frame of the list (no needless rebuilds) and x + image keeps
 * giving the unwrapped position.
 */
export interface LineFrame {
  x0: Float64Array;
  image0: Int32Array;
  h: Float64Array;
}

export function createLineFrame(n: number): LineFrame {
  return { x0: new Float64Array(3 * n), image0: new Int32Array(3 * n), h: new Float64Array(3 * n) };
}

/** Makes the current positions the origin of the line. */
export function anchor(frame: LineFrame, state: State): void {
  frame.x0.set(state.x);
  frame.image0.set(state.image);
}

/** Energy at x0 + alpha h (forces in state.f). */
export function energyAt(surface: EnergySurface, frame: LineFrame, alpha: number): number {
  const { state, ff } = surface;
  placeAlong(state.x, frame.x0, alpha, frame.h);
  state.image.set(frame.image0);
  const builds = ff.nlist.builds;
  const e = surface.evaluate();
  if (ff.nlist.builds !== builds) followWrap(frame.x0, frame.image0, state);
  return e;
}

/**
 * After a wrap changed image flags from image0 to state.image, shifts x0 by the same lattice
 * vectors a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz) and adopts the new flags.
 */
function followWrap(x0: Float64Array, image0: Int32Array, state: State): void {
  const { lx, ly, lz, xy, xz, yz } = state.box;
  const image = state.image;
  for (let k = 0; k < x0.length; k += 3) {
    const dx = image[k] - image0[k], dy = image[k + 1] - image0[k + 1], dz = image[k + 2] - image0[k + 2];
    if (dx === 0 && dy === 0 && dz === 0) continue;
    x0[k] -= dx * lx + dy * xy + dz * xz;
    x0[k + 1] -= dy * ly + dz * yz;
    x0[k + 2] -= dz * lz;
    image0[k] = image[k];
    image0[k + 1] = image[k + 1];
    image0[k + 2] = image[k + 2];
  }
  return;
}
