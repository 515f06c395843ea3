/**
 * Extended XYZ (read by ASE and OVITO): writer and reader.
 *
 *   864
 *   Lattice="lx 0 0 xy ly 0 xz yz lz" Properties=species:S:1:pos:R:3:id:I:1:lammps_type:I:1:masses:R:1:momenta:R:3 Time=0 Step=0 pbc="T T T" Origin="xlo ylo zlo" units=lj length_unit=sigma time_unit=tau mass_unit=m momenta_unit=m*sigma/tau lammps_type_names="A B"
 *   H 0.71 0.52 0.27 728 1 1 0.12 -0.3 0.05
 *
 * - `species` is an element symbol, as ASE and OVITO need: the type's name when it is one (EAM:
 *   Cu, Zr), the model file's `element` of each species, or atomic number Z = LAMMPS type
 *   (type 1 → H, 2 → He; see sim/elements.ts). The names the run used (A, B) are in
 *   `lammps_type_names`.
 * - The LAMMPS type is written as `lammps_type` (1-based), not `type`: OVITO maps a column named
 *   `type` to Particle Type just like `species`, and the two would clash.
 * - Velocities are written as ASE reads them: `momenta` = m v in ASE's units (amu Å / t_ASE with
 *   t_ASE = Å sqrt(amu/eV) ≈ 10.18 fs, i.e. sqrt(amu eV)), with the simulation's masses in
 *   `masses` so that ASE's `get_velocities()` = momenta / masses and its kinetic energy equal
 *   betascape's. In metal units momenta = m v sqrt(mvv2e) (v in Å/ps); in lj units ASE's units are
 *   the reduced units with sigma = 1 Å, m = 1 amu, epsilon = 1 eV, so momenta = m v in m sigma/tau.
 *   (ASE keeps a `vel` column as an unknown array; OVITO calls velocities `velo`.)
 * - The comment line names the unit system (`units=lj|metal`) and the units of the columns.
 *
 * The reader takes what the writer wrote (and the older `vel` columns, velocities in the file's
 * units) back into a State: types from `lammps_type` (else one type per symbol, in order of first
 * appearance), names from `lammps_type_names` (else the symbols), masses per type from `masses`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createState, orderById, type State } from '../state.js';
import type { Box } from '../box.js';
import { unitsByName, type Units, type UnitsName } from '../units.js';
import { ELEMENT_SYMBOLS, elementsOfTypes, isElementSymbol } from '../elements.js';
import { fileError, InputError } from '../errors.js';
import { formatNumber, parseIntToken, parseNumberToken } from './lammps-data.js';

export interface ExtxyzOptions {
  /** Unit system of the state: named on the comment line, and converts velocities to ASE momenta. */
  units: Units;
  /** Element symbol of each type (default: the type names if all are symbols, else Z = type). */
  elements?: readonly string[];
  /** Write velocities as ASE `momenta:R:3` (default true). */
  velocities?: boolean;
  /** Write forces as `forces:R:3` (default false). */
  forces?: boolean;
  /** Extra per-atom scalar columns (e.g. peatom), indexed like the state's atoms. */
  extra?: Record<string, ArrayLike<number>>;
  /** Extra key=value pairs for the comment line. */
  comment?: Record<string, string | number | boolean>;
  /** Write atoms in increasing id order (default false: state order). */
  sortById?: boolean;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_KEYS = new Set([
  'lattice', 'properties', 'pbc', 'origin', 'time', 'step', 'units', 'length_unit', 'time_unit', 'mass_unit', 'momenta_unit',
  'lammps_type_names',
]);
const RESERVED_COLUMNS = new Set(['species', 'pos', 'id', 'lammps_type', 'masses', 'momenta', 'vel', 'velo', 'forces']);

/** Units of the columns, per unit system, as written on the comment line. */
const UNIT_KEYS: Record<UnitsName, Record<string, string>> = {
  lj: { length_unit: 'sigma', time_unit: 'tau', mass_unit: 'm', momenta_unit: 'm*sigma/tau' },
  metal: { length_unit: 'Angstrom', time_unit: 'ps', mass_unit: 'amu', momenta_unit: 'sqrt(amu*eV)' },
};

/**
 * ASE momentum per unit of m v: sqrt(mvv2e), so that ASE's kinetic energy p^2 / 2m (in eV, or
 * epsilon in lj units) equals the simulation's m v^2 mvv2e / 2.
 */
export function aseVelocityFactor(units: Units): number {
  return Math.sqrt(units.mvv2e);
}

/** A comment-line value: bare when safe, otherwise double-quoted with \ and " escaped. */
function quoteValue(v: string | number | boolean): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (v !== '' && /^[^\s="'\\,]+$/.test(v)) return v;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function formatExtxyz(state: State, opts: ExtxyzOptions): string {
  const { n, box: b } = state;
  const f = formatNumber;
  const withVel = opts.velocities ?? true;
  const withForces = opts.forces ?? false;
  const extra = Object.entries(opts.extra ?? {});
  for (const [name, arr] of extra) {
    if (!NAME_RE.test(name) || RESERVED_COLUMNS.has(name)) throw new Error(`extxyz: invalid extra column name '${name}'`);
    if (arr.length !== n) throw new Error(`extxyz: column '${name}' has ${arr.length} values, expected ${n}`);
  }
  const symbols = elementsOfTypes(state.typeNames, opts.elements);
  if (symbols.length !== state.typeNames.length) {
    throw new Error(`extxyz: ${symbols.length} elements given for ${state.typeNames.length} atom types`);
  }
  symbols.forEach((s, t) => {
    if (!isElementSymbol(s)) throw new Error(`extxyz: '${s}' (type ${t + 1}) is not an element symbol`);
  });
  state.typeNames.forEach((s, t) => {
    if (!/^\S+$/.test(s)) throw new Error(`extxyz: species name ${JSON.stringify(s)} of type ${t + 1} must be one word`);
  });

  let props = 'species:S:1:pos:R:3:id:I:1:lammps_type:I:1:masses:R:1';
  if (withVel) props += ':momenta:R:3';
  if (withForces) props += ':forces:R:3';
  for (const [name] of extra) props += `:${name}:R:1`;

  const lattice = [b.lx, 0, 0, b.xy, b.ly, 0, b.xz, b.yz, b.lz].map(f).join(' ');
  const header = [
    `Lattice="${lattice}"`,
    `Properties=${props}`,
    `Time=${f(state.time)}`,
    `Step=${state.step}`,
    'pbc="T T T"',
    `Origin="${[b.xlo, b.ylo, b.zlo].map(f).join(' ')}"`,
    `units=${opts.units.name}`,
    ...Object.entries(UNIT_KEYS[opts.units.name]).map(([k, v]) => `${k}=${v}`),
    `lammps_type_names=${quoteValue(state.typeNames.join(' '))}`,
  ];
  for (const [key, value] of Object.entries(opts.comment ?? {})) {
    if (!NAME_RE.test(key) || RESERVED_KEYS.has(key.toLowerCase())) throw new Error(`extxyz: invalid comment key '${key}'`);
    header.push(`${key}=${quoteValue(value)}`);
  }

  const out: string[] = [String(n), header.join(' ')];
  const order = opts.sortById ? orderById(state) : undefined;
  const { x, v, mass } = state;
  const pf = aseVelocityFactor(opts.units);
  for (let a = 0; a < n; a++) {
    const i = order ? order[a] : a;
    const t = state.type[i];
    const m = mass[t];
    let line = `${symbols[t]} ${f(x[3 * i])} ${f(x[3 * i + 1])} ${f(x[3 * i + 2])} ${state.id[i]} ${t + 1} ${f(m)}`;
    if (withVel) line += ` ${f(m * pf * v[3 * i])} ${f(m * pf * v[3 * i + 1])} ${f(m * pf * v[3 * i + 2])}`;
    if (withForces) line += ` ${f(state.f[3 * i])} ${f(state.f[3 * i + 1])} ${f(state.f[3 * i + 2])}`;
    for (const [, arr] of extra) line += ` ${f(arr[i])}`;
    out.push(line);
  }
  return out.join('\n') + '\n';
}

/** Writes one frame, replacing the file. */
export function writeExtxyz(path: string, state: State, opts: ExtxyzOptions): void {
  writeFileSync(path, formatExtxyz(state, opts));
}

// ---------------------------------------------------------------------------------------------
// Reader

export interface ExtxyzFrame {
  state: State;
  /** The unit system the comment line names (`units=`); undefined when it names none. */
  units?: UnitsName;
  /** Element symbol of each type. */
  elements: string[];
  /** True when the file gave masses (else every type has mass 1). */
  masses: boolean;
  /** True when the file gave velocities (momenta or vel/velo); else they are zero. */
  velocities: boolean;
  /** 1-based line of the frame's atom count. */
  line: number;
}

/**
 * key=value pairs of a comment line; values may be double-quoted (with \" and \\ escapes); a
 * bare key means true ("T").
 */
export function parseCommentLine(line: string, err: (msg: string) => InputError): Map<string, string> {
  const out = new Map<string, string>();
  let k = 0;
  const ws = () => {
    while (k < line.length && /\s/.test(line[k])) k++;
  };
  for (ws(); k < line.length; ws()) {
    const keyStart = k;
    while (k < line.length && !/[\s=]/.test(line[k])) k++;
    const key = line.slice(keyStart, k);
    ws();
    if (line[k] !== '=') {
      out.set(key, 'T');
      continue;
    }
    k++;
    ws();
    let value = '';
    if (line[k] === '"') {
      k++;
      for (; k < line.length && line[k] !== '"'; k++) {
        if (line[k] === '\\' && k + 1 < line.length) k++;
        value += line[k];
      }
      if (k >= line.length) throw err(`unterminated quoted value of ${key}`);
      k++;
    } else {
      const start = k;
      while (k < line.length && !/\s/.test(line[k])) k++;
      value = line.slice(start, k);
    }
    if (key === '') throw err('expected key=value pairs on the comment line');
    out.set(key, value);
  }
  return out;
}

/** The largest LAMMPS type the reader takes (types size arrays). */
const MAX_TYPES = 10000;

interface Column {
  name: string;
  kind: 'S' | 'R' | 'I' | 'L';
  width: number;
  offset: number;
}

function parseProperties(spec: string, err: (msg: string) => InputError): Column[] {
  const parts = spec.split(':');
  if (parts.length % 3 !== 0) throw err(`Properties=${spec}: expected name:type:width triples`);
  const cols: Column[] = [];
  let offset = 0;
  for (let k = 0; k < parts.length; k += 3) {
    const [name, kind, w] = parts.slice(k, k + 3);
    const width = parseIntToken(w);
    if (!['S', 'R', 'I', 'L'].includes(kind) || width === undefined || width < 1) {
      throw err(`Properties: '${name}:${kind}:${w}' is not a name:S|R|I|L:width triple`);
    }
    if (cols.some((c) => c.name === name)) throw err(`Properties: column '${name}' appears twice`);
    cols.push({ name, kind: kind as Column['kind'], width, offset });
    offset += width;
  }
  return cols;
}

function numbers(text: string | undefined, count: number, what: string, err: (msg: string) => InputError): number[] | undefined {
  if (text === undefined) return undefined;
  const v = text.trim().split(/\s+/).map((t) => parseNumberToken(t));
  if (v.length !== count || v.some((x) => x === undefined)) throw err(`${what}: expected ${count} numbers, got "${text}"`);
  return v as number[];
}

/** All frames of an extended XYZ text. */
export function readExtxyz(text: string, file: string): ExtxyzFrame[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const frames: ExtxyzFrame[] = [];
  let k = 0;
  while (k < lines.length) {
    if (lines[k].trim() === '') {
      k++;
      continue;
    }
    frames.push(readFrame(lines, k, file));
    k += 2 + frames[frames.length - 1].state.n;
  }
  if (frames.length === 0) throw fileError(file, 1, 'no frames: expected an atom count on the first line');
  return frames;
}

function readFrame(lines: string[], start: number, file: string): ExtxyzFrame {
  const countLine = start + 1;
  const n = parseIntToken(lines[start].trim());
  if (n === undefined || n < 0) throw fileError(file, countLine, `expected the number of atoms, got "${lines[start].trim()}"`);
  if (start + 1 >= lines.length) throw fileError(file, countLine + 1, 'expected the comment line (Lattice=..., Properties=...)');
  const commentErr = (msg: string) => fileError(file, countLine + 1, msg);
  const info = parseCommentLine(lines[start + 1], commentErr);
  const get = (key: string) => {
    for (const [k, v] of info) if (k.toLowerCase() === key.toLowerCase()) return v;
    return undefined;
  };

  // Box: a along x, b in the xy plane (LAMMPS orientation), fully periodic.
  const lat = numbers(get('Lattice'), 9, 'Lattice', commentErr);
  if (!lat) throw commentErr('expected Lattice="ax ay az bx by bz cx cy cz" (betascape needs a periodic box)');
  if (lat[1] !== 0 || lat[2] !== 0 || lat[5] !== 0) {
    throw commentErr('Lattice: expected a along x and b in the xy plane (ay = az = bz = 0, as LAMMPS boxes are)');
  }
  if (!(lat[0] > 0 && lat[4] > 0 && lat[8] > 0)) throw commentErr('Lattice: expected ax, by, cz > 0');
  const origin = numbers(get('Origin') ?? get('cell_origin'), 3, 'Origin', commentErr) ?? [0, 0, 0];
  const pbc = get('pbc');
  if (pbc !== undefined && pbc.trim().split(/\s+/).join(' ') !== 'T T T') throw commentErr(`pbc="${pbc}": betascape needs a box periodic in x, y and z`);
  const box: Box = { xlo: origin[0], ylo: origin[1], zlo: origin[2], lx: lat[0], ly: lat[4], lz: lat[8], xy: lat[3], xz: lat[6], yz: lat[7] };

  let units: UnitsName | undefined;
  const unitsText = get('units');
  if (unitsText !== undefined) {
    if (unitsText !== 'lj' && unitsText !== 'metal') throw commentErr(`units=${unitsText}: expected lj or metal`);
    units = unitsText;
  }

  const cols = parseProperties(get('Properties') ?? 'species:S:1:pos:R:3', commentErr);
  const col = (name: string, kind: Column['kind'], width: number) => {
    const c = cols.find((x) => x.name === name);
    if (c && (c.kind !== kind || c.width !== width)) throw commentErr(`Properties: expected ${name}:${kind}:${width}, got ${name}:${c.kind}:${c.width}`);
    return c;
  };
  const species = col('species', 'S', 1);
  const pos = col('pos', 'R', 3);
  if (!species || !pos) throw commentErr('Properties: expected species:S:1 and pos:R:3 columns');
  const idCol = col('id', 'I', 1);
  const typeCol = col('lammps_type', 'I', 1);
  const massCol = col('masses', 'R', 1);
  const momCol = col('momenta', 'R', 3);
  const velCol = col('vel', 'R', 3) ?? col('velo', 'R', 3);
  const forceCol = col('forces', 'R', 3);
  if (momCol && !massCol) throw commentErr('Properties: momenta need a masses column (velocity = momenta / masses)');
  const width = cols.reduce((s, c) => s + c.width, 0);

  if (start + 2 + n > lines.length) {
    throw fileError(file, lines.length + 1, `the frame at line ${countLine} has ${lines.length - start - 2} atom lines, expected ${n}`);
  }
  const x = new Float64Array(3 * n), v = new Float64Array(3 * n), f = new Float64Array(3 * n);
  const ids = new Int32Array(n), fileTypes = new Int32Array(n), mass = new Float64Array(n);
  const symbols: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const lineNo = countLine + 2 + i;
    const tok = lines[start + 2 + i].trim().split(/\s+/);
    if (tok.length !== width) throw fileError(file, lineNo, `expected ${width} columns (Properties), got ${tok.length}`);
    const num = (c: Column, j: number) => {
      const value = parseNumberToken(tok[c.offset + j]);
      if (value === undefined) throw fileError(file, lineNo, `${c.name}: expected a number, got "${tok[c.offset + j]}"`);
      return value;
    };
    const int = (c: Column) => {
      const value = parseIntToken(tok[c.offset]);
      if (value === undefined) throw fileError(file, lineNo, `${c.name}: expected an integer, got "${tok[c.offset]}"`);
      return value;
    };
    symbols[i] = tok[species.offset];
    for (let d = 0; d < 3; d++) x[3 * i + d] = num(pos, d);
    ids[i] = idCol ? int(idCol) : i + 1;
    if (typeCol) {
      fileTypes[i] = int(typeCol);
      if (fileTypes[i] < 1 || fileTypes[i] > MAX_TYPES) throw fileError(file, lineNo, `lammps_type: expected a type from 1 to ${MAX_TYPES}, got ${fileTypes[i]}`);
    }
    if (massCol) {
      mass[i] = num(massCol, 0);
      if (!(mass[i] > 0)) throw fileError(file, lineNo, `masses: expected a mass > 0, got ${tok[massCol.offset]}`);
    }
    for (let d = 0; d < 3; d++) {
      if (momCol) v[3 * i + d] = num(momCol, d);
      else if (velCol) v[3 * i + d] = num(velCol, d);
      if (forceCol) f[3 * i + d] = num(forceCol, d);
    }
  }

  // Types: the file's lammps_type, else one per distinct symbol in order of appearance.
  const type = new Int32Array(n);
  let ntypes = 0;
  if (typeCol) {
    for (let i = 0; i < n; i++) {
      type[i] = fileTypes[i] - 1;
      ntypes = Math.max(ntypes, fileTypes[i]);
    }
  } else {
    const seen: string[] = [];
    for (let i = 0; i < n; i++) {
      let t = seen.indexOf(symbols[i]);
      if (t < 0) t = seen.push(symbols[i]) - 1;
      type[i] = t;
    }
    ntypes = seen.length;
  }
  const elements: (string | undefined)[] = new Array(ntypes).fill(undefined);
  const typeMass = new Float64Array(ntypes).fill(massCol ? NaN : 1);
  for (let i = 0; i < n; i++) {
    const t = type[i];
    const lineNo = countLine + 2 + i;
    if (elements[t] === undefined) elements[t] = symbols[i];
    else if (elements[t] !== symbols[i]) throw fileError(file, lineNo, `type ${t + 1} is '${elements[t]}' on earlier lines but '${symbols[i]}' here`);
    if (massCol) {
      if (Number.isNaN(typeMass[t])) typeMass[t] = mass[i];
      else if (typeMass[t] !== mass[i]) throw fileError(file, lineNo, `type ${t + 1} has mass ${typeMass[t]} on earlier lines but ${mass[i]} here`);
    }
  }
  // Types without atoms (a species at mole fraction 0) are known only from lammps_type_names.
  const names = get('lammps_type_names')?.trim().split(/\s+/).filter((s) => s !== '');
  if (names && typeCol) {
    if (names.length > MAX_TYPES) throw commentErr(`lammps_type_names: more than ${MAX_TYPES} types`);
    if (names.length < ntypes) throw commentErr(`lammps_type_names names ${names.length} types, but lammps_type goes up to ${ntypes}`);
    for (let t = ntypes; t < names.length; t++) elements.push(undefined);
    ntypes = names.length;
  }
  const typeMasses = Float64Array.from({ length: ntypes }, (_, t) => (t < typeMass.length && !Number.isNaN(typeMass[t]) ? typeMass[t] : 1));
  // A type without atoms has no symbol in the file: the default one (Z = type).
  const typeElements = elements.map((e, t) => e ?? ELEMENT_SYMBOLS[t] ?? '');
  const typeNames = names && names.length === ntypes ? names : typeElements;

  const state = createState(n, box, typeMasses, typeNames);
  state.x.set(x);
  state.f.set(f);
  state.id.set(ids);
  state.type.set(type);
  if (momCol) {
    // velocity = momenta / (mass sqrt(mvv2e)); without units= the momenta are ASE's (metal).
    const pf = aseVelocityFactor(unitsByName(units ?? 'metal'));
    for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) v[3 * i + d] /= mass[i] * pf;
  }
  state.v.set(v);
  const step = get('Step');
  const time = get('Time');
  if (step !== undefined) {
    const s = parseIntToken(step);
    if (s === undefined || s < 0) throw commentErr(`Step=${step}: expected a whole number >= 0`);
    state.step = s;
  }
  if (time !== undefined) {
    const t = parseNumberToken(time);
    if (t === undefined) throw commentErr(`Time=${time}: expected a number`);
    state.time = t;
  }
  return { state, units, elements: typeElements, masses: massCol !== undefined, velocities: momCol !== undefined || velCol !== undefined, line: countLine };
}

/** Every frame of an extended XYZ file. */
export function parseExtxyzFile(path: string): ExtxyzFrame[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return readExtxyz(text, path);
}
