/**
 * Distinct events out of a glass minimum, as the anelastic spectrum needs them: each accepted
 * activation (its saddle adjacent to the start, exactly or where the event happens:
 * saddles/adjacency.ts) joins minimum 1 (the − side, the start where the event happens) and
 * minimum 2 (the + side).
 *
 * Two accepted events are the same event when their barriers agree (both within the energy
 * tolerance) and their saddles agree atom by atom (within the displacement tolerance) on the
 * event regions of both. Comparing only the event region matters: in a glass of thousands of
 * atoms the − side often carries a remote rearrangement of its own (adjacency 'local'), which
 * differs from search to search, so whole configurations would count one event many times.
 *
 * For each distinct event the collector keeps the stress change of the box between its two
 * minima at fixed shape, σ(2) − σ(1), from the virial (EnergySurface.stress).
 *
 * A saddle cannot lie below either of its minima. On a nearly flat saddle (barriers of 1e-4 ε) the
 * push off it and the minimizer's tolerance can leave one side a little above it: a barrier down to
 * −energyTolerance (the resolution at which two minima are the same) is zero within that resolution
 * and is kept as zero; a lower one means the two minima are not joined by this saddle, and the
 * event is not counted.
 */
import { minimumImageDisplacement } from '../sim/box.js';
import type { EnergySurface } from './energy-surface.js';

/**
 * The version of the rules that turn saved events into a catalogue (adjacency, sameness, barriers).
 * A study keys each glass's landscape stage on it, so a change of the rules assembles every
 * catalogue anew from the saved events (no search reruns). 2: barriers below zero (2026-12-07).
 */
export const CATALOGUE_RULES = 2;

export interface AcceptedEvent {
  /** Activation event number (1-based) that found it. */
  event: number;
  saddle: { x: Float64Array; energy: number };
  minus: { x: Float64Array; energy: number };
  plus: { x: Float64Array; energy: number };
  /** Atoms of the event region (saddles/adjacency.ts), indices into the configuration. */
  region: number[];
  adjacency: string;
  /** Attempt frequency (harmonic TST out of the − side) and the atoms it was computed on, when computed. */
  nu0?: number;
  vineyardAtoms?: number;
  movedAtoms: number;
  minimaDistance: number;
  maxAtomDisplacement: number;
}

export interface DistinctEvent {
  id: number;
  first: AcceptedEvent;
  hits: number;
  forward: number;
  backward: number;
  /** σ(2) − σ(1), order xx yy zz xy xz yz, energy/length³. */
  dsigma: Float64Array;
}

export class EventCollector {
  readonly events: DistinctEvent[] = [];

  constructor(private readonly surface: EnergySurface, private readonly tolerance: { energyTolerance: number; displacementTolerance: number }) {}

  /** The id (1-based) of the distinct event `e` is, adding it when new; null for a saddle below one of its minima. */
  add(e: AcceptedEvent): number | null {
    const forward = this.barrier(e.saddle.energy - e.minus.energy);
    const backward = this.barrier(e.saddle.energy - e.plus.energy);
    if (forward === null || backward === null) return null;
    const same = this.events.find((d) =>
      Math.abs(d.forward - forward) < this.tolerance.energyTolerance && Math.abs(d.backward - backward) < this.tolerance.energyTolerance && this.sameSaddle(d.first, e));
    if (same) {
      same.hits++;
      return same.id;
    }
    const s1 = this.surface.stress(e.minus.x);
    const s2 = this.surface.stress(e.plus.x);
    const id = this.events.length + 1;
    this.events.push({ id, first: e, hits: 1, forward, backward, dsigma: s2.map((v, k) => v - s1[k]) });
    return id;
  }

  private barrier(difference: number): number | null {
    if (difference >= 0) return difference;
    return difference > -this.tolerance.energyTolerance ? 0 : null;
  }

  private sameSaddle(a: AcceptedEvent, b: AcceptedEvent): boolean {
    const d = minimumImageDisplacement(this.surface.box, a.saddle.x, b.saddle.x);
    const tol2 = this.tolerance.displacementTolerance ** 2;
    const far = (i: number) => d[3 * i] ** 2 + d[3 * i + 1] ** 2 + d[3 * i + 2] ** 2 > tol2;
    return !a.region.some(far) && !b.region.some(far);
  }
}
