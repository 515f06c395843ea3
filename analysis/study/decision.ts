/**
 * The study's decision rules (`decision:` in the study config), fixed before the run and printed
 * verbatim in results.json and report.html: the confidence level of every interval, the measure
 * of the paper's correlation, which bootstrap interval decides it and where its ends must lie, the
 * quantities the anneal must lower beyond noise, and when β is too small to say anything.
 */
import { stringify as toYaml } from 'yaml';
import { z } from 'zod';

/** The heterogeneity measures (results.ts COLUMNS marked `heterogeneity`). */
export const HETEROGENEITY_MEASURES = ['modulus_width', 'fluctuation', 'correlation_length', 'soft_zone_size', 'subbasin_density'] as const;

/** The quantities compared between samples (annealing and cooling effects). */
export const EFFECT_QUANTITIES = ['fluctuation', 'modulus_width', 'correlation_length', 'soft_zone_size', 'subbasin_density', 'subbasin_distance', 'mean_barrier', 'beta_intensity', 'e_IS'] as const;

const num = z.number({ error: 'must be a number' });

export const decisionSchema = z.strictObject({
  /** Confidence level of every interval (bootstrap and t). */
  level: num.gt(0, 'must be > 0').lt(1, 'must be < 1').default(0.95),
  /** The heterogeneity measure of the paper's correlation with β intensity. */
  measure: z.enum(HETEROGENEITY_MEASURES).default('fluctuation'),
  /** Which interval of Spearman's ρ decides: clustered (samples, then glasses) or members (glasses as independent). */
  interval: z.enum(['clustered', 'members']).default('clustered'),
  /** Reproduced when the interval's lower end lies above this ρ. */
  reproduced_above: num.gte(-1).lt(1, 'must be < 1').default(0),
  /** Contradicted when the interval's upper end lies below this ρ. */
  contradicted_below: num.gt(-1, 'must be > -1').lte(1).default(0),
  /** Quantities the anneal must lower (paired t interval below zero) for the annealing effect to be reproduced. */
  annealing_lowers: z.array(z.enum(EFFECT_QUANTITIES)).min(1, 'must name at least one quantity').default(['fluctuation', 'beta_intensity']),
  /** β intensity (of the loss maximum) below which β counts as negligible in every glass and decides nothing. */
  negligible_beta: num.gt(0, 'must be > 0').default(1e-3),
  /** Bootstrap resamples and the seed of their draws. */
  resamples: z.int({ error: 'must be a whole number' }).gte(100, 'must be >= 100').default(2000),
  seed: z.int({ error: 'must be a whole number' }).default(1),
});

export type Decision = z.output<typeof decisionSchema>;

/** The rules a config without `decision:` gets. */
export const DEFAULT_DECISION: Decision = decisionSchema.parse({});

/** The rules as the YAML block a config would hold (shown verbatim in the report). */
export function decisionYaml(d: Decision): string {
  return toYaml({ decision: d }, { lineWidth: 0 });
}

/** A confidence level as text: 0.95 → "95 %". */
export const levelPercent = (level: number) => `${Math.round(1000 * level) / 10} %`;

/** The rules in words, one sentence each. */
export function decisionText(d: Decision): string[] {
  const pct = levelPercent(d.level);
  return [
    `Every interval is a two-sided ${pct} interval.`,
    `The paper's correlation is judged on Spearman's ρ of ${d.measure} against β intensity, with the ${d.interval === 'clustered' ? 'two-level (samples, then glasses within them) bootstrap' : 'glass-level bootstrap (glasses treated as independent)'} interval (${d.resamples} resamples, seed ${d.seed}): ` +
      `reproduced when its lower end lies above ${d.reproduced_above}, contradicted when its upper end lies below ${d.contradicted_below}, not established otherwise.`,
    `The annealing effect is reproduced when the anneal lowers ${d.annealing_lowers.join(' and ')} beyond noise: the ${pct} paired t interval (pairs by seed, n − 1 df) of the change lies below zero.`,
    `When every glass's β intensity is below ${d.negligible_beta} of the loss maximum, nothing is concluded from β.`,
  ];
}
