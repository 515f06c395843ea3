/**
 * A Lennard-Jones mixture with force-shifted truncation (energy and force both continuous at the
 * cut-off): V_fs(r) = V(r) - V(rc) - (r - rc) V'(rc). Saddle tests need continuous forces: the
 * truncated-shifted lj/cut of the engine has a force jump at rc, which makes finite-difference
 * Hessians meaningless for pairs near the cut-off. Plain loops over the half list, for small tests.
 */
import type { State } from '../../sim/state.js';
import type { NeighborList } from '../../sim/neighbor.js';
import { minimumImage } from '../../sim/box.js';
import type { ComputeFlags, ForceOutput, Potential } from '../../sim/potentials/potential.js';
import type { LJModel } from '../../sim/potentials/lj.js';

export class ForceShiftedLennardJones implements Potential {
  readonly name = 'lj/force-shifted-test';
  readonly ntypes: number;
  /** Per species pair (ti * ntypes + tj): rc^2, 4 eps s^12, 4 eps s^6, V(rc), V'(rc). */
  private readonly c: Float64Array[];

  constructor(readonly model: LJModel) {
    const nt = (this.ntypes = model.species.length);
    this.c = Array.from({ length: nt * nt }, (_, k) => {
      const { epsilon: e, sigma: s, cutoff: rc } = model.pairs[Math.floor(k / nt)][k % nt];
      const a = 4 * e * s ** 12, b = 4 * e * s ** 6;
      return Float64Array.of(rc * rc, rc, a, b, a / rc ** 12 - b / rc ** 6, (-12 * a) / rc ** 13 + (6 * b) / rc ** 7);
    });
  }

  cutoff(ti: number, tj: number): number {
    return this.model.pairs[ti][tj].cutoff;
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    const { x, f, type } = state;
    f.fill(0);
    out.virial.fill(0);
    let energy = 0;
    const d = [0, 0, 0];
    const v = out.virial;
    for (let i = 0; i < state.n; i++) {
      for (let k = nlist.start[i]; k < nlist.end[i]; k++) {
        const j = nlist.neigh[k];
        d[0] = x[3 * i] - x[3 * j];
        d[1] = x[3 * i + 1] - x[3 * j + 1];
        d[2] = x[3 * i + 2] - x[3 * j + 2];
        minimumImage(state.box, d);
        const rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        const c = this.c[type[i] * this.ntypes + type[j]];
        if (rsq >= c[0]) continue;
        const r = Math.sqrt(rsq), r6 = 1 / (rsq * rsq * rsq);
        energy += r6 * (c[2] * r6 - c[3]) - c[4] - (r - c[1]) * c[5];
        // F/r = -(V'(r) - V'(rc)) / r
        const fr = (r6 * (12 * c[2] * r6 - 6 * c[3])) / rsq + c[5] / r;
        f[3 * i] += fr * d[0];
        f[3 * i + 1] += fr * d[1];
        f[3 * i + 2] += fr * d[2];
        f[3 * j] -= fr * d[0];
        f[3 * j + 1] -= fr * d[1];
        f[3 * j + 2] -= fr * d[2];
        v[0] += fr * d[0] * d[0];
        v[1] += fr * d[1] * d[1];
        v[2] += fr * d[2] * d[2];
        v[3] += fr * d[0] * d[1];
        v[4] += fr * d[0] * d[2];
        v[5] += fr * d[1] * d[2];
      }
    }
    if (flags.energyVirial) out.energy = energy;
  }
}
