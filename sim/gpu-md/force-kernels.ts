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
 * and dx, dy, dz; p0..p3 of atom i), after `prologue`; the result accumulates in acc0..acc3. Slot by slot (stencil cell s, chunk h), only slots with marked candidates; in a
 * slot, word by word, marked bits from the highest down: as many turns as there are neighbours.
 */
function neighbourLoop(s: ForceShape, pair: string, prologue = ''): string {
  const { grid: g, vec4 } = s;
  return `
  ${s.energyVirial ? divmod('part', 'i', 'this.thread.x', s.n) : 'const i = this.thread.x;\n'}
  ${fetch('p', 'P', 'i', vec4)}
  let acc0 = 0;
  let acc1 = 0;
  let acc2 = 0;
  let acc3 = 0;
  ${prologue}
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

/** The EAM tables' sizes and constants, as the kernels have them written in. */
export interface EamShape extends ForceShape {
  nr: number;
  rdr: number;
  cutforcesq: number;
  nrho: number;
  rdrho: number;
  rhomax: number;
}

/**
 * LAMMPS spline position of r on the radial grid: knot m (1-based, at most nr - 1) and fraction
 * pr in [0, 1] (sim/potentials/eam.ts); c, the table row of species pair (ti, tj) at knot m.
 */
const RADIAL_KNOT = (s: EamShape) => `
              let pr = Math.sqrt(rsq) * ${lit(s.rdr)} + 1.0;
              let m = Math.floor(pr);
              m = Math.min(m, ${lit(s.nr - 1)});
              pr = Math.min(pr - m, ${lit(1)});
              const c = (p3 * ${s.ntypes} + q3) * ${s.nr + 1} + m;`;

/**
 * EAM pass 1 and the embedding: rho_i = sum_j rho_{tj -> ti}(r_ij) (dens: one texel per knot,
 * c3..c6, gpu-eam-tables.ts), then F(rho_i) and F'(rho_i) from emb (two texels per species and
 * knot: c0..c6 of F, eam-tables.ts), linear beyond rhomax as LAMMPS. Returns (F', F, rho, 0).
 */
export function eamDensitySource(s: EamShape): string {
  const v = s.vec4;
  return `function (C, P, dens, emb) {${neighbourLoop(s, `
            const rsq = dx * dx + dy * dy + dz * dz;
            if (rsq < ${lit(s.cutforcesq)}) {${RADIAL_KNOT(s)}
              ${fetch('d', 'dens', 'c', v)}
              acc0 += ((d0 * pr + d1) * pr + d2) * pr + d3;
            }`)}
  let pe = acc0 * ${lit(s.rdrho)} + 1.0;
  let me = Math.floor(pe);
  me = Math.max(Math.min(me, ${lit(s.nrho - 1)}), ${lit(1)});
  pe = Math.min(pe - me, ${lit(1)});
  const ce = 2 * (p3 * ${s.nrho + 1} + me);
  ${fetch('f', 'emb', 'ce', v)}${fetch('g', 'emb', 'ce + 1', v)}
  const fp = (f0 * pe + f1) * pe + f2;
  let F = ((f3 * pe + g0) * pe + g1) * pe + g2;
  if (acc0 > ${lit(s.rhomax)}) F += fp * (acc0 - ${lit(s.rhomax)});
  return [fp, F, acc0, 0];
}`;
}

/**
 * EAM pass 2: pair forces -(F'_i rho'_{j->i} + F'_j rho'_{i->j} + phi') r_ij / r with E = (F', F)
 * per atom from pass 1; pair: four texels per knot (gpu-eam-tables.ts: c0..c2 of rho'_{i->j},
 * c0..c2 of rho'_{j->i}, c0..c2 of (r phi)', c3..c6 of r phi). The energy row holds F(rho_i) +
 * half of each pair's phi.
 */
export function eamForceSource(s: EamShape): string {
  const v = s.vec4;
  return `function (C, P, pair, E) {${neighbourLoop(s, `
            const rsq = dx * dx + dy * dy + dz * dz;
            if (rsq < ${lit(s.cutforcesq)}) {${RADIAL_KNOT(s)}
              ${fetch('ta', 'pair', '4 * c', v)}${fetch('tb', 'pair', '4 * c + 1', v)}${fetch('tc', 'pair', '4 * c + 2', v)}${fetch('td', 'pair', '4 * c + 3', v, 1)}
              ${fetch('ej', 'E', 'j', v, 1)}
              const rhoip = (ta0 * pr + ta1) * pr + ta2;
              const rhojp = (ta3 * pr + tb0) * pr + tb1;
              const z2p = (tb2 * pr + tb3) * pr + tc0;
              const z2 = ((tc1 * pr + tc2) * pr + tc3) * pr + td0;
              const recip = 1.0 / Math.sqrt(rsq);
              const phi = z2 * recip;
              const phip = z2p * recip - phi * recip;
              const fpair = -(ei0 * rhojp + ej0 * rhoip + phip) * recip;${ACCUMULATE('phi', s.energyVirial)}
            }`, `${fetch('ei', 'E', 'i', v, 2)}${s.energyVirial ? 'if (part == 0) {\n    acc3 = ei1;\n  }\n' : ''}`)}
  return [acc0, acc1, acc2, acc3];
}`;
}
