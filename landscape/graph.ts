/**
 * Disconnectivity graphs (Becker & Karplus, J. Chem. Phys. 106, 1495 (1997); Wales, "Energy
 * Landscapes", 2003) as plain data, from a database of minima and the saddles that join them.
 *
 * At energy levels E_0 < E_1 < ... (spacing ΔE, the top one at or above the highest saddle) the
 * minima below a level fall into superbasins: sets joined by paths whose saddles all lie below
 * it. Processing the saddles in order of energy with a union-find gives every level's
 * superbasins; each becomes a node whose children are the superbasins of the level below it that
 * it contains, plus the minima that first appear between the two levels (leaves, drawn down to
 * their own energies). Components never joined below the top level stay separate trees.
 *
 * The database is read from a saddle search's `landscape.json`
 *   { units, n_atoms, minima: [{id, energy}], saddles: [{id, energy, minA, minB, initial?}], events? }
 * (energies total, not per atom), or from PATHSAMPLE's min.data / ts.data.
 */
import { readFileSync } from 'node:fs';
import { InputError, fileError } from '../sim/errors.js';

export interface DbMinimum { id: number; energy: number }
export interface DbSaddle {
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
}
/** A search event (activation attempt); only the fields used here are typed, missing ones are undefined. */
export interface DbEvent {
  initial?: number;
  saddle?: number;
  /** The minimum reached on the far side (also read from `plus`). */
  final?: number;
  /** Configurational distance (3N norm) between the minima it joins. */
  distance?: number;
  [key: string]: unknown;
}

export interface LandscapeDb {
  units?: string;
  nAtoms?: number;
  minima: DbMinimum[];
  saddles: DbSaddle[];
  events: DbEvent[];
}

// ---------------------------------------------------------------------------------------------
// Reading

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses landscape.json text; every problem is an InputError naming the key, e.g. saddles[3].minA. */
export function parseLandscapeJson(text: string, file: string): LandscapeDb {
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
    const s: DbSaddle = { id: num(o, w, 'id', true), energy: num(o, w, 'energy', false), minA: num(o, w, 'minA', true), minB: num(o, w, 'minB', true) };
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
    const e: DbEvent = { ...o };
    const finite = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
    for (const key of ['initial', 'saddle', 'final', 'distance'] as const) e[key] = finite(o[key]);
    e.final ??= finite(o.plus);
    return e;
  });
  const units = typeof raw.units === 'string' ? raw.units : undefined;
  const nAtoms = typeof raw.n_atoms === 'number' ? raw.n_atoms : undefined;
  return { units, nAtoms, minima, saddles, events };
}

export function readLandscapeJson(path: string): LandscapeDb {
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
export function parsePathsample(minText: string, tsText: string, files = { min: 'min.data', ts: 'ts.data' }): LandscapeDb {
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

// ---------------------------------------------------------------------------------------------
// The tree

export interface DGraphNode {
  /** Index in `nodes`. */
  index: number;
  /** Level energy for superbasins, the minimum's energy for leaves. */
  energy: number;
  /** Level index for superbasins; null for leaves. */
  level: number | null;
  /** Child node indices (superbasins of the level below, and leaves). */
  children: number[];
  parent: number | null;
  /** Number of minima in the subtree. */
  minima: number;
  /** Lowest minimum energy in the subtree. */
  lowest: number;
  /** For leaves: the id of the minimum. */
  minimum: number | null;
}

export interface DisconnectivityGraph {
  /** Level energies, ascending. */
  levels: number[];
  deltaE: number;
  nodes: DGraphNode[];
  /** Top-level superbasins (one per component still separate at the top level). */
  roots: number[];
  /** Minima at or above the top level, left out of the graph. */
  excluded: number[];
}

export interface DGraphOptions {
  /** Spacing of the levels (energy units). */
  deltaE: number;
  /** Top level (default: the highest saddle energy, or highest minimum energy, plus ΔE / 2). */
  top?: number;
  /** Number of levels (default: enough to reach below the lowest minimum, at most 200). */
  levels?: number;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a), rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Builds the disconnectivity tree of a database. */
export function disconnectivityGraph(db: { minima: DbMinimum[]; saddles: DbSaddle[] }, opts: DGraphOptions): DisconnectivityGraph {
  const { deltaE } = opts;
  if (!(deltaE > 0 && Number.isFinite(deltaE))) throw new InputError(`disconnectivity graph: ΔE must be a number > 0, got ${deltaE}`);
  if (db.minima.length === 0) throw new InputError('disconnectivity graph: the database has no minima');
  const index = new Map(db.minima.map((m, k) => [m.id, k]));
  const emin = db.minima.map((m) => m.energy);
  // A saddle joins its minima once the level is above it and above both of them (guards against
  // inconsistent data where a saddle lies below one of its minima); a saddle from a minimum to itself joins nothing.
  const joins = db.saddles
    .map((s) => {
      const a = index.get(s.minA), b = index.get(s.minB);
      if (a === undefined || b === undefined) throw new InputError(`saddle ${s.id}: unknown minimum ${a === undefined ? s.minA : s.minB}`);
      return { a, b, energy: Math.max(s.energy, emin[a], emin[b]) };
    })
    .filter((j) => j.a !== j.b)
    .sort((p, q) => p.energy - q.energy);
  const lowest = Math.min(...emin);
  const top = opts.top ?? Math.max(...emin, ...joins.map((j) => j.energy)) + deltaE / 2;
  const nLevels = opts.levels ?? Math.min(200, Math.floor((top - lowest) / deltaE) + 1);
  if (!(Number.isInteger(nLevels) && nLevels >= 1)) throw new InputError(`disconnectivity graph: levels must be a whole number >= 1, got ${nLevels}`);
  const levels = Array.from({ length: nLevels }, (_, k) => top - (nLevels - 1 - k) * deltaE);

  const nodes: DGraphNode[] = [];
  const newNode = (n: Omit<DGraphNode, 'index' | 'parent'>): number => {
    nodes.push({ ...n, index: nodes.length, parent: null });
    return nodes.length - 1;
  };
  // Minima ordered by energy enter the graph level by level.
  const order = [...db.minima.keys()].sort((p, q) => emin[p] - emin[q]);
  const uf = new UnionFind(db.minima.length);
  let nextMin = 0, nextJoin = 0;
  const present: number[] = [];
  /** Node of the previous level holding each present minimum's superbasin, by union-find root at that level. */
  let previous = new Map<number, number>();
  for (let l = 0; l < nLevels; l++) {
    const E = levels[l];
    const fresh: number[] = [];
    while (nextMin < order.length && emin[order[nextMin]] < E) fresh.push(order[nextMin++]);
    present.push(...fresh);
    while (nextJoin < joins.length && joins[nextJoin].energy < E) {
      uf.union(joins[nextJoin].a, joins[nextJoin].b);
      nextJoin++;
    }
    // Children of each superbasin: last level's superbasins (one per old root) and the new minima.
    const children = new Map<number, number[]>();
    const add = (root: number, child: number) => {
      const c = children.get(root);
      if (c) c.push(child);
      else children.set(root, [child]);
    };
    for (const [oldRoot, node] of previous) add(uf.find(oldRoot), node);
    for (const m of fresh) {
      add(uf.find(m), newNode({ energy: emin[m], level: null, children: [], minima: 1, lowest: emin[m], minimum: db.minima[m].id }));
    }
    const current = new Map<number, number>();
    for (const [root, kids] of children) {
      const node = newNode({
        energy: E, level: l, children: kids,
        minima: kids.reduce((s, c) => s + nodes[c].minima, 0),
        lowest: Math.min(...kids.map((c) => nodes[c].lowest)),
        minimum: null,
      });
      for (const c of kids) nodes[c].parent = node;
      current.set(root, node);
    }
    previous = current;
  }
  const excluded = order.slice(nextMin).map((m) => db.minima[m].id);
  return { levels, deltaE, nodes, roots: [...previous.values()], excluded };
}

/** Leaves (minima) of the subtree under `node`, left to right. */
export function leavesUnder(g: DisconnectivityGraph, node: number): number[] {
  const n = g.nodes[node];
  return n.level === null ? [node] : n.children.flatMap((c) => leavesUnder(g, c));
}
