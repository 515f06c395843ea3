/**
 * Import of measured DMA exports (TA Instruments, Netzsch, Mettler, spreadsheets, scripts): CSV,
 * TSV or whitespace-separated text with metadata lines before a header row, optionally a units row
 * below it, units in the column names ("Temperature (°C)", "E' [MPa]", "T / K", or a suffix:
 * "temp_K", "E_loss_Pa") or the units row, dot or comma decimals (comma decimals with ; or tab
 * separators), temperature in °C, K or °F, moduli in Pa/kPa/MPa/GPa. Columns found by name:
 * temperature, storage modulus, loss modulus, tan δ, frequency (optional); `columns` overrides the
 * names. Two of storage, loss and tan δ give the third; a file with the loss modulus alone (all a
 * comparison needs) imports without storage modulus and tan δ. What was found (separator, decimal
 * mark, header line, each column with its unit and where the unit came from, what was computed and
 * what cannot be) is returned as `detected`. Every mistake is an InputError naming the file and line.
 */
import { readFileSync } from 'node:fs';
import { InputError, fileError } from '../../sim/errors.js';

export interface MeasuredSpectrum {
  file: string;
  temperature_K: number[];
  /** Absent when the export has the loss modulus only (see detected.unavailable). */
  storage_modulus_Pa?: number[];
  loss_modulus_Pa: number[];
  /** Absent when the export has the loss modulus only. */
  tan_delta?: number[];
  /** Present when the export has a frequency column. */
  frequency_Hz?: number[];
  detected: ImportReport;
}

/** One quantity's column as the import read it. */
export interface DetectedColumn {
  /** 1-based column number. */
  column: number;
  /** The header cell, as written (null when columns were given by number and there is no header). */
  header: string | null;
  /** The unit as written (or as given by a flag); null for tan δ and unit-less frequency. */
  unit: string | null;
  unit_from: 'column name' | 'units row' | 'option' | null;
}

/** What the import found in a file: reported by `measured` (JSON and stderr). */
export interface ImportReport {
  /** 'utf-8' or 'latin-1' when read from a file. */
  encoding?: 'utf-8' | 'latin-1';
  separator: 'comma' | 'semicolon' | 'tab' | 'whitespace';
  decimal_mark: '.' | ',';
  /** 1-based line of the header row (null when columns were given by number and none was found). */
  header_line: number | null;
  units_row_line: number | null;
  data_lines: [number, number];
  rows: number;
  columns: Partial<Record<'temperature' | 'storage_modulus' | 'loss_modulus' | 'tan_delta' | 'frequency', DetectedColumn>>;
  /** Quantities computed from the others (tan δ = E''/E', E'' = E' tan δ, E' = E''/tan δ). */
  computed: ('storage_modulus' | 'loss_modulus' | 'tan_delta')[];
  /** Quantities neither in the file nor computable from it (a loss-only export: storage modulus and tan δ). */
  unavailable: ('storage_modulus' | 'tan_delta')[];
}

const REPORT_KEY = { T: 'temperature', E1: 'storage_modulus', E2: 'loss_modulus', tan: 'tan_delta', f: 'frequency' } as const;

export type Quantity = 'T' | 'E1' | 'E2' | 'tan' | 'f';
export const QUANTITY_NAMES: Record<Quantity, string> = { T: 'temperature', E1: 'storage modulus', E2: 'loss modulus', tan: 'tan delta', f: 'frequency' };

export interface ImportOptions {
  /** Column names (as in the header, case-insensitive, units ignored) or 1-based numbers per quantity. */
  columns?: Partial<Record<Quantity, string>>;
  /** Units when the file names none: temperature 'C' | 'K' | 'F', modulus 'Pa' | 'kPa' | 'MPa' | 'GPa'. */
  temperatureUnit?: string;
  modulusUnit?: string;
}

/** `T=Temp,E1=Storage,E2=Loss` -> { T: 'Temp', ... }. */
export function parseColumnsOption(text: string): Partial<Record<Quantity, string>> {
  const out: Partial<Record<Quantity, string>> = {};
  for (const part of text.split(',')) {
    const m = /^\s*(T|E1|E2|tan|f)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) throw new InputError(`--columns: expected KEY=COLUMN pairs with KEY one of T, E1, E2, tan, f (e.g. T=Temp,E1=Storage,E2=Loss), got '${part.trim()}'`);
    out[m[1] as Quantity] = m[2];
  }
  return out;
}

const TEMPERATURE_UNITS: Record<string, (v: number) => number> = {
  c: (v) => v + 273.15, '°c': (v) => v + 273.15, degc: (v) => v + 273.15, 'deg c': (v) => v + 273.15, celsius: (v) => v + 273.15, '℃': (v) => v + 273.15,
  k: (v) => v, kelvin: (v) => v,
  f: (v) => ((v - 32) * 5) / 9 + 273.15, '°f': (v) => ((v - 32) * 5) / 9 + 273.15,
};
const MODULUS_UNITS: Record<string, number> = { pa: 1, kpa: 1e3, mpa: 1e6, gpa: 1e9, 'n/m²': 1, 'n/m^2': 1, 'n/mm²': 1e6, 'n/mm^2': 1e6 };
const FREQUENCY_UNITS: Record<string, number> = { hz: 1, khz: 1e3, 'rad/s': 1 / (2 * Math.PI) };

function normaliseUnit(u: string): string {
  return u.trim().toLowerCase().replace(/^\[|\]$|^\(|\)$/g, '').replace(/º/g, '°').replace(/\s+/g, ' ').trim();
}

/** Whether a unit fits a quantity (a suffix such as `_K` counts as a unit only where it does). */
function unitFits(q: Quantity | undefined, unit: string): boolean {
  const u = normaliseUnit(unit);
  if (q === 'T') return u in TEMPERATURE_UNITS;
  if (q === 'E1' || q === 'E2') return u in MODULUS_UNITS;
  if (q === 'f') return u in FREQUENCY_UNITS;
  return false;
}

/**
 * Splits "Storage modulus E' (MPa)" into name and unit: the last bracketed group, a unit after a
 * slash ("T / °C"), or a unit suffix after _ or a space that fits the quantity the rest names
 * ("temp_K", "E_loss_Pa", "Storage MPa"; not the "delta" of "tan_delta").
 */
function splitHeaderCell(cell: string): { name: string; unit?: string } {
  const m = /^(.*?)[\s_]*[([]\s*([^()[\]]*?)\s*[)\]]\s*$/.exec(cell);
  if (m && m[2] !== '') return { name: m[1].trim(), unit: m[2] };
  const slash = /^(.*?)\s*\/\s*(°?[A-Za-z℃]+)$/.exec(cell); // "T / °C", "E' / MPa"
  if (slash) return { name: slash[1].trim(), unit: slash[2] };
  const suffix = /^(.*?\S)[_\s]+([^_\s]+)$/.exec(cell.trim());
  if (suffix && unitFits(quantityOf(suffix[1]), suffix[2])) return { name: suffix[1].trim(), unit: suffix[2] };
  return { name: cell.trim() };
}

/** Which quantity a column name means (the loss factor is tan δ, not the loss modulus). */
function quantityOf(name: string): Quantity | undefined {
  const n = name.toLowerCase().replace(/[’`´]/g, "'").replace(/″/g, "''");
  if (/tan|loss factor|damping|verlustfaktor|\bd\b/.test(n)) return 'tan';
  if (/^(t|temp|temperature|temperatur|sample temperature|ts|θ)\b|temp/.test(n)) return 'T';
  if (/freq|^f$|frequenz/.test(n)) return 'f';
  if (/e''|e"|e2\b|e_2|loss|verlust|g''|g"|g2\b/.test(n)) return 'E2';
  if (/e'|e1\b|e_1|storage|speicher|g'|g1\b/.test(n)) return 'E1';
  return undefined;
}

function detectDelimiter(lines: string[]): 'tab' | ';' | ',' | 'space' {
  const tail = lines.slice(-Math.min(lines.length, 20));
  if (tail.some((l) => l.includes('\t'))) return 'tab';
  if (tail.some((l) => l.includes(';'))) return ';';
  if (tail.some((l) => l.includes(','))) {
    // "12,5 3,4 1,2": commas inside whitespace-separated numbers are decimals.
    const spaced = tail.every((l) => /^\s*-?\d+,\d+(\s+-?\d+,\d+([eE][-+]?\d+)?)+\s*$/.test(l));
    return spaced ? 'space' : ',';
  }
  return 'space';
}

function splitLine(line: string, delimiter: string): string[] {
  const cells = delimiter === 'tab' ? line.split('\t') : delimiter === 'space' ? line.trim().split(/\s+/) : line.split(delimiter);
  return cells.map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());
}

function parseNumber(cell: string, decimalComma: boolean): number {
  let c = cell.replace(/\s/g, '');
  if (decimalComma) c = c.replace(/\./g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(c)) return NaN;
  return Number(c);
}

/** A DMA export read as a loss spectrum: at least MIN_ROWS rows over more than one temperature. */
export function importDmaFile(file: string, opts: ImportOptions = {}): MeasuredSpectrum {
  let text: string;
  let encoding: ImportReport['encoding'] = 'latin-1';
  try {
    text = readFileSync(file, 'latin1');
    // UTF-8 when it decodes cleanly (most exports); Latin-1 (°, ä) otherwise.
    const utf8 = readFileSync(file, 'utf8');
    if (!utf8.includes('\uFFFD')) {
      text = utf8;
      encoding = 'utf-8';
    }
  } catch (e) {
    throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const s = parseDmaText(text, file, opts);
  checkScan(s);
  s.detected = { encoding, ...s.detected };
  return s;
}

const SEPARATOR_NAMES = { tab: 'tab', ';': 'semicolon', ',': 'comma', space: 'whitespace' } as const;

export function parseDmaText(text: string, file: string, opts: ImportOptions = {}): MeasuredSpectrum {
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const lines = rawLines.map((l, i) => ({ text: l, line: i + 1 })).filter((l) => l.text.trim() !== '' && !/^\s*#/.test(l.text));
  if (lines.length === 0) throw new InputError(`${file}: the file is empty`);
  const delimiter = detectDelimiter(lines.map((l) => l.text));
  const cellsOf = (l: string) => splitLine(l, delimiter);

  // The header: the first line whose cells name a temperature and a modulus or tan δ column (or
  // hold every name of the --columns override, written whole or without its unit).
  const override = opts.columns ?? {};
  const overrideNames = Object.values(override).filter((v) => !/^\d+$/.test(v!)) as string[];
  const cleanName = (c: string) => splitHeaderCell(c).name.toLowerCase();
  const matches = (cell: string, name: string) => cleanName(cell) === name.toLowerCase() || cell.trim().toLowerCase() === name.toLowerCase();
  let h = -1;
  for (let i = 0; i < lines.length && h < 0; i++) {
    const cells = cellsOf(lines[i].text);
    if (cells.length < 2) continue;
    if (overrideNames.length > 0 && overrideNames.every((o) => cells.some((c) => matches(c, o)))) h = i;
    else if (overrideNames.length === 0) {
      const q = cells.map((c) => quantityOf(splitHeaderCell(c).name));
      if (q.includes('T') && (q.includes('E1') || q.includes('E2') || q.includes('tan'))) h = i;
    }
  }
  const allNumeric = Object.values(override).length > 0 && Object.values(override).every((v) => /^\d+$/.test(v!));
  if (h < 0 && !allNumeric) {
    throw new InputError(`${file}: no header row naming the temperature and storage/loss modulus columns was found; name them with --columns T=...,E1=...,E2=...`);
  }
  const header = h >= 0 ? cellsOf(lines[h].text) : [];
  let dataStart = h + 1;
  // A units row: right below the header, no cell a number, at least one a known unit.
  let unitsRow: string[] | undefined;
  if (h >= 0 && dataStart < lines.length) {
    const cells = cellsOf(lines[dataStart].text);
    const isUnit = (c: string) => {
      const u = normaliseUnit(c);
      return u === '' || u === '-' || u === '1' || u in TEMPERATURE_UNITS || u in MODULUS_UNITS || u in FREQUENCY_UNITS || u === '%' || u === 's' || u === 'min';
    };
    if (cells.every((c) => Number.isNaN(parseNumber(c, false)) || c.trim() === '') && cells.some((c) => normaliseUnit(c) !== '') && cells.every(isUnit)) {
      unitsRow = cells;
      dataStart++;
    }
  }
  const ncol = h >= 0 ? header.length : cellsOf(lines[0].text).length;

  // Column of each quantity.
  const col: Partial<Record<Quantity, number>> = {};
  for (const q of Object.keys(override) as Quantity[]) {
    const v = override[q]!;
    const k = /^\d+$/.test(v) ? Number(v) - 1 : header.findIndex((c) => matches(c, v));
    if (k < 0 || k >= ncol) throw new InputError(`${file}:${h >= 0 ? lines[h].line : 1}: --columns ${q}=${v}: no such column (columns: ${header.join(', ') || `1..${ncol}`})`);
    col[q] = k;
  }
  header.forEach((c, k) => {
    const q = quantityOf(splitHeaderCell(c).name);
    if (q && col[q] === undefined && !Object.values(col).includes(k)) col[q] = k;
  });
  const where = `${file}:${h >= 0 ? lines[h].line : 1}`;
  if (col.T === undefined) throw new InputError(`${where}: no temperature column (columns: ${header.join(', ')}); name it with --columns T=NAME`);
  const have = (['E1', 'E2', 'tan'] as const).filter((q) => col[q] !== undefined);
  if (col.E2 === undefined && have.length < 2) {
    throw new InputError(
      `${where}: need the loss modulus, or two of storage modulus, loss modulus and tan delta; found ${have.map((q) => QUANTITY_NAMES[q]).join(', ') || 'none'} (use --columns)`,
    );
  }

  const unitOf = (q: Quantity): { unit?: string; from: DetectedColumn['unit_from'] } => {
    const k = col[q]!;
    const fromName = header[k] !== undefined ? splitHeaderCell(header[k]).unit : undefined;
    if (fromName !== undefined && normaliseUnit(fromName) !== '') return { unit: fromName, from: 'column name' };
    const fromRow = unitsRow?.[k];
    if (fromRow !== undefined && normaliseUnit(fromRow) !== '') return { unit: fromRow, from: 'units row' };
    return { from: null };
  };
  const units: Partial<Record<Quantity, { unit?: string; from: DetectedColumn['unit_from'] }>> = {};
  const tFile = unitOf('T');
  units.T = tFile.unit !== undefined ? tFile : opts.temperatureUnit !== undefined ? { unit: opts.temperatureUnit, from: 'option' } : tFile;
  const tUnitText = units.T.unit;
  if (tUnitText === undefined) throw new InputError(`${where}: the temperature column names no unit; give --temperature-unit C or K`);
  const toKelvin = TEMPERATURE_UNITS[normaliseUnit(tUnitText)];
  if (!toKelvin) throw new InputError(`${where}: unknown temperature unit '${tUnitText}' (expected °C, K or °F)`);
  const modulusFactor = (q: 'E1' | 'E2') => {
    const fromFile = unitOf(q);
    units[q] = fromFile.unit !== undefined ? fromFile : opts.modulusUnit !== undefined ? { unit: opts.modulusUnit, from: 'option' } : fromFile;
    const u = units[q]!.unit;
    if (u === undefined) throw new InputError(`${where}: the ${QUANTITY_NAMES[q]} column names no unit; give --modulus-unit Pa|kPa|MPa|GPa`);
    const f = MODULUS_UNITS[normaliseUnit(u)];
    if (f === undefined) throw new InputError(`${where}: unknown ${QUANTITY_NAMES[q]} unit '${u}' (expected Pa, kPa, MPa or GPa)`);
    return f;
  };
  const e1Factor = col.E1 !== undefined ? modulusFactor('E1') : 1;
  const e2Factor = col.E2 !== undefined ? modulusFactor('E2') : 1;
  let fFactor = 1;
  if (col.f !== undefined) {
    units.f = unitOf('f');
    const u = units.f.unit;
    fFactor = u === undefined ? 1 : FREQUENCY_UNITS[normaliseUnit(u)];
    if (fFactor === undefined) throw new InputError(`${where}: unknown frequency unit '${u}' (expected Hz, kHz or rad/s)`);
  }

  // Decimal comma: separators other than ',' with numbers like 12,5 in the data.
  const dataLines = lines.slice(dataStart);
  if (dataLines.length === 0) throw new InputError(`${where}: no data rows after the header`);
  const decimalComma = delimiter !== ',' && dataLines.slice(0, 20).some((l) => /\d,\d/.test(l.text));
  const columns: Record<Quantity, number[]> = { T: [], E1: [], E2: [], tan: [], f: [] };
  for (const l of dataLines) {
    const cells = cellsOf(l.text);
    if (cells.length < ncol) throw fileError(file, l.line, `expected ${ncol} columns, got ${cells.length}`);
    for (const q of Object.keys(col) as Quantity[]) {
      const cell = cells[col[q]!];
      const v = parseNumber(cell, decimalComma);
      if (!Number.isFinite(v)) throw fileError(file, l.line, `${QUANTITY_NAMES[q]}: '${cell.slice(0, 30)}' is not a number`);
      columns[q].push(v);
    }
  }
  const T = columns.T.map(toKelvin);
  T.forEach((t, i) => {
    if (!(t > 0)) throw fileError(file, dataLines[i].line, `temperature ${columns.T[i]} ${tUnitText} is below absolute zero`);
  });
  const computed: ImportReport['computed'] = [];
  const unavailable: ImportReport['unavailable'] = [];
  let E1: number[] | undefined = col.E1 !== undefined ? columns.E1.map((v) => v * e1Factor) : undefined;
  let E2: number[] | undefined = col.E2 !== undefined ? columns.E2.map((v) => v * e2Factor) : undefined;
  let tan: number[] | undefined = col.tan !== undefined ? columns.tan : undefined;
  if (!E1 && E2 && tan) {
    E1 = E2.map((v, i) => v / tan![i]);
    computed.push('storage_modulus');
  }
  if (!E2 && E1 && tan) {
    E2 = E1.map((v, i) => v * tan![i]);
    computed.push('loss_modulus');
  }
  if (!tan && E1 && E2) {
    tan = E2.map((v, i) => v / E1![i]);
    computed.push('tan_delta');
  }
  if (!E1) unavailable.push('storage_modulus');
  if (!tan) unavailable.push('tan_delta');
  E2!.forEach((v, i) => {
    if (!Number.isFinite(v) || (E1 && !Number.isFinite(E1[i])) || (tan && !Number.isFinite(tan[i]))) {
      throw fileError(file, dataLines[i].line, 'storage, loss and tan delta are not consistent here (division by zero?)');
    }
  });

  checkSigns(file, dataLines.map((l) => l.line), { storage_modulus: E1, loss_modulus: E2!, tan_delta: tan });

  const detectedColumns: ImportReport['columns'] = {};
  for (const q of ['T', 'E1', 'E2', 'tan', 'f'] as const) {
    const k = col[q];
    if (k === undefined) continue;
    const u = units[q];
    detectedColumns[REPORT_KEY[q]] = { column: k + 1, header: header[k] ?? null, unit: u?.unit ?? null, unit_from: u?.unit !== undefined ? u.from : null };
  }
  const detected: ImportReport = {
    separator: SEPARATOR_NAMES[delimiter],
    decimal_mark: decimalComma ? ',' : '.',
    header_line: h >= 0 ? lines[h].line : null,
    units_row_line: unitsRow ? lines[dataStart - 1].line : null,
    data_lines: [dataLines[0].line, dataLines[dataLines.length - 1].line],
    rows: dataLines.length,
    columns: detectedColumns,
    computed,
    unavailable,
  };
  return {
    file,
    temperature_K: T,
    ...(E1 ? { storage_modulus_Pa: E1 } : {}),
    loss_modulus_Pa: E2!,
    ...(tan ? { tan_delta: tan } : {}),
    ...(col.f !== undefined ? { frequency_Hz: columns.f.map((v) => v * fFactor) } : {}),
    detected,
  };
}

/** What the import found, as lines for stderr (`measured` without --json). */
/** Fewest rows a loss spectrum can be read from (a peak and its two flanks need a few points each). */
export const MIN_ROWS = 5;

/** Refuses negative moduli and tan δ, which no DMA measures. */
function checkSigns(file: string, lines: number[], values: Record<string, number[] | undefined>): void {
  for (const [name, v] of Object.entries(values)) {
    const k = v?.findIndex((x) => x < 0) ?? -1;
    if (k >= 0) throw fileError(file, lines[k], `${name.replace('_', ' ')} ${v![k]} is negative (a modulus and tan δ are >= 0)`);
  }
}

/** Refuses what cannot be a loss spectrum: too few rows, or one temperature throughout. */
function checkScan(s: MeasuredSpectrum): void {
  const T = s.temperature_K;
  if (T.length < MIN_ROWS) throw new InputError(`${s.file}: ${T.length} data row${T.length === 1 ? '' : 's'}; a loss spectrum needs at least ${MIN_ROWS}`);
  if (T.every((t) => t === T[0])) throw new InputError(`${s.file}: every row is at ${T[0]} K; a loss spectrum needs a temperature scan`);
}

export function describeImport(s: MeasuredSpectrum): string[] {
  const d = s.detected;
  const label: Record<keyof ImportReport['columns'], string> = {
    temperature: 'temperature', storage_modulus: "E'", loss_modulus: "E''", tan_delta: 'tan δ', frequency: 'frequency',
  };
  const cols = (Object.entries(d.columns) as [keyof ImportReport['columns'], DetectedColumn][]).map(([q, c]) => {
    const head = c.header !== null ? ` "${c.header}"` : '';
    const unit = c.unit !== null ? ` [${c.unit}${c.unit_from === 'column name' ? '' : `, from the ${c.unit_from}`}]` : '';
    return `${label[q]} = column ${c.column}${head}${unit}`;
  });
  const where = d.header_line !== null ? `header on line ${d.header_line}` : 'no header (columns by number)';
  const out = [
    `${s.file}: ${d.encoding ? `${d.encoding}, ` : ''}${d.separator}-separated, decimal mark '${d.decimal_mark}', ${where}` +
      `${d.units_row_line !== null ? `, units row on line ${d.units_row_line}` : ''}, ${d.rows} data rows (lines ${d.data_lines[0]}–${d.data_lines[1]})`,
    `columns: ${cols.join('; ')}`,
  ];
  const names = { storage_modulus: "E'", loss_modulus: "E''", tan_delta: 'tan δ' } as const;
  if (d.computed.length > 0) out.push(`computed: ${d.computed.map((q) => (q === 'tan_delta' ? "tan δ = E''/E'" : q === 'loss_modulus' ? "E'' = E' tan δ" : "E' = E''/tan δ")).join('; ')}`);
  if (d.unavailable.length > 0) {
    out.push(`cannot compute ${d.unavailable.map((q) => names[q]).join(' or ')}: the file has the loss modulus only (enough for compare, which uses E'')`);
  }
  return out;
}
