/**
 * Voronoi and radical (Laguerre) tessellation of a periodic configuration (orthorhombic or
 * triclinic box), cell by cell, and per-atom measures: cell volume, number of faces, faces by
 * number of edges (the Voronoi index ⟨n3, n4, n5, n6⟩).
 *
 * The radical cell of atom i (radius R_i) is the set of points x whose power |x − x_i|² − R_i²
 * is no larger than that of any other atom j, every periodic image included (B. J. Gellatly and
 * J. L. Finney, J. Non-Cryst. Solids 50, 313 (1982)). With d = x_j − x_i, r = |d|, and x taken
 * relative to x_i, the condition for one neighbour is the half-space
 *
 *   d·x <= (r² + R_i² − R_j²) / 2,
 *
 * bounded by the radical plane, perpendicular to d at t = (r² + R_i² − R_j²) / (2r) from atom i.
 * Equal radii give the plain Voronoi cell (the plane bisects the pair). Each cell is built on
 * its own, as Voro++ does (C. H. Rycroft, Chaos 19, 041111 (2009)): start from the
 * parallelepiped cut out by the atom's own images at ±a, ±b, ±c (planes x·a = |a|²/2, …; it
 * contains the cell), then cut it by the plane of each neighbour within a search radius, nearest
 * first (convex-cell.ts). A neighbour at distance r can cut the cell only if its plane comes
 * nearer to atom i than the farthest vertex, at distance ρ: t < ρ, which for R_j <= R_big
 * (the largest radius) needs r < ρ + √(ρ² + R_big² − R_i²) (= 2ρ for plain Voronoi). Once the
 * next neighbour is that far the cell is final; when the search radius runs out first, it is
 * widened and the search goes on. Neighbours come from a cell list in fractional coordinates with
 * every periodic image (a box smaller than the search radius is searched through several
 * images, so even one atom in a box has a cell).
 *
 * Vertices within a tolerance (default 1e-10 of the mean atomic spacing) of a plane count as on
 * it: degenerate vertices stay exact (fcc: ⟨0,12,0,0⟩), and no edge is shorter than that.
 * Faces and edges can be left out of the counts as OVITO's Voronoi analysis does: faces with an
 * area below a fraction of the cell's surface, edges shorter than a length (see VoronoiOptions).
 */
import { InputError } from '../../sim/errors.js';
import { boxVolume, perpendicularWidths, toFractional, type Box } from '../../sim/box.js';
import { binAtoms, type Grid } from './cell-grid.js';
import { ConvexCell, CutResult, measureCell } from './convex-cell.js';
import type { PairHistogramInput } from './pair-histogram.js';

/** The atoms of one configuration: box, positions (interleaved xyz), 0-based types. */
export type VoronoiInput = PairHistogramInput;

export interface VoronoiOptions {
  /** Radius of each type (0-based), for the radical tessellation; none: plain Voronoi. */
  radii?: ArrayLike<number>;
  /** Faces with an area below this fraction of the cell's surface are not counted (faces, index). Default 0. */
  faceAreaFraction?: number;
  /** Edges shorter than this are not counted when counting a face's edges. Default 0. */
  minEdgeLength?: number;
  /** Distance within which a vertex counts as on a plane, as a fraction of the mean atomic spacing. Default 1e-10. */
  tolerance?: number;
}

/** Faces are counted by edges 0 … MAX_EDGES − 1; the last slot holds MAX_EDGES − 1 or more. */
export const MAX_EDGES = 16;

export interface TessellationStats {
  /** Planes tried (near enough to the cell to perhaps cut it), over all cells. */
  cuts: number;
  /** Cells whose search radius had to be widened. */
  widened: number;
  /** Cuts that failed at every tolerance tried and were skipped (0 expected; the volumes then no longer add up). */
  failedCuts: number;
  /** Cells that vanished (radical tessellation: no point is nearer in power to the atom than to others). */
  empty: number;
}

export interface VoronoiTessellation {
  n: number;
  ntypes: number;
  type: Int32Array;
  /** Cell volume of each atom. */
  volume: Float64Array;
  /** Faces counted (above the area threshold). */
  faces: Int32Array;
  /** Counted faces by counted edges: edgeHistogram[i · MAX_EDGES + k] faces of atom i with k edges. */
  edgeHistogram: Int32Array;
  /** Each cell's polyhedron with every face: vertices V, edges E, faces F (V − E + F = 2), at [3i … 3i + 2]. */
  topology: Int32Array;
  boxVolume: number;
  stats: TessellationStats;
}

/** ⟨n3, n4, n5, n6⟩ of atom i. */
export function voronoiIndex(t: VoronoiTessellation, i: number): [number, number, number, number] {
  const h = t.edgeHistogram, o = i * MAX_EDGES;
  return [h[o + 3], h[o + 4], h[o + 5], h[o + 6]];
}

/** Mean atomic spacing (V / N)^(1/3). */
export function meanSpacing(box: Box, n: number): number {
  return Math.cbrt(boxVolume(box) / n);
}

/** Checks the options; returns the radii per type (all 0 without radii). */
function checkOptions(input: VoronoiInput, options: VoronoiOptions): Float64Array {
  const radii = new Float64Array(input.ntypes);
  if (options.radii !== undefined) {
    if (options.radii.length !== input.ntypes) throw new InputError(`radii: need one radius for each of the ${input.ntypes} types, got ${options.radii.length}`);
    for (let t = 0; t < input.ntypes; t++) {
      const r = options.radii[t];
      if (!(Number.isFinite(r) && r >= 0)) throw new InputError(`radii: the radius of type ${t + 1} must be a number >= 0, got ${r}`);
      radii[t] = r;
    }
  }
  const f = options.faceAreaFraction ?? 0;
  if (!(f >= 0 && f < 1)) throw new InputError(`face area fraction: must be >= 0 and < 1, got ${f}`);
  const e = options.minEdgeLength ?? 0;
  if (!(Number.isFinite(e) && e >= 0)) throw new InputError(`minimum edge length: must be a number >= 0, got ${e}`);
  const tol = options.tolerance ?? 1e-10;
  if (!(tol > 0 && tol < 1e-3)) throw new InputError(`tolerance: must be > 0 and < 1e-3, got ${tol}`);
  return radii;
}

/**
 * Builds the cell of every atom and hands it to `visit` (atom index in the input, the cell in
 * coordinates relative to the atom, its faces tagged with the neighbour's input index, −1 for
 * the atom's own images that bound the starting parallelepiped). The cell is reused: copy what
 * you keep.
 */
export function forEachVoronoiCell(
  input: VoronoiInput, options: VoronoiOptions, visit: (atom: number, cell: ConvexCell) => void,
): TessellationStats {
  const radii = checkOptions(input, options);
  const { box, type } = input;
  const n = type.length;
  const stats: TessellationStats = { cuts: 0, widened: 0, failedCuts: 0, empty: 0 };
  if (n === 0) return stats;
  const spacing = meanSpacing(box, n);
  const tolerance = (options.tolerance ?? 1e-10) * spacing;
  let rBig = 0;
  for (let t = 0; t < radii.length; t++) rBig = Math.max(rBig, radii[t]);

  const widths = perpendicularWidths(box);
  // Cells about one mean spacing across, so a search radius of two spacings covers ~5³ of them.
  const cap = Math.max(1, Math.ceil(2 * Math.cbrt(n)));
  const nc = widths.map((w) => Math.max(1, Math.min(cap, Math.floor(w / spacing)))) as [number, number, number];
  const grid = binAtoms(box, input.x, nc);
  const start = startingCell(box);
  const cell = new ConvexCell();
  const nb = new Neighbours(64);
  const frac = [0, 0, 0];
  const limits = new Int32Array(6);
  for (let k = 0; k < n; k++) {
    const i = grid.atom[k];
    const xi = grid.X[k], yi = grid.Y[k], zi = grid.Z[k];
    toFractional(box, xi, yi, zi, frac);
    const ri = radii[type[i]];
    cell.copyFrom(start);
    // Neighbours in shells R_in <= r < R: the nearest first, then wider shells while the cell
    // could still be cut from beyond R.
    let R = 2 * spacing, Rin = 0;
    for (;;) {
      searchRange(frac, R, widths, nc, limits);
      gatherNeighbours(grid, box, k, xi, yi, zi, Rin * Rin, R * R, limits, nb);
      sortByDistance(nb);
      const outcome = cutByNeighbours(cell, nb, grid.atom, type, radii, ri, rBig, tolerance, i, stats);
      if (outcome !== OUT_OF_NEIGHBOURS) break;
      // Every neighbour within R has cut; the cell is final if none beyond R can.
      const reach = cuttingReach(cell.maxR2, rBig, ri);
      if (reach <= R) break;
      Rin = R;
      R = Math.max(1.5 * R, 1.01 * reach);
      stats.widened++;
    }
    if (cell.nf === 0) stats.empty++;
    visit(i, cell);
  }
  return stats;
}

/** The tessellation with per-atom volumes, face counts and Voronoi indices. */
export function voronoiTessellation(input: VoronoiInput, options: VoronoiOptions = {}): VoronoiTessellation {
  const n = input.type.length;
  const volume = new Float64Array(n);
  const faces = new Int32Array(n);
  const edgeHistogram = new Int32Array(n * MAX_EDGES);
  const topology = new Int32Array(3 * n);
  const fraction = options.faceAreaFraction ?? 0;
  const minEdge = options.minEdgeLength ?? 0;
  let area = new Float64Array(128);
  const stats = forEachVoronoiCell(input, options, (i, cell) => {
    if (area.length < cell.nf) area = new Float64Array(2 * cell.nf);
    volume[i] = cell.nf === 0 ? 0 : measureCell(cell, area);
    topology[3 * i] = cell.nv;
    topology[3 * i + 1] = cell.nfv / 2;
    topology[3 * i + 2] = cell.nf;
    faces[i] = countFaces(cell, area, fraction, minEdge * minEdge, edgeHistogram, i * MAX_EDGES);
  });
  return { n, ntypes: input.ntypes, type: input.type, volume, faces, edgeHistogram, topology, boxVolume: boxVolume(input.box), stats };
}

/**
 * Counts the faces at or above `fraction` of the cell's surface into hist[offset + edges], with
 * the edges of each face at least √minEdge2 long; returns the number of faces counted.
 */
function countFaces(cell: ConvexCell, area: Float64Array, fraction: number, minEdge2: number, hist: Int32Array, offset: number): number {
  const { vx, vy, vz, fs, fl, fv, nf } = cell;
  let total = 0;
  for (let f = 0; f < nf; f++) total += area[f];
  const minArea = fraction * total;
  let counted = 0;
  for (let f = 0; f < nf; f++) {
    if (area[f] < minArea) continue;
    const s = fs[f], len = fl[f];
    let edges = len;
    if (minEdge2 > 0) {
      edges = 0;
      for (let q = 0; q < len; q++) {
        const a = fv[s + q], b = fv[s + (q + 1 === len ? 0 : q + 1)];
        const dx = vx[b] - vx[a], dy = vy[b] - vy[a], dz = vz[b] - vz[a];
        if (dx * dx + dy * dy + dz * dz >= minEdge2) edges++;
      }
    }
    hist[offset + Math.min(edges, MAX_EDGES - 1)]++;
    counted++;
  }
  return counted;
}

/**
 * The distance beyond which no neighbour can cut a cell whose farthest vertex is √maxR2 away:
 * ρ + √(ρ² + R_big² − R_i²) (see the top of this file).
 */
function cuttingReach(maxR2: number, rBig: number, ri: number): number {
  return Math.sqrt(maxR2) + Math.sqrt(Math.max(0, maxR2 + rBig * rBig - ri * ri));
}

/**
 * The parallelepiped bounded by the planes to the atom's own images at ±a, ±b, ±c (x·a = ±|a|²/2,
 * …): its edges are |a|² a*, |b|² b*, |c|² c* with a*, b*, c* the dual basis (a*·a = 1, a*·b = 0, …).
 */
function startingCell(box: Box): ConvexCell {
  const a = [box.lx, 0, 0], b = [box.xy, box.ly, 0], c = [box.xz, box.yz, box.lz];
  const cross = (u: number[], v: number[]) => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const dot = (u: number[], v: number[]) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const volume = dot(a, cross(b, c));
  const edge = (u: number[], v: number[], w: number[]) => {
    const dual = cross(v, w);
    const s = dot(u, u) / volume;
    return dual.map((x) => x * s);
  };
  const cell = new ConvexCell(8, 6, 24);
  cell.setParallelepiped(edge(a, b, c), edge(b, c, a), edge(c, a, b), -1);
  return cell;
}


/** Neighbours of one atom: separations, squared distances, sorted positions; `order` sorts them by distance. */
class Neighbours {
  count = 0;
  dx: Float64Array;
  dy: Float64Array;
  dz: Float64Array;
  r2: Float64Array;
  j: Int32Array;
  order: Int32Array;
  constructor(capacity: number) {
    this.dx = new Float64Array(capacity);
    this.dy = new Float64Array(capacity);
    this.dz = new Float64Array(capacity);
    this.r2 = new Float64Array(capacity);
    this.j = new Int32Array(capacity);
    this.order = new Int32Array(capacity);
  }
  grow(): void {
    const cap = 2 * this.r2.length;
    const f = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.dx = f(this.dx);
    this.dy = f(this.dy);
    this.dz = f(this.dz);
    this.r2 = f(this.r2);
    this.j = g(this.j);
    this.order = g(this.order);
  }
}

/**
 * The grid cells (unwrapped indices lo … hi along each axis, in `out`) that hold every point
 * within R of fractional position s: a sphere of radius R spans ±R / w_k in fractional coordinate
 * k, w_k the perpendicular width.
 */
function searchRange(s: number[], R: number, widths: number[], nc: number[], out: Int32Array): void {
  for (let a = 0; a < 3; a++) {
    const u = s[a] - Math.floor(s[a]);
    out[2 * a] = Math.floor((u - R / widths[a]) * nc[a]);
    out[2 * a + 1] = Math.floor((u + R / widths[a]) * nc[a]);
  }
}

/** Every image of every atom at a distance r with Rin2 <= r² < R2 from sorted atom k (its own zero image left out), into nb. */
function gatherNeighbours(grid: Grid, box: Box, k: number, xi: number, yi: number, zi: number, Rin2: number, R2: number, lim: Int32Array, nb: Neighbours): void {
  const { nx, ny, nz, cellStart } = grid;
  nb.count = 0;
  for (let uz = lim[4]; uz <= lim[5]; uz++) {
    const wz = Math.floor(uz / nz), cz = uz - wz * nz;
    for (let uy = lim[2]; uy <= lim[3]; uy++) {
      const wy = Math.floor(uy / ny), cy = uy - wy * ny;
      for (let ux = lim[0]; ux <= lim[1]; ux++) {
        const wx = Math.floor(ux / nx), cx = ux - wx * nx;
        const c = (cz * ny + cy) * nx + cx;
        const j0 = cellStart[c], j1 = cellStart[c + 1];
        if (j0 === j1) continue;
        // The image shift wx a + wy b + wz c, less the atom's position.
        const sx = wx * box.lx + wy * box.xy + wz * box.xz - xi;
        const sy = wy * box.ly + wz * box.yz - yi;
        const sz = wz * box.lz - zi;
        const self = wx === 0 && wy === 0 && wz === 0 ? k : -1;
        while (!collectCell(grid.X, grid.Y, grid.Z, j0, j1, sx, sy, sz, Rin2, R2, self, nb)) nb.grow();
      }
    }
  }
}

/** Atoms j0 … j1 shifted by (sx, sy, sz) with Rin2 <= r² < R2 from the origin into nb; false when nb is full (grow and call again). */
function collectCell(
  X: Float64Array, Y: Float64Array, Z: Float64Array, j0: number, j1: number,
  sx: number, sy: number, sz: number, Rin2: number, R2: number, self: number, nb: Neighbours,
): boolean {
  const start = nb.count;
  let m = start;
  const cap = nb.r2.length;
  const dxs = nb.dx, dys = nb.dy, dzs = nb.dz, r2s = nb.r2, js = nb.j;
  for (let j = j0; j < j1; j++) {
    if (j === self) continue;
    const dx = X[j] + sx, dy = Y[j] + sy, dz = Z[j] + sz;
    const r2 = dx * dx + dy * dy + dz * dz;
    if (r2 < R2 && r2 >= Rin2) {
      if (m === cap) {
        nb.count = start;
        return false;
      }
      dxs[m] = dx;
      dys[m] = dy;
      dzs[m] = dz;
      r2s[m] = r2;
      js[m] = j;
      m++;
    }
  }
  nb.count = m;
  return true;
}

/** nb.order: the neighbours by increasing distance (insertion sort for the usual few dozen). */
function sortByDistance(nb: Neighbours): void {
  const order = nb.order, r2 = nb.r2, m = nb.count;
  if (m > 64) {
    for (let a = 0; a < m; a++) order[a] = a;
    order.subarray(0, m).sort((p, q) => r2[p] - r2[q]);
    return;
  }
  for (let a = 0; a < m; a++) {
    const key = r2[a];
    let b = a - 1;
    while (b >= 0 && r2[order[b]] > key) {
      order[b + 1] = order[b];
      b--;
    }
    order[b + 1] = a;
  }
  return;
}

const FINAL = 0;
const OUT_OF_NEIGHBOURS = 1;

/**
 * Cuts the cell by the radical plane of each neighbour, nearest first, until the next one is
 * beyond the cutting reach (FINAL; also when the cell vanished) or the list ends
 * (OUT_OF_NEIGHBOURS).
 */
function cutByNeighbours(
  cell: ConvexCell, nb: Neighbours, atomOf: Int32Array, type: Int32Array, radii: Float64Array,
  ri: number, rBig: number, tolerance: number, self: number, stats: TessellationStats,
): number {
  const ri2 = ri * ri;
  const { order, dx, dy, dz, r2 } = nb;
  for (let q = 0; q < nb.count; q++) {
    const a = order[q];
    const d2 = r2[a];
    const reach = cuttingReach(cell.maxR2, rBig, ri);
    if (d2 >= reach * reach) return FINAL;
    const j = atomOf[nb.j[a]];
    if (d2 === 0) throw new InputError(`voronoi: atoms ${Math.min(self, j) + 1} and ${Math.max(self, j) + 1} (in file order) are at the same place`);
    const rj = radii[type[j]];
    const h = 0.5 * (d2 + ri2 - rj * rj);
    const r = Math.sqrt(d2);
    // The plane is h / r from the atom: beyond the farthest vertex it cannot cut.
    if (h >= r * Math.sqrt(cell.maxR2)) continue;
    stats.cuts++;
    let result = cell.cut(dx[a], dy[a], dz[a], h, tolerance * r, j);
    // A near-degenerate cut that did not close: merge more, then less.
    if (result === CutResult.Failed) result = cell.cut(dx[a], dy[a], dz[a], h, 100 * tolerance * r, j);
    if (result === CutResult.Failed) result = cell.cut(dx[a], dy[a], dz[a], h, 0.01 * tolerance * r, j);
    if (result === CutResult.Failed) stats.failedCuts++;
    if (result === CutResult.Emptied) return FINAL;
  }
  return OUT_OF_NEIGHBOURS;
}
