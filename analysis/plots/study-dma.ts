/**
 * The study's MD-DMA figure: tan δ measured by direct MD-DMA at fixed T/Tg (sample means ± standard
 * error, filled markers) beside the event spectrum's tan δ at the same temperature and frequency
 * (open markers, dashed), and the MD-DMA loss modulus G''. Null when no glass has an MD-DMA block.
 */
import { panelChart, seriesColor, DASH, type PanelOptions, type Series } from './charts.js';
import type { LegendEntry } from './figure.js';
import { bySample, type StudyFigure } from './study.js';
import type { DmaPoint, FigureGlass } from './study-inputs.js';

const GREY = '#555';
/** Samples are drawn a little apart in T/Tg (relative offset per sample) so their error bars stay apart. */
const SPREAD = 0.006;

interface Stat { x: number; mean: number; se: number }

/** Per T/Tg: mean over glasses and its standard error (one glass: its own error). */
function perTemperature(ms: FigureGlass[], value: (p: DmaPoint) => number | null, error: (p: DmaPoint) => number): Stat[] {
  const points = ms.flatMap((m) => m.dma!.points);
  const xs = [...new Set(points.map((p) => Number(p.T_over_Tg.toPrecision(6))))].sort((a, b) => a - b);
  return xs.map((x) => {
    const at = points.filter((p) => Number(p.T_over_Tg.toPrecision(6)) === x && Number.isFinite(value(p) ?? NaN));
    const v = at.map((p) => value(p) as number);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const se = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1) / v.length) : at.length === 1 ? error(at[0]) : 0;
    return { x, mean, se };
  }).filter((s) => Number.isFinite(s.mean));
}

function dmaSeries(ms: FigureGlass[], samples: string[], measured: (p: DmaPoint) => number, error: (p: DmaPoint) => number, event?: (p: DmaPoint) => number | null): Series[] {
  return samples.flatMap((sample, k) => {
    const glasses = bySample(ms, sample);
    if (glasses.length === 0) return [];
    const shift = 1 + SPREAD * (k - (samples.length - 1) / 2);
    const md = perTemperature(glasses, measured, error);
    const out: Series[] = [{
      label: sample, group: sample, x: md.map((s) => s.x * shift), y: md.map((s) => s.mean), yErr: md.map((s) => s.se), color: seriesColor(k), markers: true,
    }];
    if (event) {
      const ev = perTemperature(glasses, event, () => 0);
      out.push({ label: `${sample}: event spectrum`, group: sample, x: ev.map((s) => s.x * shift), y: ev.map((s) => s.mean), color: seriesColor(k), markers: 'open', line: true, dash: 'dashed', legend: false });
    }
    return out;
  });
}

export function dmaPanels(members: FigureGlass[], samples: string[]): StudyFigure | null {
  const ms = members.filter((m) => m.dma && m.dma.points.length > 0);
  if (ms.length === 0) return null;
  const d = ms[0].dma!;
  const panels: PanelOptions[] = [
    { title: 'tan δ', xLabel: 'T / Tg', yLabel: 'tan δ', series: dmaSeries(ms, samples, (p) => p.tan_delta, (p) => p.tan_delta_err, (p) => p.event_tan_delta) },
    { title: "loss modulus G''", xLabel: 'T / Tg', yLabel: `G'' (${d.stress_unit})`, series: dmaSeries(ms, samples, (p) => p.loss, (p) => p.loss_err) },
  ];
  const hasEvent = ms.some((m) => m.dma!.points.some((p) => p.event_tan_delta !== null));
  const legend: LegendEntry[] = [
    ...samples.filter((s) => bySample(ms, s).length > 0).map((s) => ({ label: s, color: seriesColor(samples.indexOf(s)), marker: 'filled' as const })),
    { label: 'MD-DMA (mean ± SE)', color: GREY, marker: 'filled' },
    ...(hasEvent ? [{ label: 'event spectrum, same T and f', color: GREY, line: true, dash: DASH.dashed, marker: 'open' as const }] : []),
  ];
  return {
    id: 'md-dma', title: 'β measured model-free by MD-DMA',
    caption: `Direct MD-DMA in shear at one period P = ${d.period.toPrecision(3)} ${d.time_unit} at fixed T/Tg: tan δ and G'' (filled, mean ± standard error over glasses), and tan δ of the event spectrum at the same temperature and frequency 1/P (open, dashed); samples drawn slightly apart in T/Tg.`,
    fig: panelChart({ panels, columns: 2, legend, title: `MD-DMA at period ${d.period.toPrecision(3)} ${d.time_unit}` }),
  };
}
