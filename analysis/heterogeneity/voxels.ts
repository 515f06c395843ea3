/**
 * A voxel grid that deforms with the box: voxel (ix, iy, iz) holds the atoms whose fractional
 * coordinates (in the reference configuration) fall in [ix/nx, (ix+1)/nx) × ... . All voxels have
 * the volume V / (nx ny nz) in every strained box, so the volume average of voxel stresses is the
 * box stress exactly.
 */
import { InputError } from '../../sim/errors.js';
import { toFractional, type Box } from '../../sim/box.js';
import type { State } from '../../sim/state.js';

export interface VoxelGrid {
  nx: number;
  ny: number;
  nz: number;
  /** Voxel edge lengths lx/nx, ly/ny, lz/nz of the reference box (length units). */
  cell: [number, number, number];
  /** Voxel of each atom, index (iz * ny + iy) * nx + ix. */
  voxelOf: Int32Array;
  /** Atoms per voxel. */
  atoms: Int32Array;
}

export function voxelCount(g: { nx: number; ny: number; nz: number }): number {
  return g.nx * g.ny * g.nz;
}

/** Divisions of each edge into voxels about W long: round(L / W), at least 1. */
export function gridDivisions(box: Box, width: number): [number, number, number] {
  if (!(Number.isFinite(width) && width > 0)) throw new InputError(`voxel size must be a number > 0, got ${width}`);
  return [box.lx, box.ly, box.lz].map((l) => Math.max(1, Math.round(l / width))) as [number, number, number];
}

export function voxelGrid(state: State, width: number): VoxelGrid {
  const [nx, ny, nz] = gridDivisions(state.box, width);
  const voxelOf = new Int32Array(state.n);
  const atoms = new Int32Array(nx * ny * nz);
  const s = [0, 0, 0];
  const bin = (f: number, m: number) => {
    const k = Math.floor((f - Math.floor(f)) * m);
    return k >= m ? m - 1 : k;
  };
  for (let i = 0; i < state.n; i++) {
    toFractional(state.box, state.x[3 * i], state.x[3 * i + 1], state.x[3 * i + 2], s);
    const v = (bin(s[2], nz) * ny + bin(s[1], ny)) * nx + bin(s[0], nx);
    voxelOf[i] = v;
    atoms[v]++;
  }
  const { lx, ly, lz } = state.box;
  return { nx, ny, nz, cell: [lx / nx, ly / ny, lz / nz], voxelOf, atoms };
}

/** Sums per-atom vectors of `width` components into voxels: out[width v + c]. */
export function sumByVoxel(grid: VoxelGrid, perAtom: Float64Array, width: number): Float64Array {
  const out = new Float64Array(width * voxelCount(grid));
  const { voxelOf } = grid;
  for (let i = 0; i < voxelOf.length; i++) {
    const v = width * voxelOf[i], a = width * i;
    for (let c = 0; c < width; c++) out[v + c] += perAtom[a + c];
  }
  return out;
}
