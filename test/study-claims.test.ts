import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { paperClaims, type Claim } from '../analysis/study/claims.js';
import { studyResults } from '../analysis/study/study-results.js';
import type { GlassAnalysis } from '../analysis/study/results.js';
import type { LargeGlassAnalysis } from '../analysis/study/large-glass.js';

/** A synthetic glass: heterogeneity measures `f`, β intensity `beta`, sub-basin density `density`, a map nx × 0.5 nm wide. */
function glass(sample: string, seed: number, o: { f: number; beta: number; e_IS?: number; density?: number; nx?: number; weight?: number }): GlassAnalysis {
  const nx = o.nx ?? 6;
  return {
    sample, seed, dir: '', n: 2000, units: 'lj', e_IS: o.e_IS ?? -7, Tg: 0.4, Tg_used: 0.4, quench_wall_s: 1, scales: { nm_per_length: 0.25, kTg: 0.4 },
    heterogeneity: { modulus_relative_width: o.f, soft_zone_size: o.f } as GlassAnalysis['heterogeneity'],
    crafm: { fluctuation_relative: o.f, correlation_length_nm: null, non_positive_pixels: 0, map: { nx, ny: nx, cell_nm: 0.5, values: [] } } as unknown as GlassAnalysis['crafm'],
    subbasins: { density: o.density ?? 1, mean_barrier: 1, mean_distance: 1 } as GlassAnalysis['subbasins'],
    spectrum: { beta_intensity: o.beta, beta_peak_T_over_Tg: 0.5, kind: 'peak', n_events: 5, weight_sum: 5 * (o.weight ?? 1) } as GlassAnalysis['spectrum'],
  };
}

const jitter = (seed: number) => 0.01 * Math.sin(7.3 * seed);
const seeds = [1, 2, 3, 4];
const SAMPLES = ['ka', 'weak', 'wahn', 'annealed', 'slow', 'fast'];

/** The six samples: alloy levels per sample for (f, β), the anneal and the slow quench with e_IS and density as given. */
function study(alloy: Record<string, number>, stable: { e_IS: number; density: number }): GlassAnalysis[] {
  return [
    ...['ka', 'weak', 'wahn'].flatMap((s) => seeds.map((k) => glass(s, k, { f: alloy[s] + jitter(k), beta: 0.1 * alloy[s] + jitter(k) / 10 }))),
    ...seeds.map((k) => glass('annealed', k, { f: alloy.ka - 0.3 + jitter(k), beta: 0.1 * alloy.ka - 0.05 + jitter(k) / 10, e_IS: stable.e_IS + jitter(k) / 100, density: stable.density + jitter(k) })),
    ...seeds.map((k) => glass('fast', k, { f: 1 + jitter(k), beta: 0.1 + jitter(k + 1) / 10 })),
    ...seeds.map((k) => glass('slow', k, { f: 1 + jitter(k), beta: 0.1 + jitter(k + 2) / 10, e_IS: stable.e_IS + jitter(k + 3) / 100, density: stable.density + jitter(k + 3) })),
  ];
}

function claims(members: GlassAnalysis[], large: LargeGlassAnalysis[] = []): Record<string, Claim> {
  const r = studyResults(members, SAMPLES, { annealing: { as_quenched: 'ka', annealed: 'annealed' }, cooling: { fast: 'fast', slow: 'slow' } });
  return Object.fromEntries(paperClaims(r, members, large, ['ka', 'weak', 'wahn']).map((c) => [c.id, c]));
}

test('C1: the alloys in the paper\'s order, apart beyond noise, are reproduced; one pair reversed beyond noise contradicts it', () => {
  const ordered = claims(study({ ka: 3, weak: 2, wahn: 1 }, { e_IS: -7.05, density: 0.5 }));
  assert.is(ordered.C1.outcome, 'REPRODUCED');
  assert.match(ordered.C1.evidence, /frequency fluctuation: ka 3, weak 2, wahn 1/);
  const reversed = claims(study({ ka: 3, weak: 1, wahn: 2 }, { e_IS: -7.05, density: 0.5 }));
  assert.is(reversed.C1.outcome, 'CONTRADICTED');
  const flat = claims(study({ ka: 3, weak: 3, wahn: 1 }, { e_IS: -7.05, density: 0.5 }));
  assert.is(flat.C1.outcome, 'PARTLY REPRODUCED');
});

test('C4: denser sub-basins in the less stable glasses; a step that did not lower e_IS is not used', () => {
  const alloy = { ka: 3, weak: 2, wahn: 1 };
  assert.is(claims(study(alloy, { e_IS: -7.05, density: 0.5 })).C4.outcome, 'REPRODUCED');
  assert.is(claims(study(alloy, { e_IS: -7.05, density: 1.5 })).C4.outcome, 'CONTRADICTED');
  const unstable = claims(study(alloy, { e_IS: -6.95, density: 0.5 })).C4;
  assert.is(unstable.outcome, 'NOT TESTABLE');
  assert.match(unstable.evidence, /not more stable beyond noise: not used/);
});

test('C2 and C3 repeat the decision rules; C6 is beyond reach in boxes under 10 nm and not where the map is wider', () => {
  const c = claims(study({ ka: 3, weak: 2, wahn: 1 }, { e_IS: -7.05, density: 0.5 }));
  assert.is(c.C2.outcome, 'REPRODUCED');
  assert.is(c.C3.outcome, 'REPRODUCED');
  assert.is(c.C5.outcome, 'NOT TESTABLE');
  assert.is(c.C6.outcome, 'BEYOND REACH');
  assert.match(c.C6.evidence, /largest map 3 nm wide \(2000 atoms\), lengths resolvable up to 1\.5 nm/);
  const big = glass('ka', 1, { f: 1, beta: 0.1, nx: 24 });
  const wide = claims(study({ ka: 3, weak: 2, wahn: 1 }, { e_IS: -7.05, density: 0.5 }), [{ ...big, heterogeneity: big.heterogeneity, n: 32000 } as unknown as LargeGlassAnalysis]);
  assert.is(wide.C6.outcome, 'NOT ESTABLISHED');
  assert.match(wide.C6.evidence, /largest map 12 nm wide \(32000 atoms\)/);
});


test('the verdict says how many events of its glass each found event stands for (Chao1 M̂/D: median and range)', () => {
  const members = study({ ka: 3, weak: 2, wahn: 1 }, { e_IS: -7.05, density: 0.5 }).map((m, k) => glass(m.sample, m.seed, { f: m.crafm.fluctuation_relative!, beta: m.spectrum.beta_intensity, weight: 1 + k }));
  const r = studyResults(members, SAMPLES, { annealing: { as_quenched: 'ka', annealed: 'annealed' }, cooling: { fast: 'fast', slow: 'slow' } });
  // Weights 1 … 24: median 12.5, range 1–24.
  assert.ok(r.verdict.some((p) => p.includes('stands for 13 events of its glass (the Chao1 weight M̂/D, median over 24 glasses; 1.0–24)')), r.verdict.join('\n'));
});

test.run();
