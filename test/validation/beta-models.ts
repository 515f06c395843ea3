/**
 * The old and the new β of the same glasses: for every member of a finished study, the β intensity
 * of the retired free-strength model (every glass the same β strength 0.1 shared equally among the
 * barriers of its adjacent saddles, τ0 = 1e-13 s, as the study computed it before the event
 * spectrum) beside the event spectrum's (analysis.json), and the rankings of the samples by each.
 *
 *   node --import tsx test/validation/beta-models.ts runs/study-medium
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { barrierSpectrum } from '../../analysis/spectra/barriers.js';
import { spectrumGrid } from '../../analysis/study/stages.js';
import { readLandscapeJson } from '../../landscape/landscape-json.js';
import { analyseSubBasins } from '../../landscape/subbasins.js';
import { spearman } from '../../analysis/study/statistics.js';

const out = process.argv[2];
if (!out) throw new Error('usage: beta-models.ts STUDY_OUTPUT');
const grid = spectrumGrid({ T_min: 0.005, T_max: 1.3, points: 240 });

/** The old study's β intensity: max of the model's β part over the max of the total loss. */
function oldBeta(barriers: number[], Tg: number): number {
  if (barriers.length === 0) return 0;
  const sp = barrierSpectrum({
    barriers, boltzmann: 1, tau0: 1e-13, betaStrength: 0.1, alpha: { Tg, fragility: 40, tauG: 100, tauInf: 1e-14, gamma: 0.5 },
  }, grid.map((x) => x * Tg), 1, 3);
  return Math.max(...sp.map((p) => p.betaLoss)) / Math.max(...sp.map((p) => p.loss));
}

interface Row { sample: string; seed: number; events: number; barriers: number; old: number; now: number }
const rows: Row[] = [];
const samplesDir = join(out, 'samples');
for (const sample of readdirSync(samplesDir)) {
  for (const member of readdirSync(join(samplesDir, sample))) {
    const dir = join(samplesDir, sample, member);
    if (!existsSync(join(dir, 'analysis.json'))) continue;
    const a = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8'));
    const barriers = analyseSubBasins(readLandscapeJson(join(dir, 'landscape', 'landscape.json')), { binWidth: 1 }).barriers.filter((b) => b > 0);
    rows.push({ sample, seed: a.seed, events: a.spectrum.n_events, barriers: barriers.length, old: oldBeta(barriers, a.Tg_used), now: a.spectrum.beta_intensity });
  }
}
console.log('| sample | seed | distinct events | adjacent barriers | β intensity, old model | β intensity, events |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.sample} | ${r.seed} | ${r.events} | ${r.barriers} | ${r.old.toPrecision(3)} | ${r.now.toPrecision(3)} |`);
const samples = [...new Set(rows.map((r) => r.sample))];
const mean = (s: string, k: 'old' | 'now') => {
  const v = rows.filter((r) => r.sample === s).map((r) => r[k]);
  return v.reduce((a, b) => a + b, 0) / v.length;
};
const rank = (k: 'old' | 'now') => [...samples].sort((a, b) => mean(b, k) - mean(a, k));
console.log(`ranking by the old model:  ${rank('old').map((s) => `${s} (${mean(s, 'old').toPrecision(3)})`).join(' > ')}`);
console.log(`ranking by the events:     ${rank('now').map((s) => `${s} (${mean(s, 'now').toPrecision(3)})`).join(' > ')}`);
console.log(`Spearman ρ between the two over ${rows.length} glasses: ${spearman(rows.map((r) => r.old), rows.map((r) => r.now)).toFixed(2)}; ` +
  `old model against the barrier count: ${spearman(rows.map((r) => r.barriers), rows.map((r) => r.old)).toFixed(2)}; ` +
  `events against the event count: ${spearman(rows.map((r) => r.events), rows.map((r) => r.now)).toFixed(2)}`);
