/**
 * Has the sampling of a glass converged? The β measures of its event spectrum (1 Hz: spectrumStage)
 * and its sub-basin density, recomputed from the first k activation attempts only, k = n/4, n/2,
 * 3n/4 and n (rounded, distinct): once the search has saturated they no longer change with k. Each
 * partial catalogue (its own sampling estimate and weights, adjacency judged as for the full one)
 * is written into the campaign's attempts/first-K/ directory.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Units } from '../../sim/units.js';
import type { ActivationSetup } from '../../landscape/activation/events.js';
import { readLandscapeJson } from '../../landscape/landscape-json.js';
import { catalogueCampaign } from '../spectra/campaign-catalogue.js';
import { readCatalogue } from '../spectra/event-catalogue.js';
import { spectrumStage, subBasinStage, type SpectrumSettings, type SubBasinSettings } from './stages.js';

export interface ConvergenceResult {
  attempts: number[];
  beta_intensity: number[];
  beta_peak_T_over_Tg: (number | null)[];
  density: number[];
}

/** n/4, n/2, 3n/4 and n, rounded, at least 1, distinct. */
export function attemptCounts(n: number): number[] {
  return [...new Set([n / 4, n / 2, (3 * n) / 4, n].map((k) => Math.max(1, Math.round(k))))];
}

/** The β measures and the sub-basin density of the campaign in `dir` (n attempts) from its first attempts. */
export function convergenceStage(
  dir: string, setup: ActivationSetup, n: number, adjacencyRadius: number, units: Units, Tg: number, nAtoms: number,
  s: { spectrum: SpectrumSettings; subbasins: SubBasinSettings },
): ConvergenceResult {
  const r: ConvergenceResult = { attempts: [], beta_intensity: [], beta_peak_T_over_Tg: [], density: [] };
  for (const k of attemptCounts(n)) {
    const out = join(dir, 'attempts', `first-${k}`);
    mkdirSync(out, { recursive: true });
    catalogueCampaign(dir, setup, k, adjacencyRadius, out);
    const sp = spectrumStage(readCatalogue(out), units, Tg, s.spectrum);
    const sub = subBasinStage(readLandscapeJson(join(out, 'landscape.json')), nAtoms, s.subbasins);
    r.attempts.push(k);
    r.beta_intensity.push(sp.beta_intensity);
    r.beta_peak_T_over_Tg.push(sp.beta_peak_T_over_Tg);
    r.density.push(sub.density);
  }
  return r;
}
