/** Comparing an analytic region Hessian with finite differences of forces (test/vineyard.test.ts, test/eam.test.ts). */
import * as assert from 'uvu/assert';
import type { Potential } from '../../sim/potentials/potential.js';

/** The same potential without its analytic Hessian, so that localHessian takes finite differences of its forces. */
export function withoutAnalyticHessian(p: Potential): Potential {
  return { name: p.name, ntypes: p.ntypes, cutoff: (a, b) => p.cutoff(a, b), compute: (...args) => p.compute(...args) };
}

/** Asserts H (dim × dim) exactly symmetric; returns its largest |reference| entry and how many entries differ by more than 1e-6 of it. */
export function entriesOff(H: Float64Array, reference: Float64Array, dim: number): { off: number; top: number } {
  let top = 0, off = 0;
  for (const v of reference) top = Math.max(top, Math.abs(v));
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      assert.is(H[i * dim + j], H[j * dim + i]);
      if (Math.abs(H[i * dim + j] - reference[i * dim + j]) > 1e-6 * top) off++;
    }
  }
  return { off, top };
}
