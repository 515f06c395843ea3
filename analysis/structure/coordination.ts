/**
 * The first coordination shell of a g(r): the first peak, the first minimum after it, and the
 * coordination number (the running count n(r) at that minimum).
 *
 * How the first minimum is found, so that noise in a single frame cannot fake one:
 *  1. g is smoothed with a Gaussian of width `smooth` (default max(dr, 0.05 ρ^(-1/3)), a twentieth
 *     of the mean spacing between atoms), truncated at 3 widths and renormalised at the ends of
 *     the range.
 *  2. The first peak is the first local maximum of the smoothed g that reaches at least half of
 *     its largest value (this skips ripples in the empty core, and still finds a low first peak
 *     such as the B–B peak of Kob–Andersen, where the highest peak may be the second).
 *  3. From the peak outwards the running minimum of the smoothed g is followed until the curve
 *     rises again by a tenth of the drop from the peak (a real second shell, not a ripple). The
 *     first minimum r_min is the middle of the run of bins that hold that minimum value (a flat
 *     empty gap between crystal shells gives its centre). No such rise within rmax: no minimum.
 * The coordination number is the running count interpolated linearly in r at r_min. Every
 * ordered pair a-b (J = b atoms around an I = a atom) takes r_min from g_ab with a ≤ b, so that
 * N_a n_ab = N_b n_ba holds.
 */
import type { Rdf } from './rdf.js';

export interface Coordination extends FirstShell {
  /** Mean number of neighbours within rMin (null without a minimum). */
  n: number | null;
}

export interface FirstShell {
  /** Position of the first peak of the smoothed g, or null when g is empty. */
  rPeak: number | null;
  /** Position of the first minimum after it, or null when none lies within rmax. */
  rMin: number | null;
}

/** Gaussian smoothing of values on a uniform grid of spacing dr, width sigma (same units). */
export function smoothGaussian(y: ArrayLike<number>, dr: number, sigma: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(n);
  const w = sigma / dr;
  if (!(w > 1e-9)) {
    for (let k = 0; k < n; k++) out[k] = y[k];
    return out;
  }
  const half = Math.ceil(3 * w);
  const kernel = Float64Array.from({ length: 2 * half + 1 }, (_, m) => Math.exp(-0.5 * ((m - half) / w) ** 2));
  for (let k = 0; k < n; k++) {
    let s = 0, wsum = 0;
    for (let m = Math.max(0, k - half); m <= Math.min(n - 1, k + half); m++) {
      const c = kernel[m - k + half];
      s += c * y[m];
      wsum += c;
    }
    out[k] = s / wsum;
  }
  return out;
}

/** First peak and first minimum of g on bin centres r (uniform spacing dr); see the module note. */
export function firstShell(r: ArrayLike<number>, g: ArrayLike<number>, dr: number, smooth: number): FirstShell {
  const s = smoothGaussian(g, dr, smooth);
  const n = s.length;
  let top = 0;
  for (let k = 0; k < n; k++) top = Math.max(top, s[k]);
  if (!(top > 0)) return { rPeak: null, rMin: null };
  let peak = -1;
  for (let k = 0; k < n && peak < 0; k++) {
    const left = k > 0 ? s[k - 1] : -Infinity;
    const right = k + 1 < n ? s[k + 1] : -Infinity;
    if (s[k] >= 0.5 * top && s[k] > left && s[k] >= right) peak = k;
  }
  if (peak < 0) return { rPeak: null, rMin: null };
  let lo = peak, hi = peak; // the run of bins holding the running minimum
  for (let k = peak + 1; k < n; k++) {
    if (s[k] < s[lo]) {
      lo = hi = k;
    } else if (s[k] === s[lo] && hi === k - 1) {
      hi = k;
    } else if (s[k] > s[lo] + 0.1 * (s[peak] - s[lo])) {
      return { rPeak: r[peak], rMin: lo === peak ? null : 0.5 * (r[lo] + r[hi]) };
    }
  }
  return { rPeak: r[peak], rMin: null };
}

/**
 * The running count at radius x from its values at the upper bin edges (k + 1)·dr (0 at r = 0),
 * linear in between.
 */
export function cumulativeAt(cumulative: ArrayLike<number>, dr: number, x: number): number {
  const u = x / dr;
  const k = Math.min(Math.floor(u), cumulative.length);
  const below = k > 0 ? cumulative[k - 1] : 0;
  if (k >= cumulative.length) return below;
  return below + (u - k) * (cumulative[k] - below);
}

/** The default smoothing width: a twentieth of the mean spacing ρ^(-1/3), at least one bin. */
export function defaultSmoothing(rdf: Rdf): number {
  return Math.max(rdf.dr, 0.05 * Math.cbrt(1 / rdf.density));
}

/** First shell and coordination number of 'all' and of every ordered type pair of an Rdf. */
export function coordinationNumbers(rdf: Rdf, smooth = defaultSmoothing(rdf)): Record<string, Coordination> {
  const out: Record<string, Coordination> = {};
  for (const key of Object.keys(rdf.cumulative)) {
    const [a, b] = key === 'all' ? [0, 0] : key.split('-').map(Number);
    const gKey = key === 'all' ? key : `${Math.min(a, b)}-${Math.max(a, b)}`;
    const shell = firstShell(rdf.r, rdf.g[gKey], rdf.dr, smooth);
    out[key] = { ...shell, n: shell.rMin === null ? null : cumulativeAt(rdf.cumulative[key], rdf.dr, shell.rMin) };
  }
  return out;
}
