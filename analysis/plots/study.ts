/**
 * The study's figures (figure kit + charts): Fig. 2 analogue (normalised E'' against T/Tg per sample
 * at 1 Hz and, where the spectrum has it, at the MD-DMA frequency; measured spectra overlaid),
 * Fig. 3 (frequency maps with a shared colour scale, profiles), Fig. 4 (as-quenched against
 * annealed: maps, frequency histograms, sub-basins / disconnectivity graphs, spectra), quench
 * curves E(T), IS-energy distributions and the correlation plots. Series groups carry
 * `data-label` = sample (report toggles); a figure of one sample carries it on its root.
 * Sampling convergence, the voxel-size scan and MD-DMA: study-sampling.ts, study-dma.ts.
 */
import { extent } from 'd3-array';
import { heatMap, histogramChart, lineChart, panelChart, seriesColor, type PanelOptions, type Series } from './charts.js';
import { subBasinFigure } from './landscape-plots.js';
import type { Figure } from './figure.js';
import type { DisconnectivityGraph } from '../../landscape/graph.js';
import type { SubBasinAnalysis } from '../../landscape/subbasins.js';
import type { GlassAnalysis } from '../study/results.js';
import type { FigureGlass } from './study-inputs.js';

export interface StudyFigure {
  id: string;
  title: string;
  caption: string;
  fig: Figure;
}

export const bySample = <G extends GlassAnalysis>(members: G[], sample: string) => members.filter((m) => m.sample === sample).sort((a, b) => a.seed - b.seed);

/**
 * What differs between samples, said once: "10 tau" when every sample's first glass gives the same
 * text, else each text with the samples it holds for, "10 tau (ka, wahnstrom), 5.00 ps (cu64zr36)".
 */
export function perSampleText(members: GlassAnalysis[], samples: string[], of: (m: GlassAnalysis) => string): { text: string; single: boolean } {
  const groups = new Map<string, string[]>();
  for (const s of samples) {
    const g = bySample(members, s)[0];
    if (g) groups.set(of(g), [...(groups.get(of(g)) ?? []), s]);
  }
  const single = groups.size === 1;
  return { single, text: single ? [...groups.keys()][0] : [...groups].map(([t, ss]) => `${t} (${ss.join(', ')})`).join(', ') };
}

/** Mean over glasses of part/max(loss) on the common T/Tg grid (glasses without the spectrum left out). */
function meanNormalised(ms: FigureGlass[], of: (m: FigureGlass) => { loss: number[]; part: number[] } | undefined): { x: number[]; y: number[] } {
  const with_ = ms.filter((m) => of(m));
  if (with_.length === 0) return { x: [], y: [] };
  const x = with_[0].spectrum.T_over_Tg;
  const y = x.map((_, i) => with_.reduce((a, m) => {
    const s = of(m)!;
    return a + s.part[i] / Math.max(...s.loss);
  }, 0) / with_.length);
  return { x, y };
}

/** Mean over seeds of E''/E''_max (or of its α or β part over E''_max) on the common T/Tg grid, at 1 Hz. */
export function meanNormalisedSpectrum(ms: GlassAnalysis[], part: 'loss' | 'alpha' | 'beta' = 'loss'): { x: number[]; y: number[] } {
  return meanNormalised(ms, (m) => ({ loss: m.spectrum.loss, part: m.spectrum[part] }));
}

export interface MeasuredOverlay {
  label: string;
  /** T / Tg and E''/E''_max. */
  x: number[];
  y: number[];
}

const timeUnit = (units: string) => (units === 'metal' ? 'ps' : 'τ');

export function fig2Spectra(members: FigureGlass[], samples: string[], measured: MeasuredOverlay[] = []): StudyFigure {
  const series: Series[] = samples.map((s, k) => ({ label: s, ...meanNormalisedSpectrum(bySample(members, s)), color: seriesColor(k) }));
  measured.forEach((m, k) => series.push({ label: `measured: ${m.label}`, x: m.x, y: m.y, markers: true, color: seriesColor(samples.length + k) }));
  const axes = { xLabel: 'T / Tg', yLabel: "E'' / E''_max", xLog: true };
  const withMd = members.filter((m) => m.spectrum.md);
  const captionMeasured = measured.length ? '; markers: measured spectra, T scaled by their Tg' : '';
  if (withMd.length === 0) {
    return {
      id: 'fig2-spectra', title: "Normalised loss modulus E''(T) at 1 Hz",
      fig: lineChart({ series, ...axes, title: 'Fig. 2 analogue: loss modulus at 1 Hz' }),
      caption: `Barrier-spectrum model (Debye relaxators of the sampled saddles + VFT α at each glass's Tg), mean over seeds of E''/E''_max against T/Tg (log scale)${captionMeasured}.`,
    };
  }
  const period = perSampleText(withMd, samples, (m) => `${m.spectrum.md!.period.toPrecision(3)} ${timeUnit(m.units)}`);
  const mdSeries: Series[] = samples.map((s, k) => ({
    label: s, ...meanNormalised(bySample(withMd, s), (m) => ({ loss: m.spectrum.md!.loss, part: m.spectrum.md!.loss })), color: seriesColor(k),
  })).filter((s) => s.x.length > 0);
  const panels: PanelOptions[] = [
    { series, ...axes, title: '1 Hz' },
    { series: mdSeries, ...axes, yLabel: "G'' / G''_max", title: period.single ? `MD frequency 1/${period.text} (shear)` : 'MD frequency (shear)' },
  ];
  return {
    id: 'fig2-spectra', title: "Normalised loss modulus E''(T) at 1 Hz and at the MD-DMA frequency",
    fig: panelChart({ panels, title: 'Fig. 2 analogue: loss from the event spectrum' }),
    caption: `Barrier-spectrum model (Debye relaxators of the sampled saddles + VFT α at each glass's Tg), mean over seeds of the loss over its maximum against T/Tg (log scale): left at 1 Hz${captionMeasured}; right the same event catalogues at the MD-DMA frequency f = 1/P, P = ${period.text} (shear loss G'').`,
  };
}

/** (f − <f>)/<f>: a relative map as it is, a kHz map scaled by its mean (so both share one colour scale). */
const relativeDeviation = (m: FigureGlass, values: number[]) => (m.crafm.units === 'relative' ? values : values.map((v) => v / m.crafm.mean_kHz - 1));
const deviationMap = (m: FigureGlass) => relativeDeviation(m, m.crafm.map.values);
const DEVIATION_LABEL = 'relative (f − <f>)/<f>';
const caveats = (ms: FigureGlass[]) => [...new Set(ms.map((m) => m.crafm.caveat).filter((c): c is string => !!c))];

/** One frequency-deviation map per sample (first seed), on a shared symmetric colour scale. */
export function frequencyMaps(members: FigureGlass[], samples: string[], prefix: string): StudyFigure[] {
  const firsts = samples.map((s) => bySample(members, s)[0]);
  const amp = Math.max(1e-9, ...firsts.flatMap((m) => deviationMap(m).filter(Number.isFinite).map(Math.abs)));
  return firsts.map((m) => {
    const fig = heatMap({
      values: deviationMap(m), nx: m.crafm.map.nx, ny: m.crafm.map.ny, cell: m.crafm.map.cell_nm, lengthUnit: 'nm',
      valueLabel: DEVIATION_LABEL, domain: [-amp, amp], title: `${m.sample} (seed ${m.seed}): simulated CR-AFM`,
    });
    fig.svg.attr('data-label', m.sample);
    const spread = m.crafm.fluctuation_relative !== undefined ? `, std/mean ${m.crafm.fluctuation_relative.toPrecision(3)}` : '';
    return {
      id: `${prefix}-map-${m.sample}`, title: `Frequency map, ${m.sample}`, fig,
      caption: `Contact-resonance frequency relative to its mean (<f> = ${m.crafm.mean_kHz.toFixed(2)} kHz${spread})${m.crafm.caveat ? ` (${m.crafm.caveat})` : ''}; colour scale shared by all maps of this figure.`,
    };
  });
}

export function fig3Profiles(members: FigureGlass[], samples: string[]): StudyFigure {
  const firsts = samples.map((s) => bySample(members, s)[0]);
  const series = firsts.map((m, k) => ({
    label: m.sample, x: m.crafm.profile.x_nm, y: relativeDeviation(m, m.crafm.profile.f_kHz), color: seriesColor(k), markers: m.crafm.profile.x_nm.length < 4, line: true,
  }));
  return {
    id: 'fig3-profiles', title: 'Frequency profiles',
    caption: `Line profiles along x through the middle row of each map (first seed), frequency relative to the map mean.${caveats(firsts).map((c) => ` ${c}`).join('')}`,
    fig: lineChart({ series, xLabel: 'x (nm)', yLabel: DEVIATION_LABEL, title: 'Fig. 3 analogue: profiles' }),
  };
}

/** Common-edge histograms of pooled values per sample. */
function pooledHistograms(sets: { label: string; values: number[] }[], bins: number): { label: string; edges: number[]; counts: number[] }[] {
  const all = sets.flatMap((s) => s.values).filter(Number.isFinite);
  let [lo, hi] = extent(all) as [number | undefined, number | undefined];
  if (lo === undefined || hi === undefined) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo! + ((hi! - lo!) * k) / bins);
  return sets.map((s) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of s.values) if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor(((v - lo!) / (hi! - lo!)) * bins))]++;
    return { label: s.label, edges, counts };
  });
}

export function fig4Histograms(members: FigureGlass[], pair: string[]): StudyFigure {
  const sets = pooledHistograms(pair.map((s) => ({ label: s, values: bySample(members, s).flatMap(deviationMap) })), 12);
  return {
    id: 'fig4-histograms', title: 'Frequency distributions, as-quenched vs annealed',
    caption: 'Pixels of all seeds, frequency relative to each map\'s mean; the paper finds the annealed distribution narrower.',
    fig: histogramChart({ sets, xLabel: DEVIATION_LABEL, yLabel: 'pixels', title: 'Fig. 4 analogue: frequency histograms' }),
  };
}

export function fig4SubBasins(sample: string, g: DisconnectivityGraph, sb: SubBasinAnalysis, seed: number): StudyFigure {
  const fig = subBasinFigure(g, sb, { title: `${sample} (seed ${seed}): disconnectivity graph and sub-basins` });
  fig.svg.attr('data-label', sample);
  return {
    id: `fig4-subbasins-${sample}`, title: `Sub-basins around the glass IS, ${sample}`, fig,
    caption: 'Minima and saddles found by the activations (energies relative to the glass IS), adjacent minima per energy interval and barriers out of the IS.',
  };
}

export function fig4Spectra(members: GlassAnalysis[], pair: string[]): StudyFigure {
  const series: Series[] = [];
  pair.forEach((s, k) => {
    const ms = bySample(members, s);
    series.push({ label: `${s}: E''`, group: s, ...meanNormalisedSpectrum(ms), color: seriesColor(k) });
    series.push({ label: `${s}: β part`, group: s, ...meanNormalisedSpectrum(ms, 'beta'), color: seriesColor(k), dash: 'dashed' });
  });
  return {
    id: 'fig4-spectra', title: 'Loss spectra, as-quenched vs annealed', caption: "Mean normalised E'' over seeds (solid) and the β part of the decomposition (dashed).",
    fig: lineChart({ series, xLabel: 'T / Tg', yLabel: "E'' / E''_max", xLog: true, title: 'Fig. 4 analogue: spectra' }),
  };
}

/** One sample's quench curve: E per atom against T, in its own units, and its Tg and k·Tg there. */
export interface QuenchCurve {
  sample: string;
  T: number[];
  E: number[];
  Tg: number;
  kTg: number;
}

/** E at T = Tg, linear between the two quench points around it (the nearest point where Tg lies outside). */
function energyAtTg(c: QuenchCurve): number {
  for (let i = 1; i < c.T.length; i++) {
    const [t0, t1] = [c.T[i - 1], c.T[i]];
    if ((t0 - c.Tg) * (t1 - c.Tg) <= 0 && t0 !== t1) return c.E[i - 1] + ((c.E[i] - c.E[i - 1]) * (c.Tg - t0)) / (t1 - t0);
  }
  let k = 0;
  c.T.forEach((t, i) => { if (Math.abs(t - c.Tg) < Math.abs(c.T[k] - c.Tg)) k = i; });
  return c.E[k];
}

/**
 * E(T) of every sample on one dimensionless axis, so that LJ models and an EAM alloy (ε and K, eV)
 * share it: T/Tg against (e − e(Tg))/kTg. The slope is then the potential part of the heat
 * capacity per atom in units of k (3/2 for a harmonic solid), and the kink sits at T/Tg = 1.
 */
export function quenchCurves(curves: QuenchCurve[]): StudyFigure {
  const series = curves.map((c, k) => {
    const e0 = energyAtTg(c);
    return { label: c.sample, x: c.T.map((t) => t / c.Tg), y: c.E.map((e) => (e - e0) / c.kTg), color: seriesColor(k) };
  });
  return {
    id: 'quench-curves', title: 'Quench curves E(T)',
    caption: 'Potential energy per atom during the quench (first seed of each sample), relative to its value at Tg and in units of k·Tg, against T/Tg (the Tg of each sample\'s T/Tg axis): the slope is the potential part of the heat capacity per atom in units of k (3/2 for a harmonic solid), the kink at 1 the glass transition.',
    fig: lineChart({ series, xLabel: 'T / Tg', yLabel: '(e − e(Tg)) / kTg', title: 'E(T) during the quench' }),
  };
}

/**
 * The minima the activations reached, by their energy above (or below) the glass IS they started
 * from, in k·Tg (total energy of the box), pooled over seeds: where the sub-basins lie.
 */
export function isDistributions(members: GlassAnalysis[], samples: string[]): StudyFigure {
  // minima_per_atom[0] is the glass IS (the campaign's start is its first minimum).
  const above = (m: GlassAnalysis) => (m.scales ? m.subbasins.minima_per_atom.slice(1).map((e) => ((e - m.subbasins.minima_per_atom[0]) * m.n) / m.scales!.kTg) : []);
  const sets = pooledHistograms(samples.map((s) => ({ label: s, values: bySample(members, s).flatMap(above) })), 24);
  return {
    id: 'is-distributions', title: 'Minima found around the glass IS',
    caption: 'Energy of every minimum the activations reached, relative to the glass IS they started from (total energy of the box, in k·Tg), pooled over seeds; the sub-basin density counts the adjacent ones within the window above the IS.',
    fig: histogramChart({ sets, xLabel: 'E − E_IS (kTg)', yLabel: 'minima', title: 'Minima around the IS' }),
  };
}

export function correlationPlot(members: GlassAnalysis[], samples: string[], measure: { key: string; label: string; unit: string; of: (m: GlassAnalysis) => number | null }, rho: string): StudyFigure {
  const series = samples.map((s, k) => {
    const ms = bySample(members, s).filter((m) => Number.isFinite(measure.of(m) ?? NaN));
    return { label: s, x: ms.map((m) => measure.of(m) as number), y: ms.map((m) => m.spectrum.beta_intensity), markers: true as const, color: seriesColor(k) };
  });
  return {
    id: `correlation-${measure.key}`, title: `β intensity against ${measure.label}`,
    caption: `One point per glass (sample × seed). ${rho}`,
    fig: lineChart({ series, xLabel: `${measure.label} (${measure.unit})`, yLabel: 'β intensity', title: `β intensity vs ${measure.label}` }),
  };
}
