/** Run-time estimates of sweep members, for `validate` and for ordering and sizing a sweep's work. */
import type { Member } from './sweep.js';
import { memberStages, totalSteps } from './stages.js';

/**
 * Speed of the CPU backend on this kind of machine (Kob–Andersen, one core, atom-steps per
 * second; measured with test/bench/sweep-bench.ts).
 */
export const ATOM_STEPS_PER_SECOND = 2.0e6;

export function memberSteps(m: Member): number {
  return totalSteps(memberStages(m.config));
}

/** Seconds of one member on one core. */
export function estimateSeconds(m: Member): number {
  return (memberSteps(m) * m.config.n) / ATOM_STEPS_PER_SECOND;
}
