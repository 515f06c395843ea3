/**
 * Inherent structures (IS, Stillinger & Weber 1982): the local energy minimum reached by
 * minimizing a configuration's energy (the "quench" of the original paper; here "quench" means
 * cooling only). Every k-th frame of an MD
 * trajectory (a LAMMPS dump, or MD run in process) is minimized, and each IS is recognised as
 * one already seen or a new one.
 *
 * Two minima are the same when their energies differ by less than `energyTol` AND no atom is
 * farther than `maxDisplacement` from its position in the other (minimum image, atoms matched by
 * id: permutational isomers count as different minima, as usual for glasses).
 */
import { minimumImage, type Box } from '../sim/box.js';
import { cloneState, orderById, type State } from '../sim/state.js';
import { computeForces, createForceField, type ForceField } from '../sim/forces.js';
import type { Potential } from '../sim/potentials/potential.js';
import { runMD, type RunOptions } from '../sim/md.js';
import { InputError } from '../sim/errors.js';
import { frameToState, parseLammpsDumpFile } from '../sim/io/lammps-dump.js';
import { minimize, type MinimizeOptions } from './minimize/index.js';

export interface SameMinimumOptions {
  /**
   * Largest difference of total energies (energy units). Default 1e-3: with a truncated(-shifted)
   * potential the force jumps at the cut-off, which leaves micro-basins a few 1e-5 apart within
   * 0.01 of each other (seen on KA864); a tighter tolerance counts them as different minima.
   */
  energyTol?: number;
  /** Largest distance of any atom from its position in the other minimum (length units). Default 0.1. */
  maxDisplacement?: number;
}

export const SAME_MINIMUM_DEFAULTS: Required<SameMinimumOptions> = { energyTol: 1e-3, maxDisplacement: 0.1 };

/** A minimum: positions in id order (3n), the box, and the total energy. */
export interface Minimum {
  energy: number;
  box: Box;
  /** Atom ids, ascending. */
  id: Int32Array;
  /** Positions ordered as `id`. */
  x: Float64Array;
}

/** The minimum a (minimized) state sits in, with atoms sorted by id so minima compare atom by atom. */
export function minimumOf(state: State, energy: number): Minimum {
  const order = orderById(state);
  const x = new Float64Array(3 * state.n);
  const id = new Int32Array(state.n);
  for (let k = 0; k < state.n; k++) {
    const i = order[k];
    id[k] = state.id[i];
    x[3 * k] = state.x[3 * i];
    x[3 * k + 1] = state.x[3 * i + 1];
    x[3 * k + 2] = state.x[3 * i + 2];
  }
  return { energy, box: { ...state.box }, id, x };
}

/**
 * The largest single-atom distance between two minima under the minimum image of a's box, and
 * the atom (index in id order) that has it. Both must hold the same atoms.
 */
export function largestDisplacement(a: Minimum, b: Minimum): { distance: number; atom: number } {
  if (a.id.length !== b.id.length) throw new InputError(`cannot compare minima of ${a.id.length} and ${b.id.length} atoms`);
  const d = new Float64Array(3);
  let max2 = 0, atom = -1;
  for (let k = 0; k < a.id.length; k++) {
    if (a.id[k] !== b.id[k]) throw new InputError(`cannot compare minima: atom ids differ (${a.id[k]} vs ${b.id[k]})`);
    d[0] = b.x[3 * k] - a.x[3 * k];
    d[1] = b.x[3 * k + 1] - a.x[3 * k + 1];
    d[2] = b.x[3 * k + 2] - a.x[3 * k + 2];
    minimumImage(a.box, d);
    const r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    if (r2 > max2) {
      max2 = r2;
      atom = k;
    }
  }
  return { distance: Math.sqrt(max2), atom };
}

function resolveIdentity(o: SameMinimumOptions): Required<SameMinimumOptions> {
  const r = { ...SAME_MINIMUM_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
  if (!(r.energyTol >= 0 && Number.isFinite(r.energyTol))) throw new InputError(`energy tolerance must be a number >= 0, got ${r.energyTol}`);
  if (!(r.maxDisplacement > 0 && Number.isFinite(r.maxDisplacement))) {
    throw new InputError(`maximum displacement must be a number > 0, got ${r.maxDisplacement}`);
  }
  return r;
}

/** Whether a and b are the same minimum: energy within energyTol AND every atom within maxDisplacement. */
export function sameMinimum(a: Minimum, b: Minimum, options: SameMinimumOptions = {}): boolean {
  const o = resolveIdentity(options);
  if (Math.abs(a.energy - b.energy) > o.energyTol) return false;
  return largestDisplacement(a, b).distance <= o.maxDisplacement;
}

/** Distinct minima found so far; `identify` returns the index of a match or adds a new one. */
export class MinimaRegistry {
  readonly minima: Minimum[] = [];
  private readonly identity: Required<SameMinimumOptions>;
  private last = -1;

  constructor(identity: SameMinimumOptions = {}) {
    this.identity = resolveIdentity(identity);
  }

  identify(m: Minimum): { index: number; isNew: boolean } {
    // The previous IS is the likeliest match (a trajectory rattles in one basin), then the rest.
    const candidates = this.last >= 0 ? [this.last, ...[...this.minima.keys()].filter((k) => k !== this.last)] : this.minima.keys();
    for (const k of candidates) {
      if (sameMinimum(this.minima[k], m, this.identity)) {
        this.last = k;
        return { index: k, isNew: false };
      }
    }
    this.minima.push(m);
    this.last = this.minima.length - 1;
    return { index: this.last, isNew: true };
  }
}

/** One frame minimized to its inherent structure. */
export interface ISRecord {
  /** Position in the series of minimized frames (0, 1, ...). */
  frame: number;
  step: number;
  time: number;
  /** Potential energy of the frame before and after the minimization (total). */
  instantaneousEnergy: number;
  energy: number;
  /** Index of its minimum in the registry (distinct inherent structures, in order of discovery). */
  minimum: number;
  isNew: boolean;
  maxForce: number;
  converged: boolean;
}

export interface SamplerOptions {
  minimize?: MinimizeOptions;
  identity?: SameMinimumOptions;
  /** Keep the minimized state of each distinct minimum (for writing them out). Default false. */
  keepStates?: boolean;
}

/**
 * Minimizes frames to their inherent structures with its own neighbour list (so an MD run's list
 * is left alone) and keeps the series of records and the distinct minima.
 */
export class InherentStructureSampler {
  readonly records: ISRecord[] = [];
  readonly registry: MinimaRegistry;
  /** Minimized states of the distinct minima, by registry index (only with keepStates). */
  readonly states: State[] = [];
  private readonly ff: ForceField;

  constructor(potential: Potential, skin: number, private readonly options: SamplerOptions = {}) {
    this.ff = createForceField(potential, skin);
    this.registry = new MinimaRegistry(options.identity);
  }

  /** Minimizes a copy of `frame` (the frame is not changed). */
  add(frame: State): ISRecord {
    const s = cloneState(frame);
    const instantaneousEnergy = computeForces(s, this.ff, { energyVirial: true }).energy;
    const r = minimize(s, this.ff, this.options.minimize);
    const { index, isNew } = this.registry.identify(minimumOf(s, r.energy));
    if (isNew && this.options.keepStates) this.states[index] = s;
    const rec: ISRecord = {
      frame: this.records.length, step: frame.step, time: frame.time, instantaneousEnergy, energy: r.energy,
      minimum: index, isNew, maxForce: r.maxForce, converged: r.converged,
    };
    this.records.push(rec);
    return rec;
  }
}

/**
 * Runs MD and minimizes a copy of the configuration every `every` steps (not the starting one): the IS
 * series of a trajectory at temperature T without writing it to disk.
 */
export function minimizeDuringMD(state: State, ff: ForceField, run: RunOptions, every: number, sampler: InherentStructureSampler): ISRecord[] {
  if (!(Number.isInteger(every) && every > 0)) throw new InputError(`minimization interval must be a whole number of steps > 0, got ${every}`);
  const begin = state.step;
  const onStep = run.onStep;
  runMD(state, ff, {
    ...run,
    onStep: (s) => {
      onStep?.(s);
      if ((s.step - begin) % every === 0) sampler.add(s);
    },
  });
  return sampler.records;
}

/** Where the frames' times came from: step × the given dt, the dump's ITEM: TIME, or step × the default dt. */
export type DumpClock = 'dt' | 'dump' | 'default';

/**
 * Frames of a LAMMPS dump as states (every `every`-th, starting with the first). A frame's time is
 * step × dt when dt is given, else the dump's own time (`ITEM: TIME`), else step × defaultDt.
 */
export function dumpStates(path: string, mass: ArrayLike<number>, typeNames: string[], every = 1, time: { dt?: number; defaultDt: number } = { defaultDt: 1 }): { states: State[]; clock: DumpClock } {
  if (!(Number.isInteger(every) && every > 0)) throw new InputError(`minimization interval must be a whole number of frames > 0, got ${every}`);
  const frames = parseLammpsDumpFile(path);
  if (frames.length === 0) throw new InputError(`${path}: no frames`);
  const clock: DumpClock = time.dt !== undefined ? 'dt' : frames.every((f) => f.time !== undefined) ? 'dump' : 'default';
  const states = frames.filter((_, k) => k % every === 0).map((f) => {
    const s = frameToState(f, path, mass, typeNames);
    s.step = f.timestep;
    s.time = clock === 'dump' ? f.time! : f.timestep * (time.dt ?? time.defaultDt);
    return s;
  });
  return { states, clock };
}
