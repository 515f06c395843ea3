/**
 * Force kernels of the resident path: one thread per atom over its neighbours as the device list
 * marks them (list-kernels.ts: per stencil cell s, the marked candidates of the cell-sorted order),
 * with j in the cell at offset o from i's:
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
import { HIGHEST_BIT } from './list-kernels.js';
import type { DeviceGrid } from './grid.js';

/** Layout of a force kernel: atoms, candidate chunks per stencil cell, species, grid, whether energy and virial are wanted. */
export interface ForceShape {
  n: number;
  chunks: number;
  ntypes: number;
  grid: DeviceGrid;
  energyVirial: boolean;
  vec4: boolean;
}

/** Adds a pair of force factor fpair (F_i = r_ij fpair) and pair energy `e` to the output row `part`. */
const ACCUMULATE = (e: string, ev: boolean) => ev ? `
              if (part == 0) {
                acc0 += dx * fpair;
                acc1 += dy * fpair;
                acc2 += dz * fpair;
                acc3 += 0.5 * (${e});
              } else if (part == 1) {
                acc0 += 0.5 * dx * dx * fpair;
                acc1 += 0.5 * dy * dy * fpair;
                acc2 += 0.5 * dz * dz * fpair;
                acc3 += 0.5 * dx * dy * fpair;
              } else {
                acc0 += 0.5 * dx * dz * fpair;
                acc1 += 0.5 * dy * dz * fpair;
              }` : `
              acc0 += dx * fpair;
              acc1 += dy * fpair;
              acc2 += dz * fpair;`;

/**
 * Loops over atom i's neighbours, running `pair` for each (it sees j, q0..q3: u and type of j,
 * and dx, dy, dz). Slot by slot (stencil cell s, chunk h), only slots with marked candidates; in a
 * slot, word by word, marked bits from the highest down: as many turns as there are neighbours.
 */
function neighbourLoop(s: ForceShape, pair: string): string {
  const { grid: g, vec4 } = s;
  return `
  ${s.energyVirial ? divmod('part', 'i', 'this.thread.x', s.n) : 'const i = this.thread.x;\n'}
  ${fetch('p', 'P', 'i', vec4)}
  let acc0 = 0;
  let acc1 = 0;
  let acc2 = 0;
  let acc3 = 0;
  for (let slot = 0; slot < ${27 * s.chunks}; slot++) {
    ${fetch('t', 'C', `slot * ${s.n} + i`, vec4)}
    if (t0 + t1 + t2 > 0.5) {
      ${divmod('sc', 'h', 'slot', s.chunks)}${STENCIL('sc')}
      const sx = ox * ${lit(g.w[0])};
      const sy = oy * ${lit(g.w[1])};
      const sz = oz * ${lit(g.w[2])};
      for (let wd = 0; wd < 3; wd++) {
        let word = wd == 0 ? t0 : (wd == 1 ? t1 : t2);
        for (let b = 0; b < 24; b++) {
          if (word < 0.5) break;${HIGHEST_BIT}
          word -= top;
          const j = t3 + 24 * wd + e;
          ${fetch('q', 'P', 'j', vec4)}
          const dx = (p0 - q0) - sx;
          const dy = (p1 - q1) - sy;
          const dz = (p2 - q2) - sz;${pair}
        }
      }
    }
  }`;
}

/** Lennard-Jones forces (and energy and virial) from the device list: masks C (list-kernels.ts), offsets P. */
export function ljForceSource(s: ForceShape): string {
  const e = 'r6inv * (this.constants.prm[c + 3] * r6inv - this.constants.prm[c + 4]) - this.constants.prm[c + 5]';
  return `function (C, P) {${neighbourLoop(s, `
      const rsq = dx * dx + dy * dy + dz * dz;
      const c = 8 * (p3 * ${s.ntypes} + q3);
      if (rsq < this.constants.prm[c]) {
        const r2inv = 1.0 / rsq;
        const r6inv = r2inv * r2inv * r2inv;
        const fpair = r6inv * (this.constants.prm[c + 1] * r6inv - this.constants.prm[c + 2]) * r2inv;${ACCUMULATE(e, s.energyVirial)}
      }`)}
  return [acc0, acc1, acc2, acc3];
}`;
}
