/**
 * The padded FULL neighbour list that the gpu.js kernels read (one thread per atom, no write
 * conflicts), repacked from the host half list (sim/neighbor.ts) after every build.
 *
 * Row i holds `width` entries of 4 floats: the separation at the build, xref_i - xref_j with the
 * minimum image applied in f64 and only then rounded to f32, and the index j (-1 pads the row).
 * The kernels add the f32 displacements u = x - xref since the build: r_ij = d0_ij + u_i - u_j,
 * so the f32 error scales with |r_ij| and |u|, not with the box length. `image` keeps, per entry,
 * the periodic image h·n that the minimum image added (n in {-1,0,1}^3, coded 9(nx+1) + 3(ny+1) +
 * (nz+1)), so that a box that changes between builds (NPT, deformation) adds (h - h_build)·n.
 */
import { buildPositions, type NeighborList } from '../neighbor.js';
import type { Box } from '../box.js';

export interface FullList {
  /** Neighbour-list build this was packed from. */
  build: number;
  n: number;
  /** Entries per row (the kernels' loop bound); only grows, with headroom, so kernels rarely recompile. */
  width: number;
  /**
   * List rows per 2-D input row (GL textures are at most 16384 texels a side): atom i's entries
   * are at flat offset i width, arrays padded to `rows` × fold list rows.
   */
  fold: number;
  rows: number;
  /** n rows of width × (d0x, d0y, d0z, j). */
  entries: Float32Array;
  /** n rows of width image codes (13 = no image). */
  image: Float32Array;
  /** The box at the build. */
  box: Box;
  /** Positions at the build, f64: the reference for the displacements. */
  xref: Float64Array;
}

/** Input rows at most (below GL's 16384-texel side, with room for wide rows). */
const MAX_INPUT_ROWS = 8192;

/** Row headroom over the fullest row, so that the width survives a few rebuilds. */
const WIDTH_HEADROOM = 1.15;

export function repackFullList(nl: NeighborList, n: number, previous: FullList | null): FullList {
  const { start, wrapStart, end, neigh } = nl, x = buildPositions(nl);
  const box = nl.boxAtBuild!;
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    count[i] += end[i] - start[i];
    for (let k = start[i]; k < end[i]; k++) count[neigh[k]]++;
  }
  let most = 0;
  for (let i = 0; i < n; i++) most = Math.max(most, count[i]);
  let width = previous && previous.n === n ? previous.width : 0;
  if (most > width) width = Math.ceil((most * WIDTH_HEADROOM) / 4) * 4;
  const fold = Math.ceil(n / MAX_INPUT_ROWS);
  const rows = Math.ceil(n / fold);
  const reuse = previous && previous.n === n && previous.width === width;
  const entries = reuse ? previous.entries : new Float32Array(rows * fold * width * 4);
  const image = reuse ? previous.image : new Float32Array(rows * fold * width);
  const { lx, ly, lz, xy, xz, yz } = box;
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  const fill = new Int32Array(n);
  const put = (i: number, j: number, dx: number, dy: number, dz: number, code: number) => {
    const e = i * width + fill[i]++;
    entries[4 * e] = dx;
    entries[4 * e + 1] = dy;
    entries[4 * e + 2] = dz;
    entries[4 * e + 3] = j;
    image[e] = code;
  };
  for (let i = 0; i < n; i++) {
    const xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
    for (let k = start[i]; k < end[i]; k++) {
      const j = neigh[k];
      let dx = xi - x[3 * j], dy = yi - x[3 * j + 1], dz = zi - x[3 * j + 2];
      let nx = 0, ny = 0, nz = 0;
      if (k >= wrapStart[i]) {
        // Minimum image, z then y then x, as the cpu loops (sim/potentials/lj.ts).
        if (dz > hz) nz = -1; else if (dz < -hz) nz = 1;
        dz += nz * lz; dy += nz * yz; dx += nz * xz;
        if (dy > hy) ny = -1; else if (dy < -hy) ny = 1;
        dy += ny * ly; dx += ny * xy;
        if (dx > hx) nx = -1; else if (dx < -hx) nx = 1;
        dx += nx * lx;
      }
      put(i, j, dx, dy, dz, 9 * (nx + 1) + 3 * (ny + 1) + (nz + 1));
      put(j, i, -dx, -dy, -dz, 9 * (1 - nx) + 3 * (1 - ny) + (1 - nz));
    }
  }
  for (let i = 0; i < rows * fold; i++) {
    for (let k = i < n ? fill[i] : 0; k < width; k++) {
      const e = i * width + k;
      entries.fill(0, 4 * e, 4 * e + 3);
      entries[4 * e + 3] = -1;
      image[e] = 13;
    }
  }
  const xref = previous && previous.xref.length === 3 * n ? previous.xref : new Float64Array(3 * n);
  xref.set(x.subarray(0, 3 * n));
  return { build: nl.builds, n, width, fold, rows, entries, image, box: { ...box }, xref };
}

/** Displacements since the build and species, 4 floats per atom (ux, uy, uz, type), into `out`. */
export function packDisplacements(x: Float64Array, type: Int32Array, list: FullList, out: Float32Array): void {
  const { xref, n } = list;
  for (let i = 0; i < n; i++) {
    out[4 * i] = x[3 * i] - xref[3 * i];
    out[4 * i + 1] = x[3 * i + 1] - xref[3 * i + 1];
    out[4 * i + 2] = x[3 * i + 2] - xref[3 * i + 2];
    out[4 * i + 3] = type[i];
  }
}

/** Box change since the build, (dlx, dly, dlz, dxy, dxz, dyz), and whether any is non-zero. */
export function boxChange(now: Box, build: Box, out: Float32Array): boolean {
  out[0] = now.lx - build.lx;
  out[1] = now.ly - build.ly;
  out[2] = now.lz - build.lz;
  out[3] = now.xy - build.xy;
  out[4] = now.xz - build.xz;
  out[5] = now.yz - build.yz;
  return out.some((v) => v !== 0);
}
