/**
 * The barrier the workers of the threads backend meet at within a command (threads-shared.ts,
 * BAR_COUNT and BAR_GEN). The last to arrive resets the count and bumps the generation; the others
 * spin on the generation for a while (the workers run on cores of their own while the host
 * sleeps, and a futex wake-up costs tens of microseconds), then sleep on it. A worker that fails
 * sets FAILED and bumps the generation: the others then abandon the command too.
 */
import { BAR_COUNT, BAR_GEN, FAILED } from './threads-shared.js';

/** Bounds of the spin on a shared word before sleeping on it (ms). */
const SPIN_MIN_MS = 0.02, SPIN_MAX_MS = 1;
/**
 * This thread's spin, adapted as an adaptive mutex adapts its spin count: a wait that ends within
 * the spin lengthens the next one (×1.25), a spin that runs out halves it. On cores of their own
 * the threads answer each other within the spin, and it grows past the tens of microseconds a
 * futex wake-up costs; on cores another job shares, the thread waited for is often descheduled,
 * the spin runs out, and it shrinks, so that a spinning thread seldom keeps that one off its core.
 */
let spinMs = 0.05;

/** Spins for up to the current spin while a[index] is `value`; returns whether it changed. */
export function spinWhile(a: Int32Array, index: number, value: number): boolean {
  const until = performance.now() + spinMs;
  for (;;) {
    for (let k = 0; k < 64; k++) {
      if (Atomics.load(a, index) !== value) {
        spinMs = Math.min(SPIN_MAX_MS, spinMs * 1.25);
        return true;
      }
    }
    if (performance.now() > until) {
      spinMs = Math.max(SPIN_MIN_MS, spinMs / 2);
      return false;
    }
  }
}

export class Abandoned extends Error {}

export class Barrier {
  constructor(private readonly control: Int32Array, private readonly workers: number) {}

  wait(): void {
    const c = this.control;
    // The generation first: a failure bumps it after setting FAILED, so one of the two shows.
    const gen = Atomics.load(c, BAR_GEN);
    if (Atomics.load(c, FAILED) !== 0) throw new Abandoned('another worker failed');
    if (Atomics.add(c, BAR_COUNT, 1) === this.workers - 1) {
      Atomics.store(c, BAR_COUNT, 0);
      Atomics.add(c, BAR_GEN, 1);
      Atomics.notify(c, BAR_GEN);
    } else {
      spinWhile(c, BAR_GEN, gen);
      while (Atomics.load(c, BAR_GEN) === gen) Atomics.wait(c, BAR_GEN, gen);
    }
    if (Atomics.load(c, FAILED) !== 0) throw new Abandoned('another worker failed');
  }

  /** Releases the workers waiting at the barrier after this worker failed (FAILED is set). */
  release(): void {
    Atomics.add(this.control, BAR_GEN, 1);
    Atomics.notify(this.control, BAR_GEN);
  }
}
