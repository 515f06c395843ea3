/**
 * How completely the activation attempts sampled a glass's events, and how many events the glass
 * holds: the normalisation that makes an event spectrum a property of the glass, not of the effort.
 *
 * Attempts start at atoms drawn uniformly over the whole glass (landscape/saddles/activation.ts),
 * so, as far as every event is reached from about as many atoms, each successful attempt draws one
 * of the glass's M events at random. The distinct events D found in n accepted attempts then follow
 * the collector's curve E[D] = M (1 − (1 − 1/M)^n), and the numbers of events found once (f1) and
 * twice (f2) estimate the events not yet found. M is estimated by the bias-corrected Chao1
 * estimator (Chao, Biometrics 43, 783 (1987); EstimateS user's guide, eq. 2):
 *
 *   M̂ = D + f1 (f1 − 1) / (2 (f2 + 1)),
 *
 * a lower bound where some events are much easier to reach than others; it equals D once every
 * event has been found at least twice (f1 = 0). Its variance is
 *   f1(f1 − 1)/(2(f2 + 1)) + f1(2f1 − 1)²/(4(f2 + 1)²) + f1² f2 (f1 − 1)²/(4(f2 + 1)⁴)
 * and the 95 % interval is Chao's log-normal one, D + T/K … D + T·K with T = M̂ − D and
 * K = exp(1.96 √ln(1 + var/T²)).
 *
 * Each distinct event then stands for M̂/D events of the glass (its weight), so Σ_i w_i ΔJ_i is
 * the compliance relaxation of the whole box, and it stops depending on the number of attempts
 * once sampling saturates.
 */

export interface SamplingEstimate {
  attempts: number;
  /** Attempts that found an event out of the glass minimum (counted), and the distinct events among them. */
  accepted: number;
  distinct: number;
  singletons: number;
  doubletons: number;
  /** Estimated events of the glass (bias-corrected Chao1), its standard error and 95 % interval. */
  estimated: number;
  standardError: number;
  interval: [number, number];
  /** M̂ / sites (atoms). */
  eventsPerSite: number;
  /** M̂ / D: the weight of each distinct event. */
  weight: number;
  /** Distinct events found after each attempt (attempt k at index k − 1). */
  saturation: number[];
}

/**
 * `found[k]` is the id of the distinct event attempt k + 1 found and counted, or null (no saddle,
 * back to the same minimum, or an event not out of the glass minimum).
 */
export function estimateSampling(found: (number | null)[], sites: number): SamplingEstimate {
  const hits = new Map<number, number>();
  const saturation = found.map((id) => {
    if (id !== null) hits.set(id, (hits.get(id) ?? 0) + 1);
    return hits.size;
  });
  const counts = [...hits.values()];
  const D = hits.size;
  const f1 = counts.filter((c) => c === 1).length;
  const f2 = counts.filter((c) => c === 2).length;
  const T = (f1 * (f1 - 1)) / (2 * (f2 + 1));
  const variance = T + (f1 * (2 * f1 - 1) ** 2) / (4 * (f2 + 1) ** 2) + (f1 * f1 * f2 * (f1 - 1) ** 2) / (4 * (f2 + 1) ** 4);
  const K = T > 0 ? Math.exp(1.96 * Math.sqrt(Math.log(1 + variance / (T * T)))) : 1;
  const estimated = D + T;
  return {
    attempts: found.length, accepted: counts.reduce((a, b) => a + b, 0), distinct: D, singletons: f1, doubletons: f2,
    estimated, standardError: Math.sqrt(variance), interval: [D + T / K, D + T * K],
    eventsPerSite: estimated / sites, weight: D > 0 ? estimated / D : 0, saturation,
  };
}
