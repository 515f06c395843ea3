/**
 * One MD-DMA sweep member: the sample at temperature T (Maxwell–Boltzmann velocities, NVT
 * equilibration) oscillated at period P. Writes, in its directory:
 *   stress.csv    t, strain, stress of every sample (time since the oscillation began)
 *   result.json   T, P, storage and loss modulus (G' G'' in shear, E' E'' in tension), tan δ, δ with cycle-scatter errors (written last: the member is done)
 * A member whose result.json exists and was made with the same settings is skipped (resume).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { writeCsvUnits } from '../../sim/io/csv-units.js';
import { parseLammpsDataFile } from '../../sim/io/lammps-data.js';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { createForceField } from '../../sim/forces.js';
import { LJ_UNITS } from '../../sim/units.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { runMD } from '../../sim/md.js';
import { createThermostat } from '../../sim/integrate/ensemble.js';
import { writeLammpsData } from '../../sim/io/lammps-data.js';
import { runOscillation } from './oscillate.js';
import { moduliRecord, type ModuliRecord } from './fit.js';
import { quenchGlass } from './sample.js';
import type { DmaConfig, DmaMember } from './dma-config.js';

export const GLASS_FILE = 'glass.data';
export const RESULT_FILE = 'result.json';

export interface DmaResult extends ModuliRecord {
  member: string;
  T: number;
  period: number;
  frequency: number;
  mode: string;
  strain_amplitude: number;
  phase_deg: number;
  phase_deg_err: number;
  mean_T: number;
  settings: string;
  wall_s: number;
}

export function kaForceField() {
  return createForceField(new LennardJones(kobAndersen()), 0.3);
}

/** The sweep's glass: the data file given, or one quenched once into OUTPUT/glass.data. */
export function prepareGlass(config: DmaConfig): string {
  if ('data' in config.sample) {
    if (!existsSync(config.sample.data)) throw new InputError(`sample.data: no such file ${config.sample.data}`);
    return config.sample.data;
  }
  const file = join(config.output, GLASS_FILE);
  if (existsSync(file)) return file;
  mkdirSync(config.output, { recursive: true });
  const q = config.sample.quench;
  const glass = quenchGlass({
    n: q.n, composition: [0.8, 0.2], masses: [1, 1], typeNames: ['A', 'B'], density: q.density, seed: q.seed, dt: config.dt,
    tMelt: q.T_melt, meltSteps: q.melt_steps, tStop: q.T_stop, quenchSteps: q.quench_steps, damp: config.thermostat.damp,
  }, kaForceField(), LJ_UNITS);
  writeLammpsData(file + '.tmp', glass, { title: `KA glass for MD-DMA, N=${q.n}, quenched ${q.T_melt} -> ${q.T_stop} in ${q.quench_steps} steps, inherent structure` });
  renameSync(file + '.tmp', file);
  return file;
}

/** What a member's numbers depend on (a finished member with other settings is refused). */
export function memberSettings(config: DmaConfig, glassFile: string): string {
  const { output: _o, jobs: _j, scans: _s, ...physics } = config;
  return JSON.stringify({ ...physics, glass: glassFile });
}

export function readFinished(m: DmaMember): DmaResult | undefined {
  const f = join(m.dir, RESULT_FILE);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as DmaResult) : undefined;
}

export function runDmaMember(config: DmaConfig, m: DmaMember, glassFile: string): DmaResult {
  const t0 = performance.now();
  mkdirSync(m.dir, { recursive: true });
  const state = parseLammpsDataFile(glassFile, { typeNames: ['A', 'B'] });
  const ff = kaForceField();
  // One seed per member, from the sweep seed and the member's place in (T, P).
  const seed = config.seed * 1000003 + Math.round(m.T * 1e4) * 7919 + Math.round(m.period * 1e3);
  state.v.fill(0);
  initVelocities(state, m.T, createRng(seed), LJ_UNITS);
  const ensemble = config.thermostat.kind === 'langevin' ? 'langevin' : 'nvt';
  const thermostat = () => createThermostat({ ensemble, damp: config.thermostat.damp, seed });
  runMD(state, ff, { steps: config.equilibrate_steps, dt: config.dt, units: LJ_UNITS, thermostat: thermostat(), tStart: m.T, zeroMomentumEvery: config.thermostat.kind === 'langevin' ? 100 : 0 });
  const r = runOscillation(state, ff, {
    mode: config.mode, strainAmplitude: config.strain_amplitude, period: m.period, cycles: config.cycles, transientCycles: config.transient_cycles,
    dt: config.dt, units: LJ_UNITS, temperature: m.T, thermostat: thermostat(), samplesPerCycle: config.samples_per_cycle,
    lateral: config.mode === 'tension' ? { damp: config.lateral.damp, modulus: config.lateral.modulus } : undefined,
  });
  const rows = Array.from(r.time, (t, k) => `${t},${r.strain[k]},${r.stress[k]}`);
  writeFileSync(join(m.dir, 'stress.csv'), `t,strain,stress\n${rows.join('\n')}\n`);
  writeCsvUnits(join(m.dir, 'stress.csv'), {
    description: `MD-DMA ${config.mode}, T ${m.T}, period ${m.period}; stress = ${config.mode === 'shear' ? '-P_xy' : '-P_xx'}`,
    units: 'lj', columns: { t: 'tau', strain: '', stress: 'epsilon/sigma^3' },
  });
  const mod = r.moduli;
  const result: DmaResult = {
    member: m.name, T: m.T, period: m.period, frequency: 1 / m.period, mode: config.mode, strain_amplitude: config.strain_amplitude,
    ...moduliRecord(mod), phase_deg: mod.phaseDeg, phase_deg_err: mod.phaseDegErr, mean_T: r.meanTemperature,
    settings: memberSettings(config, glassFile), wall_s: (performance.now() - t0) / 1000,
  };
  writeFileSync(join(m.dir, RESULT_FILE + '.tmp'), JSON.stringify(result, null, 2) + '\n');
  renameSync(join(m.dir, RESULT_FILE + '.tmp'), join(m.dir, RESULT_FILE));
  return result;
}

/** The storage and loss moduli's names: G', G'' in shear, E', E'' in tension. */
export function moduliNames(mode: string): [string, string] {
  return mode === 'tension' ? ["E'", "E''"] : ["G'", "G''"];
}

/** The line printed when a member is done. */
export function memberDoneLine(r: DmaResult): string {
  const [storage, loss] = moduliNames(r.mode);
  return `done ${r.member}: ${storage} ${r.storage.toFixed(3)} ± ${r.storage_err.toFixed(3)}, ${loss} ${r.loss.toFixed(4)} ± ${r.loss_err.toFixed(4)} epsilon/sigma^3, ` +
    `tan δ ${r.tan_delta.toFixed(4)} (${r.wall_s.toFixed(1)} s)`;
}

export const RESULT_COLUMNS = ['member', 'T', 'period', 'frequency', 'storage', 'storage_err', 'loss', 'loss_err', 'tan_delta', 'tan_delta_err', 'phase_deg', 'phase_deg_err', 'mean_T'] as const;

/** results.csv and results.json in the sweep directory, rows sorted by period then T. */
export function writeResultsTable(output: string, results: DmaResult[]): void {
  const rows = [...results].sort((a, b) => a.period - b.period || a.T - b.T);
  const csv = [RESULT_COLUMNS.join(','), ...rows.map((r) => RESULT_COLUMNS.map((c) => r[c]).join(','))].join('\n') + '\n';
  writeFileSync(join(output, 'results.csv'), csv);
  const modulus = 'epsilon/sigma^3';
  const unitOf: Record<(typeof RESULT_COLUMNS)[number], string> = {
    member: '', T: 'epsilon/k_B', period: 'tau', frequency: '1/tau', storage: modulus, storage_err: modulus, loss: modulus, loss_err: modulus,
    tan_delta: '', tan_delta_err: '', phase_deg: 'degree', phase_deg_err: 'degree', mean_T: 'epsilon/k_B',
  };
  const moduli = moduliNames(rows[0]?.mode ?? 'shear').join(' and ');
  writeCsvUnits(join(output, 'results.csv'), { description: `MD-DMA results: storage and loss moduli (${moduli}) per member`, units: 'lj', columns: unitOf });
  writeFileSync(join(output, 'results.json'), JSON.stringify(rows.map(({ settings: _s, ...r }) => r), null, 2) + '\n');
}
