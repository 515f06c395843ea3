/**
 * The study's results: the table, correlations, anneal and cooling comparisons (results.ts) and the
 * verdict the decision rules draw from them (verdict.ts).
 */
import { DEFAULT_DECISION, type Decision } from './decision.js';
import { correlations, effects, pairedEffects, sampleRows, type GlassAnalysis, type StudyResults } from './results.js';
import { verdict } from './verdict.js';
import { dmaComparisons } from './dma-results.js';
import { bandwidthChecks } from './bandwidth-check.js';
import { eventSitesSummary } from './event-sites.js';
import { linearitySummary } from './linearity-stage.js';

export function studyResults(
  members: GlassAnalysis[], samples: string[], pairs: { annealing?: { as_quenched: string; annealed: string }; cooling?: { fast: string; slow: string } },
  decision: Decision = DEFAULT_DECISION,
): StudyResults {
  const { level } = decision;
  const rows = sampleRows(members, samples, level);
  const partial = {
    rows,
    correlations: correlations(members, rows, decision),
    annealing: pairs.annealing ? { ...pairs.annealing, effects: pairedEffects(members, rows, pairs.annealing.as_quenched, pairs.annealing.annealed, level) } : null,
    cooling: pairs.cooling ? { ...pairs.cooling, effects: effects(rows, pairs.cooling.fast, pairs.cooling.slow, level) } : null,
    decision,
    md_dma: dmaComparisons(members, rows, decision, pairs.annealing),
    bandwidth_check: bandwidthChecks(members, rows, decision),
  };
  // Exploratory (event-sites.ts, linearity-stage.ts): beside the results, computed after the verdict and never read by it.
  const sites = eventSitesSummary(members.map((m) => ({ sample: m.sample, sites: m.event_sites })), samples, decision);
  return { ...partial, verdict: verdict(partial, members), event_sites: sites, linearity: linearitySummary(members, samples, decision) };
}
