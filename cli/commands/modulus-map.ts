import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { withPotential, forceFieldFromArgs, ensureDir, positive, type PotentialArgs } from '../common.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { InputError } from '../../sim/errors.js';
import { writeGsf } from '../../sim/io/gsf.js';
import { MIN_METHODS, type MinMethod } from '../../landscape/minimize/index.js';
import { localElasticity, type LocalElasticity } from '../../analysis/heterogeneity/local-elasticity.js';
import { fluctuationElasticity, type FluctuationElasticity } from '../../analysis/heterogeneity/fluctuation.js';
import { layersForDepth, sliceZ, surfaceMap, type Map2D } from '../../analysis/heterogeneity/fields.js';
import { fieldOf, fieldStatistics, moduliFile, writeMapCsv, writeVoxelCsv, MODULI_FILE } from '../../analysis/heterogeneity/report.js';
import { summarize } from '../../analysis/heterogeneity/statistics.js';
import { acfFigure, distributionFigure, mapFigure } from '../../analysis/plots/maps.js';
import { saveFigure } from '../../analysis/plots/figure.js';

interface ModulusMapArgs extends PotentialArgs {
  data: string;
  voxel: number;
  out: string;
  delta: number;
  ftol: number;
  min: string;
  'surface-depth'?: number;
  'soft-percentile': number;
  bins: number;
  json: boolean;
  temperature: number;
  steps: number;
  every: number;
  equilibrate: number;
  seed: number;
}

/** Metres per length unit for .gsf files (reduced units stay as they are, labelled sigma). */
function gsfLength(units: 'lj' | 'metal'): { scale: number; unit: string } {
  return units === 'metal' ? { scale: 1e-10, unit: 'm' } : { scale: 1, unit: 'sigma' };
}

function writeMapGsf(path: string, m: Map2D, units: 'lj' | 'metal', title: string): void {
  const len = gsfLength(units);
  const z = units === 'metal' ? { scale: 1e9, unit: 'Pa' } : { scale: 1, unit: 'epsilon/sigma^3' };
  writeGsf(path, {
    xres: m.nx, yres: m.ny, values: Array.from(m.values, (v) => v * z.scale), xreal: m.nx * m.cell[0] * len.scale, yreal: m.ny * m.cell[1] * len.scale,
    xyUnits: len.unit, zUnits: z.unit, title,
  });
}

export const modulusMapCommand = {
  command: 'modulus-map',
  describe: 'Local elastic constants on a voxel grid (T = 0: +-strain with non-affine relaxation; T > 0: stress fluctuations): maps, .gsf, statistics',
  builder: (y: Argv) =>
    withPotential(y)
      .option('data', { type: 'string', demandOption: true, describe: 'LAMMPS data file (a glass; it is minimized first)' })
      .option('voxel', { type: 'number', demandOption: true, describe: 'voxel edge W (length units); each edge gets round(L/W) voxels' })
      .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
      .option('delta', { type: 'number', default: 1e-5, describe: 'strain amplitude of the central differences' })
      .option('ftol', { type: 'number', default: 1e-10, describe: 'force tolerance of every relaxation (max |F_i|)' })
      .option('min', { choices: MIN_METHODS, default: 'lbfgs', describe: 'minimizer' })
      .option('surface-depth', { type: 'number', describe: 'depth averaged into the surface map (length units; default 2 voxels)' })
      .option('soft-percentile', { type: 'number', default: 10, describe: 'soft zones: voxels below this percentile of G' })
      .option('bins', { type: 'number', default: 30, describe: 'histogram bins' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .option('temperature', { type: 'number', default: 0, describe: 'T > 0: constants from the stress fluctuations of an NVT run at T (Lennard-Jones only)' })
      .option('steps', { type: 'number', default: 20000, describe: 'T > 0: sampled MD steps' })
      .option('every', { type: 'number', default: 5, describe: 'T > 0: sample every this many steps' })
      .option('equilibrate', { type: 'number', default: 2000, describe: 'T > 0: MD steps before sampling' })
      .option('seed', { type: 'number', default: 1, describe: 'T > 0: seed of the initial velocities' })
      .example('$0 modulus-map --data glass.data --model ka --voxel 3 --out map/', '')
      .example('$0 modulus-map --data glass.data --model ka --voxel 3 --temperature 0.2 --steps 100000 --out map-T0.2/', ''),
  handler: (argv: ModulusMapArgs) => {
    positive('voxel', argv.voxel);
    positive('ftol', argv.ftol);
    positive('surface-depth', argv['surface-depth']);
    if (!(argv.delta > 0 && argv.delta < 0.05)) throw new InputError(`--delta: must be > 0 and < 0.05, got ${argv.delta}`);
    const sp = argv['soft-percentile'];
    if (!(sp > 0 && sp < 100)) throw new InputError(`--soft-percentile: must be between 0 and 100, got ${sp}`);
    if (!(Number.isInteger(argv.bins) && argv.bins > 0)) throw new InputError(`--bins: must be a whole number > 0, got ${argv.bins}`);
    const pot = forceFieldFromArgs(argv);
    const state = readConfiguration(argv.data, pot);
    const out = ensureDir(argv.out);
    const units = pot.units.name;
    const lengthUnit = units === 'metal' ? 'Å' : 'sigma';
    if (!(argv.temperature >= 0)) throw new InputError(`--temperature: must be >= 0, got ${argv.temperature}`);
    for (const key of ['steps', 'every', 'equilibrate'] as const) {
      if (!(Number.isInteger(argv[key]) && argv[key] >= (key === 'equilibrate' ? 0 : 1))) throw new InputError(`--${key}: must be a whole number${key === 'equilibrate' ? ' >= 0' : ' > 0'}, got ${argv[key]}`);
    }
    const t0 = performance.now();
    const progress = (label: string) => (argv.json ? undefined : (k: number, n: number) => process.stderr.write(`\r${label} ${k}/${n}`));
    const fluct: FluctuationElasticity | null = argv.temperature > 0
      ? fluctuationElasticity(state, pot.ff, {
        temperature: argv.temperature, steps: argv.steps, every: argv.every, equilibrate: argv.equilibrate, seed: argv.seed,
        dt: pot.units.defaults.dt, damp: 100 * pot.units.defaults.dt, voxel: argv.voxel, units: pot.units, onProgress: progress('step'),
      })
      : null;
    const le: LocalElasticity = fluct ?? localElasticity(state, pot.ff, {
      voxel: argv.voxel, delta: argv.delta, ftol: argv.ftol, method: argv.min as MinMethod, units: pot.units, onStrain: progress('strain'),
    });
    if (!argv.json) process.stderr.write('\n');
    const finiteT = fluct
      ? {
        method: 'stress fluctuations', temperature: fluct.temperature, measured_temperature: fluct.measuredTemperature, samples: fluct.samples, steps: argv.steps,
        global_sem: fluct.globalModuliSem, global_C_sem: Array.from(fluct.globalSem),
      }
      : { method: 'finite strain, T = 0' };
    const seconds = (performance.now() - t0) / 1000;
    const file = moduliFile(le, argv.data, units, lengthUnit);
    writeFileSync(join(out, MODULI_FILE), JSON.stringify(file));
    writeVoxelCsv(join(out, 'voxels.csv'), le);

    const g = le.grid;
    const dims: [number, number, number] = [g.nx, g.ny, g.nz];
    const opts = { bins: argv.bins, softPercentile: sp };
    const Gfield = fieldOf(file, 'G');
    const local = { G: fieldStatistics(Gfield.values, dims, g.cell, opts), E: summarize(le.localModuli.E), K: summarize(le.localModuli.K), M: summarize(le.localModuli.M) };
    const layers = layersForDepth(Gfield, argv['surface-depth'] ?? 2 * g.cell[2]);
    const surfaces = { G: surfaceMap(Gfield, layers), E: surfaceMap(fieldOf(file, 'E'), layers) };
    const surfaceStats = fieldStatistics(surfaces.G.values, [g.nx, g.ny, 1], [g.cell[0], g.cell[1], 1], opts);
    const unitLabel = le.unit;
    for (const name of ['G', 'E'] as const) {
      const m = surfaces[name];
      writeMapCsv(join(out, `surface-${name}.csv`), m, name);
      writeMapGsf(join(out, `surface-${name}.gsf`), m, units, `local ${name} averaged over the top ${layers} voxel layers`);
      saveFigure(mapFigure(m, { valueLabel: `${name} (${unitLabel})`, lengthUnit, title: `local ${name}, top ${layers} layer(s)` }), join(out, `surface-${name}.svg`));
    }
    const mid = Math.floor(g.nz / 2);
    writeMapGsf(join(out, 'slice-G.gsf'), sliceZ(Gfield, mid), units, `local G, voxel layer ${mid}`);
    saveFigure(distributionFigure(local.G.histogram, { label: 'voxels', xLabel: `local G (${unitLabel})`, title: `W = ${argv.voxel} ${lengthUnit}` }), join(out, 'hist-G.svg'));
    saveFigure(acfFigure(local.G.autocorrelation, { lengthUnit, title: 'autocorrelation of local G' }), join(out, 'acf-G.svg'));

    const summary = {
      data: argv.data, potential: pot.description, units, stress_unit: unitLabel, length_unit: lengthUnit, natoms: state.n,
      voxel: { requested: argv.voxel, grid: dims, cell: g.cell, mean_atoms: state.n / dims.reduce((a, b) => a * b, 1), empty: g.atoms.filter((a) => a === 0).length },
      ...finiteT, strain: fluct ? null : argv.delta, reference_energy: le.referenceEnergy, reference_stress: le.referenceStress,
      relaxation: fluct ? null : { worst_max_force: le.worstForce, unconverged: le.unconverged },
      global: file.global, global_C: file.globalC,
      local: {
        G: { ...local.G.summary, correlation_length: local.G.autocorrelation.correlationLength, soft_zones: local.G.softZones, histogram: local.G.histogram },
        E: local.E, K: local.K, M: local.M,
      },
      surface: { layers, depth: layers * g.cell[2], G: { ...surfaceStats.summary, correlation_length: surfaceStats.autocorrelation.correlationLength } },
      seconds,
    };
    writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1));
    if (argv.json) {
      console.log(JSON.stringify(summary));
      return;
    }
    const f = (x: number) => x.toPrecision(5);
    console.log(`atoms        ${state.n}  (${pot.description}, ${units} units), ${seconds.toFixed(1)} s`);
    console.log(`grid         ${dims.join(' x ')} voxels of ${g.cell.map(f).join(' x ')} ${lengthUnit}`);
    console.log(`global       G_xy ${f(file.global.G_xy)}  G_xz ${f(file.global.G_xz)}  G_yz ${f(file.global.G_yz)}  K ${f(file.global.K)}  E ${f(file.global.E)}  (${unitLabel})`);
    const s = local.G.summary;
    console.log(`local G      mean ${f(s.mean)}  std ${f(s.std)}  (${(100 * s.relativeWidth).toFixed(1)} %)  p5..p95 ${f(s.p5)}..${f(s.p95)}`);
    console.log(`corr. length ${local.G.autocorrelation.correlationLength === null ? 'n/a' : f(local.G.autocorrelation.correlationLength)} ${lengthUnit}`);
    console.log(`written to   ${out}`);
  },
};
