/**
 * The study's analysis stages of one glass (one sample × seed), each a plain computation on the
 * library modules; analysis/study/glass-analysis.ts runs them, writes their files and skips the ones
 * already done.
 *
 *  - heterogeneity: local elastic constants on a voxel grid of edge W at T = 0 (Tsamados et al.,
 *    PRE 80, 026112, 2009; analysis/heterogeneity), statistics of the local shear modulus G:
 *    relative width std/mean, correlation length (ACF falls to 1/e), soft zones (voxels below the
 *    p-th percentile, face-connected);
 *  - crafm: the surface map of the local Young's modulus → contact-resonance frequencies
 *    (Hertz contact + clamped cantilever with a tip spring; analysis/crafm) with LJ units mapped to
 *    SI by σ and ε; fluctuation = standard deviation of the frequency map, correlation length of it;
 *  - sub-basins: adjacent minima of the glass IS from the activation database (landscape/subbasins);
 *    adjacent = joined by a saddle exactly or where the event happens (landscape/saddles/adjacency.ts);
 *    sub-basin density = distinct adjacent minima with E − E_IS < window, per activation attempted,
 *    per unit energy (every glass of a study gets the same number of attempts, so this is the count
 *    of distinct neighbours per energy interval at equal search effort);
 *  - spectrum: the anelastic spectrum of the glass's event catalogue (two-level relaxators with
 *    their own stress coupling, asymmetry, barriers and Vineyard attempt frequencies, weighted by
 *    the sampling estimate: analysis/spectra/anelastic.ts, event-spectrum.ts) plus a parametrised
 *    α process at Tg, E''(T) at 1 Hz; β = the events' loss, intensity and peak from it, the class
 *    (peak / shoulder / wing) from the sum (analysis/spectra/decompose); `md`: the same at the
 *    MD-DMA period (shear, orientation average), to set beside the direct MD-DMA (dma-stage.ts).
 */
import type { State } from '../../sim/state.js';
import type { ForceField } from '../../sim/forces.js';
import type { Units } from '../../sim/units.js';
import { localElasticity, stressFactor } from '../heterogeneity/local-elasticity.js';
import { fieldOf, fieldStatistics, moduliFile, type ModuliFile } from '../heterogeneity/report.js';
import { layersForDepth, mapProfile, surfaceMap, type Map2D } from '../heterogeneity/fields.js';
import { contactResonance, frequencyMap, type Probe } from '../crafm/forward.js';
import { eventSpectrum, timeUnitSeconds, type EventSpectrumPoint } from '../spectra/event-spectrum.js';
import { betaFeature } from '../spectra/event-report.js';
import type { EventCatalogue } from '../spectra/event-catalogue.js';
import type { DeformationMode, Orientation } from '../spectra/anelastic.js';
import type { BetaKind } from '../spectra/decompose.js';
import { analyseSubBasins } from '../../landscape/subbasins.js';
import type { LandscapeJson } from '../../landscape/landscape-json.js';
import { DMA_DEFAULTS } from './dma-settings.js';

const EV = 1.602176634e-19;

export interface HeterogeneitySettings {
  voxel: number;
  delta: number;
  ftol: number;
  soft_percentile: number;
}

export interface HeterogeneityResult {
  grid: [number, number, number];
  cell: [number, number, number];
  stress_unit: string;
  G_mean: number;
  G_std: number;
  /** std / mean of the local shear modulus. */
  modulus_relative_width: number;
  /** Of the 3-D G field (length units); null when the ACF never falls to 1/e inside the box. */
  correlation_length: number | null;
  soft_zones: number;
  /** Mean number of voxels per soft zone, and its linear size cbrt(voxels) × W (length units). */
  soft_zone_voxels: number;
  soft_zone_size: number;
  global: { E: number; G: number; K: number; nu: number };
  unconverged: number;
}

/** Local moduli of a glass (its inherent structure) and their statistics. */
export function heterogeneityStage(is: State, ff: ForceField, units: Units, o: HeterogeneitySettings, source: string): { moduli: ModuliFile; result: HeterogeneityResult } {
  const le = localElasticity(is, ff, { voxel: o.voxel, delta: o.delta, ftol: o.ftol, method: 'lbfgs', units });
  const moduli = moduliFile(le, source, units.name as 'lj' | 'metal', units.name === 'metal' ? 'Å' : 'sigma');
  const g = le.grid;
  const dims: [number, number, number] = [g.nx, g.ny, g.nz];
  const stats = fieldStatistics(fieldOf(moduli, 'G').values, dims, g.cell, { softPercentile: o.soft_percentile });
  const zones = stats.softZones.sizes;
  const meanVoxels = zones.length ? zones.reduce((a, b) => a + b, 0) / zones.length : 0;
  const w = Math.cbrt(g.cell[0] * g.cell[1] * g.cell[2]);
  return {
    moduli,
    result: {
      grid: dims, cell: g.cell, stress_unit: le.unit, G_mean: stats.summary.mean, G_std: stats.summary.std,
      modulus_relative_width: stats.summary.relativeWidth, correlation_length: stats.autocorrelation.correlationLength,
      soft_zones: zones.length, soft_zone_voxels: meanVoxels, soft_zone_size: Math.cbrt(meanVoxels) * w,
      global: { E: le.globalModuli.E, G: le.globalModuli.G, K: le.globalModuli.K, nu: le.globalModuli.nu },
      unconverged: le.unconverged,
    },
  };
}

export interface CrafmSettings {
  sigma_nm: number;
  epsilon_eV: number;
  tip_radius_nm: number;
  load_nN: number;
  cantilever_k: number;
  f0_kHz: number;
  tip_modulus_GPa: number;
  tip_poisson: number;
  tip_average: boolean;
}

export interface CrafmResult {
  /** Frequency map (kHz), pixel size in nm, row-major iy * nx + ix. */
  map: { nx: number; ny: number; cell_nm: number; values: number[] };
  profile: { x_nm: number[]; f_kHz: number[] };
  histogram: { edges: number[]; counts: number[] };
  mean_kHz: number;
  /** Standard deviation of the map (the paper's "fluctuation"). */
  fluctuation_kHz: number;
  range_kHz: number;
  correlation_length_nm: number | null;
  surface_layers: number;
  contact_radius_nm: number;
  non_positive_pixels: number;
}

/** Metres and pascals per map unit (LJ: σ and ε/σ³ from the settings; metal: Å and GPa). */
export function siScales(units: 'lj' | 'metal', o: CrafmSettings): { metres: number; pascals: number } {
  const metres = units === 'metal' ? 1e-10 : o.sigma_nm * 1e-9;
  return { metres, pascals: units === 'metal' ? 1e9 : (o.epsilon_eV * EV) / metres ** 3 };
}

/** Simulated CR-AFM on the modulus map (as `betascape crafm`, with the study's probe). */
export function crafmStage(moduli: ModuliFile, o: CrafmSettings): CrafmResult {
  const probe: Probe = {
    kc: o.cantilever_k, f0: o.f0_kHz * 1e3, tipRadius: o.tip_radius_nm * 1e-9, load: o.load_nN * 1e-9, tipModulus: o.tip_modulus_GPa * 1e9, tipPoisson: o.tip_poisson,
  };
  const { metres, pascals } = siScales(moduli.units, o);
  const nu = moduli.global.nu;
  const atGlobal = contactResonance(moduli.global.E * pascals, nu, probe);
  const E = fieldOf(moduli, 'E');
  const layers = layersForDepth(E, atGlobal.contactRadius / metres);
  const surface = surfaceMap(E, layers);
  const si: Map2D = { ...surface, cell: [surface.cell[0] * metres, surface.cell[1] * metres], values: surface.values.map((v) => v * pascals) };
  const fm = frequencyMap(si, nu, probe, { tipAverage: o.tip_average });
  const nm = metres * 1e9;
  const khz: Map2D = { ...surface, cell: [surface.cell[0] * nm, surface.cell[1] * nm], values: fm.frequency.values.map((f) => f / 1e3) };
  const stats = fieldStatistics(khz.values, [khz.nx, khz.ny, 1], [khz.cell[0], khz.cell[1], 1], { bins: 12 });
  const profile = mapProfile(khz, 'x', Math.floor(khz.ny / 2));
  const s = stats.summary;
  return {
    map: { nx: khz.nx, ny: khz.ny, cell_nm: khz.cell[0], values: Array.from(khz.values) },
    profile: { x_nm: Array.from(profile.position), f_kHz: Array.from(profile.values) },
    histogram: stats.histogram,
    mean_kHz: s.mean, fluctuation_kHz: s.std, range_kHz: s.max - s.min,
    correlation_length_nm: stats.autocorrelation.correlationLength,
    surface_layers: layers, contact_radius_nm: atGlobal.contactRadius * 1e9, non_positive_pixels: fm.nonPositive,
  };
}

export interface SubBasinSettings {
  bin_width: number;
  window: number;
}

export interface SubBasinResult {
  events: number;
  ok_events: number;
  /** Events whose saddle is adjacent to the IS, exactly or where the event happens. */
  adjacent_events: number;
  adjacent_minima: number;
  /** Distinct adjacent minima with E − E_IS < window, per activation attempted, per unit energy. */
  density: number;
  mean_barrier: number;
  barriers: number[];
  mean_distance: number;
  /** Histogram of adjacent minima by E − E_IS. */
  histogram: { edges: number[]; counts: number[] };
  /** Energies per atom of every minimum found (the glass IS and its neighbours). */
  minima_per_atom: number[];
}

export function subBasinStage(db: LandscapeJson, nAtoms: number, o: SubBasinSettings): SubBasinResult {
  const sb = analyseSubBasins(db, { binWidth: o.bin_width });
  const ok = db.events.filter((e) => e.status === 'ok').length;
  const adjacentEvents = db.events.filter((e) => e.adjacency === 'exact' || e.adjacency === 'local').length;
  const within = sb.adjacent.filter((a) => a.energy < o.window).length;
  return {
    events: db.events.length, ok_events: ok, adjacent_events: adjacentEvents, adjacent_minima: sb.adjacent.length,
    density: db.events.length > 0 ? within / db.events.length / o.window : 0,
    mean_barrier: sb.meanBarrier, barriers: sb.barriers, mean_distance: sb.meanDistance,
    histogram: { edges: sb.density.edges, counts: sb.density.counts },
    minima_per_atom: db.minima.map((m) => m.energy / nAtoms),
  };
}

export interface SpectrumSettings {
  /** Laboratory frequency (Hz) and seconds per time unit of lj models. */
  frequency: number;
  tau_seconds: number;
  /** What the spectrum measures: tension (E'', as the paper's DMA) or shear, on an isotropic sample or the box axes. */
  mode: DeformationMode;
  orientation: Orientation;
  /** One attempt frequency for every event (per time unit) instead of the Vineyard ones. */
  attempt_frequency?: number;
  fragility: number;
  gamma: number;
  tau_inf: number;
  heating_rate: number;
  T_min: number;
  T_max: number;
  points: number;
}

export interface SpectrumResult {
  Tg: number;
  /** Distinct events in the catalogue and the events of the glass they stand for (Σ weights). */
  n_events: number;
  weight_sum: number;
  /** T / Tg (log-spaced) and E'' / E_u (unrelaxed modulus 1), with the α process's and the events' (β) parts. */
  T_over_Tg: number[];
  loss: number[];
  alpha: number[];
  beta: number[];
  alpha_peak_T_over_Tg: number;
  beta_peak_T_over_Tg: number | null;
  beta_intensity: number;
  kind: BetaKind;
  /** The same catalogue at the MD-DMA frequency (optional when read: older files lack it). */
  md?: MdSpectrum;
}

/** The event spectrum at the MD-DMA frequency 1/period (time units), shear, orientation average, on the same T/Tg grid. */
export interface MdSpectrum {
  period: number;
  frequency: number;
  loss: number[];
  beta: number[];
  beta_intensity: number;
  beta_peak_T_over_Tg: number | null;
}

/** The temperature grid: `points` values from T_min·Tg to T_max·Tg, equally spaced in log T. */
export function spectrumGrid(o: Pick<SpectrumSettings, 'T_min' | 'T_max' | 'points'>): number[] {
  const a = Math.log(o.T_min), b = Math.log(o.T_max);
  return Array.from({ length: o.points }, (_, i) => Math.exp(a + ((b - a) * i) / (o.points - 1)));
}

/**
 * The catalogue's spectrum at `frequency` (cycles per time unit) with the parametrised α at Tg,
 * which keeps τ_α(Tg) = 100 s, so at an MD frequency it relaxes only far above Tg.
 */
function catalogueSpectrum(cat: EventCatalogue, units: Units, Tg: number, o: SpectrumSettings, at: { frequency: number; mode: DeformationMode; orientation: Orientation; temperatures: number[] }) {
  const tau = timeUnitSeconds(units.name, o.tau_seconds);
  return eventSpectrum(cat, {
    ...at, boltzmann: units.boltz, stressPerEnergyDensity: stressFactor(units).factor, attemptFrequency: o.attempt_frequency,
    alpha: { process: { Tg, fragility: o.fragility, tauG: 100, tauInf: o.tau_inf, gamma: o.gamma }, timeUnitSeconds: tau, heatingRate: o.heating_rate },
  });
}

/** The event spectrum as MD-DMA measures it: shear, orientation average, at 1/period (time units). */
export function mdEventSpectrum(cat: EventCatalogue, units: Units, Tg: number, o: SpectrumSettings, period: number, temperatures: number[]): EventSpectrumPoint[] {
  return catalogueSpectrum(cat, units, Tg, o, { frequency: 1 / period, mode: 'shear', orientation: 'average', temperatures });
}

/**
 * E''(T) at the laboratory frequency from the glass's event catalogue plus the α process at Tg,
 * and (`md`) G''(T) at the MD-DMA period on the same grid.
 */
export function spectrumStage(cat: EventCatalogue, units: Units, Tg: number, o: SpectrumSettings, mdPeriod = DMA_DEFAULTS.period): SpectrumResult {
  const x = spectrumGrid(o);
  const temps = x.map((t) => t * Tg);
  const tau = timeUnitSeconds(units.name, o.tau_seconds);
  const sp = catalogueSpectrum(cat, units, Tg, o, { frequency: o.frequency * tau, mode: o.mode, orientation: o.orientation, temperatures: temps });
  const Eu = 1 / sp[0].unrelaxed;
  const f = betaFeature(temps, sp);
  const alpha = sp.map((p) => p.alphaLoss / Eu);
  const md = mdEventSpectrum(cat, units, Tg, o, mdPeriod, temps);
  const Gu = 1 / md[0].unrelaxed;
  const mdLoss = md.map((p) => p.loss / Gu), mdBeta = md.map((p) => p.betaLoss / Gu);
  const k = mdBeta.indexOf(Math.max(...mdBeta));
  return {
    Tg, n_events: cat.events.length, weight_sum: cat.events.reduce((a, e) => a + e.weight, 0), T_over_Tg: x,
    loss: sp.map((p) => p.loss / Eu), alpha, beta: sp.map((p) => p.betaLoss / Eu),
    alpha_peak_T_over_Tg: x[alpha.indexOf(Math.max(...alpha))], beta_peak_T_over_Tg: f.beta_peak_T === null ? null : f.beta_peak_T / Tg,
    beta_intensity: f.beta_intensity, kind: f.kind,
    md: {
      // β intensity and peak as at 1 Hz: the events' loss maximum over the total's, and where it lies.
      period: mdPeriod, frequency: 1 / mdPeriod, loss: mdLoss, beta: mdBeta,
      beta_intensity: mdBeta[k] > 0 ? mdBeta[k] / Math.max(...mdLoss) : 0, beta_peak_T_over_Tg: mdBeta[k] > 0 ? x[k] : null,
    },
  };
}
