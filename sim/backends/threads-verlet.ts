/**
 * Whole MD steps in the threads backend's workers (ResidentSteps, sim/integrate/resident.ts):
 * positions, velocities and forces stay in the shared arrays in row order between steps, and one
 * command per step has each worker scale, kick and drift its own rows, check them against the
 * last list build, compute the forces, sum them over its rows, kick again and leave m v^2 of its
 * rows. The host sums those in atom order (the bits of sim/thermo.ts), asks the
 * thermostat for its factors and rebuilds the list when an atom moved too far. The thermostat's
 * last scaling of a step is applied by the workers at the start of the next one (or to the host's
 * copy when the state is synced), in the same order as the host loop applies it.
 */
import type { State } from '../state.js';
import type { Units } from '../units.js';
import { buildNeighbors, buildPositions, ensureNeighbors, rebuildLimit, type NeighborList } from '../neighbor.js';
import type { StepContext, UniformScaling } from '../integrate/thermostat.js';
import { motionOf, type Motion, type ResidentSteps } from '../integrate/resident.js';
import { drift, halfKick, scaleVelocities } from '../integrate/verlet.js';
import { degreesOfFreedom, temperature, temperatureOfSum } from '../thermo.js';
import { phases } from '../phase-profile.js';
import { Command, FLAGS, FLAG_ENERGY_VIRIAL, FLAG_KICK, MOTION_STRIDE, motionSlot, rebuildSlot, stepSlot, writeBox } from './threads-shared.js';
import type { ComputeFlags, ForceOutput } from '../potentials/potential.js';
import type { SharedArrays } from './threads-shared.js';

/** What the steps need of the backend (sim/backends/threads.ts, ThreadsPotential). */
export interface VerletHost {
  readonly workers: number;
  readonly control: Int32Array;
  readonly params: Float64Array;
  readonly shared: SharedArrays | null;
  /** Changes whenever the shared arrays change other than by these steps. */
  readonly epoch: number;
  command(c: number, phase?: string): void;
  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void;
  /** The shared arrays holding the list and the state's positions and types, in row order. */
  load(state: State, nlist: NeighborList, atomEnergies: boolean, atomVirials: boolean): SharedArrays;
  /** Energy and virial of the last forces. */
  energies(out: ForceOutput): void;
  /** Whether the list's build positions are the shared xBuild (by row). */
  keepsBuildPositions(nlist: NeighborList): boolean;
}

export class ThreadsVerlet implements ResidentSteps {
  /** The thermostat's last scaling, not yet applied to the shared velocities. */
  private pending = 1;
  /** The backend's epoch after this object's last step; another one means the shared arrays must be loaded again. */
  private epoch = -1;
  /** Whether the state holds what the shared arrays hold. */
  private synced = true;
  private readonly dof: number;

  constructor(
    private readonly host: VerletHost,
    private readonly state: State,
    private readonly nlist: NeighborList,
    private readonly out: ForceOutput,
    private readonly scaling: UniformScaling,
    private readonly units: Units,
  ) {
    this.dof = degreesOfFreedom(state);
  }

  step(ctx: StepContext, energyVirial: boolean): { rebuilt: boolean; motion: Motion } {
    const h = this.host, W = h.workers, params = h.params;
    if (this.epoch !== h.epoch) return this.hostStep(ctx, energyVirial);
    const p = stepSlot(W);
    const limit2 = rebuildLimit(this.state, this.nlist);
    params[p] = this.pending;
    params[p + 1] = this.scaling.identity ? 1 : this.scaling.initial(this.dof, ctx);
    params[p + 2] = 0.5 * ctx.dt * this.units.ftm2v;
    params[p + 3] = ctx.dt;
    params[p + 4] = limit2;
    writeBox(params, this.state.box);
    h.control[FLAGS] = (energyVirial ? FLAG_ENERGY_VIRIAL : 0) | FLAG_KICK;
    this.synced = false;
    this.pending = 1;
    h.command(Command.Step, 'step: workers');
    const motion: Motion = { finite: true, vmax2: 0 };
    // limit2 < 0 (a new list whatever the motion): every atom with a finite position asks for one.
    let far = false;
    for (let w = 0; w < W; w++) {
      const m = motionSlot(W) + MOTION_STRIDE * w;
      motion.vmax2 = Math.max(motion.vmax2, params[m]);
      motion.finite &&= params[m + 1] === 0;
      far ||= h.control[rebuildSlot(W) + w] !== 0;
    }
    if (far) this.rebuild();
    const { mv2, mv2Stride, rank } = h.shared!;
    let sum = 0;
    for (let i = 0, n = this.state.n; i < n; i++) sum += mv2[mv2Stride * rank[i]];
    if (!this.scaling.identity) this.pending = this.scaling.final(temperatureOfSum(sum, this.dof, this.units), this.dof, ctx);
    if (energyVirial) h.energies(this.out);
    this.epoch = h.epoch;
    phases?.mark('step: host');
    return { rebuilt: far, motion };
  }

  /**
   * A new list: the workers left positions and velocities by atom (in xBuild and fs); both to the
   * host (the search may lay the shared memory out anew), the build (host binning, search in the
   * workers, which also leaves the build positions in xBuild), the velocities into the new row
   * order, then the forces and the second half kick.
   */
  private rebuild(): void {
    const h = this.host, before = h.shared!, n = this.state.n;
    this.state.x.set(before.xBuild.subarray(0, 3 * n));
    this.state.v.set(before.fs.subarray(0, 3 * n));
    phases?.mark('neighbours: sync');
    buildNeighbors(this.state, this.nlist);
    const s = h.shared!, perm = s.atomOf, vAtom = this.state.v;
    for (let r = 0; r < n; r++) {
      const i3 = 3 * perm[r];
      s.v[3 * r] = vAtom[i3];
      s.v[3 * r + 1] = vAtom[i3 + 1];
      s.v[3 * r + 2] = vAtom[i3 + 2];
    }
    s.mass.set(this.state.mass);
    phases?.mark('neighbours: sync');
    h.command(Command.Forces, 'step: workers');
  }

  /**
   * A step on the host, as runMD's own loop makes it, then the state into the shared arrays: the
   * first step, and the first after the backend computed something else (a list it copies in
   * again is arranged at the positions after the drift, as in that loop). The state is current.
   */
  private hostStep(ctx: StepContext, energyVirial: boolean): { rebuilt: boolean; motion: Motion } {
    const { state, nlist, scaling, units, dof } = this;
    if (!scaling.identity) scaleVelocities(state, scaling.initial(dof, ctx));
    halfKick(state, ctx.dt, units);
    drift(state, ctx.dt);
    const motion = motionOf(state);
    const builds = nlist.builds;
    ensureNeighbors(state, nlist);
    this.host.compute(state, nlist, { energyVirial }, this.out);
    halfKick(state, ctx.dt, units);
    if (!scaling.identity) scaleVelocities(state, scaling.final(temperature(state, units), dof, ctx));
    phases?.mark('integrate');
    this.load();
    return { rebuilt: nlist.builds !== builds, motion };
  }

  /** The state into the shared arrays. */
  private load(): void {
    const { state, nlist, host } = this;
    const s = host.load(state, nlist, false, false);
    const perm = s.atomOf, { v, f } = state, xb = host.keepsBuildPositions(nlist) ? null : buildPositions(nlist);
    for (let r = 0, n = s.n; r < n; r++) {
      const i = perm[r];
      for (let d = 0; d < 3; d++) {
        s.v[3 * r + d] = v[3 * i + d];
        s.fs[3 * r + d] = f[3 * i + d];
        if (xb) s.xBuild[3 * r + d] = xb[3 * i + d];
      }
    }
    s.mass.set(state.mass);
    this.pending = 1;
    this.synced = true;
    this.epoch = host.epoch;
    phases?.mark('step: load');
  }

  sync(): void {
    if (this.synced) return;
    const s = this.host.shared!, perm = s.atomOf, { x, v, f } = this.state, scale = this.pending;
    for (let r = 0, n = s.n; r < n; r++) {
      const i3 = 3 * perm[r], r3 = 3 * r;
      for (let d = 0; d < 3; d++) {
        x[i3 + d] = s.x[r3 + d];
        v[i3 + d] = scale === 1 ? s.v[r3 + d] : s.v[r3 + d] * scale;
        f[i3 + d] = s.fs[r3 + d];
      }
    }
    this.synced = true;
    phases?.mark('step: sync');
  }

  velocitiesChanged(): void {
    const s = this.host.shared!, perm = s.atomOf, v = this.state.v;
    for (let r = 0, n = s.n; r < n; r++) {
      for (let d = 0; d < 3; d++) s.v[3 * r + d] = v[3 * perm[r] + d];
    }
    this.pending = 1;
  }
}
