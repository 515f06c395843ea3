import type { State } from '../state.js';
import type { Units } from '../units.js';

/** What every integrator hook sees at one step. */
export interface StepContext {
  dt: number;
  units: Units;
  /** Target temperature for this step (a ramp interpolates it linearly over the run). */
  targetT: number;
  /** How far the run has gone, (step - first) / steps, for targets that ramp (pressure). */
  fraction?: number;
  /** Virial tensor of the latest force computation (needed by barostats every step). */
  virial?: Float64Array;
}

/**
 * A thermostat that acts on the velocities only by scaling them all by one factor, driven by the
 * temperature alone: what an integrator that keeps the velocities off the host uses (sim/gpu-md).
 * `temperature` is that of the velocities as they are; each hook returns the factor to scale them
 * by, at the point of the step where `initialIntegrate` and `finalIntegrate` would.
 */
export interface UniformScaling {
  /** Always 1 (NVE): the caller need not measure the temperature. */
  readonly identity?: boolean;
  setup(temperature: number, dof: number, ctx: StepContext): void;
  initial(dof: number, ctx: StepContext): number;
  final(temperature: number, dof: number, ctx: StepContext): number;
}

/**
 * A thermostat is a small object with explicit state, hooked into velocity Verlet at the points
 * LAMMPS fixes use: before the first half kick, after the force computation, after the second
 * half kick; a barostat also takes over the drift. `save`/`restore` round-trip its state for
 * checkpoints.
 */
export interface Thermostat {
  readonly kind: 'nve' | 'nose-hoover' | 'langevin' | 'nose-hoover-npt';
  /** A barostat needs the virial after every force computation, not only on thermo steps. */
  readonly needsVirial?: boolean;
  /** The same thermostat as a uniform scaling, where it is one (NVE, Nosé–Hoover). */
  readonly scaling?: UniformScaling;
  /** Replaces the drift x += dt v (a barostat rescales the box around it). */
  drift?(state: State, ctx: StepContext): void;
  setup(state: State, ctx: StepContext): void;
  initialIntegrate(state: State, ctx: StepContext): void;
  postForce(state: State, ctx: StepContext): void;
  finalIntegrate(state: State, ctx: StepContext): void;
  /** Energy held by the thermostat's own variables, so PE + KE + this is conserved (0 if none). */
  reservoirEnergy(state: State, ctx: StepContext): number;
  save(): unknown;
  restore(saved: unknown): void;
}

/** Plain NVE: no hooks. */
export function nve(): Thermostat {
  return {
    kind: 'nve',
    scaling: { identity: true, setup() {}, initial: () => 1, final: () => 1 },
    setup() {},
    initialIntegrate() {},
    postForce() {},
    finalIntegrate() {},
    reservoirEnergy: () => 0,
    save: () => ({}),
    restore() {},
  };
}
