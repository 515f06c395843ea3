import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { figureToSvg, saveFigure } from '../analysis/plots/figure.js';
import { heatMap, histogramChart, lineChart } from '../analysis/plots/charts.js';

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
  assert.is(png.readUInt32BE(16), 2 * 560); // width at the default 2x scale
});

test('histogramChart draws a bar per bin with heights ordered like the counts', () => {
  const fig = histogramChart({ xLabel: 'x', yLabel: 'count', sets: [{ label: 'a', edges: [0, 1, 2, 3], counts: [1, 5, 2] }] });
  const rects = parse(figureToSvg(fig)).querySelectorAll('g.series rect');
  assert.is(rects.length, 3);
  const h = [...rects].map((r) => Number(r.getAttribute('height')));
  assert.ok(h[1] > h[2] && h[2] > h[0]);
});

test.run();
