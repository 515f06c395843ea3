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
 * The database is a saddle search's landscape.json or PATHSAMPLE's min.data / ts.data, read by
 * landscape-json.ts (energies total, not per atom).
 */
import { InputError } from '../sim/errors.js';
import type { LandscapeJson } from './landscape-json.js';

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
export function disconnectivityGraph(db: Pick<LandscapeJson, 'minima' | 'saddles'>, opts: DGraphOptions): DisconnectivityGraph {
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
