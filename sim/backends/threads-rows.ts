/**
 * The per-row arithmetic of an MD step in a worker of the threads backend, on its own rows of
 * the shared arrays (row order). Every expression is the host's (sim/integrate/verlet.ts,
 * nose-hoover.ts, sim/neighbor.ts, sim/thermo.ts) in the same order, so a step in the workers
 * gives the very bits the host's loops would.
 */
import { MOTION_STRIDE, motionSlot, stepSlot, type SharedArrays } from './threads-shared.js';

/**
 * v *= f1, v *= f2 (the thermostat's scalings), the half kick v += (dt/2) F / m, the drift
 * x += dt v, and the check against the positions of the last build; writes this worker's largest
 * v^2 and its finiteness witness (a sum of x*0 and v*0: NaN once any is not finite) to the motion
 * slots. Returns whether an atom moved farther than the list allows.
 */
export function drift(s: SharedArrays, params: Float64Array, workers: number, me: number, r0: number, r1: number): boolean {
  const p = stepSlot(workers);
  const f1 = params[p], f2 = params[p + 1], dtf = params[p + 2], dt = params[p + 3], limit2 = params[p + 4];
  const { x, v, fs, xBuild, type, mass } = s;
  let far = false, vmax2 = 0, witness = 0;
  for (let r = r0; r < r1; r++) {
    const r3 = 3 * r;
    let vx = v[r3], vy = v[r3 + 1], vz = v[r3 + 2];
    if (f1 !== 1) {
      vx *= f1; vy *= f1; vz *= f1;
    }
    if (f2 !== 1) {
      vx *= f2; vy *= f2; vz *= f2;
    }
    const kick = dtf / mass[type[r]];
    vx += kick * fs[r3]; vy += kick * fs[r3 + 1]; vz += kick * fs[r3 + 2];
    v[r3] = vx; v[r3 + 1] = vy; v[r3 + 2] = vz;
    const px = x[r3] + dt * vx, py = x[r3 + 1] + dt * vy, pz = x[r3 + 2] + dt * vz;
    x[r3] = px; x[r3 + 1] = py; x[r3 + 2] = pz;
    const dx = px - xBuild[r3], dy = py - xBuild[r3 + 1], dz = pz - xBuild[r3 + 2];
    if (dx * dx + dy * dy + dz * dz > limit2) far = true;
    const v2 = vx * vx + vy * vy + vz * vz;
    if (v2 > vmax2) vmax2 = v2;
    witness += px * 0 + py * 0 + pz * 0 + vx * 0 + vy * 0 + vz * 0;
  }
  const m = motionSlot(workers) + MOTION_STRIDE * me;
  params[m] = vmax2;
  params[m + 1] = witness;
  return far;
}

/**
 * fs = the workers' forces on rows r0 .. r1 summed in worker order; with `kick` also the second
 * half kick of those rows and their m v^2 (by row: the host sums them in atom order through rank;
 * written by atom, the two workers' atoms would share cache lines).
 */
export function kickAndSum(s: SharedArrays, params: Float64Array, workers: number, r0: number, r1: number, kick: boolean): void {
  const dtf = params[stepSlot(workers) + 2];
  const { fs, f, v, type, mass, mv2, mv2Stride } = s;
  const f0 = f[0];
  for (let r = r0; r < r1; r++) {
    const r3 = 3 * r;
    let fx = f0[r3], fy = f0[r3 + 1], fz = f0[r3 + 2];
    for (let w = 1; w < workers; w++) {
      const fw = f[w];
      fx += fw[r3];
      fy += fw[r3 + 1];
      fz += fw[r3 + 2];
    }
    fs[r3] = fx; fs[r3 + 1] = fy; fs[r3 + 2] = fz;
    if (!kick) continue;
    const m = mass[type[r]], k = dtf / m;
    const vx = v[r3] + k * fx, vy = v[r3 + 1] + k * fy, vz = v[r3 + 2] + k * fz;
    v[r3] = vx; v[r3 + 1] = vy; v[r3 + 2] = vz;
    mv2[mv2Stride * r] = m * (vx * vx + vy * vy + vz * vz);
  }
}

/**
 * Before a list build: positions into xBuild and velocities into fs, by atom (both free until the
 * forces after the build), for rows r0 .. r1.
 */
export function rowsToAtoms(s: SharedArrays, r0: number, r1: number): void {
  const { x, v, xBuild, fs, atomOf } = s;
  for (let r = r0; r < r1; r++) {
    const r3 = 3 * r, i3 = 3 * atomOf[r];
    xBuild[i3] = x[r3]; xBuild[i3 + 1] = x[r3 + 1]; xBuild[i3 + 2] = x[r3 + 2];
    fs[i3] = v[r3]; fs[i3 + 1] = v[r3 + 1]; fs[i3 + 2] = v[r3 + 2];
  }
}

