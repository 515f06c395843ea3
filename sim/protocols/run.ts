/**
 * Runs a list of stages as consecutive `runMD` calls on one state, force field and thermostat,
 * and knows where it stands (the protocol position), so that a checkpoint taken after any step
 * can be continued bit for bit.
 */
import type { State } from '../state.js';
import type { Units } from '../units.js';
import type { ForceField } from '../forces.js';
import type { Thermostat } from '../integrate/thermostat.js';
import { runMD, type ThermoRow } from '../md.js';
import type { Stage } from './stages.js';

/** Where a protocol stands: the stage being run and the step and time at which it began. */
export interface ProtocolPosition {
  stage: number;
  start: { step: number; time: number };
}

export interface ProtocolOptions {
  dt: number;
  units: Units;
  thermoEvery: number;
  zeroMomentumEvery?: number;
  /**
   * Continue from here: the state, thermostat and neighbour list must have been restored from a
   * checkpoint taken at this position. Default: start the first stage now.
   */
  from?: ProtocolPosition;
  /** Thermo rows; a stage's opening row is passed on only for the first stage (later ones repeat the previous row's step). */
  onThermo?: (row: ThermoRow, stage: number, position: ProtocolPosition) => void;
  /** Every step, before its thermo row (snapshots). */
  onStep?: (state: State, position: ProtocolPosition) => void;
  /** The end of every step (checkpoints). */
  afterStep?: (state: State, position: ProtocolPosition) => void;
  /**
   * The steps at which onStep and afterStep need the state: those whose step number is a multiple
   * of this (0: only where a stage ends). A potential that runs whole steps on its own (the threads
   * backend) then leaves the state where it is in between (RunOptions.hostEvery). Default: every step.
   */
  hostEvery?: number;
}

/** Greatest common divisor (gcd(a, 0) = a): every step that is a multiple of a or b is one of it. */
export function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Runs the stages (from opts.from on); returns the last thermo row. */
export function runStages(state: State, ff: ForceField, thermostat: Thermostat, stages: Stage[], opts: ProtocolOptions): ThermoRow | undefined {
  let last: ThermoRow | undefined;
  const first = opts.from?.stage ?? 0;
  for (let i = first; i < stages.length; i++) {
    const stage = stages[i];
    const pos: ProtocolPosition = {
      stage: i,
      start: i === first && opts.from ? { ...opts.from.start } : { step: state.step, time: state.time },
    };
    last = runMD(state, ff, {
      steps: stage.steps,
      dt: opts.dt,
      units: opts.units,
      thermostat,
      tStart: stage.tStart,
      tStop: stage.tStop,
      thermoEvery: opts.thermoEvery,
      zeroMomentumEvery: opts.zeroMomentumEvery ?? 0,
      protocolStart: pos.start,
      onThermo: (row) => {
        if (row.step === pos.start.step && i > 0) return;
        opts.onThermo?.(row, i, pos);
      },
      onStep: opts.onStep && ((s) => opts.onStep!(s, pos)),
      afterStep: opts.afterStep && ((s) => opts.afterStep!(s, pos)),
      // runMD counts hostEvery from the stage's first step: the multiples of gcd(h, start) from
      // there hold every multiple of h.
      hostEvery: opts.hostEvery === undefined ? undefined : opts.hostEvery === 0 ? 0 : gcd(opts.hostEvery, pos.start.step),
    });
  }
  return last;
}
