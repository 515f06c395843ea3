/**
 * Force kernels of the resident path: one thread per atom over its row of the device list
 * (list-kernels.ts). Entry 27 j + s gives j and its cell offset o (STENCIL), and
 *
 *   r_ij = u_i - u_j - o w
 *
 * (grid.ts). With energy and virial the output has 3n threads: (f, e_i) for thread i, then
 * (Wxx, Wyy, Wzz, Wxy) and (Wxz, Wyz, 0, 0) per atom, each pair seen from both sides contributing
 * half (LAMMPS pe/atom, stress/atom); without, n threads of (f, 0).
 *
 * The Lennard-Jones pair law is an f32 copy of sim/potentials/lj-pair.ts (a gpu.js kernel cannot
 * call TypeScript): constant array prm[8 p + c], p = ti ntypes + tj: cutsq, lj1, lj2, lj3, lj4, offset.
 */
import { divmod, fetch, lit, STENCIL } from './source.js';
import type { DeviceGrid } from './grid.js';

/** Layout of a force kernel: atoms, list width, species, grid, whether energy and virial are wanted. */
export interface ForceShape {
  n: number;
  width: number;
  ntypes: number;
  grid: DeviceGrid;
  energyVirial: boolean;
  vec4: boolean;
}

/** Defines j, q0..q3 (u and type of j), dx, dy, dz for list entry `code` of atom i. */
const SEPARATION = (code: string, s: ForceShape) => `
      ${divmod('j', 'sc', code, 27)}${STENCIL('sc')}
      ${fetch('q', 'P', 'j', s.vec4)}
      const dx = (p0 - q0) - ox * ${lit(s.grid.w[0])};
      const dy = (p1 - q1) - oy * ${lit(s.grid.w[1])};
      const dz = (p2 - q2) - oz * ${lit(s.grid.w[2])};`;

/** Adds a pair of force factor fpair (F_i = r_ij fpair) and pair energy `e` to the output row `part`. */
const ACCUMULATE = (e: string, ev: boolean) => ev ? `
        if (part == 0) {
          a0 += dx * fpair;
          a1 += dy * fpair;
          a2 += dz * fpair;
          a3 += 0.5 * (${e});
        } else if (part == 1) {
          a0 += 0.5 * dx * dx * fpair;
          a1 += 0.5 * dy * dy * fpair;
          a2 += 0.5 * dz * dz * fpair;
          a3 += 0.5 * dx * dy * fpair;
        } else {
          a0 += 0.5 * dx * dz * fpair;
          a1 += 0.5 * dy * dz * fpair;
        }` : `
        a0 += dx * fpair;
        a1 += dy * fpair;
        a2 += dz * fpair;`;

/** Loops over atom i's row, running `pair` (which sees j, q0..q3, dx, dy, dz) for each entry. */
function rowLoop(s: ForceShape, pair: string): string {
  const q = s.width / 4;
  const entry = (c: number) => `
    if (e${c} >= 0) {${SEPARATION(`e${c}`, s)}${pair}
    }`;
  return `
  ${s.energyVirial ? divmod('part', 'i', 'this.thread.x', s.n) : 'const i = this.thread.x;\n'}
  ${fetch('p', 'P', 'i', s.vec4)}
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  for (let k = 0; k < ${q}; k++) {
    ${fetch('e', 'L', `i * ${q} + k`, s.vec4)}
    if (e0 < 0) break;${[0, 1, 2, 3].map(entry).join('')}
  }`;
}

/** Lennard-Jones forces (and energy and virial) from the device list. */
export function ljForceSource(s: ForceShape): string {
  const e = 'r6inv * (this.constants.prm[c + 3] * r6inv - this.constants.prm[c + 4]) - this.constants.prm[c + 5]';
  return `function (L, P) {${rowLoop(s, `
      const rsq = dx * dx + dy * dy + dz * dz;
      const c = 8 * (p3 * ${s.ntypes} + q3);
      if (rsq < this.constants.prm[c]) {
        const r2inv = 1.0 / rsq;
        const r6inv = r2inv * r2inv * r2inv;
        const fpair = r6inv * (this.constants.prm[c + 1] * r6inv - this.constants.prm[c + 2]) * r2inv;${ACCUMULATE(e, s.energyVirial)}
      }`)}
  return [a0, a1, a2, a3];
}`;
}
