import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { withPotential, potentialFromArgs, campaignPotential, positive, type PotentialArgs } from '../common.js';
import { InputError } from '../../sim/errors.js';
import { lockRunDir } from '../../sim/io/run-lock.js';
import { defaultActivationOptions, defaultAdjacencyRadius, type ActivationOptions } from '../../landscape/saddles/index.js';
import { readLandscapeJson } from '../../landscape/landscape-json.js';
import { campaignSummary } from '../../landscape/activation/summary.js';
import { createEventRunner, defaultVineyardRadius, type ActivationSetup } from '../../landscape/activation/events.js';
import { openCampaign, pendingEvents, readInitialCheck } from '../../landscape/activation/campaign.js';
import { catalogueCampaign } from '../../analysis/spectra/campaign-catalogue.js';
import type { ActivateMessage } from '../activate-worker.js';
import { runWorkQueue } from '../work-queue.js';

interface ActivateArgs extends PotentialArgs {
  data: string;
  events: number;
  seed: number;
  jobs: number;
  out: string;
  json: boolean;
  quiet: boolean;
  'push-radius'?: number;
  'saddle-ftol'?: number;
  'min-ftol'?: number;
  'eigen-threshold'?: number;
  'energy-tolerance'?: number;
  'displacement-tolerance'?: number;
  'move-threshold'?: number;
  'adjacency-radius'?: number;
  'max-climb-steps'?: number;
  'vineyard-radius'?: number;
  'local-radius'?: number;
  'descent-max-step'?: number;
  'lanczos-every'?: number;
  climb?: 'fire' | 'lbfgs';
}

const WORKER_URL = new URL('../activate-worker.ts', import.meta.url);

export const activateCommand = {
  builder: (y: Argv) =>
    withPotential(y)
      .option('data', { type: 'string', demandOption: true, describe: 'LAMMPS data file of the glass (minimized first)' })
      .option('events', { type: 'number', default: 50, describe: 'number of activation events' })
      .option('seed', { type: 'number', default: 1, describe: 'event k uses seed + k' })
      .option('jobs', { type: 'number', default: 1, describe: 'events at once, on worker threads' })
      .option('out', { type: 'string', demandOption: true, describe: 'run directory (rerun to resume: finished events are kept)' })
      .option('push-radius', { type: 'number', describe: 'radius of the pushed cluster (default 1.5 sigma in lj, 3.5 Å in metal)' })
      .option('saddle-ftol', { type: 'number', describe: 'saddle convergence: largest per-atom |F| (default 1e-5)' })
      .option('min-ftol', { type: 'number', describe: 'minimizations: largest per-atom |F| (default 1e-8 lj, 1e-7 metal)' })
      .option('eigen-threshold', { type: 'number', describe: 'lowest eigenvalue (< 0) that ends the push out of the basin (default -0.2 lj, -0.05 metal)' })
      .option('energy-tolerance', { type: 'number', describe: 'minima/saddles can be the same only within this total energy (default 1e-4)' })
      .option('displacement-tolerance', { type: 'number', describe: '... and when no atom moved more than this (default 0.02 lj, 0.05 metal)' })
      .option('move-threshold', { type: 'number', describe: 'an atom counts as moved beyond this displacement (default 0.1 lj, 0.25 metal)' })
      .option('adjacency-radius', { type: 'number', describe: 'a saddle counts as adjacent when its - side is the start within this distance of the moving atoms (default 2.5 sigma, 7 Å); judged anew on every rerun' })
      .option('max-climb-steps', { type: 'number', describe: 'give up an event after this many climbing steps (default 1500)' })
      .option('vineyard-radius', { type: 'number', describe: 'attempt frequency of each event by harmonic TST on the atoms within this distance of the moving ones (default 2.5 sigma, 6 Å; 0: none)' })
      .option('local-radius', { type: 'number', describe: 'local activation: push and climb move only the atoms within this distance of the push centre, then all converge the saddle (default 0: off; 4 sigma or 9 Å: about three neighbour shells)' })
      .option('descent-max-step', { type: 'number', describe: 'capped descent from the saddle: largest move of one atom per step before the minimizer takes over (default 0.02 sigma, 0.05 Å; 0: off)' })
      .option('lanczos-every', { type: 'number', describe: 'cheaper climb (opt-in): refresh the lowest mode by Lanczos only at every K-th climbing step (default: every step, the reference path; docs/landscape.md)' })
      .option('climb', { choices: ['fire', 'lbfgs'] as const, describe: 'the climb\'s steps at negative curvature: fire (default, the reference path) or lbfgs (opt-in, fewer force evaluations; docs/landscape.md)' })
      .option('json', { type: 'boolean', default: false, describe: 'print a summary as JSON' })
      .example('$0 activate --data examples/glass.data --model ka --events 50 --seed 1 --jobs 2 --out runs/act --json', ''),
  handler: async (argv: ActivateArgs) => {
    const wholeNumber = (name: string, v: number, min: number) => {
      if (!(Number.isInteger(v) && v >= min)) throw new InputError(`--${name}: must be a whole number >= ${min}, got ${v}`);
    };
    wholeNumber('events', argv.events, 1);
    wholeNumber('jobs', argv.jobs, 1);
    if (!Number.isInteger(argv.seed)) throw new InputError(`--seed: must be a whole number, got ${argv.seed}`);
    for (const k of ['push-radius', 'saddle-ftol', 'min-ftol', 'energy-tolerance', 'displacement-tolerance', 'move-threshold', 'adjacency-radius'] as const) positive(k, argv[k]);
    if (argv['max-climb-steps'] !== undefined) wholeNumber('max-climb-steps', argv['max-climb-steps'], 1);
    if (argv['lanczos-every'] !== undefined) wholeNumber('lanczos-every', argv['lanczos-every'], 1);
    for (const k of ['vineyard-radius', 'local-radius', 'descent-max-step'] as const) if (argv[k] !== undefined && !(argv[k] >= 0)) throw new InputError(`--${k}: must be a number >= 0, got ${argv[k]}`);
    if (argv['eigen-threshold'] !== undefined && !(argv['eigen-threshold'] < 0)) throw new InputError(`--eigen-threshold: must be a number < 0, got ${argv['eigen-threshold']}`);

    const potentialArgs: PotentialArgs = {
      model: argv.model, potential: argv.potential && resolve(argv.potential), elements: argv.elements, 'pair-style': argv['pair-style'],
      units: argv.units, skin: argv.skin,
    };
    const pot = potentialFromArgs(potentialArgs);
    const options = activationOptions(argv, pot.units);
    if (options.localRadius > 0 && !(options.localRadius > options.pushRadius)) {
      throw new InputError(`--local-radius: must exceed the push radius ${options.pushRadius} (or be 0: off), got ${options.localRadius}`);
    }
    const dir = argv.out;
    lockRunDir(dir, 'betascape activate', (m) => process.stderr.write(`betascape: note: ${m}\n`));
    const vineyardRadius = argv['vineyard-radius'] ?? defaultVineyardRadius(pot.units.name);
    const setup = openCampaign({
      dir, potential: campaignPotential(pot), options, seed: argv.seed, vineyardRadius, start: argv.data, title: 'activate',
      settings: { data: resolve(argv.data), potential: potentialArgs, seed: argv.seed, options, vineyardRadius },
      warn: (m) => process.stderr.write(`betascape: warning: ${m}\n`),
    });
    const pending = pendingEvents(setup, argv.events);
    const progress = (m: string) => (argv.quiet ? undefined : process.stderr.write(`${m}\n`));
    const t0 = performance.now();
    const failures = await runEvents(setup, pending, argv.jobs, progress);
    const wall = (performance.now() - t0) / 1000;

    const adjacencyRadius = argv['adjacency-radius'] ?? defaultAdjacencyRadius(pot.units.name);
    const { sampling } = catalogueCampaign(dir, setup, argv.events, adjacencyRadius);
    const base = campaignSummary(readLandscapeJson(join(dir, 'landscape.json')), argv.events, pending.length - failures.length, wall);
    const summary = {
      ...base,
      // Saddles whose − side did not come back to the start (not even where the event happens).
      not_from_start: base.ok - sampling.accepted,
      catalogue_events: sampling.distinct, estimated_events: sampling.estimated, estimated_events_interval: sampling.interval, events_per_site: sampling.eventsPerSite,
      initial_check: readInitialCheck(dir),
    };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
    if (failures.length) {
      const f = failures[0];
      throw f.input ? new InputError(`event ${f.event}: ${f.message}`) : new Error(`${failures.length} event(s) failed; event ${f.event}: ${f.message}`);
    }
    if (argv.json) {
      console.log(JSON.stringify(summary));
      return;
    }
    const e = pot.units.labels.energy;
    console.log(`events           ${summary.events} (${summary.run_now} run now): ${summary.ok} saddles (${summary.not_from_start} not out of the start), ${summary.same_minimum} same-minimum, ${summary.no_saddle} without saddle`);
    console.log(`distinct         ${summary.saddles} saddles, ${summary.minima} minima, ${summary.adjacent_minima} adjacent to the initial minimum`);
    if (summary.barrier_mean !== null) {
      console.log(`barriers (${e})   mean ${summary.barrier_mean.toFixed(5)}, median ${summary.barrier_median!.toFixed(5)}, min ${summary.barrier_min!.toFixed(5)}, max ${summary.barrier_max!.toFixed(5)}`);
    }
    console.log(`catalogue        ${summary.catalogue_events} distinct events out of the initial minimum; about ${summary.estimated_events.toPrecision(3)} in the glass (Chao1, 95% ${summary.estimated_events_interval.map((v) => v.toPrecision(3)).join('-')}), ${summary.events_per_site.toPrecision(3)} per atom`);
    console.log(`written to       ${dir} (catalogue.csv, sampling.json, saturation.svg, glass.json, landscape.json, min.data, ts.data, events.csv, minima.dump, saddles.dump)`);
  },
};

function activationOptions(a: ActivateArgs, units: Parameters<typeof defaultActivationOptions>[0]): ActivationOptions {
  const o = defaultActivationOptions(units);
  return {
    ...o,
    pushRadius: a['push-radius'] ?? o.pushRadius,
    forceTolerance: a['saddle-ftol'] ?? o.forceTolerance,
    eigenThreshold: a['eigen-threshold'] ?? o.eigenThreshold,
    maxClimbSteps: a['max-climb-steps'] ?? o.maxClimbSteps,
    minimizer: { ...o.minimizer, ftol: a['min-ftol'] ?? o.minimizer.ftol },
    sameMinimum: {
      energyTolerance: a['energy-tolerance'] ?? o.sameMinimum.energyTolerance,
      displacementTolerance: a['displacement-tolerance'] ?? o.sameMinimum.displacementTolerance,
    },
    moveThreshold: a['move-threshold'] ?? o.moveThreshold,
    localRadius: a['local-radius'] ?? o.localRadius,
    descentMaxStep: a['descent-max-step'] ?? o.descentMaxStep,
    ...(a['lanczos-every'] === undefined ? {} : { lanczosEvery: a['lanczos-every'] }),
    ...(a.climb === undefined ? {} : { climbOptimizer: a.climb }),
  };
}

interface EventFailure {
  event: number;
  message: string;
  input: boolean;
}

/** Runs the events: in this thread for one job, else on worker threads taking the next event as they finish one. */
async function runEvents(setup: ActivationSetup, pending: number[], jobs: number, progress: (m: string) => void): Promise<EventFailure[]> {
  const line = (k: number, status: string, ea: number | null, wall: number) =>
    progress(`event ${k}: ${status}${ea === null ? '' : `, E_a = ${ea.toPrecision(6)}`} (${wall.toFixed(1)} s)`);
  if (pending.length === 0) return [];
  if (jobs === 1 || pending.length === 1) {
    const runner = createEventRunner(setup);
    for (const k of pending) {
      const e = runner.run(k);
      line(k, e.status, e.metrics?.activationEnergy ?? null, e.wall_s);
    }
    return [];
  }
  const failures: EventFailure[] = [];
  await runWorkQueue<number, ActivateMessage>({
    url: WORKER_URL, tasks: pending, jobs, workerData: setup,
    onMessage: (m) => {
      if (m.type === 'done') line(m.event, m.status, m.activation_energy, m.wall_s);
      else failures.push({ event: m.event, message: m.message, input: m.input });
      return true;
    },
    onCrash: (event, reason) => failures.push({ event, message: reason, input: false }),
  });
  return failures;
}
