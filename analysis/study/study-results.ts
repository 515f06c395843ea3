/**
 * The study's results: the table, correlations, anneal and cooling comparisons (results.ts) and the
 * verdict the decision rules draw from them (verdict.ts).
 */
import { DEFAULT_DECISION, type Decision } from './decision.js';
import { COLUMNS, correlations, effects, pairedEffects, sampleRows, type GlassAnalysis, type LinearitySummary, type StudyResults } from './results.js';
import { verdict } from './verdict.js';
import { dmaComparisons } from './dma-results.js';
import { bandwidthChecks } from './bandwidth-check.js';
import { eventSitesSummary } from './event-sites.js';
import { linearityRows } from './linearity-stage.js';

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

/** The δ/10 check per sample, and the decision's correlation without the glasses it flags (null without the stage). */
function linearitySummary(members: GlassAnalysis[], samples: string[], decision: Decision): LinearitySummary | null {
  if (!members.some((m) => m.linearity)) return null;
  const kept = members.filter((m) => !m.linearity || m.linearity.voxels_off === 0);
  const measure = COLUMNS.find((c) => c.key === decision.measure)!;
  const correlation = kept.length > 2 ? correlations(kept, sampleRows(kept, samples, decision.level), decision, undefined, [measure])[0] : null;
  return { samples: linearityRows(members, samples), without_off: { excluded: members.length - kept.length, correlation } };
}
