import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { ensureDir, forceFieldFromArgs, nonNegativeInteger, positive, withPotential, type PotentialArgs } from '../common.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { InputError } from '../../sim/errors.js';
import { createRng } from '../../sim/random.js';
import { initVelocities } from '../../sim/velocities.js';
import { createThermostat } from '../../sim/integrate/ensemble.js';
import { computeForces } from '../../sim/forces.js';
import { MIN_METHODS, type MinMethod } from '../../landscape/minimize/index.js';
import { InherentStructureSampler, dumpStates, minimizeDuringMD, type ISRecord } from '../../landscape/inherent.js';
import { analyseBasins, type Histogram } from '../../landscape/basins.js';
import { isDistributionChart, isSeriesChart } from '../../analysis/plots/landscape-plots.js';
import { saveFigure } from '../../analysis/plots/figure.js';

interface InherentArgs extends PotentialArgs {
  data?: string;
  dump?: string;
  every: number;
  T?: number;
  steps?: number;
  dt?: number;
  damp?: number;
  seed: number;
  min: string;
  ftol: number;
  'energy-tol': number;
  'max-displacement': number;
  bins?: number;
  plots: boolean;
  out: string;
  json: boolean;
}

export const inherentCommand = {
  command: 'inherent',
  describe: 'Inherent structures of a trajectory: minimize every k-th frame, identify distinct minima, metabasins (Doliwa-Heuer), energy distributions',
  builder: (y: Argv) =>
    withPotential(y)
      .option('dump', { type: 'string', describe: 'minimize the frames of this LAMMPS dump (id type x y z [ix iy iz])' })
      .option('data', { type: 'string', describe: 'or run Nose-Hoover NVT MD from this data file at --T and minimize as it goes' })
      .option('every', { type: 'number', demandOption: true, describe: 'minimize every k-th frame of --dump, or every k steps of the MD' })
      .option('T', { type: 'number', describe: 'with --data: temperature of the MD' })
      .option('steps', { type: 'number', describe: 'with --data: MD steps' })
      .option('dt', { type: 'number', describe: 'with --data: time step (default: the units’ default)' })
      .option('damp', { type: 'number', describe: 'with --data: thermostat damping time (default 100 dt)' })
      .option('seed', { type: 'number', default: 1, describe: 'with --data: seed of the initial velocities (drawn at --T when the file has none)' })
      .option('min', { choices: MIN_METHODS, default: 'lbfgs', describe: 'minimizer of the inherent structures' })
      .option('ftol', { type: 'number', default: 1e-8, describe: 'largest per-atom force at the minimum' })
      .option('energy-tol', { type: 'number', default: 1e-3, describe: 'same minimum: total energies closer than this' })
      .option('max-displacement', { type: 'number', default: 0.1, describe: 'same minimum: and no atom farther than this (minimum image)' })
      .option('bins', { type: 'number', describe: 'histogram bins (default √count)' })
      .option('plots', { type: 'boolean', default: true, describe: 'write is_series.svg and is_distribution.svg' })
      .option('out', { type: 'string', demandOption: true, describe: 'directory for is_series.csv, metabasins.csv, distributions.json, summary.json' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .example('$0 inherent --dump runs/md/trajectory.dump --model ka --every 1 --out runs/is', '')
      .example('$0 inherent --data glass.data --model ka --T 0.4 --steps 20000 --every 100 --out runs/is --json', ''),
  handler: (argv: InherentArgs) => {
    if ((argv.dump === undefined) === (argv.data === undefined)) throw new InputError('inherent: give exactly one of --dump TRAJ or --data FILE');
    if (argv.dump !== undefined) {
      for (const k of ['T', 'steps', 'dt', 'damp'] as const) if (argv[k] !== undefined) throw new InputError(`inherent: --${k} goes with --data (MD), not --dump`);
    } else if (argv.T === undefined || argv.steps === undefined) {
      throw new InputError('inherent --data needs --T and --steps (the MD to sample)');
    }
    if (!(Number.isInteger(argv.every) && argv.every > 0)) throw new InputError(`--every: must be a whole number > 0, got ${argv.every}`);
    nonNegativeInteger('steps', argv.steps);
    positive('T', argv.T);
    positive('dt', argv.dt);
    positive('damp', argv.damp);
    positive('ftol', argv.ftol);
    positive('max-displacement', argv['max-displacement']);
    if (!(argv['energy-tol'] >= 0)) throw new InputError(`--energy-tol: must be a number >= 0, got ${argv['energy-tol']}`);
    if (argv.bins !== undefined && !(Number.isInteger(argv.bins) && argv.bins > 0)) throw new InputError(`--bins: must be a whole number > 0, got ${argv.bins}`);

    const pot = forceFieldFromArgs(argv);
    const { units } = pot;
    const sampler = new InherentStructureSampler(pot.ff.potential, pot.skin, {
      minimize: { method: argv.min as MinMethod, ftol: argv.ftol, units },
      identity: { energyTol: argv['energy-tol'], maxDisplacement: argv['max-displacement'] },
    });
    const t0 = performance.now();
    let n: number;
    let source: string;
    if (argv.dump !== undefined) {
      const frames = dumpStates(argv.dump, pot.species.map((s) => s.mass), pot.species.map((s) => s.name), argv.every);
      n = frames[0].n;
      for (const f of frames) sampler.add(f);
      source = `${argv.dump}, every ${argv.every} frame(s)`;
    } else {
      const state = readConfiguration(argv.data!, pot);
      n = state.n;
      if (!state.v.some((v) => v !== 0)) initVelocities(state, argv.T!, createRng(argv.seed), units);
      computeForces(state, pot.ff);
      const dt = argv.dt ?? units.defaults.dt;
      minimizeDuringMD(state, pot.ff, {
        steps: argv.steps!, dt, units, thermostat: createThermostat({ ensemble: 'nvt', damp: argv.damp ?? 100 * dt }), tStart: argv.T!,
      }, argv.every, sampler);
      source = `${argv.data}, NVT MD at T = ${argv.T} for ${argv.steps} steps of ${dt}, every ${argv.every} steps`;
    }
    const seconds = (performance.now() - t0) / 1000;
    const recs = sampler.records;
    if (recs.length === 0) throw new InputError('inherent: no frame to minimize (more --steps than --every needed)');
    const a = analyseBasins(recs, n, { energyBins: argv.bins });
    const out = ensureDir(argv.out);
    const L = units.labels;
    const mbOf = new Int32Array(recs.length);
    a.metabasins.forEach((m, k) => mbOf.fill(k, m.start, m.end + 1));
    writeFileSync(join(out, 'is_series.csv'),
      `# betascape inherent: ${pot.description}, units ${units.name} (energy ${L.energy} total, time ${L.time}); ${source}\n` +
      'frame,step,time,e_instantaneous,e_is,e_is_per_atom,minimum,metabasin,max_force,converged\n' +
      recs.map((r: ISRecord) => [r.frame, r.step, r.time, r.instantaneousEnergy, r.energy, r.energy / n, r.minimum, mbOf[r.frame], r.maxForce, r.converged ? 1 : 0].join(',')).join('\n') + '\n');
    writeFileSync(join(out, 'metabasins.csv'),
      `# Doliwa-Heuer metabasins; energy = lowest IS inside (${L.energy}); waiting time to the next MB (${L.time}); censored = cut by the run's ends\n` +
      'metabasin,start_frame,end_frame,t_start,t_end,minima,energy,energy_per_atom,waiting_time,censored\n' +
      a.metabasins.map((m, k) => [k, m.start, m.end, recs[m.start].time, recs[m.end].time, m.minima.length, m.energy, m.energy / n, m.waitingTime, m.censored ? 1 : 0].join(',')).join('\n') + '\n');
    const hist = (h: Histogram) => ({ edges: h.edges, counts: h.counts });
    writeFileSync(join(out, 'distributions.json'), JSON.stringify({
      units: units.name,
      is_energy_per_atom: hist(a.energyHistogram),
      metabasin_energy_per_atom: hist(a.metabasinEnergyHistogram),
      metabasin_waiting_time: hist(a.waitingTimeHistogram),
    }, null, 1) + '\n');
    const summary = {
      units: units.name, potential: pot.description, source, natoms: n, frames: a.frames,
      distinct_minima: a.distinctMinima, transitions: a.transitions.length, metabasins: a.metabasins.length,
      mean_waiting_time: Number.isFinite(a.meanWaitingTime) ? a.meanWaitingTime : null,
      mean_is_energy_per_atom: recs.reduce((s, r) => s + r.energy, 0) / recs.length / n,
      lowest_is_energy_per_atom: Math.min(...recs.map((r) => r.energy)) / n,
      unconverged: recs.filter((r) => !r.converged).length,
      seconds,
    };
    writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    if (argv.plots) {
      saveFigure(isSeriesChart(recs, n, a.metabasins, units.name), join(out, 'is_series.svg'));
      saveFigure(isDistributionChart(a.energyHistogram, a.metabasinEnergyHistogram, units.name), join(out, 'is_distribution.svg'));
    }
    if (summary.unconverged > 0) process.stderr.write(`betascape: warning: ${summary.unconverged} minimization(s) did not reach --ftol\n`);
    if (argv.json) {
      console.log(JSON.stringify(summary));
      return;
    }
    console.log(`inherent: ${a.frames} frames of ${n} atoms minimized in ${seconds.toFixed(1)} s (${argv.min})`);
    console.log(`  ${a.distinctMinima} distinct minima, ${a.transitions.length} transitions, ${a.metabasins.length} metabasins` +
      (Number.isFinite(a.meanWaitingTime) ? `, mean waiting time ${a.meanWaitingTime.toPrecision(4)} ${L.time}` : ''));
    console.log(`  IS energy per atom: mean ${summary.mean_is_energy_per_atom.toFixed(6)}, lowest ${summary.lowest_is_energy_per_atom.toFixed(6)} ${L.energy}`);
    console.log(`results in ${out}/: is_series.csv, metabasins.csv, distributions.json, summary.json${argv.plots ? ', is_series.svg, is_distribution.svg' : ''}`);
  },
};
