/**
 * The figure kit: d3 drawing into a small server-side DOM (linkedom), serialised to standalone SVG,
 * and to PNG with resvg for slides. Every betascape figure is built from these pieces:
 *
 *   const fig = newFigure({ title: 'E(T)' });
 *   const x = scaleLinear().domain([0, 1]).range([0, fig.width]);
 *   ...draw into fig.plot with d3...
 *   drawAxes(fig, x, y, { x: 'T', y: 'E' });
 *   saveFigure(fig, 'out/energy.svg', { png: true });
 *
 * `fig.plot` is the plotting area, translated by the margins; `fig.width`/`fig.height` are its size.
 * Sizes are for slides: ticks 14 px, axis labels and legends 16/14 px, data lines 2.5 px at the
 * figure's own size. Every axis labels its ticks through `axisTicks` (plain decimals; powers of ten
 * or a×10ⁿ outside [1e-4, 1e5); never SI prefixes).
 */
import { writeFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { select, type Selection } from 'd3-selection';
import { axisBottom, axisLeft, axisRight, type AxisScale } from 'd3-axis';
import { ticks as linearTicks, tickStep } from 'd3-array';
import { Resvg } from '@resvg/resvg-js';

export interface Margins { top: number; right: number; bottom: number; left: number }

export interface FigureOptions {
  /** Outer size in px (default 760 × 500). */
  width?: number;
  height?: number;
  margin?: Partial<Margins>;
  title?: string;
}

export type Group = Selection<SVGGElement, unknown, null, undefined>;

export interface Figure {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  plot: Group;
  /** Size of the plotting area (inside the margins). */
  width: number;
  height: number;
  margin: Margins;
}

/** Font sizes (px) and line widths at the figure's natural size. */
export const SIZE = { tick: 14, label: 16, title: 18, legend: 14, note: 14, line: 2.5, errorBar: 2, marker: 5, axis: 1.5 };
const DEFAULT_MARGIN: Margins = { top: 48, right: 28, bottom: 66, left: 108 };
export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
/** A unit as data files spell it (epsilon/sigma^3, tau) as a label shows it (ε/σ³, τ). */
export function unitText(unit: string): string {
  const powers: Record<string, string> = { '-': '⁻', '1': '¹', '2': '²', '3': '³' };
  return unit.replace(/epsilon/g, 'ε').replace(/sigma/g, 'σ').replace(/tau/g, 'τ').replace(/\^(-?\d)/g, (_, p: string) => [...p].map((c) => powers[c] ?? c).join(''));
}

/** Rough advance of one character at `size` px (DejaVu Sans averages a little under 0.6 em). */
export const textWidth = (text: string, size = SIZE.legend) => text.length * size * 0.6;

export function newFigure(opts: FigureOptions = {}): Figure {
  const outerW = opts.width ?? 760;
  const outerH = opts.height ?? 500;
  const margin = { ...DEFAULT_MARGIN, ...opts.margin };
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = select(document.body as unknown as Element)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', outerW)
    .attr('height', outerH)
    .attr('viewBox', `0 0 ${outerW} ${outerH}`)
    .attr('font-family', FONT)
    .attr('font-size', SIZE.label) as unknown as Figure['svg'];
  svg.append('rect').attr('width', outerW).attr('height', outerH).attr('fill', 'white');
  if (opts.title) {
    svg.append('text').attr('class', 'title').attr('x', outerW / 2).attr('y', 28).attr('text-anchor', 'middle')
      .attr('font-size', SIZE.title).attr('font-weight', 'bold').text(opts.title);
  }
  const plot = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`) as unknown as Group;
  return { svg, plot, width: outerW - margin.left - margin.right, height: outerH - margin.top - margin.bottom, margin };
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const MINUS = '−';
const superscript = (k: number) => (k < 0 ? '⁻' : '') + String(Math.abs(k)).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]);
const plain = (text: string) => text.replace(/^-/, MINUS).replace(new RegExp(`^${MINUS}(0(\\.0*)?)$`), '$1');

/** v with `decimals` digits after the point, a true minus sign and no "−0". */
function fixed(v: number, decimals: number): string {
  return plain(v.toFixed(Math.max(0, Math.min(12, decimals))));
}

/** The shortest plain decimal of v (up to 6 significant digits). */
function shortest(v: number): string {
  return plain(String(Number(v.toPrecision(6))));
}

/** a × 10ⁿ with n = floor(log10 |v|) and a shortest; bare 10ⁿ for a = 1 when `bare`. */
function scientific(v: number, bare: boolean): string {
  if (v === 0) return '0';
  const n = Math.floor(Math.log10(Math.abs(v)) + 1e-9);
  const a = shortest(v / 10 ** n);
  return bare && a === '1' ? `10${superscript(n)}` : `${a}×10${superscript(n)}`;
}

/** Decimals are used while every nonzero tick lies in [1e-4, 1e5); beyond it, powers of ten. */
const readableAsDecimal = (values: number[]) => values.every((v) => v === 0 || (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e5));

/** Digits after the point that a tick step of 1, 2 or 5 × 10ⁿ needs. */
const precisionFixed = (step: number) => Math.max(0, -Math.floor(Math.log10(Math.abs(step)) + 1e-9));

const isLogScale = (s: AxisScale<number>) => typeof (s as unknown as { base?: unknown }).base === 'function';

/**
 * Tick positions and labels of an axis: the one formatter of every betascape figure.
 * Linear: d3's nice ticks with as many decimals as the step needs (a×10ⁿ when the values are below
 * 1e-4 or from 1e5 up). Log: within a decade, nice linear steps; up to about two
 * decades 1, 2, 5 × 10ⁿ; beyond, powers of ten only; plain decimals where readable, 10ⁿ otherwise.
 */
export function axisTicks(scale: AxisScale<number>, count = 6): { values: number[]; format: (v: number) => string } {
  const [d0, d1] = (scale as unknown as { domain(): number[] }).domain();
  const lo = Math.min(d0, d1), hi = Math.max(d0, d1);
  if (!isLogScale(scale)) {
    const values = linearTicks(lo, hi, count);
    const step = values.length > 1 ? Math.abs(values[1] - values[0]) : Math.abs(tickStep(lo, hi, count)) || 1;
    if (readableAsDecimal(values)) return { values, format: (v) => fixed(v, precisionFixed(step)) };
    return { values, format: (v) => scientific(v, false) };
  }
  const decades = Math.log10(hi / lo);
  let values: number[];
  if (decades < 1) {
    values = linearTicks(lo, hi, count);
  } else {
    const k0 = Math.floor(Math.log10(lo)), k1 = Math.ceil(Math.log10(hi));
    const mantissas = decades <= 2.2 ? [1, 2, 5] : [1];
    const every = Math.max(1, Math.ceil((k1 - k0) / 8));
    values = [];
    for (let k = k0; k <= k1; k++) {
      if ((k - k0) % every !== 0) continue;
      for (const a of mantissas) {
        const v = Number((a * 10 ** k).toPrecision(12));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) values.push(v);
      }
    }
  }
  if (readableAsDecimal(values)) return { values, format: shortest };
  return { values, format: (v) => scientific(v, true) };
}

/** Draws an axis (d3-axis with `axisTicks`) into `g` at the figure kit's sizes. */
export function drawAxis(g: Group, scale: AxisScale<number>, side: 'bottom' | 'left' | 'right', count = 6): void {
  const { values, format } = axisTicks(scale, count);
  const make = side === 'bottom' ? axisBottom : side === 'left' ? axisLeft : axisRight;
  g.attr('class', `axis axis-${side}`).call(make(scale).tickValues(values).tickFormat(format as never).tickSizeOuter(0) as never);
  // d3-axis writes font-size 10 and sans-serif on the group: the kit's own sizes instead.
  g.attr('font-size', SIZE.tick).attr('font-family', FONT);
  g.selectAll('path, line').attr('stroke-width', SIZE.axis);
}

/** The widest tick label of a scale, in px. */
export function tickLabelWidth(scale: AxisScale<number>, count = 6): number {
  const { values, format } = axisTicks(scale, count);
  return Math.max(0, ...values.map((v) => textWidth(format(v), SIZE.tick)));
}

/** Bottom and left axes with labels (units in the label text, e.g. "T (K)"). */
export function drawAxes(fig: Pick<Figure, 'plot' | 'width' | 'height' | 'margin'>, x: AxisScale<number>, y: AxisScale<number>, labels: { x: string; y: string }): void {
  drawAxis(fig.plot.append('g').attr('transform', `translate(0,${fig.height})`) as unknown as Group, x, 'bottom');
  drawAxis(fig.plot.append('g') as unknown as Group, y, 'left');
  fig.plot.append('text').attr('class', 'axis-label').attr('x', fig.width / 2).attr('y', fig.height + 48).attr('text-anchor', 'middle')
    .attr('font-size', SIZE.label).text(labels.x);
  const yOffset = Math.min(fig.margin.left - 22, tickLabelWidth(y) + 30);
  fig.plot.append('text').attr('class', 'axis-label').attr('transform', `translate(${-yOffset},${fig.height / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').attr('font-size', SIZE.label).text(labels.y);
}

/**
 * One legend entry: a line sample (solid, or `dash` as an SVG dasharray) and/or a marker (filled or
 * open circle), or a filled swatch (histograms).
 */
export interface LegendEntry {
  label: string;
  color: string;
  line?: boolean;
  dash?: string | null;
  marker?: 'filled' | 'open' | null;
  swatch?: boolean;
}

const LEGEND_ROW = 22;
const LEGEND_SAMPLE = 34;

/** Width in px of a legend of these entries. */
export function legendWidth(entries: LegendEntry[]): number {
  return entries.length === 0 ? 0 : Math.ceil(LEGEND_SAMPLE + 10 + Math.max(...entries.map((e) => textWidth(e.label))) + 8);
}

/** Draws `entries` in a column at (x, y) of `parent` (on a white box with background, for legends over data). */
export function drawLegend(parent: Group, entries: LegendEntry[], at: { x: number; y: number }, o: { background?: boolean } = {}): void {
  const g = parent.append('g').attr('class', 'legend').attr('transform', `translate(${at.x},${at.y})`).attr('font-size', SIZE.legend);
  if (o.background) {
    g.append('rect').attr('x', -6).attr('y', -LEGEND_ROW / 2 - 2).attr('width', legendWidth(entries) + 4).attr('height', entries.length * LEGEND_ROW + 4)
      .attr('fill', 'white').attr('fill-opacity', 0.85).attr('stroke', '#bbb');
  }
  entries.forEach((e, k) => {
    const row = g.append('g').attr('class', 'legend-entry').attr('transform', `translate(0,${k * LEGEND_ROW})`);
    if (e.swatch) {
      row.append('rect').attr('class', 'legend-swatch').attr('x', 4).attr('y', -7).attr('width', LEGEND_SAMPLE - 8).attr('height', 14)
        .attr('fill', e.color).attr('fill-opacity', 0.45).attr('stroke', e.color).attr('stroke-width', SIZE.errorBar);
    }
    if (e.line) {
      row.append('line').attr('class', 'legend-line').attr('x1', 0).attr('x2', LEGEND_SAMPLE).attr('y1', 0).attr('y2', 0)
        .attr('stroke', e.color).attr('stroke-width', SIZE.line).attr('stroke-dasharray', e.dash ?? null);
    }
    if (e.marker) drawMarker(row, LEGEND_SAMPLE / 2, 0, e.color, e.marker).attr('class', 'legend-marker');
    row.append('text').attr('x', LEGEND_SAMPLE + 10).attr('y', 5).text(e.label);
  });
}

/** A circle marker, filled or open (white inside, coloured ring). */
export function drawMarker(g: Group, cx: number, cy: number, color: string, kind: 'filled' | 'open') {
  return g.append('circle').attr('cx', cx).attr('cy', cy).attr('r', SIZE.marker)
    .attr('fill', kind === 'filled' ? color : 'white').attr('stroke', color).attr('stroke-width', kind === 'filled' ? 0 : 2)
    .attr('data-marker', kind);
}

/** The figure as a standalone SVG document. */
export function figureToSvg(fig: Figure): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${fig.svg.node()!.outerHTML}\n`;
}

/** PNG bytes of an SVG document (system fonts), at `scale` × its pixel size. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}

/** Writes `path` (…svg) and, with png, the same name with .png; returns the paths written. */
export function saveFigure(fig: Figure, path: string, opts: { png?: boolean } = {}): string[] {
  const svg = figureToSvg(fig);
  writeFileSync(path, svg);
  if (!opts.png) return [path];
  const png = path.replace(/\.svg$/, '') + '.png';
  writeFileSync(png, svgToPng(svg));
  return [path, png];
}
