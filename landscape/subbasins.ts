/**
 * Sub-basins around a glass inherent structure, from a saddle search's database: the minima
 * adjacent to the starting IS (joined to it by one saddle, exactly or where the event happens:
 * landscape/saddles/adjacency.ts), how many there are per energy
 * interval (the sub-basin density), their energies relative to the start, the barriers out of
 * it, and the configurational distances between the start and its neighbours (the paper's
 * "average distance between sub-basins"). The paper's reading: a less stable, more heterogeneous
 * glass has denser, closer sub-basins behind lower barriers.
 */
import { InputError } from '../sim/errors.js';
import { histogram, type Histogram } from './basins.js';
import type { LandscapeSaddle, LandscapeJson } from './landscape-json.js';

export interface SubBasinOptions {
  /** The starting IS (minimum id). Default: the minimum most activations started from (`initial`), else the first. */
  start?: number;
  /** Energy interval for the densities and histograms (energy units). */
  binWidth: number;
  /** Histogram bins for the distances (default √count). */
  distanceBins?: number;
}

export interface AdjacentMinimum {
  id: number;
  /** E_min − E_start (for a locally adjacent saddle, E_min − E_minus: the start as it is where the event happens). */
  energy: number;
  /** Lowest saddle joining it to the start, relative to the start (the barrier out of the start; E_saddle − E_minus when local). */
  barrier: number;
  /** Configurational distance to the start (3N norm), from the saddle or an event record when they carry it; else NaN. */
  distance: number;
}

export interface SubBasinAnalysis {
  start: number;
  startEnergy: number;
  adjacent: AdjacentMinimum[];
  /** Distinct adjacent minima per energy interval of ΔE (relative to the start). */
  density: Histogram;
  /** The same divided by ΔE: minima per unit energy. */
  densityPerEnergy: number[];
  /** Barriers of all distinct saddles out of the start (E_saddle − E_start, or − E_minus when local). */
  barriers: number[];
  barrierHistogram: Histogram;
  /** Distances start → adjacent minimum, one per neighbour that has one (empty when the records carry none). */
  distances: number[];
  distanceHistogram: Histogram;
  meanDistance: number;
  meanBarrier: number;
}

/** The minimum most activations started from: the glass IS of an ART-style search. */
export function startingMinimum(db: LandscapeJson): number {
  const counts = new Map<number, number>();
  for (const x of [...db.saddles.map((s) => s.initial), ...db.events.map((e) => e.initial)]) {
    if (x !== undefined) counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  let best = db.minima[0]?.id, most = 0;
  for (const [id, c] of counts) {
    if (c > most) {
      most = c;
      best = id;
    }
  }
  if (best === undefined) throw new InputError('sub-basins: the database has no minima');
  return best;
}

/**
 * A saddle out of the start: one joining it to another minimum, or one whose − side (minA) is the
 * start where the event happens (adjacency 'local', landscape/saddles/adjacency.ts). `from` is
 * the minimum its barrier and the neighbour's energy are measured from.
 */
function adjacentEnds(s: LandscapeSaddle, start: number): { from: number; other: number } | undefined {
  if ((s.minA === start) !== (s.minB === start)) return { from: start, other: s.minA === start ? s.minB : s.minA };
  if (s.minA !== start && s.adjacency === 'local' && (s.initial ?? start) === start) return { from: s.minA, other: s.minB };
  return undefined;
}

export interface SaturationCurve {
  /** After attempt k = 1..n (event order): distinct saddles found so far, distinct minima adjacent to the start found so far. */
  attempts: number[];
  distinct_events: number[];
  adjacent_minima: number[];
}

/**
 * How the search saturates: after each attempt, in event order, the distinct saddles (database ids)
 * and the distinct minima adjacent to the start (as analyseSubBasins counts them) found so far.
 */
export function saturationCurve(db: LandscapeJson, start = startingMinimum(db)): SaturationCurve {
  const saddleOf = new Map(db.saddles.map((s) => [s.id, s]));
  const saddles = new Set<number>(), minima = new Set<number>();
  const curve: SaturationCurve = { attempts: [], distinct_events: [], adjacent_minima: [] };
  db.events.forEach((e, k) => {
    const s = e.saddle === undefined ? undefined : saddleOf.get(e.saddle);
    if (s) {
      saddles.add(s.id);
      const ends = adjacentEnds(s, start);
      if (ends) minima.add(ends.other);
    }
    curve.attempts.push(k + 1);
    curve.distinct_events.push(saddles.size);
    curve.adjacent_minima.push(minima.size);
  });
  return curve;
}

export function analyseSubBasins(db: LandscapeJson, opts: SubBasinOptions): SubBasinAnalysis {
  if (!(opts.binWidth > 0 && Number.isFinite(opts.binWidth))) throw new InputError(`sub-basins: energy interval must be > 0, got ${opts.binWidth}`);
  const start = opts.start ?? startingMinimum(db);
  const energyOf = new Map(db.minima.map((m) => [m.id, m.energy]));
  const e0 = energyOf.get(start);
  if (e0 === undefined) throw new InputError(`sub-basins: no minimum with id ${start}`);

  const neighbours = new Map<number, AdjacentMinimum>();
  const barriers: number[] = [];
  for (const s of db.saddles) {
    const ends = adjacentEnds(s, start);
    if (!ends) continue;
    const eFrom = energyOf.get(ends.from)!;
    const barrier = s.energy - eFrom;
    barriers.push(barrier);
    const known = neighbours.get(ends.other);
    const distance = s.distance ?? NaN;
    if (!known) neighbours.set(ends.other, { id: ends.other, energy: energyOf.get(ends.other)! - eFrom, barrier, distance });
    else {
      known.barrier = Math.min(known.barrier, barrier);
      if (Number.isNaN(known.distance)) known.distance = distance;
    }
  }
  // Distances the saddles lack: from events that went from the start to a neighbour and say how far.
  for (const ev of db.events) {
    if (ev.distance === undefined || ev.final === undefined) continue;
    if (ev.initial !== undefined && ev.initial !== start) continue;
    const nb = neighbours.get(ev.final);
    if (nb && Number.isNaN(nb.distance)) nb.distance = ev.distance;
  }
  const adjacent = [...neighbours.values()].sort((a, b) => a.energy - b.energy);
  const distances = adjacent.map((a) => a.distance).filter(Number.isFinite);
  const density = histogram(adjacent.map((a) => a.energy), { binWidth: opts.binWidth });
  const mean = (v: number[]) => (v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  return {
    start,
    startEnergy: e0,
    adjacent,
    density,
    densityPerEnergy: density.counts.map((c) => c / opts.binWidth),
    barriers,
    barrierHistogram: histogram(barriers, { binWidth: opts.binWidth }),
    distances,
    distanceHistogram: histogram(distances, { bins: opts.distanceBins }),
    meanDistance: mean(distances),
    meanBarrier: mean(barriers),
  };
}
