import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { withPotential, forceFieldFromArgs, ensureDir, positive, type PotentialArgs } from '../common.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { InputError } from '../../sim/errors.js';
import { unwrap } from '../../sim/box.js';
import { formatDumpFrame, frameToState, parseLammpsDumpFile } from '../../sim/io/lammps-dump.js';
import type { State } from '../../sim/state.js';
import { minimize } from '../../landscape/minimize/index.js';
import { EnergySurface } from '../../landscape/energy-surface.js';
import { neb } from '../../landscape/saddles/neb.js';

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
  command: 'neb',
  describe: 'Climbing-image nudged elastic band between two minima: the barrier and the energy profile of the path',
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
      .example('$0 neb --landscape runs/saddles --minima 1,3 --saddle 2 --model ka --json', 'check saddle 2 between minima 1 and 3 of an activate run')
      .example('$0 neb --from a.data --to b.data --model ka --out runs/neb', ''),
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
    const [from, to] = argv.landscape ? [`minimum ${argv.minima}`, `${argv.landscape}/minima.dump`] : [argv.from, argv.to];
    if (A.n !== B.n || A.type.some((t, i) => t !== B.type[i])) throw new InputError(`${to}: not the same atoms as ${from} (count or types differ)`);
    const boxOf = (s: State) => [s.box.lx, s.box.ly, s.box.lz, s.box.xy, s.box.xz, s.box.yz];
    if (boxOf(A).some((v, k) => Math.abs(v - boxOf(B)[k]) > 1e-9 * Math.max(1, Math.abs(v)))) {
      throw new InputError(`${to}: the box differs from that of ${from}`);
    }
    const ftol = argv['min-ftol'] ?? (choice.units.name === 'lj' ? 1e-8 : 1e-7);
    const relaxed = [A, B].map((s) => minimize(s, choice.ff, { method: 'lbfgs', ftol, units: choice.units }));
    const surface = new EnergySurface(A, choice.ff);
    const r = neb(surface, surface.current(), unwrap(B.box, B.x, B.image), {
      via: via && unwrap(via.box, via.x, via.image), images: argv.images, springConstant: argv.spring, ftol: argv.ftol, climb: argv.climb, maxIterations: argv['max-iterations'],
    });
    const e0 = r.energies[0];
    const result = {
      units: choice.units.name, n_atoms: A.n, barrier: r.barrier, backward_barrier: r.backwardBarrier,
      asymmetry: r.energies[r.energies.length - 1] - e0, converged: r.converged, climbing: r.climbing, iterations: r.iterations,
      max_force: r.maxForce, force_evaluations: r.forceEvaluations, top_image: r.top,
      energies: r.energies.map((e) => e - e0), path: r.path, end_energies: relaxed.map((m) => m.energy),
    };
    if (argv.out) {
      const dir = ensureDir(argv.out);
      writeFileSync(join(dir, 'neb.json'), JSON.stringify(result, null, 1) + '\n');
      const frames = r.images.map((x, k) => formatDumpFrame({ ...A, x, image: new Int32Array(x.length), step: k }, ['id', 'type', 'xu', 'yu', 'zu']));
      writeFileSync(join(dir, 'path.dump'), frames.join(''));
    }
    if (!r.converged) process.stderr.write(`betascape: warning: the band did not converge in ${r.iterations} iterations (max |F| ${r.maxForce.toExponential(2)})\n`);
    if (argv.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const e = choice.units.labels.energy;
    console.log(`barrier     ${r.barrier.toPrecision(6)} ${e} (backward ${r.backwardBarrier.toPrecision(6)}, asymmetry ${result.asymmetry.toPrecision(6)})`);
    console.log(`band        ${argv.images} images, ${r.climbing ? 'climbing image' : 'no climbing image'}, ${r.converged ? 'converged' : 'NOT converged'} after ${r.iterations} iterations (max |F| ${r.maxForce.toExponential(2)})`);
    console.log(`profile     ${result.energies.map((x) => x.toFixed(4)).join(' ')}`);
    if (argv.out) console.log(`written to  ${argv.out} (neb.json, path.dump)`);
  },
};

/**
 * The two end configurations: two data files, or two minima (by id) of an activate run's
 * minima.dump, and with --saddle the saddle (from saddles.dump) the band starts through.
 */
function ends(argv: NebArgs, choice: ReturnType<typeof forceFieldFromArgs>): [State, State, State?] {
  const files = argv.from !== undefined || argv.to !== undefined;
  if (files === (argv.landscape !== undefined) || (files && (argv.from === undefined || argv.to === undefined)) || (argv.landscape !== undefined) !== (argv.minima !== undefined)) {
    throw new InputError('give either --from and --to (data files) or --landscape DIR with --minima I,J');
  }
  if (argv.saddle !== undefined && !argv.landscape) throw new InputError('--saddle needs --landscape');
  if (files) return [readConfiguration(argv.from!, choice), readConfiguration(argv.to!, choice)];
  const ids = argv.minima!.split(',').map(Number);
  if (ids.length !== 2 || !ids.every((k) => Number.isInteger(k) && k >= 1)) throw new InputError(`--minima: expected two ids like 1,3, got '${argv.minima}'`);
  const template = readConfiguration(join(argv.landscape!, 'initial.data'), choice);
  const record = (file: string, id: number) => {
    const dump = join(argv.landscape!, file);
    const frames = parseLammpsDumpFile(dump);
    const f = frames.find((fr) => fr.timestep === id);
    if (!f) throw new InputError(`${dump}: no record with id ${id} (ids 1..${frames.length})`);
    return frameToState(f, dump, template.mass, template.typeNames);
  };
  const [a, b] = ids.map((id) => record('minima.dump', id));
  return [a, b, argv.saddle === undefined ? undefined : record('saddles.dump', argv.saddle)];
}
