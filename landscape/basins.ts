/**
 * The inherent-structure (IS) time series of a trajectory and what it is made of: transitions
 * between distinct IS, metabasins, energy distributions and waiting times.
 *
 * Metabasins follow Doliwa & Heuer, PRE 67, 031506 (2003): a trajectory that keeps coming back to
 * a set of IS has not left the region they form. Every IS label spans the interval from its first
 * to its last visit; overlapping intervals are merged, and each maximal merged interval is one
 * metabasin (MB). An IS visited once, with no revisits around it, is an MB by itself. Their MB
 * energy is the lowest IS energy inside it, and the waiting time the time from its entry to the
 * entry into the next MB (the first and last MB are cut by the ends of the run: censored).
 */
import { InputError } from '../sim/errors.js';

export interface Transition {
  /** Index in the series of the first frame in the new IS. */
  index: number;
  from: number;
  to: number;
}

/** Changes of label between consecutive frames. */
export function transitions(labels: ArrayLike<number>): Transition[] {
  const out: Transition[] = [];
  for (let k = 1; k < labels.length; k++) {
    if (labels[k] !== labels[k - 1]) out.push({ index: k, from: labels[k - 1], to: labels[k] });
  }
  return out;
}

export interface Metabasin {
  /** First and last frame index inside it (inclusive). */
  start: number;
  end: number;
  /** Distinct IS labels visited inside, in order of first visit. */
  minima: number[];
  /** Lowest IS energy inside (when energies are given), else NaN. */
  energy: number;
  /** Time from its first frame to the first frame of the next MB (NaN for the last). */
  waitingTime: number;
  /** Cut by the start or the end of the series: its real duration is unknown. */
  censored: boolean;
}

/**
 * Metabasins of an IS label series (Doliwa & Heuer 2003): maximal unions of overlapping
 * [first visit, last visit] intervals. `times` (default: the frame index) and `energies`
 * (per frame) are optional.
 */
export function metabasins(labels: ArrayLike<number>, energies?: ArrayLike<number>, times?: ArrayLike<number>): Metabasin[] {
  const n = labels.length;
  if (energies && energies.length !== n) throw new InputError(`metabasins: ${energies.length} energies for ${n} frames`);
  if (times && times.length !== n) throw new InputError(`metabasins: ${times.length} times for ${n} frames`);
  const lastVisit = new Map<number, number>();
  for (let k = 0; k < n; k++) lastVisit.set(labels[k], k);
  const t = (k: number) => (times ? times[k] : k);
  const out: Metabasin[] = [];
  let start = 0;
  while (start < n) {
    let end = lastVisit.get(labels[start])!;
    const seen = new Set<number>();
    let energy = Infinity;
    for (let k = start; k <= end; k++) {
      end = Math.max(end, lastVisit.get(labels[k])!);
      seen.add(labels[k]);
      if (energies) energy = Math.min(energy, energies[k]);
    }
    out.push({ start, end, minima: [...seen], energy: energies ? energy : NaN, waitingTime: end + 1 < n ? t(end + 1) - t(start) : NaN, censored: false });
    start = end + 1;
  }
  if (out.length > 0) {
    out[0].censored = true;
    out[out.length - 1].censored = true;
  }
  return out;
}

export interface Histogram {
  /** Bin edges, counts.length + 1 of them. */
  edges: number[];
  counts: number[];
}

/**
 * Histogram with bins of width `binWidth` aligned to multiples of it (or `bins` equal bins over
 * the data's range); `origin` shifts the alignment. Non-finite values are skipped.
 */
export function histogram(values: ArrayLike<number>, opts: { binWidth?: number; bins?: number; origin?: number } = {}): Histogram {
  const v = Array.from(values).filter(Number.isFinite);
  if (v.length === 0) return { edges: [], counts: [] };
  let lo = Math.min(...v);
  const hi = Math.max(...v);
  let width: number, nb: number;
  if (opts.binWidth !== undefined) {
    if (!(opts.binWidth > 0)) throw new InputError(`histogram bin width must be > 0, got ${opts.binWidth}`);
    width = opts.binWidth;
    const origin = opts.origin ?? 0;
    lo = origin + Math.floor((lo - origin) / width) * width;
    nb = Math.floor((hi - lo) / width) + 1;
  } else {
    nb = opts.bins ?? Math.max(1, Math.ceil(Math.sqrt(v.length)));
    if (!(Number.isInteger(nb) && nb > 0)) throw new InputError(`histogram bins must be a whole number > 0, got ${nb}`);
    // All values equal: bins over a unit interval centred on them.
    width = hi > lo ? (hi - lo) / nb : 1 / nb;
    if (hi === lo) lo -= 0.5;
  }
  const counts = new Array<number>(nb).fill(0);
  for (const x of v) counts[Math.min(nb - 1, Math.max(0, Math.floor((x - lo) / width)))]++;
  const edges = Array.from({ length: nb + 1 }, (_, b) => lo + b * width);
  return { edges, counts };
}

/** Summary of an IS series: what `betascape inherent` writes. */
export interface BasinAnalysis {
  frames: number;
  distinctMinima: number;
  transitions: Transition[];
  metabasins: Metabasin[];
  /** Mean waiting time in uncensored metabasins (NaN when there are none). */
  meanWaitingTime: number;
  /** Histogram of the IS energy per atom over all frames. */
  energyHistogram: Histogram;
  /** Histogram of the MB energies per atom (lowest IS in each MB). */
  metabasinEnergyHistogram: Histogram;
  /** Histogram of the uncensored MB waiting times. */
  waitingTimeHistogram: Histogram;
}

export function analyseBasins(
  series: { minimum: number; energy: number; time: number }[], natoms: number, opts: { energyBins?: number } = {},
): BasinAnalysis {
  const labels = series.map((r) => r.minimum);
  const energies = series.map((r) => r.energy);
  const mbs = metabasins(labels, energies, series.map((r) => r.time));
  const waits = mbs.filter((m) => !m.censored).map((m) => m.waitingTime);
  const bins = opts.energyBins;
  return {
    frames: series.length,
    distinctMinima: new Set(labels).size,
    transitions: transitions(labels),
    metabasins: mbs,
    meanWaitingTime: waits.length > 0 ? waits.reduce((a, b) => a + b, 0) / waits.length : NaN,
    energyHistogram: histogram(energies.map((e) => e / natoms), { bins }),
    metabasinEnergyHistogram: histogram(mbs.map((m) => m.energy / natoms), { bins }),
    waitingTimeHistogram: histogram(waits, { bins }),
  };
}
