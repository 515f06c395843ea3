/**
 * Kernels of the resident integration (sim/gpu-md/engine.ts), one thread per atom over texels of
 * 4 floats: P = (u, type) offsets from the anchors (grid.ts), A = (anchor cell, linear cell),
 * V = (v, 0), F = (f, e_i), I = (image, tag), U0 = P at the last list build. Atoms are renumbered
 * by cell at every list build (list-kernels.ts); the tag is an atom's index in the host state. Per-species masses
 * are the constant array `mass`.
 *
 * Velocity Verlet as LAMMPS `fix nve`: v <- s v + (dt/2) F/m (s: the thermostat's scaling, applied
 * lazily before the kick), u <- u + dt v, forces, v <- v + (dt/2) F/m.
 */
import { divmod, fetch, lit } from './source.js';

/** v <- s v + dtf F / m, dtf = dt/2 · ftm2v. */
export const kickSource = (vec4: boolean) => `function (V, F, P, s, dtf) {
  const i = this.thread.x;
  ${fetch('v', 'V', 'i', vec4, 3)}${fetch('f', 'F', 'i', vec4, 3)}${fetch('p', 'P', 'i', vec4)}
  const c = dtf / this.constants.mass[p3];
  return [s * v0 + c * f0, s * v1 + c * f1, s * v2 + c * f2, 0];
}`;

/** u <- u + dt v. */
export const driftSource = (vec4: boolean) => `function (P, V, dt) {
  const i = this.thread.x;
  ${fetch('p', 'P', 'i', vec4)}${fetch('v', 'V', 'i', vec4, 3)}
  return [p0 + dt * v0, p1 + dt * v1, p2 + dt * v2, p3];
}`;

/**
 * Per atom (m v^2, d^2, 0, d^2), d the displacement since the list build: reduced (sum, sum, -,
 * max) it gives twice the kinetic energy (mass units) and the largest displacement, and the sum
 * of d^2 turns NaN when the dynamics blew up.
 */
export const stepScalarsSource = (vec4: boolean) => `function (V, P, U0) {
  const i = this.thread.x;
  ${fetch('v', 'V', 'i', vec4, 3)}${fetch('p', 'P', 'i', vec4)}${fetch('q', 'U0', 'i', vec4, 3)}
  const dx = p0 - q0;
  const dy = p1 - q1;
  const dz = p2 - q2;
  const d2 = dx * dx + dy * dy + dz * dz;
  return [this.constants.mass[p3] * (v0 * v0 + v1 * v1 + v2 * v2), d2, 0, d2];
}`;

/** Over 2n threads: (m vx vx, m vy vy, m vz vz, m vx vy) then (m vx vz, m vy vz, 0, 0), the kinetic tensor. */
export const kineticTensorSource = (n: number, vec4: boolean) => `function (V, P) {
  ${divmod('part', 'i', 'this.thread.x', n)}
  ${fetch('v', 'V', 'i', vec4, 3)}${fetch('p', 'P', 'i', vec4)}
  const m = this.constants.mass[p3];
  if (part == 0) {
    return [m * v0 * v0, m * v1 * v1, m * v2 * v2, m * v0 * v1];
  }
  return [m * v0 * v2, m * v1 * v2, 0, 0];
}`;

/** (m v, m) per atom: its sum is the total momentum and mass. */
export const momentumSource = (vec4: boolean) => `function (V, P) {
  const i = this.thread.x;
  ${fetch('v', 'V', 'i', vec4, 3)}${fetch('p', 'P', 'i', vec4)}
  const m = this.constants.mass[p3];
  return [m * v0, m * v1, m * v2, m];
}`;

/** v <- v - vcm. */
export const shiftVelocitySource = (vec4: boolean) => `function (V, cx, cy, cz) {
  const i = this.thread.x;
  ${fetch('v', 'V', 'i', vec4, 3)}
  return [v0 - cx, v1 - cy, v2 - cz, 0];
}`;

/**
 * One level of a block reduction over runs (parts) of `len` texels, each cut into blocks of `block`;
 * thread (part, b) returns the sum of block b of its part, channel 3 the maximum instead when `max`.
 */
export function reduceSource(len: number, block: number, max: boolean, vec4: boolean): string {
  const nb = Math.ceil(len / block);
  return `function (a) {
  ${divmod('part', 'b', 'this.thread.x', nb)}
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < ${block}; k++) {
    const m = b * ${block} + k;
    if (m < ${len}) {
      ${fetch('t', 'a', `part * ${len} + m`, vec4)}
      s0 += t0;
      s1 += t1;
      s2 += t2;
      ${max ? 's3 = Math.max(s3, t3);' : 's3 += t3;'}
    }
  }
  return [s0, s1, s2, s3];
}`;
}

/** Texels the reduction of `len` texels per part leaves after one level. */
export const reducedLength = (len: number, block: number) => Math.ceil(len / block);

/**
 * Re-anchoring at a list build, step 1: the new anchors, k = floor(u / w + 1/2) cells away per
 * axis, wrapped into the grid; (anchor, linear cell). k is computed here only, so that the offsets
 * and image counts (step 2) follow the very same anchors.
 */
export function anchorSource(nc: number[], w: number[], vec4: boolean): string {
  const axis = (d: number) => `
  const s${d} = a${d} + Math.floor(p${d} / ${lit(w[d])} + 0.5);
  const n${d} = s${d} - Math.floor((s${d} + 0.5) / ${nc[d]}) * ${nc[d]};`;
  return `function (P, A) {
  const i = this.thread.x;
  ${fetch('p', 'P', 'i', vec4, 3)}${fetch('a', 'A', 'i', vec4, 3)}${axis(0)}${axis(1)}${axis(2)}
  return [n0, n1, n2, (n0 * ${nc[1]} + n1) * ${nc[2]} + n2];
}`;
}

/**
 * Step 2, from the old anchors A and the new ones B: the move k in {-1, 0, 1} per axis (the
 * difference, unwrapped; |k| <= 1 as long as no atom moved half a cell since the last build), and
 * then 'P': u - k w, exact (Sterbenz), or 'I': the image count plus the wraps (and the tag).
 */
export function reanchoredSource(nc: number[], w: number[], out: 'P' | 'I', vec4: boolean): string {
  const axis = (d: number) => `
  const e${d} = b${d} - a${d};
  const k${d} = e${d} > 1 ? e${d} - ${nc[d]} : (e${d} < -1 ? e${d} + ${nc[d]} : e${d});
  const wrap${d} = Math.floor((a${d} + k${d} + 0.5) / ${nc[d]});`;
  const ret = out === 'P'
    ? `[t0 - k0 * ${lit(w[0])}, t1 - k1 * ${lit(w[1])}, t2 - k2 * ${lit(w[2])}, t3]`
    : '[t0 + wrap0, t1 + wrap1, t2 + wrap2, t3]';
  return `function (T, A, B) {
  const i = this.thread.x;
  ${fetch('t', 'T', 'i', vec4)}${fetch('a', 'A', 'i', vec4, 3)}${fetch('b', 'B', 'i', vec4, 3)}${axis(0)}${axis(1)}${axis(2)}
  return ${ret};
}`;
}
