/**
 * L-BFGS steps on the effective force of a minimum-mode climb, F_eff = F − 2 (F·v) v at negative
 * curvature (Kästner & Sherwood, JCP 128, 014106 (2008): the dimer method's translation by
 * L-BFGS, 2–3× fewer force calls than conjugate gradients). F_eff has no potential, so there is no
 * line search: the two-loop direction (Nocedal & Wright, Algorithm 7.4) over the last `memory`
 * pairs s = step, y = F_eff(before) − F_eff(after), H0 = (s·y / y·y) I, is taken as it is, cut so
 * that no atom moves more than `maxStep`. A pair with s·y <= 0 (the effective surface not convex
 * along the step) clears the memory, and so does `reset` (the caller's regime changed).
 */
import { axpy, dot, maxAtomNormSq, scaleInto } from '../vec.js';

export class LbfgsClimb {
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly a: Float64Array;
  private count = 0;
  private newest = -1;
  private readonly d: Float64Array;
  /** F_eff at the point the last step started from (to form y once the new F_eff is known). */
  private readonly before: Float64Array;
  private pending = false;

  constructor(size: number, private readonly memory: number, private readonly maxStep: number, private readonly firstStep: number) {
    this.s = Array.from({ length: memory }, () => new Float64Array(size));
    this.y = Array.from({ length: memory }, () => new Float64Array(size));
    this.rho = new Float64Array(memory);
    this.a = new Float64Array(memory);
    this.d = new Float64Array(size);
    this.before = new Float64Array(size);
  }

  reset(): void {
    this.count = 0;
    this.newest = -1;
    this.pending = false;
  }

  /** One step of x under the effective force f (the last step's pair is completed with it first). */
  step(x: Float64Array, f: Float64Array): void {
    if (this.pending) this.remember(f);
    const d = this.direction(f);
    const longest = Math.sqrt(maxAtomNormSq(d));
    if (longest > this.maxStep) scaleInto(d, this.maxStep / longest, d);
    axpy(x, 1, d);
    const slot = (this.newest + 1) % this.memory;
    this.s[slot].set(d);
    this.before.set(f);
    this.pending = true;
  }

  /** y = F_eff(before) − F_eff(now) for the step just taken; kept only where s·y > 0. */
  private remember(f: Float64Array): void {
    this.pending = false;
    const slot = (this.newest + 1) % this.memory;
    const y = this.y[slot];
    for (let k = 0; k < y.length; k++) y[k] = this.before[k] - f[k];
    const sy = dot(this.s[slot], y);
    if (!(sy > 0)) {
      this.reset();
      return;
    }
    this.rho[slot] = 1 / sy;
    this.newest = slot;
    this.count = Math.min(this.count + 1, this.memory);
  }

  /** d = H F_eff by the two-loop recursion (the first step: firstStep · F_eff). */
  private direction(f: Float64Array): Float64Array {
    const { d, s, y, rho, a, memory } = this;
    d.set(f);
    if (this.count === 0) {
      scaleInto(d, this.firstStep, d);
      return d;
    }
    for (let i = 0, j = this.newest; i < this.count; i++, j = (j - 1 + memory) % memory) {
      a[j] = rho[j] * dot(s[j], d);
      axpy(d, -a[j], y[j]);
    }
    const yn = y[this.newest];
    scaleInto(d, 1 / (rho[this.newest] * dot(yn, yn)), d);
    for (let i = 0, j = (this.newest - this.count + 1 + memory) % memory; i < this.count; i++, j = (j + 1) % memory) {
      const b = rho[j] * dot(y[j], d);
      axpy(d, a[j] - b, s[j]);
    }
    return d;
  }
}
