import type { Argv } from 'yargs';
import { withPotential, potentialFromArgs, positive, type PotentialArgs } from '../common.js';
import { withBackend, openFromArgs, type BackendArgs } from '../backend-args.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { MIN_METHODS, type MinMethod } from '../../landscape/minimize/index.js';
import { checkMapFlags, linearityText, modulusMapReport } from '../../analysis/heterogeneity/modulus-map-report.js';

interface ModulusMapArgs extends PotentialArgs, BackendArgs {
  data: string;
  voxel: number;
  out: string;
  delta: number;
  ftol: number;
  min: string;
  'check-delta': boolean;
  'surface-depth'?: number;
  'soft-percentile': number;
  bins: number;
  json: boolean; quiet: boolean;
  /** T > 0: the stress-fluctuation run. */
  temperature: number; steps: number; every: number; equilibrate: number; seed: number;
}

export const modulusMapCommand = {
  builder: (y: Argv) =>
    withBackend(withPotential(y))
      .option('data', { type: 'string', demandOption: true, describe: 'LAMMPS data file (a glass; it is minimized first)' })
      .option('voxel', { type: 'number', demandOption: true, describe: 'voxel edge W (length units); each edge gets round(L/W) voxels' })
      .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
      .option('delta', { type: 'number', default: 1e-5, describe: 'strain amplitude of the central differences' })
      .option('ftol', { type: 'number', default: 1e-10, describe: 'force tolerance of every relaxation (max |F_i|)' })
      .option('min', { choices: MIN_METHODS, default: 'lbfgs', describe: 'minimizer' })
      .option('check-delta', { type: 'boolean', default: false, describe: 'repeat the strains at delta/10 and flag the voxels whose G moves (twice the time)' })
      .option('surface-depth', { type: 'number', describe: 'depth averaged into the surface map (length units; default 2 voxels)' })
      .option('soft-percentile', { type: 'number', default: 10, describe: 'soft zones: voxels below this percentile of G' })
      .option('bins', { type: 'number', default: 30, describe: 'histogram bins' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .option('temperature', { type: 'number', default: 0, describe: 'T > 0: constants from the stress fluctuations of an NVT run at T (Lennard-Jones only)' })
      .option('steps', { type: 'number', default: 20000, describe: 'T > 0: sampled MD steps' })
      .option('every', { type: 'number', default: 5, describe: 'T > 0: sample every this many steps' })
      .option('equilibrate', { type: 'number', default: 2000, describe: 'T > 0: MD steps before sampling' })
      .option('seed', { type: 'number', default: 1, describe: 'T > 0: seed of the initial velocities' })
      .example('$0 modulus-map --data examples/glass.data --model ka --voxel 3 --out map/', '')
      .example('$0 modulus-map --data examples/glass.data --model ka --voxel 3 --temperature 0.2 --steps 100000 --out map-T0.2/', ''),
  handler: async (argv: ModulusMapArgs) => {
    positive('voxel', argv.voxel);
    positive('ftol', argv.ftol);
    positive('surface-depth', argv['surface-depth']);
    checkMapFlags(argv);
    const pot = potentialFromArgs(argv);
    const state = readConfiguration(argv.data, pot);
    const backend = await openFromArgs(argv, pot);
    let summary: ReturnType<typeof modulusMapReport>;
    try {
      summary = modulusMapReport(state, backend.ff, argv.out, {
        source: argv.data, potential: pot.description, units: pot.units, voxel: argv.voxel, delta: argv.delta, ftol: argv.ftol, method: argv.min as MinMethod,
        checkDelta: argv['check-delta'],
        temperature: argv.temperature, steps: argv.steps, every: argv.every, equilibrate: argv.equilibrate, seed: argv.seed,
        surfaceDepth: argv['surface-depth'], softPercentile: argv['soft-percentile'], bins: argv.bins,
        onProgress: argv.json || argv.quiet ? undefined : (stage, k, n) => process.stderr.write(`\r${stage} ${k}/${n}`),
      });
    } finally {
      backend.dispose();
    }
    if (argv.json) {
      console.log(JSON.stringify(summary));
      return;
    }
    process.stderr.write('\n');
    const f = (x: number) => x.toPrecision(5);
    const { global: G, stress_unit: unit, length_unit: length } = summary;
    const s = summary.local.G;
    console.log(`atoms        ${summary.natoms}  (${pot.description}, ${summary.units} units), ${summary.seconds.toFixed(1)} s`);
    console.log(`grid         ${summary.voxel.grid.join(' x ')} voxels of ${summary.voxel.cell.map(f).join(' x ')} ${length}`);
    console.log(`global       G_xy ${f(G.G_xy)}  G_xz ${f(G.G_xz)}  G_yz ${f(G.G_yz)}  K ${f(G.K)}  E ${f(G.E)}  (${unit})`);
    console.log(`local G      mean ${f(s.mean)}  std ${f(s.std)}  (${(100 * s.relativeWidth).toFixed(1)} %)  p5..p95 ${f(s.p5)}..${f(s.p95)}`);
    console.log(`corr. length ${s.correlation_length === null ? 'n/a' : f(s.correlation_length)} ${length}`);
    const its = summary.relaxation?.iterations;
    if (its) console.log(`relaxations  ${its.length} (${summary.relaxation!.method}), ${Math.min(...its)}–${Math.max(...its)} iterations each`);
    if (summary.linearity) console.log(`δ/10 check   ${linearityText(summary.linearity)}`);
    console.log(`written to   ${argv.out}`);
  },
};
