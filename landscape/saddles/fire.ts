/**
 * FIRE (Bitzek et al., PRL 97, 170201 (2006); the velocity mixing after the Euler step as in
 * FIRE 2.0, Guénolé et al., Comput. Mater. Sci. 175, 109584 (2020)) on a plain vector with unit
 * masses, for forces that are not gradients of one function: the modified force of minimum-mode
 * following and the forces on an elastic band.
 */
import { dot } from '../minimize/vec.js';

export interface FireSettings {
  /** Initial and largest time step, in sqrt(mass-free length^2 / energy) units. */
  dt: number;
  dtMax: number;
  /** Largest displacement of one atom in one step (length units). */
  maxStep: number;
}

export class FireStepper {
  private readonly v: Float64Array;
  private dt: number;
  private alpha = 0.1;
  private positive = 0;

  constructor(size: number, private readonly s: FireSettings) {
    this.v = new Float64Array(size);
    this.dt = s.dt;
  }

  /** One step of x under the force f (both length 3N, or a band of several 3N blocks). */
  step(x: Float64Array, f: Float64Array): void {
    const v = this.v;
    const p = dot(f, v);
    if (p > 0) {
      if (++this.positive > 5) {
        this.dt = Math.min(1.1 * this.dt, this.s.dtMax);
        this.alpha *= 0.99;
      }
    } else {
      this.positive = 0;
      this.dt *= 0.5;
      this.alpha = 0.1;
      v.fill(0);
    }
    const dt = this.dt;
    for (let k = 0; k < v.length; k++) v[k] += dt * f[k];
    if (p > 0) {
      const vn = Math.sqrt(dot(v, v)), fn = Math.sqrt(dot(f, f));
      if (fn > 0) {
        const a = this.alpha;
        for (let k = 0; k < v.length; k++) v[k] = (1 - a) * v[k] + (a * vn * f[k]) / fn;
      }
    }
    moveCapped(x, v, dt, this.s.maxStep);
  }
}

/** x += dt v, scaled down so that no atom moves more than maxStep. */
function moveCapped(x: Float64Array, v: Float64Array, dt: number, maxStep: number): void {
  let m = 0;
  for (let k = 0; k < v.length; k += 3) m = Math.max(m, v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]);
  const longest = dt * Math.sqrt(m);
  const c = longest > maxStep ? (dt * maxStep) / longest : dt;
  for (let k = 0; k < x.length; k++) x[k] += c * v[k];
  return;
}
