/**
 * Faber–Ziman structure factors computed directly from the positions on the wave vectors the
 * periodic box allows, q = h b1 + k b2 + l b3 (b_i the reciprocal vectors, b_i · a_j = 2π δ_ij;
 * for an orthorhombic box q = 2π (h/lx, k/ly, l/lz)), binned in |q|.
 *
 * With the partial densities ρ_a(q) = Σ_{j of type a} exp(i q·r_j), N_a atoms of type a among N,
 * the Faber–Ziman partial (T. E. Faber and J. M. Ziman, Phil. Mag. 11, 153 (1965)) is
 *
 *   S_ab(q) = 1 + N (Re[ρ_a(q) ρ_b(q)*] − δ_ab N_a) / (N_a N_b),
 *
 * the same quantity as 1 + ρ ∫ (g_ab − 1) exp(iq·r) d³r for q ≠ 0 (the Fourier transform of g;
 * see fourier-sq.ts), and 'all' = |ρ(q)|²/N, the number–number S(q). Each bin [j, j+1)·dq
 * averages the vectors in it (q and −q give the same value, so only half of them are used) and
 * the frames; where a bin holds more than maxPerBin vectors an evenly spread subset of maxPerBin
 * is taken (evenly strided in the order h, k, l), which bounds the cost at
 * O(N · bins · maxPerBin).
 *
 * q·r = 2π (h s1 + k s2 + l s3) with s the fractional coordinates, so exp(iq·r) is the product of
 * three factors looked up in per-axis tables of exp(2πi h s), built once per block of atoms.
 */
import { toFractional, type Box } from '../../sim/box.js';
import type { PairHistogramInput } from './pair-histogram.js';
import { bhatiaThornton } from './bhatia-thornton.js';
import type { StructureFactors } from './fourier-sq.js';

export interface DirectOptions {
  qmax: number;
  /** Bin width in |q|. */
  dq: number;
  /** Most vectors per bin (default 500). */
  maxPerBin?: number;
}

export interface DirectStructureFactors extends StructureFactors {
  /** Bin centres (j + 1/2)·dq; `q` holds the mean |q| of the vectors in each bin (NaN when empty). */
  qCentre: Float64Array;
  /** Vectors averaged in each bin, summed over frames. */
  vectors: Int32Array;
  /**
   * Standard error of each bin's mean, same keys as S: the spread of the values of single vectors
   * over √(vectors) (S of one vector scatters by about S itself; NaN with fewer than 2 vectors).
   */
  error: Record<string, Float64Array>;
  frames: number;
}

export interface QVectors {
  h: Int32Array;
  k: Int32Array;
  l: Int32Array;
  /** |q| of each vector. */
  q: Float64Array;
  /** Its |q| bin. */
  bin: Int32Array;
}

/** Reciprocal vectors b1, b2, b3 (rows; b_i · a_j = 2π δ_ij) of the box's edges a, b, c. */
export function reciprocalVectors(box: Box): number[][] {
  const { lx, ly, lz, xy, xz, yz } = box;
  const twoPi = 2 * Math.PI;
  // The edge matrix H = [[lx, xy, xz], [0, ly, yz], [0, 0, lz]] has a, b, c as columns; the
  // rows of 2π H⁻¹ are the reciprocal vectors.
  return [
    [twoPi / lx, (-twoPi * xy) / (lx * ly), (twoPi * (xy * yz - ly * xz)) / (lx * ly * lz)],
    [0, twoPi / ly, (-twoPi * yz) / (ly * lz)],
    [0, 0, twoPi / lz],
  ];
}

/**
 * The allowed wave vectors with 0 < |q| < qmax in one half space (h > 0, or h = 0 and k > 0, or
 * h = k = 0 and l > 0), binned in |q| with at most maxPerBin per bin.
 */
export function allowedQVectors(box: Box, qmax: number, dq: number, maxPerBin: number): QVectors {
  const B = reciprocalVectors(box);
  // |h| = |q · a| / 2π <= qmax |a| / 2π, and likewise for k and l.
  const edge = [[box.lx, 0, 0], [box.xy, box.ly, 0], [box.xz, box.yz, box.lz]];
  const [hmax, kmax, lmax] = edge.map((e) => Math.floor((qmax * Math.hypot(e[0], e[1], e[2])) / (2 * Math.PI)));
  const nbins = Math.ceil(qmax / dq);
  const [[b00, b01, b02], [, b11, b12], [, , b22]] = B;
  /**
   * Calls visit(h, k, l, q vector, bin) for every vector of the half space below qmax, in the order
   * h, k, l; per column (h, k) only the l that can be below qmax. The bin is that of |q| as
   * Math.hypot gives it; the cheaper root of the sum of squares (within a few ulp of it) decides
   * wherever the two cannot disagree, away from the bin edges and from qmax.
   */
  const each = (visit: (h: number, k: number, l: number, qx: number, qy: number, qz: number, j: number) => void) => {
    for (let h = 0; h <= hmax; h++)
      for (let k = h === 0 ? 0 : -kmax; k <= kmax; k++) {
        const qx = h * b00;
        const qy = h * b01 + k * b11;
        const c = h * b02 + k * b12;
        const rest = qmax * qmax * (1 + 1e-9) - qx * qx - qy * qy;
        if (rest < 0) continue;
        const r = Math.sqrt(rest);
        const l0 = Math.max(h === 0 && k === 0 ? 1 : -lmax, Math.ceil((-r - c) / b22) - 1);
        const l1 = Math.min(lmax, Math.floor((r - c) / b22) + 1);
        for (let l = l0; l <= l1; l++) {
          const qz = c + l * b22;
          const rough = Math.sqrt(qx * qx + qy * qy + qz * qz);
          const u = rough / dq + 1e-9;
          const edge = u - Math.floor(u) < 1e-7 || u - Math.floor(u) > 1 - 1e-7 || Math.abs(rough - qmax) < 1e-12 * qmax;
          const q = edge ? Math.hypot(qx, qy, qz) : rough;
          if (!(q < qmax)) continue;
          const j = edge ? binOf(q, dq) : Math.floor(u);
          if (j < nbins) visit(h, k, l, qx, qy, qz, j);
        }
      }
  };
  // Two passes, so that only the chosen vectors are stored: count each bin's vectors, then take
  // all of a bin's, or maxPerBin evenly strided ones (the m-th at index ⌊(m + ½) count / maxPerBin⌋).
  const count = new Int32Array(nbins);
  each((_h, _k, _l, _qx, _qy, _qz, j) => count[j]++);
  const slot = new Int32Array(nbins + 1);
  for (let j = 0; j < nbins; j++) slot[j + 1] = slot[j] + Math.min(count[j], maxPerBin);
  const n = slot[nbins];
  const out: QVectors = { h: new Int32Array(n), k: new Int32Array(n), l: new Int32Array(n), q: new Float64Array(n), bin: new Int32Array(n) };
  const seen = new Int32Array(nbins), taken = new Int32Array(nbins);
  each((h, k, l, qx, qy, qz, j) => {
    const index = seen[j]++, m = taken[j];
    if (m >= maxPerBin || (count[j] > maxPerBin && index !== Math.floor(((m + 0.5) * count[j]) / maxPerBin))) return;
    const at = slot[j] + m;
    taken[j]++;
    out.h[at] = h;
    out.k[at] = k;
    out.l[at] = l;
    out.q[at] = Math.hypot(qx, qy, qz);
    out.bin[at] = j;
  });
  return out;
}

/**
 * The |q| bin of a vector: floor(q / dq), with shells that lie on a bin edge (|q| = m dq, as the
 * shells m·2π/L do when dq = 2π/L) put in bin m whatever the rounding of |q|.
 */
function binOf(q: number, dq: number): number {
  return Math.floor(q / dq + 1e-9);
}

/** Atoms per block of the phase tables (tables of (2 hmax + 1) × BLOCK complex numbers per axis). */
const BLOCK = 1024;

/**
 * Partial densities ρ_a(q) of every vector, added into re and im (vector-major, ntypes per
 * vector). Atoms are taken in blocks, each ordered by type (keeping their order within a type):
 * phase tables exp(2πi h s) per axis, then one product of three table entries per atom and
 * vector, summed per type in a local variable.
 */
function partialDensities(frame: PairHistogramInput, vecs: QVectors, re: Float64Array, im: Float64Array): void {
  const { box, x, type, ntypes } = frame;
  const n = type.length;
  let hmax = 0, kmax = 0, lmax = 0;
  for (let v = 0; v < vecs.h.length; v++) {
    hmax = Math.max(hmax, Math.abs(vecs.h[v]));
    kmax = Math.max(kmax, Math.abs(vecs.k[v]));
    lmax = Math.max(lmax, Math.abs(vecs.l[v]));
  }
  const s = [0, 0, 0];
  const frac = [new Float64Array(BLOCK), new Float64Array(BLOCK), new Float64Array(BLOCK)];
  const tables = [hmax, kmax, lmax].map((m) => ({ m, phase: new Float64Array((2 * m + 1) * 2 * BLOCK) }));
  // The block's atoms of type t are its entries typeStart[t] .. typeStart[t + 1].
  const typeStart = new Int32Array(ntypes + 1);
  const fill = new Int32Array(ntypes);
  for (let a0 = 0; a0 < n; a0 += BLOCK) {
    const len = Math.min(BLOCK, n - a0);
    typeStart.fill(0);
    for (let a = a0; a < a0 + len; a++) typeStart[type[a] + 1]++;
    for (let t = 0; t < ntypes; t++) typeStart[t + 1] += typeStart[t];
    fill.set(typeStart.subarray(0, ntypes));
    for (let a = a0; a < a0 + len; a++) {
      const i = fill[type[a]]++;
      toFractional(box, x[3 * a], x[3 * a + 1], x[3 * a + 2], s);
      frac[0][i] = s[0];
      frac[1][i] = s[1];
      frac[2][i] = s[2];
    }
    for (let axis = 0; axis < 3; axis++) phaseTable(frac[axis], len, tables[axis].m, tables[axis].phase);
    const [tx, ty, tz] = tables;
    for (let v = 0; v < vecs.h.length; v++) {
      const ox = (vecs.h[v] + tx.m) * 2 * BLOCK, oy = (vecs.k[v] + ty.m) * 2 * BLOCK, oz = (vecs.l[v] + tz.m) * 2 * BLOCK;
      for (let t = 0; t < ntypes; t++) {
        if (typeStart[t] === typeStart[t + 1]) continue;
        blockDensity(tx.phase, ox, ty.phase, oy, tz.phase, oz, typeStart[t], typeStart[t + 1], re, im, v * ntypes + t);
      }
    }
  }
}

/**
 * exp(2πi h s_i) for h = −m … m, row h + m of 2·BLOCK numbers (re, im interleaved), from the
 * cosine and sine of each angle.
 */
function phaseTable(s: Float64Array, len: number, m: number, phase: Float64Array): void {
  const twoPi = 2 * Math.PI;
  for (let h = 0; h <= m; h++) {
    const up = (h + m) * 2 * BLOCK, down = (m - h) * 2 * BLOCK;
    for (let i = 0; i < len; i++) {
      // Reduce h·s to [−1/2, 1/2] first, so that the angle is small and exact to rounding.
      const t = h * s[i];
      const angle = twoPi * (t - Math.round(t));
      const c = Math.cos(angle), sn = Math.sin(angle);
      phase[up + 2 * i] = c;
      phase[up + 2 * i + 1] = sn;
      phase[down + 2 * i] = c;
      phase[down + 2 * i + 1] = -sn;
    }
  }
  return;
}

/** Σ over block entries i0 .. i1 of exp(iq·r) = X_h Y_k Z_l, added into re[at] and im[at]. */
function blockDensity(
  X: Float64Array, ox: number, Y: Float64Array, oy: number, Z: Float64Array, oz: number, i0: number, i1: number,
  re: Float64Array, im: Float64Array, at: number,
): void {
  let sr = 0, si = 0;
  for (let i = i0; i < i1; i++) {
    const ar = X[ox + 2 * i], ai = X[ox + 2 * i + 1], br = Y[oy + 2 * i], bi = Y[oy + 2 * i + 1], cr = Z[oz + 2 * i], ci = Z[oz + 2 * i + 1];
    const pr = ar * br - ai * bi;
    const pi = ar * bi + ai * br;
    sr += pr * cr - pi * ci;
    si += pr * ci + pi * cr;
  }
  re[at] += sr;
  im[at] += si;
  return;
}

/**
 * Faber–Ziman partials (a ≤ b), the number–number total 'all' and, for two types, Bhatia–Thornton,
 * averaged over the vectors of each |q| bin and over the frames (each frame on its own box's
 * vectors). Bins without vectors hold NaN.
 */
export function directStructureFactors(frames: Iterable<PairHistogramInput>, opts: DirectOptions): DirectStructureFactors {
  const { qmax, dq } = opts;
  const maxPerBin = opts.maxPerBin ?? 500;
  const nbins = Math.ceil(qmax / dq);
  const keys: string[] = [];
  let ntypes = -1;
  const sums: Record<string, Float64Array> = {};
  const squares: Record<string, Float64Array> = {};
  const qSum = new Float64Array(nbins);
  const vectors = new Int32Array(nbins);
  const typeSum: number[] = [];
  let count = 0;
  for (const frame of frames) {
    if (ntypes < 0) {
      ntypes = frame.ntypes;
      keys.push('all');
      for (let a = 0; a < ntypes; a++) for (let b = a; b < ntypes; b++) keys.push(`${a + 1}-${b + 1}`);
      for (const key of keys) {
        sums[key] = new Float64Array(nbins);
        squares[key] = new Float64Array(nbins);
      }
      typeSum.push(...new Array<number>(ntypes).fill(0));
    } else if (frame.ntypes !== ntypes) {
      throw new Error(`directStructureFactors: frames with ${ntypes} and ${frame.ntypes} types`);
    }
    const n = frame.type.length;
    const Na = new Float64Array(ntypes);
    for (let i = 0; i < n; i++) Na[frame.type[i]]++;
    Na.forEach((c, t) => (typeSum[t] += c));
    const vecs = allowedQVectors(frame.box, qmax, dq, maxPerBin);
    const nv = vecs.h.length;
    const re = new Float64Array(nv * ntypes), im = new Float64Array(nv * ntypes);
    partialDensities(frame, vecs, re, im);
    for (let v = 0; v < nv; v++) {
      const j = vecs.bin[v];
      qSum[j] += vecs.q[v];
      vectors[j]++;
      let totRe = 0, totIm = 0;
      for (let a = 0; a < ntypes; a++) {
        totRe += re[v * ntypes + a];
        totIm += im[v * ntypes + a];
        for (let b = a; b < ntypes; b++) {
          const prod = re[v * ntypes + a] * re[v * ntypes + b] + im[v * ntypes + a] * im[v * ntypes + b];
          const Sab = 1 + (n * (prod - (a === b ? Na[a] : 0))) / (Na[a] * Na[b]);
          sums[`${a + 1}-${b + 1}`][j] += Sab;
          squares[`${a + 1}-${b + 1}`][j] += Sab * Sab;
        }
      }
      const Snn = (totRe * totRe + totIm * totIm) / n;
      sums.all[j] += Snn;
      squares.all[j] += Snn * Snn;
    }
    count++;
  }
  if (count === 0) throw new Error('directStructureFactors: no frames');
  const q = new Float64Array(nbins);
  const error: Record<string, Float64Array> = {};
  for (const key of keys) error[key] = new Float64Array(nbins);
  for (let j = 0; j < nbins; j++) {
    const m = vectors[j];
    q[j] = m > 0 ? qSum[j] / m : NaN;
    for (const key of keys) {
      const mean = m > 0 ? sums[key][j] / m : NaN;
      const variance = m > 1 ? Math.max(0, (squares[key][j] - m * mean * mean) / (m - 1)) : NaN;
      sums[key][j] = mean;
      error[key][j] = Math.sqrt(variance / m);
    }
  }
  const total = typeSum.reduce((x, y) => x + y, 0);
  const concentration = typeSum.map((c) => c / total);
  const result: DirectStructureFactors = {
    q, qCentre: Float64Array.from({ length: nbins }, (_, j) => (j + 0.5) * dq), S: sums, error, vectors, frames: count, concentration,
  };
  if (ntypes === 2) result.bhatiaThornton = bhatiaThornton(sums['1-1'], sums['1-2'], sums['2-2'], concentration[0]);
  return result;
}
