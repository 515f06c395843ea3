/**
 * A preconditioner that knows the long waves, for relaxations of large boxes (`precondition:
 * 'elastic'` of L-BFGS). Gradient methods need a number of iterations that grows with the box,
 * because the softest modes of a solid include its longest sound waves, whose stiffness falls as
 * 1/L². An approximate inverse Hessian that treats those waves as the continuum does removes that
 * part of the growth (all of it in a crystal; in a glass the local blocks below take most of the
 * rest, docs/scaling-out.md):
 *
 *   M⁻¹ r = r / k_atom + P G Pᵀ r
 *
 * Pᵀ spreads the atomic forces onto a periodic grid about two interatomic distances apart
 * (trilinear weights in fractional coordinates, periodic-grid.ts); G solves isotropic continuum
 * elasticity on that grid, the Navier equation μ∇²u + (λ+μ)∇(∇·u) + f = 0 in Fourier space,
 *
 *   û(k) = [ (I − k̂k̂ᵀ) / (μ k²) + k̂k̂ᵀ / (M k²) ] F̂(k) / v_node,   M = λ + 2μ,  û(0) = 0,
 *
 * and P interpolates the displacements back to the atoms. Short waves, which the grid cannot hold,
 * get exact solves of the Hessian on cells of about 27 atoms for pair potentials (local-blocks.ts:
 * the soft spots of a glass), else r / k_atom, k_atom the mean diagonal of the Hessian. Sum of a
 * positive definite and a positive semi-definite part, M⁻¹ is symmetric positive definite. It is a
 * two-level additive (Schwarz) preconditioner with the continuum as its coarse level; the idea of a
 * preconditioner from a simple model of the bonds is that of Packwood et al., J. Chem. Phys. 144,
 * 164109 (2016).
 *
 * k_atom, μ and M are Rayleigh quotients of the Hessian at the start, v·Hv by central differences
 * of the forces: a ±1 pattern for k_atom, and the longest transverse and longitudinal plane waves
 * along the first box vector for μ and M (2 v·Hv / (k² V)). These are affine (Born-like) moduli,
 * stiffer than the relaxed ones that long waves feel; M⁻¹ only has to be right within a small factor.
 */
import { boxVolume, perpendicularWidths, toFractional, type Box } from '../../sim/box.js';
import type { EnergySurface } from '../energy-surface.js';
import { energyAt, anchor, type LineFrame } from './line-frame.js';
import { fft3, gridTransforms, interpolateAdd, periodicGrid, spread, type PeriodicGrid } from './periodic-grid.js';
import { applyBlocks, localBlocks, type LocalBlocks } from './local-blocks.js';
import { dot } from '../vec.js';

export interface ElasticStiffness {
  /** Mean diagonal element of the Hessian (energy / length²). */
  atom: number;
  /** Shear and longitudinal (P-wave) moduli M = λ + 2μ (energy / length³). */
  shear: number;
  pWave: number;
}

export interface ElasticPreconditioner {
  stiffness: ElasticStiffness;
  grid: PeriodicGrid;
  blocks?: LocalBlocks;
  /** z = M⁻¹ r. */
  apply(r: Float64Array, z: Float64Array): void;
}

/** Mean volume per atom to the 1/3: the interatomic distance that sets the grid and the probes. */
function atomSpacing(box: Box, n: number): number {
  return Math.cbrt(boxVolume(box) / n);
}

/**
 * M⁻¹ for atoms at x; with `blocks` (pair potentials, local-blocks.ts) their exact local solves
 * take the place of r / k_atom.
 */
export function elasticPreconditioner(box: Box, x: Float64Array, stiffness: ElasticStiffness, blocks?: LocalBlocks): ElasticPreconditioner {
  const grid = periodicGrid(box, x, perpendicularWidths(box), 2 * atomSpacing(box, x.length / 3));
  const green = greenTensor(box, grid, stiffness);
  const re = [0, 1, 2].map(() => new Float64Array(grid.nodes));
  const im = [0, 1, 2].map(() => new Float64Array(grid.nodes));
  const transforms = gridTransforms(grid.n);
  const apply = (r: Float64Array, z: Float64Array) => {
    if (blocks) {
      z.fill(0);
      applyBlocks(blocks, r, z);
    } else {
      for (let k = 0; k < r.length; k++) z[k] = r[k] / stiffness.atom;
    }
    spread(grid, r, re, im);
    for (let d = 0; d < 3; d++) fft3(grid.n, re[d], im[d], false, transforms);
    applyGreen(green, re, im);
    for (let d = 0; d < 3; d++) fft3(grid.n, re[d], im[d], true, transforms);
    interpolateAdd(grid, re, z);
  };
  return { stiffness, grid, blocks, apply };
}

/** The preconditioner of the surface's state as it stands: local blocks where its potential is a pair potential. */
export function preconditionerOf(surface: EnergySurface, stiffness: ElasticStiffness): ElasticPreconditioner {
  const { state, ff } = surface;
  const curvature = ff.potential.pairCurvature?.bind(ff.potential);
  const blocks = curvature
    ? localBlocks(state, ff.nlist, (ti, tj) => ff.potential.cutoff(ti, tj), curvature, BLOCK_EDGE * atomSpacing(state.box, state.n), stiffness.atom)
    : undefined;
  return elasticPreconditioner(state.box, state.x, stiffness, blocks);
}

/** Edge of the local blocks in interatomic distances (about 27 atoms a block). */
const BLOCK_EDGE = 3;

/** Per grid wavevector, the 6 components xx yy zz xy xz yz of G(k) / v_node (zero at k = 0). */
function greenTensor(box: Box, grid: PeriodicGrid, s: ElasticStiffness): Float64Array[] {
  const { n } = grid;
  const vNode = boxVolume(box) / grid.nodes;
  const recip = reciprocalRows(box);
  const g = [0, 1, 2, 3, 4, 5].map(() => new Float64Array(grid.nodes));
  const m = [0, 0, 0];
  for (let c = 0; c < n[2]; c++) {
    for (let b = 0; b < n[1]; b++) {
      for (let a = 0; a < n[0]; a++) {
        const node = (c * n[1] + b) * n[0] + a;
        if (node === 0) continue;
        // Wavevector k = 2π Σ_j m_j (row j of B⁻¹), m_j wrapped to [-n/2, n/2).
        [a, b, c].forEach((v, j) => (m[j] = v < n[j] / 2 ? v : v - n[j]));
        const k = [0, 1, 2].map((d) => 2 * Math.PI * (m[0] * recip[0][d] + m[1] * recip[1][d] + m[2] * recip[2][d]));
        const k2 = k[0] * k[0] + k[1] * k[1] + k[2] * k[2];
        const t = 1 / (s.shear * k2 * vNode), l = 1 / (s.pWave * k2 * vNode);
        const pairs = [[0, 0], [1, 1], [2, 2], [0, 1], [0, 2], [1, 2]];
        pairs.forEach(([i, j], q) => {
          const kk = (k[i] * k[j]) / k2;
          g[q][node] = (i === j ? t : 0) + (l - t) * kk;
        });
      }
    }
  }
  return g;
}

/** Rows of B⁻¹ (the gradients of the fractional coordinates), B = [a b c] the box's edge vectors. */
function reciprocalRows(box: Box): number[][] {
  const origin = [0, 0, 0];
  toFractional(box, box.xlo, box.ylo, box.zlo, origin);
  const cols = [0, 1, 2].map((d) => {
    const s = [0, 0, 0];
    toFractional(box, box.xlo + (d === 0 ? 1 : 0), box.ylo + (d === 1 ? 1 : 0), box.zlo + (d === 2 ? 1 : 0), s);
    return s.map((v, j) => v - origin[j]);
  });
  return [0, 1, 2].map((j) => cols.map((col) => col[j]));
}

/** û = G F̂ at every wavevector (G real and symmetric, so real and imaginary parts alike). */
function applyGreen(g: Float64Array[], re: Float64Array[], im: Float64Array[]): void {
  for (const part of [re, im]) {
    const [x, y, z] = part;
    for (let q = 0; q < x.length; q++) {
      const fx = x[q], fy = y[q], fz = z[q];
      x[q] = g[0][q] * fx + g[3][q] * fy + g[4][q] * fz;
      y[q] = g[3][q] * fx + g[1][q] * fy + g[5][q] * fz;
      z[q] = g[4][q] * fx + g[5][q] * fy + g[2][q] * fz;
    }
  }
  return;
}

/**
 * k_atom, μ and M from v·Hv = −v·(F(x + εv) − F(x − εv)) / (2ε) at the current positions (6 force
 * evaluations, and one to come back: the state ends where it started, with its forces and the energy returned).
 */
export function probeStiffness(surface: EnergySurface, frame: LineFrame): { stiffness: ElasticStiffness; energy: number } {
  const { state } = surface;
  const n = state.n, box = state.box;
  const a = atomSpacing(box, n);
  anchor(frame, state);
  const curvature = (v: Float64Array) => {
    frame.h.set(v);
    const eps = 1e-4 * a;
    energyAt(surface, frame, eps);
    const fPlus = state.f.slice();
    energyAt(surface, frame, -eps);
    let vHv = 0;
    for (let k = 0; k < v.length; k++) vHv -= v[k] * (fPlus[k] - state.f[k]);
    return vHv / (2 * eps);
  };
  // A fixed ±1 pattern (deterministic, uncorrelated with the structure).
  const pattern = Float64Array.from({ length: 3 * n }, (_, k) => ((Math.imul(k, 0x9e3779b1) >>> 13) & 1 ? 1 : -1));
  const atom = curvature(pattern) / dot(pattern, pattern);

  const recip = reciprocalRows(box)[0];
  const k = recip.map((r) => 2 * Math.PI * r);
  const kNorm = Math.hypot(k[0], k[1], k[2]);
  const along = k.map((c) => c / kNorm);
  // A direction perpendicular to k: k × (the axis k is least along).
  const axis = [0, 1, 2].reduce((best, d) => (Math.abs(along[d]) < Math.abs(along[best]) ? d : best), 0);
  const e = [0, 0, 0];
  e[axis] = 1;
  const across = [along[1] * e[2] - along[2] * e[1], along[2] * e[0] - along[0] * e[2], along[0] * e[1] - along[1] * e[0]];
  const acrossNorm = Math.hypot(across[0], across[1], across[2]);
  const wave = (pol: number[]) => {
    const v = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const s = Math.sin(k[0] * state.x[3 * i] + k[1] * state.x[3 * i + 1] + k[2] * state.x[3 * i + 2]);
      for (let d = 0; d < 3; d++) v[3 * i + d] = pol[d] * s;
    }
    return 2 * curvature(v) / (kNorm * kNorm * boxVolume(box));
  };
  const shear = wave(across.map((c) => c / acrossNorm));
  const pWave = wave(along);
  const energy = energyAt(surface, frame, 0);
  return { stiffness: { atom, shear, pWave }, energy };
}
