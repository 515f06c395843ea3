/**
 * The study's second β measure: MD-DMA tan δ of every glass at each T/Tg of the dma: block, put
 * through the same statistics as the first (β intensity of the event spectrum at the laboratory
 * frequency): Spearman ρ of the decision's heterogeneity measure against it with the two-level
 * bootstrap, ρ between the two β measures, and the anneal's paired change.
 */
import { pairedDifference } from './differences.js';
import type { Decision } from './decision.js';
import { COLUMNS, correlations, dmaColumns, type DmaComparison, type GlassAnalysis, type SampleRow } from './results.js';

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export function dmaComparisons(
  members: GlassAnalysis[], rows: SampleRow[], decision: Decision, annealing?: { as_quenched: string; annealed: string },
): DmaComparison[] {
  const beta = COLUMNS.find((c) => c.key === 'beta_intensity')!;
  const measure = COLUMNS.find((c) => c.key === decision.measure)!;
  const points = (x: number) => members.flatMap((m) => m.dma?.points.filter((p) => p.T_over_Tg === x) ?? []);
  return dmaColumns(members).filter((c) => c.key.startsWith('md_tan_delta_')).map((c) => {
    const x = Number(c.key.slice('md_tan_delta_'.length));
    const bySeed = (sample: string) => new Map(members.filter((m) => m.sample === sample).map((m) => [m.seed, c.of(m) ?? NaN]));
    const ps = points(x);
    const events = ps.map((p) => p.event_tan_delta).filter((v): v is number => v !== null && Number.isFinite(v));
    return {
      T_over_Tg: x, measure: c.key,
      correlation: correlations(members, rows, decision, c, [measure])[0],
      between: correlations(members, rows, decision, c, [beta])[0],
      annealing: annealing ? pairedDifference(bySeed(annealing.as_quenched), bySeed(annealing.annealed), decision.level) : null,
      mean_tan_delta: mean(ps.map((p) => p.tan_delta)), mean_event_tan_delta: events.length > 0 ? mean(events) : NaN,
    };
  });
}
