/**
 * The study's MD-DMA block (`dma:` in the study config): shear oscillations of every glass at fixed
 * T/Tg, one period, in the glass's own time and temperature units (dma-stage.ts runs them).
 * Defaults measured on a 2000-atom KA glass (docs/study.md, "Two measures of β").
 */
import { z } from 'zod';
import type { KeyPath } from '../../sim/config/key-path.js';
import { InputError } from '../../sim/errors.js';
import { stepCountProblem } from '../../sim/protocols/plausibility.js';
import { stepsPerSample } from '../spectra/oscillate.js';

const num = z.number({ error: 'must be a number' });
const positive = () => num.gt(0, 'must be > 0');
const whole = () => z.int({ error: 'must be a whole number' });

export const DMA_DEFAULTS = {
  T_over_Tg: [0.5, 0.7], period: 10, cycles: 42, transient_cycles: 2, strain_amplitude: 0.01, equilibrate: 20, samples_per_cycle: 50,
};

export const dmaSchema = z.strictObject({
  /** Temperatures of the oscillation, in units of the glass's Tg. */
  T_over_Tg: z.array(positive().lt(1.5, 'must be < 1.5 (a glass, not a liquid far above Tg)')).min(1, 'must list at least one T/Tg').default(DMA_DEFAULTS.T_over_Tg),
  /** Period of the shear strain (time units: τ, or ps in metal units). */
  period: positive().default(DMA_DEFAULTS.period),
  /** Cycles run, the first `transient_cycles` of them left out of the fit. */
  cycles: whole().gte(2, 'must be >= 2').default(DMA_DEFAULTS.cycles),
  transient_cycles: whole().gte(0, 'must be >= 0').default(DMA_DEFAULTS.transient_cycles),
  /** Shear strain amplitude γ0. */
  strain_amplitude: positive().lte(0.1, 'must be <= 0.1 (linear response)').default(DMA_DEFAULTS.strain_amplitude),
  /** NVT equilibration at T before the oscillation (time units). */
  equilibrate: num.gte(0, 'must be >= 0').default(DMA_DEFAULTS.equilibrate),
  samples_per_cycle: whole().gte(8, 'must be >= 8').default(DMA_DEFAULTS.samples_per_cycle),
});

export type DmaSettings = z.output<typeof dmaSchema>;

/** What cannot run with these settings and the samples' time steps: key paths and messages. */
export function dmaProblems(d: DmaSettings, timeSteps: { sample: string; dt: number }[]): [KeyPath, string][] {
  const out: [KeyPath, string][] = [];
  if (d.transient_cycles >= d.cycles) out.push([['dma', 'transient_cycles'], `must be below dma.cycles (${d.cycles})`]);
  d.T_over_Tg.forEach((x, k) => {
    if (d.T_over_Tg.indexOf(x) !== k) out.push([['dma', 'T_over_Tg', k], `${x} is listed twice`]);
  });
  for (const { sample, dt } of timeSteps) {
    const steps = stepCountProblem((d.period / dt) * d.cycles);
    if (steps) {
      out.push([['dma', 'period'], `sample ${sample}: period ${d.period} ${steps}`]);
      continue;
    }
    try {
      stepsPerSample(d.period, dt, d.samples_per_cycle);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.push([['dma', 'period'], `sample ${sample}: ${e.message}`]);
    }
  }
  return out;
}

/** The file of one temperature: dma/T0.50.json (two decimals unless more are needed). */
export function dmaPointFile(x: number): string {
  const short = x.toFixed(2);
  return `T${Number(short) === x ? short : String(x)}.json`;
}
