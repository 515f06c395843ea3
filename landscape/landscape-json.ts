/**
 * landscape.json, the database of a saddle search as a file: one type (LandscapeJson) for what
 * LandscapeDatabase writes and what the readers here return. Ids start at 1, energies are totals:
 *
 *   { units, n_atoms, dedup, adjacency_radius, minima: [{id, energy, hits, ...}],
 *     saddles: [{id, energy, minA, minB, initial, adjacency, distance, ...}], events: [...] }
 *
 * PATHSAMPLE's min.data / ts.data read into the same type (no units, no events).
 */
import { readFileSync } from 'node:fs';
import { InputError, fileError } from '../sim/errors.js';

/** Fields a record may carry besides the typed ones (what the search recorded: hits, eigenvalue, ...). */
type Extra = number | string | boolean | null | undefined;

export interface LandscapeMinimum {
  id: number;
  energy: number;
  [key: string]: Extra;
}
export interface LandscapeSaddle {
  id: number;
  energy: number;
  minA: number;
  minB: number;
  /** The minimum the activation that found it started from. */
  initial?: number;
  /** Configurational distance (3N norm) between minA and minB, when recorded. */
  distance?: number;
  /** Whether minA is the initial minimum: 'exact', 'local' (where the event happens) or 'none' (landscape/saddles/adjacency.ts). */
  adjacency?: string;
  [key: string]: Extra;
}
/** A search event (activation attempt); only the fields read here are typed, missing ones are undefined. */
export interface LandscapeEvent {
  initial?: number;
  saddle?: number;
  /** The minimum reached on the far side (also read from `plus`). */
  final?: number;
  /** Configurational distance (3N norm) between the minima it joins. */
  distance?: number;
  [key: string]: Extra;
}

/** landscape.json as written (LandscapeDatabase.toJSON) and as read (parseLandscapeJson). */
export interface LandscapeJson {
  units?: string;
  n_atoms?: number;
  /** How minima and saddles were told apart (landscape/database.ts). */
  dedup?: { energy_tolerance: number; displacement_tolerance: number };
  /** Event-region radius of the adjacency judgement. */
  adjacency_radius?: number;
  minima: LandscapeMinimum[];
  saddles: LandscapeSaddle[];
  events: LandscapeEvent[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses landscape.json text; every problem is an InputError naming the key, e.g. saddles[3].minA. */
export function parseLandscapeJson(text: string, file: string): LandscapeJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(raw)) throw new InputError(`${file}: expected a JSON object with minima and saddles`);
  const list = (key: string, required: boolean): unknown[] => {
    const v = raw[key];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v)) throw new InputError(`${file}: ${key}: expected an array`);
    return v;
  };
  const num = (o: Record<string, unknown>, where: string, key: string, integer: boolean): number => {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      throw new InputError(`${file}: ${where}.${key}: expected ${integer ? 'a whole number' : 'a finite number'}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const item = (v: unknown, where: string): Record<string, unknown> => {
    if (!isRecord(v)) throw new InputError(`${file}: ${where}: expected an object`);
    return v;
  };
  const minima = list('minima', true).map((v, k) => {
    const o = item(v, `minima[${k}]`);
    return { id: num(o, `minima[${k}]`, 'id', true), energy: num(o, `minima[${k}]`, 'energy', false) };
  });
  const ids = new Set<number>();
  minima.forEach((m, k) => {
    if (ids.has(m.id)) throw new InputError(`${file}: minima[${k}].id: ${m.id} appears twice`);
    ids.add(m.id);
  });
  const saddles = list('saddles', false).map((v, k) => {
    const w = `saddles[${k}]`;
    const o = item(v, w);
    const s: LandscapeSaddle = { id: num(o, w, 'id', true), energy: num(o, w, 'energy', false), minA: num(o, w, 'minA', true), minB: num(o, w, 'minB', true) };
    for (const key of ['minA', 'minB'] as const) {
      if (!ids.has(s[key])) throw new InputError(`${file}: ${w}.${key}: no minimum with id ${s[key]}`);
    }
    if (o.initial !== undefined && o.initial !== null) s.initial = num(o, w, 'initial', true);
    if (typeof o.distance === 'number' && Number.isFinite(o.distance)) s.distance = o.distance;
    if (typeof o.adjacency === 'string') s.adjacency = o.adjacency;
    return s;
  });
  const events = list('events', false).map((v, k) => {
    const o = item(v, `events[${k}]`);
    // Scalar fields are kept as recorded; nested values are not part of the format.
    const e: LandscapeEvent = Object.fromEntries(Object.entries(o).filter(([, x]) => x === null || ['number', 'string', 'boolean'].includes(typeof x))) as LandscapeEvent;
    const finite = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
    for (const key of ['initial', 'saddle', 'final', 'distance'] as const) e[key] = finite(o[key]);
    e.final ??= finite(o.plus);
    return e;
  });
  const units = typeof raw.units === 'string' ? raw.units : undefined;
  const n_atoms = typeof raw.n_atoms === 'number' ? raw.n_atoms : undefined;
  return { units, n_atoms, minima, saddles, events };
}

export function readLandscapeJson(path: string): LandscapeJson {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read (${(e as Error).message})`);
  }
  return parseLandscapeJson(text, path);
}

/**
 * PATHSAMPLE's database: min.data (one minimum per line: energy, log product of frequencies,
 * point-group order, moments of inertia) and ts.data (energy, log frequencies, point-group
 * order, the two minima by 1-based line number in min.data, moments). Minima get ids 1, 2, ...
 */
export function parsePathsample(minText: string, tsText: string, files = { min: 'min.data', ts: 'ts.data' }): LandscapeJson {
  const rows = (text: string) => text.split(/\r?\n/).map((l, k) => ({ no: k + 1, tok: l.trim().split(/\s+/) })).filter((r) => r.tok[0] !== '');
  const minima = rows(minText).map((r, k) => {
    const e = Number(r.tok[0]);
    if (!Number.isFinite(e)) throw fileError(files.min, r.no, `expected an energy, found '${r.tok[0]}'`);
    return { id: k + 1, energy: e };
  });
  const saddles = rows(tsText).map((r, k) => {
    const e = Number(r.tok[0]), a = Number(r.tok[3]), b = Number(r.tok[4]);
    if (!Number.isFinite(e) || !Number.isInteger(a) || !Number.isInteger(b)) {
      throw fileError(files.ts, r.no, 'expected: energy, log frequency, point-group order, minimum 1, minimum 2');
    }
    if (a < 1 || a > minima.length || b < 1 || b > minima.length) throw fileError(files.ts, r.no, `minimum ${a < 1 || a > minima.length ? a : b} is not in ${files.min}`);
    return { id: k + 1, energy: e, minA: a, minB: b };
  });
  return { minima, saddles, events: [] };
}
