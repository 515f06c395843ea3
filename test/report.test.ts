import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figureToSvg } from '../analysis/plots/figure.js';
import { heatMap, lineChart } from '../analysis/plots/charts.js';
import { formatValue, renderReport, type ReportInput } from '../analysis/study/report.js';
import { renderReportMarkdown } from '../analysis/study/report-markdown.js';
import { chromiumAvailable, renderPage } from './helpers/browser.js';

function sampleReport(): ReportInput {
  const spectra = lineChart({
    title: 'E″ vs T', xLabel: 'T/Tg', yLabel: 'E″/E″max',
    series: [
      { label: 'A', x: [0.5, 0.7, 0.9, 1.0], y: [0.05, 0.2, 0.5, 1] },
      { label: 'B', x: [0.5, 0.7, 0.9, 1.0], y: [0.02, 0.05, 0.3, 1] },
    ],
  });
  const map = heatMap({ values: [1, 2, 3, 4, 5, 6], nx: 3, ny: 2, cell: 1, lengthUnit: 'nm', valueLabel: 'G (GPa)', title: 'map' });
  return {
    title: 'Test study', verdict: ['The correlation is reproduced (rho = 1.0).'], samples: ['A', 'B'],
    columns: [{ key: 'width', label: 'relative width', unit: 'GPa' }, { key: 'beta', label: 'β intensity' }],
    rows: [
      { sample: 'A', cells: { width: { mean: 0.31, sem: 0.02 }, beta: { mean: 0.2, sem: 0.01 } } },
      { sample: 'B', cells: { width: { mean: 0.21, sem: 0.02 }, beta: { mean: 0.1 } } },
    ],
    figures: [
      { id: 'spectra', title: 'Spectra', caption: 'two samples', svg: figureToSvg(spectra) },
      { id: 'map', title: 'Map', caption: 'a map', svg: figureToSvg(map) },
    ],
    config: 'samples: [A, B]\n', provenance: { betascape: '0.1.0', seeds: '1, 2' },
  };
}

test('formatValue: mean ± error at the precision of the error', () => {
  assert.is(formatValue({ mean: 1.23456, sem: 0.0345 }), '1.235 ± 0.035');
  assert.is(formatValue({ mean: -7.6164, sem: 0.0053 }), '-7.6164 ± 0.0053');
  assert.is(formatValue({ mean: 2.5e6, sem: 1e4 }), '2.50e+6 ± 1.0e+4');
  assert.is(formatValue(undefined), '–');
});

test('report: self-contained page with every figure, table row and toggle', () => {
  const html = renderReport(sampleReport());
  assert.not.match(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/);
  assert.is((html.match(/<figure /g) ?? []).length, 2);
  // The figure list links every figure, numbered like the captions.
  assert.match(html, /<ol class="figure-list"><li><a href="#spectra">Spectra<\/a><\/li><li><a href="#map">Map<\/a><\/li><\/ol>/);
  assert.match(html, /<figcaption><b>Figure 2\. Map\.<\/b> a map<\/figcaption>/);
  assert.is((html.match(/<tr data-sample=/g) ?? []).length, 2);
  assert.match(html, /0\.310 ± 0\.020/);
});

test('report.md: the same tables as Markdown, figures as links to their images', () => {
  const r = sampleReport();
  r.claims = { title: "The paper's claims", head: ['claim', 'outcome'], rows: [['A | B ordering', 'NOT ESTABLISHED']] };
  r.statistics = { decision: 'alpha: 0.05\n', rules: ['ρ > 0 beyond noise'], tables: [{ title: 'Correlations', head: ['measure', 'ρ'], rows: [['width', '0.50']], note: 'two-level bootstrap' }] };
  const md = renderReportMarkdown(r, (id) => `figures/${id}.png`);
  const lines = md.split('\n');
  // Results: a column per sample and a row per quantity, cells formatted as in the HTML report.
  const at = lines.indexOf('| quantity | unit | A | B |');
  assert.ok(at > 0, 'results table header');
  assert.is(lines[at + 1], '| --- | --- | --- | --- |');
  assert.is(lines[at + 2], '| relative width | GPa | 0.310 ± 0.020 | 0.210 ± 0.020 |');
  assert.is(lines[at + 3], '| β intensity |  | 0.200 ± 0.010 | 0.1000 |');
  // A pipe inside a cell is escaped, so the row keeps its two columns.
  assert.ok(lines.includes('| A \\| B ordering | NOT ESTABLISHED |'));
  assert.ok(lines.includes('| width | 0.50 |') && lines.includes('two-level bootstrap') && lines.includes('- ρ > 0 beyond noise'));
  assert.ok(lines.includes('![Figure 2. Map](figures/map.png)'));
  assert.ok(lines.includes('**Figure 2. Map.** a map'));
  assert.ok(lines.includes('- **seeds:** 1, 2'));
  assert.not.match(md, /<svg/);
});

test('report renders in headless Chromium: figures drawn, console clean, toggles work', async () => {
  if (!chromiumAvailable()) {
    console.log('  SKIP: no chromium (Debian package `chromium`); report not rendered in a browser');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReport(sampleReport()));
  const { problems } = await renderPage(file, async (page, figures) => {
    assert.is(figures.length, 2);
    for (const f of figures) assert.ok(f.w > 100 && f.h > 100 && f.shapes > 5, JSON.stringify(f));
    // Unticking sample B hides its series and its row.
    await page.click('#toggles input[data-sample="B"]');
    const hidden = await page.$$eval('[data-label="B"], tr[data-sample="B"]', (els) => els.every((e) => (e as HTMLElement).style.display === 'none'));
    assert.ok(hidden);
    const visibleA = await page.$$eval('[data-label="A"]', (els) => els.every((e) => (e as HTMLElement).style.display !== 'none'));
    assert.ok(visibleA);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/report.png', fullPage: true });
  });
  assert.equal(problems, []);
});

test.run();
