/**
 * What `betascape study` writes at the end: results.json, results.csv, every figure as SVG and PNG
 * under figures/, report.html (analysis/study/report.ts) with the verdict, table, figures,
 * configuration and provenance, and the same as report.md (report-markdown.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { disconnectivityGraph } from '../../landscape/graph.js';
import { readLandscapeJson } from '../../landscape/landscape-json.js';
import { analyseSubBasins } from '../../landscape/subbasins.js';
import { figureToSvg, saveFigure } from '../plots/figure.js';
import {
  correlationPlot, fig2Spectra, fig3Profiles, fig4Histograms, fig4Spectra, fig4SubBasins, frequencyMaps, isDistributions, quenchCurves,
  type MeasuredOverlay, type StudyFigure,
} from '../plots/study.js';
import { betaConvergence, saturationCurves, voxelScan } from '../plots/study-sampling.js';
import { dmaPanels } from '../plots/study-dma.js';
import { structureScatter } from '../plots/study-structure.js';
import { loadLossSpectrum } from '../measured/compare.js';
import { decisionText, decisionYaml, levelPercent } from './decision.js';
import { renderReport, type ReportCell, type ReportInput } from './report.js';
import { renderReportMarkdown } from './report-markdown.js';
import { statisticsTables } from './statistics-tables.js';
import { COLUMNS, resultsCsv, resultsUnits, tableColumns, type GlassAnalysis, type StudyResults } from './results.js';
import { studyResults } from './study-results.js';
import { FILES } from '../../sim/protocols/quench-member.js';
import { readCsvColumns, writeCsvUnits } from '../../sim/io/csv-units.js';
import { VERSION } from '../../sim/protocols/manifest.js';
import type { LoadedStudy } from './config.js';
import { largeGlassRow, largeGlassTable, type LargeGlassAnalysis } from './large-glass.js';
import { claimsTable, paperClaims } from './claims.js';

function quenchCurve(dir: string): { T: number[]; E: number[] } {
  const t = readCsvColumns(join(dir, FILES.quench), ['T_target', 'PE']);
  return { T: t.T_target, E: t.PE };
}

function measuredOverlays(study: LoadedStudy): MeasuredOverlay[] {
  return study.config.measured.map((m) => {
    const s = loadLossSpectrum(m.file);
    const max = Math.max(...s.loss);
    return { label: m.label, x: s.T.map((t) => t / m.Tg), y: s.loss.map((v) => v / max) };
  });
}

function figures(study: LoadedStudy, members: GlassAnalysis[], large: LargeGlassAnalysis[], results: StudyResults): StudyFigure[] {
  const samples = study.config.samples.map((s) => s.name);
  const first = (s: string) => members.filter((m) => m.sample === s).sort((a, b) => a.seed - b.seed)[0];
  const rhoText = (key: string) => {
    const c = results.correlations.find((x) => x.measure === key)!;
    const level = levelPercent(c.clustered.level);
    return `Spearman ρ = ${c.members.estimate.toFixed(2)} over n = ${c.members.n} glasses in ${c.clustered.samples} samples: ${level} two-level bootstrap ` +
      `${c.clustered.lo.toFixed(2)} to ${c.clustered.hi.toFixed(2)} (glasses as independent ${c.members.lo.toFixed(2)} to ${c.members.hi.toFixed(2)}).`;
  };
  const out: StudyFigure[] = [fig2Spectra(members, samples, measuredOverlays(study)), ...frequencyMaps(members, samples, 'fig3'), fig3Profiles(members, samples)];
  const pair = study.config.annealing;
  if (pair) {
    const two = [pair.as_quenched, pair.annealed];
    out.push(...frequencyMaps(members, two, 'fig4'), fig4Histograms(members, two));
    for (const s of two) {
      const m = first(s);
      const db = readLandscapeJson(join(m.dir, 'landscape', 'landscape.json'));
      const binWidth = study.glasses.find((g) => g.sample === s)!.settings.subbasins.bin_width;
      out.push(fig4SubBasins(s, disconnectivityGraph(db, { deltaE: binWidth }), analyseSubBasins(db, { binWidth }), m.seed));
    }
    out.push(fig4Spectra(members, two));
  }
  out.push(...samplingAndDmaFigures(members, samples, large));
  // On the dimensionless axes of the figure (analyses older than the unit scales have no k·Tg: left out).
  const curves = samples.filter((s) => first(s).scales).map((s) => ({ sample: s, ...quenchCurve(first(s).dir), Tg: first(s).Tg_used, kTg: first(s).scales!.kTg }));
  out.push(quenchCurves(curves));
  out.push(isDistributions(members, samples));
  for (const key of ['fluctuation', 'modulus_width']) out.push(correlationPlot(members, samples, COLUMNS.find((c) => c.key === key)!, rhoText(key)));
  return out;
}

/** MD-DMA, sampling saturation, β convergence, the voxel-size scan (large glasses too) and structure against G: those some glass has the data for. */
export function samplingAndDmaFigures(members: GlassAnalysis[], samples: string[], large: LargeGlassAnalysis[] = []): StudyFigure[] {
  return [
    dmaPanels(members, samples), saturationCurves(members, samples), betaConvergence(members, samples), voxelScan(members, samples, large), structureScatter(members, samples),
  ]
    .filter((f): f is StudyFigure => f !== null);
}

export interface StudyTimes {
  quench_s: number;
  analysis_s: number;
  total_s: number;
}

/** Writes results.json, results.csv, figures/, report.html and report.md; returns report.html's path. */
export function writeStudyOutputs(study: LoadedStudy, members: GlassAnalysis[], large: LargeGlassAnalysis[], times: StudyTimes): { report: string; results: StudyResults } {
  const samples = study.config.samples.map((s) => s.name);
  const decision = study.config.decision;
  const results = studyResults(members, samples, { annealing: study.config.annealing, cooling: study.config.cooling }, decision);
  const out = study.output;
  const figDir = join(out, 'figures');
  mkdirSync(figDir, { recursive: true });
  const figs = figures(study, members, large, results);
  for (const f of figs) saveFigure(f.fig, join(figDir, `${f.id}.svg`), { png: true });

  const sampleInfo = Object.fromEntries(study.config.samples.map((s) => [s.name, s]));
  const columns = tableColumns(members);
  const claims = paperClaims(results, members, large, study.config.alloys);
  const json = {
    betascape: VERSION, config: study.file, output: out, samples: study.config.samples,
    columns: columns.map(({ key, label, unit }) => ({ key, label, unit })),
    table: results.rows.map((r) => ({ sample: r.sample, analogue: sampleInfo[r.sample].analogue ?? null, seeds: r.seeds, beta_class: r.kind, beta_classes: r.kinds, ...r.values })),
    decision, decision_rules: decisionText(decision),
    correlations: results.correlations, md_dma: results.md_dma, annealing: results.annealing, cooling: results.cooling, verdict: results.verdict,
    event_sites: results.event_sites ?? null, linearity: results.linearity ?? null, claims,
    members: members.map((m) => ({
      sample: m.sample, seed: m.seed, dir: m.dir, model: m.model ?? null, e_IS: m.e_IS, Tg: m.Tg, Tg_quality: m.Tg_quality ?? null, Tg_used: m.Tg_used,
      ...(m.Tg_from ? { Tg_from: m.Tg_from, Tg_protocol_own: m.Tg_protocol_own } : {}), ...Object.fromEntries(columns.map((c) => [c.key, c.of(m)])), beta_class: m.spectrum.kind,
    })),
    large: large.map(largeGlassRow),
    figures: figs.map((f) => ({ id: f.id, title: f.title, svg: join('figures', `${f.id}.svg`), png: join('figures', `${f.id}.png`) })),
    wall_s: { ...times, stages_mean: stageWallMeans(members) },
  };
  writeFileSync(join(out, 'results.json'), JSON.stringify(json, null, 1) + '\n');
  writeFileSync(join(out, 'results.csv'), resultsCsv(results.rows, columns));
  writeCsvUnits(join(out, 'results.csv'), { description: 'betascape study: one row per sample, means over seeds and their standard errors (_sem)', columns: resultsUnits(columns) });

  const seeds = [...new Set(members.map((m) => m.seed))].sort((a, b) => a - b);
  // The exploratory columns have their own table in the statistics section, apart from the decision's.
  const shown = columns.filter((c) => !c.exploratory);
  const input: ReportInput = {
    title: `betascape study: nanoscale heterogeneity and β relaxation (${study.config.name ?? 'study'})`,
    verdict: results.verdict,
    claims: claimsTable(claims),
    samples,
    columns: [{ key: 'analogue', label: 'analogue of' }, { key: 'kind', label: 'β class' }, ...shown.map(({ key, label, unit }) => ({ key, label, unit }))],
    rows: results.rows.map((r) => ({
      sample: r.sample,
      cells: { analogue: sampleInfo[r.sample].analogue ?? '–', kind: r.kind, ...Object.fromEntries(shown.map((c) => [c.key, r.values[c.key] as ReportCell])) },
    })),
    statistics: { decision: decisionYaml(decision), rules: decisionText(decision), tables: [...statisticsTables(results), ...(large.length ? [largeGlassTable(large)] : [])] },
    figures: figs.map((f) => ({ id: f.id, title: f.title, caption: f.caption, svg: figureToSvg(f.fig) })),
    config: study.text,
    provenance: {
      betascape: VERSION, node: process.version, host: hostname(), config: study.file, output: out, seeds: seeds.join(', '),
      glasses: String(members.length), atoms: [...new Set(members.map((m) => m.n))].join(', '),
      'wall time': `total ${times.total_s.toFixed(0)} s (quench ${times.quench_s.toFixed(0)} s, analysis ${times.analysis_s.toFixed(0)} s, this run; reused stages take no time)`,
      'quench wall time per glass': `${(members.reduce((a, m) => a + m.quench_wall_s, 0) / members.length).toFixed(1)} s (mean)`,
      'analysis wall time per glass': stageWallText(members),
      written: new Date().toISOString(),
    },
  };
  const report = join(out, 'report.html');
  writeFileSync(report, renderReport(input));
  writeFileSync(join(out, 'report.md'), renderReportMarkdown(input, (id) => join('figures', `${id}.png`)));
  return { report, results };
}

/** Mean wall seconds per glass of each analysis stage, over the glasses whose files recorded it. */
function stageWallMeans(members: GlassAnalysis[]): Record<string, number> {
  const sums = new Map<string, number[]>();
  for (const m of members) {
    for (const [stage, s] of Object.entries(m.stage_wall_s ?? {})) if (s !== null) sums.set(stage, [...(sums.get(stage) ?? []), s]);
  }
  return Object.fromEntries([...sums].map(([stage, v]) => [stage, v.reduce((a, b) => a + b, 0) / v.length]));
}

function stageWallText(members: GlassAnalysis[]): string {
  const means = Object.entries(stageWallMeans(members));
  if (!means.length) return 'not recorded';
  return `${means.map(([stage, s]) => `${stage.replace('_', ' ')} ${s.toFixed(1)} s`).join(', ')} (mean over the glasses that recorded it, as the run that computed each stage took it)`;
}
