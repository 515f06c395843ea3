/**
 * The study's analysis stages of one glass (one sample × seed), each a plain computation on the
 * library modules; analysis/study/glass-analysis.ts runs them, writes their files and skips the ones
 * already done.
 *
 *  - heterogeneity: local elastic constants on a voxel grid of edge W at T = 0 (Tsamados et al.,
 *    PRE 80, 026112, 2009; analysis/heterogeneity), statistics of the local shear modulus G over the
 *    voxels with G > 0 (the others are counted, never used): relative width std/mean, correlation
 *    length (ACF falls to 1/e; null below two voxels or beyond the box), soft zones (voxels below the
 *    p-th percentile, face-connected); the same statistics on coarser grids from the same strain
 *    runs (the voxel scan);
 *  - crafm: the surface map of the local Young's modulus → contact-resonance frequencies
 *    (Hertz contact + clamped cantilever with a tip spring; analysis/crafm) with LJ units mapped to
 *    SI by σ and ε; in kHz when the tip is averaged over its contact (the map two contact diameters
 *    wide), else pixel by pixel in relative units; fluctuation = std/mean of the frequency map
 *    (and the std in kHz when tip-averaged), correlation length of it;
 *  - sub-basins: adjacent minima of the glass IS from the activation database (landscape/subbasins);
 *    adjacent = joined by a saddle exactly or where the event happens (landscape/saddles/adjacency.ts);
 *    sub-basin density = distinct adjacent minima with E − E_IS < window, per activation attempted,
 *    per unit energy (every glass of a study gets the same number of attempts, so this is the count
 *    of distinct neighbours per energy interval at equal search effort); the saturation curve
 *    (distinct saddles and adjacent minima after each attempt), the ok events by adjacency, and the
 *    true-minimum check of the IS;
 *  - spectrum: the anelastic spectrum of the glass's event catalogue (two-level relaxators with
 *    their own stress coupling, asymmetry, barriers and Vineyard attempt frequencies, weighted by
 *    the sampling estimate, asymmetries kernel-smoothed unless spectrum.asymmetry is exact:
 *    analysis/spectra/anelastic.ts, asymmetry-smoothing.ts, event-spectrum.ts) plus a parametrised
 *    α process at Tg (or, with spectrum.alpha_from, the VFT τ_α(T) of a relax result), E''(T) at 1 Hz; β = the events' loss, intensity and peak from it, the class
 *    (peak / shoulder / wing) from the sum (analysis/spectra/decompose); `md`: the same at the
 *    MD-DMA period (shear, orientation average), to set beside the direct MD-DMA (dma-stage.ts).
 */
import { InputError } from '../../sim/errors.js';
import type { State } from '../../sim/state.js';
import type { ForceField } from '../../sim/forces.js';
import { METAL_UNITS, type Units } from '../../sim/units.js';
import { coarseGrain, localElasticity, stressFactor, type LocalElasticity } from '../heterogeneity/local-elasticity.js';
import { resolvedCorrelationLength, summarize } from '../heterogeneity/statistics.js';
import { fieldOf, fieldStatistics, moduliFile, type ModuliFile } from '../heterogeneity/report.js';
import { layersForDepth, mapProfile, surfaceMap, type Map2D } from '../heterogeneity/fields.js';
import { contactResonance, frequencyMap, meanContact, tipFitsMap, type Probe } from '../crafm/forward.js';
import { catalogueAsymmetryBandwidth, eventSpectrum, timeUnitSeconds, type EventSpectrumPoint } from '../spectra/event-spectrum.js';
import { betaFeature } from '../spectra/event-report.js';
import { alphaFromVft, type AlphaProcess } from '../spectra/alpha.js';
import { readRelaxFit } from '../dynamics/relax-file.js';
import type { EventCatalogue } from '../spectra/event-catalogue.js';
import type { DeformationMode, Orientation } from '../spectra/anelastic.js';
import type { BetaKind } from '../spectra/decompose.js';
import { analyseSubBasins, saturationCurve, type SaturationCurve } from '../../landscape/subbasins.js';
import type { MinimumCheck } from '../../landscape/saddles/index.js';
import type { LandscapeJson } from '../../landscape/landscape-json.js';
import { DMA_DEFAULTS } from './dma-settings.js';

const EV = 1.602176634e-19;

export interface HeterogeneitySettings {
  voxel: number;
  /** Further voxel edges (length units) the same strain runs are coarse-grained to (no new relaxations). */
  voxel_scan: number[];
  delta: number;
  ftol: number;
  soft_percentile: number;
}

/** The statistics of G on one voxel grid of the scan (negative voxels left out). */
export interface VoxelScanEntry {
  /** The voxel edge (cube root of the voxel volume, length units) and the grid it gives. */
  voxel: number;
  grid: [number, number, number];
  relative_width: number;
  correlation_length: number | null;
  correlation_length_note: string | null;
  negative_voxels: number;
}

export interface HeterogeneityResult {
  grid: [number, number, number];
  cell: [number, number, number];
  stress_unit: string;
  /** Mean and std of G over the voxels with G > 0. */
  G_mean: number;
  G_std: number;
  /** std / mean of the local shear modulus (voxels with G > 0). */
  modulus_relative_width: number;
  /** Voxels with G <= 0: left out of every statistic here (width, correlation length, soft zones), counted. */
  negative_voxels: number;
  /** Of the 3-D G field (length units); null when not resolved (correlation_length_note says why). */
  correlation_length: number | null;
  correlation_length_note: string | null;
  soft_zones: number;
  /** Mean number of voxels per soft zone, and its linear size cbrt(voxels) × W (length units). */
  soft_zone_voxels: number;
  soft_zone_size: number;
  global: { E: number; G: number; K: number; nu: number };
  unconverged: number;
  /** G statistics on the voxel grids of `voxel_scan` (ascending); the skipped edges are named in voxel_scan_note. */
  voxel_scan: VoxelScanEntry[];
  voxel_scan_note: string | null;
}

/** Shear-modulus statistics on one voxel grid, voxels with G <= 0 masked out (NaN) and counted. */
export function shearModulusStatistics(G: Float64Array, dims: [number, number, number], cell: [number, number, number], softPercentile: number) {
  const masked = Float64Array.from(G, (g) => (g > 0 ? g : NaN));
  const negative = masked.filter(Number.isNaN).length;
  const stats = fieldStatistics(masked, dims, cell, { softPercentile });
  const edges = [0, 1, 2].filter((k) => dims[k] > 1);
  const xi = resolvedCorrelationLength(stats.autocorrelation.correlationLength, Math.max(...edges.map((k) => cell[k])), Math.min(...edges.map((k) => dims[k] * cell[k])), 'voxels');
  return { stats, negative, xi };
}

/** The voxel-size scan: every edge up to a third of the shortest box edge, each grid once. */
function voxelScan(le: LocalElasticity, voxels: number[], softPercentile: number): { entries: VoxelScanEntry[]; note: string | null } {
  const { lx, ly, lz } = le.reference.box;
  const limit = Math.min(lx, ly, lz) / 3;
  const entries: VoxelScanEntry[] = [];
  const skipped: number[] = [];
  for (const W of [...voxels].sort((a, b) => a - b)) {
    if (W > limit) { skipped.push(W); continue; }
    const { grid: g, localModuli } = coarseGrain(le, W);
    const dims: [number, number, number] = [g.nx, g.ny, g.nz];
    if (entries.some((e) => e.grid.every((n, k) => n === dims[k]))) { skipped.push(W); continue; }
    const { stats, negative, xi } = shearModulusStatistics(localModuli.G, dims, g.cell, softPercentile);
    entries.push({
      voxel: Math.cbrt(g.cell[0] * g.cell[1] * g.cell[2]), grid: dims, relative_width: stats.summary.relativeWidth,
      correlation_length: xi.value, correlation_length_note: xi.note, negative_voxels: negative,
    });
  }
  const note = skipped.length > 0
    ? `voxel edges ${skipped.join(', ')} skipped: larger than a third of the shortest box edge (${limit.toPrecision(4)}) or the same grid as a smaller edge`
    : null;
  return { entries, note };
}

/** The minimizer of the heterogeneity stage's relaxations (the structure stage relaxes the IS the same way). */
export const HETEROGENEITY_MINIMIZER = 'lbfgs';

/** Local moduli of a glass (its inherent structure) and their statistics, on the voxel W and the scan's voxels. */
export function heterogeneityStage(is: State, ff: ForceField, units: Units, o: HeterogeneitySettings, source: string): { moduli: ModuliFile; result: HeterogeneityResult } {
  const le = localElasticity(is, ff, { voxel: o.voxel, delta: o.delta, ftol: o.ftol, method: HETEROGENEITY_MINIMIZER, units });
  const moduli = moduliFile(le, source, units.name as 'lj' | 'metal', units.name === 'metal' ? 'Å' : 'sigma');
  const g = le.grid;
  const dims: [number, number, number] = [g.nx, g.ny, g.nz];
  const { stats, negative, xi } = shearModulusStatistics(le.localModuli.G, dims, g.cell, o.soft_percentile);
  const zones = stats.softZones.sizes;
  const meanVoxels = zones.length ? zones.reduce((a, b) => a + b, 0) / zones.length : 0;
  const w = Math.cbrt(g.cell[0] * g.cell[1] * g.cell[2]);
  const scan = voxelScan(le, o.voxel_scan, o.soft_percentile);
  return {
    moduli,
    result: {
      grid: dims, cell: g.cell, stress_unit: le.unit, G_mean: stats.summary.mean, G_std: stats.summary.std,
      modulus_relative_width: stats.summary.relativeWidth, negative_voxels: negative, correlation_length: xi.value, correlation_length_note: xi.note,
      soft_zones: zones.length, soft_zone_voxels: meanVoxels, soft_zone_size: Math.cbrt(meanVoxels) * w,
      global: { E: le.globalModuli.E, G: le.globalModuli.G, K: le.globalModuli.K, nu: le.globalModuli.nu },
      unconverged: le.unconverged, voxel_scan: scan.entries, voxel_scan_note: scan.note,
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
  /**
   * Average the modulus over the Hertz contact where the map is at least two contact diameters wide
   * (then the map is in kHz); otherwise, or when false, pixel by pixel in relative units.
   */
  tip_average: boolean;
}

export interface CrafmResult {
  /**
   * Frequency map in `units` (kHz, or (f − mean)/mean), pixel size in nm, row-major iy * nx + ix;
   * pixels without a contact resonance (non-positive modulus) are null.
   */
  map: { nx: number; ny: number; cell_nm: number; values: number[] };
  /** A row of the map, in `units` (the key's name is kept from when it was always kHz). */
  profile: { x_nm: number[]; f_kHz: number[] };
  /** Of the map's values, in `units`. */
  histogram: { edges: number[]; counts: number[] };
  /** kHz when the tip is averaged over its Hertz contact and the map is big enough for it, else relative. */
  units: 'kHz' | 'relative';
  tip_averaged: boolean;
  /** Why the map is not in kHz (null when it is). */
  caveat: string | null;
  /** Mean frequency of the map's pixels (the scale of the relative units). */
  mean_kHz: number;
  /** std / mean of the frequency map (always): the study's "fluctuation". */
  fluctuation_relative: number;
  /** Standard deviation and range of the map in kHz (the paper's "fluctuation"); null when not tip-averaged. */
  fluctuation_kHz: number | null;
  range_kHz: number | null;
  /** Of the map; null when not resolved (correlation_length_note says why). */
  correlation_length_nm: number | null;
  correlation_length_note: string | null;
  surface_layers: number;
  contact_radius_nm: number;
  /** Pixels whose (tip-averaged) Young's modulus is not positive: no frequency, left out of every statistic, counted. */
  non_positive_pixels: number;
}

/** Metres and pascals per map unit (LJ: σ and ε/σ³ from the settings; metal: Å and GPa). */
export function siScales(units: 'lj' | 'metal', o: CrafmSettings): { metres: number; pascals: number } {
  const metres = units === 'metal' ? 1e-10 : o.sigma_nm * 1e-9;
  return { metres, pascals: units === 'metal' ? 1e9 : (o.epsilon_eV * EV) / metres ** 3 };
}

/** Kelvin per temperature unit: ε/k_B with ε = crafm.epsilon_eV for lj models, 1 in metal units. */
export function kelvinPerTemperatureUnit(units: 'lj' | 'metal', o: Pick<CrafmSettings, 'epsilon_eV'>): number {
  return units === 'metal' ? 1 : o.epsilon_eV / METAL_UNITS.boltz;
}

/**
 * The spectrum settings with the heating rate in the glass's temperature units per minute, as the
 * spectrum stages take it (the config gives K/min, as DMA reports it).
 */
export function labSpectrumSettings(units: 'lj' | 'metal', s: { spectrum: SpectrumSettings; crafm: Pick<CrafmSettings, 'epsilon_eV'> }): SpectrumSettings {
  return { ...s.spectrum, heating_rate: s.spectrum.heating_rate / kelvinPerTemperatureUnit(units, s.crafm) };
}

/** Why a map is given in relative units. */
function crafmCaveat(o: CrafmSettings, contactRadiusNm: number, edgeNm: number): string {
  const pixels = 'the map is the contact resonance of each pixel\'s own modulus, given as (f − mean)/mean: kHz values of single voxels are not what a tip reads';
  if (!o.tip_average) return `tip averaging is off (crafm.tip_average: false); ${pixels}`;
  return `the Hertz contact (radius ${contactRadiusNm.toPrecision(3)} nm) needs a map at least two contact diameters (${(4 * contactRadiusNm).toPrecision(3)} nm) wide, ` +
    `this one is ${edgeNm.toPrecision(3)} nm, so the tip would average most of the periodic box; ${pixels}`;
}

/**
 * Simulated CR-AFM on the modulus map (as `betascape crafm`, with the study's probe): tip-averaged
 * and in kHz where the map is two contact diameters wide (tipFitsMap), else pixel by pixel in
 * relative units with the caveat.
 */
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
  const averaged = o.tip_average && tipFitsMap(si, meanContact(si, nu, probe).contactRadius);
  const fm = frequencyMap(si, nu, probe, { tipAverage: averaged });
  const f = summarize(fm.frequency.values);
  const nm = metres * 1e9;
  const values = fm.frequency.values.map((v) => (averaged ? v / 1e3 : (v - f.mean) / f.mean));
  const map: Map2D = { ...surface, cell: [surface.cell[0] * nm, surface.cell[1] * nm], values };
  const stats = fieldStatistics(values, [map.nx, map.ny, 1], [map.cell[0], map.cell[1], 1], { bins: 12 });
  const xi = resolvedCorrelationLength(stats.autocorrelation.correlationLength, Math.max(map.cell[0], map.cell[1]), Math.min(map.nx * map.cell[0], map.ny * map.cell[1]), 'pixels');
  const profile = mapProfile(map, 'x', Math.floor(map.ny / 2));
  const contactNm = atGlobal.contactRadius * 1e9;
  return {
    map: { nx: map.nx, ny: map.ny, cell_nm: map.cell[0], values: Array.from(values) },
    profile: { x_nm: Array.from(profile.position), f_kHz: Array.from(profile.values) },
    histogram: stats.histogram,
    units: averaged ? 'kHz' : 'relative', tip_averaged: averaged,
    caveat: averaged ? null : crafmCaveat(o, contactNm, Math.min(map.nx * map.cell[0], map.ny * map.cell[1])),
    mean_kHz: f.mean / 1e3, fluctuation_relative: f.relativeWidth,
    fluctuation_kHz: averaged ? f.std / 1e3 : null, range_kHz: averaged ? (f.max - f.min) / 1e3 : null,
    correlation_length_nm: xi.value, correlation_length_note: xi.note,
    surface_layers: layers, contact_radius_nm: contactNm, non_positive_pixels: fm.nonPositive,
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
  /** Since 0.3 (older files lack them): distinct saddles and adjacent minima after each attempt, in attempt order. */
  saturation?: SaturationCurve;
  /** The ok events by adjacency of their saddle to the IS (landscape/saddles/adjacency.ts). */
  adjacency?: { exact: number; local: number; none: number };
  /** The true-minimum check of the IS the campaign started from (null: a campaign older than the check). */
  initial_lowest_eigenvalue?: number | null;
  initial_max_force?: number | null;
  initial_perturbations?: number | null;
}

export function subBasinStage(db: LandscapeJson, nAtoms: number, o: SubBasinSettings, check: MinimumCheck | null = null): SubBasinResult {
  const sb = analyseSubBasins(db, { binWidth: o.bin_width });
  const ok = db.events.filter((e) => e.status === 'ok').length;
  const adjacentEvents = db.events.filter((e) => e.adjacency === 'exact' || e.adjacency === 'local').length;
  const within = sb.adjacent.filter((a) => a.energy < o.window).length;
  const count = (a: string) => db.events.filter((e) => e.status === 'ok' && e.adjacency === a).length;
  return {
    events: db.events.length, ok_events: ok, adjacent_events: adjacentEvents, adjacent_minima: sb.adjacent.length,
    density: db.events.length > 0 ? within / db.events.length / o.window : 0,
    mean_barrier: sb.meanBarrier, barriers: sb.barriers, mean_distance: sb.meanDistance,
    histogram: { edges: sb.density.edges, counts: sb.density.counts },
    minima_per_atom: db.minima.map((m) => m.energy / nAtoms),
    saturation: saturationCurve(db, sb.start),
    adjacency: { exact: count('exact'), local: count('local'), none: count('none') },
    initial_lowest_eigenvalue: check?.lowest_eigenvalue ?? null, initial_max_force: check?.max_force ?? null, initial_perturbations: check?.perturbations ?? null,
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
  /** Heating rate of the scan (temperature units per minute: labSpectrumSettings converts the config's K/min). */
  heating_rate: number;
  T_min: number;
  T_max: number;
  points: number;
  /** relax.json (absolute path): the α process's τ_α(T) is its VFT fit instead of Tg, fragility and τ∞. */
  alpha_from?: string;
  /** smoothed: each event's asymmetry spread by a kernel (analysis/spectra/asymmetry-smoothing.ts); exact: the plain sum. */
  asymmetry: 'exact' | 'smoothed';
  /** Kernel width (energy units); default Silverman's over the glass's events. */
  asymmetry_bandwidth?: number;
  /** Multiples of the kernel width at which β intensity is computed again, to check the verdict against the choice of width. */
  bandwidth_check: number[];
}

export interface SpectrumResult {
  Tg: number;
  /** Distinct events in the catalogue and the events of the glass they stand for (Σ weights). */
  n_events: number;
  weight_sum: number;
  /** The asymmetry kernel width used (energy units); null: the exact sum (asked for, or fewer than two distinct asymmetries). */
  asymmetry_bandwidth: number | null;
  /** β intensity with the kernel width times each `factor` (spectrum.bandwidth_check; absent for the exact sum). */
  bandwidth_check?: { factor: number[]; beta_intensity: number[] };
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
  /** With spectrum.alpha_from: the relax VFT (MD time units) and the Tg (τ_α = 100 s, absolute T) and fragility m it implies. */
  alpha_vft?: AlphaVft;
}

export interface AlphaVft {
  from: string;
  tau0: number;
  D: number;
  T0: number;
  Tg: number;
  fragility: number;
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
    asymmetryBandwidth: asymmetryBandwidth(cat, o) ?? undefined,
    alpha: { process: alphaProcess(units, Tg, o).process, timeUnitSeconds: tau, heatingRate: o.heating_rate },
  });
}

/** The asymmetry kernel width of the smoothed sum, or null for the exact one. */
function asymmetryBandwidth(cat: EventCatalogue, o: SpectrumSettings): number | null {
  return o.asymmetry === 'smoothed' ? o.asymmetry_bandwidth ?? catalogueAsymmetryBandwidth(cat) : null;
}

/** The α process: parametrised at the glass's Tg, or (spectrum.alpha_from) the VFT of a relax result. */
export function alphaProcess(units: Units, Tg: number, o: SpectrumSettings): { process: AlphaProcess; vft?: AlphaVft } {
  if (o.alpha_from === undefined) return { process: { Tg, fragility: o.fragility, tauG: 100, tauInf: o.tau_inf, gamma: o.gamma } };
  const relax = readRelaxFit(o.alpha_from, 'spectrum.alpha_from');
  if (relax.units !== units.name) throw new InputError(`spectrum.alpha_from: ${relax.file} is in ${relax.units} units (model ${relax.model}), the glass in ${units.name}`);
  const process = alphaFromVft(relax.vft, timeUnitSeconds(units.name, o.tau_seconds), o.gamma);
  const { tau0, D, T0 } = relax.vft;
  return { process, vft: { from: relax.file, tau0, D, T0, Tg: process.Tg, fragility: process.fragility } };
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
  const lab = { frequency: o.frequency * tau, mode: o.mode, orientation: o.orientation, temperatures: temps };
  const sp = catalogueSpectrum(cat, units, Tg, o, lab);
  const Eu = 1 / sp[0].unrelaxed;
  const f = betaFeature(temps, sp);
  const alpha = sp.map((p) => p.alphaLoss / Eu);
  const md = mdEventSpectrum(cat, units, Tg, o, mdPeriod, temps);
  const Gu = 1 / md[0].unrelaxed;
  const mdLoss = md.map((p) => p.loss / Gu), mdBeta = md.map((p) => p.betaLoss / Gu);
  const k = mdBeta.indexOf(Math.max(...mdBeta));
  const h = asymmetryBandwidth(cat, o);
  const check = h === null ? undefined : {
    factor: o.bandwidth_check,
    beta_intensity: o.bandwidth_check.map((c) => betaFeature(temps, catalogueSpectrum(cat, units, Tg, { ...o, asymmetry_bandwidth: c * h }, lab)).beta_intensity),
  };
  return {
    Tg, n_events: cat.events.length, weight_sum: cat.events.reduce((a, e) => a + e.weight, 0), asymmetry_bandwidth: h, ...(check ? { bandwidth_check: check } : {}), T_over_Tg: x,
    loss: sp.map((p) => p.loss / Eu), alpha, beta: sp.map((p) => p.betaLoss / Eu),
    alpha_peak_T_over_Tg: x[alpha.indexOf(Math.max(...alpha))], beta_peak_T_over_Tg: f.beta_peak_T === null ? null : f.beta_peak_T / Tg,
    beta_intensity: f.beta_intensity, kind: f.kind,
    ...(o.alpha_from !== undefined ? { alpha_vft: alphaProcess(units, Tg, o).vft } : {}),
    md: {
      // β intensity and peak as at 1 Hz: the events' loss maximum over the total's, and where it lies.
      period: mdPeriod, frequency: 1 / mdPeriod, loss: mdLoss, beta: mdBeta,
      beta_intensity: mdBeta[k] > 0 ? mdBeta[k] / Math.max(...mdLoss) : 0, beta_peak_T_over_Tg: mdBeta[k] > 0 ? x[k] : null,
    },
  };
}
