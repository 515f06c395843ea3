/**
 * The event catalogue: one row per distinct event out of a glass minimum, with what the anelastic
 * spectrum (anelastic.ts) needs — both barriers, the stress change of the box between the two
 * minima, the box volume, the attempt frequencies — and what describes the event. `activate`
 * writes RUN_DIR/catalogue.csv, header first, and the keys below with every column's unit in
 * catalogue.units.json beside it (sim/io/csv-units.ts). Catalogues from other codes (and older
 * betascape ones) are read if they have the columns; their keys may come as comment lines:
 *
 *   # betascape event catalogue ...              comment lines; these keys are read:
 *   # units: lj | metal                          energy ε or eV, length σ or Å, stress ε/σ³ or GPa, time τ or ps
 *   # volume: V                                  box volume (length³), when there is no volume column
 *   # elastic_constants: C11 C12 ... C66         the glass's 6 × 6 elastic constants (Voigt xx yy zz yz xz xy, stress unit)
 *   # einstein_frequency: ν_E                    the glass's Einstein frequency (1/time unit)
 *   E_forward,E_backward,dsigma_xx,dsigma_yy,dsigma_zz,dsigma_xy,dsigma_xz,dsigma_yz[,weight][,volume][,nu0][,...]
 *
 * E_forward = E_saddle − E_1, E_backward = E_saddle − E_2 (so the asymmetry is E_2 − E_1),
 * dsigma = σ(minimum 2) − σ(minimum 1) at fixed box (stress unit), weight = how many events of the
 * glass the row stands for (default 1), nu0 = the event's attempt frequency (1/time unit; an empty
 * cell where none could be computed, event-spectrum.ts then uses the catalogue's typical value). Other columns are
 * kept as text and ignored by the spectrum.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, fileError } from '../../sim/errors.js';
import type { UnitsName } from '../../sim/units.js';
import { readCsvUnits, unitsSidecarPath, type CsvUnits } from '../../sim/io/csv-units.js';

export const STRESS_COLUMNS = ['dsigma_xx', 'dsigma_yy', 'dsigma_zz', 'dsigma_xy', 'dsigma_xz', 'dsigma_yz'] as const;
const REQUIRED = ['E_forward', 'E_backward', ...STRESS_COLUMNS];

export interface CatalogueEvent {
  forward: number;
  backward: number;
  dsigma: number[];
  weight: number;
  volume?: number;
  nu0?: number;
  /** Descriptive columns (event, saddle, hits, moved_atoms, ...), as written. */
  extra: Record<string, number | string>;
}

export interface EventCatalogue {
  file: string;
  units?: UnitsName;
  volume?: number;
  /** Voigt 6 × 6, row-major, stress unit. */
  elasticConstants?: number[];
  /** The glass's Einstein frequency (1/time unit): the attempt frequency of last resort. */
  einsteinFrequency?: number;
  /** The other keys (`# key: value` lines or sidecar entries). */
  header: Record<string, string>;
  events: CatalogueEvent[];
}

/** Column order of the catalogue betascape writes. */
export const CATALOGUE_COLUMNS = [
  'event', 'hits', 'adjacency', 'E_forward', 'E_backward', 'asymmetry', ...STRESS_COLUMNS, 'volume', 'weight',
  'nu0', 'vineyard_atoms', 'moved_atoms', 'minima_distance', 'max_atom_displacement',
] as const;

export interface CatalogueText {
  units: UnitsName;
  labels: { energy: string; length: string; stress: string; time: string };
  volume: number;
  elasticConstants: ArrayLike<number>;
  /** Free keys for the sidecar (sampling numbers and such). */
  header: Record<string, string | number>;
  rows: Record<string, number | string | null>[];
}

/** The catalogue as CSV text (header first) and its units.json sidecar with the catalogue's keys. */
export function formatCatalogue(c: CatalogueText): { csv: string; sidecar: Omit<CsvUnits, 'table'> } {
  const l = c.labels;
  const lines = [
    CATALOGUE_COLUMNS.join(','),
    ...c.rows.map((r) => CATALOGUE_COLUMNS.map((k) => (r[k] === null || r[k] === undefined ? '' : String(r[k]))).join(',')),
  ];
  const unitOf: Record<(typeof CATALOGUE_COLUMNS)[number], string> = {
    event: '', hits: '', adjacency: '', E_forward: l.energy, E_backward: l.energy, asymmetry: l.energy,
    ...(Object.fromEntries(STRESS_COLUMNS.map((s) => [s, l.stress])) as Record<(typeof STRESS_COLUMNS)[number], string>),
    volume: `${l.length}^3`, weight: '', nu0: `1/${l.time}`, vineyard_atoms: '', moved_atoms: '', minima_distance: l.length, max_atom_displacement: l.length,
  };
  return {
    csv: lines.join('\n') + '\n',
    sidecar: {
      description: 'betascape event catalogue: one row per distinct event out of the glass minimum (docs/spectra.md); E_forward = E_saddle - E_1, ' +
        'E_backward = E_saddle - E_2, asymmetry = E_2 - E_1; dsigma = stress(2) - stress(1) at fixed box; weight = events of the glass this row stands for; ' +
        'nu0 = harmonic-TST attempt frequency out of minimum 1 on vineyard_atoms atoms',
      units: c.units, columns: unitOf,
      volume: c.volume, elastic_constants: Array.from(c.elasticConstants), ...c.header,
    },
  };
}

function parseHeaderLine(text: string): [string, string] | undefined {
  const m = /^#\s*([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(text);
  return m ? [m[1], m[2].trim()] : undefined;
}

/** Sets one catalogue key (a `# key: value` line or a sidecar entry); `fail` names where it came from. */
function applyKey(cat: EventCatalogue, key: string, value: string, fail: (message: string) => InputError): void {
  if (key === 'units') {
    if (value !== 'lj' && value !== 'metal') throw fail(`units: expected lj or metal, got '${value}'`);
    cat.units = value;
  } else if (key === 'volume') {
    const v = Number(value);
    if (!(v > 0 && Number.isFinite(v))) throw fail(`volume: expected a number > 0, got '${value}'`);
    cat.volume = v;
  } else if (key === 'einstein_frequency') {
    const v = Number(value);
    if (!(v > 0 && Number.isFinite(v))) throw fail(`einstein_frequency: expected a number > 0, got '${value}'`);
    cat.einsteinFrequency = v;
  } else if (key === 'elastic_constants') {
    const c = value.split(/\s+/).map(Number);
    if (c.length !== 36 || !c.every(Number.isFinite)) throw fail('elastic_constants: expected 36 numbers (6 × 6 Voigt matrix, row by row)');
    cat.elasticConstants = c;
  } else cat.header[key] = value;
}

/**
 * Reads a catalogue CSV and its units.json sidecar if given (its keys as the `# key: value` lines,
 * which win); every problem is one InputError naming file:line and the column.
 */
export function parseCatalogue(text: string, file: string, sidecar?: CsvUnits): EventCatalogue {
  const header: Record<string, string> = {};
  const cat: EventCatalogue = { file, header, events: [] };
  if (sidecar) {
    const where = unitsSidecarPath(file);
    for (const [key, value] of Object.entries(sidecar)) {
      if (key === 'table' || key === 'description' || key === 'columns' || value === null) continue;
      applyKey(cat, key, Array.isArray(value) ? value.join(' ') : String(value), (m) => new InputError(`${where}: ${m}`));
    }
  }
  let columns: string[] | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, k) => {
    const line = raw.trim();
    const no = k + 1;
    if (line === '') return;
    if (line.startsWith('#')) {
      const kv = parseHeaderLine(line);
      if (!kv || columns) return;
      applyKey(cat, kv[0], kv[1], (m) => fileError(file, no, m));
      return;
    }
    const cells = line.split(',').map((c) => c.trim());
    if (!columns) {
      columns = cells;
      const missing = REQUIRED.filter((c) => !columns!.includes(c));
      if (missing.length > 0) throw fileError(file, no, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (an event catalogue needs ${REQUIRED.join(',')})`);
      return;
    }
    if (cells.length !== columns.length) throw fileError(file, no, `expected ${columns.length} columns, found ${cells.length}`);
    const cell = (name: string) => cells[columns!.indexOf(name)];
    const number = (name: string, test: (v: number) => boolean, what: string): number => {
      const s = cell(name);
      const v = s === '' ? NaN : Number(s);
      if (!Number.isFinite(v) || !test(v)) throw fileError(file, no, `column ${name}: expected ${what}, got '${s}'`);
      return v;
    };
    const optional = (name: string, test: (v: number) => boolean, what: string) => (columns!.includes(name) && cell(name) !== '' ? number(name, test, what) : undefined);
    const event: CatalogueEvent = {
      forward: number('E_forward', (v) => v >= 0, 'a barrier >= 0'),
      backward: number('E_backward', (v) => v >= 0, 'a barrier >= 0'),
      dsigma: STRESS_COLUMNS.map((c) => number(c, () => true, 'a finite number')),
      weight: optional('weight', (v) => v >= 0, 'a weight >= 0') ?? 1,
      volume: optional('volume', (v) => v > 0, 'a volume > 0'),
      nu0: optional('nu0', (v) => v > 0, 'a frequency > 0'),
      extra: {},
    };
    columns.forEach((c, i) => {
      if (!REQUIRED.includes(c) && !['weight', 'volume', 'nu0'].includes(c)) event.extra[c] = cells[i] !== '' && Number.isFinite(Number(cells[i])) ? Number(cells[i]) : cells[i];
    });
    cat.events.push(event);
  });
  // A header without rows is a glass in which the searches found no event: a valid, empty catalogue.
  if (!columns) throw new InputError(`${file}: empty event catalogue (no header line with ${REQUIRED.join(',')})`);
  return cat;
}

/** A catalogue file, or RUN_DIR/catalogue.csv of an `activate` run. */
export function readCatalogue(path: string): EventCatalogue {
  if (!existsSync(path)) throw new InputError(`${path}: no such file or directory`);
  const file = statSync(path).isDirectory() ? join(path, 'catalogue.csv') : path;
  if (!existsSync(file)) throw new InputError(`${path}: no catalogue.csv in this run directory (rerun activate with this version to write it)`);
  return parseCatalogue(readFileSync(file, 'utf8'), file, readCsvUnits(file));
}
