import { unwrap, type Box } from './box.js';

/**
 * The whole dynamical state of a system as typed arrays (no per-atom objects). Positions,
 * velocities and forces are interleaved xyz, length 3n. Types are 0-based internally
 * (LAMMPS type = type + 1 in files).
 */
export interface State {
  n: number;
  box: Box;
  x: Float64Array;
  v: Float64Array;
  f: Float64Array;
  /** Periodic image counts, interleaved xyz (LAMMPS image flags). */
  image: Int32Array;
  /** 0-based species index. */
  type: Int32Array;
  /** Atom ids as in LAMMPS files (1-based, any order). */
  id: Int32Array;
  /** Mass per species. */
  mass: Float64Array;
  /** Species names (e.g. A, B or element symbols), one per type. */
  typeNames: string[];
  step: number;
  time: number;
}

export function createState(n: number, box: Box, mass: ArrayLike<number>, typeNames?: string[]): State {
  const ntypes = mass.length;
  const id = new Int32Array(n);
  for (let i = 0; i < n; i++) id[i] = i + 1;
  return {
    n,
    box: { ...box },
    x: new Float64Array(3 * n),
    v: new Float64Array(3 * n),
    f: new Float64Array(3 * n),
    image: new Int32Array(3 * n),
    type: new Int32Array(n),
    id,
    mass: Float64Array.from(mass),
    typeNames: typeNames ?? Array.from({ length: ntypes }, (_, t) => String(t + 1)),
    step: 0,
    time: 0,
  };
}

/** Whether every position and velocity is a finite number (a run that blew up has NaN or Infinity). */
export function finiteState(s: State): boolean {
  for (const a of [s.x, s.v]) for (let k = 0; k < a.length; k++) if (!Number.isFinite(a[k])) return false;
  return true;
}

export function ntypes(state: State): number {
  return state.mass.length;
}

export function cloneState(s: State): State {
  return {
    n: s.n,
    box: { ...s.box },
    x: s.x.slice(),
    v: s.v.slice(),
    f: s.f.slice(),
    image: s.image.slice(),
    type: s.type.slice(),
    id: s.id.slice(),
    mass: s.mass.slice(),
    typeNames: [...s.typeNames],
    step: s.step,
    time: s.time,
  };
}

/** Unwrapped coordinates x + ix a + iy b + iz c. */
export function unwrappedPositions(s: State): Float64Array {
  return unwrap(s.box, s.x, s.image);
}

/** Atom indices ordered by id, for output sorted by id. */
export function orderById(s: State): Int32Array {
  const order = Int32Array.from({ length: s.n }, (_, i) => i);
  order.sort((a, b) => s.id[a] - s.id[b]);
  return order;
}

/** A copy of the state with its atoms in id order (a file another code wrote lists them in any order). */
export function sortedById(s: State): State {
  const order = orderById(s);
  const out = cloneState(s);
  order.forEach((from, to) => {
    out.id[to] = s.id[from];
    out.type[to] = s.type[from];
    for (let d = 0; d < 3; d++) {
      out.x[3 * to + d] = s.x[3 * from + d];
      out.v[3 * to + d] = s.v[3 * from + d];
      out.f[3 * to + d] = s.f[3 * from + d];
      out.image[3 * to + d] = s.image[3 * from + d];
    }
  });
  return out;
}
