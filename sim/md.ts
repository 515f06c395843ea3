import { BlowUpError, InputError } from './errors.js';
import type { State } from './state.js';
import type { Units } from './units.js';
import type { Thermostat, StepContext } from './integrate/thermostat.js';
import { computeForces, type ForceField } from './forces.js';
import { drift, halfKick } from './integrate/verlet.js';
import { kineticEnergy, pressureTensor, scalarPressure, temperature, zeroMomentum } from './thermo.js';
import { boxVolume, perpendicularWidths } from './box.js';
import { phases } from './phase-profile.js';
import { motionOf, type Motion, type ResidentSteps } from './integrate/resident.js';

/**
 * Why the dynamics have blown up, or undefined: positions or velocities that are not finite, or
 * an atom that moves more than half the narrowest box width in one step.
 */
function blowUp(state: State, dt: number, motion: Motion = motionOf(state)): string | undefined {
  if (!motion.finite) return 'positions or velocities are no longer finite';
  const half = 0.5 * Math.min(...perpendicularWidths(state.box));
  const step = Math.sqrt(motion.vmax2) * dt;
  return step > half ? `an atom moves ${step.toPrecision(3)} in one step, more than half the box (${half.toPrecision(3)})` : undefined;
}

/**
 * The potential's whole steps (Potential.residentSteps) where it has them and the thermostat is a
 * uniform scaling that leaves the drift alone; else undefined (runMD's own loop).
 */
function residentSteps(state: State, ff: ForceField, thermostat: Thermostat, units: Units): ResidentSteps | undefined {
  const scaling = thermostat.scaling;
  if (!scaling || thermostat.drift || thermostat.needsVirial || !ff.potential.residentSteps) return undefined;
  return ff.potential.residentSteps(state, ff.nlist, ff.out, scaling, units);
}

/** A run's clock: its first step and time, time step, length and target-temperature ramp. */
export interface RunClock {
  begin: number;
  beginTime: number;
  dt: number;
  steps: number;
  ramp: (k: number) => number;
}

/** One step on: the state's step and time, and the thermostat's target and progress (every runner counts them so). */
export function advanceClock(state: State, ctx: StepContext, c: RunClock): void {
  state.step++;
  state.time = c.beginTime + (state.step - c.begin) * c.dt;
  ctx.targetT = c.ramp(state.step - c.begin);
  ctx.fraction = (state.step - c.begin) / c.steps;
}

export interface ThermoRow {
  step: number;
  time: number;
  temperature: number;
  pressure: number;
  /** Energies per atom: potential, kinetic, total, and total + thermostat reservoir. */
  pe: number;
  ke: number;
  etotal: number;
  econserve: number;
  volume: number;
  /** Pressure tensor xx, yy, zz, xy, xz, yz. */
  pressureTensor: number[];
  neighborBuilds: number;
}

export const THERMO_COLUMNS = [
  'step', 'time', 'T', 'P', 'pe_per_atom', 'ke_per_atom', 'etotal_per_atom', 'econserve_per_atom',
  'volume', 'pxx', 'pyy', 'pzz', 'pxy', 'pxz', 'pyz', 'neighbor_builds',
] as const;

/** The unit of every THERMO_COLUMNS column (for the thermo.units.json sidecar). */
export function thermoColumnUnits(units: Units): Record<(typeof THERMO_COLUMNS)[number], string> {
  const L = units.labels;
  const P = L.pressure;
  return {
    step: '', time: L.time, T: L.temperature, P, pe_per_atom: L.energy, ke_per_atom: L.energy, etotal_per_atom: L.energy, econserve_per_atom: L.energy,
    volume: `${L.length}^3`, pxx: P, pyy: P, pzz: P, pxy: P, pxz: P, pyz: P, neighbor_builds: '',
  };
}

export function thermoRowValues(r: ThermoRow): number[] {
  return [r.step, r.time, r.temperature, r.pressure, r.pe, r.ke, r.etotal, r.econserve, r.volume, ...r.pressureTensor, r.neighborBuilds];
}

export interface RunOptions {
  steps: number;
  dt: number;
  units: Units;
  thermostat: Thermostat;
  /** Target temperature at the first and last step; linear in between (a quench when they differ). */
  tStart?: number;
  tStop?: number;
  /** Thermo output every this many steps (and at the first and last step); 0 = only those two. */
  thermoEvery?: number;
  /** Remove the centre-of-mass velocity every this many steps (0 = never). */
  zeroMomentumEvery?: number;
  onThermo?: (row: ThermoRow) => void;
  /** Called every step after the second half kick (analysis hooks). */
  onStep?: (state: State) => void;
  /**
   * Steps (counted from protocolStart) at which onStep and afterStep need the state: a runner that
   * keeps it on a device (sim/gpu-md), or whose potential runs whole steps (the threads backend),
   * copies it to the host and calls them only then, and when it pauses or ends (0: only then).
   * Otherwise, and without hostEvery, runMD calls them every step.
   */
  hostEvery?: number;
  /** Called at the very end of every step, after its thermo row (checkpoints). */
  afterStep?: (state: State) => void;
  /**
   * Asked after afterStep: true ends the run at this step (to be continued by another runMD call
   * with the same options and protocolStart, e.g. after yielding to the event loop).
   */
  pause?: (state: State) => boolean;
  /**
   * Step and time at which this run began (default: the state's). When the state is further on,
   * the run continues one that was checkpointed part-way: only the remaining steps are run, the
   * ramp and the thermo and momentum schedules count from protocolStart, and the thermostat, the
   * forces in state.f and the neighbour list are taken as restored (no setup, no initial force
   * call, no initial thermo row), so the continuation is bit-for-bit the uninterrupted run.
   * ff.out (energy, virial) must hold the last step's values when a barostat is running.
   */
  protocolStart?: { step: number; time: number };
}

/**
 * Velocity-Verlet MD with the step order of LAMMPS `run`: thermostat half step, half kick, drift
 * (the barostat's, when it has one), neighbour check, forces, post-force hook, half kick,
 * thermostat half step. Energy and virial are computed only on thermo steps (every step when
 * the thermostat needs the virial: a barostat). The target temperature ramps linearly from
 * tStart to tStop as LAMMPS `fix nvt temp T0 T1` does: T(step) = T0 + (step - begin) / steps * (T1 - T0).
 */
export function runMD(state: State, ff: ForceField, opts: RunOptions): ThermoRow {
  const { steps, dt, units, thermostat } = opts;
  if (!(Number.isInteger(steps) && steps >= 0)) throw new InputError(`steps must be a non-negative integer, got ${steps}`);
  if (!(dt > 0)) throw new InputError(`dt must be > 0, got ${dt}`);
  const tStart = opts.tStart ?? 0;
  const tStop = opts.tStop ?? tStart;
  const every = opts.thermoEvery ?? 0;
  const zeroEvery = opts.zeroMomentumEvery ?? 0;
  const begin = opts.protocolStart?.step ?? state.step;
  const beginTime = opts.protocolStart?.time ?? state.time;
  const done = state.step - begin;
  if (!(Number.isInteger(done) && done >= 0 && done <= steps)) {
    throw new Error(`runMD: state step ${state.step} is outside the run that began at step ${begin} (${steps} steps)`);
  }
  const ramp = (k: number) => tStart + (k / steps) * (tStop - tStart);
  // fraction: how far the run has gone, for targets that ramp (a barostat's pressure).
  const ctx: StepContext = { dt, units, targetT: done > 0 ? ramp(done) : tStart, fraction: steps > 0 ? done / steps : 0, virial: ff.out.virial };
  // A barostat needs the virial after every force computation, not only on thermo steps.
  const virialEveryStep = thermostat.needsVirial === true;

  const thermoRow = (): ThermoRow => {
    const out = ff.out;
    const ke = kineticEnergy(state, units);
    const ptensor = pressureTensor(state, out.virial, units);
    const n = state.n;
    return {
      step: state.step,
      time: state.time,
      temperature: temperature(state, units),
      pressure: scalarPressure(ptensor),
      pe: out.energy / n,
      ke: ke / n,
      etotal: (out.energy + ke) / n,
      econserve: (out.energy + ke + thermostat.reservoirEnergy(state, ctx)) / n,
      volume: boxVolume(state.box),
      pressureTensor: Array.from(ptensor),
      neighborBuilds: ff.nlist.builds,
    };
  };

  let last: ThermoRow;
  if (done === 0) {
    computeForces(state, ff, { energyVirial: true });
    if (!Number.isFinite(ff.out.energy)) throw new BlowUpError(`MD cannot start: the energy is ${ff.out.energy} at step ${state.step}; atoms overlap`);
    thermostat.setup(state, ctx);
    last = thermoRow();
    opts.onThermo?.(last);
  } else if (done === steps) {
    // Nothing left to run: report the state without touching the dynamics.
    computeForces(state, ff, { energyVirial: true });
    return thermoRow();
  }

  // Where the potential runs whole steps (the threads backend), the state lives there between
  // host points: before anything on the host reads it, `resident.sync()` brings it back.
  const resident = residentSteps(state, ff, thermostat, units);
  const hostEvery = resident ? opts.hostEvery : undefined;
  try {
    for (let s = done + 1; s <= steps; s++) {
      advanceClock(state, ctx, { begin, beginTime, dt, steps, ramp });
      const isThermo = s === steps || (every > 0 && s % every === 0);
      const energyVirial = isThermo || virialEveryStep;
      let rebuilt: boolean, motion: Motion | undefined;
      if (resident) {
        ({ rebuilt, motion } = resident.step(ctx, energyVirial));
      } else {
        thermostat.initialIntegrate(state, ctx);
        halfKick(state, dt, units);
        if (thermostat.drift) thermostat.drift(state, ctx);
        else drift(state, dt);
        phases?.mark('integrate');
        const builds = ff.nlist.builds;
        computeForces(state, ff, { energyVirial });
        rebuilt = ff.nlist.builds !== builds;
      }
      // Checked where it is cheap next to the step's work: at each list rebuild and thermo row.
      if (rebuilt || isThermo) {
        const why = blowUp(state, dt, motion) ?? (isThermo && !Number.isFinite(ff.out.energy) ? 'the energy is no longer finite' : undefined);
        if (why) throw new BlowUpError(`MD blew up at step ${state.step}: ${why}; the time step (dt ${dt}) is too large, or atoms overlap`);
      }
      ctx.virial = ff.out.virial;
      if (!resident) {
        thermostat.postForce(state, ctx);
        halfKick(state, dt, units);
        thermostat.finalIntegrate(state, ctx);
        phases?.mark('integrate');
      }
      if (zeroEvery > 0 && s % zeroEvery === 0) {
        resident?.sync();
        zeroMomentum(state);
        resident?.velocitiesChanged();
      }
      // Resident with `hostEvery`, the hooks run as on a device (sim/gpu-md): at those steps, at a
      // pause and at the end; else every step.
      const paused = hostEvery !== undefined && s < steps && (opts.pause?.(state) ?? false);
      const hooks = hostEvery === undefined || s === steps || paused || (hostEvery > 0 && (state.step - begin) % hostEvery === 0);
      if (opts.onStep && hooks) {
        resident?.sync();
        opts.onStep(state);
      }
      if (isThermo) {
        resident?.sync();
        last = thermoRow();
        opts.onThermo?.(last);
      }
      if (opts.afterStep && hooks) {
        resident?.sync();
        opts.afterStep(state);
      }
      phases?.mark('thermo, hooks');
      if (hostEvery !== undefined ? paused : s < steps && opts.pause?.(state)) break;
    }
  } finally {
    resident?.sync();
  }
  return last!;
}
