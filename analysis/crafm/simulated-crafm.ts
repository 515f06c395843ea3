/**
 * A simulated contact-resonance AFM measurement of a modulus map (the output of modulus-map): the
 * map's surface layers in SI units, the frequency of every pixel (Hertz contact + clamped
 * cantilever with a tip spring), and the files frequency.gsf/.csv/.svg, profile.csv/.svg,
 * hist-frequency.svg and crafm.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { writeGsf } from '../../sim/io/gsf.js';
import { MODULI_FILE, readModuliFile, fieldOf, writeMapCsv, fieldStatistics } from '../heterogeneity/report.js';
import { layersForDepth, mapProfile, surfaceMap, type Map2D } from '../heterogeneity/fields.js';
import { distributionFigure, mapFigure, profileFigure } from '../plots/maps.js';
import { saveFigure } from '../plots/figure.js';
import { contactResonance, frequencyMap, TAP300AL_G, type Probe } from './forward.js';
import { T_FREE, T_PINNED } from './cantilever.js';

/** The probe and the map's scales, in the units the command takes; the defaulted ones are in CRAFM_DEFAULTS. */
export interface CrafmSettings {
  /** nm */
  tipRadius?: number;
  /** nN */
  load?: number;
  /** N/m */
  cantileverK?: number;
  /** Free first-mode resonance (kHz). */
  f0?: number;
  /** GPa */
  tipModulus?: number;
  tipPoisson?: number;
  /** Default: the map's global Poisson ratio. */
  samplePoisson?: number;
  /** Depth averaged below the surface (map length unit); default: the contact radius at the global modulus. */
  depth?: number;
  /** lj maps: sigma (nm) and epsilon (eV). */
  ljSigma?: number;
  ljEpsilon?: number;
  /** Average the modulus over the contact (else pixel by pixel). */
  tipAverage?: boolean;
  /** Row (iy) of the profile along x; default: the middle row. */
  profileRow?: number;
  /** Histogram bins. */
  bins?: number;
}

/** A Tap300Al-G probe; lj maps at 0.25 nm and 0.1 eV (1.03 GPa per epsilon/sigma³). */
export const CRAFM_DEFAULTS = {
  tipRadius: TAP300AL_G.tipRadius * 1e9, load: TAP300AL_G.load * 1e9, cantileverK: TAP300AL_G.kc, f0: TAP300AL_G.f0 / 1e3,
  tipModulus: TAP300AL_G.tipModulus / 1e9, tipPoisson: TAP300AL_G.tipPoisson, ljSigma: 0.25, ljEpsilon: 0.1, tipAverage: true, bins: 30,
};

const EV = 1.602176634e-19;

/** What --json prints and crafm.json holds. */
export type CrafmRecord = ReturnType<typeof simulateCrafm>;

/** Reads DIR/moduli.json, simulates the frequency map and writes the files into out (made if missing). */
export function simulateCrafm(dir: string, out: string, settings: CrafmSettings) {
  const s = { ...CRAFM_DEFAULTS, ...settings };
  const file = readModuliFile(dir);
  const probe: Probe = {
    kc: s.cantileverK, f0: s.f0 * 1e3, tipRadius: s.tipRadius * 1e-9, load: s.load * 1e-9, tipModulus: s.tipModulus * 1e9, tipPoisson: s.tipPoisson,
  };
  // Map units -> SI.
  const metres = file.units === 'metal' ? 1e-10 : s.ljSigma * 1e-9;
  const pascals = file.units === 'metal' ? 1e9 : (s.ljEpsilon * EV) / metres ** 3;
  const nu = s.samplePoisson ?? file.global.nu;
  if (!(nu > -1 && nu < 0.5)) throw new InputError(`${dir}: the global Poisson ratio ${nu} is unphysical; give --sample-poisson`);
  const path = join(dir, MODULI_FILE);
  if (!(file.global.E > 0)) throw new InputError(`${path}: the global Young's modulus ${file.global.E} is not > 0; not a map of a solid`);
  const E = fieldOf(file, 'E');
  const missing = E.values.filter((v) => !Number.isFinite(v)).length;
  if (missing > 0) throw new InputError(`${path}: ${missing} voxel(s) of fields.E hold no value; the contact resonance needs every voxel`);
  const atGlobal = contactResonance(file.global.E * pascals, nu, probe);
  const layers = layersForDepth(E, s.depth ?? atGlobal.contactRadius / metres);
  const surface = surfaceMap(E, layers);
  if (s.profileRow !== undefined && !(Number.isInteger(s.profileRow) && s.profileRow >= 0 && s.profileRow < surface.ny)) {
    throw new InputError(`--profile-row: must be 0..${surface.ny - 1}, got ${s.profileRow}`);
  }
  const si: Map2D = { ...surface, cell: [surface.cell[0] * metres, surface.cell[1] * metres], values: surface.values.map((v) => v * pascals) };
  const fm = frequencyMap(si, nu, probe, { tipAverage: s.tipAverage });

  // Outputs in kHz and nm.
  mkdirSync(out, { recursive: true });
  const nm = metres * 1e9;
  const khz: Map2D = { ...surface, cell: [surface.cell[0] * nm, surface.cell[1] * nm], values: fm.frequency.values.map((f) => f / 1e3) };
  writeGsf(join(out, 'frequency.gsf'), {
    xres: khz.nx, yres: khz.ny, values: fm.frequency.values, xreal: si.nx * si.cell[0], yreal: si.ny * si.cell[1],
    xyUnits: 'm', zUnits: 'Hz', title: 'simulated contact-resonance frequency',
  });
  writeMapCsv(join(out, 'frequency.csv'), khz, 'f_kHz');
  saveFigure(mapFigure(khz, { valueLabel: 'contact resonance (kHz)', lengthUnit: 'nm', title: 'simulated CR-AFM' }), join(out, 'frequency.svg'));
  const row = s.profileRow ?? Math.floor(khz.ny / 2);
  const profile = mapProfile(khz, 'x', row);
  writeFileSync(join(out, 'profile.csv'), ['x_nm,f_kHz', ...Array.from(profile.position, (x, k) => `${x},${profile.values[k]}`)].join('\n') + '\n');
  saveFigure(profileFigure(profile, { xLabel: 'x (nm)', yLabel: 'contact resonance (kHz)', title: `profile along x, row ${row}` }), join(out, 'profile.svg'));
  const stats = fieldStatistics(khz.values, [khz.nx, khz.ny, 1], [khz.cell[0], khz.cell[1], 1], { bins: s.bins });
  saveFigure(distributionFigure(stats.histogram, { label: 'pixels', xLabel: 'contact resonance (kHz)' }), join(out, 'hist-frequency.svg'));

  const st = stats.summary;
  const result = {
    source: dir, units: file.units, probe: { ...probe, samplePoisson: nu },
    length_scale_m: metres, modulus_scale_pa: pascals, surface_layers: layers, surface_depth_nm: layers * E.cell[2] * nm,
    map: { nx: khz.nx, ny: khz.ny, pixel_nm: khz.cell, size_nm: [khz.nx * khz.cell[0], khz.ny * khz.cell[1]] },
    global: { E_GPa: (file.global.E * pascals) / 1e9, contact_radius_nm: atGlobal.contactRadius * 1e9, contact_stiffness: atGlobal.contactStiffness, stiffness_ratio: atGlobal.contactStiffness / probe.kc, frequency_kHz: atGlobal.frequency / 1e3 },
    limits_kHz: { free: probe.f0 / 1e3, pinned: (probe.f0 * (T_PINNED / T_FREE) ** 2) / 1e3 },
    tip_average: s.tipAverage, kernel_radius_nm: fm.kernelRadius * 1e9, non_positive_pixels: fm.nonPositive,
    frequency_kHz: { mean: st.mean, std: st.std, min: st.min, max: st.max, p5: st.p5, p95: st.p95, range: st.max - st.min, percentile_range: st.percentileRange, relative_width: st.relativeWidth },
    correlation_length_nm: stats.autocorrelation.correlationLength,
    profile: { row, x_nm: Array.from(profile.position), f_kHz: Array.from(profile.values) },
  };
  writeFileSync(join(out, 'crafm.json'), JSON.stringify(result, null, 1));
  return result;
}
