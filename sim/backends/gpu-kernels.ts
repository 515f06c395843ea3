/**
 * gpu.js kernel sources (strings, so that no TypeScript transform touches them), one thread per
 * atom over the padded full list of gpu-list.ts. Arguments, as 2-D inputs (exact indices on GL
 * and webasm, where index arithmetic is f32; `fold` list rows share one input row so that no
 * side exceeds the GL texture size limit):
 *   nb[row][col + 4k + c] (row = floor(i / fold), col = 4 width (i mod fold)): build-time
 *     separation d0 (c = 0..2) and neighbour j (c = 3, -1 ends the row),
 *   img[row][col / 4 + k]: image code of the entry, read only when the box moved since the build (moved = 1),
 *   u[i][c]: displacement since the build (c = 0..2) and species (c = 3),
 *   dh: box change (dlx, dly, dlz, dxy, dxz, dyz).
 * r_ij = x_i - x_j = d0 + u_i - u_j + (h - h_build)·n. Each pair is seen from both atoms, so
 * per-atom energies and virials take half of each pair (LAMMPS pe/atom, stress/atom).
 *
 * A kernel with output [n] returns (fx, fy, fz, e_i) per atom; with output [3n] (energy and
 * virial steps) threads n..2n-1 return (Wxx, Wyy, Wzz, Wxy) and 2n..3n-1 (Wxz, Wyz, 0, 0) per
 * atom (1-D outputs: GL folds them into a square texture).
 */

/**
 * The separation of entry k of row i, with the box-change term; defines j, tj, dx, dy, dz. With
 * `vec4` (GL) the list and u are textures of 4-float texels read whole, one fetch per entry and
 * per neighbour (on GL only `const t = tex[k]; t[0]` reads a texel right); otherwise flat arrays.
 */
const SEPARATION = (vec4: boolean) => `${vec4 ? `
    const e = nb[row][col / 4 + k];
    const j = e[3];
    if (j < 0) break;
    const uj = u[j];
    const tj = uj[3];
    let dx = e[0] + uix - uj[0];
    let dy = e[1] + uiy - uj[1];
    let dz = e[2] + uiz - uj[2];` : `
    const j = nb[row][col + 4 * k + 3];
    if (j < 0) break;
    const tj = u[j][3];
    let dx = nb[row][col + 4 * k] + uix - u[j][0];
    let dy = nb[row][col + 4 * k + 1] + uiy - u[j][1];
    let dz = nb[row][col + 4 * k + 2] + uiz - u[j][2];`}
    if (moved > 0) {
      const code = img[row][col / 4 + k];
      const nx = Math.floor(code / 9) - 1;
      const ny = Math.floor((code - 9 * (nx + 1)) / 3) - 1;
      const nz = code - 9 * (nx + 1) - 3 * (ny + 1) - 1;
      dx += nx * dh[0] + ny * dh[3] + nz * dh[4];
      dy += ny * dh[1] + nz * dh[5];
      dz += nz * dh[2];
    }`;

/** Layout of a kernel: atoms, list width and fold (gpu-list.ts), and whether reads are vec4 (GL). */
export interface KernelShape {
  n: number;
  width: number;
  fold: number;
  vec4: boolean;
}

const PROLOGUE = ({ n, width, fold, vec4 }: KernelShape) => `
  const part = Math.floor(this.thread.x / ${n});
  const i = this.thread.x - part * ${n};
  const row = Math.floor(i / ${fold});
  const col = (i - row * ${fold}) * ${4 * width};${vec4 ? `
  const ui = u[i];
  const uix = ui[0];
  const uiy = ui[1];
  const uiz = ui[2];
  const ti = ui[3];` : `
  const uix = u[i][0];
  const uiy = u[i][1];
  const uiz = u[i][2];
  const ti = u[i][3];`}
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;`;

/**
 * Accumulates one pair with force factor fpair (F_i = r_ij fpair) and pair energy expression
 * `e` into a0..a3 according to the output row.
 */
const ACCUMULATE = (e: string) => `
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
      }`;

/**
 * Truncated(-shifted) Lennard-Jones, LAMMPS lj/cut. prm[8p + c], p = ti ntypes + tj: cutsq, lj1,
 * lj2, lj3, lj4, offset (ljTables, sim/potentials/lj-pair.ts). The pair law here is an f32 copy of
 * lj-pair.ts's evaluator: gpu.js compiles kernel source strings and cannot call a TypeScript
 * function. `energy` false drops the energy from row 0.
 */
export function ljKernelSource(ntypes: number, shape: KernelShape, energy: boolean): string {
  const e = energy ? 'r6inv * (prm[p + 3] * r6inv - prm[p + 4]) - prm[p + 5]' : '0';
  return `function (nb, img, u, dh, moved, prm) {${PROLOGUE(shape)}
  for (let k = 0; k < ${shape.width}; k++) {${SEPARATION(shape.vec4)}
    const rsq = dx * dx + dy * dy + dz * dz;
    const p = 8 * (ti * ${ntypes} + tj);
    if (rsq < prm[p]) {
      const r2inv = 1.0 / rsq;
      const r6inv = r2inv * r2inv * r2inv;
      const fpair = r6inv * (prm[p + 1] * r6inv - prm[p + 2]) * r2inv;${ACCUMULATE(e)}
    }
  }
  return [a0, a1, a2, a3];
}`;
}

/**
 * LAMMPS spline position of r on the radial grid: knot m (1-based, at most nr - 1) and fraction
 * p in [0, 1] (sim/potentials/eam.ts).
 */
const RADIAL_KNOT = (nr: number) => `
      let pr = Math.sqrt(rsq) * rdr + 1.0;
      let m = Math.floor(pr);
      m = Math.min(m, ${nr - 1});
      pr = Math.min(pr - m, 1.0);`;

/**
 * EAM pass 1: host density rho_i = sum_j rho_{j->i}(r_ij). dens[4 (p (nr + 1) + m) + c]: cubic
 * coefficients c3..c6 of the density that species tj adds at ti. Returns rho_i.
 */
export function eamDensitySource(ntypes: number, nr: number, shape: KernelShape): string {
  return `function (nb, img, u, dh, moved, dens, cutforcesq, rdr) {${PROLOGUE(shape)}
  for (let k = 0; k < ${shape.width}; k++) {${SEPARATION(shape.vec4)}
    const rsq = dx * dx + dy * dy + dz * dz;
    if (rsq < cutforcesq) {${RADIAL_KNOT(nr)}
      const c = 4 * ((ti * ${ntypes} + tj) * ${nr + 1} + m);
      a0 += ((dens[c] * pr + dens[c + 1]) * pr + dens[c + 2]) * pr + dens[c + 3];
    }
  }
  return a0;
}`;
}

/**
 * EAM pass 2: pair forces -(F'_i rho'_{j->i} + F'_j rho'_{i->j} + phi') r_ij / r with the
 * embedding derivatives fp from the host. pair[16 (p (nr + 1) + m) + c]: c0..c2 of rho'_{i->j},
 * c0..c2 of rho'_{j->i}, c0..c2 of (r phi)', c3..c6 of r phi.
 */
export function eamForceSource(ntypes: number, nr: number, shape: KernelShape, energy: boolean): string {
  return `function (nb, img, u, dh, moved, pair, fp, cutforcesq, rdr) {${PROLOGUE(shape)}
  const fpi = fp[i];
  for (let k = 0; k < ${shape.width}; k++) {${SEPARATION(shape.vec4)}
    const rsq = dx * dx + dy * dy + dz * dz;
    if (rsq < cutforcesq) {${RADIAL_KNOT(nr)}
      const c = 16 * ((ti * ${ntypes} + tj) * ${nr + 1} + m);
      const rhoip = (pair[c] * pr + pair[c + 1]) * pr + pair[c + 2];
      const rhojp = (pair[c + 3] * pr + pair[c + 4]) * pr + pair[c + 5];
      const z2p = (pair[c + 6] * pr + pair[c + 7]) * pr + pair[c + 8];
      const z2 = ((pair[c + 9] * pr + pair[c + 10]) * pr + pair[c + 11]) * pr + pair[c + 12];
      const recip = 1.0 / Math.sqrt(rsq);
      const phi = z2 * recip;
      const phip = z2p * recip - phi * recip;
      const fpair = -(fpi * rhojp + fp[j] * rhoip + phip) * recip;${ACCUMULATE(energy ? 'phi' : '0')}
    }
  }
  return [a0, a1, a2, a3];
}`;
}
