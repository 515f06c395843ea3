import type { State } from '../state.js';
import type { Units } from '../units.js';

/** Half kick of velocity Verlet: v += (dt/2) F / m. */
export function halfKick(state: State, dt: number, units: Units): void {
  const { v, f, type, mass, n } = state;
  const dtf = 0.5 * dt * units.ftm2v;
  for (let i = 0; i < n; i++) {
    const s = dtf / mass[type[i]];
    const i3 = 3 * i;
    v[i3] += s * f[i3];
    v[i3 + 1] += s * f[i3 + 1];
    v[i3 + 2] += s * f[i3 + 2];
  }
}

/** Drift: x += dt v. */
export function drift(state: State, dt: number): void {
  const { x, v } = state;
  for (let k = 0; k < x.length; k++) x[k] += dt * v[k];
}

export function scaleVelocities(state: State, factor: number): void {
  const v = state.v;
  for (let k = 0; k < v.length; k++) v[k] *= factor;
}
