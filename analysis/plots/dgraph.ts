/**
 * Disconnectivity graphs drawn with d3 in the usual way (Wales, "Energy Landscapes"): energy up
 * the vertical axis, each superbasin a point at its level, straight branches down to the
 * superbasins it splits into at the next level, and every minimum a leaf ending at its own
 * energy. Leaves are spread evenly; under each node the branch holding the lowest minimum goes in
 * the middle and the others alternate right and left of it, so deep funnels stand upright.
 */
import type { Selection } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import type { DisconnectivityGraph } from '../../landscape/graph.js';
import { drawAxis, drawLegend, legendWidth, newFigure, SIZE, tickLabelWidth, type Figure, type LegendEntry } from './figure.js';

export interface DGraphDrawOptions {
  /** Energies are drawn as (E - reference) / scale (e.g. the starting IS, per atom). */
  reference?: number;
  scale?: number;
  energyLabel?: string;
  /** Minimum id to mark (e.g. the starting IS). */
  highlight?: number;
  color?: string;
}

type Group = Selection<SVGGElement, unknown, null, undefined>;

const HIGHLIGHT = '#d62728';

/** Children in drawing order: lowest subtree in the middle, the rest alternating right, left. */
function drawingOrder(g: DisconnectivityGraph, node: number): number[] {
  const kids = [...g.nodes[node].children].sort((a, b) => g.nodes[a].lowest - g.nodes[b].lowest || g.nodes[b].minima - g.nodes[a].minima);
  const out: number[] = [];
  kids.forEach((c, k) => (k % 2 === 0 ? out.push(c) : out.unshift(c)));
  return out;
}

/** Horizontal position (0..1) of every node: leaves evenly spaced, inner nodes midway over their children. */
export function layoutDGraph(g: DisconnectivityGraph): Float64Array {
  const x = new Float64Array(g.nodes.length);
  const leaves: number[] = [];
  const roots = [...g.roots].sort((a, b) => g.nodes[b].minima - g.nodes[a].minima || g.nodes[a].lowest - g.nodes[b].lowest);
  const walk = (n: number): void => {
    if (g.nodes[n].level === null) leaves.push(n);
    else for (const c of drawingOrder(g, n)) walk(c);
  };
  roots.forEach(walk);
  leaves.forEach((n, k) => (x[n] = (k + 0.5) / leaves.length));
  const place = (n: number): [number, number] => {
    const node = g.nodes[n];
    if (node.level === null) return [x[n], x[n]];
    let lo = Infinity, hi = -Infinity;
    for (const c of node.children) {
      place(c);
      lo = Math.min(lo, x[c]);
      hi = Math.max(hi, x[c]);
    }
    x[n] = (lo + hi) / 2;
    return [lo, hi];
  };
  roots.forEach(place);
  return x;
}

/** Draws the graph into `group` (a plotting area of width × height) with its energy axis. */
export function drawDGraph(group: Group, width: number, height: number, g: DisconnectivityGraph, opts: DGraphDrawOptions = {}): void {
  const ref = opts.reference ?? 0;
  const scale = opts.scale ?? 1;
  const e = (E: number) => (E - ref) / scale;
  const lowest = Math.min(...g.nodes.map((n) => n.energy));
  const top = g.levels[g.levels.length - 1];
  const y = scaleLinear().domain([e(lowest), e(top + g.deltaE / 2)]).range([height, 0]).nice();
  const xs = layoutDGraph(g);
  const X = (n: number) => xs[n] * width;
  const color = opts.color ?? '#1f3a5f';
  const branches = group.append('g').attr('class', 'dgraph').attr('stroke', color).attr('stroke-width', 2).attr('fill', 'none');
  for (const root of g.roots) {
    // Each root continues up to the top of the axis, as separate components do in the usual drawing.
    branches.append('line').attr('class', 'root').attr('x1', X(root)).attr('x2', X(root))
      .attr('y1', y(e(g.nodes[root].energy))).attr('y2', y(e(top + g.deltaE / 2)));
  }
  for (const node of g.nodes) {
    for (const c of node.children) {
      const child = g.nodes[c];
      const leaf = child.level === null;
      const seg = branches.append('line').attr('class', leaf ? 'leaf' : 'branch')
        .attr('x1', X(node.index)).attr('y1', y(e(node.energy))).attr('x2', X(c)).attr('y2', y(e(child.energy)));
      if (leaf) seg.attr('data-minimum', child.minimum);
      if (leaf && child.minimum === opts.highlight) {
        seg.attr('stroke', HIGHLIGHT).attr('stroke-width', SIZE.line);
        group.append('circle').attr('class', 'highlight').attr('cx', X(c)).attr('cy', y(e(child.energy))).attr('r', SIZE.marker).attr('fill', HIGHLIGHT)
          .attr('data-marker', 'filled');
      }
    }
  }
  drawAxis(group.append('g') as unknown as Group, y, 'left', 8);
  group.append('text').attr('class', 'axis-label').attr('transform', `translate(${-(tickLabelWidth(y, 8) + 26)},${height / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').attr('font-size', SIZE.label).text(opts.energyLabel ?? 'E');
  const legend: LegendEntry[] = [{ label: 'branches to minima', color, line: true }];
  if (opts.highlight !== undefined) legend.push({ label: 'starting IS', color: HIGHLIGHT, line: true, marker: 'filled' });
  drawLegend(group, legend, { x: width - legendWidth(legend), y: 14 }, { background: true });
}

/** A figure holding only the disconnectivity graph. */
export function dgraphFigure(g: DisconnectivityGraph, opts: DGraphDrawOptions & { title?: string; width?: number; height?: number } = {}): Figure {
  const fig = newFigure({ width: opts.width ?? 640, height: opts.height ?? 580, title: opts.title, margin: { bottom: 24 } });
  drawDGraph(fig.plot, fig.width, fig.height, g, opts);
  return fig;
}
