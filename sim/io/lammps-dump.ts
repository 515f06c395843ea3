/**
 * LAMMPS text dumps (dump custom / dump atom): reader, conversion to State, writer.
 *
 * A frame is
 *   [ITEM: UNITS / ITEM: TIME]  ITEM: TIMESTEP  ITEM: NUMBER OF ATOMS
 *   ITEM: BOX BOUNDS [xy xz yz] pp pp pp      ITEM: ATOMS col1 col2 ...
 * Triclinic boxes are stored by LAMMPS as bounding boxes plus tilts; they are converted to and
 * from the box's lo/lengths/tilts as the LAMMPS "Triclinic (non-orthogonal) simulation boxes"
 * howto documents.
 */
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { constants } from 'node:buffer';
import type { Box } from '../box.js';
import { createState, orderById, type State } from '../state.js';
import { InputError, fileError } from '../errors.js';
import { formatNumber, parseIntToken, parseNumberToken, type TextLine } from './lammps-data.js';

export interface DumpFrame {
  timestep: number;
  natoms: number;
  box: Box;
  /** Boundary flags as written after BOX BOUNDS, e.g. "pp pp pp". */
  boundary: string;
  columns: string[];
  /** One array per column, natoms values each, in the file's atom order. */
  data: Float64Array[];
  /** Simulation time, from `ITEM: TIME` (dump_modify time yes). */
  time?: number;
  /** Line number of the `ITEM: ATOMS` line, for error messages (set by the reader). */
  line?: number;
}

// ---------------------------------------------------------------------------------------------
// Reader

type Stage = 'start' | 'natoms' | 'box' | 'atoms';
const EXPECTED: Record<Stage, string> = {
  start: 'ITEM: TIMESTEP',
  natoms: 'ITEM: NUMBER OF ATOMS',
  box: 'ITEM: BOX BOUNDS',
  atoms: 'ITEM: ATOMS',
};

/**
 * The lines of a text one at a time, as splitTextLines(text, false) gives them (split at \n or
 * \r\n, no line after a final newline), without holding them all: a dump of many frames is mostly
 * atom lines, read once each.
 */
class LineReader {
  private pos = 0;
  /** The number of the last line read (1-based). */
  no = 0;

  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  next(): TextLine {
    const { text } = this;
    const nl = text.indexOf('\n', this.pos);
    const end = nl < 0 ? text.length : nl;
    const s = text.slice(this.pos, nl > this.pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : end);
    this.pos = end + 1;
    const body = s.trim();
    return { no: ++this.no, tokens: body === '' ? [] : body.split(/\s+/), comment: '' };
  }

  /** Whether at least `count` more lines follow. */
  has(count: number): boolean {
    let p = this.pos;
    for (let k = 0; k < count; k++) {
      if (p >= this.text.length) return false;
      const nl = this.text.indexOf('\n', p);
      p = nl < 0 ? this.text.length : nl + 1;
    }
    return true;
  }

  /** The number of the file's last line (at least 1). */
  lastLine(): number {
    let lines = this.no;
    for (let p = this.pos; p < this.text.length; lines++) {
      const nl = this.text.indexOf('\n', p);
      p = nl < 0 ? this.text.length : nl + 1;
    }
    return Math.max(lines, 1);
  }
}

export function readLammpsDump(text: string, file: string): DumpFrame[] {
  const lines = new LineReader(text); // dumps have no comments
  const err = (line: number, msg: string) => fileError(file, line, msg);
  const frames: DumpFrame[] = [];

  /** The next line, which must exist; `what` describes it for the error message. */
  const next = (what: string): TextLine => {
    if (lines.done) throw err(lines.lastLine(), `unexpected end of file, expected ${what}`);
    return lines.next();
  };
  const numberLine = (what: string, parse: (s: string) => number | undefined): number => {
    const L = next(what);
    const v = L.tokens.length === 1 ? parse(L.tokens[0]) : undefined;
    if (v === undefined) throw err(L.no, `expected ${what}, found '${L.tokens.join(' ')}'`);
    return v;
  };

  let stage: Stage = 'start';
  let cur: Partial<DumpFrame> = {};
  while (!lines.done) {
    const L = lines.next();
    if (L.tokens.length === 0 && stage === 'start') continue; // blank lines between frames
    const item = L.tokens[0] === 'ITEM:' ? L.tokens.slice(1) : undefined;
    if (!item) throw err(L.no, `expected '${EXPECTED[stage]}', found '${L.tokens.join(' ')}'`);
    const name = item.join(' ');

    if (stage === 'start' && name === 'UNITS') {
      next('a units name');
    } else if (stage === 'start' && name === 'TIME') {
      cur.time = numberLine('a finite time value', finiteNumber);
    } else if (stage === 'start' && name === 'TIMESTEP') {
      cur.timestep = numberLine('an integer timestep', (s) => (/^\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : undefined));
      stage = 'natoms';
    } else if (stage === 'natoms' && name === 'NUMBER OF ATOMS') {
      const n = numberLine('a non-negative atom count', parseIntToken);
      if (n < 0) throw err(lines.no, `expected a non-negative atom count, found ${n}`);
      cur.natoms = n;
      stage = 'box';
    } else if (stage === 'box' && item[0] === 'BOX' && item[1] === 'BOUNDS') {
      readBox(item.slice(2), L.no, cur, next, err);
      stage = 'atoms';
    } else if (stage === 'atoms' && item[0] === 'ATOMS') {
      const columns = item.slice(1);
      if (columns.length === 0) throw err(L.no, "expected column names after 'ITEM: ATOMS'");
      const dup = columns.find((c, k) => columns.indexOf(c) !== k);
      if (dup) throw err(L.no, `duplicate column '${dup}'`);
      const n = cur.natoms!;
      // Check the lines exist before allocating (a corrupt count must not exhaust memory).
      if (!lines.has(n)) throw err(lines.lastLine(), `unexpected end of file: expected ${n} atom lines after line ${L.no}`);
      const data = columns.map(() => new Float64Array(n));
      for (let a = 0; a < n; a++) {
        const R = lines.next();
        if (R.tokens.length !== columns.length) {
          throw err(R.no, `expected ${columns.length} values (${columns.join(' ')}), found ${R.tokens.length}`);
        }
        for (let c = 0; c < columns.length; c++) {
          const v = parseNumberToken(R.tokens[c], true);
          if (v === undefined) throw err(R.no, `expected a number in column '${columns[c]}', found '${R.tokens[c]}'`);
          data[c][a] = v;
        }
      }
      frames.push({ ...(cur as DumpFrame), columns, data, line: L.no });
      cur = {};
      stage = 'start';
    } else {
      throw err(L.no, `expected '${EXPECTED[stage]}', found '${L.tokens.join(' ')}'`);
    }
  }
  if (stage !== 'start' || cur.time !== undefined) {
    throw err(lines.lastLine(), `unexpected end of file, expected '${EXPECTED[stage]}'`);
  }
  return frames;
}

function finiteNumber(tok: string): number | undefined {
  const v = parseNumberToken(tok);
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

function readBox(
  spec: string[], itemLine: number, cur: Partial<DumpFrame>,
  next: (what: string) => TextLine, err: (line: number, msg: string) => InputError,
): void {
  const triclinic = spec[0] === 'xy' && spec[1] === 'xz' && spec[2] === 'yz';
  const flags = triclinic ? spec.slice(3) : spec;
  if (flags.length !== 3 || flags.some((f) => !/^[pfsm]{1,2}$/.test(f))) {
    throw err(itemLine, `expected 'ITEM: BOX BOUNDS [xy xz yz] pp pp pp', found 'ITEM: BOX BOUNDS ${spec.join(' ')}'`);
  }
  const ncol = triclinic ? 3 : 2;
  const rows: number[][] = [];
  for (const d of ['x', 'y', 'z']) {
    const what = triclinic ? `'${d}lo_bound ${d}hi_bound tilt'` : `'${d}lo ${d}hi'`;
    const L = next(what);
    const vals = L.tokens.map(finiteNumber);
    if (vals.length !== ncol || vals.some((v) => v === undefined)) {
      throw err(L.no, `expected ${what} (${ncol} numbers), found '${L.tokens.join(' ')}'`);
    }
    rows.push(vals as number[]);
  }
  let [[xlo, xhi], [ylo, yhi], [zlo, zhi]] = rows;
  let xy = 0, xz = 0, yz = 0;
  if (triclinic) {
    [xy, xz, yz] = [rows[0][2], rows[1][2], rows[2][2]];
    // Bounding box → box: undo the tilt extents.
    xlo -= Math.min(0, xy, xz, xy + xz);
    xhi -= Math.max(0, xy, xz, xy + xz);
    ylo -= Math.min(0, yz);
    yhi -= Math.max(0, yz);
  }
  const box = { xlo, ylo, zlo, lx: xhi - xlo, ly: yhi - ylo, lz: zhi - zlo, xy, xz, yz };
  if (![box.lx, box.ly, box.lz].every((len) => len > 0 && Number.isFinite(len))) {
    throw err(itemLine, 'expected box bounds with hi > lo in every direction');
  }
  cur.box = box;
  cur.boundary = flags.join(' ');
}

export function parseLammpsDumpFile(path: string): DumpFrame[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    // The whole text is one string, which V8 caps (2^29 - 24 characters, about 512 MB).
    if ((e as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') {
      throw new InputError(`${path}: ${(statSync(path).size / 1e6).toFixed(0)} MB, more than a dump read whole can be (one string of at most ${constants.MAX_STRING_LENGTH} characters): split it into smaller dumps`);
    }
    throw new InputError(`${path}: cannot read dump file (${(e as Error).message})`);
  }
  return readLammpsDump(text, path);
}

// ---------------------------------------------------------------------------------------------
// Frame → State

/**
 * Builds a State from a frame. Needs `id` and `type` and one set of positions, in order of
 * preference: x y z (wrapped; image flags from ix iy iz if present), xs ys zs (scaled),
 * xu yu zu or xsu ysu zsu (unwrapped; wrapped into the box here, image flags computed).
 * Velocities (vx vy vz) and forces (fx fy fz) are taken when present. Atom order is the file's.
 */
export function frameToState(frame: DumpFrame, file: string, mass: ArrayLike<number>, typeNames?: string[]): State {
  const { columns, data, natoms: n, box } = frame;
  const where = frame.line !== undefined ? `${file}:${frame.line}` : `${file}: timestep ${frame.timestep}`;
  const frameErr = (msg: string) => new InputError(`${where}: ${msg}`);
  const rowErr = (a: number, msg: string) =>
    frame.line !== undefined ? fileError(file, frame.line + 1 + a, msg) : frameErr(`atom ${a + 1}: ${msg}`);
  const col = (name: string) => {
    const c = columns.indexOf(name);
    return c >= 0 ? data[c] : undefined;
  };
  const triple = (names: string[]) => {
    const cols = names.map(col);
    if (cols.every((c) => c === undefined)) return undefined;
    if (cols.some((c) => c === undefined)) throw frameErr(`expected all of the columns ${names.join(' ')}`);
    return cols as Float64Array[];
  };

  const ids = col('id');
  const types = col('type');
  if (!ids || !types) throw frameErr("expected 'id' and 'type' columns");
  const pos = triple(['x', 'y', 'z']);
  const scaled = pos ? undefined : triple(['xs', 'ys', 'zs']);
  const unwrapped = pos || scaled ? undefined : triple(['xu', 'yu', 'zu']);
  const scaledUnwrapped = pos || scaled || unwrapped ? undefined : triple(['xsu', 'ysu', 'zsu']);
  if (!pos && !scaled && !unwrapped && !scaledUnwrapped) {
    throw frameErr('expected position columns (x y z, xs ys zs, xu yu zu or xsu ysu zsu)');
  }
  const images = triple(['ix', 'iy', 'iz']);
  const vel = triple(['vx', 'vy', 'vz']);
  const force = triple(['fx', 'fy', 'fz']);

  const s = createState(n, box, mass, typeNames);
  s.step = frame.timestep;
  s.time = frame.time ?? 0;
  const seen = new Map<number, number>();
  for (let a = 0; a < n; a++) {
    const id = ids[a];
    if (!Number.isInteger(id) || id < 1 || id > 2147483647) throw rowErr(a, `expected a positive integer id, found ${id}`);
    if (seen.has(id)) throw rowErr(a, `duplicate atom id ${id} (first at atom ${seen.get(id)! + 1} of the frame)`);
    seen.set(id, a);
    s.id[a] = id;
    const t = types[a];
    if (!Number.isInteger(t) || t < 1 || t > mass.length) {
      throw rowErr(a, `expected an atom type from 1 to ${mass.length}, found ${t}`);
    }
    s.type[a] = t - 1;

    const p = pos ?? unwrapped;
    if (p) {
      for (let k = 0; k < 3; k++) s.x[3 * a + k] = p[k][a];
    } else {
      const f = (scaled ?? scaledUnwrapped)!;
      const [xs, ys, zs] = [f[0][a], f[1][a], f[2][a]];
      s.x[3 * a] = box.xlo + xs * box.lx + ys * box.xy + zs * box.xz;
      s.x[3 * a + 1] = box.ylo + ys * box.ly + zs * box.yz;
      s.x[3 * a + 2] = box.zlo + zs * box.lz;
    }
    for (let k = 0; k < 3; k++) {
      const q = s.x[3 * a + k];
      if (!Number.isFinite(q)) throw rowErr(a, `expected a finite position, found ${q}`);
      if (vel) s.v[3 * a + k] = vel[k][a];
      if (force) s.f[3 * a + k] = force[k][a];
      if (images && (pos || scaled)) {
        const im = images[k][a];
        if (!Number.isInteger(im) || Math.abs(im) > 2147483647) throw rowErr(a, `expected an integer image flag, found ${im}`);
        s.image[3 * a + k] = im;
      }
    }
  }
  if (unwrapped || scaledUnwrapped) wrapIntoBox(box, s.x, s.image);
  return s;
}

/**
 * Wraps positions into the (possibly triclinic) box, adding the crossings to `image`, so that
 * unwrapped = x + ix*a + iy*b + iz*c with a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz).
 */
function wrapIntoBox(box: Box, x: Float64Array, image: Int32Array): void {
  for (let i = 0; i < x.length; i += 3) {
    const nz = Math.floor((x[i + 2] - box.zlo) / box.lz);
    if (nz !== 0) {
      x[i + 2] -= nz * box.lz;
      x[i + 1] -= nz * box.yz;
      x[i] -= nz * box.xz;
      image[i + 2] += nz;
    }
    const ny = Math.floor((x[i + 1] - box.ylo) / box.ly);
    if (ny !== 0) {
      x[i + 1] -= ny * box.ly;
      x[i] -= ny * box.xy;
      image[i + 1] += ny;
    }
    const nx = Math.floor((x[i] - box.xlo) / box.lx);
    if (nx !== 0) {
      x[i] -= nx * box.lx;
      image[i] += nx;
    }
    // Rounding can land exactly on the upper face; that point belongs to the lower one.
    if (x[i] >= box.xlo + box.lx) x[i] = box.xlo;
    if (x[i + 1] >= box.ylo + box.ly) x[i + 1] = box.ylo;
    if (x[i + 2] >= box.zlo + box.lz) x[i + 2] = box.zlo;
  }
}

// ---------------------------------------------------------------------------------------------
// Writer

/** Columns computed from the State; anything else must come from `extra`. */
export const STATE_DUMP_COLUMNS = [
  'id', 'type', 'mass', 'x', 'y', 'z', 'xu', 'yu', 'zu', 'xs', 'ys', 'zs', 'xsu', 'ysu', 'zsu',
  'ix', 'iy', 'iz', 'vx', 'vy', 'vz', 'fx', 'fy', 'fz',
] as const;

export interface DumpWriteOptions {
  /** Write atoms in increasing id order (default true, like `dump_modify sort id`). */
  sortById?: boolean;
  /** Write `ITEM: TIME` with state.time (like `dump_modify time yes`; default false). */
  time?: boolean;
}

/** Value of one state-derived column for atom index i, or undefined for an unknown column. */
function stateColumn(s: State, name: string): ((i: number) => number) | undefined {
  const b = s.box;
  const axis = 'xyz'.indexOf(name[0]);
  const frac = (i: number, k: number): number => {
    // Fractional coordinates in the (possibly triclinic) box.
    const zs = (s.x[3 * i + 2] - b.zlo) / b.lz;
    const ys = (s.x[3 * i + 1] - b.ylo - zs * b.yz) / b.ly;
    const xs = (s.x[3 * i] - b.xlo - ys * b.xy - zs * b.xz) / b.lx;
    return [xs, ys, zs][k];
  };
  const img = (i: number, k: number) => s.image[3 * i + k];
  switch (name) {
    case 'id': return (i) => s.id[i];
    case 'type': return (i) => s.type[i] + 1;
    case 'mass': return (i) => s.mass[s.type[i]];
    case 'x': case 'y': case 'z': return (i) => s.x[3 * i + axis];
    case 'xs': case 'ys': case 'zs': return (i) => frac(i, axis);
    case 'xsu': case 'ysu': case 'zsu': return (i) => frac(i, axis) + img(i, axis);
    case 'ix': case 'iy': case 'iz': return (i) => img(i, 'xyz'.indexOf(name[1]));
    case 'vx': case 'vy': case 'vz': return (i) => s.v[3 * i + 'xyz'.indexOf(name[1])];
    case 'fx': case 'fy': case 'fz': return (i) => s.f[3 * i + 'xyz'.indexOf(name[1])];
    case 'xu': return (i) => s.x[3 * i] + img(i, 0) * b.lx + img(i, 1) * b.xy + img(i, 2) * b.xz;
    case 'yu': return (i) => s.x[3 * i + 1] + img(i, 1) * b.ly + img(i, 2) * b.yz;
    case 'zu': return (i) => s.x[3 * i + 2] + img(i, 2) * b.lz;
    default: return undefined;
  }
}

/**
 * Takes a snapshot of `state` as a DumpFrame. Columns named in STATE_DUMP_COLUMNS come from the
 * state; any other column (e.g. c_peatom) must be in `extra`, indexed like the state's atoms.
 */
export function stateToFrame(
  state: State, columns: string[], extra: Record<string, ArrayLike<number>> = {}, opts: DumpWriteOptions = {},
): DumpFrame {
  const n = state.n;
  const order = (opts.sortById ?? true) ? orderById(state) : undefined;
  const data = columns.map((name) => {
    const out = new Float64Array(n);
    const ex = Object.hasOwn(extra, name) ? extra[name] : undefined;
    const get = ex ? undefined : stateColumn(state, name);
    if (ex && ex.length !== n) throw new Error(`dump column '${name}': expected ${n} values, got ${ex.length}`);
    if (!ex && !get) throw new InputError(`unknown dump column '${name}' (not a state column and not given)`);
    for (let a = 0; a < n; a++) {
      const i = order ? order[a] : a;
      out[a] = ex ? ex[i] : get!(i);
    }
    return out;
  });
  return {
    timestep: state.step, natoms: n, box: { ...state.box }, boundary: 'pp pp pp', columns: [...columns], data,
    ...(opts.time ? { time: state.time } : {}),
  };
}

/** Formats frames as LAMMPS writes them; concatenated frames make a multi-frame dump. */
export function formatDumpFrames(frames: DumpFrame | DumpFrame[]): string {
  const out: string[] = [];
  for (const fr of Array.isArray(frames) ? frames : [frames]) {
    const { box: b } = fr;
    const f = formatNumber;
    if (fr.time !== undefined) out.push('ITEM: TIME', f(fr.time));
    out.push('ITEM: TIMESTEP', String(fr.timestep), 'ITEM: NUMBER OF ATOMS', String(fr.natoms));
    const [xhi, yhi, zhi] = [b.xlo + b.lx, b.ylo + b.ly, b.zlo + b.lz];
    if (b.xy !== 0 || b.xz !== 0 || b.yz !== 0) {
      // Box → bounding box (inverse of the conversion in readBox).
      out.push(`ITEM: BOX BOUNDS xy xz yz ${fr.boundary}`);
      out.push(`${f(b.xlo + Math.min(0, b.xy, b.xz, b.xy + b.xz))} ${f(xhi + Math.max(0, b.xy, b.xz, b.xy + b.xz))} ${f(b.xy)}`);
      out.push(`${f(b.ylo + Math.min(0, b.yz))} ${f(yhi + Math.max(0, b.yz))} ${f(b.xz)}`);
      out.push(`${f(b.zlo)} ${f(zhi)} ${f(b.yz)}`);
    } else {
      out.push(`ITEM: BOX BOUNDS ${fr.boundary}`, `${f(b.xlo)} ${f(xhi)}`, `${f(b.ylo)} ${f(yhi)}`, `${f(b.zlo)} ${f(zhi)}`);
    }
    out.push(`ITEM: ATOMS ${fr.columns.join(' ')}`);
    const row: string[] = new Array(fr.columns.length);
    for (let a = 0; a < fr.natoms; a++) {
      // Integer-valued entries (ids, types, image flags) print as integers with String().
      for (let c = 0; c < fr.columns.length; c++) row[c] = f(fr.data[c][a]);
      out.push(row.join(' '));
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** One frame of `state` as dump text (see stateToFrame for the columns). */
export function formatDumpFrame(
  state: State, columns: string[], extra?: Record<string, ArrayLike<number>>, opts?: DumpWriteOptions,
): string {
  return formatDumpFrames(stateToFrame(state, columns, extra, opts));
}

/** Starts (or overwrites) a dump file with one frame. */
export function writeDumpFrame(
  path: string, state: State, columns: string[], extra?: Record<string, ArrayLike<number>>, opts?: DumpWriteOptions,
): void {
  writeFileSync(path, formatDumpFrame(state, columns, extra, opts));
}

/** Appends one frame to a dump file (creating it if needed). */
export function appendDumpFrame(
  path: string, state: State, columns: string[], extra?: Record<string, ArrayLike<number>>, opts?: DumpWriteOptions,
): void {
  appendFileSync(path, formatDumpFrame(state, columns, extra, opts));
}
