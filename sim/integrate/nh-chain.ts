/**
 * A Nosé–Hoover chain (Martyna, Klein & Tuckerman, JCP 97, 2635, 1992) advanced by half steps
 * exactly as LAMMPS FixNH::nhc_temp_integrate / nhc_press_integrate do (one Suzuki–Yoshida loop).
 * The chain couples to some degrees of freedom through their kinetic energy `drive()` (twice the
 * kinetic energy, or N_f k T), pulls it towards `target`, and scales them by the factor it passes
 * to `scale`. Shared by the temperature thermostat and the barostat's own thermostat.
 */
export interface NHChain {
  readonly length: number;
  eta: Float64Array;
  /** One extra, always-zero element so the top of the chain needs no special case. */
  etaDot: Float64Array;
  etaDotDot: Float64Array;
  mass: Float64Array;
}

export function createChain(length: number): NHChain {
  return {
    length,
    eta: new Float64Array(length),
    etaDot: new Float64Array(length + 1),
    etaDotDot: new Float64Array(length),
    mass: new Float64Array(length),
  };
}

/** Forces on the upper chain elements from their lower neighbours (LAMMPS setup()). */
export function initChainForces(c: NHChain, kT: number): void {
  for (let k = 1; k < c.length; k++) {
    c.etaDotDot[k] = (c.mass[k - 1] * c.etaDot[k - 1] * c.etaDot[k - 1] - kT) / c.mass[k];
  }
}

/** Half a time step (dt / 2) of the chain. */
export function chainHalfStep(
  c: NHChain, dt: number, kT: number, target: number, drive: () => number, scale: (factor: number) => void,
): void {
  const { eta, etaDot, etaDotDot, mass, length: m } = c;
  const dt2 = 0.5 * dt, dt4 = 0.25 * dt, dt8 = 0.125 * dt;
  etaDotDot[0] = (drive() - target) / mass[0];
  for (let k = m - 1; k > 0; k--) {
    const e = Math.exp(-dt8 * etaDot[k + 1]);
    etaDot[k] = (etaDot[k] * e + etaDotDot[k] * dt4) * e;
  }
  let e = Math.exp(-dt8 * etaDot[1]);
  etaDot[0] = (etaDot[0] * e + etaDotDot[0] * dt4) * e;
  scale(Math.exp(-dt2 * etaDot[0]));
  etaDotDot[0] = (drive() - target) / mass[0];
  for (let k = 0; k < m; k++) eta[k] += dt2 * etaDot[k];
  etaDot[0] = (etaDot[0] * e + etaDotDot[0] * dt4) * e;
  for (let k = 1; k < m; k++) {
    e = Math.exp(-dt8 * etaDot[k + 1]);
    etaDotDot[k] = (mass[k - 1] * etaDot[k - 1] * etaDot[k - 1] - kT) / mass[k];
    etaDot[k] = (etaDot[k] * e + etaDotDot[k] * dt4) * e;
  }
}

/**
 * Energy of the chain's variables: first * eta_0 + kT sum_{k>0} eta_k + sum_k Q_k eta_dot_k^2 / 2
 * (`first` is N_f k T for the temperature chain, k T for the barostat's).
 */
export function chainEnergy(c: NHChain, first: number, kT: number): number {
  let e = first * c.eta[0];
  for (let k = 1; k < c.length; k++) e += kT * c.eta[k];
  for (let k = 0; k < c.length; k++) e += 0.5 * c.mass[k] * c.etaDot[k] * c.etaDot[k];
  return e;
}

export function saveChain(c: NHChain) {
  return { eta: [...c.eta], etaDot: [...c.etaDot], etaDotDot: [...c.etaDotDot], mass: [...c.mass] };
}

export function restoreChain(c: NHChain, s: ReturnType<typeof saveChain>): void {
  c.eta.set(s.eta);
  c.etaDot.set(s.etaDot);
  c.etaDotDot.set(s.etaDotDot);
  c.mass.set(s.mass);
}
