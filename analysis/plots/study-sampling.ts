/**
 * The study's figures of its own convergence: saturation curves of the saddle search (distinct
 * events and adjacent minima against attempts, one line per glass, a panel per sample), the β
 * measures against the number of attempts they were computed from, and the voxel-size scan of the
 * local shear modulus (relative width and correlation length, sample means ± standard error).
 * Each returns null when no glass has the field it draws (runs made before issue 19).
 */
import { panelChart, seriesColor, DASH, type PanelOptions, type Series } from './charts.js';
import type { LegendEntry } from './figure.js';
import { bySample, type StudyFigure } from './study.js';
import type { FigureGlass } from './study-inputs.js';
import type { LargeGlassAnalysis } from '../study/large-glass.js';

const GREY = '#555';
const lengthUnit = (units: string) => (units === 'metal' ? 'Å' : 'σ');
const columnsFor = (panels: number) => Math.min(3, panels);

/** Seeds in order, each with its colour (the same seed has the same colour in every panel). */
function seedColors(ms: FigureGlass[]): Map<number, string> {
  return new Map([...new Set(ms.map((m) => m.seed))].sort((a, b) => a - b).map((s, k) => [s, seriesColor(k)]));
}

export function saturationCurves(members: FigureGlass[], samples: string[]): StudyFigure | null {
  const ms = members.filter((m) => m.subbasins.saturation);
  if (ms.length === 0) return null;
  const colors = seedColors(ms);
  const panels: PanelOptions[] = samples.filter((s) => bySample(ms, s).length > 0).map((sample) => ({
    title: sample, xLabel: 'attempts', yLabel: 'distinct found',
    series: bySample(ms, sample).flatMap((m): Series[] => {
      const c = m.subbasins.saturation!;
      const color = colors.get(m.seed)!;
      return [
        { label: `seed ${m.seed}`, group: sample, x: c.attempts, y: c.distinct_events, color },
        { label: `seed ${m.seed}: adjacent minima`, group: sample, x: c.attempts, y: c.adjacent_minima, color, dash: 'dashed', legend: false },
      ];
    }),
  }));
  const legend: LegendEntry[] = [
    ...[...colors].map(([seed, color]) => ({ label: `seed ${seed}`, color, line: true })),
    { label: 'distinct saddles (events)', color: GREY, line: true },
    { label: 'adjacent minima', color: GREY, line: true, dash: DASH.dashed },
  ];
  return {
    id: 'saturation-curves', title: 'Saturation of the saddle search',
    caption: 'Distinct saddles (solid) and distinct minima adjacent to the glass IS (dashed) found after each activation attempt, one line per glass, a panel per sample: flat curves mean the search has saturated.',
    fig: panelChart({ panels, columns: columnsFor(panels.length), legend, title: 'Sampling saturation' }),
  };
}

/** The per-glass curves of one convergence measure, coloured by sample. */
function convergencePanel(ms: FigureGlass[], samples: string[], title: string, yLabel: string, of: (c: NonNullable<FigureGlass['convergence']>, m: FigureGlass) => (number | null)[]): PanelOptions {
  return {
    title, xLabel: 'attempts', yLabel,
    series: samples.flatMap((sample, k) => bySample(ms, sample).map((m): Series => ({
      label: sample, x: m.convergence!.attempts, y: of(m.convergence!, m).map((v) => v ?? NaN), color: seriesColor(k), markers: true, line: true,
    }))),
  };
}

export function betaConvergence(members: FigureGlass[], samples: string[]): StudyFigure | null {
  const ms = members.filter((m) => m.convergence && m.convergence.attempts.length > 0);
  if (ms.length === 0) return null;
  const panels = [
    convergencePanel(ms, samples, 'β intensity', "β intensity (E''β / E''max)", (c) => c.beta_intensity),
    convergencePanel(ms, samples, 'β peak', 'β peak T / Tg', (c) => c.beta_peak_T_over_Tg),
    // Per kTg, as in the results table, so that samples in other energy units share the axis.
    convergencePanel(ms, samples, 'sub-basin density', 'sub-basin density (per attempt per kTg)', (c, m) => c.density.map((d) => (m.scales ? d * m.scales.kTg : null))),
  ].filter((p) => p.series.some((s) => Array.from(s.y).some(Number.isFinite)));
  return {
    id: 'beta-convergence', title: 'β measures against the number of attempts',
    caption: 'β intensity and β peak position of the 1 Hz event spectrum, and the sub-basin density, recomputed from the first n attempts of each glass (one line per glass, colour per sample; a missing point: no β peak): once sampling has saturated they should not move.',
    fig: panelChart({ panels, columns: columnsFor(panels.length), title: 'Convergence of the β measures' }),
  };
}

/** Mean and standard error (0 for one value) of the finite values. */
function meanSe(v: number[]): { mean: number; se: number } {
  const x = v.filter(Number.isFinite);
  if (x.length === 0) return { mean: NaN, se: 0 };
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = x.length > 1 ? Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1)) : 0;
  return { mean, se: sd / Math.sqrt(x.length) };
}

type ScanPoint = NonNullable<FigureGlass['heterogeneity']['voxel_scan']>[number];

/**
 * Sample means ± SE of one scanned quantity at each voxel grid, at the glasses' mean voxel edge
 * (glasses quenched at constant pressure have boxes, and so edges, of their own), lengths times
 * `scale` of the glass.
 */
function scanSeries(ms: FigureGlass[], samples: string[], scale: (m: FigureGlass) => number, of: (p: ScanPoint, scale: number) => number | null): Series[] {
  return samples.map((sample, k) => {
    const points = bySample(ms, sample).flatMap((m) => m.heterogeneity.voxel_scan!.map((p) => ({ grid: p.grid.join('×'), voxel: p.voxel * scale(m), value: of(p, scale(m)) ?? NaN })));
    const grids = [...new Set(points.map((p) => p.grid))].map((g) => points.filter((p) => p.grid === g));
    const rows = grids.map((ps) => ({ x: meanSe(ps.map((p) => p.voxel)).mean, ...meanSe(ps.map((p) => p.value)) })).sort((a, b) => a.x - b.x);
    return { label: sample, x: rows.map((r) => r.x), y: rows.map((r) => r.mean), yErr: rows.map((r) => r.se), color: seriesColor(k), markers: true as const, line: true };
  }).filter((s) => s.x.length > 0);
}

/** One large glass's scan as a dashed line in its sample's colour (a single glass: no error bars). */
function largeScanSeries(g: LargeGlassAnalysis, samples: string[], scale: number, of: (p: ScanPoint, scale: number) => number | null): Series {
  const scan = [...g.heterogeneity.voxel_scan!].sort((a, b) => a.voxel - b.voxel);
  return {
    label: `${g.sample}, ${g.n} atoms`, x: scan.map((p) => p.voxel * scale), y: scan.map((p) => of(p, scale) ?? NaN),
    color: seriesColor(samples.indexOf(g.sample)), markers: 'open', line: true, dashed: true,
  };
}

/**
 * Relative width and correlation length of G against the voxel edge: sample means of the study's
 * glasses, and each large glass (config `large:`, whose box allows the larger edges) on its own.
 */
export function voxelScan(members: FigureGlass[], samples: string[], large: LargeGlassAnalysis[] = []): StudyFigure | null {
  const ms = members.filter((m) => m.heterogeneity.voxel_scan && m.heterogeneity.voxel_scan.length > 0);
  if (ms.length === 0) return null;
  // A large glass is drawn in its sample's units, so it needs a glass of that sample.
  const big = large.filter((g) => g.heterogeneity.voxel_scan && g.heterogeneity.voxel_scan.length > 0 && ms.some((m) => m.sample === g.sample));
  // Samples in other length units (an EAM arm in Å beside LJ samples in σ) share the axes in nm.
  const mixed = new Set(ms.map((m) => m.units)).size > 1;
  const unit = mixed ? 'nm' : lengthUnit(ms[0].units);
  const scale = (m: FigureGlass) => (mixed ? m.scales?.nm_per_length ?? NaN : 1);
  const sampleScale = (g: LargeGlassAnalysis) => scale(ms.find((m) => m.sample === g.sample)!);
  const negative = [...ms, ...big].reduce((a, m) => a + m.heterogeneity.voxel_scan!.reduce((b, p) => b + p.negative_voxels, 0), 0);
  const width = (p: ScanPoint) => p.relative_width;
  const length = (p: ScanPoint, s: number) => (p.correlation_length === null ? null : p.correlation_length * s);
  const panels: PanelOptions[] = [
    {
      title: 'G relative width', xLabel: `voxel size (${unit})`, yLabel: 'std(G) / mean(G)',
      series: [...scanSeries(ms, samples, scale, width), ...big.map((g) => largeScanSeries(g, samples, sampleScale(g), width))],
    },
    {
      title: 'correlation length', xLabel: `voxel size (${unit})`, yLabel: `correlation length (${unit})`,
      series: [...scanSeries(ms, samples, scale, length), ...big.map((g) => largeScanSeries(g, samples, sampleScale(g), length))],
      empty: 'no length resolved (see the caption)',
    },
  ];
  const bigText = big.length > 0 ? `; dashed, open: the large glasses (${big.map((g) => `${g.sample} seed ${g.seed}, ${g.n} atoms`).join('; ')}), one glass each` : '';
  return {
    id: 'voxel-scan', title: 'Voxel-size scan of the local shear modulus',
    caption: `Relative width of G and its correlation length against the voxel size, sample means ± standard error over the glasses at each voxel grid (at their mean voxel edge${mixed ? '; lengths in nm, σ mapped by crafm.sigma_nm' : ''})${bigText}; voxels with G ≤ 0 are left out of the statistics (${negative} over the whole scan), and a correlation length below two voxel widths is not reported (no point).`,
    fig: panelChart({ panels, columns: 2, title: 'Voxel-size scan' }),
  };
}
