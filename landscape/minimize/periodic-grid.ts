/**
 * A periodic grid over the box in fractional coordinates, for fields that atoms hand to the grid and
 * take back: trilinear (cloud-in-cell) weights, and the 3D discrete Fourier transform of a grid
 * field (fft.js along each axis; edges of a power of two).
 */
import FFT from 'fft.js';
import { toFractional, type Box } from '../../sim/box.js';

export interface PeriodicGrid {
  /** Nodes along a, b, c (powers of two, at least 2). */
  n: [number, number, number];
  nodes: number;
  /** Per atom: its 8 nodes and their weights (8 entries each). */
  node: Int32Array;
  weight: Float64Array;
}

/** The grid with nodes at most `spacing` apart along each box vector, and the atoms' weights on it. */
export function periodicGrid(box: Box, x: Float64Array, edges: [number, number, number], spacing: number): PeriodicGrid {
  const n = edges.map((l) => Math.max(2, 2 ** Math.ceil(Math.log2(l / spacing)))) as [number, number, number];
  const atoms = x.length / 3;
  const node = new Int32Array(8 * atoms);
  const weight = new Float64Array(8 * atoms);
  const s = [0, 0, 0];
  const lo = [0, 0, 0], w = [0, 0, 0];
  for (let i = 0; i < atoms; i++) {
    toFractional(box, x[3 * i], x[3 * i + 1], x[3 * i + 2], s);
    for (let d = 0; d < 3; d++) {
      const g = (s[d] - Math.floor(s[d])) * n[d];
      lo[d] = Math.floor(g);
      w[d] = g - lo[d];
    }
    for (let c = 0; c < 8; c++) {
      const ca = c & 1, cb = (c >> 1) & 1, cc = (c >> 2) & 1;
      const a = (lo[0] + ca) % n[0], b = (lo[1] + cb) % n[1], z = (lo[2] + cc) % n[2];
      node[8 * i + c] = (z * n[1] + b) * n[0] + a;
      weight[8 * i + c] = (ca ? w[0] : 1 - w[0]) * (cb ? w[1] : 1 - w[1]) * (cc ? w[2] : 1 - w[2]);
    }
  }
  return { n, nodes: n[0] * n[1] * n[2], node, weight };
}

/** Grid field (3 components per node, real parts into `re`, imaginary zeroed) from per-atom vectors: Σ_i w_in v_i. */
export function spread(grid: PeriodicGrid, v: Float64Array, re: Float64Array[], im: Float64Array[]): void {
  for (let d = 0; d < 3; d++) {
    re[d].fill(0);
    im[d].fill(0);
  }
  const { node, weight } = grid;
  for (let i = 0; i < v.length / 3; i++) {
    for (let c = 8 * i; c < 8 * i + 8; c++) {
      const g = node[c], wc = weight[c];
      re[0][g] += wc * v[3 * i];
      re[1][g] += wc * v[3 * i + 1];
      re[2][g] += wc * v[3 * i + 2];
    }
  }
  return;
}

/** out_i += Σ_n w_in u_n: the grid field interpolated back to the atoms. */
export function interpolateAdd(grid: PeriodicGrid, re: Float64Array[], out: Float64Array): void {
  const { node, weight } = grid;
  for (let i = 0; i < out.length / 3; i++) {
    let ux = 0, uy = 0, uz = 0;
    for (let c = 8 * i; c < 8 * i + 8; c++) {
      const g = node[c], wc = weight[c];
      ux += wc * re[0][g];
      uy += wc * re[1][g];
      uz += wc * re[2][g];
    }
    out[3 * i] += ux;
    out[3 * i + 1] += uy;
    out[3 * i + 2] += uz;
  }
  return;
}

/** The 1D transforms of a grid's three axes (their tables built once). */
export function gridTransforms(n: [number, number, number]): FFT[] {
  return n.map((len) => new FFT(len));
}

/**
 * In-place 3D DFT of one grid field (node index (c n_b + b) n_a + a) with the grid's transforms:
 * forward F(m) = Σ f(r) e^{-2πi m·r/n}; inverse with e^{+...} and the 1/nodes factor.
 */
export function fft3(n: [number, number, number], re: Float64Array, im: Float64Array, inverse: boolean, transforms = gridTransforms(n)): void {
  const stride = [1, n[0], n[0] * n[1]];
  const total = n[0] * n[1] * n[2];
  for (let axis = 0; axis < 3; axis++) {
    const len = n[axis], step = stride[axis], fft = transforms[axis];
    const data = fft.createComplexArray(), out = fft.createComplexArray();
    // Lines start where this axis's index is 0: every start below step, in blocks of step × len.
    for (let block = 0; block < total; block += step * len) {
      for (let start = block; start < block + step; start++) {
        for (let j = 0; j < len; j++) {
          data[2 * j] = re[start + j * step];
          data[2 * j + 1] = im[start + j * step];
        }
        if (inverse) fft.inverseTransform(out, data);
        else fft.transform(out, data);
        for (let j = 0; j < len; j++) {
          re[start + j * step] = out[2 * j];
          im[start + j * step] = out[2 * j + 1];
        }
      }
    }
  }
  return;
}
