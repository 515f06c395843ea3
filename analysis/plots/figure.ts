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
 */
import { writeFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { select, type Selection } from 'd3-selection';
import { axisBottom, axisLeft, type AxisScale } from 'd3-axis';
import { Resvg } from '@resvg/resvg-js';

export interface Margins { top: number; right: number; bottom: number; left: number }

export interface FigureOptions {
  /** Outer size in px (default 640 × 420). */
  width?: number;
  height?: number;
  margin?: Partial<Margins>;
  title?: string;
}

export interface Figure {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  plot: Selection<SVGGElement, unknown, null, undefined>;
  /** Size of the plotting area (inside the margins). */
  width: number;
  height: number;
  margin: Margins;
}

const DEFAULT_MARGIN: Margins = { top: 36, right: 24, bottom: 52, left: 72 };
export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export function newFigure(opts: FigureOptions = {}): Figure {
  const outerW = opts.width ?? 640;
  const outerH = opts.height ?? 420;
  const margin = { ...DEFAULT_MARGIN, ...opts.margin };
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = select(document.body as unknown as Element)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', outerW)
    .attr('height', outerH)
    .attr('viewBox', `0 0 ${outerW} ${outerH}`)
    .attr('font-family', FONT)
    .attr('font-size', 12) as unknown as Figure['svg'];
  svg.append('rect').attr('width', outerW).attr('height', outerH).attr('fill', 'white');
  if (opts.title) {
    svg.append('text').attr('x', outerW / 2).attr('y', 20).attr('text-anchor', 'middle')
      .attr('font-size', 14).attr('font-weight', 'bold').text(opts.title);
  }
  const plot = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`) as unknown as Figure['plot'];
  return { svg, plot, width: outerW - margin.left - margin.right, height: outerH - margin.top - margin.bottom, margin };
}

/** Bottom and left axes with labels (units in the label text, e.g. "T (K)"). */
export function drawAxes(fig: Figure, x: AxisScale<number>, y: AxisScale<number>, labels: { x: string; y: string }): void {
  fig.plot.append('g').attr('transform', `translate(0,${fig.height})`).call(axisBottom(x).ticks(6) as never);
  fig.plot.append('g').call(axisLeft(y).ticks(6) as never);
  fig.plot.append('text').attr('x', fig.width / 2).attr('y', fig.height + 40).attr('text-anchor', 'middle').text(labels.x);
  fig.plot.append('text').attr('transform', `translate(${-fig.margin.left + 16},${fig.height / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').text(labels.y);
}

/** A legend box in the top-right corner of the plotting area. */
export function drawLegend(fig: Figure, entries: { label: string; color: string }[]): void {
  const g = fig.plot.append('g').attr('transform', `translate(${fig.width - 150},8)`);
  entries.forEach((e, k) => {
    g.append('rect').attr('x', 0).attr('y', k * 16).attr('width', 12).attr('height', 10).attr('fill', e.color);
    g.append('text').attr('x', 18).attr('y', k * 16 + 9).attr('font-size', 11).text(e.label);
  });
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
