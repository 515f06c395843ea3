/**
 * The potential energy as a function of the atomic coordinates: what the minimizers, saddle
 * searches, elastic bands and Hessians all evaluate, with one count of force evaluations.
 *
 * Two views of the same State and force field:
 *  - in place (`evaluate`): the minimizers move state.x themselves; a neighbour-list rebuild may
 *    wrap atoms back into the box and count the crossing in the image flags;
 *  - unwrapped (`energy`, `forces`, `stress`): the 3N coordinates X (atom i at X[3i..3i+2]) of
 *    saddle searches and bands, which keep several configurations at once. Every evaluation places
 *    X into the state as x = X − (image flags × box vectors), so the neighbour list sees positions
 *    in its own frame and is rebuilt only when atoms really moved.
 */
import type { State } from '../sim/state.js';
import { BlowUpError } from '../sim/errors.js';
import { computeForces, type ForceField } from '../sim/forces.js';
import { buildNeighbors, ensureNeighbors } from '../sim/neighbor.js';
import type { ComputeFlags } from '../sim/potentials/potential.js';
import { boxVolume, unwrap, wrapByImages, type Box } from '../sim/box.js';

const ENERGY_AND_VIRIAL: ComputeFlags = { energyVirial: true };
const FORCES_ONLY: ComputeFlags = { energyVirial: false };

export class EnergySurface {
  readonly n: number;
  readonly box: Box;
  /** Force (and energy) evaluations so far, minimizations included. */
  evaluations = 0;
  /** Positions and image flags as the surface was made (restart() returns to them). */
  private readonly start: { x: Float64Array; image: Int32Array };

  constructor(readonly state: State, readonly ff: ForceField) {
    this.n = state.n;
    this.box = state.box;
    this.start = { x: state.x.slice(), image: state.image.slice() };
  }

  /**
   * Puts the state back as it was when the surface was made and builds the neighbour list afresh
   * there, so what follows (an activation event) does not depend, not even in round-off, on what
   * ran on this surface before: the list's pair order and the image frame are those of the start.
   */
  restart(): void {
    this.state.x.set(this.start.x);
    this.state.image.set(this.start.image);
    buildNeighbors(this.state, this.ff.nlist);
  }

  /**
   * Energy (total) at the state's own positions state.x; fills state.f and ff.out (energy,
   * virial). The neighbour list is brought up to date first, which may wrap positions into the box.
   */
  evaluate(): number {
    this.evaluations++;
    const e = computeForces(this.state, this.ff, ENERGY_AND_VIRIAL).energy;
    if (!Number.isFinite(e)) throw new BlowUpError(`the energy is no longer finite (${e}) after ${this.evaluations} force evaluations: atoms overlap, or the configuration is broken`);
    return e;
  }

  /** Energy at X (total); the forces go into `f` (length 3N). */
  energy(X: Float64Array, f: Float64Array): number {
    this.place(X);
    const e = this.evaluate();
    f.set(this.state.f);
    return e;
  }

  /** The forces at X into `f`, without the energy (the same forces, in about half the time). */
  forces(X: Float64Array, f: Float64Array): void {
    this.place(X);
    this.evaluations++;
    computeForces(this.state, this.ff, FORCES_ONLY);
    f.set(this.state.f);
  }

  /** The potential's analytic Hessian of the region `atoms` at X (Potential.regionHessian; undefined where it has none). */
  regionHessian(X: Float64Array, atoms: number[]): Float64Array | undefined {
    const potential = this.ff.potential;
    if (!potential.regionHessian) return undefined;
    this.place(X);
    ensureNeighbors(this.state, this.ff.nlist);
    return potential.regionHessian(this.state, this.ff.nlist, atoms);
  }

  /**
   * Stress of the box at X and fixed shape, σ = −W/V from the potential's virial (no kinetic part:
   * a configuration, not a thermal state), in the virial's order xx yy zz xy xz yz and energy/length³.
   */
  stress(X: Float64Array): Float64Array {
    this.place(X);
    this.evaluations++;
    const w = computeForces(this.state, this.ff, ENERGY_AND_VIRIAL).virial;
    const v = boxVolume(this.box);
    return Float64Array.from(w, (c) => -c / v);
  }

  /** The unwrapped coordinates of the state as it stands. */
  current(): Float64Array {
    return unwrap(this.box, this.state.x, this.state.image);
  }

  /** Moves the state to the unwrapped coordinates X (in the frame of its image flags). */
  place(X: Float64Array): void {
    wrapByImages(this.box, X, this.state.image, this.state.x);
  }
}
