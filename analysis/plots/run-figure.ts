/**
 * What every `betascape plot KIND RUN_DIR` shares: the input file it needs from the run directory
 * (a one-line error naming it and what makes it when absent), and the figure written as SVG and PNG
 * (default RUN_DIR/KIND.svg and .png).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { readCsvUnits } from '../../sim/io/csv-units.js';
import { unitsByName } from '../../sim/units.js';
import { saveFigure, type Figure } from './figure.js';

/** The first of `names` present in dir; else an InputError naming them and what writes them. */
export function runFile(dir: string, names: string[], madeBy: string): string {
  if (!existsSync(dir)) throw new InputError(`${dir}: no such run directory`);
  const found = names.map((n) => join(dir, n)).find((p) => existsSync(p));
  if (!found) throw new InputError(`${join(dir, names[0])}: not found${names.length > 1 ? ` (nor ${names.slice(1).join(', ')})` : ''}; ${madeBy}`);
  return found;
}

/** Writes the figure to `out` (…svg; default dir/kind.svg) and a PNG beside it; returns both paths. */
export function writeRunFigure(fig: Figure, dir: string, kind: string, out?: string): string[] {
  const path = out ?? join(dir, `${kind}.svg`);
  if (!path.endsWith('.svg')) throw new InputError(`--out: expected a file name ending in .svg, got '${path}'`);
  return saveFigure(fig, path, { png: true });
}

export type Quantity = 'time' | 'temperature' | 'energy' | 'pressure' | 'volume';

/** Column → unit of a betascape CSV: its units.json sidecar's, else from the `units lj|metal` of an older file's `#` line. */
export function csvUnitOf(file: string): (column: string, kind: Quantity) => string {
  const sidecar = readCsvUnits(file)?.columns;
  if (sidecar) return (c) => sidecar[c] ?? '';
  const system = /\bunits (lj|metal)\b/.exec(readFileSync(file, 'utf8').slice(0, 2000))?.[1];
  const L = system ? unitsByName(system).labels : undefined;
  return (_, kind) => (!L ? '' : kind === 'volume' ? `${L.length}^3` : L[kind]);
}

/** "name (unit)", or the bare name without a unit. */
export const withUnit = (name: string, unit: string) => (unit ? `${name} (${unit})` : name);
