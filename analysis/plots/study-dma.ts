/**
 * The study's MD-DMA figure: tan δ measured by direct MD-DMA at fixed T/Tg (sample means ± standard
 * error, filled markers) beside the event spectrum's tan δ at the same temperature and frequency
 * (open markers, dashed), and the MD-DMA loss modulus G''. Null when no glass has an MD-DMA block.
 */
import { panelChart, seriesColor, DASH, type PanelOptions, type Series } from './charts.js';
import { unitText, type LegendEntry } from './figure.js';
import { bySample, perSampleText, type StudyFigure } from './study.js';
import type { DmaPoint, FigureGlass } from './study-inputs.js';

const GREY = '#555';
/** Samples are drawn a little apart in T/Tg (relative offset per sample) so their error bars stay apart. */
const SPREAD = 0.006;

interface Stat { x: number; mean: number; se: number }

/** Per T/Tg: mean over glasses and its standard error (one glass: its own error). */
function perTemperature(ms: FigureGlass[], value: (p: DmaPoint, m: FigureGlass) => number | null, error: (p: DmaPoint, m: FigureGlass) => number): Stat[] {
  const points = ms.flatMap((m) => m.dma!.points.map((p) => ({ p, m })));
  const xs = [...new Set(points.map(({ p }) => Number(p.T_over_Tg.toPrecision(6))))].sort((a, b) => a - b);
  return xs.map((x) => {
    const at = points.filter(({ p, m }) => Number(p.T_over_Tg.toPrecision(6)) === x && Number.isFinite(value(p, m) ?? NaN));
    const v = at.map(({ p, m }) => value(p, m) as number);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const se = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1) / v.length) : at.length === 1 ? error(at[0].p, at[0].m) : 0;
    return { x, mean, se };
  }).filter((s) => Number.isFinite(s.mean));
}

type Read = (p: DmaPoint, m: FigureGlass) => number | null;

function dmaSeries(ms: FigureGlass[], samples: string[], measured: Read, error: (p: DmaPoint, m: FigureGlass) => number, event?: Read): Series[] {
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
  // Samples in other units (an EAM arm beside LJ models): G'' in GPa, LJ stresses mapped by the study's σ and ε.
  const mixed = new Set(ms.map((m) => m.dma!.stress_unit)).size > 1;
  const loss: Read = mixed ? (p, m) => (m.scales?.GPa_per_stress === undefined ? null : p.loss * m.scales.GPa_per_stress) : (p) => p.loss;
  const lossErr = (p: DmaPoint, m: FigureGlass) => (mixed ? p.loss_err * (m.scales?.GPa_per_stress ?? NaN) : p.loss_err);
  const panels: PanelOptions[] = [
    { title: 'tan δ', xLabel: 'T / Tg', yLabel: 'tan δ', series: dmaSeries(ms, samples, (p) => p.tan_delta, (p) => p.tan_delta_err, (p) => p.event_tan_delta) },
    { title: "loss modulus G''", xLabel: 'T / Tg', yLabel: `G'' (${mixed ? 'GPa' : unitText(ms[0].dma!.stress_unit)})`, series: dmaSeries(ms, samples, loss, lossErr) },
  ];
  const hasEvent = ms.some((m) => m.dma!.points.some((p) => p.event_tan_delta !== null));
  const legend: LegendEntry[] = [
    ...samples.filter((s) => bySample(ms, s).length > 0).map((s) => ({ label: s, color: seriesColor(samples.indexOf(s)), marker: 'filled' as const })),
    { label: 'MD-DMA (mean ± SE)', color: GREY, marker: 'filled' },
    ...(hasEvent ? [{ label: 'event spectrum, same T and f', color: GREY, line: true, dash: DASH.dashed, marker: 'open' as const }] : []),
  ];
  const periods = perSampleText(ms, samples, (m) => `${m.dma!.period.toPrecision(3)} ${m.dma!.time_unit}`);
  return {
    id: 'md-dma', title: 'β measured model-free by MD-DMA',
    caption: `Direct MD-DMA in shear at one period P = ${periods.text} at fixed T/Tg: tan δ and G'' (filled, mean ± standard error over glasses), and tan δ of the event spectrum at the same temperature and frequency 1/P (open, dashed); samples drawn slightly apart in T/Tg.` +
      (mixed ? " G'' in GPa: the Lennard-Jones samples' ε/σ³ mapped with the study's σ and ε (crafm.sigma_nm, epsilon_eV)." : ''),
    fig: panelChart({ panels, columns: 2, legend, title: periods.single ? `MD-DMA at period ${periods.text}` : 'MD-DMA at one period per sample' }),
  };
}
