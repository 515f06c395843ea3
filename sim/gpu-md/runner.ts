/**
 * runMD's contract (sim/md.ts: ramps, thermo rows, hooks, pause and continue) on the resident
 * engine. The thermostat runs on the host as a uniform scaling (Thermostat.scaling: NVE,
 * Nosé–Hoover chains) fed by one kinetic-energy reduction a step; its factor is applied lazily,
 * by the next step's first kick (or by the host copy of the velocities). The state comes to the
 * host every `hostEvery` steps and when the run pauses or ends; thermo rows need only sums.
 */
import { BlowUpError, InputError } from '../errors.js';
import { advanceClock, type RunOptions, type ThermoRow } from '../md.js';
import type { State } from '../state.js';
import type { StepContext } from '../integrate/thermostat.js';
import { degreesOfFreedom, scalarPressure } from '../thermo.js';
import { boxVolume } from '../box.js';
import { ResidentMD } from './engine.js';
import type { ResidentDevice } from './device.js';
import type { ResidentForces } from './forces.js';

export class ResidentRunner {
  /** Thermostat factor not yet applied to the device velocities. */
  private pending = 1;
  /** The state the device holds, and at which step. */
  private held: { state: State; step: number } | null = null;
  /** Made for the first state run (its box and atom count are fixed from then on). */
  engine: ResidentMD | undefined;

  constructor(readonly device: ResidentDevice, private readonly forces: ResidentForces, private readonly skin: number) {}

  /** What runs, e.g. "gpu-resident, gpu.js headlessgl (Mesa llvmpipe)". */
  get detail(): string {
    return `gpu-resident, ${this.device.describe()}`;
  }

  run(state: State, opts: RunOptions): ThermoRow {
    const { steps, dt, units, thermostat } = opts;
    if (!(Number.isInteger(steps) && steps >= 0)) throw new InputError(`steps must be a non-negative integer, got ${steps}`);
    if (!(dt > 0)) throw new InputError(`dt must be > 0, got ${dt}`);
    const scaling = thermostat.scaling;
    if (!scaling || thermostat.needsVirial) throw new InputError(`gpu-resident: the ${thermostat.kind} thermostat runs on the host only; use ensemble nve or nvt`);
    const md = (this.engine ??= new ResidentMD(this.device, this.forces, this.skin, state));
    if (state.n !== md.n) throw new Error(`ResidentRunner: the engine holds ${md.n} atoms, the state ${state.n}`);
    const tStart = opts.tStart ?? 0, tStop = opts.tStop ?? tStart;
    const every = opts.thermoEvery ?? 0, zeroEvery = opts.zeroMomentumEvery ?? 0, hostEvery = opts.hostEvery ?? 0;
    const begin = opts.protocolStart?.step ?? state.step, beginTime = opts.protocolStart?.time ?? state.time;
    const done = state.step - begin;
    if (!(Number.isInteger(done) && done >= 0 && done <= steps)) throw new Error(`runResident: state step ${state.step} is outside the run that began at step ${begin} (${steps} steps)`);
    const ramp = (k: number) => tStart + (k / steps) * (tStop - tStart);
    const ctx: StepContext = { dt, units, targetT: done > 0 ? ramp(done) : tStart, fraction: steps > 0 ? done / steps : 0 };
    const dof = degreesOfFreedom(state);
    const kelvin = (mv2: number) => (mv2 * units.mvv2e) / (dof * units.boltz);

    const thermoRow = (): ThermoRow => {
      const { energy, virial, kinetic } = md.thermoSums();
      if (!Number.isFinite(energy)) throw new BlowUpError(`MD blew up at step ${state.step}: the energy is no longer finite; the time step (dt ${dt}) is too large, or atoms overlap`);
      const s2 = this.pending * this.pending;
      const inv = units.nktv2p / boxVolume(state.box);
      const ptensor = Array.from(virial, (w, k) => (s2 * kinetic[k] * units.mvv2e + w) * inv);
      const ke = 0.5 * s2 * (kinetic[0] + kinetic[1] + kinetic[2]) * units.mvv2e;
      const n = state.n;
      return {
        step: state.step, time: state.time, temperature: (2 * ke) / (dof * units.boltz), pressure: scalarPressure(ptensor),
        pe: energy / n, ke: ke / n, etotal: (energy + ke) / n, econserve: (energy + ke + thermostat.reservoirEnergy(state, ctx)) / n,
        volume: boxVolume(state.box), pressureTensor: ptensor, neighborBuilds: md.builds,
      };
    };

    const fresh = this.held?.state !== state || this.held.step !== state.step;
    if (fresh) {
      md.load(state);
      this.pending = 1;
    }
    let last: ThermoRow | undefined;
    if (done === 0) {
      scaling.setup(kelvin(md.massVelocitySquared()), dof, ctx);
      last = thermoRow();
      opts.onThermo?.(last);
    } else if (done === steps) {
      return thermoRow();
    }
    for (let s = done + 1; s <= steps; s++) {
      advanceClock(state, ctx, { begin, beginTime, dt, steps, ramp });
      const isThermo = s === steps || (every > 0 && s % every === 0);
      md.step(dt, units.ftm2v, this.pending * scaling.initial(dof, ctx), isThermo);
      this.pending = scaling.identity ? 1 : scaling.final(kelvin(md.massVelocitySquared()), dof, ctx);
      if (zeroEvery > 0 && s % zeroEvery === 0) md.zeroMomentum();
      const host = hostEvery > 0 && (state.step - begin) % hostEvery === 0;
      const end = s === steps || (opts.pause?.(state) ?? false);
      if (host || end) {
        md.store(state, this.pending);
        this.held = { state, step: state.step };
      }
      if (host) opts.onStep?.(state);
      if (isThermo) {
        last = thermoRow();
        opts.onThermo?.(last);
      }
      if (host || end) opts.afterStep?.(state);
      if (end) break;
    }
    return last!;
  }

  dispose(): void {
    this.engine?.dispose();
    this.device.dispose();
  }
}
