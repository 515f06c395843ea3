/**
 * The verdict's correlation again with β intensity from the asymmetry kernel at other widths
 * (spectrum.bandwidth_check: multiples of each glass's own width, stored in its spectrum.json):
 * whether the conclusion depends on the choice of Silverman's width (analysis/spectra/asymmetry-smoothing.ts).
 */
import type { Decision } from './decision.js';
import { COLUMNS, correlations, type BandwidthCheck, type GlassAnalysis, type SampleRow } from './results.js';

export function bandwidthChecks(members: GlassAnalysis[], rows: SampleRow[], decision: Decision): BandwidthCheck[] {
  const factors = members.find((m) => m.spectrum.bandwidth_check)?.spectrum.bandwidth_check!.factor ?? [];
  const beta = COLUMNS.find((c) => c.key === 'beta_intensity')!;
  const measure = COLUMNS.find((c) => c.key === decision.measure)!;
  return factors.map((factor, i) => {
    const column = {
      ...beta, key: `beta_intensity_bandwidth_x${factor}`, label: `β intensity (kernel width × ${factor})`,
      // A glass with too few events for a width has the exact sum, the same at every width.
      of: (m: GlassAnalysis) => (m.spectrum.bandwidth_check?.factor[i] === factor ? m.spectrum.bandwidth_check.beta_intensity[i]
        : m.spectrum.asymmetry_bandwidth === null ? m.spectrum.beta_intensity : null),
    };
    return { factor, correlation: correlations(members, rows, decision, column, [measure])[0] };
  });
}
