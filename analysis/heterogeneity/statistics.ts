/**
 * Statistics of a modulus field on a periodic grid (1, 2 or 3 dimensions, dims = [nx, ny, nz]
 * with nz = 1 for maps): moments and percentiles, histogram, the spatial autocorrelation function
 * with a correlation length, and the sizes of soft zones.
 */
export interface Summary {
  n: number;
  mean: number;
  std: number;
  /** std / |mean|. */
  relativeWidth: number;
  min: number;
  max: number;
  median: number;
  p5: number;
  p95: number;
  /** p95 - p5. */
  percentileRange: number;
}

/** Percentile (0..100) of sorted values, linear between order statistics. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(h), hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Summary of the finite values (NaN entries are left out). */
export function summarize(values: ArrayLike<number>): Summary {
  const v = Float64Array.from(values).filter(Number.isFinite).sort();
  const n = v.length;
  let mean = 0;
  for (const a of v) mean += a;
  mean /= n;
  let ss = 0;
  for (const a of v) ss += (a - mean) * (a - mean);
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const p5 = percentileSorted(v, 5), p95 = percentileSorted(v, 95);
  return {
    n, mean, std, relativeWidth: std / Math.abs(mean), min: v[0], max: v[n - 1], median: percentileSorted(v, 50),
    p5, p95, percentileRange: p95 - p5,
  };
}

export function histogram(values: ArrayLike<number>, bins = 30, range?: [number, number]): { edges: number[]; counts: number[] } {
  const v = Array.from(values).filter(Number.isFinite);
  let [lo, hi] = range ?? [Math.min(...v), Math.max(...v)];
  if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const a of v) {
    if (a < lo || a > hi) continue;
    counts[Math.min(bins - 1, Math.floor(((a - lo) / (hi - lo)) * bins))]++;
  }
  return { edges, counts };
}

export interface Autocorrelation {
  /** Shell centres r (length units) and the normalised ACF C(r) = <du(x) du(x + r)> / <du^2>, C(0) = 1. */
  r: number[];
  acf: number[];
  /** First r where C(r) falls below 1/e (linear between shells); null when it never does. */
  correlationLength: number | null;
}

/**
 * Periodic spatial autocorrelation of a field by direct summation over all lag vectors (O(N^2),
 * fine for voxel grids and maps of a few thousand points), averaged in shells of the minimum-image
 * lag length |(dx cx, dy cy, dz cz)| half the smallest cell wide. The correlation length is where C(r)
 * drops to 1/e (an exponential decay exp(-r/xi) gives xi). Non-finite points (excluded voxels) are
 * left out: the mean and variance are over the finite points, and each lag averages the products
 * of the pairs whose two points are both finite.
 */
export function autocorrelation(values: ArrayLike<number>, dims: [number, number, number], cell: [number, number, number]): Autocorrelation {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const ok = new Float64Array(n);
  let mean = 0, count = 0;
  for (let p = 0; p < n; p++) {
    if (Number.isFinite(values[p])) { ok[p] = 1; mean += values[p]; count++; }
  }
  mean /= count;
  const u = new Float64Array(n);
  let var0 = 0;
  for (let p = 0; p < n; p++) { u[p] = ok[p] ? values[p] - mean : 0; var0 += u[p] * u[p]; }
  var0 /= count;
  // Shells half a cell wide (so that axial and diagonal neighbours fall apart); r is the mean lag length in a shell.
  const width = Math.min(...cell.filter((_, k) => dims[k] > 1), Infinity);
  const shellWidth = Number.isFinite(width) ? width / 2 : 1;
  const sums = new Map<number, { s: number; r: number; c: number }>();
  const wrap = (d: number, m: number) => (d > m / 2 ? d - m : d);
  for (let dz = 0; dz < nz; dz++) {
    for (let dy = 0; dy < ny; dy++) {
      for (let dx = 0; dx < nx; dx++) {
        const r = Math.hypot(wrap(dx, nx) * cell[0], wrap(dy, ny) * cell[1], wrap(dz, nz) * cell[2]);
        const pairs = count === n ? n : lagCorrelation(ok, ok, nx, ny, nz, dx, dy, dz);
        if (pairs === 0) continue;
        const c = lagCorrelation(u, u, nx, ny, nz, dx, dy, dz) / pairs;
        const shell = Math.round(r / shellWidth);
        const e = sums.get(shell) ?? { s: 0, r: 0, c: 0 };
        e.s += c; e.r += r; e.c++;
        sums.set(shell, e);
      }
    }
  }
  const shells = [...sums.keys()].sort((a, b) => a - b).map((k) => sums.get(k)!);
  const r = shells.map((e) => e.r / e.c);
  const acf = shells.map((e) => (var0 > 0 ? e.s / e.c / var0 : NaN));
  let correlationLength: number | null = null;
  for (let k = 1; k < acf.length; k++) {
    if (acf[k] < 1 / Math.E) {
      const t = (acf[k - 1] - 1 / Math.E) / (acf[k - 1] - acf[k]);
      correlationLength = r[k - 1] + t * (r[k] - r[k - 1]);
      break;
    }
  }
  return { r, acf, correlationLength };
}

/**
 * The correlation length as reported: null, with the reason, when the grid cannot resolve it: the
 * ACF falls to 1/e within two grid spacings (then the 1/e point is an interpolation between
 * C(0) = 1 and one or two lags), or only beyond half the shortest box edge `box` (or never), where
 * the periodic images of the box take part.
 */
export function resolvedCorrelationLength(length: number | null, spacing: number, box: number, grid: 'voxels' | 'pixels'): { value: number | null; note: string | null } {
  if (length === null || length > box / 2) return { value: null, note: 'beyond the box' };
  if (length < 2 * spacing) return { value: null, note: `below resolution (< 2 ${grid})` };
  return { value: length, note: null };
}

/** Σ_x u(x) w(x + lag) over the periodic grid. */
function lagCorrelation(u: Float64Array, w: Float64Array, nx: number, ny: number, nz: number, dx: number, dy: number, dz: number): number {
  let s = 0;
  for (let z = 0; z < nz; z++) {
    const z2 = (z + dz) % nz;
    for (let y = 0; y < ny; y++) {
      const y2 = (y + dy) % ny;
      const a = (z * ny + y) * nx, b = (z2 * ny + y2) * nx;
      for (let x = 0; x < nx; x++) s += u[a + x] * w[b + ((x + dx) % nx)];
    }
  }
  return s;
}

export interface SoftZones {
  /** Values below this (the given percentile of the field) are soft. */
  threshold: number;
  percentile: number;
  /** Sizes (number of grid points) of the connected soft zones, largest first. */
  sizes: number[];
  /** Size -> number of zones of that size. */
  distribution: { size: number; count: number }[];
}

/**
 * Connected soft zones: grid points below the `percentile`-th percentile, joined to their face
 * neighbours (6 in 3-D, 4 in 2-D) across the periodic boundaries (flood fill).
 */
export function softZones(values: ArrayLike<number>, dims: [number, number, number], percentile = 10): SoftZones {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const sorted = Float64Array.from(values).filter(Number.isFinite).sort();
  const threshold = percentileSorted(sorted, percentile);
  const label = new Int32Array(n).fill(-1);
  const soft = (p: number) => values[p] < threshold;
  const sizes: number[] = [];
  const stack: number[] = [];
  for (let p0 = 0; p0 < n; p0++) {
    if (!soft(p0) || label[p0] >= 0) continue;
    const id = sizes.length;
    let size = 0;
    label[p0] = id;
    stack.push(p0);
    while (stack.length) {
      const p = stack.pop()!;
      size++;
      const x = p % nx, y = Math.floor(p / nx) % ny, z = Math.floor(p / (nx * ny));
      const neighbours = [
        [(x + 1) % nx, y, z], [(x + nx - 1) % nx, y, z], [x, (y + 1) % ny, z], [x, (y + ny - 1) % ny, z],
        [x, y, (z + 1) % nz], [x, y, (z + nz - 1) % nz],
      ];
      for (const [a, b, c] of neighbours) {
        const q = (c * ny + b) * nx + a;
        if (q !== p && soft(q) && label[q] < 0) { label[q] = id; stack.push(q); }
      }
    }
    sizes.push(size);
  }
  sizes.sort((a, b) => b - a);
  const bySize = new Map<number, number>();
  for (const s of sizes) bySize.set(s, (bySize.get(s) ?? 0) + 1);
  const distribution = [...bySize.entries()].map(([size, count]) => ({ size, count })).sort((a, b) => a.size - b.size);
  return { threshold, percentile, sizes, distribution };
}
