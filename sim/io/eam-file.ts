/**
 * LAMMPS EAM potential files in the DYNAMO "setfl" layout: `pair_style eam/alloy` (setfl) and
 * `pair_style eam/fs` (Finnis–Sinclair). Both are read as LAMMPS's PotentialFileReader does:
 *
 *   lines 1-3   comments (skipped)
 *   line 4      Nelements Element1 Element2 ...
 *   line 5      Nrho drho Nr dr cutoff
 *   per element I:
 *               atomic-number mass [lattice-constant lattice-type]
 *               Nrho values of the embedding energy F_I(rho)
 *     alloy:    Nr values of the density function rho_I(r)
 *     fs:       N blocks of Nr values, rho_IJ(r) for J = 1..N
 *   for I = 1..N, J = 1..I: Nr values of r * phi_IJ(r) (eV Å), the pair potential times r
 *
 * F is tabulated at rho = 0, drho, ..., (Nrho-1) drho and the r functions at r = 0, dr, ..., (Nr-1) dr.
 * Table values may be spread over any number of lines, but every table starts on a new line and
 * numbers left over on a table's last line are ignored (LAMMPS `next_dvector`); the header lines
 * (4, 5 and each element's) must each be whole on one line. Text after '#' is a comment; blank
 * lines are skipped. Any problem is an InputError naming the file and line, and so is data after
 * the last table (LAMMPS ignores it; it usually means the wrong style).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, fileError } from '../errors.js';
import { parseIntToken, parseNumberToken } from './lammps-data.js';

export type EamStyle = 'eam/alloy' | 'eam/fs';

export interface EamFile {
  /** The path as given, for messages. */
  file: string;
  style: EamStyle;
  /** The three comment lines at the top. */
  comments: string[];
  elements: string[];
  atomicNumbers: number[];
  masses: number[];
  /** Lattice constant and type of each element's header line (NaN and '' where the file gives none). */
  latticeConstants: number[];
  latticeTypes: string[];
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  cutoff: number;
  /** F_I(rho) per element, Nrho values each. */
  frho: Float64Array[];
  /**
   * Density functions, Nr values each. eam/alloy: one per element, rhor[I] = rho_I. eam/fs:
   * N × N of them, rhor[I * N + J] = rho_IJ, the J-th density block of element I.
   */
  rhor: Float64Array[];
  /** r × phi_IJ(r) for I >= J, stored at index I (I + 1) / 2 + J (the file's order). */
  z2r: Float64Array[];
}

/** The pair style a file name implies: `*.fs` is eam/fs, `*.alloy` / `*.setfl` eam/alloy. */
export function eamStyleFromFileName(path: string): EamStyle | undefined {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.fs')) return 'eam/fs';
  if (name.endsWith('.alloy') || name.endsWith('.setfl')) return 'eam/alloy';
  return undefined;
}

/** Reads lines of the file the way LAMMPS's TextFileReader does (comments stripped, blank lines skipped). */
class LineReader {
  private next = 0;
  private readonly raw: string[];

  /** What a misplaced element header suggests, for messages. */
  hint = '';

  constructor(text: string, private readonly file: string) {
    this.raw = text.split(/\r?\n/);
    if (this.raw.length > 0 && this.raw[this.raw.length - 1] === '') this.raw.pop();
  }

  /** Number of the last line read (1-based). */
  get lineNo(): number {
    return this.next;
  }

  error(line: number, msg: string): InputError {
    return fileError(this.file, Math.max(line, 1), msg);
  }

  /** One raw line, blank or not (the comment lines at the top). */
  skipLine(what: string): string {
    if (this.next >= this.raw.length) throw this.error(this.raw.length, `file ends early: expected ${what} on line ${this.next + 1}`);
    return this.raw[this.next++];
  }

  /** Tokens of the next non-blank line, without its comment; undefined at the end of the file. */
  tokens(): string[] | undefined {
    while (this.next < this.raw.length) {
      const line = this.raw[this.next++];
      const hash = line.indexOf('#');
      const body = (hash >= 0 ? line.slice(0, hash) : line).trim();
      if (body !== '') return body.split(/\s+/);
    }
    return undefined;
  }

  /**
   * A header line of at least `count` values. (LAMMPS would join lines until it has them; no file
   * splits its header lines, so a short line is reported as what it most likely is, a mistake.)
   */
  values(count: number, what: string): { tokens: string[]; line: number } {
    const tokens = this.tokens();
    if (!tokens) throw this.error(this.raw.length, `file ends early: expected ${what}`);
    const line = this.lineNo;
    if (tokens.length < count) throw this.error(line, `expected ${count} values on ${what}, found ${tokens.length}`);
    return { tokens, line };
  }

  /** `n` numbers of one table, from as many lines as it takes; extra numbers on the last line are ignored. */
  table(n: number, what: string): Float64Array {
    const out = new Float64Array(n);
    let k = 0;
    while (k < n) {
      const tk = this.tokens();
      if (!tk) throw this.error(this.raw.length, `file ends early: ${what} has ${k} of its ${n} values`);
      for (let t = 0; t < tk.length && k < n; t++) {
        const v = parseNumberToken(tk[t]);
        if (v === undefined) {
          // An element's header line where a table should go: the tables are shorter than the
          // style assumes (an eam/alloy file read as eam/fs).
          const header = tk.length >= 2 && parseIntToken(tk[0]) !== undefined && parseNumberToken(tk[tk.length - 1]) === undefined;
          throw this.error(this.lineNo, `expected a number in ${what}, found '${tk[t]}'${header ? ` (an element header line? ${this.hint})` : ''}`);
        }
        out[k++] = v;
      }
    }
    return out;
  }

  /** True when only blank and comment lines remain. */
  atEnd(): boolean {
    return this.tokens() === undefined;
  }
}

function intValue(r: LineReader, line: number, tok: string, what: string, min: number): number {
  const v = parseIntToken(tok);
  if (v === undefined || v < min) throw r.error(line, `expected ${what} (a whole number >= ${min}), found '${tok}'`);
  return v;
}

function positiveValue(r: LineReader, line: number, tok: string, what: string): number {
  const v = parseNumberToken(tok);
  if (v === undefined || !(v > 0) || !Number.isFinite(v)) throw r.error(line, `expected ${what} (a number > 0), found '${tok}'`);
  return v;
}

/** Parses the text of an eam/alloy or eam/fs file. */
export function parseEamFile(text: string, file: string, style: EamStyle): EamFile {
  const r = new LineReader(text, file);
  r.hint = style === 'eam/fs' ? 'is this an eam/alloy file?' : 'is this an eam/fs file?';
  const comments = [0, 1, 2].map((k) => r.skipLine(`comment line ${k + 1} of 3`));

  const head = r.values(1, 'the element line (Nelements Element1 Element2 ...)');
  const nel = intValue(r, head.line, head.tokens[0], 'the number of elements', 1);
  if (head.tokens.length !== nel + 1) {
    throw r.error(head.line, `expected ${nel} element names after the element count, found ${head.tokens.length - 1}`);
  }
  const elements = head.tokens.slice(1);

  const grid = r.values(5, 'the grid line (Nrho drho Nr dr cutoff)');
  // The spline needs 5 knots (its end formulas reach two knots in from each end).
  const nrho = intValue(r, grid.line, grid.tokens[0], 'Nrho', 5);
  const drho = positiveValue(r, grid.line, grid.tokens[1], 'drho');
  const nr = intValue(r, grid.line, grid.tokens[2], 'Nr', 5);
  const dr = positiveValue(r, grid.line, grid.tokens[3], 'dr');
  const cutoff = positiveValue(r, grid.line, grid.tokens[4], 'the cut-off');

  const atomicNumbers: number[] = [];
  const masses: number[] = [];
  const latticeConstants: number[] = [];
  const latticeTypes: string[] = [];
  const frho: Float64Array[] = [];
  const rhor: Float64Array[] = [];
  for (let i = 0; i < nel; i++) {
    const el = elements[i];
    const line = r.values(2, `the header line of element ${el} (atomic-number mass lattice-constant lattice-type)`);
    if (parseIntToken(line.tokens[0]) === undefined && parseNumberToken(line.tokens[0]) !== undefined) {
      throw r.error(line.line, `expected the header line of element ${el} (atomic-number mass ...), found the number '${line.tokens[0]}' (${r.hint})`);
    }
    atomicNumbers.push(intValue(r, line.line, line.tokens[0], `the atomic number of ${el}`, 0));
    masses.push(positiveValue(r, line.line, line.tokens[1], `the mass of ${el}`));
    latticeConstants.push(parseNumberToken(line.tokens[2] ?? '') ?? NaN);
    latticeTypes.push(line.tokens[3] ?? '');
    frho.push(r.table(nrho, `F(rho) of ${el}`));
    if (style === 'eam/alloy') rhor.push(r.table(nr, `rho(r) of ${el}`));
    else for (let j = 0; j < nel; j++) rhor.push(r.table(nr, `rho(r) of ${el} block ${j + 1} (${elements[j]})`));
  }
  const z2r: Float64Array[] = [];
  for (let i = 0; i < nel; i++) {
    for (let j = 0; j <= i; j++) z2r.push(r.table(nr, `r*phi(r) of ${elements[i]}-${elements[j]}`));
  }
  const lastLine = r.lineNo;
  if (!r.atEnd()) {
    const other = style === 'eam/fs' ? 'eam/alloy' : 'eam/fs';
    throw r.error(r.lineNo, `unexpected data after the last pair table (which ended on line ${lastLine}); is this an ${other} file?`);
  }
  return { file, style, comments, elements, atomicNumbers, masses, latticeConstants, latticeTypes, nrho, drho, nr, dr, cutoff, frho, rhor, z2r };
}

/** Debian's lammps-data package puts the LAMMPS potential files here. */
export const DEBIAN_POTENTIALS = '/usr/share/lammps/potentials';

/** The folders searched for an EAM file not found at its path: $LAMMPS_POTENTIALS (as LAMMPS looks), then Debian's. */
export function potentialFolders(): string[] {
  const env = process.env.LAMMPS_POTENTIALS;
  return [...(env ? [env] : []), DEBIAN_POTENTIALS];
}

/** Where an EAM file is: the path, or else its name in the first of potentialFolders() that has it; undefined when none. */
export function locateEamFile(path: string): string | undefined {
  if (existsSync(path)) return path;
  return potentialFolders().map((d) => join(d, basename(path))).find((p) => existsSync(p));
}

/** The one-line message for an EAM file found nowhere, naming the places searched. */
export function eamNotFound(path: string): string {
  const env = process.env.LAMMPS_POTENTIALS ? `$LAMMPS_POTENTIALS (${process.env.LAMMPS_POTENTIALS})` : '$LAMMPS_POTENTIALS (not set)';
  return `cannot read ${path}: no such file, and no ${basename(path)} in ${env} or ${DEBIAN_POTENTIALS}`;
}

/** Reads an EAM file; the style comes from the file name unless given. */
export function readEamFile(path: string, style?: EamStyle): EamFile {
  const s = style ?? eamStyleFromFileName(path);
  if (!s) throw new InputError(`${path}: cannot tell eam/alloy from eam/fs by the file name (*.eam.alloy, *.eam.fs); name the pair style (--pair-style)`);
  const found = locateEamFile(path);
  if (found === undefined) throw new InputError(eamNotFound(path));
  let text: string;
  try {
    text = readFileSync(found, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read EAM potential file (${(e as Error).message})`);
  }
  return parseEamFile(text, found, s);
}

// ---------------------------------------------------------------------------------------------
// Writer (setfl only)

/** The tables of a setfl file to write: an EamFile without its source. */
export type SetflTables = Omit<EamFile, 'file' | 'style' | 'comments'> & { comments: [string, string, string] };

/** A number as C's %.16e (17 significant digits: reads back to the same double). */
function fmt(v: number): string {
  return v.toExponential(16).replace(/e([+-])(\d)$/, 'e$10$2');
}

function tableLines(values: Float64Array, out: string[]): void {
  for (let k = 0; k < values.length; k += 5) out.push(Array.from(values.subarray(k, k + 5), fmt).join(' '));
}

/** The text of a setfl file (LAMMPS pair_style eam/alloy), five numbers a line. */
export function formatSetfl(t: SetflTables): string {
  const out: string[] = [...t.comments];
  out.push(`${t.elements.length} ${t.elements.join(' ')}`);
  out.push(`${t.nrho} ${fmt(t.drho)} ${t.nr} ${fmt(t.dr)} ${fmt(t.cutoff)}`);
  t.elements.forEach((_, i) => {
    out.push(`${t.atomicNumbers[i]} ${t.masses[i]} ${Number(t.latticeConstants[i].toPrecision(10))} ${t.latticeTypes[i]}`);
    tableLines(t.frho[i], out);
    tableLines(t.rhor[i], out);
  });
  for (const z of t.z2r) tableLines(z, out);
  return out.join('\n') + '\n';
}

export function writeSetfl(path: string, t: SetflTables): void {
  writeFileSync(path, formatSetfl(t));
}
