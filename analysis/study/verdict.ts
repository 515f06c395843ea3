/**
 * The study's verdict: paragraphs that say, from the numbers and the config's decision rules alone
 * (decision.ts), whether the paper's findings are reproduced, and how firmly.
 */
import { median } from 'd3-array';
import { clusterBootstrap, type ClusteredInterval } from './cluster-bootstrap.js';
import type { DifferenceTest, PairedTest } from './differences.js';
import type { Correlation, DmaComparison, GlassAnalysis, StudyResults } from './results.js';
import { levelPercent } from './decision.js';
import { spearman } from './statistics.js';
import { CLEAR_KINK_SIGMA } from '../glass-transition.js';

const fixed = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : Number.isNaN(x) ? 'undefined' : x > 0 ? '∞' : '-∞');
const percent = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(Math.abs(x) < 0.01 ? 2 : 1)} %` : 'n/a');

/** A change relative to the reference mean with its t interval, statistic and df: "−32.0 % (95 % t interval −50.1 to −14.0 %; t = −3.90, 3 df)". */
export function describeChange(d: DifferenceTest): string {
  if (!Number.isFinite(d.difference)) return 'n/a (no values)';
  if (!Number.isFinite(d.relative.value)) return 'n/a (reference mean 0)';
  if (!Number.isFinite(d.interval.lo)) return `${percent(d.relative.value)} (no interval: fewer than two seeds)`;
  const df = Number.isInteger(d.interval.df) ? String(d.interval.df) : d.interval.df.toFixed(1);
  return `${percent(d.relative.value)} (${levelPercent(d.interval.level)} t interval ${percent(d.relative.lo)} to ${percent(d.relative.hi)}; t = ${fixed(d.t_statistic)}, ${df} df)`;
}

/** Whether a change is beyond noise (its t interval excludes zero), and in which direction. */
export function direction(d: DifferenceTest): 'down' | 'up' | 'none' {
  if (!d.beyond_noise) return 'none';
  return d.difference < 0 ? 'down' : 'up';
}

const interval = (c: ClusteredInterval) => `${fixed(c.estimate)} [${fixed(c.lo)}, ${fixed(c.hi)}]`;

function describeCorrelation(c: Correlation): string {
  if (c.members.n === 0) return `${c.label}: no glass has a value`;
  return `${c.label}: ρ = ${fixed(c.members.estimate)} over ${c.members.n} glasses in ${c.clustered.samples} samples ` +
    `(${levelPercent(c.clustered.level)} two-level bootstrap interval ${fixed(c.clustered.lo)} to ${fixed(c.clustered.hi)}; treating the glasses as independent ${fixed(c.members.lo)} to ${fixed(c.members.hi)}), ` +
    `partial ρ holding e_IS fixed ${interval(c.partial.e_IS)}, holding the number of events fixed ${interval(c.partial.n_events)}, ` +
    `ρ = ${fixed(c.samples.rho)} over ${c.samples.n} sample means`;
}

/** A sample's Tg_used, with the protocol it came from where a tg_from sample lent it. */
function tgAxis(members: GlassAnalysis[], sample: string): string {
  const of = members.find((m) => m.sample === sample);
  if (!of) return '–';
  const own = of.Tg_protocol_own === undefined ? '' : `; its own ${of.Tg_protocol_own === null ? 'fit failed' : `pooled fit ${Number(of.Tg_protocol_own.toPrecision(3))}`}`;
  return `${Number(of.Tg_used.toPrecision(3))}${of.Tg_from ? ` (${of.Tg_from}'s${own})` : ''}`;
}

/** The conclusion, from the numbers: what is reproduced, what is not, and how firmly. */
export function verdict(r: Omit<StudyResults, 'verdict'>, members: GlassAnalysis[]): string[] {
  const d = r.decision;
  const level = levelPercent(d.level);
  const out: string[] = [];
  const kinds = r.rows.map((row) => `${row.sample}: ${row.kind}`).join(', ');
  out.push(`${r.rows.length} samples, ${members.length} glasses. β classification (most common over seeds): ${kinds}.`);
  const unclearTg = members.filter((m) => m.Tg_quality !== 'clear' && m.Tg_quality !== undefined).length;
  if (unclearTg > 0) out.push(`${unclearTg} of ${members.length} glasses had an unclear Tg from their own quench (slope change under ${CLEAR_KINK_SIGMA} standard errors, or no crossing); every T/Tg axis uses a quench protocol's Tg fitted to the seeds' pooled cooling curves (its own, or its tg_from sample's).`);
  out.push(`T/Tg axes (Tg of the quench protocol, pooled over seeds): ${r.rows.map((row) => `${row.sample} ${tgAxis(members, row.sample)}`).join(', ')}.`);
  const main = r.correlations.find((c) => c.measure === d.measure)!;
  const decisive = (c: Correlation) => (d.interval === 'clustered' ? c.clustered : c.members);
  const betaMax = Math.max(...members.map((m) => m.spectrum.beta_intensity));
  const negligible = betaNegligible(members, d);
  if (negligible) {
    out.push(`β from the sampled events is negligible at the laboratory frequency in every glass (largest β intensity ${betaMax.toExponential(1)} of the loss maximum, below ${d.negligible_beta}): ` +
      'the events that relax near T* = E/(k ln(ν0/ω)) are almost all asymmetric by many kT*, so they barely respond to stress. Correlations and changes of β intensity below compare numbers far too small to measure and are not evidence either way.');
  }
  const status = ruleStatus(main, d, negligible);
  out.push(`The paper's correlation (stronger nanoscale elastic heterogeneity, larger β intensity), ${main.label} against β intensity: ${describeCorrelation(main)}. ${status}.`);
  const others = r.correlations.filter((c) => c !== main);
  const sign = (c: Correlation) => (decisive(c).lo > 0 ? ' (positive beyond noise)' : decisive(c).hi < 0 ? ' (negative beyond noise)' : '');
  out.push(`Other heterogeneity measures against β intensity: ${others.map((c) => `${describeCorrelation(c)}${sign(c)}`).join('; ')}.`);
  if (r.annealing) out.push(annealingParagraph(r.annealing, d.annealing_lowers, negligible, level));
  for (const c of r.md_dma) out.push(dmaParagraph(c, r, status, negligible, members));
  if (r.cooling) {
    const e = (k: string) => r.cooling!.effects.find((x) => x.quantity === k)!;
    out.push(`Slower cooling (${r.cooling.slow} against ${r.cooling.fast}; unpaired, Welch t intervals): ${['e_IS', 'fluctuation', 'beta_intensity', 'subbasin_density'].map((k) => `${e(k).label} ${describeChange(e(k).welch)}`).join(', ')}.`);
  }
  const widths = bandwidthParagraph(r, status, negligible);
  if (widths) out.push(widths);
  out.push(countingCheck(r, members));
  out.push(measurementNotes(members));
  out.push('Caveats: these are Lennard-Jones analogues of the alloys, not the alloys; the boxes are a few nanometres wide (the paper maps 1 µm²), so correlation lengths are bounded by the box and the voxel size; ' +
    'β spectra come from the sampled events as two-level relaxators (their own stress coupling, asymmetry, barriers and Vineyard attempt frequencies, weighted by the sampling estimate, asymmetries kernel-smoothed where the study says so) plus a parametrised α at the MD Tg; β sits where the barriers put it, and the sampling estimate of how many events a glass holds is uncertain when few events were found twice; ' +
    `with few seeds and activations the intervals are wide, and with few samples the two-level bootstrap has few distinct resamples.`);
  return out;
}

/** Whether β intensity is below the rule's `negligible_beta` in every glass: ranks of numbers far below what a DMA resolves say nothing about β. */
export function betaNegligible(members: GlassAnalysis[], d: StudyResults['decision']): boolean {
  return !(Math.max(...members.map((m) => m.spectrum.beta_intensity)) >= d.negligible_beta);
}

/** The decision rule applied to one correlation: "REPRODUCED: ...", "CONTRADICTED: ...", "NOT ESTABLISHED: ..." or "NOT TESTABLE: ...". */
export function ruleStatus(c: Correlation, d: StudyResults['decision'], negligible: boolean): string {
  const level = levelPercent(d.level);
  const m = d.interval === 'clustered' ? c.clustered : c.members;
  const intervalName = d.interval === 'clustered' ? 'two-level bootstrap interval' : 'glass-level bootstrap interval';
  return negligible
    ? 'NOT TESTABLE: β is negligible in every glass'
    : m.lo > d.reproduced_above
      ? `REPRODUCED: the ${level} ${intervalName} lies above ${d.reproduced_above}`
      : m.hi < d.contradicted_below
        ? `CONTRADICTED: the ${level} ${intervalName} lies below ${d.contradicted_below}`
        : !Number.isFinite(m.estimate)
          ? 'NOT TESTABLE: one of the two quantities does not vary'
          : `NOT ESTABLISHED: the ${level} ${intervalName} (${fixed(m.lo)} to ${fixed(m.hi)}) meets neither rule (${m.estimate > 0 ? 'same sign as the paper' : 'opposite sign to the paper'})`;
}

export const outcome = (status: string) => status.slice(0, status.indexOf(':'));

/** The main correlation's rule at the other asymmetry kernel widths, and whether its outcome holds at all of them. */
function bandwidthParagraph(r: Omit<StudyResults, 'verdict'>, mainStatus: string, negligible: boolean): string | null {
  const checks = r.bandwidth_check ?? [];
  if (checks.length === 0 || negligible) return null;
  const outcomes = checks.map((b) => outcome(ruleStatus(b.correlation, r.decision, false)));
  const parts = checks.map((b, i) => `× ${b.factor}: ${describeCorrelation(b.correlation)}, ${outcomes[i]}`);
  const holds = outcomes.every((o) => o === outcome(mainStatus));
  return `Bandwidth check (β intensity with each glass's asymmetry kernel narrower and wider than Silverman's width): ${parts.join('; ')}. ` +
    `The main outcome (${outcome(mainStatus)}) ${holds ? 'holds at every width' : 'depends on the kernel width, so it is not firm'}.`;
}

/**
 * The second β measure (MD-DMA tan δ at one T/Tg) under the same rules as the first: the paper's
 * correlation and the annealing effect, each said to agree or disagree with the conclusion drawn
 * from β intensity; ρ between the two measures; and tan δ of the event spectrum at the same T and
 * period beside the measured one.
 */
function dmaParagraph(c: DmaComparison, r: Omit<StudyResults, 'verdict'>, mainStatus: string, negligible: boolean, members: GlassAnalysis[]): string {
  const d = r.decision;
  const status = ruleStatus(c.correlation, d, false);
  // Agreement is said only where both measures can decide: a negligible β intensity decides nothing.
  const compare = (md: string, beta: string, what: string) => (negligible
    ? `β intensity decides nothing here (negligible), so on ${what} only MD-DMA speaks`
    : `the two β measures ${md === beta ? 'AGREE' : 'DISAGREE'} on ${what}`);
  const dma = members.find((m) => m.dma)!.dma!;
  const g = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : 'n/a');
  const parts = [
    `Second β measure, MD-DMA tan δ at T/Tg = ${c.T_over_Tg} (shear, period ${dma.period} ${dma.time_unit}), against the paper's heterogeneity measure: ${describeCorrelation(c.correlation)}. ${status}. ` +
      `With β intensity the same rule gives ${outcome(mainStatus)}: ${compare(outcome(status), outcome(mainStatus), "the paper's correlation")}.`,
    `β intensity against MD-DMA tan δ: ρ = ${fixed(c.between.members.estimate)} (${levelPercent(d.level)} two-level bootstrap interval ${fixed(c.between.clustered.lo)} to ${fixed(c.between.clustered.hi)}).`,
    `The event spectrum at the same T and period gives tan δ ${g(c.mean_event_tan_delta)} against ${g(c.mean_tan_delta)} from MD-DMA (means over the glasses).`,
  ];
  if (c.annealing && r.annealing) {
    const beta = r.annealing.effects.find((e) => e.quantity === 'beta_intensity')!.paired;
    const dirMd = direction(c.annealing), dirBeta = direction(beta);
    const word = (x: string) => (x === 'none' ? 'no change beyond noise' : x === 'down' ? 'falls beyond noise' : 'rises beyond noise');
    parts.push(`Annealing changes MD-DMA tan δ by ${describeChange(c.annealing)}, ${word(dirMd)}${negligible ? '' : ` (β intensity: ${word(dirBeta)})`}: ${compare(dirMd, dirBeta, 'the annealing effect')}.`);
  }
  return parts.join(' ');
}

/** The annealing paragraph: paired changes by seed, and the claim under the `annealing_lowers` rule. */
function annealingParagraph(a: NonNullable<StudyResults['annealing']>, lowers: string[], negligible: boolean, level: string): string {
  const paired = (k: string): PairedTest => a.effects.find((x) => x.quantity === k)!.paired;
  const label = (k: string) => a.effects.find((x) => x.quantity === k)!.label;
  const shown = [...new Set(['fluctuation', 'correlation_length', 'beta_intensity', 'subbasin_density', 'e_IS', ...lowers])];
  const parts = shown.map((k) => `${label(k)} ${describeChange(paired(k))}`);
  const claim = annealingClaim(a, lowers, negligible, level);
  const stable = direction(paired('e_IS')) === 'down';
  const seeds = paired(lowers[0]).seeds.length;
  return `Annealing below Tg (${a.annealed} against ${a.as_quenched}, paired by seed over ${seeds} pairs; change relative to the as-quenched mean): ${parts.join(', ')}. ` +
    `${stable ? 'The anneal lowered the IS energy (a more stable glass). ' : 'The anneal did not lower the IS energy beyond noise. '}` +
    `The paper's annealing effect (narrower frequency distribution, shorter correlation length, weaker β): ${claim}.`;
}

/** The `annealing_lowers` rule applied: "REPRODUCED: ...", "PARTLY REPRODUCED: ...", "NOT REPRODUCED: ..." or "NOT ESTABLISHED: ...". */
export function annealingClaim(a: NonNullable<StudyResults['annealing']>, lowers: string[], negligible: boolean, level: string): string {
  const paired = (k: string): PairedTest => a.effects.find((x) => x.quantity === k)!.paired;
  const label = (k: string) => a.effects.find((x) => x.quantity === k)!.label;
  const dir = (k: string) => (negligible && k === 'beta_intensity' ? 'none' : direction(paired(k)));
  const down = lowers.filter((k) => dir(k) === 'down'), up = lowers.filter((k) => dir(k) === 'up');
  const names = (ks: string[]) => ks.map(label).join(' and ');
  const rest = lowers.filter((k) => !down.includes(k));
  return down.length === lowers.length
    ? `REPRODUCED: ${names(lowers)} fall beyond noise (paired ${level} t intervals below zero)`
    : up.length > 0
      ? `NOT REPRODUCED: ${names(up)}, which the paper sees fall, ${up.length > 1 ? 'rise' : 'rises'} beyond noise${down.length > 0 ? ` (${names(down)} ${down.length > 1 ? 'fall' : 'falls'})` : ''}`
      : down.length > 0
        ? `PARTLY REPRODUCED: ${names(down)} ${down.length > 1 ? 'fall' : 'falls'} beyond noise, ${names(rest)} ${rest.length > 1 ? 'do' : 'does'} not`
        : `NOT ESTABLISHED: no change of ${names(lowers)} beyond noise`;
}

/** What the heterogeneity numbers leave out and in which units the CR-AFM maps are. */
function measurementNotes(members: GlassAnalysis[]): string {
  const count = (of: (m: GlassAnalysis) => number) => {
    const hit = members.filter((m) => of(m) > 0);
    return `${hit.length} of ${members.length} glasses (${hit.reduce((a, m) => a + of(m), 0)} in all)`;
  };
  const kHz = members.filter((m) => m.crafm.tip_averaged).length;
  const caveat = members.find((m) => m.crafm.caveat)?.crafm.caveat;
  return `Left out of every statistic, and counted: voxels with a local shear modulus G ≤ 0 in ${count((m) => m.heterogeneity.negative_voxels ?? 0)}; ` +
    `frequency-map pixels with a non-positive modulus in ${count((m) => m.crafm.non_positive_pixels)}. ` +
    `The frequency fluctuation is std/mean of the map; ${kHz} of ${members.length} maps are tip-averaged and also given in kHz${caveat ? `, the others in relative units only (${caveat})` : ''}. ` +
    'Correlation lengths below two voxels (pixels), or beyond the box, are not reported.';
}

/**
 * How strongly the number of distinct events found per glass follows both sides of the main
 * correlation, so a reader can tell how much of it runs through how many events the searches
 * yielded (the old free-strength model made β intensity go as 1/count); the main correlation's
 * partial ρ holding the count fixed answers the same question directly.
 */
function countingCheck(r: Omit<StudyResults, 'verdict'>, members: GlassAnalysis[]): string {
  const { resamples, level, seed } = r.decision;
  const clusters = r.rows.map((row) => members.filter((m) => m.sample === row.sample));
  const rho = (of: (m: GlassAnalysis) => number) => {
    const b = clusterBootstrap(clusters, (ms) => spearman(ms.map((m) => m.spectrum.n_events), ms.map(of)), { resamples, level, seed });
    return `ρ = ${fixed(b.estimate)} (${levelPercent(level)} two-level bootstrap interval ${fixed(b.lo)} to ${fixed(b.hi)})`;
  };
  return `Counting check: distinct events per glass against β intensity ${rho((m) => m.spectrum.beta_intensity)}, against the frequency fluctuation ${rho((m) => m.crafm.fluctuation_relative)}. ` +
    'Each event adds its own relaxation strength, so more events give a stronger β physically; where both are clearly of one sign, part of the main correlation runs through how many events the searches found (the partial ρ above holds that number fixed). ' +
    samplingWeights(members);
}

/**
 * How many of its glass's events each found event stands for (the Chao1 weight M̂/D of the β
 * spectrum): large where few events were found twice, and then a glass's β rests on chance repeats.
 */
function samplingWeights(members: GlassAnalysis[]): string {
  const w = members.map((m) => m.spectrum.weight_sum / m.spectrum.n_events).filter(Number.isFinite).sort((a, b) => a - b);
  if (w.length === 0) return '';
  return `Each distinct event found stands for ${median(w)!.toPrecision(2)} events of its glass (the Chao1 weight M̂/D, median over ${w.length} glasses; ${w[0].toPrecision(2)}–${w[w.length - 1].toPrecision(2)}): ` +
    'where few events were found twice the estimate rests on chance repeats, and so does a glass\'s β intensity (docs/study.md, "Sampling depth", follows two glasses to 4× the attempts).';
}
