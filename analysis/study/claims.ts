/**
 * The paper's claims one by one (docs/study.md, "The paper's claims"), each with the test that
 * decides it and its outcome from the study's numbers. C2 and C3 are the config's decision rules
 * (verdict.ts); the rules of C1, C4, C5 and C6 were fixed in this file on 2026-12-06, before the
 * full run's analyses, and are applied at the decision level:
 *
 *  C1 alloy ordering: the `alloys` samples (strongest β first) in that order in the heterogeneity
 *     measure and in β intensity, each neighbouring pair apart beyond noise (Welch t interval);
 *  C2 annealing lowers heterogeneity and β: the `annealing_lowers` rule;
 *  C3 heterogeneity and β correlate: the decision's correlation rule;
 *  C4 less stable glasses have denser sub-basins: sub-basin density lower after every stability
 *     step that lowered e_IS beyond noise (the anneal, paired; slower cooling, Welch);
 *  C5 soft zones carry β (exploratory): event sites at lower G percentiles than atoms (Δp < 0);
 *  C6 heterogeneity lengths of 5–250 nm: beyond reach when half the largest box is shorter than 5 nm.
 */
import { welchDifference, type DifferenceTest } from './differences.js';
import { levelPercent } from './decision.js';
import { annealingClaim, betaNegligible, describeChange, direction, outcome, ruleStatus } from './verdict.js';
import { COLUMNS, type Effect, type GlassAnalysis, type StudyResults } from './results.js';
import type { LargeGlassAnalysis } from './large-glass.js';
import type { ReportTable } from './report.js';

export interface Claim {
  id: string;
  /** What the paper found, in a few words. */
  paper: string;
  /** The test that decides it here. */
  test: string;
  /** REPRODUCED, PARTLY REPRODUCED, NOT ESTABLISHED, CONTRADICTED, NOT REPRODUCED, NOT TESTABLE, BEYOND REACH; "(exploratory)" for C5. */
  outcome: string;
  evidence: string;
}

/** The smallest heterogeneity length the paper reports (Vit105, 5–10 nm). */
const PAPER_SMALLEST_LENGTH_NM = 5;

const g3 = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : 'n/a');

/** The change from each sample of `order` to the next (the paper expects each to fall), Welch t intervals. */
function orderingTest(r: Omit<StudyResults, 'verdict'>, order: string[], key: string): { label: string; key: string; steps: { from: string; to: string; test: DifferenceTest }[] } {
  const row = (s: string) => r.rows.find((x) => x.sample === s)!;
  const steps = order.slice(1).map((to, k) => ({ from: order[k], to, test: welchDifference(row(order[k]).values[key], row(to).values[key], r.decision.level) }));
  return { label: COLUMNS.find((c) => c.key === key)!.label, key, steps };
}

/** Outcome of a claim that expects every step to fall: all fall → REPRODUCED, any rises → CONTRADICTED, some fall → PARTLY, none → NOT ESTABLISHED. */
function fallOutcome(dirs: ('down' | 'up' | 'none')[]): string {
  if (dirs.length === 0) return 'NOT TESTABLE';
  if (dirs.some((d) => d === 'up')) return 'CONTRADICTED';
  if (dirs.every((d) => d === 'down')) return 'REPRODUCED';
  return dirs.some((d) => d === 'down') ? 'PARTLY REPRODUCED' : 'NOT ESTABLISHED';
}

function alloyClaim(r: Omit<StudyResults, 'verdict'>, members: GlassAnalysis[], order: string[] | undefined, negligible: boolean): Claim {
  const paper = 'La60Ni15Al25 > La60Cu15Al25 > Vit105 in CR-AFM frequency fluctuation (1.2, 0.7, 0.3 kHz), and β a peak, a shoulder, an excess wing';
  const measure = COLUMNS.find((c) => c.key === r.decision.measure)!.label;
  const test = `the samples ${order?.join(' > ') ?? '(config alloys: not set)'} in that order in ${measure} and in β intensity, each neighbouring pair apart beyond noise (${levelPercent(r.decision.level)} Welch t intervals)`;
  if (!order || order.length < 2) return { id: 'C1', paper, test, outcome: 'NOT TESTABLE', evidence: 'no alloys: order in the config' };
  const measures = negligible ? [r.decision.measure] : [r.decision.measure, 'beta_intensity'];
  const tests = measures.map((k) => orderingTest(r, order, k));
  const row = (s: string) => r.rows.find((x) => x.sample === s)!;
  const evidence = tests.map((t) => `${t.label}: ${order.map((s) => `${s} ${g3(row(s).values[t.key].mean)}`).join(', ')}; ` +
    t.steps.map((s) => `${s.to} against ${s.from} ${describeChange(s.test)}`).join('; ')).join('. ') +
    `. β class (the paper: peak, shoulder, wing): ${order.map((s) => `${s} ${row(s).kind}`).join(', ')}` +
    (negligible ? '. β intensity is negligible in every glass, so only the heterogeneity side is tested' : '') +
    `. ${members.filter((m) => order.includes(m.sample)).length} glasses`;
  return { id: 'C1', paper, test, outcome: fallOutcome(tests.flatMap((t) => t.steps.map((s) => direction(s.test)))), evidence };
}

function annealingClaimRow(r: Omit<StudyResults, 'verdict'>, negligible: boolean): Claim {
  const paper = 'annealing below Tg narrows the frequency distribution, shortens the correlation length and weakens β (Pd40Ni10Cu30P20)';
  const test = `the config's annealing_lowers rule: ${r.decision.annealing_lowers.join(' and ')} fall beyond noise (paired ${levelPercent(r.decision.level)} t intervals)`;
  if (!r.annealing) return { id: 'C2', paper, test, outcome: 'NOT TESTABLE', evidence: 'no annealing pair in the config' };
  const status = annealingClaim(r.annealing, r.decision.annealing_lowers, negligible, levelPercent(r.decision.level));
  return { id: 'C2', paper, test, outcome: outcome(status), evidence: status.slice(status.indexOf(':') + 2) };
}

function correlationClaim(r: Omit<StudyResults, 'verdict'>, negligible: boolean): Claim {
  const main = r.correlations.find((c) => c.measure === r.decision.measure)!;
  const status = ruleStatus(main, r.decision, negligible);
  return {
    id: 'C3', paper: 'the more heterogeneous a glass, the more pronounced its β relaxation',
    test: `the config's decision rule: Spearman ρ of ${main.label} against β intensity, ${r.decision.interval} interval`,
    outcome: outcome(status), evidence: `ρ = ${g3(main.members.estimate)} over ${main.members.n} glasses; ${status.slice(status.indexOf(':') + 2)}`,
  };
}

/** A stability step's effects on e_IS, sub-basin density, distance and mean barrier, paired (anneal) or Welch (cooling). */
function stabilityStep<E extends Effect>(name: string, effects: E[], test: (e: E) => DifferenceTest) {
  const of = (k: string) => test(effects.find((e) => e.quantity === k)!);
  return { name, stable: direction(of('e_IS')) === 'down', of };
}

function subBasinClaim(r: Omit<StudyResults, 'verdict'>): Claim {
  const steps = [
    ...(r.annealing ? [stabilityStep(`annealed (${r.annealing.annealed} against ${r.annealing.as_quenched}, paired)`, r.annealing.effects, (e) => e.paired)] : []),
    ...(r.cooling ? [stabilityStep(`slower cooling (${r.cooling.slow} against ${r.cooling.fast}, Welch)`, r.cooling.effects, (e) => e.welch)] : []),
  ];
  const used = steps.filter((s) => s.stable);
  const evidence = steps.map((s) => `${s.name}: e_IS ${describeChange(s.of('e_IS'))}${s.stable ? '' : ' (not more stable beyond noise: not used)'}, sub-basin density ${describeChange(s.of('subbasin_density'))}, ` +
    `sub-basin distance ${describeChange(s.of('subbasin_distance'))}, mean barrier ${describeChange(s.of('mean_barrier'))}`).join('. ');
  return {
    id: 'C4', paper: 'a less stable glass has denser sub-basins, closer together, with lower β barriers (the PEL picture, after MD of cooling histories)',
    test: `sub-basin density falls beyond noise (${levelPercent(r.decision.level)} t interval) at every stability step that lowered e_IS beyond noise; distance and barrier reported`,
    outcome: fallOutcome(used.map((s) => direction(s.of('subbasin_density')))), evidence: evidence || 'no annealing or cooling pair in the config',
  };
}

function softZoneClaim(r: Omit<StudyResults, 'verdict'>): Claim {
  const all = r.event_sites?.all;
  const paper = 'zones of lower elastic modulus hold the structural defects that carry β';
  const test = "exploratory (not a decision rule): the events' G percentile minus the atoms' (Δp), two-level bootstrap interval below 0";
  if (!all || !Number.isFinite(all.estimate)) return { id: 'C5', paper, test, outcome: 'NOT TESTABLE', evidence: 'no event sites' };
  const verdict = all.hi < 0 ? 'REPRODUCED' : all.lo > 0 ? 'CONTRADICTED' : 'NOT ESTABLISHED';
  return {
    id: 'C5', paper, test, outcome: `${verdict} (exploratory)`,
    evidence: `Δp = ${g3(all.estimate)} (${levelPercent(all.level)} two-level bootstrap interval ${g3(all.lo)} to ${g3(all.hi)}) over ${all.glasses} glasses in ${all.samples} samples`,
  };
}

function lengthClaim(members: GlassAnalysis[], large: LargeGlassAnalysis[]): Claim {
  const edge = (c: GlassAnalysis['crafm']) => c.map.nx * c.map.cell_nm;
  const glasses = [...members.map((m) => ({ n: m.n, crafm: m.crafm })), ...large.map((g) => ({ n: g.n, crafm: g.crafm }))];
  const biggest = glasses.reduce((a, g) => (edge(g.crafm) > edge(a.crafm) ? g : a), glasses[0]);
  const lengths = glasses.map((g) => g.crafm.correlation_length_nm).filter((x): x is number => x !== null && Number.isFinite(x));
  const reach = edge(biggest.crafm) / 2;
  return {
    id: 'C6', paper: 'heterogeneity lengths of 5–10 nm (Vit105), 30–50 nm (La60Cu15Al25) and 80–250 nm (La60Ni15Al25), shorter after annealing',
    test: `beyond reach when half the largest map (the longest resolvable length) is below ${PAPER_SMALLEST_LENGTH_NM} nm`,
    outcome: reach < PAPER_SMALLEST_LENGTH_NM ? 'BEYOND REACH' : 'NOT ESTABLISHED',
    evidence: `largest map ${g3(edge(biggest.crafm))} nm wide (${biggest.n} atoms), lengths resolvable up to ${g3(reach)} nm; map correlation lengths resolved in ${lengths.length} of ${glasses.length} glasses` +
      (lengths.length ? ` (${g3(Math.min(...lengths))}–${g3(Math.max(...lengths))} nm)` : ''),
  };
}

/** Every claim of the paper with its outcome (results.json `claims`, the report's table). */
export function paperClaims(r: Omit<StudyResults, 'verdict'>, members: GlassAnalysis[], large: LargeGlassAnalysis[], alloys: string[] | undefined): Claim[] {
  const negligible = betaNegligible(members, r.decision);
  return [alloyClaim(r, members, alloys, negligible), annealingClaimRow(r, negligible), correlationClaim(r, negligible), subBasinClaim(r), softZoneClaim(r), lengthClaim(members, large)];
}

export function claimsTable(claims: Claim[]): ReportTable {
  return {
    title: "The paper's claims, one by one",
    note: 'C2 and C3 follow the decision rules of the config; C1, C4, C5 and C6 the rules of analysis/study/claims.ts, fixed before the full run (docs/study.md, "The paper\'s claims"). C5 is exploratory.',
    head: ['claim', 'the paper', 'test here', 'outcome', 'evidence'],
    rows: claims.map((c) => [c.id, c.paper, c.test, c.outcome, c.evidence]),
  };
}
