/**
 * The study's direct MD-DMA of one glass (the `dma:` block, dma-settings.ts): for each T/Tg, its
 * inherent structure gets seeded Maxwell–Boltzmann velocities at T = (T/Tg)·Tg, is equilibrated NVT
 * with the member's thermostat damping and time step, and is sheared e(t) = γ0 sin(2πt/P) with the
 * glass's own potential (analysis/spectra/oscillate.ts); G′, G″ and tan δ with their cycle-scatter
 * errors. One file per temperature, dma/T0.50.json (settings + result, written atomically): a point
 * whose file holds the same settings is reused, so a rerun resumes point by point.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../sim/io/checkpoint.js';
import type { State } from '../../sim/state.js';
import type { ForceField } from '../../sim/forces.js';
import type { Units } from '../../sim/units.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { runMD } from '../../sim/md.js';
import { createThermostat } from '../../sim/integrate/ensemble.js';
import { runOscillation } from '../spectra/oscillate.js';
import { moduliRecord, type ModuliRecord } from '../spectra/fit.js';
import { dmaPointFile, type DmaSettings } from './dma-settings.js';

/** The member's MD settings the oscillation reuses (its sweep config). */
export interface DmaDynamics {
  dt: number;
  damp: number;
  chain: number;
  /** Langevin members oscillate under Langevin; every other ensemble under Nosé–Hoover NVT (fixed box). */
  langevin: boolean;
}

/** One temperature's MD-DMA as its file holds it. */
export interface DmaPointRecord extends ModuliRecord {
  T_over_Tg: number;
  T: number;
  /** Mean kinetic temperature over the fitted cycles. */
  mean_T: number;
  wall_s: number;
}

export type DmaPoint = Omit<DmaPointRecord, 'mean_T' | 'wall_s'> & {
  /** tan δ of the glass's event spectrum in shear at 1/period and the same T (null without a spectrum). */
  event_tan_delta: number | null;
};

export interface DmaResult {
  period: number;
  mode: 'shear';
  time_unit: string;
  stress_unit: string;
  points: DmaPoint[];
  /** Wall seconds of the MD that made the points (summed over the points' files; absent in older files). */
  wall_s?: number;
}

export interface DmaStageInput {
  /** The member's directory: the points go to dir/dma/. */
  dir: string;
  /** A fresh copy of the glass (its inherent structure) for each temperature. */
  glass: () => State;
  ff: ForceField;
  units: Units;
  Tg: number;
  /** The glass's seed; each temperature draws its velocities (and Langevin noise) from its own seed. */
  seed: number;
  settings: DmaSettings;
  dynamics: DmaDynamics;
  /** Anything else the numbers depend on (the model), part of each point's settings key. */
  key: unknown;
}

/** Stress unit of the moduli: ε/σ³ in lj units, GPa in metal units (the MD pressure is in bar). */
function stressScale(units: Units): { factor: number; unit: string } {
  return units.gpaPerPressureUnit === undefined ? { factor: 1, unit: units.labels.pressure } : { factor: units.gpaPerPressureUnit, unit: 'GPa' };
}

/** What one point's numbers depend on (its file is reused only when it holds the same). */
export function dmaPointSettings(input: Pick<DmaStageInput, 'Tg' | 'seed' | 'settings' | 'dynamics' | 'key'>, x: number): unknown {
  const { T_over_Tg: _all, ...s } = input.settings;
  return { ...s, T_over_Tg: x, T: x * input.Tg, Tg: input.Tg, seed: input.seed, dynamics: input.dynamics, key: input.key };
}

/** The point's result from its file when it was made with these settings, else undefined. */
function cachedPoint(path: string, settings: unknown): DmaPointRecord | undefined {
  if (!existsSync(path)) return undefined;
  const j = JSON.parse(readFileSync(path, 'utf8')) as { settings: unknown; result: DmaPointRecord };
  return JSON.stringify(j.settings) === JSON.stringify(settings) ? j.result : undefined;
}

/** Whether every temperature's file is current (nothing to run). */
export function isDmaCurrent(input: Pick<DmaStageInput, 'dir' | 'Tg' | 'seed' | 'settings' | 'dynamics' | 'key'>): boolean {
  return input.settings.T_over_Tg.every((x) => cachedPoint(join(input.dir, 'dma', dmaPointFile(x)), dmaPointSettings(input, x)) !== undefined);
}

/** MD-DMA at one temperature from the glass: velocities, NVT equilibration, shear oscillation. */
export function dmaPoint(input: DmaStageInput, x: number): DmaPointRecord {
  const t0 = performance.now();
  const { units, settings: d, dynamics: md } = input;
  const T = x * input.Tg;
  const state = input.glass();
  const seed = input.seed * 1_000_003 + Math.round(x * 1e4);
  state.v.fill(0);
  initVelocities(state, T, createRng(seed), units);
  const thermostat = () => createThermostat({ ensemble: md.langevin ? 'langevin' : 'nvt', damp: md.damp, chain: md.chain, seed });
  runMD(state, input.ff, {
    steps: Math.round(d.equilibrate / md.dt), dt: md.dt, units, thermostat: thermostat(), tStart: T, zeroMomentumEvery: md.langevin ? 100 : 0,
  });
  const r = runOscillation(state, input.ff, {
    mode: 'shear', strainAmplitude: d.strain_amplitude, period: d.period, cycles: d.cycles, transientCycles: d.transient_cycles,
    dt: md.dt, units, temperature: T, thermostat: thermostat(), samplesPerCycle: d.samples_per_cycle,
  });
  return { T_over_Tg: x, T, ...moduliRecord(r.moduli, stressScale(units).factor), mean_T: r.meanTemperature, wall_s: (performance.now() - t0) / 1000 };
}

/**
 * Every temperature of the block, each reused from its file or run and saved; `eventTanDelta`
 * gives the event spectrum's tan δ at the same temperatures (it is not part of the saved points,
 * so a new catalogue or spectrum setting does not rerun the MD).
 */
export function dmaStage(input: DmaStageInput, eventTanDelta: (T: number[]) => (number | null)[], log: (message: string) => void = () => {}): DmaResult {
  const dir = join(input.dir, 'dma');
  mkdirSync(dir, { recursive: true });
  const records = input.settings.T_over_Tg.map((x) => {
    const path = join(dir, dmaPointFile(x));
    const settings = dmaPointSettings(input, x);
    const done = cachedPoint(path, settings);
    if (done) return done;
    log(`MD-DMA at T/Tg ${x} (T ${(x * input.Tg).toPrecision(4)}, period ${input.settings.period}, ${input.settings.cycles} cycles)`);
    const r = dmaPoint(input, x);
    writeFileAtomic(path, JSON.stringify({ settings, result: r }) + '\n');
    return r;
  });
  const events = eventTanDelta(records.map((r) => r.T));
  return {
    period: input.settings.period, mode: 'shear', time_unit: input.units.labels.time, stress_unit: stressScale(input.units).unit,
    points: records.map(({ mean_T: _m, wall_s: _w, ...r }, k) => ({ ...r, event_tan_delta: events[k] })),
    wall_s: records.reduce((sum, r) => sum + r.wall_s, 0),
  };
}
