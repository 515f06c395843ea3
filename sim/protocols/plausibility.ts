/**
 * Checks that refuse, before anything runs, a run that cannot work: more memory than the machine
 * has, step counts that are not finite integers, a density at which the sample is no condensed
 * phase, a time step at which velocity Verlet diverges. Each returns a message (the caller names
 * the key or flag) or undefined. The bounds are documented in docs/sweeps.md.
 */
import { totalmem } from 'node:os';
import type { UnitsName } from '../units.js';

/** Most seeds one config may list or count. */
export const MAX_SEEDS = 10_000;

/**
 * Time steps (time units) from which MD is refused, because velocity Verlet diverged there, and
 * above which it is warned of (energy drift). Measured with `betascape md --ensemble nve` on 500
 * atoms for 2000 steps (docs/sweeps.md): KA from T = 1 drifts 9e-4, 3.5e-3, 1.9e-2 ε/atom at dt =
 * 0.005, 0.01, 0.015 τ and diverges at 0.02 τ; Cu50Zr50 (Mendelev EAM) at about 1550 K drifts 6e-5,
 * 3e-4, 1.7e-2 eV/atom in 1000 steps at 0.002, 0.005, 0.01 ps and diverges at 0.02 ps.
 */
export const TIME_STEP_LIMITS: Record<UnitsName, { warn: number; refuse: number }> = {
  lj: { warn: 0.01, refuse: 0.02 },
  metal: { warn: 0.005, refuse: 0.02 },
};

/** A step count that is a finite safe integer, or the problem. */
export function stepCountProblem(steps: number): string | undefined {
  if (!Number.isFinite(steps) || steps > Number.MAX_SAFE_INTEGER) return `would take ${steps} steps (not a finite whole number of steps)`;
  return undefined;
}

/**
 * Memory a run of n atoms needs, roughly, in bytes: the state and its checkpoint copies (about
 * 400 B per atom) and a half neighbour list of 4-byte entries within the cut-off + skin.
 */
function memoryEstimate(n: number, density: number, reach: number): number {
  const pairsPerAtom = (2 / 3) * Math.PI * reach ** 3 * density;
  return n * (400 + 4 * pairsPerAtom);
}

export function memoryProblem(n: number, density: number, reach: number, available = totalmem()): string | undefined {
  const need = memoryEstimate(n, density, reach);
  if (need <= 0.8 * available) return undefined;
  const gb = (b: number) => (b / 2 ** 30).toPrecision(3);
  return `${n} atoms need about ${gb(need)} GiB of memory; this machine has ${gb(available)} GiB`;
}

/**
 * A number density at which the sample is a condensed phase: the mean spacing ρ^(-1/3) between a
 * tenth of the cut-off (atoms on top of each other) and three cut-offs (a dilute gas: no glass).
 */
export function densityProblem(density: number, cutoff: number, lengthUnit: string): string | undefined {
  const spacing = Number((density ** (-1 / 3)).toPrecision(3));
  if (spacing < cutoff / 10) return `${density} puts atoms ${spacing} ${lengthUnit} apart, under a tenth of the cut-off (${cutoff} ${lengthUnit}): not a sample that can exist`;
  if (spacing > 3 * cutoff) return `${density} puts atoms ${spacing} ${lengthUnit} apart, more than three cut-offs (${cutoff} ${lengthUnit}): a dilute gas, not a glass`;
  return undefined;
}

/** The time step against TIME_STEP_LIMITS: a refusal, a warning, or nothing. */
export function timeStepCheck(dt: number, units: UnitsName, timeUnit: string): { refuse?: string; warn?: string } {
  const limit = TIME_STEP_LIMITS[units];
  if (dt >= limit.refuse) return { refuse: `${dt} ${timeUnit} is at or above ${limit.refuse} ${timeUnit}, where velocity Verlet diverges (units ${units}); use ${limit.warn} or less` };
  if (dt > limit.warn) return { warn: `${dt} ${timeUnit} is above ${limit.warn} ${timeUnit}: expect energy drift (units ${units})` };
  return {};
}
