/**
 * A glass-making protocol as a list of MD stages, each one `runMD` call with a constant or
 * linearly ramped target temperature: melt → hold at T_start → quench at rate r → optional
 * isothermal anneal (ageing) below Tg.
 */
import { InputError } from '../errors.js';
import type { SweepConfig } from './sweep-config.js';

export type StageName = 'melt' | 'hold' | 'quench' | 'anneal';

export interface Stage {
  name: StageName;
  steps: number;
  /** Target temperature at the first and the last step (linear in between). */
  tStart: number;
  tStop: number;
}

export interface QuenchProtocol {
  dt: number;
  melt: { T: number; duration: number };
  /** Equilibration at tStart before the ramp (time units; 0 = none). */
  hold: number;
  tStart: number;
  tEnd: number;
  /** Cooling rate, temperature per time unit (> 0). */
  rate: number;
  anneal?: { T: number; duration: number } | null;
}

/** Number of steps of a duration. */
export function stepsOf(duration: number, dt: number): number {
  return Math.round(duration / dt);
}

/** The stages of a melt–quench(–anneal) protocol; stages of zero steps are left out. */
export function quenchStages(p: QuenchProtocol): Stage[] {
  if (!(p.dt > 0)) throw new InputError(`dt must be > 0, got ${p.dt}`);
  if (!(p.rate > 0)) throw new InputError(`cooling rate must be > 0, got ${p.rate}`);
  const stages: Stage[] = [
    { name: 'melt', steps: stepsOf(p.melt.duration, p.dt), tStart: p.melt.T, tStop: p.melt.T },
    { name: 'hold', steps: stepsOf(p.hold, p.dt), tStart: p.tStart, tStop: p.tStart },
    { name: 'quench', steps: Math.round(Math.abs(p.tStart - p.tEnd) / p.rate / p.dt), tStart: p.tStart, tStop: p.tEnd },
  ];
  if (p.anneal) stages.push({ name: 'anneal', steps: stepsOf(p.anneal.duration, p.dt), tStart: p.anneal.T, tStop: p.anneal.T });
  return stages.filter((s) => s.steps > 0);
}

/** Target temperature of a stage `k` steps after its start (the ramp of runMD). */
export function stageTarget(stage: Stage, k: number): number {
  return stage.tStart + (k / stage.steps) * (stage.tStop - stage.tStart);
}

export function totalSteps(stages: Stage[]): number {
  return stages.reduce((s, st) => s + st.steps, 0);
}

/** The stages of a sweep member's protocol (its single rate and anneal). */
export function memberStages(c: SweepConfig): Stage[] {
  const rate = (c.quench.rates as number[])[0];
  const anneal = Array.isArray(c.anneal) ? c.anneal[0] : c.anneal;
  return quenchStages({
    dt: c.dt, melt: c.melt, hold: c.quench.hold, tStart: c.quench.T_start, tEnd: c.quench.T_end, rate,
    anneal: anneal && anneal.duration > 0 ? anneal : null,
  });
}
