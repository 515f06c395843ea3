/**
 * LAMMPS data files (atom_style atomic): reader and writer.
 *
 * Reading follows LAMMPS conventions: the first line is a title, then header lines
 * ("864 atoms", "0 8.96 xlo xhi", ...), then sections ("Masses", "Atoms # atomic", "Velocities")
 * each followed by its rows. Text after '#' is a comment, blank lines separate blocks.
 * Every malformed line throws an InputError "FILE:LINE: what was expected".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Box } from '../box.js';
import { createState, type State } from '../state.js';
import { InputError, fileError } from '../errors.js';

// ---------------------------------------------------------------------------------------------
// Shared token helpers (also used by the dump and extxyz modules).

const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT_RE = /^[+-]?\d+$/;
const NONFINITE_RE = /^([+-]?)(nan|inf|infinity)$/i;

/** Parses a decimal number token; undefined if it is not one. `nan`/`inf` only if allowed. */
export function parseNumberToken(tok: string, allowNonFinite = false): number | undefined {
  if (FLOAT_RE.test(tok)) return Number(tok);
  const m = allowNonFinite ? NONFINITE_RE.exec(tok) : null;
  if (!m) return undefined;
  if (m[2].toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

/** Parses an integer token that fits an Int32; undefined otherwise. */
export function parseIntToken(tok: string): number | undefined {
  if (!INT_RE.test(tok)) return undefined;
  const v = Number(tok);
  return v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

/** Shortest text that reads back to exactly the same double (keeps -0; nan/inf as printf). */
export function formatNumber(x: number): string {
  if (Number.isFinite(x)) return Object.is(x, -0) ? '-0' : String(x);
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

/** One input line: 1-based number, whitespace-separated tokens before '#', and the comment. */
export interface TextLine {
  no: number;
  tokens: string[];
  comment: string;
}

/** Splits text into lines; with `comments` (default), text after '#' is set aside. */
export function splitTextLines(text: string, comments = true): TextLine[] {
  const raw = text.split(/\r?\n/);
  // A final newline does not start another line.
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  return raw.map((s, k) => {
    const hash = comments ? s.indexOf('#') : -1;
    const body = hash >= 0 ? s.slice(0, hash) : s;
    const tokens = body.trim() === '' ? [] : body.trim().split(/\s+/);
    return { no: k + 1, tokens, comment: hash >= 0 ? s.slice(hash + 1).trim() : '' };
  });
}

// ---------------------------------------------------------------------------------------------
// Reader

/** Header counts that must be zero for atom_style atomic. */
const ZERO_COUNTS = new Set([
  'bonds', 'angles', 'dihedrals', 'impropers',
  'bond types', 'angle types', 'dihedral types', 'improper types',
  'ellipsoids', 'lines', 'triangles', 'bodies',
]);
/** Header counts that only reserve memory in LAMMPS; any value is harmless here. */
const IGNORED_COUNTS = new Set([
  'extra bond per atom', 'extra angle per atom', 'extra dihedral per atom',
  'extra improper per atom', 'extra special per atom',
]);
/** LAMMPS sections that make no sense for atom_style atomic. */
const UNSUPPORTED_SECTIONS = new Set([
  'Bonds', 'Angles', 'Dihedrals', 'Impropers', 'Ellipsoids', 'Lines', 'Triangles', 'Bodies',
  'Bond Coeffs', 'Angle Coeffs', 'Dihedral Coeffs', 'Improper Coeffs', 'BondBond Coeffs',
  'BondAngle Coeffs', 'MiddleBondTorsion Coeffs', 'EndBondTorsion Coeffs', 'AngleTorsion Coeffs',
  'AngleAngleTorsion Coeffs', 'BondBond13 Coeffs', 'AngleAngle Coeffs',
  'Atom Type Labels', 'Bond Type Labels', 'Angle Type Labels', 'Dihedral Type Labels',
  'Improper Type Labels',
]);

const SECTION_NAMES = new Set(['Masses', 'Atoms', 'Velocities', 'Pair Coeffs', 'PairIJ Coeffs', ...UNSUPPORTED_SECTIONS]);

interface Header {
  natoms?: number;
  ntypes?: number;
  bounds: Partial<Record<'x' | 'y' | 'z', [number, number]>>;
  tilt?: [number, number, number];
}

export interface ReadDataOptions {
  /** Species names, one per atom type; overrides names found in Masses comments. */
  typeNames?: string[];
}

export function readLammpsData(text: string, file: string, opts: ReadDataOptions = {}): State {
  const lines = splitTextLines(text);
  const lastLine = Math.max(lines.length, 1);
  const err = (line: number, msg: string) => fileError(file, line, msg);

  // --- Header: every line after the title up to the first section keyword.
  const header: Header = { bounds: {} };
  const seenHeader = new Set<string>();
  let i = 1;
  for (; i < lines.length; i++) {
    const L = lines[i];
    if (L.tokens.length === 0) continue;
    if (!/^[-+.\d]/.test(L.tokens[0])) break; // a section keyword ends the header
    parseHeaderLine(L, header, seenHeader, err);
  }
  const headerEnd = i < lines.length ? lines[i].no : lastLine;
  if (header.natoms === undefined) throw err(headerEnd, "expected an 'N atoms' line in the header");
  if (header.ntypes === undefined) throw err(headerEnd, "expected an 'N atom types' line in the header");
  const natoms = header.natoms;
  const ntypes = header.ntypes;
  for (const d of ['x', 'y', 'z'] as const) {
    if (!header.bounds[d]) throw err(headerEnd, `expected a '${d}lo ${d}hi' line in the header`);
  }
  const [xlo, xhi] = header.bounds.x!;
  const [ylo, yhi] = header.bounds.y!;
  const [zlo, zhi] = header.bounds.z!;
  const [xy, xz, yz] = header.tilt ?? [0, 0, 0];
  const box: Box = { xlo, ylo, zlo, lx: xhi - xlo, ly: yhi - ylo, lz: zhi - zlo, xy, xz, yz };

  // --- Sections.
  let massRows: TextLine[] | undefined;
  let atomRows: TextLine[] | undefined;
  let velRows: TextLine[] | undefined;
  let prev: { name: string; count: number } | undefined;
  const seenSections = new Map<string, number>();

  while (i < lines.length) {
    const L = lines[i];
    if (L.tokens.length === 0) { i++; continue; }
    const name = L.tokens.join(' ');
    if (/^[-+.\d]/.test(name)) {
      throw err(L.no, prev
        ? `expected a section keyword; found a data line (the ${prev.name} section has more than the ${prev.count} lines the header declares)`
        : `expected a section keyword (Masses, Atoms, Velocities); found a data line`);
    }
    if (seenSections.has(name)) throw err(L.no, `duplicate ${name} section (first on line ${seenSections.get(name)})`);
    seenSections.set(name, L.no);

    let count: number;
    switch (name) {
      case 'Masses': count = ntypes; break;
      case 'Atoms': count = natoms; break;
      case 'Velocities': count = natoms; break;
      case 'Pair Coeffs': count = ntypes; break;
      case 'PairIJ Coeffs': count = (ntypes * (ntypes + 1)) / 2; break;
      default:
        throw err(L.no, UNSUPPORTED_SECTIONS.has(name)
          ? `section '${name}' is not supported with atom_style atomic`
          : `unknown section '${name}' (expected Masses, Atoms, Velocities, Pair Coeffs or PairIJ Coeffs)`);
    }
    if (name === 'Atoms' && L.comment !== '' && L.comment.split(/\s+/)[0] !== 'atomic') {
      throw err(L.no, `expected 'Atoms # atomic'; atom style '${L.comment.split(/\s+/)[0]}' is not supported`);
    }
    const { rows, next } = sectionRows(lines, i, name, count, lastLine, err);
    if (name === 'Masses') massRows = rows;
    else if (name === 'Atoms') atomRows = rows;
    else if (name === 'Velocities') velRows = rows;
    prev = { name, count };
    i = next;
  }

  if (!massRows) throw err(lastLine, `no Masses section: masses are missing for the ${ntypes} atom types`);
  if (!atomRows && natoms > 0) throw err(lastLine, `no Atoms section: expected ${natoms} atoms`);

  // --- Masses (and species names from "1 63.546 # Cu" comments, as ASE writes them).
  const mass = new Float64Array(ntypes);
  const commentNames = new Array<string | undefined>(ntypes).fill(undefined);
  const massLine = new Int32Array(ntypes);
  for (const R of massRows) {
    if (R.tokens.length !== 2) throw err(R.no, `expected 'type mass' (2 columns), found ${R.tokens.length}`);
    const t = typeToken(R.tokens[0], ntypes, R.no, err);
    const m = parseNumberToken(R.tokens[1]);
    if (m === undefined || !(m > 0) || !Number.isFinite(m)) throw err(R.no, `expected a positive mass, found '${R.tokens[1]}'`);
    if (massLine[t] !== 0) throw err(R.no, `duplicate mass for atom type ${t + 1} (first on line ${massLine[t]})`);
    massLine[t] = R.no;
    mass[t] = m;
    if (/^\S+$/.test(R.comment)) commentNames[t] = R.comment;
  }

  let typeNames: string[] | undefined;
  if (opts.typeNames) {
    if (opts.typeNames.length !== ntypes) {
      throw new InputError(`${file}: the file has ${ntypes} atom types but ${opts.typeNames.length} type names were given`);
    }
    typeNames = [...opts.typeNames];
  } else if (commentNames.every((s) => s !== undefined)) {
    typeNames = commentNames as string[];
  }

  // --- Atoms, in file order.
  const state = createState(natoms, box, mass, typeNames);
  // LAMMPS write_data titles end with "timestep = N".
  const stepMatch = /timestep\s*=\s*(\d+)/.exec(text.split(/\r?\n/, 1)[0]);
  if (stepMatch) state.step = Number(stepMatch[1]);
  const indexOfId = new Map<number, number>();
  (atomRows ?? []).forEach((R, a) => {
    const tk = R.tokens;
    if (tk.length !== 5 && tk.length !== 8) {
      throw err(R.no, `expected 'id type x y z' or 'id type x y z ix iy iz' (5 or 8 columns), found ${tk.length}`);
    }
    const id = idToken(tk[0], R.no, err);
    const first = indexOfId.get(id);
    if (first !== undefined) throw err(R.no, `duplicate atom id ${id} (first on line ${atomRows![first].no})`);
    indexOfId.set(id, a);
    state.id[a] = id;
    state.type[a] = typeToken(tk[1], ntypes, R.no, err);
    for (let k = 0; k < 3; k++) state.x[3 * a + k] = floatToken(tk[2 + k], R.no, err);
    if (tk.length === 8) {
      for (let k = 0; k < 3; k++) {
        const im = parseIntToken(tk[5 + k]);
        if (im === undefined) throw err(R.no, `expected an integer image flag, found '${tk[5 + k]}'`);
        state.image[3 * a + k] = im;
      }
    }
  });

  // --- Velocities, matched by id.
  if (velRows) {
    const velLine = new Int32Array(natoms);
    for (const R of velRows) {
      if (R.tokens.length !== 4) throw err(R.no, `expected 'id vx vy vz' (4 columns), found ${R.tokens.length}`);
      const id = idToken(R.tokens[0], R.no, err);
      const a = indexOfId.get(id);
      if (a === undefined) throw err(R.no, `velocity for atom id ${id}, which is not in the Atoms section`);
      if (velLine[a] !== 0) throw err(R.no, `duplicate velocity for atom id ${id} (first on line ${velLine[a]})`);
      velLine[a] = R.no;
      for (let k = 0; k < 3; k++) state.v[3 * a + k] = floatToken(R.tokens[1 + k], R.no, err);
    }
  }
  return state;
}

type ErrFn = (line: number, msg: string) => InputError;

function parseHeaderLine(L: TextLine, h: Header, seen: Set<string>, err: ErrFn): void {
  // Leading numbers, then the keyword ("864 atoms", "0 8.9 xlo xhi").
  let k = 0;
  while (k < L.tokens.length && /^[-+.\d]/.test(L.tokens[k])) k++;
  const key = L.tokens.slice(k).join(' ');
  const nums = L.tokens.slice(0, k);
  if (key === '') throw err(L.no, `expected a header keyword after '${nums.join(' ')}'`);
  if (seen.has(key)) throw err(L.no, `duplicate header line '${key}'`);
  seen.add(key);

  const expectCount = (n: number) => {
    if (nums.length !== n) throw err(L.no, `expected ${n} number${n > 1 ? 's' : ''} before '${key}', found ${nums.length}`);
  };
  const count = (): number => {
    expectCount(1);
    const v = parseIntToken(nums[0]);
    if (v === undefined || v < 0) throw err(L.no, `expected a non-negative integer count for '${key}', found '${nums[0]}'`);
    return v;
  };
  const floats = (n: number): number[] => {
    expectCount(n);
    return nums.map((s) => floatToken(s, L.no, err));
  };

  if (key === 'atoms') h.natoms = count();
  else if (key === 'atom types') {
    h.ntypes = count();
    if (h.ntypes < 1) throw err(L.no, `expected at least 1 atom type, found ${h.ntypes}`);
  } else if (ZERO_COUNTS.has(key)) {
    if (count() !== 0) throw err(L.no, `expected 0 ${key} (atom_style atomic has none), found ${nums[0]}`);
  } else if (IGNORED_COUNTS.has(key)) count();
  else if (key === 'xlo xhi' || key === 'ylo yhi' || key === 'zlo zhi') {
    const [lo, hi] = floats(2);
    if (!(hi > lo) || !Number.isFinite(hi - lo)) throw err(L.no, `expected ${key[0]}hi > ${key[0]}lo, found ${nums[0]} ${nums[1]}`);
    h.bounds[key[0] as 'x' | 'y' | 'z'] = [lo, hi];
  } else if (key === 'xy xz yz') {
    const [xy, xz, yz] = floats(3);
    h.tilt = [xy, xz, yz];
  } else throw err(L.no, `unknown header keyword '${key}'`);
}

/** Rows of one section: skips blank lines after the keyword, then takes exactly `count` lines. */
function sectionRows(
  lines: TextLine[], start: number, name: string, count: number, lastLine: number, err: ErrFn,
): { rows: TextLine[]; next: number } {
  let j = start + 1;
  while (j < lines.length && lines[j].tokens.length === 0 && count > 0) j++;
  const rows: TextLine[] = [];
  while (rows.length < count) {
    if (j >= lines.length) {
      throw err(lastLine, `unexpected end of file: the ${name} section has ${rows.length} of ${count} lines`);
    }
    const L = lines[j];
    if (L.tokens.length === 0 || SECTION_NAMES.has(L.tokens.join(' '))) {
      throw err(L.no, `expected ${count} lines in the ${name} section, found only ${rows.length}`);
    }
    rows.push(L);
    j++;
  }
  return { rows, next: j };
}

function floatToken(tok: string, line: number, err: ErrFn): number {
  const v = parseNumberToken(tok);
  if (v === undefined || !Number.isFinite(v)) throw err(line, `expected a number, found '${tok}'`);
  return v;
}

function idToken(tok: string, line: number, err: ErrFn): number {
  const v = parseIntToken(tok);
  if (v === undefined || v < 1) throw err(line, `expected a positive integer atom id, found '${tok}'`);
  return v;
}

/** 1-based type in the file → 0-based type. */
function typeToken(tok: string, ntypes: number, line: number, err: ErrFn): number {
  const t = parseIntToken(tok);
  if (t === undefined || t < 1 || t > ntypes) throw err(line, `expected an atom type from 1 to ${ntypes}, found '${tok}'`);
  return t - 1;
}

export function parseLammpsDataFile(path: string, opts: ReadDataOptions = {}): State {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read data file (${(e as Error).message})`);
  }
  return readLammpsData(text, path, opts);
}

// ---------------------------------------------------------------------------------------------
// Writer

export interface WriteDataOptions {
  /** First line of the file (newlines are replaced by spaces). */
  title?: string;
  /** Write a Velocities section (default true, as LAMMPS write_data does). */
  velocities?: boolean;
}

export function formatLammpsData(state: State, opts: WriteDataOptions = {}): string {
  const { box, n } = state;
  const ntypes = state.mass.length;
  const f = formatNumber;
  const title = (opts.title ?? `betascape data file, timestep = ${state.step}`).replace(/[\r\n]+/g, ' ');
  const out: string[] = [title, '', `${n} atoms`, `${ntypes} atom types`, ''];
  out.push(`${f(box.xlo)} ${f(box.xlo + box.lx)} xlo xhi`);
  out.push(`${f(box.ylo)} ${f(box.ylo + box.ly)} ylo yhi`);
  out.push(`${f(box.zlo)} ${f(box.zlo + box.lz)} zlo zhi`);
  if (box.xy !== 0 || box.xz !== 0 || box.yz !== 0) out.push(`${f(box.xy)} ${f(box.xz)} ${f(box.yz)} xy xz yz`);

  out.push('', 'Masses', '');
  for (let t = 0; t < ntypes; t++) {
    const name = state.typeNames[t];
    // The species name as a comment, which ASE (and this reader) pick up.
    out.push(`${t + 1} ${f(state.mass[t])}${name && /^[^\s#]+$/.test(name) ? ` # ${name}` : ''}`);
  }

  out.push('', 'Atoms # atomic', '');
  for (let i = 0; i < n; i++) {
    const x = state.x, im = state.image;
    if (!Number.isFinite(x[3 * i]) || !Number.isFinite(x[3 * i + 1]) || !Number.isFinite(x[3 * i + 2])) {
      throw new Error(`formatLammpsData: atom id ${state.id[i]} has a non-finite position`);
    }
    out.push(`${state.id[i]} ${state.type[i] + 1} ${f(x[3 * i])} ${f(x[3 * i + 1])} ${f(x[3 * i + 2])} ${im[3 * i]} ${im[3 * i + 1]} ${im[3 * i + 2]}`);
  }

  if (opts.velocities ?? true) {
    out.push('', 'Velocities', '');
    const v = state.v;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v[3 * i]) || !Number.isFinite(v[3 * i + 1]) || !Number.isFinite(v[3 * i + 2])) {
        throw new Error(`formatLammpsData: atom id ${state.id[i]} has a non-finite velocity`);
      }
      out.push(`${state.id[i]} ${f(v[3 * i])} ${f(v[3 * i + 1])} ${f(v[3 * i + 2])}`);
    }
  }
  return out.join('\n') + '\n';
}

export function writeLammpsData(path: string, state: State, opts: WriteDataOptions = {}): void {
  writeFileSync(path, formatLammpsData(state, opts));
}
