import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { ensureDir, positive } from '../common.js';
import { InputError } from '../../sim/errors.js';
import { writeGsf } from '../../sim/io/gsf.js';
import { readModuliFile, fieldOf, writeMapCsv, fieldStatistics } from '../../analysis/heterogeneity/report.js';
import { layersForDepth, mapProfile, surfaceMap, type Map2D } from '../../analysis/heterogeneity/fields.js';
import { contactResonance, frequencyMap, TAP300AL_G, type Probe } from '../../analysis/crafm/forward.js';
import { T_FREE, T_PINNED } from '../../analysis/crafm/cantilever.js';
import { distributionFigure, mapFigure, profileFigure } from '../../analysis/plots/maps.js';
import { saveFigure } from '../../analysis/plots/figure.js';

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

const EV = 1.602176634e-19;

export const crafmCommand = {
  command: 'crafm <dir>',
  describe: 'Simulated contact-resonance AFM: frequency map from a modulus map (Hertz contact + clamped cantilever with a tip spring)',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'output directory of betascape modulus-map (holds moduli.json)' })
      .option('out', { type: 'string', describe: 'where to write (default: DIR)' })
      .option('tip-radius', { type: 'number', default: TAP300AL_G.tipRadius * 1e9, describe: 'tip radius R (nm)' })
      .option('load', { type: 'number', default: TAP300AL_G.load * 1e9, describe: 'static load F (nN)' })
      .option('cantilever-k', { type: 'number', default: TAP300AL_G.kc, describe: 'cantilever spring constant k_c (N/m)' })
      .option('f0', { type: 'number', default: TAP300AL_G.f0 / 1e3, describe: 'free first-mode resonance (kHz)' })
      .option('tip-modulus', { type: 'number', default: TAP300AL_G.tipModulus / 1e9, describe: "tip Young's modulus (GPa)" })
      .option('tip-poisson', { type: 'number', default: TAP300AL_G.tipPoisson, describe: 'tip Poisson ratio' })
      .option('sample-poisson', { type: 'number', describe: "sample Poisson ratio (default: the map's global one)" })
      .option('depth', { type: 'number', describe: 'depth averaged below the surface, in the map length unit (default: the contact radius at the global modulus)' })
      .option('lj-sigma', { type: 'number', default: 0.25, describe: 'lj maps: sigma in nm' })
      .option('lj-epsilon', { type: 'number', default: 0.1, describe: 'lj maps: epsilon in eV (0.1 eV and 0.25 nm: 1.03 GPa per epsilon/sigma^3)' })
      .option('tip-average', { type: 'boolean', default: true, describe: 'average the modulus over the contact (--no-tip-average: pixel by pixel)' })
      .option('profile-row', { type: 'number', describe: 'row (iy) of the profile along x (default: the middle row)' })
      .option('bins', { type: 'number', default: 30, describe: 'histogram bins' })
      .option('json', { type: 'boolean', default: false, describe: 'print the results as JSON' })
      .example('$0 crafm map/ --tip-radius 10 --load 100', ''),
  handler: (argv: CrafmArgs) => {
    for (const k of ['tip-radius', 'load', 'cantilever-k', 'f0', 'tip-modulus', 'lj-sigma', 'lj-epsilon', 'depth'] as const) positive(k, argv[k]);
    if (!(argv['tip-poisson'] >= 0 && argv['tip-poisson'] < 0.5)) throw new InputError(`--tip-poisson: must be in [0, 0.5), got ${argv['tip-poisson']}`);
    const nuArg = argv['sample-poisson'];
    if (nuArg !== undefined && !(nuArg > -1 && nuArg < 0.5)) throw new InputError(`--sample-poisson: must be in (-1, 0.5), got ${nuArg}`);
    if (!(Number.isInteger(argv.bins) && argv.bins > 0)) throw new InputError(`--bins: must be a whole number > 0, got ${argv.bins}`);
    const file = readModuliFile(argv.dir);
    const out = ensureDir(argv.out ?? argv.dir);
    const probe: Probe = {
      kc: argv['cantilever-k'], f0: argv.f0 * 1e3, tipRadius: argv['tip-radius'] * 1e-9, load: argv.load * 1e-9,
      tipModulus: argv['tip-modulus'] * 1e9, tipPoisson: argv['tip-poisson'],
    };
    // Map units -> SI.
    const metres = file.units === 'metal' ? 1e-10 : argv['lj-sigma'] * 1e-9;
    const pascals = file.units === 'metal' ? 1e9 : (argv['lj-epsilon'] * EV) / metres ** 3;
    const nu = nuArg ?? file.global.nu;
    if (!(nu > -1 && nu < 0.5)) throw new InputError(`${argv.dir}: the global Poisson ratio ${nu} is unphysical; give --sample-poisson`);
    const atGlobal = contactResonance(file.global.E * pascals, nu, probe);
    const E = fieldOf(file, 'E');
    const layers = layersForDepth(E, argv.depth ?? atGlobal.contactRadius / metres);
    const surface = surfaceMap(E, layers);
    const si: Map2D = { ...surface, cell: [surface.cell[0] * metres, surface.cell[1] * metres], values: surface.values.map((v) => v * pascals) };
    const fm = frequencyMap(si, nu, probe, { tipAverage: argv['tip-average'] });

    // Outputs in kHz and nm.
    const nm = metres * 1e9;
    const khz: Map2D = { ...surface, cell: [surface.cell[0] * nm, surface.cell[1] * nm], values: fm.frequency.values.map((f) => f / 1e3) };
    writeGsf(join(out, 'frequency.gsf'), {
      xres: khz.nx, yres: khz.ny, values: fm.frequency.values, xreal: si.nx * si.cell[0], yreal: si.ny * si.cell[1],
      xyUnits: 'm', zUnits: 'Hz', title: 'simulated contact-resonance frequency',
    });
    writeMapCsv(join(out, 'frequency.csv'), khz, 'f_kHz');
    saveFigure(mapFigure(khz, { valueLabel: 'contact resonance (kHz)', lengthUnit: 'nm', title: 'simulated CR-AFM' }), join(out, 'frequency.svg'));
    const row = argv['profile-row'] ?? Math.floor(khz.ny / 2);
    const profile = mapProfile(khz, 'x', row);
    writeFileSync(join(out, 'profile.csv'), ['x_nm,f_kHz', ...Array.from(profile.position, (x, k) => `${x},${profile.values[k]}`)].join('\n') + '\n');
    saveFigure(profileFigure(profile, { xLabel: 'x (nm)', yLabel: 'contact resonance (kHz)', title: `profile along x, row ${row}` }), join(out, 'profile.svg'));
    const stats = fieldStatistics(khz.values, [khz.nx, khz.ny, 1], [khz.cell[0], khz.cell[1], 1], { bins: argv.bins });
    saveFigure(distributionFigure(stats.histogram, { label: 'pixels', xLabel: 'contact resonance (kHz)' }), join(out, 'hist-frequency.svg'));

    const s = stats.summary;
    const result = {
      source: argv.dir, units: file.units, probe: { ...probe, samplePoisson: nu },
      length_scale_m: metres, modulus_scale_pa: pascals, surface_layers: layers, surface_depth_nm: layers * E.cell[2] * nm,
      map: { nx: khz.nx, ny: khz.ny, pixel_nm: khz.cell, size_nm: [khz.nx * khz.cell[0], khz.ny * khz.cell[1]] },
      global: { E_GPa: (file.global.E * pascals) / 1e9, contact_radius_nm: atGlobal.contactRadius * 1e9, contact_stiffness: atGlobal.contactStiffness, stiffness_ratio: atGlobal.contactStiffness / probe.kc, frequency_kHz: atGlobal.frequency / 1e3 },
      limits_kHz: { free: probe.f0 / 1e3, pinned: (probe.f0 * (T_PINNED / T_FREE) ** 2) / 1e3 },
      tip_average: argv['tip-average'], kernel_radius_nm: fm.kernelRadius * 1e9, non_positive_pixels: fm.nonPositive,
      frequency_kHz: { mean: s.mean, std: s.std, min: s.min, max: s.max, p5: s.p5, p95: s.p95, range: s.max - s.min, percentile_range: s.percentileRange, relative_width: s.relativeWidth },
      correlation_length_nm: stats.autocorrelation.correlationLength,
      profile: { row, x_nm: Array.from(profile.position), f_kHz: Array.from(profile.values) },
    };
    writeFileSync(join(out, 'crafm.json'), JSON.stringify(result, null, 1));
    if (argv.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const f = (x: number) => x.toPrecision(5);
    console.log(`map          ${khz.nx} x ${khz.ny} pixels of ${f(khz.cell[0])} nm, depth ${layers} layer(s) (${f(result.surface_depth_nm)} nm)`);
    console.log(`contact      E ${f(result.global.E_GPa)} GPa, a ${f(result.global.contact_radius_nm)} nm, k*/k_c ${f(result.global.stiffness_ratio)}`);
    console.log(`frequency    mean ${f(s.mean)} kHz, std ${f(s.std)} kHz, range ${f(s.max - s.min)} kHz (free ${f(probe.f0 / 1e3)}, pinned ${f(result.limits_kHz.pinned)})`);
    if (fm.nonPositive > 0) console.log(`warning      ${fm.nonPositive} pixel(s) with a non-positive effective modulus (NaN)`);
    console.log(`written to   ${out}`);
  },
};
