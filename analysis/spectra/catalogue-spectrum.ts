/**
 * The loss spectrum of an event catalogue over a range of temperatures, as `spectrum events`
 * reports it: the settings checked against the catalogue (units, frequency, range, elasticity),
 * the spectrum with the parametrised α process at a laboratory frequency, the record it prints as
 * JSON and its files spectrum.json and spectrum.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { unitsByName } from '../../sim/units.js';
import { stressFactor } from '../heterogeneity/local-elasticity.js';
import { saveFigure } from '../plots/figure.js';
import type { EventCatalogue } from './event-catalogue.js';
import { attemptFallbacks, catalogueAsymmetryBandwidth, eventSpectrum, MAX_SPECTRUM_POINTS, timeUnitSeconds, type EventSpectrumOptions } from './event-spectrum.js';
import { alphaFromVft, type AlphaProcess } from './alpha.js';
import { readRelaxFit, type RelaxFit } from '../dynamics/relax-file.js';
import { activationSpectrumOf, betaFeature, eventSpectrumFigure } from './event-report.js';

/** The settings `spectrum events` takes (its flags); the defaulted ones are in CATALOGUE_SPECTRUM_DEFAULTS. */
export interface CatalogueSpectrumSettings {
  /** The catalogue's units when its header does not say. */
  units?: string;
  /** Exactly one: cycles per time unit (an MD spectrum), or a laboratory frequency in Hz (with the α process). */
  frequency?: number;
  frequencyHz?: number;
  /** One attempt frequency for every event (per time unit); default: the catalogue's. */
  attemptFrequency?: number;
  minBarrierKT?: number;
  /** Temperature range (default 0.05 Tg .. 1.2 Tg) and how many temperatures, ends included. */
  TMin?: number;
  TMax?: number;
  points?: number;
  mode?: 'shear' | 'tension';
  orientation?: 'box' | 'average';
  /** Box volume for a catalogue without one. */
  volume?: number;
  /** Isotropic moduli instead of the catalogue's elastic constants. */
  shearModulus?: number;
  bulkModulus?: number;
  /** The α process (laboratory frequency only): Tg, fragility and τ∞, or `alphaFrom`. */
  Tg?: number;
  fragility?: number;
  gamma?: number;
  tauInf?: number;
  heatingRate?: number;
  /** lj units: seconds per τ. */
  tauSeconds?: number;
  /**
   * relax.json of `betascape relax` (or its directory): τ_α(T) of the α process is its VFT fit (MD
   * time × tauSeconds) instead of Tg, fragility and τ∞; Tg, when not given, is where τ_α = 100 s.
   */
  alphaFrom?: string;
  /** exact: the plain sum over the events; smoothed: asymmetries kernel-smoothed (asymmetry-smoothing.ts), width `asymmetryBandwidth` or Silverman's. */
  asymmetry?: 'exact' | 'smoothed';
  asymmetryBandwidth?: number;
}

export const CATALOGUE_SPECTRUM_DEFAULTS = {
  asymmetry: 'exact', minBarrierKT: 0, points: 101, mode: 'shear', orientation: 'average', fragility: 40, gamma: 0.5, tauInf: 1e-14, heatingRate: 3, tauSeconds: 1e-12,
} as const;

/** τ_α at Tg (s), by the usual definition of Tg. */
const TAU_G = 100;

/** What --json prints and spectrum.json holds. */
export type CatalogueSpectrumRecord = ReturnType<typeof catalogueSpectrum>['record'];

/** The catalogue's spectrum at the settings' frequency and temperatures, and the units it is in. */
export function catalogueSpectrum(cat: EventCatalogue, settings: CatalogueSpectrumSettings) {
  const s = { ...CATALOGUE_SPECTRUM_DEFAULTS, ...settings };
  const unitsName = cat.units ?? s.units;
  if (!unitsName) throw new InputError(`${cat.file}: the catalogue does not say its units ('# units: lj|metal'); give --units`);
  if (cat.units && s.units && s.units !== cat.units) throw new InputError(`--units ${s.units}: ${cat.file} says its units are ${cat.units}`);
  const units = unitsByName(unitsName);
  if ((s.frequency === undefined) === (s.frequencyHz === undefined)) throw new InputError('give one of --frequency (per time unit) or --frequency-hz (laboratory)');
  const lab = s.frequencyHz !== undefined;
  const tau = lab ? timeUnitSeconds(units.name, s.tauSeconds) : undefined;
  const frequency = lab ? s.frequencyHz! * tau! : s.frequency!;
  if (!(frequency > 0)) throw new InputError(`--frequency${lab ? '-hz' : ''}: must be > 0`);
  if (s.Tg !== undefined && !(s.Tg > 0)) throw new InputError(`--Tg: must be > 0, got ${s.Tg}`);
  if (!(s.gamma > 0 && s.gamma <= 1)) throw new InputError(`--gamma: the KWW stretching must be in (0, 1], got ${s.gamma}`);
  const relax = s.alphaFrom !== undefined ? relaxFitFor(s.alphaFrom, units.name, lab) : undefined;
  if (lab && s.Tg === undefined && !relax) throw new InputError('--frequency-hz: the α process needs --Tg (or --alpha relax.json)');
  const alpha: AlphaProcess | undefined = !lab ? undefined
    : relax ? alphaFromVft(relax.vft, tau!, s.gamma, TAU_G) : { Tg: s.Tg!, fragility: s.fragility, tauG: TAU_G, tauInf: s.tauInf, gamma: s.gamma };
  const Tg = s.Tg ?? alpha?.Tg;
  const tMin = s.TMin ?? (Tg !== undefined ? 0.05 * Tg : undefined);
  const tMax = s.TMax ?? (Tg !== undefined ? 1.2 * Tg : undefined);
  if (tMin === undefined || tMax === undefined) throw new InputError('give --T-min and --T-max (or --Tg for the default range)');
  if (!(tMax > tMin && tMin > 0)) throw new InputError('--T-min and --T-max must satisfy 0 < T-min < T-max');
  if (!(Number.isInteger(s.points) && s.points >= 2 && s.points <= MAX_SPECTRUM_POINTS)) throw new InputError(`--points must be a whole number from 2 to ${MAX_SPECTRUM_POINTS}`);
  const G = s.shearModulus, K = s.bulkModulus;
  if (G !== undefined && !(G > 0)) throw new InputError(`--shear-modulus: must be > 0, got ${G}`);
  if (K !== undefined && !(K > 0)) throw new InputError(`--bulk-modulus: must be > 0, got ${K}`);
  if (K !== undefined && G === undefined) throw new InputError('--bulk-modulus goes with --shear-modulus');
  if (G !== undefined && K === undefined && s.mode === 'tension') throw new InputError('--mode tension with an isotropic modulus needs --bulk-modulus too');
  // In shear, an isotropic compliance couples only to the deviatoric stress: K drops out (any value will do).
  const elasticity = G !== undefined ? { G, K: K ?? G } : undefined;
  if (s.volume !== undefined && !(s.volume > 0)) throw new InputError(`--volume: must be > 0, got ${s.volume}`);
  if (!(s.minBarrierKT >= 0)) throw new InputError(`--min-barrier-kT: must be >= 0, got ${s.minBarrierKT}`);
  if (s.asymmetryBandwidth !== undefined && !(s.asymmetryBandwidth > 0)) throw new InputError(`--asymmetry-bandwidth: must be > 0, got ${s.asymmetryBandwidth}`);
  const bandwidth = s.asymmetry === 'smoothed' ? s.asymmetryBandwidth ?? catalogueAsymmetryBandwidth(cat) : null;
  const temperatures = Array.from({ length: s.points }, (_, i) => (i === s.points - 1 ? tMax : tMin + ((tMax - tMin) * i) / (s.points - 1)));
  const stress = stressFactor(units);
  const options: EventSpectrumOptions = {
    mode: s.mode, orientation: s.orientation, frequency, temperatures, boltzmann: units.boltz, stressPerEnergyDensity: stress.factor,
    attemptFrequency: s.attemptFrequency, minBarrierKT: s.minBarrierKT, elasticity, volume: s.volume, asymmetryBandwidth: bandwidth ?? undefined,
    alpha: alpha ? { process: alpha, timeUnitSeconds: tau!, heatingRate: s.heatingRate } : undefined,
  };
  const sp = eventSpectrum(cat, options);
  if (sp.some((p) => !Number.isFinite(p.loss) || !Number.isFinite(p.storage))) throw new Error('the spectrum came out non-finite');
  const name = s.mode === 'shear' ? 'G' : 'E';
  const record = {
    kind: 'event-spectrum', source: cat.file, units: units.name, modulus: `${name}' and ${name}''`, modulus_unit: stress.unit, mode: s.mode, orientation: s.orientation,
    frequency, frequency_unit: `1/${units.labels.time}`, ...(lab ? { frequency_hz: s.frequencyHz, time_unit_seconds: tau } : {}),
    min_barrier_kT: s.minBarrierKT, attempt_frequency: s.attemptFrequency ?? 'catalogue (harmonic TST, Vineyard)', attempt_fallbacks: s.attemptFrequency ? 0 : attemptFallbacks(cat), n_events: cat.events.length,
    weight_sum: cat.events.reduce((a, e) => a + e.weight, 0), asymmetry: s.asymmetry, asymmetry_bandwidth: bandwidth, Tg: Tg ?? null, boltzmann: units.boltz, temperature_unit: units.labels.temperature,
    alpha: alpha ? {
      ...alpha, tau_g_s: TAU_G, tau_inf_s: alpha.tauInf, heating_rate_per_min: s.heatingRate,
      ...(relax ? { from: relax.file, vft: relax.vft, vft_temperatures: relax.temperatures } : {}),
    } : null,
    T: temperatures, storage: sp.map((p) => p.storage), loss: sp.map((p) => p.loss), tan_delta: sp.map((p) => p.tanDelta),
    beta_loss: sp.map((p) => p.betaLoss), alpha_loss: sp.map((p) => p.alphaLoss), compliance_relaxation: sp.map((p) => p.relaxation),
    unrelaxed_compliance: sp[0].unrelaxed,
    ...(alpha ? { classification: betaFeature(temperatures, sp) } : {}),
    activation_spectrum: activationSpectrumOf(cat, options),
  };
  return { units, record };
}

/** Writes spectrum.json and spectrum.svg into dir (made if missing). */
export function writeCatalogueSpectrum(dir: string, record: CatalogueSpectrumRecord): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'spectrum.json'), JSON.stringify(record, null, 1) + '\n');
  saveFigure(eventSpectrumFigure(record), join(dir, 'spectrum.svg'));
}

/** The relax result behind `--alpha`: a laboratory spectrum only, in the catalogue's units. */
function relaxFitFor(path: string, units: string, lab: boolean): RelaxFit {
  if (!lab) throw new InputError('--alpha: the α process belongs to a laboratory spectrum (--frequency-hz)');
  const relax = readRelaxFit(path, '--alpha');
  if (relax.units !== units) throw new InputError(`--alpha: ${relax.file} is in ${relax.units} units (model ${relax.model}), the catalogue in ${units}`);
  return relax;
}
