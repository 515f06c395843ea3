/**
 * Nudged elastic band with a climbing image (Henkelman, Uberuaga & Jónsson, JCP 113, 9901
 * (2000)) and the improved tangent (Henkelman & Jónsson, JCP 113, 9978 (2000)), relaxed by FIRE
 * on all images at once. The end points are two minima and stay fixed.
 *
 * Force on image i (tangent tau_i, unit): the true force without its component along tau, plus
 * the spring force k (|R_{i+1} - R_i| - |R_i - R_{i-1}|) tau. The climbing image (the highest
 * one, once the band is roughly relaxed) feels F - 2 (F·tau) tau and no spring: it converges to
 * the saddle on the path, so the barrier is its energy minus the initial one.
 */
import { minimumImageDisplacement } from '../../sim/box.js';
import { maxAtomNormSq } from '../vec.js';
import type { EnergySurface } from '../energy-surface.js';
import { FireStepper, type FireSettings } from '../fire.js';

export interface NebOptions {
  /** Movable images between the two ends. Default 9. */
  images?: number;
  /** Spring constant (energy/length^2). Default 1. */
  springConstant?: number;
  /** Use a climbing image. Default true. */
  climb?: boolean;
  /** Switch the climbing image on once the largest per-atom force on the band is below this. Default 0.05. */
  climbFrom?: number;
  /** Converged when the largest per-atom NEB force on any image is below this. Default 1e-5. */
  ftol?: number;
  maxIterations?: number;
  fire?: FireSettings;
  /**
   * A configuration the starting band passes through (e.g. a saddle found between A and B): the
   * images are placed on the two straight segments A -> via -> B instead of on A -> B. In a glass
   * the straight line can run through regions that relax into other, lower minima.
   */
  via?: Float64Array;
}

export interface NebResult {
  /** Energies of all images, ends included (total). */
  energies: number[];
  /** Cumulative 3N distance along the band, ends included. */
  path: number[];
  /** Highest energy on the band minus the first end's energy. */
  barrier: number;
  /** Highest energy minus the last end's energy. */
  backwardBarrier: number;
  /** Index (in `energies`) of the highest image. */
  top: number;
  climbing: boolean;
  converged: boolean;
  iterations: number;
  /** Largest per-atom NEB force at the end. */
  maxForce: number;
  forceEvaluations: number;
  /** All images, ends included (unwrapped, continuous with the first end). */
  images: Float64Array[];
}

/** Band between minima A and B (B is brought next to A atom by atom by the minimum image). */
export function neb(surface: EnergySurface, A: Float64Array, B: Float64Array, o: NebOptions = {}): NebResult {
  const M = o.images ?? 9;
  const k = o.springConstant ?? 1;
  const ftol = o.ftol ?? 1e-5;
  const climbFrom = o.climbFrom ?? 0.05;
  const maxIt = o.maxIterations ?? 20000;
  const fire = o.fire ?? { dt: 0.005, dtMax: 0.03, maxStep: 0.05 };
  const dim = A.length;
  const evaluations0 = surface.evaluations;

  const R = startingBand(surface, A, B, M, o.via);
  const scratch = new Float64Array(dim);
  const E = R.map((r) => surface.energy(r, scratch));

  // The band as one vector for FIRE; forces per image.
  const band = new Float64Array(M * dim);
  const force = new Float64Array(M * dim);
  for (let i = 1; i <= M; i++) band.set(R[i], (i - 1) * dim);
  const stepper = new FireStepper(M * dim, fire);
  const F = new Float64Array(dim), tau = new Float64Array(dim);
  let climbing = false, converged = false, iterations = 0, maxForce = Infinity;

  for (;;) {
    for (let i = 1; i <= M; i++) {
      R[i] = band.subarray((i - 1) * dim, i * dim);
      E[i] = surface.energy(R[i], F);
      force.set(F, (i - 1) * dim);
    }
    let top = 1;
    for (let i = 2; i <= M; i++) if (E[i] > E[top]) top = i;
    maxForce = 0;
    for (let i = 1; i <= M; i++) {
      const f = force.subarray((i - 1) * dim, i * dim);
      tangent(R, E, i, tau);
      nebForce(f, tau, R, i, k, climbing && i === top);
      maxForce = Math.max(maxForce, Math.sqrt(maxAtomNormSq(f)));
    }
    if (maxForce < ftol && (climbing || !(o.climb ?? true))) {
      converged = true;
      break;
    }
    if (!climbing && (o.climb ?? true) && maxForce < climbFrom) {
      climbing = true;
      continue;
    }
    if (iterations === maxIt) break;
    iterations++;
    stepper.step(band, force);
  }

  const images = R.map((r) => r.slice());
  const path = [0];
  for (let i = 1; i <= M + 1; i++) {
    minimumImageDisplacement(surface.box, images[i - 1], images[i], scratch);
    path.push(path[i - 1] + Math.sqrt(scratch.reduce((s, v) => s + v * v, 0)));
  }
  let top = 0;
  for (let i = 1; i <= M + 1; i++) if (E[i] > E[top]) top = i;
  return {
    energies: [...E], path, barrier: E[top] - E[0], backwardBarrier: E[top] - E[M + 1], top, climbing, converged, iterations, maxForce,
    forceEvaluations: surface.evaluations - evaluations0, images,
  };
}

/** M + 2 configurations from A to B (B brought next to A atom by atom), evenly spaced in 3N along A -> B or A -> via -> B. */
function startingBand(surface: EnergySurface, A: Float64Array, B: Float64Array, M: number, via?: Float64Array): Float64Array[] {
  const dim = A.length;
  const corners = [A];
  if (via) corners.push(add(A, minimumImageDisplacement(surface.box, A, via)));
  corners.push(add(corners[corners.length - 1], minimumImageDisplacement(surface.box, corners[corners.length - 1], B)));
  const lengths = corners.slice(1).map((c, k) => Math.sqrt(minimumImageDisplacement(surface.box, corners[k], c).reduce((a, v) => a + v * v, 0)));
  const total = lengths.reduce((a, b) => a + b, 0);
  const R: Float64Array[] = [];
  for (let i = 0; i <= M + 1; i++) {
    // Arc length s along the corners; segment k holds it.
    let s = (i / (M + 1)) * total, k = 0;
    while (k < lengths.length - 1 && s > lengths[k]) s -= lengths[k++];
    const t = lengths[k] > 0 ? Math.min(1, s / lengths[k]) : 0;
    const r = new Float64Array(dim);
    for (let c = 0; c < dim; c++) r[c] = corners[k][c] + t * (corners[k + 1][c] - corners[k][c]);
    R.push(r);
  }
  return R;
}

function add(x: Float64Array, d: Float64Array): Float64Array {
  return x.map((v, c) => v + d[c]);
}

/** Improved tangent at image i (Henkelman & Jónsson 2000, eqs. 8-11), unit norm. */
function tangent(R: Float64Array[], E: number[], i: number, tau: Float64Array): void {
  const prev = R[i - 1], here = R[i], next = R[i + 1];
  const dPlus = E[i + 1] - E[i], dMinus = E[i] - E[i - 1];
  let wPlus: number, wMinus: number;
  if (dPlus > 0 && dMinus > 0) {
    wPlus = 1;
    wMinus = 0;
  } else if (dPlus < 0 && dMinus < 0) {
    wPlus = 0;
    wMinus = 1;
  } else {
    // At an extremum the tangent mixes both sides, weighted by the energy changes.
    const big = Math.max(Math.abs(dPlus), Math.abs(dMinus)), small = Math.min(Math.abs(dPlus), Math.abs(dMinus));
    if (E[i + 1] > E[i - 1]) {
      wPlus = big;
      wMinus = small;
    } else {
      wPlus = small;
      wMinus = big;
    }
  }
  let s = 0;
  for (let c = 0; c < tau.length; c++) {
    tau[c] = wPlus * (next[c] - here[c]) + wMinus * (here[c] - prev[c]);
    s += tau[c] * tau[c];
  }
  s = Math.sqrt(s);
  if (s > 0) for (let c = 0; c < tau.length; c++) tau[c] /= s;
  return;
}

/** In place: the true force f becomes the NEB force of image i (climbing: F - 2 (F·tau) tau). */
function nebForce(f: Float64Array, tau: Float64Array, R: Float64Array[], i: number, k: number, climbing: boolean): void {
  let ft = 0, lPlus = 0, lMinus = 0;
  const prev = R[i - 1], here = R[i], next = R[i + 1];
  for (let c = 0; c < f.length; c++) {
    ft += f[c] * tau[c];
    lPlus += (next[c] - here[c]) ** 2;
    lMinus += (here[c] - prev[c]) ** 2;
  }
  const along = climbing ? -2 * ft : -ft + k * (Math.sqrt(lPlus) - Math.sqrt(lMinus));
  for (let c = 0; c < f.length; c++) f[c] += along * tau[c];
  return;
}
