/**
 * Synthetic per-glass analyses for figure tests: smooth made-up spectra, maps and curves (no
 * simulation), with or without the fields issue 19 adds (saturation, convergence, voxel scan,
 * CR-AFM units, MD-frequency spectrum, MD-DMA). Values are small on purpose (0.001–0.05), where an
 * SI-prefix tick formatter would write "10m".
 */
import type { GlassAnalysis } from '../../analysis/study/results.js';
import type { FigureGlass } from '../../analysis/plots/study-inputs.js';

const grid = Array.from({ length: 60 }, (_, i) => 0.3 * 4 ** (i / 59));
const bump = (x: number, at: number, width: number) => Math.exp(-((Math.log(x / at) / width) ** 2));

function glass(sample: string, k: number, seed: number, full: boolean, relative: boolean): FigureGlass {
  const a = 0.02 * (1 + 0.3 * k) * (1 + 0.05 * seed);
  const alpha = grid.map((x) => 0.05 * bump(x, 1.05, 0.05));
  const beta = grid.map((x) => a * bump(x, 0.6 + 0.02 * k, 0.25));
  const nx = 4, ny = 4;
  const values = Array.from({ length: nx * ny }, (_, i) => 480 + 0.004 * (1 + k) * Math.sin(i * 1.7 + seed));
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const base: GlassAnalysis = {
    sample, seed, dir: '', n: 250, units: 'lj', e_IS: -7.1 - 0.01 * k - 0.002 * seed, Tg: 0.42, Tg_used: 0.42, quench_wall_s: 1, scales: { nm_per_length: 0.25, kTg: 0.42 },
    heterogeneity: {
      grid: [3, 3, 3], cell: [2, 2, 2], stress_unit: 'ε/σ³', G_mean: 14, G_std: 3, modulus_relative_width: 0.2 + 0.01 * k + 0.001 * seed,
      correlation_length: 0.9, soft_zones: 2, soft_zone_voxels: 2, soft_zone_size: 2.5, global: { E: 40, G: 14, K: 50, nu: 0.36 }, unconverged: 0,
    } as GlassAnalysis['heterogeneity'], // as an older analysis.json wrote it

    crafm: {
      map: { nx, ny, cell_nm: 0.7, values }, profile: { x_nm: [0.35, 1.05, 1.75, 2.45], f_kHz: values.slice(8, 12) },
      histogram: { edges: [0, 1], counts: [16] }, mean_kHz: mean, fluctuation_kHz: 0.003 * (1 + k), range_kHz: 0.01, correlation_length_nm: 0.4,
      surface_layers: 1, contact_radius_nm: 1.2, non_positive_pixels: 0,
    } as GlassAnalysis['crafm'],
    subbasins: {
      events: 20, ok_events: 18, adjacent_events: 12, adjacent_minima: 8, density: 0.002 * (1 + k), mean_barrier: 1.1, barriers: [0.5, 1, 1.5],
      mean_distance: 0.8, histogram: { edges: [0, 0.5, 1], counts: [3, 5] }, minima_per_atom: [-7.1, -7.09, -7.095, -7.08].map((e) => e - 0.01 * k),
    },
    spectrum: {
      Tg: 0.42, n_events: 18, weight_sum: 18, asymmetry_bandwidth: null, T_over_Tg: grid, loss: grid.map((_, i) => alpha[i] + beta[i]), alpha, beta,
      alpha_peak_T_over_Tg: 1.05, beta_peak_T_over_Tg: 0.6, beta_intensity: a / 0.05, kind: 'peak',
    },
  };
  if (!full) return base;
  const attempts = Array.from({ length: 20 }, (_, i) => i + 1);
  const mdBeta = grid.map((x) => a * bump(x, 0.9, 0.25));
  const mdAlpha = grid.map((x) => 0.05 * bump(x, 1.3, 0.05));
  // The whole contract shapes (the figures read a part of them).
  const md = { period: 100, frequency: 0.01, loss: grid.map((_, i) => mdAlpha[i] + mdBeta[i]), beta: mdBeta, beta_intensity: 0.4, beta_peak_T_over_Tg: 0.9 };
  const dma = {
    period: 100, mode: 'shear' as const, time_unit: 'τ', stress_unit: 'ε/σ³',
    points: [0.5, 0.7].map((x) => ({
      T_over_Tg: x, T: 0.42 * x, storage: 14, storage_err: 0.2, loss: 0.01 * x * (1 + k), loss_err: 0.002,
      tan_delta: 0.001 * x * (1 + k) + 0.0001 * seed, tan_delta_err: 0.0003, event_tan_delta: 0.0008 * x * (1 + k),
    })),
  };
  return {
    ...base,
    subbasins: {
      ...base.subbasins,
      saturation: { attempts, distinct_events: attempts.map((n) => Math.round((10 + seed) * (1 - Math.exp(-n / (4 + seed))))), adjacent_minima: attempts.map((n) => Math.round((6 + seed) * (1 - Math.exp(-n / (3 + seed))))) },
    },
    spectrum: {
      ...base.spectrum,
      md,
    },
    heterogeneity: {
      ...base.heterogeneity,
      voxel_scan: [2, 3, 4, 6].map((voxel) => ({
        voxel, grid: [12 / voxel, 12 / voxel, 12 / voxel].map(Math.round) as [number, number, number], relative_width: 0.004 * (1 + k) / voxel,
        correlation_length: voxel < 3 ? null : 0.9 * voxel, correlation_length_note: voxel < 3 ? 'below resolution (< 2 voxels)' : null, negative_voxels: voxel === 2 ? 1 : 0,
      })),
      negative_voxels: 1, correlation_length_note: null, voxel_scan_note: null,
    },
    // A relative map holds (f − <f>)/<f> (analysis/study/stages.ts crafmStage).
    crafm: {
      ...base.crafm, units: relative ? 'relative' : 'kHz', tip_averaged: !relative, fluctuation_relative: 0.003 * (1 + k) / mean, correlation_length_note: null,
      caveat: relative ? 'Box smaller than the tip contact: relative units.' : null,
      ...(relative ? { map: { nx, ny, cell_nm: 0.7, values: values.map((v) => v / mean - 1) }, profile: { x_nm: [0.35, 1.05, 1.75, 2.45], f_kHz: values.slice(8, 12).map((v) => v / mean - 1) }, fluctuation_kHz: null, range_kHz: null } : {}),
    },
    convergence: {
      attempts: [5, 10, 15, 20], beta_intensity: [0.3, 0.36, 0.38, 0.385].map((v) => v * (1 + 0.1 * k) * (1 + 0.03 * seed)),
      beta_peak_T_over_Tg: [null, 0.62, 0.6, 0.6], density: [0.004, 0.003, 0.0028, 0.0027],
    },
    dma,
  };
}

export const SAMPLES = ['ka', 'weak', 'ka-annealed'];

/** Three samples × three seeds; `full`: with the issue-19 fields; `relative`: CR-AFM in relative units. */
export function syntheticGlasses(o: { full: boolean; relative?: boolean }): FigureGlass[] {
  return SAMPLES.flatMap((s, k) => [1, 2, 3].map((seed) => glass(s, k, seed, o.full, !!o.relative)));
}
