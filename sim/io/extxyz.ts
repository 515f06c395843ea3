/**
 * Extended XYZ output (read by OVITO and ASE).
 *
 *   864
 *   Lattice="lx 0 0 xy ly 0 xz yz lz" Properties=species:S:1:pos:R:3:id:I:1:lammps_type:I:1 Time=0 Step=0 pbc="T T T" Origin="xlo ylo zlo"
 *   A 0.71 0.52 0.27 728 1
 *
 * The LAMMPS type is written as `lammps_type` (1-based), not `type`: OVITO maps a column named
 * `type` to Particle Type just like `species`, and the two would clash.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { orderById, type State } from '../state.js';
import { formatNumber } from './lammpsData.js';

export interface ExtxyzOptions {
  /** Write velocities as `vel:R:3` (default true). */
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
const RESERVED_KEYS = new Set(['lattice', 'properties', 'pbc', 'origin', 'time', 'step']);
const RESERVED_COLUMNS = new Set(['species', 'pos', 'id', 'lammps_type', 'vel', 'forces']);

/** A comment-line value: bare when safe, otherwise double-quoted with \ and " escaped. */
function quoteValue(v: string | number | boolean): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (v !== '' && /^[^\s="'\\,]+$/.test(v)) return v;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function formatExtxyz(state: State, opts: ExtxyzOptions = {}): string {
  const { n, box: b } = state;
  const f = formatNumber;
  const withVel = opts.velocities ?? true;
  const withForces = opts.forces ?? false;
  const extra = Object.entries(opts.extra ?? {});
  for (const [name, arr] of extra) {
    if (!NAME_RE.test(name) || RESERVED_COLUMNS.has(name)) throw new Error(`extxyz: invalid extra column name '${name}'`);
    if (arr.length !== n) throw new Error(`extxyz: column '${name}' has ${arr.length} values, expected ${n}`);
  }
  const species = state.typeNames.map((s, t) => {
    if (!/^\S+$/.test(s)) throw new Error(`extxyz: species name ${JSON.stringify(s)} of type ${t + 1} must be one word`);
    return s;
  });

  let props = 'species:S:1:pos:R:3:id:I:1:lammps_type:I:1';
  if (withVel) props += ':vel:R:3';
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
  ];
  for (const [key, value] of Object.entries(opts.comment ?? {})) {
    if (!NAME_RE.test(key) || RESERVED_KEYS.has(key.toLowerCase())) throw new Error(`extxyz: invalid comment key '${key}'`);
    header.push(`${key}=${quoteValue(value)}`);
  }

  const out: string[] = [String(n), header.join(' ')];
  const order = opts.sortById ? orderById(state) : undefined;
  const { x, v } = state;
  for (let a = 0; a < n; a++) {
    const i = order ? order[a] : a;
    let line = `${species[state.type[i]]} ${f(x[3 * i])} ${f(x[3 * i + 1])} ${f(x[3 * i + 2])} ${state.id[i]} ${state.type[i] + 1}`;
    if (withVel) line += ` ${f(v[3 * i])} ${f(v[3 * i + 1])} ${f(v[3 * i + 2])}`;
    if (withForces) line += ` ${f(state.f[3 * i])} ${f(state.f[3 * i + 1])} ${f(state.f[3 * i + 2])}`;
    for (const [, arr] of extra) line += ` ${f(arr[i])}`;
    out.push(line);
  }
  return out.join('\n') + '\n';
}

/** Writes one frame, replacing the file. */
export function writeExtxyz(path: string, state: State, opts?: ExtxyzOptions): void {
  writeFileSync(path, formatExtxyz(state, opts));
}

/** Appends one frame (extxyz trajectories are concatenated frames). */
export function appendExtxyz(path: string, state: State, opts?: ExtxyzOptions): void {
  appendFileSync(path, formatExtxyz(state, opts));
}
