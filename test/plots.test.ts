import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { scaleLinear, scaleLog } from 'd3-scale';
import { axisTicks, figureToSvg, saveFigure, unitText } from '../analysis/plots/figure.js';
import { heatMap, histogramChart, lineChart, panelChart } from '../analysis/plots/charts.js';
import {
  correlationPlot, fig2Spectra, fig3Profiles, fig4Histograms, fig4Spectra, fig4SubBasins, frequencyMaps, isDistributions, quenchCurves, type StudyFigure,
} from '../analysis/plots/study.js';
import { samplingAndDmaFigures } from '../analysis/study/outputs.js';
import { largeGlassTable, type LargeGlassAnalysis } from '../analysis/study/large-glass.js';
import { COLUMNS } from '../analysis/study/results.js';
import { disconnectivityGraph } from '../landscape/graph.js';
import { analyseSubBasins } from '../landscape/subbasins.js';
import { SAMPLES, syntheticGlasses } from './helpers/study-glasses.js';

function parse(svg: string) {
  const { document } = parseHTML(svg.replace(/^<\?xml[^>]*>\s*/, ''));
  return document;
}

test('lineChart draws one path per series, error bars, and a legend', () => {
  const fig = lineChart({
    title: 'test', xLabel: 'T', yLabel: 'E',
    series: [
      { label: 'a', x: [0, 1, 2], y: [1, 2, 3], yErr: [0.1, 0.1, 0.1] },
      { label: 'b', x: [0, 1, 2], y: [3, 2, 1] },
    ],
  });
  const doc = parse(figureToSvg(fig));
  assert.is(doc.querySelectorAll('g.series').length, 2);
  assert.is(doc.querySelectorAll('g.series path').length, 2);
  assert.is(doc.querySelectorAll('g.series line').length, 3);
  // The first series rises: its path's last y coordinate is above (smaller than) its first.
  const d = doc.querySelector('g.series path')!.getAttribute('d')!;
  const ys = [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => Number(m[2]));
  assert.ok(ys[2] < ys[0]);
});

test('panelChart: a panel with no finite point says why it is empty; one with points does not', () => {
  const why = 'no length resolved';
  const fig = panelChart({
    panels: [
      { title: 'width', xLabel: 'voxel', yLabel: 'w', series: [{ label: 'a', x: [2, 3], y: [0.3, 0.2] }], empty: why },
      { title: 'length', xLabel: 'voxel', yLabel: 'ξ', series: [{ label: 'a', x: [2, 3], y: [NaN, NaN] }], empty: why },
    ],
  });
  const notes = [...parse(figureToSvg(fig)).querySelectorAll('g.panel')].map((g) => g.querySelector('text.empty-note')?.textContent ?? null);
  assert.equal(notes, [null, why]);
});

test('quench curves and minima share dimensionless axes whatever the units: T/Tg, (e − e(Tg))/kTg, (E − E_IS)/kTg', () => {
  // A harmonic solid's potential energy per atom, 3/2 k T: the figure's slope is 3/2 in LJ and in metal units.
  const kB = 8.617333262e-5;
  const lj = { sample: 'lj', T: [0.6, 0.5, 0.4, 0.3], Tg: 0.42, kTg: 0.42 };
  const metal = { sample: 'metal', T: [1000, 800, 600, 400], Tg: 700, kTg: kB * 700 };
  const fig = quenchCurves([
    { ...lj, E: lj.T.map((t) => -7 + 1.5 * t) },
    { ...metal, E: metal.T.map((t) => -4.2 + 1.5 * kB * t) },
  ]);
  const line = (d: string) => [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const [a, b] = [...parse(figureToSvg(fig.fig)).querySelectorAll('path.data-line')].map((p) => line(p.getAttribute('d')!));
  // Both are the same line on screen: slope 3/2 through (1, 0).
  const slope = (pts: number[][]) => (pts[pts.length - 1][1] - pts[0][1]) / (pts[pts.length - 1][0] - pts[0][0]);
  assert.ok(Math.abs(slope(a) - slope(b)) < 1e-6 * Math.abs(slope(a)), `${slope(a)} ${slope(b)}`);

  // One minimum 2 kTg above the IS and one 1 kTg below, for a glass of 250 atoms: bars at +2 and −1.
  const [g] = syntheticGlasses({ full: false });
  const e0 = g.subbasins.minima_per_atom[0], kTg = g.scales!.kTg;
  const glass = { ...g, subbasins: { ...g.subbasins, minima_per_atom: [e0, e0 + (2 * kTg) / g.n, e0 - kTg / g.n] } };
  const hist = isDistributions([glass], [g.sample]).fig;
  const bars = [...parse(figureToSvg(hist)).querySelectorAll('g.series rect')].filter((r) => Number(r.getAttribute('height')) > 0);
  assert.is(bars.length, 2);
  const ticks = [...parse(figureToSvg(hist)).querySelectorAll('.tick text')].map((t) => t.textContent);
  assert.ok(ticks.includes('−1.0') && ticks.includes('2.0'), ticks.join(' '));
});

test('heatMap has one cell per value, a colour bar and a scale bar; PNG renders', () => {
  const nx = 4, ny = 3;
  const values = Array.from({ length: nx * ny }, (_, k) => k);
  const fig = heatMap({ values, nx, ny, cell: 2.5, lengthUnit: 'nm', valueLabel: 'G (GPa)' });
  const svg = figureToSvg(fig);
  const doc = parse(svg);
  assert.is(doc.querySelectorAll('g.heatmap rect').length, nx * ny);
  assert.ok(doc.querySelector('g.colorbar'));
  assert.match(doc.querySelector('g.scalebar text')!.textContent!, /nm/);
  const dir = mkdtempSync(join(tmpdir(), 'plots-'));
  const [svgPath, pngPath] = saveFigure(fig, join(dir, 'map.svg'), { png: true });
  assert.is(readFileSync(svgPath, 'utf8'), svg);
  const png = readFileSync(pngPath);
  assert.equal([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  assert.is(png.readUInt32BE(16), 2 * Number(doc.querySelector('svg')!.getAttribute('width'))); // width at the default 2x scale
});

test('histogramChart draws a bar per bin with heights ordered like the counts', () => {
  const fig = histogramChart({ xLabel: 'x', yLabel: 'count', sets: [{ label: 'a', edges: [0, 1, 2, 3], counts: [1, 5, 2] }] });
  const rects = parse(figureToSvg(fig)).querySelectorAll('g.series rect');
  assert.is(rects.length, 3);
  const h = [...rects].map((r) => Number(r.getAttribute('height')));
  assert.ok(h[1] > h[2] && h[2] > h[0]);
});

const labels = (scale: Parameters<typeof axisTicks>[0]) => {
  const t = axisTicks(scale);
  return t.values.map(t.format);
};

test('axis ticks: plain decimals, powers of ten on log axes, a×10ⁿ beyond [1e-4, 1e5), never SI prefixes', () => {
  assert.equal(labels(scaleLinear().domain([0, 0.05])), ['0.00', '0.01', '0.02', '0.03', '0.04', '0.05']);
  assert.equal(labels(scaleLinear().domain([-1, 1])), ['−1.0', '−0.5', '0.0', '0.5', '1.0']);
  assert.equal(labels(scaleLinear().domain([0, 3e-5])), ['0', '5×10⁻⁶', '1×10⁻⁵', '1.5×10⁻⁵', '2×10⁻⁵', '2.5×10⁻⁵', '3×10⁻⁵']);
  assert.equal(labels(scaleLinear().domain([0, 4e5])), ['0', '5×10⁴', '1×10⁵', '1.5×10⁵', '2×10⁵', '2.5×10⁵', '3×10⁵', '3.5×10⁵', '4×10⁵']);
  // Within a decade (the Fig. 2 axis, T/Tg from 0.3 to 1.2): linear steps, plain.
  assert.equal(labels(scaleLog().domain([0.3, 1.2])), ['0.4', '0.6', '0.8', '1', '1.2']);
  assert.equal(labels(scaleLog().domain([0.01, 1])), ['0.01', '0.02', '0.05', '0.1', '0.2', '0.5', '1']);
  assert.equal(labels(scaleLog().domain([1e-6, 1e2])), ['10⁻⁶', '10⁻⁵', '10⁻⁴', '10⁻³', '10⁻²', '10⁻¹', '10⁰', '10¹', '10²']);
});

/** Every study figure from synthetic glasses (with or without the issue-19 fields). */
function studyFigures(full: boolean, relative = false): StudyFigure[] {
  const ms = syntheticGlasses({ full, relative });
  const db = {
    minima: [{ id: 1, energy: -10 }, { id: 2, energy: -9.4 }, { id: 3, energy: -9.7 }],
    saddles: [{ id: 1, energy: -9, minA: 1, minB: 2, initial: 1 }, { id: 2, energy: -8.8, minA: 1, minB: 3, initial: 1 }], events: [],
  };
  const sb = analyseSubBasins(db, { binWidth: 0.2, start: 1 });
  const pair = ['ka', 'ka-annealed'];
  const fluct = COLUMNS.find((c) => c.key === 'fluctuation')!;
  return [
    fig2Spectra(ms, SAMPLES, [{ label: 'La–Ni–Al', x: [0.4, 0.6, 0.8, 1], y: [0.05, 0.2, 0.1, 1] }]),
    ...frequencyMaps(ms, SAMPLES, 'fig3'), fig3Profiles(ms, SAMPLES), fig4Histograms(ms, pair),
    fig4SubBasins('ka', disconnectivityGraph(db, { deltaE: 0.2 }), sb, 1), fig4Spectra(ms, pair),
    quenchCurves(SAMPLES.map((s, k) => ({ sample: s, T: [1, 0.8, 0.6, 0.4], E: [-6, -6.4, -6.8, -7.1 - 0.001 * k], Tg: 0.5, kTg: 0.5 }))),
    isDistributions(ms, SAMPLES), correlationPlot(ms, SAMPLES, fluct, 'ρ'),
    ...samplingAndDmaFigures(ms, SAMPLES),
  ];
}

/**
 * What the legend of an SVG misses: a colour of a data line, marker or histogram bar, a dash pattern
 * of a data line, or a marker kind (filled, open) that no legend entry shows.
 */
function legendProblems(doc: ReturnType<typeof parse>): string[] {
  const lines = [...doc.querySelectorAll('path.data-line')];
  const markers = [...doc.querySelectorAll('[data-marker]')].filter((m) => !m.closest('.legend'));
  const bars = [...doc.querySelectorAll('g.series rect')];
  const legendLines = [...doc.querySelectorAll('.legend line.legend-line')];
  const legendMarkers = [...doc.querySelectorAll('.legend [data-marker]')];
  const colors = new Set([...legendLines.map((l) => l.getAttribute('stroke')), ...legendMarkers.map((m) => m.getAttribute('stroke')),
    ...[...doc.querySelectorAll('.legend rect.legend-swatch')].map((r) => r.getAttribute('fill'))]);
  const dashes = new Set(legendLines.map((l) => l.getAttribute('stroke-dasharray') ?? ''));
  const kinds = new Set(legendMarkers.map((m) => m.getAttribute('data-marker')));
  const out: string[] = [];
  for (const l of lines) {
    if (!colors.has(l.getAttribute('stroke'))) out.push(`line colour ${l.getAttribute('stroke')}`);
    if (!dashes.has(l.getAttribute('stroke-dasharray') ?? '')) out.push(`dash '${l.getAttribute('stroke-dasharray')}'`);
  }
  for (const m of markers) {
    if (!colors.has(m.getAttribute('stroke')) && !colors.has(m.getAttribute('fill'))) out.push(`marker colour ${m.getAttribute('stroke')}`);
    if (!kinds.has(m.getAttribute('data-marker'))) out.push(`${m.getAttribute('data-marker')} marker`);
  }
  for (const b of bars) if (!colors.has(b.getAttribute('fill'))) out.push(`bar colour ${b.getAttribute('fill')}`);
  return [...new Set(out)];
}

test('legend check: a style without an entry is found', () => {
  const ok = lineChart({ xLabel: 'x', yLabel: 'y', series: [{ label: 'a', x: [0, 1], y: [0, 1] }, { label: 'a: β part', x: [0, 1], y: [1, 0], dash: 'dashed', color: '#123456' }] });
  assert.equal(legendProblems(parse(figureToSvg(ok))), []);
  const missing = lineChart({ xLabel: 'x', yLabel: 'y', series: [{ label: 'a', x: [0, 1], y: [0, 1] }, { label: 'b', x: [0, 1], y: [1, 0], dash: 'dotted', markers: 'open', line: true, color: '#123456', legend: false }] });
  assert.equal(legendProblems(parse(figureToSvg(missing))), ['line colour #123456', "dash '2.5,4.5'", 'marker colour #123456', 'open marker']);
});

const SI_SUFFIX = /\d\s*[yzafpnµμumkMGTPEZY]$/;

test('study figures: no SI-prefix tick, every data colour, line style and marker in the legend, slide-size text and lines', () => {
  const all = [...studyFigures(true), ...studyFigures(false), ...studyFigures(true, true)];
  for (const f of all) {
    const doc = parse(figureToSvg(f.fig));
    const ticks = [...doc.querySelectorAll('g.tick text')].map((t) => t.textContent!);
    assert.ok(ticks.length >= 4, f.id);
    for (const t of ticks) assert.not.match(t, SI_SUFFIX, `${f.id}: tick '${t}'`);
    for (const a of doc.querySelectorAll('g.axis')) assert.ok(Number(a.getAttribute('font-size')) >= 14, `${f.id}: tick font`);
    for (const t of doc.querySelectorAll('text.axis-label')) assert.ok(Number(t.getAttribute('font-size')) >= 16, `${f.id}: label font`);
    for (const l of doc.querySelectorAll('path.data-line')) assert.ok(Number(l.getAttribute('stroke-width')) >= 2, `${f.id}: line width`);
    assert.equal(legendProblems(doc), [], f.id);
    assert.ok(doc.querySelectorAll('.legend-entry').length > 0 || doc.querySelector('g.heatmap'), `${f.id}: no legend`);
  }
});

test('study figures: the issue-19 figures appear only with their data; Fig. 2 gains the MD-frequency panel', () => {
  const ids = (fs: StudyFigure[]) => fs.map((f) => f.id);
  const full = studyFigures(true), old = studyFigures(false);
  for (const id of ['md-dma', 'saturation-curves', 'beta-convergence', 'voxel-scan']) {
    assert.ok(ids(full).includes(id), id);
    assert.not.ok(ids(old).includes(id), id);
  }
  const panels = (fs: StudyFigure[]) => parse(figureToSvg(fs.find((f) => f.id === 'fig2-spectra')!.fig)).querySelectorAll('text.panel-title').length;
  assert.is(panels(full), 2);
  assert.is(panels(old), 0);
  // Saturation: a panel per sample, two lines (events, adjacent minima) per glass.
  const sat = parse(figureToSvg(full.find((f) => f.id === 'saturation-curves')!.fig));
  assert.is(sat.querySelectorAll('g.panel').length, SAMPLES.length);
  assert.is(sat.querySelectorAll('path.data-line').length, 2 * 9);
  // MD-DMA: error bars on the MD points, open markers for the event spectrum.
  const dma = parse(figureToSvg(full.find((f) => f.id === 'md-dma')!.fig));
  assert.ok(dma.querySelectorAll('line.error-bar').length >= 2 * SAMPLES.length);
  assert.ok([...dma.querySelectorAll('[data-marker="open"]')].filter((m) => !m.closest('.legend')).length === 2 * SAMPLES.length);
});

test("MD-DMA beside an EAM arm: G'' in GPa (LJ mapped by σ and ε), each sample's period in the caption", () => {
  const ms = syntheticGlasses({ full: true }).filter((m) => m.sample === SAMPLES[0] || m.sample === SAMPLES[1]);
  const gpaPerLj = 1.025;
  const mixed = ms.map((m) => (m.sample === SAMPLES[1]
    ? { ...m, units: 'metal', scales: { ...m.scales!, GPa_per_stress: 1 }, dma: { ...m.dma!, period: 5, time_unit: 'ps', stress_unit: 'GPa' }, spectrum: { ...m.spectrum, md: { ...m.spectrum.md!, period: 5 } } }
    : { ...m, scales: { ...m.scales!, GPa_per_stress: gpaPerLj } }));
  const fig = samplingAndDmaFigures(mixed, SAMPLES.slice(0, 2)).find((f) => f.id === 'md-dma')!;
  assert.match(fig.caption, new RegExp(`P = 100 τ \\(${SAMPLES[0]}\\), 5\\.00 ps \\(${SAMPLES[1]}\\)`));
  const doc = parse(figureToSvg(fig.fig));
  assert.ok([...doc.querySelectorAll('text.axis-label')].some((t) => t.textContent === "G'' (GPa)"));
  // The LJ sample's G'' tooltip values are its ε/σ³ values times the mapping.
  const lj = ms.filter((m) => m.sample === SAMPLES[0]);
  const mean05 = lj.reduce((a, m) => a + m.dma!.points[0].loss, 0) / lj.length;
  const tips = [...doc.querySelectorAll('g.panel')][1].querySelectorAll(`g.series[data-label="${SAMPLES[0]}"] title`);
  assert.ok([...tips].some((t) => t.textContent!.endsWith(`${(mean05 * gpaPerLj).toPrecision(4)})`)), [...tips].map((t) => t.textContent).join(' '));
  // Fig. 2's MD panel says each sample's period too.
  const fig2 = fig2Spectra(mixed, SAMPLES.slice(0, 2));
  assert.match(fig2.caption, new RegExp(`P = 100 τ \\(${SAMPLES[0]}\\), 5\\.00 ps \\(${SAMPLES[1]}\\)`));
  assert.ok([...parse(figureToSvg(fig2.fig)).querySelectorAll('text.panel-title')].some((t) => t.textContent === 'MD frequency (shear)'));
  // One unit for all: the native unit, one period in the title.
  const same = samplingAndDmaFigures(ms, SAMPLES.slice(0, 2)).find((f) => f.id === 'md-dma')!;
  assert.ok([...parse(figureToSvg(same.fig)).querySelectorAll('text.axis-label')].some((t) => t.textContent === "G'' (ε/σ³)"));
  assert.match(same.caption, /P = 100 τ at fixed/);
});

test('voxel scan beside an EAM arm: edges in nm, and the glasses of each voxel grid averaged though their boxes differ', () => {
  const ms = syntheticGlasses({ full: true }).filter((m) => m.sample === SAMPLES[0] || m.sample === SAMPLES[1]);
  // The EAM glasses (Å) were quenched at constant pressure: at the same grid each seed's edge differs a little.
  const mixed = ms.map((m) => (m.sample === SAMPLES[1]
    ? { ...m, units: 'metal', scales: { ...m.scales!, nm_per_length: 0.1 }, heterogeneity: { ...m.heterogeneity, voxel_scan: m.heterogeneity.voxel_scan!.map((p) => ({ ...p, voxel: 2.5 * p.voxel * (1 + 0.01 * m.seed) })) } }
    : m));
  const fig = samplingAndDmaFigures(mixed, SAMPLES.slice(0, 2)).find((f) => f.id === 'voxel-scan')!;
  const doc = parse(figureToSvg(fig.fig));
  assert.ok([...doc.querySelectorAll('text.axis-label')].some((t) => t.textContent === 'voxel size (nm)'));
  const width = [...doc.querySelectorAll('g.panel')][0];
  const tips = (s: string) => [...width.querySelectorAll(`g.series[data-label="${s}"] title`)].map((t) => t.textContent!);
  // One point per grid: 4 edges per sample, the EAM ones at the seeds' mean edge, 2.5 × 2 Å × 1.02 = 0.51 nm; 2 σ = 0.5 nm.
  assert.is(tips(SAMPLES[1]).length, 4, tips(SAMPLES[1]).join(' '));
  assert.is(tips(SAMPLES[0]).length, 4, tips(SAMPLES[0]).join(' '));
  assert.match(tips(SAMPLES[1])[0], /\(0\.5100, /);
  assert.match(tips(SAMPLES[0])[0], /\(0\.5000, /);
  assert.match(fig.caption, /lengths in nm/);
});

test('voxel scan with a large glass: its own dashed line in its sample\'s colour, every edge it scanned, in the legend and the caption', () => {
  const ms = syntheticGlasses({ full: true });
  const m = ms.find((g) => g.sample === SAMPLES[1])!;
  const edges = [2, 3, 4, 5, 6];
  const big: LargeGlassAnalysis = {
    sample: SAMPLES[1], seed: 1, dir: '/tmp/large', n: 32000, e_IS: m.e_IS, crafm: m.crafm,
    heterogeneity: { ...m.heterogeneity, voxel_scan: edges.map((v) => ({ voxel: v, grid: [Math.round(30 / v), Math.round(30 / v), Math.round(30 / v)], relative_width: 0.56 / v ** 1.5, correlation_length: null, correlation_length_note: 'below resolution (< 2 voxels)', negative_voxels: v === 2 ? 3 : 0 })) },
  };
  const without = samplingAndDmaFigures(ms, SAMPLES).find((f) => f.id === 'voxel-scan')!;
  const fig = samplingAndDmaFigures(ms, SAMPLES, [big]).find((f) => f.id === 'voxel-scan')!;
  const doc = parse(figureToSvg(fig.fig));
  const width = [...doc.querySelectorAll('g.panel')][0];
  const label = `${SAMPLES[1]}, 32000 atoms`;
  const tips = [...width.querySelectorAll(`g.series[data-label="${label}"] title`)].map((t) => t.textContent!);
  assert.is(tips.length, 5, tips.join(' '));
  assert.match(tips[4], /\(6\.000, 0\.03810\)/);
  assert.equal(legendProblems(doc), []);
  assert.ok([...doc.querySelectorAll('.legend text')].some((t) => t.textContent === label));
  assert.match(fig.caption, new RegExp(`dashed, open: the large glasses \\(${SAMPLES[1]} seed 1, 32000 atoms\\)`));
  // Its G ≤ 0 voxels are counted with the others'.
  const count = (c: string) => Number(/\((\d+) over the whole scan\)/.exec(c)![1]);
  assert.is(count(fig.caption), count(without.caption) + 3);
  // The report's table of the large glasses gives the scan too.
  assert.is(largeGlassTable([big]).rows[0].at(-1), '2 → 0.198, 3 → 0.108, 4 → 0.07, 5 → 0.0501, 6 → 0.0381');
});

test('unit labels: the ASCII units of the data files are shown as symbols (ε/σ³, σ⁻³, τ)', () => {
  assert.equal(['epsilon/sigma^3', 'sigma^-3', 'tau', 'GPa', 'Å^3'].map(unitText), ['ε/σ³', 'σ⁻³', 'τ', 'GPa', 'Å³']);
  const ms = syntheticGlasses({ full: true }).map((m) => ({ ...m, dma: { ...m.dma!, stress_unit: 'epsilon/sigma^3' } }));
  const fig = samplingAndDmaFigures(ms, SAMPLES).find((f) => f.id === 'md-dma')!;
  assert.ok([...parse(figureToSvg(fig.fig)).querySelectorAll('text.axis-label')].some((t) => t.textContent === "G'' (ε/σ³)"));
});

test('CR-AFM maps and profiles: relative (f − <f>)/<f>, whether the result holds kHz or relative values', () => {
  const label = (fs: StudyFigure[], id: string) => [...parse(figureToSvg(fs.find((f) => f.id === id)!.fig)).querySelectorAll('text.axis-label')].map((t) => t.textContent).join(' | ');
  const khz = studyFigures(true), rel = studyFigures(true, true);
  for (const fs of [khz, rel]) {
    assert.match(label(fs, 'fig3-map-ka'), /relative \(f − <f>\)\/<f>/);
    assert.match(label(fs, 'fig3-profiles'), /relative/);
  }
  assert.match(rel.find((f) => f.id === 'fig3-map-ka')!.caption, /relative units/);
  // A kHz map is scaled by its mean: the same glass in either form gives the same colour bar.
  // Relative deviations of a 480 kHz map with a 0.004 kHz spread are ~1e-5: the colour bar says so as a×10ⁿ.
  const bar = (fs: StudyFigure[]) => [...parse(figureToSvg(fs.find((f) => f.id === 'fig3-map-ka')!.fig)).querySelectorAll('g.colorbar g.tick text')].map((t) => t.textContent!);
  assert.equal(bar(khz), bar(rel));
  assert.ok(bar(rel).some((t) => /^(−?\d(\.\d+)?×)?10⁻⁵$/.test(t)), bar(rel).join(' '));
});

test.run();
