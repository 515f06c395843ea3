import type { Argv } from 'yargs';
import { positive } from '../common.js';
import { InputError } from '../../sim/errors.js';
import { CRAFM_DEFAULTS as DEFAULTS, simulateCrafm } from '../../analysis/crafm/simulated-crafm.js';

interface CrafmArgs {
  dir: string;
  out?: string;
  'tip-radius': number;
  load: number;
  'cantilever-k': number;
  f0: number;
  'tip-modulus': number;
  'tip-poisson': number;
  'sample-poisson'?: number;
  depth?: number;
  'lj-sigma': number;
  'lj-epsilon': number;
  'tip-average': boolean;
  'profile-row'?: number;
  bins: number;
  json: boolean;
}

export const crafmCommand = {
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'output directory of betascape modulus-map (holds moduli.json)' })
      .option('out', { type: 'string', describe: 'where to write (default: DIR)' })
      .option('tip-radius', { type: 'number', default: DEFAULTS.tipRadius, describe: 'tip radius R (nm)' })
      .option('load', { type: 'number', default: DEFAULTS.load, describe: 'static load F (nN)' })
      .option('cantilever-k', { type: 'number', default: DEFAULTS.cantileverK, describe: 'cantilever spring constant k_c (N/m)' })
      .option('f0', { type: 'number', default: DEFAULTS.f0, describe: 'free first-mode resonance (kHz)' })
      .option('tip-modulus', { type: 'number', default: DEFAULTS.tipModulus, describe: "tip Young's modulus (GPa)" })
      .option('tip-poisson', { type: 'number', default: DEFAULTS.tipPoisson, describe: 'tip Poisson ratio' })
      .option('sample-poisson', { type: 'number', describe: "sample Poisson ratio (default: the map's global one)" })
      .option('depth', { type: 'number', describe: 'depth averaged below the surface, in the map length unit (default: the contact radius at the global modulus)' })
      .option('lj-sigma', { type: 'number', default: DEFAULTS.ljSigma, describe: 'lj maps: sigma in nm' })
      .option('lj-epsilon', { type: 'number', default: DEFAULTS.ljEpsilon, describe: 'lj maps: epsilon in eV (0.1 eV and 0.25 nm: 1.03 GPa per epsilon/sigma^3)' })
      .option('tip-average', { type: 'boolean', default: DEFAULTS.tipAverage, describe: 'average the modulus over the contact (--no-tip-average: pixel by pixel)' })
      .option('profile-row', { type: 'number', describe: 'row (iy) of the profile along x (default: the middle row)' })
      .option('bins', { type: 'number', default: DEFAULTS.bins, describe: 'histogram bins' })
      .option('json', { type: 'boolean', default: false, describe: 'print the results as JSON' })
      .example('$0 crafm map/ --tip-radius 10 --load 100', ''),
  handler: (argv: CrafmArgs) => {
    for (const k of ['tip-radius', 'load', 'cantilever-k', 'f0', 'tip-modulus', 'lj-sigma', 'lj-epsilon', 'depth'] as const) positive(k, argv[k]);
    if (!(argv['tip-poisson'] >= 0 && argv['tip-poisson'] < 0.5)) throw new InputError(`--tip-poisson: must be in [0, 0.5), got ${argv['tip-poisson']}`);
    const nuArg = argv['sample-poisson'];
    if (nuArg !== undefined && !(nuArg > -1 && nuArg < 0.5)) throw new InputError(`--sample-poisson: must be in (-1, 0.5), got ${nuArg}`);
    if (!(Number.isInteger(argv.bins) && argv.bins > 0)) throw new InputError(`--bins: must be a whole number > 0, got ${argv.bins}`);
    const out = argv.out ?? argv.dir;
    const result = simulateCrafm(argv.dir, out, {
      tipRadius: argv['tip-radius'], load: argv.load, cantileverK: argv['cantilever-k'], f0: argv.f0, tipModulus: argv['tip-modulus'],
      tipPoisson: argv['tip-poisson'], samplePoisson: nuArg, depth: argv.depth, ljSigma: argv['lj-sigma'], ljEpsilon: argv['lj-epsilon'],
      tipAverage: argv['tip-average'], profileRow: argv['profile-row'], bins: argv.bins,
    });
    if (argv.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const f = (x: number) => x.toPrecision(5);
    const { map, frequency_kHz: s } = result;
    console.log(`map          ${map.nx} x ${map.ny} pixels of ${f(map.pixel_nm[0])} nm, depth ${result.surface_layers} layer(s) (${f(result.surface_depth_nm)} nm)`);
    console.log(`contact      E ${f(result.global.E_GPa)} GPa, a ${f(result.global.contact_radius_nm)} nm, k*/k_c ${f(result.global.stiffness_ratio)}`);
    console.log(`frequency    mean ${f(s.mean)} kHz, std ${f(s.std)} kHz, range ${f(s.max - s.min)} kHz (free ${f(result.limits_kHz.free)}, pinned ${f(result.limits_kHz.pinned)})`);
    if (result.non_positive_pixels > 0) console.log(`warning      ${result.non_positive_pixels} pixel(s) with a non-positive effective modulus (NaN)`);
    console.log(`written to   ${out}`);
  },
};
