/**
 * Units of a CSV table in a sidecar file, so the CSV itself starts with its header line and
 * pandas, R or a spreadsheet read it plainly: `thermo.csv` has `thermo.units.json` beside it,
 *
 *   { "table": "thermo.csv", "description": "...", "units": "lj",
 *     "columns": { "step": "", "T": "epsilon/k_B", ... }, ...extra keys }
 *
 * An empty unit is a count or a dimensionless number. Older betascape files carried this as
 * `# ...` lines before the header; readers skip such lines (`csvDataLines`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { UnitsName } from '../units.js';

export interface CsvUnits {
  /** The CSV file's name (no directory). */
  table: string;
  /** One line on what a row is and how the columns are defined. */
  description: string;
  units?: UnitsName;
  /** Every column's unit, in column order ('' = count or dimensionless). */
  columns: Record<string, string>;
  [extra: string]: unknown;
}

/** `dir/name.csv` → `dir/name.units.json`. */
export function unitsSidecarPath(csvPath: string): string {
  return csvPath.replace(/\.csv$/i, '') + '.units.json';
}

/** Writes the sidecar of csvPath. */
export function writeCsvUnits(csvPath: string, u: Omit<CsvUnits, 'table'>): void {
  const table = csvPath.split(/[\\/]/).pop()!;
  writeFileSync(unitsSidecarPath(csvPath), JSON.stringify({ table, ...u }, null, 1) + '\n');
}

/** The sidecar of csvPath, or undefined where there is none (an older file or a foreign one). */
export function readCsvUnits(csvPath: string): CsvUnits | undefined {
  const p = unitsSidecarPath(csvPath);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as CsvUnits) : undefined;
}

/** Column → unit for the header line of a CSV text, by unitOf(column). */
export function columnUnits(csv: string, unitOf: (column: string) => string): Record<string, string> {
  const header = csv.slice(0, csv.indexOf('\n')).split(',');
  return Object.fromEntries(header.map((c) => [c, unitOf(c)]));
}

/** The non-empty lines of a CSV text, without `#` comment lines (older files had them before the header). */
export function csvDataLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
}


/** The named numeric columns of a CSV file by header name (old files' `#` lines skipped). */
export function readCsvColumns<K extends string>(file: string, names: readonly K[]): Record<K, number[]> {
  const [head, ...rows] = csvDataLines(readFileSync(file, 'utf8'));
  const header = (head ?? '').split(',').map((c) => c.trim());
  const out = {} as Record<K, number[]>;
  for (const name of names) {
    const k = header.indexOf(name);
    if (k < 0) throw new InputError(`${file}: no column ${name} in the header (${header.join(',')})`);
    out[name] = rows.map((r) => Number(r.split(',')[k]));
  }
  return out;
}
