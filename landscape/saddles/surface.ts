/**
 * The potential energy as a function of the 3N unwrapped coordinates X (atom i at X[3i..3i+2]),
 * for saddle searches and elastic bands that keep several configurations at once.
 *
 * The State and force field underneath keep their own wrapped positions and image flags; every
 * evaluation places X into the state as x = X - (image flags × box vectors), so the neighbour list
 * sees positions in its own frame and is rebuilt only when atoms really moved.
 */
import type { State } from '../../sim/state.js';
import { computeForces, type ForceField } from '../../sim/forces.js';
import { boxVolume, minimumImage, unwrap, type Box } from '../../sim/box.js';
import { minimize, type MinimizeOptions, type MinimizeResult } from '../minimize/index.js';

export class EnergySurface {
  readonly n: number;
  readonly box: Box;
  /** Force (and energy) evaluations so far, minimizations included. */
  evaluations = 0;

  constructor(readonly state: State, readonly ff: ForceField) {
    this.n = state.n;
    this.box = state.box;
  }

  /** Energy at X (total); the forces go into `f` (length 3N). */
  energy(X: Float64Array, f: Float64Array): number {
    this.place(X);
    const e = computeForces(this.state, this.ff, { energyVirial: true }).energy;
    this.evaluations++;
    f.set(this.state.f);
    return e;
  }

  /** The forces at X into `f`, without the energy (the same forces, in about half the time). */
  forces(X: Float64Array, f: Float64Array): void {
    this.place(X);
    computeForces(this.state, this.ff, { energyVirial: false });
    this.evaluations++;
    f.set(this.state.f);
  }

  /**
   * Stress of the box at X and fixed shape, σ = −W/V from the potential's virial (no kinetic part:
   * a configuration, not a thermal state), in the virial's order xx yy zz xy xz yz and energy/length³.
   */
  stress(X: Float64Array): Float64Array {
    this.place(X);
    const w = computeForces(this.state, this.ff, { energyVirial: true }).virial;
    this.evaluations++;
    const v = boxVolume(this.box);
    return Float64Array.from(w, (c) => -c / v);
  }

  /** The unwrapped coordinates of the state as it stands. */
  current(): Float64Array {
    return unwrap(this.box, this.state.x, this.state.image);
  }

  /** Minimizes from X; X becomes the minimum (unwrapped, continuous with the start). */
  minimize(X: Float64Array, options: MinimizeOptions): MinimizeResult {
    this.place(X);
    const r = minimize(this.state, this.ff, options);
    this.evaluations += r.forceEvaluations;
    X.set(this.current());
    return r;
  }

  private place(X: Float64Array): void {
    placeUnwrapped(this.box, X, this.state.image, this.state.x);
  }
}

/** x = X - (ix a + iy b + iz c): the wrapped frame that the image flags describe. */
function placeUnwrapped(box: Box, X: Float64Array, image: Int32Array, x: Float64Array): void {
  const { lx, ly, lz, xy, xz, yz } = box;
  for (let k = 0; k < X.length; k += 3) {
    const ix = image[k], iy = image[k + 1], iz = image[k + 2];
    x[k] = X[k] - ix * lx - iy * xy - iz * xz;
    x[k + 1] = X[k + 1] - iy * ly - iz * yz;
    x[k + 2] = X[k + 2] - iz * lz;
  }
  return;
}

/** out = B - A with the minimum image applied atom by atom. */
export function displacement(box: Box, A: Float64Array, B: Float64Array, out: Float64Array = new Float64Array(A.length)): Float64Array {
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

/** Removes the uniform translation (the mean of each Cartesian component) from a 3N vector. */
export function removeTranslation(v: Float64Array): void {
  const n = v.length / 3;
  let sx = 0, sy = 0, sz = 0;
  for (let k = 0; k < v.length; k += 3) {
    sx += v[k];
    sy += v[k + 1];
    sz += v[k + 2];
  }
  sx /= n;
  sy /= n;
  sz /= n;
  for (let k = 0; k < v.length; k += 3) {
    v[k] -= sx;
    v[k + 1] -= sy;
    v[k + 2] -= sz;
  }
  return;
}

/** Scales v to unit 2-norm; returns the norm it had. */
export function normalize(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  const norm = Math.sqrt(s);
  if (norm > 0) for (let k = 0; k < v.length; k++) v[k] /= norm;
  return norm;
}
