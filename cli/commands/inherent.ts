import { join } from 'node:path';
import type { Argv } from 'yargs';
import { forceFieldFromArgs, nonNegativeInteger, positive, withPotential, type PotentialArgs } from '../common.js';
import { InputError } from '../../sim/errors.js';
import { MIN_METHODS, type MinMethod } from '../../landscape/minimize/index.js';
import { inherentStructures, writeInherentFiles, type TrajectorySource } from '../../landscape/inherent-run.js';
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
  builder: (y: Argv) =>
    withPotential(y)
      .option('dump', { type: 'string', describe: 'minimize the frames of this LAMMPS dump (id type x y z [ix iy iz])' })
      .option('data', { type: 'string', describe: 'or run Nose-Hoover NVT MD from this data file at --T and minimize as it goes' })
      .option('every', { type: 'number', demandOption: true, describe: 'minimize every k-th frame of --dump, or every k steps of the MD' })
      .option('T', { type: 'number', describe: 'with --data: temperature of the MD' })
      .option('steps', { type: 'number', describe: 'with --data: MD steps' })
      .option('dt', { type: 'number', describe: 'time step: of the MD with --data; with --dump, time = step × dt (default: the dump’s ITEM: TIME, else the units’ default)' })
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
      .example('$0 inherent --dump examples/traj.dump --model ka --every 1 --out runs/is', '')
      .example('$0 inherent --data examples/glass.data --model ka --T 0.4 --steps 20000 --every 100 --out runs/is --json', ''),
  handler: (argv: InherentArgs) => {
    if ((argv.dump === undefined) === (argv.data === undefined)) throw new InputError('inherent: give exactly one of --dump TRAJ or --data FILE');
    if (argv.dump !== undefined) {
      for (const k of ['T', 'steps', 'damp'] as const) if (argv[k] !== undefined) throw new InputError(`inherent: --${k} goes with --data (MD), not --dump`);
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
    const from: TrajectorySource = argv.dump !== undefined
      ? { dump: argv.dump, every: argv.every, dt: argv.dt }
      : { data: argv.data!, every: argv.every, temperature: argv.T!, steps: argv.steps!, dt: argv.dt, damp: argv.damp, seed: argv.seed };
    const run = inherentStructures(pot, from, {
      method: argv.min as MinMethod, ftol: argv.ftol, energyTol: argv['energy-tol'], maxDisplacement: argv['max-displacement'], bins: argv.bins,
    });
    const summary = writeInherentFiles(argv.out, run, pot);
    const { records: recs, natoms: n, basins: a } = run;
    if (argv.plots) {
      saveFigure(isSeriesChart(recs, n, a.metabasins, pot.units.name), join(argv.out, 'is_series.svg'));
      saveFigure(isDistributionChart(a.energyHistogram, a.metabasinEnergyHistogram, pot.units.name), join(argv.out, 'is_distribution.svg'));
    }
    if (summary.unconverged > 0) process.stderr.write(`betascape: warning: ${summary.unconverged} minimization(s) did not reach --ftol\n`);
    if (argv.json) {
      console.log(JSON.stringify(summary));
      return;
    }
    const L = pot.units.labels;
    console.log(`inherent: ${a.frames} frames of ${n} atoms minimized in ${run.seconds.toFixed(1)} s (${argv.min})`);
    console.log(`  ${a.distinctMinima} distinct minima, ${a.transitions.length} transitions, ${a.metabasins.length} metabasins` +
      (Number.isFinite(a.meanWaitingTime) ? `, mean waiting time ${a.meanWaitingTime.toPrecision(4)} ${L.time}` : ''));
    console.log(`  IS energy per atom: mean ${summary.mean_is_energy_per_atom.toFixed(6)}, lowest ${summary.lowest_is_energy_per_atom.toFixed(6)} ${L.energy}`);
    console.log(`  ${run.source}`);
    console.log(`results in ${argv.out}/: is_series.csv, metabasins.csv, distributions.json, summary.json${argv.plots ? ', is_series.svg, is_distribution.svg' : ''}`);
  },
};
