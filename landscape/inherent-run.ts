/**
 * `betascape inherent`: the inherent structures of a trajectory (the frames of a dump, or NVT MD
 * minimized as it goes), their distinct minima and Doliwa-Heuer metabasins, and the files they go
 * to: is_series.csv, metabasins.csv, distributions.json and summary.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../sim/errors.js';
import { writeCsvUnits } from '../sim/io/csv-units.js';
import { readConfiguration, type ConfigurationPotential } from '../sim/io/configuration.js';
import { createRng } from '../sim/random.js';
import { initVelocities } from '../sim/velocities.js';
import { createThermostat } from '../sim/integrate/ensemble.js';
import { computeForces, type ForceField } from '../sim/forces.js';
import type { Units } from '../sim/units.js';
import type { MinMethod } from './minimize/index.js';
import { InherentStructureSampler, dumpStates, minimizeDuringMD, type ISRecord } from './inherent.js';
import { analyseBasins, type BasinAnalysis, type Histogram } from './basins.js';

/** The potential the frames are minimized with (its species check the configuration). */
export interface InherentPotential extends ConfigurationPotential {
  ff: ForceField;
  skin: number;
  units: Units;
  /** One line for the files' headers. */
  description: string;
}

/**
 * Every `every`-th frame of a dump (time = step × dt with dt, else the dump's time column, else
 * step × the units' default dt), or every `every` steps of NVT MD at `temperature` from a data file.
 */
export type TrajectorySource =
  | { dump: string; every: number; dt?: number }
  | { data: string; every: number; temperature: number; steps: number; dt?: number; damp?: number; seed: number };

export interface InherentOptions {
  method: MinMethod;
  ftol: number;
  /** Same minimum: total energies closer than energyTol, and no atom farther than maxDisplacement. */
  energyTol: number;
  maxDisplacement: number;
  /** Histogram bins (default √count). */
  bins?: number;
}

export interface InherentRun {
  records: ISRecord[];
  natoms: number;
  /** The trajectory in words. */
  source: string;
  seconds: number;
  basins: BasinAnalysis;
}

/** Minimizes the frames of the source and analyses their minima. */
export function inherentStructures(pot: InherentPotential, from: TrajectorySource, o: InherentOptions): InherentRun {
  const { units } = pot;
  const sampler = new InherentStructureSampler(pot.ff.potential, pot.skin, {
    minimize: { method: o.method, ftol: o.ftol, units },
    identity: { energyTol: o.energyTol, maxDisplacement: o.maxDisplacement },
  });
  const t0 = performance.now();
  let natoms: number;
  let source: string;
  if ('dump' in from) {
    const defaultDt = units.defaults.dt;
    const { states, clock } = dumpStates(from.dump, pot.species.map((s) => s.mass), pot.species.map((s) => s.name), from.every, { dt: from.dt, defaultDt });
    natoms = states[0].n;
    for (const f of states) sampler.add(f);
    const clockText = { dt: `time = step × dt ${from.dt}`, dump: "time from the dump's ITEM: TIME", default: `time = step × dt ${defaultDt} (the units' default; give --dt)` }[clock];
    source = `${from.dump}, every ${from.every} frame(s), ${clockText}`;
  } else {
    const state = readConfiguration(from.data, pot);
    natoms = state.n;
    if (!state.v.some((v) => v !== 0)) initVelocities(state, from.temperature, createRng(from.seed), units);
    computeForces(state, pot.ff);
    const dt = from.dt ?? units.defaults.dt;
    minimizeDuringMD(state, pot.ff, {
      steps: from.steps, dt, units, thermostat: createThermostat({ ensemble: 'nvt', damp: from.damp ?? 100 * dt }), tStart: from.temperature,
    }, from.every, sampler);
    source = `${from.data}, NVT MD at T = ${from.temperature} for ${from.steps} steps of ${dt}, every ${from.every} steps`;
  }
  const seconds = (performance.now() - t0) / 1000;
  const records = sampler.records;
  if (records.length === 0) throw new InputError('inherent: no frame to minimize (more --steps than --every needed)');
  return { records, natoms, source, seconds, basins: analyseBasins(records, natoms, { energyBins: o.bins }) };
}

/** Writes the series, the metabasins, the distributions and the summary into out; returns the summary. */
export function writeInherentFiles(out: string, run: InherentRun, pot: InherentPotential) {
  const { records: recs, natoms: n, basins: a } = run;
  const { units } = pot;
  const L = units.labels;
  mkdirSync(out, { recursive: true });
  const mbOf = new Int32Array(recs.length);
  a.metabasins.forEach((m, k) => mbOf.fill(k, m.start, m.end + 1));
  const E = L.energy;
  writeFileSync(join(out, 'is_series.csv'),
    'frame,step,time,e_instantaneous,e_is,e_is_per_atom,minimum,metabasin,max_force,converged\n' +
    recs.map((r) => [r.frame, r.step, r.time, r.instantaneousEnergy, r.energy, r.energy / n, r.minimum, mbOf[r.frame], r.maxForce, r.converged ? 1 : 0].join(',')).join('\n') + '\n');
  writeCsvUnits(join(out, 'is_series.csv'), {
    description: `betascape inherent: ${pot.description}; ${run.source}; one row per minimized frame, energies total unless per_atom`,
    units: units.name,
    columns: { frame: '', step: '', time: L.time, e_instantaneous: E, e_is: E, e_is_per_atom: E, minimum: '', metabasin: '', max_force: `${E}/${L.length}`, converged: '' },
  });
  writeFileSync(join(out, 'metabasins.csv'),
    'metabasin,start_frame,end_frame,t_start,t_end,minima,energy,energy_per_atom,waiting_time,censored\n' +
    a.metabasins.map((m, k) => [k, m.start, m.end, recs[m.start].time, recs[m.end].time, m.minima.length, m.energy, m.energy / n, m.waitingTime, m.censored ? 1 : 0].join(',')).join('\n') + '\n');
  writeCsvUnits(join(out, 'metabasins.csv'), {
    description: "Doliwa-Heuer metabasins; energy = lowest IS inside; waiting time to the next MB; censored = cut by the run's ends",
    units: units.name,
    columns: { metabasin: '', start_frame: '', end_frame: '', t_start: L.time, t_end: L.time, minima: '', energy: E, energy_per_atom: E, waiting_time: L.time, censored: '' },
  });
  const hist = (h: Histogram) => ({ edges: h.edges, counts: h.counts });
  writeFileSync(join(out, 'distributions.json'), JSON.stringify({
    units: units.name,
    is_energy_per_atom: hist(a.energyHistogram),
    metabasin_energy_per_atom: hist(a.metabasinEnergyHistogram),
    metabasin_waiting_time: hist(a.waitingTimeHistogram),
  }, null, 1) + '\n');
  const summary = {
    units: units.name, potential: pot.description, source: run.source, natoms: n, frames: a.frames,
    distinct_minima: a.distinctMinima, transitions: a.transitions.length, metabasins: a.metabasins.length,
    mean_waiting_time: Number.isFinite(a.meanWaitingTime) ? a.meanWaitingTime : null,
    time_unit: L.time,
    mean_is_energy_per_atom: recs.reduce((s, r) => s + r.energy, 0) / recs.length / n,
    lowest_is_energy_per_atom: Math.min(...recs.map((r) => r.energy)) / n,
    unconverged: recs.filter((r) => !r.converged).length,
    seconds: run.seconds,
  };
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}
