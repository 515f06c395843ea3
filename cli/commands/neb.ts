import type { Argv } from 'yargs';
import { withPotential, forceFieldFromArgs, positive, type ForceFieldChoice, type PotentialArgs } from '../common.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { InputError } from '../../sim/errors.js';
import type { State } from '../../sim/state.js';
import { campaignEnds, nebBetween, writeNebFiles } from '../../landscape/saddles/neb-run.js';

interface NebArgs extends PotentialArgs {
  from?: string;
  to?: string;
  landscape?: string;
  minima?: string;
  saddle?: number;
  images: number;
  spring: number;
  ftol: number;
  climb: boolean;
  'min-ftol'?: number;
  'max-iterations': number;
  out?: string;
  json: boolean;
}

export const nebCommand = {
  builder: (y: Argv) =>
    withPotential(y)
      .option('from', { type: 'string', describe: 'LAMMPS data file of the first minimum (minimized first)' })
      .option('to', { type: 'string', describe: 'LAMMPS data file of the second minimum, same atoms and box (minimized first)' })
      .option('landscape', { type: 'string', describe: 'instead of --from/--to: a `betascape activate` run directory ...' })
      .option('minima', { type: 'string', describe: '... and two of its minimum ids, e.g. 1,3 (1 = the starting glass)' })
      .option('saddle', { type: 'number', describe: 'with --landscape: start the band through this saddle (id in saddles.dump), as in a glass the straight line can fall into other minima' })
      .option('images', { type: 'number', default: 9, describe: 'movable images between the ends' })
      .option('spring', { type: 'number', default: 1, describe: 'spring constant (energy/length^2)' })
      .option('ftol', { type: 'number', default: 1e-5, describe: 'converged when every image has max per-atom |F| below this' })
      .option('climb', { type: 'boolean', default: true, describe: 'climbing image (--no-climb: plain NEB)' })
      .option('min-ftol', { type: 'number', describe: 'minimization of the ends: max per-atom |F| (default 1e-8 lj, 1e-7 metal)' })
      .option('max-iterations', { type: 'number', default: 20000, describe: 'FIRE iterations of the band' })
      .option('out', { type: 'string', describe: 'directory for neb.json and path.dump (the images, one frame each)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' })
      .example('$0 neb --landscape runs/act --minima 1,3 --saddle 2 --model ka --json', 'check saddle 2 between minima 1 and 3 of an activate run'),
  handler: (argv: NebArgs) => {
    positive('spring', argv.spring);
    positive('ftol', argv.ftol);
    positive('min-ftol', argv['min-ftol']);
    for (const k of ['images', 'max-iterations'] as const) {
      if (!(Number.isInteger(argv[k]) && argv[k] >= 1)) throw new InputError(`--${k}: must be a whole number >= 1, got ${argv[k]}`);
    }
    const choice = forceFieldFromArgs(argv);
    const [A, B, via] = ends(argv, choice);
    // The two ends as the messages name them.
    const names: [string, string] = argv.landscape ? [`minimum ${argv.minima}`, `${argv.landscape}/minima.dump`] : [argv.from!, argv.to!];
    const run = nebBetween(A, B, via, choice.ff, choice.units, {
      names, images: argv.images, springConstant: argv.spring, ftol: argv.ftol, climb: argv.climb, maxIterations: argv['max-iterations'], minFtol: argv['min-ftol'],
    });
    const { result } = run;
    if (argv.out) writeNebFiles(argv.out, run, A);
    if (!result.converged) process.stderr.write(`betascape: warning: the band did not converge in ${result.iterations} iterations (max |F| ${result.max_force.toExponential(2)})\n`);
    if (argv.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const e = choice.units.labels.energy;
    console.log(`barrier     ${result.barrier.toPrecision(6)} ${e} (backward ${result.backward_barrier.toPrecision(6)}, asymmetry ${result.asymmetry.toPrecision(6)})`);
    console.log(`band        ${argv.images} images, ${result.climbing ? 'climbing image' : 'no climbing image'}, ${result.converged ? 'converged' : 'NOT converged'} after ${result.iterations} iterations (max |F| ${result.max_force.toExponential(2)})`);
    console.log(`profile     ${result.energies.map((x) => x.toFixed(4)).join(' ')}`);
    if (argv.out) console.log(`written to  ${argv.out} (neb.json, path.dump)`);
  },
};

/**
 * The two end configurations: two data files, or two minima (by id) of an activate run's
 * minima.dump, and with --saddle the saddle (from saddles.dump) the band starts through.
 */
function ends(argv: NebArgs, choice: ForceFieldChoice): [State, State, State?] {
  const files = argv.from !== undefined || argv.to !== undefined;
  if (files === (argv.landscape !== undefined) || (files && (argv.from === undefined || argv.to === undefined)) || (argv.landscape !== undefined) !== (argv.minima !== undefined)) {
    throw new InputError('give either --from and --to (data files) or --landscape DIR with --minima I,J');
  }
  if (argv.saddle !== undefined && !argv.landscape) throw new InputError('--saddle needs --landscape');
  if (files) return [readConfiguration(argv.from!, choice), readConfiguration(argv.to!, choice)];
  const ids = argv.minima!.split(',').map(Number);
  if (ids.length !== 2 || !ids.every((k) => Number.isInteger(k) && k >= 1)) throw new InputError(`--minima: expected two ids like 1,3, got '${argv.minima}'`);
  return campaignEnds(argv.landscape!, [ids[0], ids[1]], argv.saddle, choice);
}
