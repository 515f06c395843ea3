/**
 * The study's figures (figure kit + charts): Fig. 2 analogue (normalised E'' against T/Tg per sample,
 * measured spectra overlaid), Fig. 3 (frequency maps with a shared colour scale, profiles), Fig. 4
 * (as-quenched against annealed: maps, frequency histograms, sub-basins / disconnectivity graphs,
 * spectra), quench curves E(T), IS-energy distributions and the correlation plots. Series groups
 * carry `data-label` = sample (report toggles); a figure of one sample carries it on its root.
 */
import { extent } from 'd3-array';
import { heatMap, histogramChart, lineChart, seriesColor, type Series } from './charts.js';
import { subBasinFigure } from './landscape-plots.js';
import type { Figure } from './figure.js';
import type { DisconnectivityGraph } from '../../landscape/graph.js';
import type { SubBasinAnalysis } from '../../landscape/subbasins.js';
import type { GlassAnalysis } from '../study/results.js';

export interface StudyFigure {
  id: string;
  title: string;
  caption: string;
  fig: Figure;
}

const bySample = (members: GlassAnalysis[], sample: string) => members.filter((m) => m.sample === sample).sort((a, b) => a.seed - b.seed);

/** Mean over seeds of E''/E''_max on the common T/Tg grid. */
export function meanNormalisedSpectrum(ms: GlassAnalysis[], part: 'loss' | 'alpha' | 'beta' = 'loss'): { x: number[]; y: number[] } {
  const x = ms[0].spectrum.T_over_Tg;
  const y = x.map((_, i) => ms.reduce((a, m) => a + m.spectrum[part][i] / Math.max(...m.spectrum.loss), 0) / ms.length);
  return { x, y };
}

export interface MeasuredOverlay {
  label: string;
  /** T / Tg and E''/E''_max. */
  x: number[];
  y: number[];
}

export function fig2Spectra(members: GlassAnalysis[], samples: string[], measured: MeasuredOverlay[] = []): StudyFigure {
  const series: Series[] = samples.map((s, k) => ({ label: s, ...meanNormalisedSpectrum(bySample(members, s)), color: seriesColor(k) }));
  measured.forEach((m, k) => series.push({ label: `measured: ${m.label}`, x: m.x, y: m.y, markers: true, color: seriesColor(samples.length + k) }));
  const fig = lineChart({ series, xLabel: 'T / Tg', yLabel: "E'' / E''_max", xLog: true, title: "Fig. 2 analogue: loss modulus at 1 Hz", width: 760, height: 460 });
  return {
    id: 'fig2-spectra', title: "Normalised loss modulus E''(T) at 1 Hz", fig,
    caption: `Barrier-spectrum model (Debye relaxators of the sampled saddles + VFT α at each glass's Tg), mean over seeds of E''/E''_max against T/Tg (log scale)${measured.length ? '; markers: measured spectra, T scaled by their Tg' : ''}.`,
  };
}

/** (f − <f>)/<f>: a relative map as it is, a kHz map scaled by its mean (so both share one colour scale). */
const relativeDeviation = (m: GlassAnalysis, values: number[]) => (m.crafm.units === 'relative' ? values : values.map((v) => v / m.crafm.mean_kHz - 1));
const deviationMap = (m: GlassAnalysis) => relativeDeviation(m, m.crafm.map.values);

/** One frequency-deviation map per sample (first seed), on a shared symmetric colour scale. */
export function frequencyMaps(members: GlassAnalysis[], samples: string[], prefix: string): StudyFigure[] {
  const firsts = samples.map((s) => bySample(members, s)[0]);
  const amp = Math.max(1e-9, ...firsts.flatMap((m) => deviationMap(m).filter(Number.isFinite).map(Math.abs)));
  return firsts.map((m) => {
    const fig = heatMap({
      values: deviationMap(m), nx: m.crafm.map.nx, ny: m.crafm.map.ny, cell: m.crafm.map.cell_nm, lengthUnit: 'nm',
      valueLabel: '(f − <f>)/<f>', domain: [-amp, amp], title: `${m.sample} (seed ${m.seed}): simulated CR-AFM`, width: 420, height: 360,
    });
    fig.svg.attr('data-label', m.sample);
    return {
      id: `${prefix}-map-${m.sample}`, title: `Frequency map, ${m.sample}`, fig,
      caption: `Contact-resonance frequency relative to its mean (<f> = ${m.crafm.mean_kHz.toFixed(2)} kHz), std/mean ${m.crafm.fluctuation_relative.toFixed(4)}${m.crafm.caveat ? ` (${m.crafm.caveat})` : ''}; colour scale shared by all maps of this figure.`,
    };
  });
}

export function fig3Profiles(members: GlassAnalysis[], samples: string[]): StudyFigure {
  const series = samples.map((s, k) => {
    const m = bySample(members, s)[0];
    return { label: s, x: m.crafm.profile.x_nm, y: relativeDeviation(m, m.crafm.profile.f_kHz), color: seriesColor(k), markers: m.crafm.profile.x_nm.length < 4 };
  });
  return {
    id: 'fig3-profiles', title: 'Frequency profiles', caption: 'Line profiles along x through the middle row of each map (first seed), frequency relative to the map mean.',
    fig: lineChart({ series, xLabel: 'x (nm)', yLabel: '(f − <f>)/<f>', title: 'Fig. 3 analogue: profiles' }),
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

export function fig4Histograms(members: GlassAnalysis[], pair: string[]): StudyFigure {
  const sets = pooledHistograms(pair.map((s) => ({ label: s, values: bySample(members, s).flatMap(deviationMap) })), 12);
  return {
    id: 'fig4-histograms', title: 'Frequency distributions, as-quenched vs annealed',
    caption: 'Pixels of all seeds, frequency relative to each map\'s mean; the paper finds the annealed distribution narrower.',
    fig: histogramChart({ sets, xLabel: '(f − <f>)/<f>', yLabel: 'pixels', title: 'Fig. 4 analogue: frequency histograms' }),
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
    series.push({ label: s, ...meanNormalisedSpectrum(ms), color: seriesColor(k) });
    series.push({ label: `${s}: β part`, ...meanNormalisedSpectrum(ms, 'beta'), color: seriesColor(k), dashed: true });
  });
  return {
    id: 'fig4-spectra', title: 'Loss spectra, as-quenched vs annealed', caption: "Mean normalised E'' over seeds (solid) and the β part of the decomposition (dashed).",
    fig: lineChart({ series, xLabel: 'T / Tg', yLabel: "E'' / E''_max", xLog: true, title: 'Fig. 4 analogue: spectra' }),
  };
}

export function quenchCurves(curves: { sample: string; T: number[]; E: number[] }[]): StudyFigure {
  return {
    id: 'quench-curves', title: 'Quench curves E(T)',
    caption: 'Potential energy per atom against the target temperature during the quench (first seed of each sample; NVT, so V is constant).',
    fig: lineChart({ series: curves.map((c, k) => ({ label: c.sample, x: c.T, y: c.E, color: seriesColor(k) })), xLabel: 'T (ε/k)', yLabel: 'E (ε/atom)', title: 'E(T) during the quench' }),
  };
}

export function isDistributions(members: GlassAnalysis[], samples: string[]): StudyFigure {
  const sets = pooledHistograms(samples.map((s) => ({ label: s, values: bySample(members, s).flatMap((m) => m.subbasins.minima_per_atom) })), 20);
  return {
    id: 'is-distributions', title: 'IS-energy distributions',
    caption: 'Energies per atom of every minimum found (each glass IS and the minima its activations reached), pooled over seeds.',
    fig: histogramChart({ sets, xLabel: 'e_IS (ε/atom)', yLabel: 'minima', title: 'Inherent-structure energies' }),
  };
}

export function correlationPlot(members: GlassAnalysis[], samples: string[], measure: { key: string; label: string; unit: string; of: (m: GlassAnalysis) => number | null }, rho: string): StudyFigure {
  const series = samples.map((s, k) => {
    const ms = bySample(members, s).filter((m) => Number.isFinite(measure.of(m) ?? NaN));
    return { label: s, x: ms.map((m) => measure.of(m) as number), y: ms.map((m) => m.spectrum.beta_intensity), markers: true, color: seriesColor(k) };
  });
  return {
    id: `correlation-${measure.key}`, title: `β intensity against ${measure.label}`,
    caption: `One point per glass (sample × seed). ${rho}`,
    fig: lineChart({ series, xLabel: `${measure.label} (${measure.unit})`, yLabel: 'β intensity', title: `β intensity vs ${measure.label}` }),
  };
}
