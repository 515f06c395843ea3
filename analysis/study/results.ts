/**
 * The study's results from the members' analyses: a table per sample (seed means ± standard errors,
 * t intervals), Spearman rank correlations between heterogeneity measures and β intensity (over all
 * members with a glass-level and a two-level bootstrap interval, partial correlations controlling for
 * e_IS and for the number of events, and over sample means), the annealing effects (paired by seed)
 * and cooling-rate effects (Welch), and the verdict (verdict.ts) under the config's decision rules.
 */
import type { CrafmResult, HeterogeneityResult, SpectrumResult, SubBasinResult } from './stages.js';
import type { ConvergenceResult } from './convergence.js';
import type { DmaResult } from './dma-stage.js';
import type { StructureResult } from './structure-stage.js';
import type { EventSitesResult, EventSitesSummary } from './event-sites.js';
import type { LinearityResult, LinearitySampleRow } from './linearity-stage.js';
import { clusterBootstrap, type ClusteredInterval } from './cluster-bootstrap.js';
import { DEFAULT_DECISION, EFFECT_QUANTITIES, type Decision } from './decision.js';
import { pairedDifference, welchDifference, type DifferenceTest, type PairedTest } from './differences.js';
import { meanInterval, partialSpearman, relativeChange, spearman, spearmanBootstrap, type BootstrapInterval, type MeanInterval } from './statistics.js';

export interface GlassAnalysis {
  sample: string;
  seed: number;
  dir: string;
  n: number;
  units: string;
  /** The Hamiltonian: a preset model's name, a model file or the EAM potential (absent in older files: the glasses of one unit system count as one). */
  model?: string;
  e_IS: number;
  /** Tg from the member's own quench (null when the fit failed) and Tg_used, the pooled fit of its quench protocol, or of its sample's tg_from sample's (the T/Tg axis of its spectra and MD-DMA). */
  Tg: number | null;
  /** Quality of the member's own Tg fit (analysis/glass-transition.ts); null without a fit, absent in older files. */
  Tg_quality?: 'clear' | 'unclear' | null;
  Tg_used: number;
  /** With config tg_from: the sample whose protocol Tg is Tg_used, and the pooled Tg of the glass's own protocol (null: no fit). */
  Tg_from?: string;
  Tg_protocol_own?: number | null;
  quench_wall_s: number;
  /** Wall seconds of each analysis stage, as the run that computed it took them (null: not recorded; absent in older files). */
  stage_wall_s?: Record<'activation' | 'moduli' | 'structure' | 'spectrum' | 'event_sites' | 'linearity' | 'convergence' | 'dma', number | null>;
  /**
   * Unit scales that make samples in other units comparable (an EAM arm beside LJ models): nm per
   * length unit (σ mapped by crafm.sigma_nm; 0.1 for Å), k·Tg_used in the energy unit and GPa per
   * stress unit (ε/σ³ mapped by crafm.sigma_nm and epsilon_eV; 1 in metal units, whose stresses are in GPa
   * here; absent in older files).
   */
  scales?: { nm_per_length: number; kTg: number; GPa_per_stress?: number };
  heterogeneity: HeterogeneityResult;
  crafm: CrafmResult;
  subbasins: SubBasinResult;
  spectrum: SpectrumResult;
  /** β measures and sub-basin density from the first attempts only (convergence.ts; absent in older files). */
  convergence?: ConvergenceResult;
  /** Direct MD-DMA (null without a dma: block; absent in older files). */
  dma?: DmaResult | null;
  /** Voronoi volume and icosahedral fraction per voxel against G (structure-stage.ts; absent in older files). */
  structure?: StructureResult;
  /** Where the catalogue's events sit in the G map (event-sites.ts; exploratory, not in the verdict; absent in older files). */
  event_sites?: EventSitesResult;
  /** The heterogeneity stage's δ checked against δ/10 (linearity-stage.ts; exploratory, not in the verdict; absent in older files). */
  linearity?: LinearityResult;
}

export interface Column {
  key: string;
  label: string;
  unit: string;
  of: (m: GlassAnalysis) => number | null;
  heterogeneity?: boolean;
  /** Added after the decision rules were fixed: in results.json and results.csv, its own report table, never in the verdict. */
  exploratory?: boolean;
}

/** A value in comparable units (null without a value, e.g. a NaN read back from JSON, or without the scale, as in older files). */
const scaled = (v: number | null, scale: number | undefined) => (scale === undefined || v === null || !Number.isFinite(v) ? null : v * scale);

/**
 * The table's numeric columns: key, label, unit, and how to read it from a member. Lengths and
 * energies are in nm and k·Tg, so that samples in other units (an EAM arm) can be ranked together.
 */
export const COLUMNS: Column[] = [
  { key: 'modulus_width', label: 'G relative width', unit: 'std/mean', of: (m) => m.heterogeneity.modulus_relative_width, heterogeneity: true },
  { key: 'negative_voxels', label: 'voxels with G ≤ 0 (left out)', unit: 'voxels', of: (m) => m.heterogeneity.negative_voxels ?? null },
  { key: 'fluctuation', label: 'frequency fluctuation', unit: 'std/mean', of: (m) => m.crafm.fluctuation_relative ?? null, heterogeneity: true },
  { key: 'fluctuation_kHz', label: 'frequency fluctuation, tip-averaged', unit: 'kHz', of: (m) => (m.crafm.tip_averaged ? m.crafm.fluctuation_kHz : null) },
  { key: 'correlation_length', label: 'correlation length', unit: 'nm', of: (m) => m.crafm.correlation_length_nm, heterogeneity: true },
  { key: 'soft_zone_size', label: 'soft-zone size', unit: 'nm', of: (m) => scaled(m.heterogeneity.soft_zone_size, m.scales?.nm_per_length), heterogeneity: true },
  { key: 'subbasin_density', label: 'sub-basin density', unit: 'per attempt per kTg', of: (m) => scaled(m.subbasins.density, m.scales?.kTg), heterogeneity: true },
  { key: 'mean_barrier', label: 'mean barrier', unit: 'kTg', of: (m) => scaled(m.subbasins.mean_barrier, m.scales && 1 / m.scales.kTg) },
  { key: 'adjacent_fraction', label: 'adjacent saddles', unit: 'fraction of found', of: (m) => (m.subbasins.ok_events > 0 ? m.subbasins.adjacent_events / m.subbasins.ok_events : null) },
  { key: 'subbasin_distance', label: 'sub-basin distance', unit: 'nm (3N norm)', of: (m) => scaled(m.subbasins.mean_distance, m.scales?.nm_per_length) },
  // How far the sampling got: the β spectrum weights each found event by estimated / found.
  { key: 'events_found', label: 'distinct events found', unit: 'events', of: (m) => m.spectrum.n_events },
  { key: 'events_estimated', label: 'events estimated (Chao1)', unit: 'events', of: (m) => m.spectrum.weight_sum },
  { key: 'beta_intensity', label: 'β intensity', unit: "E''β/E''max", of: (m) => m.spectrum.beta_intensity },
  { key: 'beta_peak', label: 'β peak T', unit: 'T/Tg', of: (m) => m.spectrum.beta_peak_T_over_Tg },
  { key: 'md_beta_intensity', label: 'β intensity at the MD period', unit: "G''β/G''max", of: (m) => m.spectrum.md?.beta_intensity ?? null },
  { key: 'rho_G_volume', label: 'ρ(G, Voronoi volume) over voxels', unit: 'Spearman ρ', of: (m) => m.structure?.rho_G_volume ?? null },
  { key: 'rho_G_icosahedral', label: 'ρ(G, icosahedral fraction) over voxels', unit: 'Spearman ρ', of: (m) => m.structure?.rho_G_icosahedral ?? null },
  { key: 'soft_volume_excess', label: 'soft-zone Voronoi volume excess', unit: 'fraction of the mean volume', of: (m) => (m.structure ? m.structure.soft_volume_excess / m.structure.mean_volume : null) },
  { key: 'e_IS', label: 'e_IS', unit: 'ε/atom (eV/atom in metal units)', of: (m) => m.e_IS },
  { key: 'Tg', label: 'Tg', unit: 'ε/k (K in metal units)', of: (m) => m.Tg },
];

/** The event-site columns (event-sites.ts), exploratory. */
export const EVENT_SITE_COLUMNS: Column[] = [
  { key: 'event_site_shift', label: 'event-site G percentile − atom null (Δp)', unit: 'percentile (0–1)', of: (m) => m.event_sites?.shift ?? null, exploratory: true },
  { key: 'event_site_percentile', label: 'event-site G percentile ⟨p_e⟩', unit: 'percentile (0–1)', of: (m) => m.event_sites?.event_percentile ?? null, exploratory: true },
  { key: 'event_site_null', label: 'atom-weighted G percentile p_0', unit: 'percentile (0–1)', of: (m) => m.event_sites?.null_percentile ?? null, exploratory: true },
  { key: 'event_site_soft_weight', label: 'event weight in soft voxels', unit: 'fraction', of: (m) => m.event_sites?.soft_weight_fraction ?? null, exploratory: true },
  { key: 'event_site_soft_atoms', label: 'atoms in soft voxels', unit: 'fraction', of: (m) => m.event_sites?.soft_atom_fraction ?? null, exploratory: true },
  { key: 'event_site_rho_barrier', label: 'ρ(p_e, barrier) over events', unit: 'Spearman ρ', of: (m) => m.event_sites?.rho_percentile_barrier ?? null, exploratory: true },
  { key: 'event_site_events', label: 'events with a site', unit: 'events', of: (m) => m.event_sites?.events_used ?? null, exploratory: true },
];

/** The δ/10 check's columns (linearity-stage.ts), exploratory. */
export const LINEARITY_COLUMNS: Column[] = [
  { key: 'linearity_voxels_off', label: 'voxels whose G moves between δ and δ/10', unit: 'voxels', of: (m) => m.linearity?.voxels_off ?? null, exploratory: true },
  { key: 'G_width_small_delta', label: 'relative width of G at δ/10', unit: 'std/mean', of: (m) => m.linearity?.G_width_small_delta ?? null, exploratory: true },
];

/**
 * The MD-DMA columns, from the T/Tg the glasses were measured at (the config's dma.T_over_Tg):
 * tan δ and G'' of the direct MD-DMA, and tan δ of the event spectrum at the same T and period.
 */
export function dmaColumns(members: GlassAnalysis[]): Column[] {
  const xs = [...new Set(members.flatMap((m) => m.dma?.points.map((p) => p.T_over_Tg) ?? []))].sort((a, b) => a - b);
  const unit = members.find((m) => m.dma)?.dma!.stress_unit ?? '';
  const at = (m: GlassAnalysis, x: number) => m.dma?.points.find((p) => p.T_over_Tg === x);
  return xs.flatMap((x): Column[] => [
    { key: `md_tan_delta_${x}`, label: `MD-DMA tan δ at ${x} Tg`, unit: 'tan δ', of: (m) => at(m, x)?.tan_delta ?? null },
    { key: `md_loss_${x}`, label: `MD-DMA G'' at ${x} Tg`, unit, of: (m) => at(m, x)?.loss ?? null },
    { key: `event_tan_delta_${x}`, label: `event-spectrum tan δ at ${x} Tg (MD period)`, unit: 'tan δ', of: (m) => at(m, x)?.event_tan_delta ?? null },
  ]);
}

/** Every column of the study's table: the fixed ones, the MD-DMA ones its glasses have, and the event-site and δ/10 ones when some glass has them. */
export function tableColumns(members: GlassAnalysis[]): Column[] {
  return [
    ...COLUMNS, ...dmaColumns(members), ...(members.some((m) => m.event_sites) ? EVENT_SITE_COLUMNS : []),
    ...(members.some((m) => m.linearity) ? LINEARITY_COLUMNS : []),
  ];
}

export interface SampleRow {
  sample: string;
  seeds: number[];
  /** Mean ± standard error over seeds, with the t interval over n − 1 df at the decision level. */
  values: Record<string, MeanInterval>;
  /** β classification of each seed, and the most common one. */
  kinds: string[];
  kind: string;
}

export interface Correlation {
  measure: string;
  label: string;
  /** Over all members (sample × seed), with a bootstrap interval that treats the glasses as independent. */
  members: BootstrapInterval & { n: number };
  /** The same ρ with the two-level bootstrap interval (samples, then glasses within them). */
  clustered: ClusteredInterval;
  /** Spearman partial ρ over all members holding e_IS (from its model's mean, in k·Tg), or the number of distinct events, fixed (two-level bootstrap intervals). */
  partial: { e_IS: ClusteredInterval; n_events: ClusteredInterval };
  /** Over the sample means. */
  samples: { rho: number; n: number };
}

export interface Effect {
  quantity: string;
  label: string;
  reference: MeanInterval;
  changed: MeanInterval;
  /** (changed − reference)/|reference| ± its standard error. */
  relative: { value: number; error: number };
  /** changed − reference, unpaired: Welch's t interval. */
  welch: DifferenceTest;
}

/** MD-DMA tan δ at one T/Tg as a β measure (dma-results.ts). */
export interface DmaComparison {
  T_over_Tg: number;
  /** Its column (md_tan_delta_<T/Tg>). */
  measure: string;
  /** The decision's heterogeneity measure against MD-DMA tan δ, with every interval of the main correlation. */
  correlation: Correlation;
  /** β intensity (the decision's β measure) against MD-DMA tan δ: whether the two rank the glasses alike. */
  between: Correlation;
  /** The anneal's change of MD-DMA tan δ, paired by seed (null without an annealing pair). */
  annealing: PairedTest | null;
  /** Means over all glasses of MD-DMA tan δ and of the event spectrum's tan δ at the same T and period. */
  mean_tan_delta: number;
  mean_event_tan_delta: number;
}

/** An annealing effect: also paired by seed (the annealed glass of seed k is the as-quenched glass of seed k, annealed). */
export type PairedEffect = Effect & { paired: PairedTest };

export interface StudyResults {
  rows: SampleRow[];
  correlations: Correlation[];
  annealing: { as_quenched: string; annealed: string; effects: PairedEffect[] } | null;
  cooling: { fast: string; slow: string; effects: Effect[] } | null;
  /** The rules the verdict applied. */
  decision: Decision;
  /** The second β measure, MD-DMA tan δ at each T/Tg, beside the first (empty without a dma: block). */
  md_dma: DmaComparison[];
  /** The main correlation with β from other asymmetry kernel widths (empty for exact spectra; absent in older results). */
  bandwidth_check?: BandwidthCheck[];
  /** Exploratory, not in the verdict: Δp of the event sites per sample and over all glasses (null without the stage; absent in older results). */
  event_sites?: EventSitesSummary | null;
  /** Exploratory, not in the verdict: the δ/10 check per sample, and the correlation without the glasses it flags (null without the stage; absent in older results). */
  linearity?: LinearitySummary | null;
  verdict: string[];
}

/** The δ/10 check per sample, and the decision's correlation again over the glasses whose check found no voxel off (null when too few are left). */
export interface LinearitySummary {
  samples: LinearitySampleRow[];
  without_off: { excluded: number; correlation: Correlation | null };
}

/** The decision measure against β intensity computed with the asymmetry kernel's width × factor. */
export interface BandwidthCheck {
  factor: number;
  correlation: Correlation;
}

const finite = (v: (number | null)[]) => v.filter((x): x is number => x !== null && Number.isFinite(x));

function mostCommon(v: string[]): string {
  const counts = new Map<string, number>();
  for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '–';
}

export function sampleRows(members: GlassAnalysis[], samples: string[], level = DEFAULT_DECISION.level): SampleRow[] {
  return samples.map((sample) => {
    const ms = members.filter((m) => m.sample === sample).sort((a, b) => a.seed - b.seed);
    const values = Object.fromEntries(tableColumns(members).map((c) => [c.key, meanInterval(finite(ms.map(c.of)), level)]));
    const kinds = ms.map((m) => m.spectrum.kind);
    return { sample, seeds: ms.map((m) => m.seed), values, kinds, kind: mostCommon(kinds) };
  });
}

/**
 * e_IS as a stability that ranks across Hamiltonians: each glass's e_IS less the mean over the
 * glasses of its model, in k·Tg. Raw e_IS of two models (ε of two LJ alloys, or ε against eV) sit
 * on scales of their own, and ranked together they would sort the models rather than the glasses
 * by how deep in their own landscape they were quenched.
 */
function stability(members: GlassAnalysis[]): number[] {
  const model = (m: GlassAnalysis) => m.model ?? m.units;
  const sums = new Map<string, [number, number]>();
  for (const m of members) {
    const [s, c] = sums.get(model(m)) ?? [0, 0];
    sums.set(model(m), [s + m.e_IS, c + 1]);
  }
  return members.map((m) => {
    const [s, c] = sums.get(model(m))!;
    return (m.e_IS - s / c) / (m.scales?.kTg ?? 1);
  });
}

/** One glass's point of a correlation: the measure, β intensity and the two controls. */
interface GlassPoint {
  sample: string;
  x: number;
  y: number;
  /** e_IS from the mean of its model's glasses, in k·Tg (`stability`). */
  e_IS: number;
  n_events: number;
}

/**
 * Spearman ρ between each heterogeneity measure and β intensity (members with both values), or
 * between the `measures` given and another β measure (`beta`).
 */
export function correlations(
  members: GlassAnalysis[], rows: SampleRow[], decision: Decision = DEFAULT_DECISION,
  beta: Column = COLUMNS.find((c) => c.key === 'beta_intensity')!, measures: Column[] = COLUMNS.filter((c) => c.heterogeneity),
): Correlation[] {
  const { resamples, level, seed } = decision;
  const eIS = stability(members);
  return measures.map((c) => {
    const points = members.map((m, k): GlassPoint => ({ sample: m.sample, x: c.of(m) ?? NaN, y: beta.of(m) ?? NaN, e_IS: eIS[k], n_events: m.spectrum.n_events }))
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const clusters = rows.map((r) => points.filter((p) => p.sample === r.sample));
    const boot = spearmanBootstrap(points.map((p) => p.x), points.map((p) => p.y), { seed, resamples, level });
    const rho = (ps: GlassPoint[]) => spearman(ps.map((p) => p.x), ps.map((p) => p.y));
    const partial = (z: 'e_IS' | 'n_events') => (ps: GlassPoint[]) => partialSpearman(ps.map((p) => p.x), ps.map((p) => p.y), ps.map((p) => p[z]));
    const opts = { resamples, level, seed };
    // A column outside the table (the bandwidth check's β) gets its sample means here.
    const sampleMean = (col: Column, r: SampleRow) => r.values[col.key]?.mean ?? meanInterval(finite(members.filter((m) => m.sample === r.sample).map(col.of)), level).mean;
    const sx = rows.map((r) => sampleMean(c, r)), sy = rows.map((r) => sampleMean(beta, r));
    const ok = sx.map((x, i) => Number.isFinite(x) && Number.isFinite(sy[i]));
    const xs = sx.filter((_, i) => ok[i]), ys = sy.filter((_, i) => ok[i]);
    return {
      measure: c.key, label: c.label, members: { ...boot, n: points.length },
      clustered: clusterBootstrap(clusters, rho, opts),
      partial: { e_IS: clusterBootstrap(clusters, partial('e_IS'), opts), n_events: clusterBootstrap(clusters, partial('n_events'), opts) },
      samples: { rho: xs.length > 2 ? spearman(xs, ys) : NaN, n: xs.length },
    };
  });
}

export function effects(rows: SampleRow[], reference: string, changed: string, level = DEFAULT_DECISION.level): Effect[] {
  const a = rows.find((r) => r.sample === reference)!, b = rows.find((r) => r.sample === changed)!;
  return EFFECT_QUANTITIES.map((key) => ({
    quantity: key, label: COLUMNS.find((c) => c.key === key)!.label, reference: a.values[key], changed: b.values[key],
    relative: relativeChange(a.values[key], b.values[key]), welch: welchDifference(a.values[key], b.values[key], level),
  }));
}

/** The effects of an anneal, each also paired by seed. */
export function pairedEffects(members: GlassAnalysis[], rows: SampleRow[], asQuenched: string, annealed: string, level = DEFAULT_DECISION.level): PairedEffect[] {
  const bySeed = (sample: string, key: string) => {
    const of = COLUMNS.find((c) => c.key === key)!.of;
    return new Map(members.filter((m) => m.sample === sample).map((m) => [m.seed, of(m) ?? NaN]));
  };
  return effects(rows, asQuenched, annealed, level).map((e) => ({ ...e, paired: pairedDifference(bySeed(asQuenched, e.quantity), bySeed(annealed, e.quantity), level) }));
}

/** results.csv: one row per sample, mean and standard error of every column, and the β class. */
export function resultsCsv(rows: SampleRow[], columns: Column[] = COLUMNS): string {
  const head = ['sample', 'seeds', 'beta_class', ...columns.flatMap((c) => [c.key, `${c.key}_sem`])];
  const g = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '');
  const lines = rows.map((r) => [r.sample, r.seeds.join(' '), r.kind, ...columns.flatMap((c) => [g(r.values[c.key].mean), g(r.values[c.key].sem)])].join(','));
  return `${head.join(',')}\n${lines.join('\n')}\n`;
}

/** The unit of every results.csv column (a mean and its standard error share it). */
export function resultsUnits(columns: Column[] = COLUMNS): Record<string, string> {
  return { sample: '', seeds: '', beta_class: '', ...Object.fromEntries(columns.flatMap((c) => [[c.key, c.unit], [`${c.key}_sem`, c.unit]])) };
}
