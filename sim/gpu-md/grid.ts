/**
 * How the resident path stores positions: each atom has an anchor, the centre of a cell of a
 * grid of at least 3 × 3 × 3 cells no narrower than the largest cut-off + skin, and an f32
 * offset u from it:
 *
 *   x = lo + (a + 1/2) w + u      (per axis; a integer, w = fround(L / nc))
 *
 * Anchors are integers, exact in f32, so a separation is r_ij = u_i - u_j - o w with o in
 * {-1, 0, 1} the cell offset of j seen from i: one rounding, of the size of r, never of the
 * box (docs/gpu.md, accuracy). The device's box is nc w, within 6e-8 of L. Anchors move only at
 * a list build (re-anchoring subtracts k w from u exactly, |k| <= 1), the integration adds
 * dt v to u, and image counts change when an anchor wraps.
 */
import { InputError } from '../errors.js';
import { isTriclinic, wrapPositions, type Box } from '../box.js';
import type { State } from '../state.js';

export interface DeviceGrid {
  /** Cells per axis (>= 3). */
  nc: [number, number, number];
  /** Cell widths as the device has them (f32 values). */
  w: [number, number, number];
  ncells: number;
}

export function deviceGrid(box: Box, cutneigh: number): DeviceGrid {
  if (isTriclinic(box)) throw new InputError('gpu-resident: the box must be orthorhombic (tilts xy, xz, yz = 0); run triclinic boxes on another backend');
  const lengths = [box.lx, box.ly, box.lz];
  // A hair below cutneigh so that a box of exactly k cut-offs keeps k cells.
  const nc = lengths.map((l) => Math.floor(l / (cutneigh * (1 + 1e-6)))) as [number, number, number];
  nc.forEach((m, d) => {
    if (m < 3) {
      throw new InputError(`gpu-resident: box length ${lengths[d]} along ${'xyz'[d]} holds fewer than 3 cells of cut-off + skin (${cutneigh}); use a larger system (L >= ${(3 * cutneigh).toPrecision(4)})`);
    }
  });
  const w = lengths.map((l, d) => Math.fround(l / nc[d])) as [number, number, number];
  return { nc, w, ncells: nc[0] * nc[1] * nc[2] };
}

/**
 * The state's positions, velocities, types and image counts as the device's texels (4 floats
 * each): P = (u, type), A = (a, linear cell), V = (v, 0), I = (image, tag), the tag being the
 * atom's index in the state (the device renumbers atoms). Positions are wrapped into the box first.
 */
export function packState(state: State, g: DeviceGrid): { P: Float32Array; A: Float32Array; V: Float32Array; I: Float32Array } {
  const { n, x, v, type, image, box } = state;
  wrapPositions(box, x, image);
  const lo = [box.xlo, box.ylo, box.zlo];
  const P = new Float32Array(4 * n), A = new Float32Array(4 * n), V = new Float32Array(4 * n), I = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < 3; d++) {
      const s = x[3 * i + d] - lo[d];
      const a = Math.min(g.nc[d] - 1, Math.max(0, Math.floor(s / g.w[d])));
      A[4 * i + d] = a;
      P[4 * i + d] = s - (a + 0.5) * g.w[d];
      V[4 * i + d] = v[3 * i + d];
      I[4 * i + d] = image[3 * i + d];
    }
    A[4 * i + 3] = (A[4 * i] * g.nc[1] + A[4 * i + 1]) * g.nc[2] + A[4 * i + 2];
    P[4 * i + 3] = type[i];
    I[4 * i + 3] = i;
  }
  return { P, A, V, I };
}

/**
 * Device texels (in the device's order) back into the state, each atom at its tag: x from anchors and offsets (wrapped into the host box, which
 * may differ from nc w in the last bits), v scaled by `vScale` (a thermostat factor not yet
 * applied on the device), image counts, forces.
 */
export function unpackState(state: State, g: DeviceGrid, t: Record<'P' | 'A' | 'V' | 'I' | 'F', Float32Array>, vScale: number): void {
  const { P, A, V, I, F } = t;
  const { n, x, v, f, image, box } = state;
  const lo = [box.xlo, box.ylo, box.zlo];
  const len = [box.lx, box.ly, box.lz];
  for (let k = 0; k < n; k++) {
    const i = I[4 * k + 3];
    for (let d = 0; d < 3; d++) {
      let xd = lo[d] + (A[4 * k + d] + 0.5) * g.w[d] + P[4 * k + d];
      let img = I[4 * k + d];
      if (xd >= lo[d] + len[d]) { xd -= len[d]; img++; } else if (xd < lo[d]) { xd += len[d]; img--; }
      x[3 * i + d] = xd;
      image[3 * i + d] = img;
      v[3 * i + d] = vScale * V[4 * k + d];
      f[3 * i + d] = F[4 * k + d];
    }
  }
}
