/**
 * MD mechanical spectroscopy (MD-DMA), after Cohen, Karmakar, Procaccia & Samwer (EPL 2012) and
 * Yu & Samwer (PRB 90, 144201, 2014): a sample at temperature T is strained e(t) = e0 sin(2πt/P)
 * and its stress recorded; E' and E'' follow from a sine fit over whole cycles (fit.ts).
 *
 * Deformation (affine remap of positions with the box, as LAMMPS `fix deform ... remap x`):
 * - `shear`: the tilt xy = xy0 + e(t) ly; strain = engineering shear γ, stress σ_xy = -P_xy, so the
 *   moduli are G' and G''.
 * - `tension`: lx = lx0 (1 + e(t)); stress σ_xx = -P_xx (change from its mean); the lateral faces
 *   are kept at their reference pressures by a Berendsen-type control of ly and lz
 *   (dL/L = -dt/(τ_p M) (P_ref,dd - P_dd) each step, M a modulus scale), so the moduli are Young's E', E''.
 *   Each axis keeps its own starting pressure: a small glass holds anisotropic residual stress
 *   (P_yy ≠ P_zz), and driving both to their mean would pre-strain it laterally.
 *   The lateral strain relaxes with τ' = τ_p M / (C22 + C23) and so lags the drive, which adds an
 *   apparent loss tan δ ≈ (C11/E - 1) ω τ' (C11 the uniaxial-strain modulus): keep τ' ≪ P / 2π
 *   (docs/spectra.md).
 *
 * The box is moved inside the drift of velocity Verlet, before the force computation, so each
 * stress sample belongs to the strain at its own time (deforming after the step would lag by dt and
 * add a spurious phase ω dt).
 */
import { InputError } from '../../sim/errors.js';
import type { State } from '../../sim/state.js';
import type { Units } from '../../sim/units.js';
import type { ForceField } from '../../sim/forces.js';
import { computeForces } from '../../sim/forces.js';
import { deformBox, type Box } from '../../sim/box.js';
import { runMD } from '../../sim/md.js';
import { pressureTensor } from '../../sim/thermo.js';
import { drift } from '../../sim/integrate/verlet.js';
import type { StepContext, Thermostat } from '../../sim/integrate/thermostat.js';
import { cloneState } from '../../sim/state.js';
import { minimize, type MinimizeOptions } from '../../landscape/minimize/index.js';
import { dynamicModuli, type Moduli } from './fit.js';

export type DeformationMode = 'shear' | 'tension';

export interface LateralControl {
  /** Relaxation time τ_p of the lateral box lengths (time units). */
  damp: number;
  /** Modulus scale M of the Berendsen-type control (pressure units): ~ the bulk modulus. */
  modulus: number;
  /** Lateral target pressure, both axes; default: each axis keeps its P_yy, P_zz at the start. */
  pressure?: number;
}

export interface OscillationOptions {
  mode: DeformationMode;
  strainAmplitude: number;
  period: number;
  cycles: number;
  transientCycles: number;
  dt: number;
  units: Units;
  temperature: number;
  /** The NVT thermostat (Nosé–Hoover or Langevin). */
  thermostat: Thermostat;
  /** Stress samples per cycle (the period must hold a whole number of steps per sample). */
  samplesPerCycle: number;
  lateral?: LateralControl;
  /** Called at every stress sample. */
  onSample?: (t: number, strain: number, stress: number) => void;
}

export interface OscillationResult {
  time: Float64Array;
  strain: Float64Array;
  stress: Float64Array;
  /** Mean temperature over the fitted cycles. */
  meanTemperature: number;
  moduli: Moduli;
}

/** The strain of the drive at time t since the oscillation began. */
export function strainAt(t: number, amplitude: number, period: number): number {
  return amplitude * Math.sin((2 * Math.PI * t) / period);
}

/** The box at strain e relative to the reference box (lateral lengths given for tension). */
export function strainedBox(ref: Box, mode: DeformationMode, e: number, lateral?: [number, number]): Box {
  if (mode === 'shear') return { ...ref, xy: ref.xy + e * ref.ly };
  const [ly, lz] = lateral ?? [ref.ly, ref.lz];
  return { ...ref, lx: ref.lx * (1 + e), ly, lz };
}

/** The stress conjugate to the strain: σ_xy = -P_xy (shear) or σ_xx = -P_xx (tension). */
export function drivenStress(ptensor: ArrayLike<number>, mode: DeformationMode): number {
  return mode === 'shear' ? -ptensor[3] : -ptensor[0];
}

export function stepsPerSample(period: number, dt: number, samplesPerCycle: number): number {
  const stepsPerPeriod = period / dt;
  const every = stepsPerPeriod / samplesPerCycle;
  if (Math.abs(stepsPerPeriod - Math.round(stepsPerPeriod)) > 1e-6 * stepsPerPeriod || Math.abs(every - Math.round(every)) > 1e-6 * every || Math.round(every) < 1) {
    throw new InputError(`period ${period} must be a whole number of steps (dt ${dt}) and of samples_per_cycle (${samplesPerCycle}) times a whole number of steps`);
  }
  return Math.round(every);
}

/**
 * Runs the oscillation (transient + fitted cycles) from the current state, which should already be
 * equilibrated at the temperature. Leaves the box at the strain of the last step.
 */
export function runOscillation(state: State, ff: ForceField, o: OscillationOptions): OscillationResult {
  if (!(o.strainAmplitude > 0) || !(o.period > 0)) throw new InputError('strain amplitude and period must be > 0');
  if (!(Number.isInteger(o.cycles) && Number.isInteger(o.transientCycles) && o.cycles > o.transientCycles && o.transientCycles >= 0)) {
    throw new InputError(`cycles (${o.cycles}) must be a whole number larger than transient_cycles (${o.transientCycles})`);
  }
  if (o.mode === 'tension' && !o.lateral) throw new InputError('tension needs a lateral pressure control (lateral.damp, lateral.modulus)');
  const every = stepsPerSample(o.period, o.dt, o.samplesPerCycle);
  const steps = Math.round((o.cycles * o.period) / o.dt);
  const ref: Box = { ...state.box };
  const t0 = state.time;
  const step0 = state.step;
  computeForces(state, ff, { energyVirial: true });
  let lateralTarget: [number, number] = [0, 0];
  if (o.mode === 'tension') {
    const p = pressureTensor(state, ff.out.virial, o.units);
    lateralTarget = o.lateral!.pressure === undefined ? [p[1], p[2]] : [o.lateral!.pressure, o.lateral!.pressure];
  }
  const inner = o.thermostat;
  const lateralLengths: [number, number] = [ref.ly, ref.lz];
  const deformingDrift = (s: State, ctx: StepContext) => {
    if (inner.drift) inner.drift(s, ctx);
    else drift(s, ctx.dt);
    if (o.mode === 'tension' && ctx.virial) {
      // Berendsen-type lateral control from the last step's pressure tensor.
      const p = pressureTensor(s, ctx.virial, o.units);
      const rate = ctx.dt / (o.lateral!.damp * o.lateral!.modulus);
      lateralLengths[0] *= 1 - rate * (lateralTarget[0] - p[1]);
      lateralLengths[1] *= 1 - rate * (lateralTarget[1] - p[2]);
    }
    deformBox(s.box, strainedBox(ref, o.mode, strainAt(s.time - t0, o.strainAmplitude, o.period), lateralLengths), s.x);
  };
  const thermostat: Thermostat = {
    ...inner,
    kind: inner.kind,
    needsVirial: inner.needsVirial || o.mode === 'tension',
    drift: deformingDrift,
    setup: (s, c) => inner.setup(s, c),
    initialIntegrate: (s, c) => inner.initialIntegrate(s, c),
    postForce: (s, c) => inner.postForce(s, c),
    finalIntegrate: (s, c) => inner.finalIntegrate(s, c),
    reservoirEnergy: (s, c) => inner.reservoirEnergy(s, c),
  };
  const time: number[] = [];
  const strain: number[] = [];
  const stress: number[] = [];
  const temps: number[] = [];
  const fitFrom = t0 + o.transientCycles * o.period;
  runMD(state, ff, {
    steps, dt: o.dt, units: o.units, thermostat, tStart: o.temperature, thermoEvery: every,
    onThermo: (row) => {
      if (row.step === step0) return; // the unstrained start belongs to no cycle
      const t = row.time - t0;
      const e = strainAt(t, o.strainAmplitude, o.period);
      const s = drivenStress(row.pressureTensor, o.mode);
      time.push(t);
      strain.push(e);
      stress.push(s);
      if (row.time > fitFrom) temps.push(row.temperature);
      o.onSample?.(t, e, s);
    },
  });
  const moduli = dynamicModuli(time, stress, o.strainAmplitude, o.period, o.transientCycles);
  return {
    time: Float64Array.from(time), strain: Float64Array.from(strain), stress: Float64Array.from(stress),
    meanTemperature: temps.reduce((a, b) => a + b, 0) / Math.max(temps.length, 1), moduli,
  };
}

export interface StaticModulus {
  modulus: number;
  /** Stress at +e0 and -e0 (inherent structures of the strained boxes). */
  stressPlus: number;
  stressMinus: number;
}

/**
 * Athermal finite-strain modulus: the state is deformed affinely by ±e0 and minimized at fixed box
 * (non-affine relaxation included); modulus = (σ(+e0) - σ(-e0)) / 2e0, centred so that the strain
 * derivative is second-order accurate. Shear only: the tension modulus needs lateral box relaxation,
 * which the minimizers do not do.
 */
export function staticShearModulus(state: State, ff: ForceField, units: Units, e0: number, min: MinimizeOptions = {}): StaticModulus {
  if (!(e0 > 0)) throw new InputError(`static modulus: strain must be > 0, got ${e0}`);
  const stressAt = (e: number) => {
    const s = cloneState(state);
    s.v.fill(0);
    deformBox(s.box, strainedBox(state.box, 'shear', e), s.x);
    minimize(s, ff, { method: 'cg', ftol: 1e-10, units, ...min });
    computeForces(s, ff, { energyVirial: true });
    return drivenStress(pressureTensor(s, ff.out.virial, units), 'shear');
  };
  const stressPlus = stressAt(e0);
  const stressMinus = stressAt(-e0);
  return { modulus: (stressPlus - stressMinus) / (2 * e0), stressPlus, stressMinus };
}

/** Pressure tensor of the state minimized at fixed box. */
function relaxedPressure(s: State, ff: ForceField, units: Units, min: MinimizeOptions): Float64Array {
  minimize(s, ff, { method: 'cg', ftol: 1e-10, units, ...min });
  computeForces(s, ff, { energyVirial: true });
  return Float64Array.from(pressureTensor(s, ff.out.virial, units));
}

/**
 * Athermal bulk modulus B = -dP/d ln V from the inherent structures of the box scaled by 1 ± e0 along
 * every axis (centred difference; P the mean of the diagonal).
 */
export function staticBulkModulus(state: State, ff: ForceField, units: Units, e0: number, min: MinimizeOptions = {}): number {
  if (!(e0 > 0)) throw new InputError(`static modulus: strain must be > 0, got ${e0}`);
  const pressureAt = (e: number) => {
    const s = cloneState(state);
    s.v.fill(0);
    deformBox(s.box, { ...state.box, lx: state.box.lx * (1 + e), ly: state.box.ly * (1 + e), lz: state.box.lz * (1 + e) }, s.x);
    const p = relaxedPressure(s, ff, units, min);
    return (p[0] + p[1] + p[2]) / 3;
  };
  return -(pressureAt(e0) - pressureAt(-e0)) / (3 * (Math.log(1 + e0) - Math.log(1 - e0)));
}

/**
 * Athermal Young's modulus in the MD-DMA tension geometry: lx scaled by 1 ± e0, the lateral lengths
 * adjusted until P_yy and P_zz are back at their unstrained values (Newton steps with the isotropic
 * stiffness C11 = B + 4G/3, C12 = B - 2G/3 from the estimates given; each step minimizes at fixed box).
 * E = (σ_xx(+e0) - σ_xx(-e0)) / 2e0 with σ_xx = -P_xx, as runOscillation measures it.
 */
export function staticTensionModulus(
  state: State, ff: ForceField, units: Units, e0: number, estimate: { bulk: number; shear: number }, min: MinimizeOptions = {}, tolerance = 1e-5,
): { modulus: number; lateralStrain: number } {
  if (!(e0 > 0)) throw new InputError(`static modulus: strain must be > 0, got ${e0}`);
  const c11 = estimate.bulk + (4 * estimate.shear) / 3;
  const c12 = estimate.bulk - (2 * estimate.shear) / 3;
  const ref = cloneState(state);
  ref.v.fill(0);
  const p0 = relaxedPressure(ref, ff, units, min);
  const target = [p0[1], p0[2]];
  const at = (e: number) => {
    const s = cloneState(ref);
    let ey = 0;
    let ez = 0;
    for (let iter = 0; iter < 30; iter++) {
      deformBox(s.box, { ...ref.box, lx: ref.box.lx * (1 + e), ly: ref.box.ly * (1 + ey), lz: ref.box.lz * (1 + ez) }, s.x);
      const p = relaxedPressure(s, ff, units, min);
      // dP_yy = -(C12 dε_x + C11 dε_y + C12 dε_z): solve the 2x2 lateral block for the correction.
      const ry = p[1] - target[0];
      const rz = p[2] - target[1];
      if (Math.max(Math.abs(ry), Math.abs(rz)) < tolerance * estimate.shear) return { sigma: -p[0], lateral: 0.5 * (ey + ez) };
      const det = c11 * c11 - c12 * c12;
      ey += (c11 * ry - c12 * rz) / det;
      ez += (c11 * rz - c12 * ry) / det;
    }
    throw new Error('static tension modulus: the lateral stress did not converge in 30 steps');
  };
  const plus = at(e0);
  const minus = at(-e0);
  return { modulus: (plus.sigma - minus.sigma) / (2 * e0), lateralStrain: 0.5 * (plus.lateral - minus.lateral) };
}
