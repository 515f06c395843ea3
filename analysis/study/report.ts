/**
 * The study's report: one self-contained HTML page (no network, no external files) with the
 * verdict, the results table, the decision rules and statistics tables, a list of the figures
 * (linked) and every figure inlined as SVG with its caption, the configuration and the provenance.
 *
 * Interactivity, in a few lines of inline script:
 *   - hover: any SVG element with a <title> child (figure kit markers, map cells) shows its value
 *     in a floating label;
 *   - sample toggles: one checkbox per sample hides or shows every figure element whose
 *     `data-label` is that sample (the charts mark each series group so) and its table row.
 */
export interface ReportCell {
  mean: number;
  /** Seed-to-seed standard error; NaN or absent when there is one seed. */
  sem?: number;
}

export interface ReportColumn {
  key: string;
  label: string;
  unit?: string;
}

export interface ReportFigure {
  id: string;
  title: string;
  caption: string;
  /** A standalone SVG document (figure kit output). */
  svg: string;
}

/** A table of preformatted cells (the statistics section). */
export interface ReportTable {
  title: string;
  note?: string;
  head: string[];
  rows: string[][];
}

export interface ReportInput {
  title: string;
  /** Paragraphs of the conclusion, plain text. */
  verdict: string[];
  /** The paper's claims one by one (claims.ts), shown after the verdict. */
  claims?: ReportTable;
  samples: string[];
  columns: ReportColumn[];
  rows: { sample: string; cells: Record<string, ReportCell | string | undefined> }[];
  /** The decision rules (YAML shown verbatim, and in words) and the statistics tables. */
  statistics?: { decision: string; rules: string[]; tables: ReportTable[] };
  figures: ReportFigure[];
  /** The resolved configuration, shown verbatim. */
  config: string;
  /** Versions, seeds, wall times...: shown as a key/value list. */
  provenance: Record<string, string>;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A number with its error at a sensible precision: 1.234 ± 0.056. */
export function formatValue(c: ReportCell | string | undefined): string {
  if (c === undefined) return '–';
  if (typeof c === 'string') return c;
  if (!Number.isFinite(c.mean)) return '–';
  const digits = (x: number) => {
    if (x === 0) return 3;
    const mag = Math.floor(Math.log10(Math.abs(x)));
    return Math.max(0, Math.min(6, 2 - mag));
  };
  if (c.sem === undefined || !Number.isFinite(c.sem) || c.sem === 0) {
    return Math.abs(c.mean) >= 1e5 || (Math.abs(c.mean) < 1e-3 && c.mean !== 0) ? c.mean.toExponential(3) : c.mean.toFixed(digits(c.mean) + 1);
  }
  if (Math.abs(c.mean) >= 1e5 || (Math.abs(c.mean) < 1e-3 && c.mean !== 0)) return `${c.mean.toExponential(2)} ± ${c.sem.toExponential(1)}`;
  const d = digits(c.sem) - 1;
  return `${c.mean.toFixed(Math.max(0, d))} ± ${c.sem.toFixed(Math.max(0, d))}`;
}

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9rem; } th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #eee; text-align: right; }
th:first-child, td:first-child { text-align: left; } th { background: #f6f6f6; } .claims td, .claims th { text-align: left; vertical-align: top; }
figure { display: inline-block; margin: 0.6rem; vertical-align: top; max-width: 100%; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #444; max-width: 900px; } .figure-list { columns: 2; font-size: 0.9rem; }
pre { background: #f8f8f8; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
#toggles label { margin-right: 1rem; } .verdict p { font-size: 1.02rem; line-height: 1.45; }
#hover { position: fixed; pointer-events: none; background: #333; color: #fff; padding: 2px 6px; border-radius: 3px; font-size: 12px; display: none; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; font-size: 0.85rem; } dt { font-weight: bold; }`;

const SCRIPT = `
(() => {
  const hover = document.getElementById('hover');
  document.querySelectorAll('figure svg').forEach((svg) => {
    svg.addEventListener('mousemove', (ev) => {
      const t = ev.target.querySelector ? ev.target.querySelector(':scope > title') : null;
      if (!t) { hover.style.display = 'none'; return; }
      hover.textContent = t.textContent;
      hover.style.left = ev.clientX + 12 + 'px';
      hover.style.top = ev.clientY + 12 + 'px';
      hover.style.display = 'block';
    });
    svg.addEventListener('mouseleave', () => { hover.style.display = 'none'; });
  });
  document.querySelectorAll('#toggles input').forEach((box) => {
    box.addEventListener('change', () => {
      const sample = box.dataset.sample;
      document.querySelectorAll('[data-label]').forEach((el) => {
        if (el.getAttribute('data-label') === sample) el.style.display = box.checked ? '' : 'none';
      });
      document.querySelectorAll('tr[data-sample]').forEach((tr) => {
        if (tr.dataset.sample === sample) tr.style.display = box.checked ? '' : 'none';
      });
    });
  });
})();`;

/** Strips the XML declaration so the SVG can live inside HTML. */
function inlineSvg(svg: string): string {
  return svg.replace(/^\s*<\?xml[^>]*>\s*/, '');
}

function tableHtml(t: ReportTable): string {
  return `<table><thead><tr>${t.head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>` +
    t.rows.map((row) => `<tr>${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n') +
    `</tbody></table>${t.note ? `<p><small>${escape(t.note)}</small></p>` : ''}`;
}

function statisticsSection(s: NonNullable<ReportInput['statistics']>): string {
  const tables = s.tables.map((t) => `<h3>${escape(t.title)}</h3>${tableHtml(t)}`).join('\n');
  return `<section id="statistics"><h2>Decision rules and statistics</h2>
<p>Fixed in the config before the run and applied by the verdict:</p><pre>${escape(s.decision)}</pre>
<ul>${s.rules.map((x) => `<li>${escape(x)}</li>`).join('')}</ul>
${tables}</section>`;
}

export function renderReport(r: ReportInput): string {
  const head = r.columns.map((c) => `<th>${escape(c.label)}${c.unit ? ` <small>(${escape(c.unit)})</small>` : ''}</th>`).join('');
  const body = r.rows.map((row) => {
    const cells = r.columns.map((c) => `<td>${escape(formatValue(row.cells[c.key]))}</td>`).join('');
    return `<tr data-sample="${escape(row.sample)}"><td>${escape(row.sample)}</td>${cells}</tr>`;
  }).join('\n');
  const toggles = r.samples.map((s) => `<label><input type="checkbox" checked data-sample="${escape(s)}"> ${escape(s)}</label>`).join('');
  const figureList = r.figures.map((f) => `<li><a href="#${escape(f.id)}">${escape(f.title)}</a></li>`).join('');
  const figures = r.figures.map((f, k) => `<figure id="${escape(f.id)}">${inlineSvg(f.svg)}<figcaption><b>Figure ${k + 1}. ${escape(f.title)}.</b> ${escape(f.caption)}</figcaption></figure>`).join('\n');
  const provenance = Object.entries(r.provenance).map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(r.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<h1>${escape(r.title)}</h1>
<section class="verdict"><h2>Verdict</h2>${r.verdict.map((p) => `<p>${escape(p)}</p>`).join('')}</section>
${r.claims ? `<section class="claims" id="claims"><h2>${escape(r.claims.title)}</h2>${tableHtml(r.claims)}</section>` : ''}
<section><h2>Results</h2><table><thead><tr><th>sample</th>${head}</tr></thead><tbody>
${body}
</tbody></table><p><small>Values are means over seeds ± standard error of the mean.</small></p></section>
${r.statistics ? statisticsSection(r.statistics) : ''}
<section><h2>Figures</h2><ol class="figure-list">${figureList}</ol><div id="toggles">Samples: ${toggles}</div>
${figures}
</section>
<section><h2>Configuration</h2><pre>${escape(r.config)}</pre></section>
<section><h2>Provenance</h2><dl>${provenance}</dl></section>
<div id="hover"></div>
<script>${SCRIPT}</script>
</body></html>
`;
}
