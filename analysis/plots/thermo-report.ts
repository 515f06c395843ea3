/**
 * `plot thermo RUN_DIR`: temperature, potential energy and pressure against time from the thermo.csv
 * of an md run or a sweep member, with the units of thermo.units.json in the axis labels (older
 * files: from the unit system their `#` line names).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../sim/errors.js';
import { csvDataLines, readCsvColumns } from '../../sim/io/csv-units.js';
import { panelChart } from './charts.js';
import { csvUnitOf, runFile, withUnit, writeRunFigure } from './run-figure.js';

/** Column names of md (pe_per_atom) and sweep-member (PE) thermo.csv files. */
const QUANTITIES = [
  { label: 'T', names: ['T'], kind: 'temperature' },
  { label: 'PE per atom', names: ['pe_per_atom', 'PE'], kind: 'energy' },
  { label: 'P', names: ['P'], kind: 'pressure' },
] as const;

export function thermoReport(dir: string, o: { out?: string } = {}) {
  const file = runFile(dir, ['thermo.csv'], "plot thermo needs the directory of a 'betascape md' run or a sweep member");
  const header = (csvDataLines(readFileSync(file, 'utf8'))[0] ?? '').split(',').map((c) => c.trim());
  const pick = QUANTITIES.map((q) => ({ ...q, column: q.names.find((n) => header.includes(n)) }));
  const missing = pick.filter((q) => !q.column).map((q) => q.names.join(' or '));
  if (missing.length || !header.includes('time')) throw new InputError(`${file}: no column ${[...(header.includes('time') ? [] : ['time']), ...missing].join(', ')} in the header`);
  const cols = readCsvColumns(file, ['time', ...pick.map((q) => q.column!)]);
  if (cols.time.length < 2) throw new InputError(`${file}: fewer than two rows to plot`);
  const unit = csvUnitOf(file);
  const xLabel = withUnit('time', unit('time', 'time'));
  const fig = panelChart({
    title: `thermo: ${dir}`, columns: 1, panelWidth: 900, panelHeight: 300,
    panels: pick.map((q) => ({
      series: [{ label: q.label, x: cols.time, y: cols[q.column!], legend: false }], xLabel, yLabel: withUnit(q.label, unit(q.column!, q.kind)),
    })),
  });
  const last = cols.time.length - 1;
  return {
    file, rows: cols.time.length, time: [cols.time[0], cols.time[last]],
    final: Object.fromEntries(pick.map((q) => [q.column!, cols[q.column!][last]])), files: writeRunFigure(fig, dir, 'thermo', o.out),
  };
}
