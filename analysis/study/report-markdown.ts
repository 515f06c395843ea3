/**
 * The study's report as Markdown (report.md): the same verdict, claims, results table, decision
 * rules, statistics tables and provenance as report.html, with the figures as links to their PNG
 * files, so the report can go into a lab notebook, a repository's docs or a manuscript draft.
 */
import { formatValue, type ReportInput, type ReportTable } from './report.js';

/** A cell's text made safe for a Markdown table: pipes escaped, line breaks folded. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

function reportTable(t: ReportTable): string {
  return table(t.head, t.rows) + (t.note ? `\n\n${t.note}` : '');
}

/** report.md; `figureFile(id)` is the path of a figure's image relative to the report. */
export function renderReportMarkdown(r: ReportInput, figureFile: (id: string) => string): string {
  const out: string[] = [`# ${r.title}`, '## Verdict', ...r.verdict];
  if (r.claims) out.push(`## ${r.claims.title}`, reportTable(r.claims));
  // A row per quantity and a column per sample: a study has a few samples and a few dozen
  // quantities, and a table that wide would not fit a page.
  const head = ['quantity', 'unit', ...r.rows.map((row) => row.sample)];
  const rows = r.columns.map((c) => [c.label, c.unit ?? '', ...r.rows.map((row) => formatValue(row.cells[c.key]))]);
  out.push('## Results', table(head, rows), 'Values are means over seeds ± standard error of the mean.');
  if (r.statistics) {
    out.push('## Decision rules and statistics', 'Fixed in the config before the run and applied by the verdict:');
    out.push('```yaml\n' + r.statistics.decision.trimEnd() + '\n```', r.statistics.rules.map((x) => `- ${x}`).join('\n'));
    for (const t of r.statistics.tables) out.push(`### ${t.title}`, reportTable(t));
  }
  out.push('## Figures');
  r.figures.forEach((f, k) => out.push(`![Figure ${k + 1}. ${f.title}](${figureFile(f.id)})\n\n**Figure ${k + 1}. ${f.title}.** ${f.caption}`));
  out.push('## Configuration', '```yaml\n' + r.config.trimEnd() + '\n```');
  out.push('## Provenance', Object.entries(r.provenance).map(([k, v]) => `- **${k}:** ${v}`).join('\n'));
  return out.join('\n\n') + '\n';
}
