/**
 * The study's results from the members' analyses: a table per sample (seed means ± standard errors),
 * Spearman rank correlations between heterogeneity measures and β intensity (over all members, with
 * a seeded bootstrap interval, and over sample means), the annealing and cooling-rate effect sizes,
 * and a verdict that says, from the numbers alone, whether the paper's findings are reproduced.
 */
import type { CrafmResult, HeterogeneityResult, SpectrumResult, SubBasinResult } from './stages.js';
import { meanError, relativeChange, spearman, spearmanBootstrap, type BootstrapInterval, type MeanError } from './statistics.js';

export interface GlassAnalysis {
  sample: string;
  seed: number;
  dir: string;
  n: number;
  units: string;
  e_IS: number;
  /** Tg from the member's quench (null when the fit failed) and the one the spectrum used. */
  Tg: number | null;
  Tg_used: number;
  quench_wall_s: number;
  heterogeneity: HeterogeneityResult;
  crafm: CrafmResult;
  subbasins: SubBasinResult;
  spectrum: SpectrumResult;
}

/** The table's numeric columns: key, label, unit, and how to read it from a member. */
export const COLUMNS: { key: string; label: string; unit: string; of: (m: GlassAnalysis) => number | null; heterogeneity?: boolean }[] = [
  { key: 'modulus_width', label: 'G relative width', unit: 'std/mean', of: (m) => m.heterogeneity.modulus_relative_width, heterogeneity: true },
  { key: 'fluctuation', label: 'frequency fluctuation', unit: 'kHz', of: (m) => m.crafm.fluctuation_kHz, heterogeneity: true },
  { key: 'correlation_length', label: 'correlation length', unit: 'nm', of: (m) => m.crafm.correlation_length_nm, heterogeneity: true },
  { key: 'soft_zone_size', label: 'soft-zone size', unit: 'σ', of: (m) => m.heterogeneity.soft_zone_size, heterogeneity: true },
  { key: 'subbasin_density', label: 'sub-basin density', unit: 'per attempt per ε', of: (m) => m.subbasins.density, heterogeneity: true },
  { key: 'mean_barrier', label: 'mean barrier', unit: 'ε', of: (m) => m.subbasins.mean_barrier },
  { key: 'beta_intensity', label: 'β intensity', unit: "E''β/E''max", of: (m) => m.spectrum.beta_intensity },
  { key: 'beta_peak', label: 'β peak T', unit: 'T/Tg', of: (m) => m.spectrum.beta_peak_T_over_Tg },
  { key: 'e_IS', label: 'e_IS', unit: 'ε/atom', of: (m) => m.e_IS },
  { key: 'Tg', label: 'Tg', unit: 'ε/k', of: (m) => m.Tg },
];

export interface SampleRow {
  sample: string;
  seeds: number[];
  values: Record<string, MeanError>;
  /** β classification of each seed, and the most common one. */
  kinds: string[];
  kind: string;
}

export interface Correlation {
  measure: string;
  label: string;
  /** Over all members (sample × seed), with a bootstrap interval. */
  members: BootstrapInterval & { n: number };
  /** Over the sample means. */
  samples: { rho: number; n: number };
}

export interface Effect {
  quantity: string;
  label: string;
  reference: MeanError;
  changed: MeanError;
  /** (changed − reference)/|reference| ± its standard error. */
  relative: { value: number; error: number };
}

export interface StudyResults {
  rows: SampleRow[];
  correlations: Correlation[];
  annealing: { as_quenched: string; annealed: string; effects: Effect[] } | null;
  cooling: { fast: string; slow: string; effects: Effect[] } | null;
  verdict: string[];
}

const finite = (v: (number | null)[]) => v.filter((x): x is number => x !== null && Number.isFinite(x));

function mostCommon(v: string[]): string {
  const counts = new Map<string, number>();
  for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '–';
}

export function sampleRows(members: GlassAnalysis[], samples: string[]): SampleRow[] {
  return samples.map((sample) => {
    const ms = members.filter((m) => m.sample === sample).sort((a, b) => a.seed - b.seed);
    const values = Object.fromEntries(COLUMNS.map((c) => [c.key, meanError(finite(ms.map(c.of)))]));
    const kinds = ms.map((m) => m.spectrum.kind);
    return { sample, seeds: ms.map((m) => m.seed), values, kinds, kind: mostCommon(kinds) };
  });
}

/** Spearman ρ between each heterogeneity measure and β intensity (members with both values). */
export function correlations(members: GlassAnalysis[], rows: SampleRow[], seed = 1): Correlation[] {
  const beta = COLUMNS.find((c) => c.key === 'beta_intensity')!;
  return COLUMNS.filter((c) => c.heterogeneity).map((c) => {
    const pairs = members.map((m) => [c.of(m), beta.of(m)] as const).filter(([x, y]) => x !== null && y !== null && Number.isFinite(x) && Number.isFinite(y)) as [number, number][];
    const boot = spearmanBootstrap(pairs.map((p) => p[0]), pairs.map((p) => p[1]), { seed, resamples: 2000 });
    const sx = rows.map((r) => r.values[c.key].mean), sy = rows.map((r) => r.values.beta_intensity.mean);
    const ok = sx.map((x, i) => Number.isFinite(x) && Number.isFinite(sy[i]));
    const xs = sx.filter((_, i) => ok[i]), ys = sy.filter((_, i) => ok[i]);
    return { measure: c.key, label: c.label, members: { ...boot, n: pairs.length }, samples: { rho: xs.length > 2 ? spearman(xs, ys) : NaN, n: xs.length } };
  });
}

const EFFECT_KEYS = ['fluctuation', 'modulus_width', 'correlation_length', 'soft_zone_size', 'subbasin_density', 'mean_barrier', 'beta_intensity', 'e_IS'];

export function effects(rows: SampleRow[], reference: string, changed: string): Effect[] {
  const a = rows.find((r) => r.sample === reference)!, b = rows.find((r) => r.sample === changed)!;
  return EFFECT_KEYS.map((key) => ({
    quantity: key, label: COLUMNS.find((c) => c.key === key)!.label, reference: a.values[key], changed: b.values[key],
    relative: relativeChange(a.values[key], b.values[key]),
  }));
}

/** A relative change in %, or 'n/a' where the reference mean is 0 (or missing) and there is none. */
const pct = (e: { value: number; error: number }) => (Number.isFinite(e.value)
  ? `${e.value >= 0 ? '+' : ''}${(100 * e.value).toFixed(1)} ± ${Number.isFinite(e.error) ? (100 * e.error).toFixed(1) : '?'} %`
  : 'n/a (reference mean 0)');

/** Whether a change is beyond two standard errors, and in which direction. */
function direction(e: { value: number; error: number }): 'down' | 'up' | 'none' {
  if (!Number.isFinite(e.value) || !(Math.abs(e.value) > 2 * e.error)) return 'none';
  return e.value < 0 ? 'down' : 'up';
}

/** A β intensity below this (of the loss maximum) is beyond what a DMA scan resolves. */
const NEGLIGIBLE_BETA = 1e-3;

/** The conclusion, from the numbers: what is reproduced, what is not, and how firmly. */
export function verdict(r: Omit<StudyResults, 'verdict'>, members: GlassAnalysis[]): string[] {
  const out: string[] = [];
  const kinds = r.rows.map((row) => `${row.sample}: ${row.kind}`).join(', ');
  out.push(`${r.rows.length} samples, ${members.length} glasses. β classification (most common over seeds): ${kinds}.`);
  const main = r.correlations.find((c) => c.measure === 'fluctuation')!;
  const describe = (c: Correlation) =>
    `${c.label}: ρ = ${c.members.estimate.toFixed(2)} over ${c.members.n} glasses (${Math.round(100 * c.members.level)} % bootstrap interval ${c.members.lo.toFixed(2)} to ${c.members.hi.toFixed(2)}), ρ = ${Number.isFinite(c.samples.rho) ? c.samples.rho.toFixed(2) : 'undefined'} over ${c.samples.n} sample means`;
  const supported = (c: Correlation) => c.members.lo > 0;
  const contradicted = (c: Correlation) => c.members.hi < 0;
  // Ranks of numbers that are all far below what a DMA resolves say nothing about β.
  const betaMax = Math.max(...members.map((m) => m.spectrum.beta_intensity));
  const negligible = !(betaMax >= NEGLIGIBLE_BETA);
  if (negligible) {
    out.push(`β from the sampled events is negligible at the laboratory frequency in every glass (largest β intensity ${betaMax.toExponential(1)} of the loss maximum, below ${NEGLIGIBLE_BETA}): ` +
      'the events that relax near T* = E/(k ln(ν0/ω)) are almost all asymmetric by many kT*, so they barely respond to stress. Correlations and changes of β intensity below compare numbers far too small to measure and are not evidence either way.');
  }
  const status = negligible
    ? 'NOT TESTABLE: β is negligible in every glass'
    : supported(main)
    ? 'REPRODUCED: the interval excludes zero on the positive side'
    : contradicted(main)
      ? 'CONTRADICTED: the interval lies below zero'
      : !Number.isFinite(main.members.estimate)
        ? 'NOT TESTABLE: one of the two quantities does not vary'
        : `NOT ESTABLISHED: the interval includes zero (${main.members.estimate > 0 ? 'same sign as the paper' : 'opposite sign to the paper'})`;
  out.push(`The paper's correlation (stronger nanoscale elastic heterogeneity, larger β intensity), CR-AFM frequency fluctuation against β intensity: ${describe(main)}. ${status}.`);
  const others = r.correlations.filter((c) => c !== main);
  out.push(`Other heterogeneity measures against β intensity: ${others.map((c) => `${describe(c)}${supported(c) ? ' (positive beyond noise)' : contradicted(c) ? ' (negative beyond noise)' : ''}`).join('; ')}.`);
  if (r.annealing) {
    const e = (k: string) => r.annealing!.effects.find((x) => x.quantity === k)!;
    const parts = ['fluctuation', 'correlation_length', 'beta_intensity', 'subbasin_density', 'e_IS'].map((k) => `${e(k).label} ${pct(e(k).relative)}`);
    const fl = direction(e('fluctuation').relative), es = direction(e('e_IS').relative);
    const bi = negligible ? 'none' : direction(e('beta_intensity').relative);
    // e_IS < 0: a lower (more stable) IS energy is a negative relative change.
    const stable = es === 'down';
    const claim = fl === 'down' && bi === 'down'
      ? 'REPRODUCED: both the frequency fluctuation and the β intensity drop beyond two standard errors'
      : fl === 'down' || bi === 'down'
        ? `PARTLY REPRODUCED: ${fl === 'down' ? 'the frequency fluctuation' : 'the β intensity'} drops beyond two standard errors, the other does not`
        : fl === 'up' || bi === 'up'
          ? 'NOT REPRODUCED: a quantity the paper sees fall rises beyond two standard errors'
          : 'NOT ESTABLISHED: no change beyond two standard errors';
    out.push(`Annealing below Tg (${r.annealing.annealed} against ${r.annealing.as_quenched}, relative changes ± standard error): ${parts.join(', ')}. ` +
      `${stable ? 'The anneal lowered the IS energy (a more stable glass). ' : 'The anneal did not lower the IS energy beyond noise. '}The paper's annealing effect (narrower frequency distribution, shorter correlation length, weaker β): ${claim}.`);
  }
  if (r.cooling) {
    const e = (k: string) => r.cooling!.effects.find((x) => x.quantity === k)!;
    out.push(`Slower cooling (${r.cooling.slow} against ${r.cooling.fast}): ${['e_IS', 'fluctuation', 'beta_intensity', 'subbasin_density'].map((k) => `${e(k).label} ${pct(e(k).relative)}`).join(', ')}.`);
  }
  out.push(countingCheck(members));
  out.push('Caveats: these are Lennard-Jones analogues of the alloys, not the alloys; the boxes are a few nanometres wide (the paper maps 1 µm²), so correlation lengths are bounded by the box and the voxel size; ' +
    'β spectra come from the sampled events as two-level relaxators (their own stress coupling, asymmetry, barriers and Vineyard attempt frequencies, weighted by the sampling estimate) plus a parametrised α at the MD Tg; β sits where the barriers put it, and the sampling estimate of how many events a glass holds is uncertain when few events were found twice; with few seeds and activations the intervals are wide.');
  return out;
}

/**
 * How strongly the number of distinct events found per glass follows both sides of the main
 * correlation, so a reader can tell how much of it runs through how many events the searches
 * yielded (the old free-strength model made β intensity go as 1/count).
 */
function countingCheck(members: GlassAnalysis[]): string {
  const count = members.map((m) => m.spectrum.n_events);
  const rho = (of: (m: GlassAnalysis) => number) => {
    const b = spearmanBootstrap(count, members.map(of), { seed: 1, resamples: 2000 });
    return `ρ = ${b.estimate.toFixed(2)} (95 % interval ${b.lo.toFixed(2)} to ${b.hi.toFixed(2)})`;
  };
  return `Counting check: distinct events per glass against β intensity ${rho((m) => m.spectrum.beta_intensity)}, against the frequency fluctuation ${rho((m) => m.crafm.fluctuation_kHz)}. ` +
    'Each event adds its own relaxation strength, so more events give a stronger β physically; where both are clearly of one sign, part of the main correlation runs through how many events the searches found.';
}

export function studyResults(members: GlassAnalysis[], samples: string[], pairs: { annealing?: { as_quenched: string; annealed: string }; cooling?: { fast: string; slow: string } }): StudyResults {
  const rows = sampleRows(members, samples);
  const partial = {
    rows,
    correlations: correlations(members, rows),
    annealing: pairs.annealing ? { ...pairs.annealing, effects: effects(rows, pairs.annealing.as_quenched, pairs.annealing.annealed) } : null,
    cooling: pairs.cooling ? { ...pairs.cooling, effects: effects(rows, pairs.cooling.fast, pairs.cooling.slow) } : null,
  };
  return { ...partial, verdict: verdict(partial, members) };
}

/** results.csv: one row per sample, mean and standard error of every column, and the β class. */
export function resultsCsv(rows: SampleRow[]): string {
  const head = ['sample', 'seeds', 'beta_class', ...COLUMNS.flatMap((c) => [c.key, `${c.key}_sem`])];
  const g = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '');
  const lines = rows.map((r) => [r.sample, r.seeds.join(' '), r.kind, ...COLUMNS.flatMap((c) => [g(r.values[c.key].mean), g(r.values[c.key].sem)])].join(','));
  return `# betascape study: means over seeds and standard errors; units: ${COLUMNS.map((c) => `${c.key} ${c.unit}`).join('; ')}\n${head.join(',')}\n${lines.join('\n')}\n`;
}
