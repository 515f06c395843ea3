/**
 * Wall time by phase of the MD loop, for `npm run bench -- --profile` (test/bench/profile.ts).
 * Off unless something turns it on: every phase boundary then costs one null check.
 *
 * The marks partition the time: `mark(phase)` books the time since the previous mark to `phase`,
 * so the phases add up to the wall time between `start` and the last mark. `add` books a figure
 * outside that partition (e.g. how long the busiest worker computed within a host phase).
 */
export class PhaseProfile {
  /** Milliseconds per phase, in the order phases first appeared. */
  readonly wall = new Map<string, number>();
  /** Figures outside the partition (milliseconds). */
  readonly detail = new Map<string, number>();
  private last = 0;

  start(): void {
    this.last = performance.now();
  }

  mark(phase: string): void {
    const now = performance.now();
    this.wall.set(phase, (this.wall.get(phase) ?? 0) + now - this.last);
    this.last = now;
  }

  add(figure: string, ms: number): void {
    this.detail.set(figure, (this.detail.get(figure) ?? 0) + ms);
  }
}

/** The profile being taken, or null (the default). */
export let phases: PhaseProfile | null = null;

/** Starts booking phases into `p` (null: stops). */
export function profilePhases(p: PhaseProfile | null): void {
  phases = p;
  p?.start();
}
