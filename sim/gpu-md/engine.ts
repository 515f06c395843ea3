/**
 * The resident MD engine: positions (anchors + f32 offsets, grid.ts), velocities, forces and image
 * counts stay on the device across steps; the neighbour list is built there (device-list.ts) when
 * the largest displacement since the last build, a reduction, passes half the skin. A step reads
 * back one texel (that reduction); the thermostat's kinetic energy is one more; thermo sums and
 * host copies of the state are read only when asked for.
 */
import { BlowUpError } from '../errors.js';
import type { State } from '../state.js';
import type { Buffer, ResidentDevice } from './device.js';
import { deviceGrid, packState, unpackState, type DeviceGrid } from './grid.js';
import { DeviceList } from './device-list.js';
import { gatherSource } from './list-kernels.js';
import { reduceToHost } from './reduce.js';
import {
  anchorSource, driftSource, kickSource, kineticTensorSource, momentumSource, reanchoredSource, shiftVelocitySource, stepScalarsSource,
} from './md-kernels.js';
import type { ResidentForces } from './forces.js';

/** The sums a thermo row needs, in f64 (energy and virial in energy units, the kinetic tensor as sum m v_a v_b). */
export interface ThermoSums {
  energy: number;
  virial: Float64Array;
  kinetic: Float64Array;
}

export class ResidentMD {
  readonly grid: DeviceGrid;
  readonly n: number;
  private readonly list: DeviceList;
  private readonly mass: { mass: number[] };
  private P!: Buffer;
  private A!: Buffer;
  private V!: Buffer;
  private I!: Buffer;
  private F!: Buffer;
  /** P at the last build: the reference of the displacement check. */
  private U0: Buffer | undefined;
  /** Whether F holds energy and virial rows (the last force call asked for them). */
  private forcesWithEnergy = false;

  constructor(
    readonly device: ResidentDevice,
    private readonly forces: ResidentForces,
    private readonly skin: number,
    state: State,
  ) {
    this.n = state.n;
    const nt = forces.ntypes;
    const cutneighsq = new Float64Array(nt * nt);
    for (let a = 0; a < nt; a++) for (let b = 0; b < nt; b++) cutneighsq[a * nt + b] = (forces.cutoff(a, b) + skin) ** 2;
    this.grid = deviceGrid(state.box, Math.sqrt(Math.max(...cutneighsq)));
    this.mass = { mass: Array.from(state.mass, Math.fround) };
    this.list = new DeviceList(device, this.n, nt, this.grid, cutneighsq);
  }

  get builds(): number {
    return this.list.builds;
  }

  /** Pairs in the list (within cut-off + skin at the last build; one read-back). */
  pairs(): number {
    return this.list.entries() / 2;
  }

  /** Moves the state to the device (wrapping positions on the host), builds the list, computes forces with energy and virial. */
  load(state: State): void {
    const { P, A, V, I } = packState(state, this.grid);
    this.releaseAll();
    const d = this.device;
    [this.P, this.A, this.V, this.I] = [P, A, V, I].map((t) => d.upload4(t, this.n));
    this.U0 = undefined;
    this.sortAndBuild();
    this.computeForces(true);
  }

  /**
   * One velocity-Verlet step: v <- s v + dt/2 F/m, x <- x + dt v, a list build if needed, forces
   * (with energy and virial when asked), v <- v + dt/2 F/m.
   */
  step(dt: number, ftm2v: number, s: number, energyVirial: boolean): void {
    const dtf = 0.5 * dt * ftm2v;
    this.kick(s, dtf);
    this.replace('P', this.device.run(driftSource(this.device.vec4), { length: this.n, vec4: true }, [this.P, this.V, dt]));
    const [, d2sum, , d2max] = this.stepScalars();
    const half = 0.5 * Math.min(...this.grid.w);
    if (!Number.isFinite(d2sum) || d2max >= half * half) {
      throw new BlowUpError(`MD blew up: ${Number.isFinite(d2sum) ? `an atom moved ${Math.sqrt(d2max).toPrecision(3)} since the list build, more than half a cell` : 'positions or velocities are no longer finite'}; the time step is too large, or atoms overlap`);
    }
    if (d2max > 0.25 * this.skin * this.skin) this.rebuild();
    this.computeForces(energyVirial);
    this.kick(1, dtf);
  }

  /** Sum of m v^2 over the device velocities (one read-back). */
  massVelocitySquared(): number {
    return this.stepScalars()[0];
  }

  /** Energy, virial and kinetic tensor of the current state (forces recomputed with energy and virial if the last call had none). */
  thermoSums(): ThermoSums {
    if (!this.forcesWithEnergy) this.computeForces(true);
    const d = this.device, n = this.n;
    const f = reduceToHost(d, this.F, 3, n, 'sum', 64);
    const kin = d.run(kineticTensorSource(n, d.vec4), { length: 2 * n, vec4: true, constants: this.mass }, [this.V, this.P]);
    const k = reduceToHost(d, kin, 2, n, 'sum', 64);
    d.release(kin);
    return { energy: f[3], virial: Float64Array.of(f[4], f[5], f[6], f[7], f[8], f[9]), kinetic: Float64Array.of(k[0], k[1], k[2], k[3], k[4], k[5]) };
  }

  /** Removes the centre-of-mass velocity (LAMMPS `fix momentum`). */
  zeroMomentum(): void {
    const d = this.device;
    const mv = d.run(momentumSource(d.vec4), { length: this.n, vec4: true, constants: this.mass }, [this.V, this.P]);
    const [px, py, pz, m] = reduceToHost(d, mv, 1, this.n, 'sum');
    d.release(mv);
    this.replace('V', d.run(shiftVelocitySource(d.vec4), { length: this.n, vec4: true }, [this.V, px / m, py / m, pz / m]));
  }

  /** The device state into `state`: positions, image counts, velocities times vScale (a pending thermostat factor), forces. */
  store(state: State, vScale: number): void {
    const d = this.device, n = this.n;
    const [P, A, V, I, F] = [this.P, this.A, this.V, this.I, this.F].map((b) => d.read(b, n, true));
    unpackState(state, this.grid, { P, A, V, I, F }, vScale);
  }

  /** The device's neighbour list as pairs of state indices i < j (tests). */
  listedPairs(): [number, number][] {
    const tag = this.device.read(this.I, this.n, true).filter((_, k) => k % 4 === 3);
    return this.list.pairs().map(([a, b]) => (tag[a] < tag[b] ? [tag[a], tag[b]] : [tag[b], tag[a]]));
  }

  private kick(s: number, dtf: number): void {
    const d = this.device;
    this.replace('V', d.run(kickSource(d.vec4), { length: this.n, vec4: true, constants: this.mass }, [this.V, this.F, this.P, s, dtf]));
  }

  private stepScalars(): Float64Array {
    const d = this.device;
    const sc = d.run(stepScalarsSource(d.vec4), { length: this.n, vec4: true, constants: this.mass }, [this.V, this.P, this.U0!]);
    const r = reduceToHost(d, sc, 1, this.n, 'max');
    d.release(sc);
    return r;
  }

  /** New anchors where atoms are now, offsets and image counts to match, and the list. */
  private rebuild(): void {
    const d = this.device, { nc, w } = this.grid, vec4 = d.vec4, out = { length: this.n, vec4: true };
    const A = d.run(anchorSource(nc, w, vec4), out, [this.P, this.A]);
    const P = d.run(reanchoredSource(nc, w, 'P', vec4), out, [this.P, this.A, A]);
    const I = d.run(reanchoredSource(nc, w, 'I', vec4), out, [this.I, this.A, A]);
    this.replace('A', A);
    this.replace('I', I);
    this.replace('P', P);
    this.sortAndBuild();
  }

  /** Renumbers the atoms by cell (every per-atom buffer gathered into the sorted order) and builds the list. */
  private sortAndBuild(): void {
    const d = this.device;
    if (this.U0 !== this.P) d.release(this.U0);
    this.U0 = undefined;
    const idx = this.list.order(this.A);
    for (const key of ['P', 'A', 'V', 'I'] as const) this.replace(key, d.run(gatherSource(d.vec4), { length: this.n, vec4: true }, [this[key], idx]));
    d.release(idx);
    this.U0 = this.P;
    this.list.build(this.A, this.P);
  }

  private computeForces(energyVirial: boolean): void {
    const F = this.forces.compute({ device: this.device, list: this.list, grid: this.grid, n: this.n, P: this.P }, energyVirial);
    this.replace('F', F);
    this.forcesWithEnergy = energyVirial;
  }

  /** Puts a new buffer in place of the old, which is released unless it is still the displacement reference. */
  private replace(key: 'P' | 'A' | 'V' | 'I' | 'F', next: Buffer): void {
    const old = this[key];
    this[key] = next;
    if (old && old !== this.U0) this.device.release(old);
  }

  private releaseAll(): void {
    for (const b of new Set([this.P, this.A, this.V, this.I, this.F, this.U0])) this.device.release(b);
  }

  dispose(): void {
    this.releaseAll();
    this.list.dispose();
  }
}
