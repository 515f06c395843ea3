import { InputError } from './errors.js';
import type { Rng } from './random.js';
import { createState, type State } from './state.js';
import { cubicBox, minimumImage } from './box.js';

/** How to build a new sample: N atoms of given species fractions at a number density. */
export interface SampleSpec {
  n: number;
  /** Mole fraction per species (normalised here). */
  composition: number[];
  masses: number[];
  typeNames?: string[];
  density: number;
  /** `lattice`: random occupation of fcc sites; `random`: random points kept at least minDistance apart. */
  placement: 'lattice' | 'random';
  minDistance?: number;
}

/** Species counts that sum to n, by largest remainder. */
export function speciesCounts(n: number, composition: number[]): number[] {
  const total = composition.reduce((a, b) => a + b, 0);
  if (!(total > 0) || composition.some((c) => c < 0)) throw new InputError('composition must be non-negative and not all zero');
  const exact = composition.map((c) => (c / total) * n);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, k) => [e - Math.floor(e), k]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; r < n - counts.reduce((a, b) => a + b, 0); r++) counts[order[r][1]]++;
  return counts;
}

/** Builds a cubic periodic sample with zero velocities. All random draws come from `rng`. */
export function buildSample(spec: SampleSpec, rng: Rng): State {
  if (!(spec.n > 0 && Number.isInteger(spec.n))) throw new InputError(`n must be a positive integer, got ${spec.n}`);
  if (!(spec.density > 0)) throw new InputError(`density must be > 0, got ${spec.density}`);
  if (spec.composition.length !== spec.masses.length) throw new InputError('composition and masses must list the same species');
  const length = Math.cbrt(spec.n / spec.density);
  const state = createState(spec.n, cubicBox(length), spec.masses, spec.typeNames);
  if (spec.placement === 'lattice') placeOnFcc(state, rng);
  else placeRandomly(state, spec.minDistance ?? 0.7 / Math.cbrt(spec.density), rng);
  assignSpecies(state, speciesCounts(spec.n, spec.composition), rng);
  return state;
}

function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

function assignSpecies(state: State, counts: number[], rng: Rng): void {
  const types = new Int32Array(state.n);
  let k = 0;
  counts.forEach((c, t) => types.fill(t, k, (k += c)));
  shuffle(types, rng);
  state.type.set(types);
}

/** Occupies n of the 4 m^3 sites of the smallest fcc lattice that has enough of them, at random. */
function placeOnFcc(state: State, rng: Rng): void {
  const m = Math.ceil(Math.cbrt(state.n / 4));
  const a = state.box.lx / m;
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const sites = Int32Array.from({ length: 4 * m * m * m }, (_, s) => s);
  shuffle(sites, rng);
  const chosen = sites.subarray(0, state.n).sort();
  chosen.forEach((s, i) => {
    const b = basis[s % 4];
    const cell = Math.floor(s / 4);
    const cx = Math.floor(cell / (m * m)), cy = Math.floor(cell / m) % m, cz = cell % m;
    state.x[3 * i] = (cx + b[0] + 0.25) * a;
    state.x[3 * i + 1] = (cy + b[1] + 0.25) * a;
    state.x[3 * i + 2] = (cz + b[2] + 0.25) * a;
  });
}

/** Random sequential addition with a minimum distance, using a cell grid to find close atoms. */
function placeRandomly(state: State, dmin: number, rng: Rng): void {
  const L = state.box.lx;
  const nc = Math.max(1, Math.floor(L / dmin));
  const cellSize = L / nc;
  const grid: number[][] = Array.from({ length: nc * nc * nc }, () => []);
  const sep = [0, 0, 0];
  const cellIndex = (c: number) => ((c % nc) + nc) % nc;
  const maxAttempts = 10000;
  for (let i = 0; i < state.n; i++) {
    let placed = false;
    for (let attempt = 0; attempt < maxAttempts && !placed; attempt++) {
      const p = [rng.uniform() * L, rng.uniform() * L, rng.uniform() * L];
      const c = p.map((q) => Math.floor(q / cellSize));
      let clash = false;
      for (let ox = -1; ox <= 1 && !clash; ox++)
        for (let oy = -1; oy <= 1 && !clash; oy++)
          for (let oz = -1; oz <= 1 && !clash; oz++) {
            const cell = (cellIndex(c[0] + ox) * nc + cellIndex(c[1] + oy)) * nc + cellIndex(c[2] + oz);
            for (const j of grid[cell]) {
              for (let d = 0; d < 3; d++) sep[d] = p[d] - state.x[3 * j + d];
              minimumImage(state.box, sep);
              if (sep[0] * sep[0] + sep[1] * sep[1] + sep[2] * sep[2] < dmin * dmin) { clash = true; break; }
            }
          }
      if (clash) continue;
      state.x.set(p, 3 * i);
      grid[(cellIndex(c[0]) * nc + cellIndex(c[1])) * nc + cellIndex(c[2])].push(i);
      placed = true;
    }
    if (!placed) {
      throw new InputError(`random placement failed at atom ${i + 1} of ${state.n}: minimum distance ${dmin} is too large for this density`);
    }
  }
}
