/**
 * An analytic landscape for one atom in a large box: along x, Gaussian wells and a bump,
 * E(u) = Σ_k a_k exp(−(u − c_k)² / (2 s_k²)) with u = x − x0, and a harmonic k (y − y0)² + k (z − z0)²
 * across. Forces are exact derivatives; for descent tests where the basin a path leads to is known.
 */
import type { State } from '../../sim/state.js';
import type { ComputeFlags, ForceOutput, Potential } from '../../sim/potentials/potential.js';

export interface Well {
  /** Amplitude (negative: a well), centre and width along x. */
  a: number;
  c: number;
  s: number;
}

export class Wells implements Potential {
  readonly name = 'wells-test';
  readonly ntypes = 1;

  constructor(readonly wells: Well[], readonly origin: [number, number, number], readonly k: number) {}

  cutoff(): number {
    return 1;
  }

  energyAt(u: number): number {
    return this.wells.reduce((e, w) => e + w.a * Math.exp(-((u - w.c) ** 2) / (2 * w.s * w.s)), 0);
  }

  compute(state: State, _nlist: unknown, _flags: ComputeFlags, out: ForceOutput): void {
    const { x, f } = state;
    const [x0, y0, z0] = this.origin;
    const u = x[0] - x0;
    let dE = 0;
    for (const w of this.wells) dE += (-w.a * (u - w.c)) / (w.s * w.s) * Math.exp(-((u - w.c) ** 2) / (2 * w.s * w.s));
    f.fill(0);
    f[0] = -dE;
    f[1] = -2 * this.k * (x[1] - y0);
    f[2] = -2 * this.k * (x[2] - z0);
    out.energy = this.energyAt(u) + this.k * ((x[1] - y0) ** 2 + (x[2] - z0) ** 2);
    out.virial.fill(0);
  }
}
