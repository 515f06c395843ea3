/**
 * Faber–Ziman structure factors from g(r) by the Fourier transform (T. E. Faber and J. M. Ziman,
 * Phil. Mag. 11, 153 (1965)):
 *
 *   S_ab(q) = 1 + 4πρ ∫_0^R r² (g_ab(r) − 1) W(r) sin(qr)/(qr) dr,
 *
 * ρ = N/V the total number density, R = rmax the end of the measured g, evaluated by the midpoint
 * rule on the bin centres of g. Cutting g at R convolves S(q) with a sinc of width ~π/R, whose
 * side lobes ripple through S(q); the Lorch window W(r) = sin(πr/R)/(πr/R) (E. Lorch, J. Phys. C
 * 2, 229 (1969)) takes the ripples away at the cost of a slightly wider peak. `none` is W = 1.
 * Valid for q well above 2π/R: below it the transform has no information. 'all' (the total g,
 * every pair) gives the number–number S(q); the partials are the Faber–Ziman S_ab.
 */
import type { Rdf } from './rdf.js';
import { bhatiaThornton, type BhatiaThornton } from './bhatia-thornton.js';

export const WINDOWS = ['lorch', 'none'] as const;
export type Window = (typeof WINDOWS)[number];

export interface StructureFactors {
  q: Float64Array;
  /** 'all' (number–number) and Faber–Ziman partials 'a-b' with a ≤ b (1-based types). */
  S: Record<string, Float64Array>;
  /** Bhatia–Thornton NN, NC, CC of a binary mixture (absent otherwise). */
  bhatiaThornton?: BhatiaThornton;
  /** Concentration of each type. */
  concentration: number[];
}

export function windowAt(window: Window, r: number, rmax: number): number {
  if (window === 'none') return 1;
  const x = (Math.PI * r) / rmax;
  return x === 0 ? 1 : Math.sin(x) / x;
}

/** 1 + 4πρ Σ_k r_k² (g_k − 1) W(r_k) sinc(q r_k) dr at each q. */
export function transformG(
  r: ArrayLike<number>, g: ArrayLike<number>, dr: number, rmax: number, density: number, q: ArrayLike<number>, window: Window,
): Float64Array {
  const nr = r.length;
  const weight = new Float64Array(nr);
  for (let k = 0; k < nr; k++) weight[k] = 4 * Math.PI * density * r[k] * r[k] * (g[k] - 1) * windowAt(window, r[k], rmax) * dr;
  return sincSum(r, weight, q);
}

/** Σ_k w_k sin(q r_k)/(q r_k) + 1 for every q. */
function sincSum(r: ArrayLike<number>, w: Float64Array, q: ArrayLike<number>): Float64Array {
  const out = new Float64Array(q.length);
  for (let m = 0; m < q.length; m++) {
    const qm = q[m];
    let s = 0;
    for (let k = 0; k < r.length; k++) {
      const x = qm * r[k];
      s += x === 0 ? w[k] : (w[k] * Math.sin(x)) / x;
    }
    out[m] = 1 + s;
  }
  return out;
}

/** Faber–Ziman partials (a ≤ b), the total, and Bhatia–Thornton for two types, from an Rdf. */
export function fourierStructureFactors(rdf: Rdf, q: ArrayLike<number>, window: Window): StructureFactors {
  const S: Record<string, Float64Array> = {};
  const tr = (key: string) => transformG(rdf.r, rdf.g[key], rdf.dr, rdf.rmax, rdf.density, q, window);
  S.all = tr('all');
  for (let a = 0; a < rdf.ntypes; a++) {
    for (let b = a; b < rdf.ntypes; b++) {
      // A type without atoms has no partial (NaN, as the direct method gives).
      const empty = rdf.typeCount[a] === 0 || rdf.typeCount[b] === 0;
      S[`${a + 1}-${b + 1}`] = empty ? new Float64Array(q.length).fill(NaN) : tr(`${a + 1}-${b + 1}`);
    }
  }
  const total = rdf.typeCount.reduce((x, y) => x + y, 0);
  const concentration = rdf.typeCount.map((c) => c / total);
  const result: StructureFactors = { q: Float64Array.from(q), S, concentration };
  if (rdf.ntypes === 2) result.bhatiaThornton = bhatiaThornton(S['1-1'], S['1-2'], S['2-2'], concentration[0]);
  return result;
}
