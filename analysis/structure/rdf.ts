/**
 * Radial distribution functions g_ab(r), total and partial, normalised exactly as LAMMPS
 * `compute rdf` normalises them, and averaged over frames as `fix ave/time` averages them.
 *
 * For a pair group (atoms i of the types I, atoms j of the types J) with h_k ordered pairs in bin
 * k = [k·dr, (k+1)·dr), dr = rmax / bins, LAMMPS divides by the ideal-gas count of the shell:
 *
 *   g(r_k) = h_k / (V_k · (N_J − D / N_I) · N_I),   V_k = 4π/(3V) · (r_{k+1}³ − r_k³),
 *
 * where V is the box volume (lx·ly·lz, also for triclinic boxes), N_I and N_J the numbers of atoms
 * of the types I and J, and D the number of atoms in both (the self pair is excluded: for like
 * types the factor is N_a − 1). r_k is reported at the bin centre (k + 1/2)·dr. The running
 * coordination number is n(r_{k+1}) = Σ_{k' ≤ k} h_k' / N_I: the mean number of J atoms within
 * r_{k+1} of an I atom. Frames are averaged with equal weights, each with its own volume.
 */
import type { State } from '../../sim/state.js';
import { boxVolume } from '../../sim/box.js';
import { pairHistogram, type PairHistogramInput } from './pair-histogram.js';

/** A pair group: atoms i of the types I around atoms j of the types J (0-based types). */
export interface PairGroup {
  /** 'all', or 'a-b' with 1-based types as LAMMPS numbers them. */
  key: string;
  I: number[];
  J: number[];
}

/** 'a-b' with 1-based type numbers. */
export function pairKey(a: number, b: number): string {
  return `${a + 1}-${b + 1}`;
}

/** 'all' and every ordered pair of types, in the order 1-1, 1-2, …, 2-1, 2-2, … */
export function pairGroups(ntypes: number): PairGroup[] {
  const all = Array.from({ length: ntypes }, (_, t) => t);
  const groups: PairGroup[] = [{ key: 'all', I: all, J: all }];
  for (let a = 0; a < ntypes; a++) for (let b = 0; b < ntypes; b++) groups.push({ key: pairKey(a, b), I: [a], J: [b] });
  return groups;
}

export interface Rdf {
  rmax: number;
  bins: number;
  /** Bin width rmax / bins. */
  dr: number;
  /** Bin centres (k + 1/2)·dr. */
  r: Float64Array;
  ntypes: number;
  frames: number;
  /** Atoms of each type (mean over frames). */
  typeCount: number[];
  /** Mean number density N / V over frames. */
  density: number;
  /** g(r) of 'all' and of every ordered pair 'a-b' (g_ab = g_ba). */
  g: Record<string, Float64Array>;
  /** Running coordination n(r) at the upper bin edges (k + 1)·dr, same keys. */
  cumulative: Record<string, Float64Array>;
}

/** Atoms, box and types of a configuration, as the pair histogram takes them. */
export function histogramInput(state: State, ntypes = state.mass.length): PairHistogramInput {
  return { box: state.box, x: state.x, type: state.type, ntypes };
}

/**
 * g(r) averaged over the frames (at least one; all with the same number of types). Every frame
 * must allow rmax (half its smallest perpendicular width; pairHistogram refuses otherwise).
 */
export function radialDistribution(frames: Iterable<PairHistogramInput>, rmax: number, bins: number): Rdf {
  let ntypes = -1;
  let count = 0;
  let density = 0;
  let typeSum: Float64Array | undefined;
  let hist: Float64Array | undefined;
  const groups: PairGroup[] = [];
  const gSum: Record<string, Float64Array> = {};
  const cSum: Record<string, Float64Array> = {};
  for (const frame of frames) {
    if (ntypes < 0) {
      ntypes = frame.ntypes;
      typeSum = new Float64Array(ntypes);
      hist = new Float64Array(ntypes * ntypes * bins);
      groups.push(...pairGroups(ntypes));
      for (const grp of groups) {
        gSum[grp.key] = new Float64Array(bins);
        cSum[grp.key] = new Float64Array(bins);
      }
    } else if (frame.ntypes !== ntypes) {
      throw new Error(`radialDistribution: frames with ${ntypes} and ${frame.ntypes} types`);
    }
    hist!.fill(0);
    pairHistogram(frame, rmax, bins, hist);
    const typeCount = new Float64Array(ntypes);
    for (let i = 0; i < frame.type.length; i++) typeCount[frame.type[i]]++;
    for (let t = 0; t < ntypes; t++) typeSum![t] += typeCount[t];
    density += frame.type.length / boxVolume(frame.box);
    for (const grp of groups) normalizeGroup(hist!, bins, ntypes, typeCount, frame.box, rmax, grp, gSum[grp.key], cSum[grp.key]);
    count++;
  }
  if (count === 0) throw new Error('radialDistribution: no frames');
  for (const key of Object.keys(gSum)) {
    for (let k = 0; k < bins; k++) {
      gSum[key][k] /= count;
      cSum[key][k] /= count;
    }
  }
  const dr = rmax / bins;
  return {
    rmax, bins, dr, r: Float64Array.from({ length: bins }, (_, k) => (k + 0.5) * dr), ntypes, frames: count,
    typeCount: Array.from(typeSum!, (c) => c / count), density: density / count, g: gSum, cumulative: cSum,
  };
}

/**
 * Adds one frame's g(r) and running coordination of a pair group into gOut and cumOut, with the
 * arithmetic of LAMMPS ComputeRDF (same operations in the same order, so that the numbers agree
 * to the last bit or two).
 */
function normalizeGroup(
  hist: Float64Array, bins: number, ntypes: number, typeCount: Float64Array, box: { lx: number; ly: number; lz: number },
  rmax: number, grp: PairGroup, gOut: Float64Array, cumOut: Float64Array,
): void {
  let icount = 0, jcount = 0, duplicates = 0;
  for (const a of grp.I) icount += typeCount[a];
  for (const b of grp.J) jcount += typeCount[b];
  for (const a of grp.I) if (grp.J.includes(a)) duplicates += typeCount[a];
  const h = new Float64Array(bins);
  for (const a of grp.I) for (const b of grp.J) for (let k = 0; k < bins; k++) h[k] += hist[(a * ntypes + b) * bins + k];
  const delr = rmax / bins;
  const constant = (4.0 * Math.PI) / (3.0 * box.lx * box.ly * box.lz);
  const normfac = icount > 0 ? jcount - duplicates / icount : 0.0;
  let ncoord = 0.0;
  for (let k = 0; k < bins; k++) {
    const rlower = k * delr;
    const rupper = (k + 1) * delr;
    const vfrac = constant * (rupper * rupper * rupper - rlower * rlower * rlower);
    const gr = vfrac * normfac !== 0.0 ? h[k] / (vfrac * normfac * icount) : 0.0;
    if (icount !== 0) ncoord += gr * vfrac * normfac;
    gOut[k] += gr;
    cumOut[k] += ncoord;
  }
}
