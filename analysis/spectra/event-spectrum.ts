/**
 * The loss spectrum of a glass from its event catalogue (event-catalogue.ts) through the anelastic
 * relaxation sum (anelastic.ts), at an MD frequency or in the laboratory.
 *
 * Laboratory spectra add the α process (alpha.ts, times in seconds) to the events: the liquid's
 * flow relaxes whatever modulus the events leave, so M*(T) = M*_events(T) · [1 − (1 + iωτ_α)^{−γ}].
 * Below the α range the bracket is 1 and the spectrum is the events' alone; the β part reported is
 * the events' loss, the α part the rest of the total.
 */
import { InputError } from '../../sim/errors.js';
import type { UnitsName } from '../../sim/units.js';
import { alphaTau, coleDavidson, fictiveTemperature, type AlphaProcess } from './alpha.js';
import { anelasticSpectrum, type DeformationMode, type Elasticity, type Orientation, type Relaxator } from './anelastic.js';
import type { EventCatalogue } from './event-catalogue.js';
import { silvermanBandwidth } from '../kernel-bandwidth.js';

/** Most temperatures a spectrum is computed at (a plot resolves a few hundred; memory bounds the rest). */
export const MAX_SPECTRUM_POINTS = 100_000;

export interface EventSpectrumOptions {
  mode: DeformationMode;
  orientation: Orientation;
  /** Cycles per time unit of the catalogue (τ in lj, ps in metal). */
  frequency: number;
  temperatures: number[];
  boltzmann: number;
  /** Stress unit per energy/length³ (1 in lj; GPa per eV/Å³ in metal). */
  stressPerEnergyDensity: number;
  /** One attempt frequency for every event (per time unit), instead of the catalogue's. */
  attemptFrequency?: number;
  /** Leave out events whose lower barrier is below this many kT (anelastic.ts; default 0). */
  minBarrierKT?: number;
  /** Asymmetry kernel width (energy units) of the smoothed sum (asymmetry-smoothing.ts); absent: the exact sum. */
  asymmetryBandwidth?: number;
  /** Overrides of what the catalogue says (or supplies what it lacks). */
  elasticity?: Elasticity;
  volume?: number;
  /** The α process of a laboratory spectrum: times in seconds, the catalogue's time unit in seconds, heating rate per minute. */
  alpha?: { process: AlphaProcess; timeUnitSeconds: number; heatingRate: number };
}

export interface EventSpectrumPoint {
  T: number;
  storage: number;
  loss: number;
  tanDelta: number;
  /** Loss of the events alone, and what the α process adds (0 without one). */
  betaLoss: number;
  alphaLoss: number;
  /** Σ w ΔJ (1/stress unit) and J_u. */
  relaxation: number;
  unrelaxed: number;
}

/**
 * The catalogue's events as relaxators, with the options' overrides. An event whose attempt
 * frequency could not be computed (its saddle region lacked exactly one unstable mode, or its
 * minimum had a soft mode) gets the glass's own typical value: the geometric mean of the
 * catalogue's computed ones, or, where no event has one, the glass's Einstein frequency (about 3×
 * the Vineyard values, docs/spectra.md); `attemptFallbacks` says how many did. Every missing number is a one-line error.
 */
export function relaxatorsOf(cat: EventCatalogue, o: Pick<EventSpectrumOptions, 'attemptFrequency' | 'volume'>): Relaxator[] {
  if (o.attemptFrequency !== undefined && !(o.attemptFrequency > 0)) throw new InputError(`attempt frequency must be > 0, got ${o.attemptFrequency}`);
  const typical = typicalAttemptFrequency(cat);
  return cat.events.map((e, i) => {
    const volume = o.volume ?? e.volume ?? cat.volume;
    if (volume === undefined) throw new InputError(`${cat.file}: no box volume (a volume column, a '# volume:' line, or --volume)`);
    const nu0 = o.attemptFrequency ?? e.nu0 ?? typical;
    if (nu0 === undefined) throw new InputError(`${cat.file}: event ${i + 1} has no attempt frequency (nu0), nor has any other event or the glass (einstein_frequency); give --attempt-frequency`);
    return { forward: e.forward, backward: e.backward, dsigma: e.dsigma, volume, weight: e.weight, nu0 };
  });
}

/** The attempt frequency of events without their own: the geometric mean of the catalogue's ν0, else the Einstein frequency. */
export function typicalAttemptFrequency(cat: EventCatalogue): number | undefined {
  const known = cat.events.map((e) => e.nu0).filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.exp(known.reduce((a, v) => a + Math.log(v), 0) / known.length) : cat.einsteinFrequency;
}

/** Events without attempt frequencies of their own (they get the catalogue's typical value). */
export function attemptFallbacks(cat: EventCatalogue): number {
  return cat.events.filter((e) => e.nu0 === undefined).length;
}

/** Silverman's kernel width over the catalogue's asymmetries E_f − E_b (null with fewer than two distinct ones). */
export function catalogueAsymmetryBandwidth(cat: EventCatalogue): number | null {
  return silvermanBandwidth(cat.events.map((e) => e.forward - e.backward));
}

/** The elastic constants to use: the override, else the catalogue's. */
export function elasticityOf(cat: EventCatalogue, override?: Elasticity): Elasticity {
  if (override) return override;
  if (cat.elasticConstants) return { voigt: cat.elasticConstants };
  throw new InputError(`${cat.file}: no elastic constants (a '# elastic_constants:' line, or --shear-modulus and --bulk-modulus)`);
}

export function eventSpectrum(cat: EventCatalogue, o: EventSpectrumOptions): EventSpectrumPoint[] {
  const events = relaxatorsOf(cat, o);
  const points = anelasticSpectrum(events, o.temperatures, {
    mode: o.mode, orientation: o.orientation, elasticity: elasticityOf(cat, o.elasticity), boltzmann: o.boltzmann,
    stressPerEnergyDensity: o.stressPerEnergyDensity, frequency: o.frequency, minBarrierKT: o.minBarrierKT, asymmetryBandwidth: o.asymmetryBandwidth,
  });
  const a = o.alpha;
  const Tf = a ? fictiveTemperature(a.process, a.heatingRate) : 0;
  const omegaSeconds = a ? (2 * Math.PI * o.frequency) / a.timeUnitSeconds : 0;
  return points.map((p) => {
    if (!a) return { ...p, betaLoss: p.loss, alphaLoss: 0 };
    const cd = coleDavidson(omegaSeconds * alphaTau(a.process, p.T, Tf), a.process.gamma);
    const re = 1 - cd.decrement, im = cd.loss; // 1 − (1 + iωτ)^{−γ}
    const storage = p.storage * re - p.loss * im;
    const loss = p.loss * re + p.storage * im;
    return { ...p, storage, loss, tanDelta: loss / storage, betaLoss: p.loss, alphaLoss: loss - p.loss };
  });
}

/** Seconds per time unit: 1 ps in metal units; lj units have no scale of their own, so it is a choice. */
export function timeUnitSeconds(units: UnitsName, ljTau?: number): number {
  if (units === 'metal') return 1e-12;
  if (ljTau === undefined || !(ljTau > 0)) throw new InputError('lj units need the time unit in seconds for a laboratory frequency (--tau-seconds)');
  return ljTau;
}
