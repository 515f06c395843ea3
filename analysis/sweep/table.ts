/**
 * The sweep table: one row per finished member (from its summary.json), written as CSV and JSON
 * into the run directory, plus the mean and scatter of e_IS and Tg over seeds for every
 * alloy × rate × anneal group.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../sim/io/checkpoint.js';
import { FILES } from '../../sim/protocols/quench-member.js';
import { readSummary, type MemberSummary } from './member.js';
import { CLEAR_KINK_SIGMA } from '../glass-transition.js';

export interface TableRow {
  member: string;
  alloy: string;
  rate: number;
  anneal_T: number | null;
  anneal_duration: number | null;
  seed: number;
  Tg: number | null;
  /** The Tg fit's quality (analysis/glass-transition.ts); null without a fit or for summaries written before it. */
  Tg_quality: 'clear' | 'unclear' | null;
  /** Kink contrast of the Tg fit: slope change / its standard error. */
  Tg_kink_sigma: number | null;
  e_is_per_atom: number;
  e_glass_per_atom: number;
  density: number;
  n: number;
  steps: number;
  wall_s: number;
  dir: string;
}

export const TABLE_CSV = 'sweep-table.csv';
export const TABLE_JSON = 'sweep-table.json';

export function tableRow(s: MemberSummary): TableRow {
  return {
    member: s.member, alloy: s.alloy, rate: s.rate, anneal_T: s.anneal?.T ?? null, anneal_duration: s.anneal?.duration ?? null,
    seed: s.seed, Tg: s.Tg, Tg_quality: s.tg_fit?.quality ?? null, Tg_kink_sigma: s.tg_fit?.kinkSigma ?? null, e_is_per_atom: s.e_is_per_atom, e_glass_per_atom: s.glass.pe_per_atom, density: s.glass.density,
    n: s.n, steps: s.steps.total, wall_s: s.wall_s, dir: s.dir,
  };
}

export function sortRows(rows: TableRow[]): TableRow[] {
  return rows.sort((a, b) =>
    a.alloy.localeCompare(b.alloy) || b.rate - a.rate || (a.anneal_T ?? -1) - (b.anneal_T ?? -1)
    || (a.anneal_duration ?? -1) - (b.anneal_duration ?? -1) || a.seed - b.seed);
}

export interface GroupStats {
  alloy: string;
  rate: number;
  anneal_T: number | null;
  anneal_duration: number | null;
  members: number;
  e_is_mean: number;
  /** Sample standard deviation over seeds (the seed-to-seed scatter); null for one member. */
  e_is_std: number | null;
  Tg_mean: number | null;
  Tg_std: number | null;
}

function meanStd(v: number[]): [number | null, number | null] {
  if (v.length === 0) return [null, null];
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  if (v.length < 2) return [m, null];
  return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1))];
}

export function groupStats(rows: TableRow[]): GroupStats[] {
  const groups = new Map<string, TableRow[]>();
  for (const r of rows) {
    const key = JSON.stringify([r.alloy, r.rate, r.anneal_T, r.anneal_duration]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const [eMean, eStd] = meanStd(g.map((r) => r.e_is_per_atom));
    const [tMean, tStd] = meanStd(g.flatMap((r) => (r.Tg === null ? [] : [r.Tg])));
    return {
      alloy: g[0].alloy, rate: g[0].rate, anneal_T: g[0].anneal_T, anneal_duration: g[0].anneal_duration, members: g.length,
      e_is_mean: eMean!, e_is_std: eStd, Tg_mean: tMean, Tg_std: tStd,
    };
  });
}

const COLUMNS: (keyof TableRow)[] = [
  'alloy', 'rate', 'anneal_T', 'anneal_duration', 'seed', 'Tg', 'Tg_quality', 'Tg_kink_sigma', 'e_is_per_atom', 'e_glass_per_atom', 'density', 'n', 'steps', 'wall_s', 'dir',
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes RUN_DIR/sweep-table.csv and .json; returns their paths. */
export function writeTable(runDir: string, rows: TableRow[]): string[] {
  const csv = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
  const json = JSON.stringify({ members: rows, groups: groupStats(rows) }, null, 2) + '\n';
  const paths = [join(runDir, TABLE_CSV), join(runDir, TABLE_JSON)];
  writeFileAtomic(paths[0], csv);
  writeFileAtomic(paths[1], json);
  return paths;
}

/** Finished members of a run directory (or the directory itself, if it is one member), and the unfinished ones. */
export function findMembers(runDir: string): { summaries: MemberSummary[]; unfinished: string[] } {
  if (existsSync(join(runDir, FILES.summary))) return { summaries: [readSummary(runDir)], unfinished: [] };
  const summaries: MemberSummary[] = [];
  const unfinished: string[] = [];
  for (const name of readdirSync(runDir).sort()) {
    const dir = join(runDir, name);
    if (!statSync(dir).isDirectory()) continue;
    if (existsSync(join(dir, FILES.summary))) summaries.push(readSummary(dir));
    else if (existsSync(join(dir, FILES.config))) unfinished.push(name);
  }
  return { summaries, unfinished };
}

const fmt = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));

/** "clear (41σ)", "unclear (1.8σ)", or '-' without a quality. */
const tgFitCell = (r: TableRow) =>
  r.Tg_quality === null ? '-' : `${r.Tg_quality}${r.Tg_kink_sigma === null ? '' : ` (${r.Tg_kink_sigma < 10 ? r.Tg_kink_sigma.toFixed(1) : Math.round(r.Tg_kink_sigma)}σ)`}`;

/** Pads columns to a common width. */
function align(cells: string[][]): string[] {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  return cells.map((r) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]))).join('  '));
}

/** The table for people: per-member rows, then the per-group means with their scatter. */
export function formatTable(rows: TableRow[]): string {
  const cells = [['alloy', 'rate', 'anneal', 'seed', 'Tg', 'Tg fit', 'e_IS/atom', 'density', 'wall_s', 'dir']];
  for (const r of rows) {
    const anneal = r.anneal_T === null ? '-' : `T${r.anneal_T}/${r.anneal_duration}`;
    cells.push([r.alloy, String(r.rate), anneal, String(r.seed), fmt(r.Tg, 4), tgFitCell(r), r.e_is_per_atom.toFixed(6), r.density.toFixed(4), r.wall_s.toFixed(1), r.dir]);
  }
  const lines = align(cells);
  const unclear = rows.filter((r) => r.Tg_quality === 'unclear').length;
  if (unclear > 0) lines.push('', `${unclear} of ${rows.length} members have an unclear Tg fit (kink contrast below ${CLEAR_KINK_SIGMA} or lines crossing outside the windows): a slower quench or fixed tg windows may help.`);
  lines.push('', 'per group (mean ± sample std over seeds):');
  for (const g of groupStats(rows)) {
    const anneal = g.anneal_T === null ? '' : `, anneal T ${g.anneal_T} for ${g.anneal_duration}`;
    lines.push(
      `  ${g.alloy}, rate ${g.rate}${anneal}: ${g.members} members, e_IS ${g.e_is_mean.toFixed(5)} ± ${fmt(g.e_is_std, 5)}, Tg ${fmt(g.Tg_mean, 4)} ± ${fmt(g.Tg_std, 4)}`,
    );
  }
  return lines.join('\n');
}
