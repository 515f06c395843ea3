/**
 * The report's statistics tables: the correlations with β intensity (glass-level and two-level
 * bootstrap intervals, partial correlations), the t intervals of the sample means, and the
 * annealing (paired) and cooling (Welch) differences with their t intervals and df.
 */
import { levelPercent } from './decision.js';
import type { DifferenceTest } from './differences.js';
import type { ReportTable } from './report.js';
import { COLUMNS, type StudyResults } from './results.js';

const g = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : '–');
const range = (lo: number, hi: number) => (Number.isFinite(lo) && Number.isFinite(hi) ? `${g(lo)} to ${g(hi)}` : '–');
const dfText = (df: number) => (Number.isInteger(df) ? String(df) : Number.isFinite(df) ? df.toFixed(1) : '–');

function correlationTable(r: StudyResults): ReportTable {
  const level = levelPercent(r.decision.level);
  return {
    title: 'Spearman ρ with β intensity',
    note: `Intervals: ${level} percentile bootstrap, ${r.decision.resamples} resamples, seed ${r.decision.seed}; "glasses" resamples glasses as if independent, ` +
      '"two-level" resamples samples and then glasses within each drawn sample. Partial ρ: the rank correlation with e_IS (from the mean of the glasses of its model, in k·Tg), or the number of distinct events, held fixed.',
    head: ['measure', 'ρ', 'glasses', 'interval (glasses)', 'interval (two-level)', 'partial ρ, e_IS fixed', 'partial ρ, events fixed', 'ρ over sample means'],
    rows: r.correlations.map((c) => [
      `${c.label}${c.measure === r.decision.measure ? ' (decides)' : ''}`, g(c.members.estimate), `${c.members.n} in ${c.clustered.samples} samples`,
      range(c.members.lo, c.members.hi), range(c.clustered.lo, c.clustered.hi),
      `${g(c.partial.e_IS.estimate)} (${range(c.partial.e_IS.lo, c.partial.e_IS.hi)})`, `${g(c.partial.n_events.estimate)} (${range(c.partial.n_events.lo, c.partial.n_events.hi)})`,
      `${g(c.samples.rho)} (${c.samples.n})`,
    ]),
  };
}

function meansTable(r: StudyResults): ReportTable {
  const keys = ['fluctuation', 'beta_intensity', 'e_IS'];
  const label = (k: string) => COLUMNS.find((c) => c.key === k)!.label;
  return {
    title: `Sample means with ${levelPercent(r.decision.level)} t intervals`,
    note: 'mean ± t · SE with n − 1 degrees of freedom (Student t quantile); every column of the table has its interval in results.json (table[].<column>.interval).',
    head: ['sample', 'seeds', 'df', 't', ...keys.map(label)],
    rows: r.rows.map((row) => {
      const first = row.values[keys[0]].interval;
      return [row.sample, String(row.seeds.length), dfText(first.df), g(first.t), ...keys.map((k) => `${g(row.values[k].mean)} (${range(row.values[k].interval.lo, row.values[k].interval.hi)})`)];
    }),
  };
}

function differenceRow(label: string, reference: number, changed: number, d: DifferenceTest): string[] {
  return [label, g(reference), g(changed), g(d.difference), g(d.se), range(d.interval.lo, d.interval.hi), g(d.t_statistic), dfText(d.interval.df), d.beyond_noise ? 'yes' : 'no'];
}

const DIFFERENCE_HEAD = ['quantity', 'reference mean', 'changed mean', 'difference', 'SE', 'interval', 't', 'df', 'beyond noise'];

/** The second β measure: MD-DMA tan δ at each T/Tg through the same statistics (none without a dma: block). */
function dmaTable(r: StudyResults): ReportTable {
  const level = levelPercent(r.decision.level);
  return {
    title: `MD-DMA tan δ as a second β measure`,
    note: `ρ of ${r.decision.measure} against MD-DMA tan δ and of β intensity against it, with ${level} two-level bootstrap intervals; the anneal's change of tan δ paired by seed (${level} t interval); ` +
      'mean tan δ of MD-DMA and of the event spectrum at the same T and period.',
    head: ['T/Tg', `ρ(${r.decision.measure}, tan δ)`, 'interval (two-level)', 'ρ(β intensity, tan δ)', 'interval (two-level)', 'anneal: change of tan δ', 'interval', 'mean tan δ, MD-DMA', 'mean tan δ, events'],
    rows: r.md_dma.map((c) => [
      String(c.T_over_Tg), g(c.correlation.members.estimate), range(c.correlation.clustered.lo, c.correlation.clustered.hi),
      g(c.between.members.estimate), range(c.between.clustered.lo, c.between.clustered.hi),
      c.annealing ? g(c.annealing.difference) : '–', c.annealing ? range(c.annealing.interval.lo, c.annealing.interval.hi) : '–',
      g(c.mean_tan_delta), g(c.mean_event_tan_delta),
    ]),
  };
}

/** The exploratory event-site measure (event-sites.ts): per sample and over all glasses, reported, never decided on. */
function eventSitesTable(r: StudyResults): ReportTable | null {
  const e = r.event_sites;
  if (!e) return null;
  const level = levelPercent(r.decision.level);
  const mi = (m: { mean: number; interval: { lo: number; hi: number } }) => `${g(m.mean)} (${range(m.interval.lo, m.interval.hi)})`;
  return {
    title: 'Event sites in the G map (exploratory: not part of the decision rules)',
    note: `${e.note} Each catalogue event's atoms weighted by |d|² between its two minima; p_e = the weighted G percentile of their voxels (mid-ranks among the voxels with G > 0), ` +
      `p_0 = the same over all atoms (an event with no preference for G), Δp = ⟨p_e⟩ − p_0 < 0: events sit in softer voxels than atoms do. ` +
      `Per sample: means over its glasses with at least one event, Δp with the ${level} t interval (n − 1 df); all glasses: the mean of Δp with the ${level} two-level bootstrap interval. ` +
      'Soft voxels: G below the heterogeneity soft_percentile; their share of the event weight beside their share of the atoms.',
    head: ['sample', 'glasses with events / analysed', 'events', '⟨p_e⟩', 'p_0', 'Δp (interval)', 'df', 'event weight in soft voxels', 'atoms in soft voxels'],
    rows: [
      ...e.samples.filter((s) => s.glasses > 0).map((s) => [
        s.sample, `${s.shift.n} / ${s.glasses}`, String(s.events), g(s.event_percentile.mean), g(s.null_percentile.mean), mi(s.shift), s.shift.n > 1 ? dfText(s.shift.interval.df) : '–',
        g(s.soft_weight_fraction.mean), g(s.soft_atom_fraction.mean),
      ]),
      ['all glasses (two-level bootstrap)', String(e.all.glasses), '', '', '', `${g(e.all.estimate)} (${range(e.all.lo, e.all.hi)})`, '', '', ''],
    ],
  };
}

/** The exploratory δ/10 check (linearity-stage.ts): how many glasses a jump at the heterogeneity strain spoiled, and G's width without them. */
function linearityTable(r: StudyResults): ReportTable | null {
  const l = r.linearity;
  if (!l) return null;
  const c = l.without_off.correlation;
  const without = c
    ? `Without the ${l.without_off.excluded} glass(es) with voxels off, the decision's ρ(${c.label}, β intensity) = ${g(c.members.estimate)} over ${c.members.n} glasses ` +
      `(${levelPercent(r.decision.level)} two-level bootstrap ${range(c.clustered.lo, c.clustered.hi)}).`
    : `Without the ${l.without_off.excluded} glass(es) with voxels off, too few glasses are left for a correlation.`;
  return {
    title: 'Is the strain δ linear? Local moduli again at δ/10 (exploratory: not part of the decision rules)',
    note: 'Each glass\'s 12 strained relaxations repeated at δ/10 from the same reference; a voxel is off when its G moves by more than 5 % of the mean G. ' +
      'An atom near an instability that one amplitude tips over and the other does not spoils the voxels around it (docs/heterogeneity.md, "Strain amplitude"). ' +
      `Widths: std/mean of G over the voxels with G > 0, averaged over the checked glasses. ${without}`,
    head: ['sample', 'glasses checked / analysed', 'glasses with voxels off', 'voxels off', 'width of G at δ', 'width of G at δ/10'],
    rows: l.samples.filter((s) => s.glasses > 0).map((s) => [
      s.sample, `${s.checked} / ${s.glasses}`, String(s.glasses_off), String(s.voxels_off), g(s.G_width), g(s.G_width_small_delta),
    ]),
  };
}

/** The statistics section's tables (annealing and cooling only where the config names the pairs). */
export function statisticsTables(r: StudyResults): ReportTable[] {
  const level = levelPercent(r.decision.level);
  const out = [correlationTable(r), meansTable(r)];
  if (r.md_dma.length > 0) out.push(dmaTable(r));
  if (r.annealing) {
    out.push({
      title: `Annealing: ${r.annealing.annealed} − ${r.annealing.as_quenched}, paired by seed`,
      note: `Per-seed differences: mean, SE = s_d/√n, ${level} t interval with n − 1 df, t = mean/SE; beyond noise when the interval excludes zero. Pairs: seeds ${r.annealing.effects[0].paired.seeds.join(', ')}.`,
      head: DIFFERENCE_HEAD,
      rows: r.annealing.effects.map((e) => differenceRow(e.label, e.reference.mean, e.changed.mean, e.paired)),
    });
  }
  if (r.cooling) {
    out.push({
      title: `Cooling rate: ${r.cooling.slow} − ${r.cooling.fast}, unpaired`,
      note: `Difference of the means, SE = √(SE_a² + SE_b²), ${level} t interval with the Welch–Satterthwaite df.`,
      head: DIFFERENCE_HEAD,
      rows: r.cooling.effects.map((e) => differenceRow(e.label, e.reference.mean, e.changed.mean, e.welch)),
    });
  }
  const sites = eventSitesTable(r);
  if (sites) out.push(sites);
  const linearity = linearityTable(r);
  if (linearity) out.push(linearity);
  return out;
}
