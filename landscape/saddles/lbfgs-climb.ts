/**
 * L-BFGS steps on the effective force of a minimum-mode climb, F_eff = F − 2 (F·v) v at negative
 * curvature (Kästner & Sherwood, JCP 128, 014106 (2008): the dimer method's translation by
 * L-BFGS, 2–3× fewer force calls than conjugate gradients). F_eff has no potential, so there is no
 * line search: the minimizer's two-loop direction (landscape/minimize/lbfgs.ts) over the last `memory`
 * pairs s = step, y = F_eff(before) − F_eff(after), H0 = (s·y / y·y) I, is taken as it is, cut so
 * that no atom moves more than `maxStep`. A pair with s·y <= 0 (the effective surface not convex
 * along the step) clears the memory, and so does `reset` (the caller's regime changed).
 */
import { axpy, dot, maxAtomNormSq, scaleInto } from '../vec.js';
import { lbfgsMemory, twoLoop, type Memory } from '../minimize/lbfgs.js';

export class LbfgsClimb {
  private readonly mem: Memory;
  private readonly d: Float64Array;
  /** F_eff at the point the last step started from (to form y once the new F_eff is known). */
  private readonly before: Float64Array;
  private pending = false;

  constructor(size: number, private readonly memory: number, private readonly maxStep: number, private readonly firstStep: number) {
    this.mem = lbfgsMemory(size, memory);
    this.d = new Float64Array(size);
    this.before = new Float64Array(size);
  }

  reset(): void {
    this.mem.count = 0;
    this.mem.newest = -1;
    this.pending = false;
  }

  /** One step of x under the effective force f (the last step's pair is completed with it first). */
  step(x: Float64Array, f: Float64Array): void {
    if (this.pending) this.remember(f);
    const d = this.d;
    // The two-loop direction H F_eff; with no pair yet, firstStep · F_eff.
    twoLoop(this.mem, f, d);
    if (this.mem.count === 0) scaleInto(d, this.firstStep, d);
    const longest = Math.sqrt(maxAtomNormSq(d));
    if (longest > this.maxStep) scaleInto(d, this.maxStep / longest, d);
    axpy(x, 1, d);
    this.mem.s[(this.mem.newest + 1) % this.memory].set(d);
    this.before.set(f);
    this.pending = true;
  }

  /** y = F_eff(before) − F_eff(now) for the step just taken; kept only where s·y > 0. */
  private remember(f: Float64Array): void {
    this.pending = false;
    const m = this.mem, slot = (m.newest + 1) % this.memory;
    const y = m.y[slot];
    for (let k = 0; k < y.length; k++) y[k] = this.before[k] - f[k];
    const sy = dot(m.s[slot], y);
    if (!(sy > 0)) {
      this.reset();
      return;
    }
    m.rho[slot] = 1 / sy;
    m.newest = slot;
    m.count = Math.min(m.count + 1, this.memory);
  }
}
