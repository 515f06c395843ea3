/**
 * Activation events of `betascape activate` as files: each event k (seed = base seed + k) is run
 * from the run's initial minimum and saved as RUN_DIR/events/event-NNNNNN.json, written atomically,
 * so a rerun skips the events already there and the results do not depend on how many workers ran
 * them. The database (landscape.json and friends) is assembled from these files in event order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forceFieldFromArgs, loadConfiguration, type PotentialArgs } from './common.js';
import { writeFileAtomic, encodeArray, decodeF64, type Encoded } from '../sim/io/checkpoint.js';
import type { State } from '../sim/state.js';
import { EnergySurface, activate, adjacencyToStart, type ActivationOptions, type Configuration, type EventMetrics } from '../landscape/saddles/index.js';
import { LandscapeDatabase, type EventRecord } from '../landscape/database.js';

export interface ActivateSetup {
  potential: PotentialArgs;
  /** The minimized starting configuration (RUN_DIR/initial.data). */
  initialData: string;
  options: ActivationOptions;
  eventsDir: string;
  seed: number;
}

interface SavedConfiguration {
  energy: number;
  x: Encoded;
}

export interface EventFile {
  event: number;
  seed: number;
  status: string;
  message: string;
  centre_id: number;
  cluster_size: number;
  push_steps: number;
  climb_steps: number;
  force_evaluations: number;
  wall_s: number;
  saddle?: SavedConfiguration & { eigenvalue: number; max_force: number };
  minus?: SavedConfiguration;
  plus?: SavedConfiguration;
  metrics?: EventMetrics;
}

export function eventPath(dir: string, k: number): string {
  return join(dir, `event-${String(k).padStart(6, '0')}.json`);
}

export function readEvent(dir: string, k: number): EventFile | undefined {
  const p = eventPath(dir, k);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as EventFile) : undefined;
}

export interface EventRunner {
  state: State;
  surface: EnergySurface;
  initial: Configuration;
  run(k: number): EventFile;
}

/** Loads the potential and the initial minimum once; `run(k)` computes event k and saves its file. */
export function createEventRunner(setup: ActivateSetup): EventRunner {
  const choice = forceFieldFromArgs(setup.potential);
  const state = loadConfiguration(setup.initialData, choice);
  const surface = new EnergySurface(state, choice.ff);
  const x = surface.current();
  const initial = { x, energy: surface.energy(x, new Float64Array(x.length)) };
  const save = (c: Configuration): SavedConfiguration => ({ energy: c.energy, x: encodeArray(c.x) });
  return {
    state, surface, initial,
    run(k: number): EventFile {
      const t0 = performance.now();
      const r = activate(surface, initial, setup.seed + k, setup.options);
      const file: EventFile = {
        event: k, seed: r.seed, status: r.status, message: r.message, centre_id: state.id[r.centre], cluster_size: r.clusterSize,
        push_steps: r.pushSteps, climb_steps: r.climbSteps, force_evaluations: r.forceEvaluations, wall_s: (performance.now() - t0) / 1000,
        ...(r.saddle ? { saddle: { ...save(r.saddle), eigenvalue: r.saddle.eigenvalue, max_force: r.saddle.maxForce } } : {}),
        ...(r.minus ? { minus: save(r.minus) } : {}),
        ...(r.plus ? { plus: save(r.plus) } : {}),
        ...(r.metrics ? { metrics: r.metrics } : {}),
      };
      writeFileAtomic(eventPath(setup.eventsDir, k), JSON.stringify(file) + '\n');
      return file;
    },
  };
}

/**
 * The database of the initial minimum (id 1) and every event 1..count, in event order. Each
 * saddle's adjacency to the initial minimum (landscape/saddles/adjacency.ts, event region of
 * `adjacencyRadius`) is judged here, from the saved coordinates, so it can be judged anew.
 */
export function assembleDatabase(
  runner: EventRunner, eventsDir: string, count: number, units: 'lj' | 'metal', options: ActivationOptions, adjacencyRadius: number,
): LandscapeDatabase {
  const db = new LandscapeDatabase(runner.state.box, runner.state.n, units, options.sameMinimum, adjacencyRadius);
  const criteria = { ...options.sameMinimum, moveThreshold: options.moveThreshold, radius: adjacencyRadius };
  const initialId = db.addMinimum(runner.initial.x, runner.initial.energy, { found_by_event: 0 });
  for (let k = 1; k <= count; k++) {
    const e = readEvent(eventsDir, k);
    if (!e) continue;
    const record: EventRecord = {
      event: e.event, seed: e.seed, status: e.status, message: e.message, centre_id: e.centre_id, cluster_size: e.cluster_size,
      push_steps: e.push_steps, climb_steps: e.climb_steps, force_evaluations: e.force_evaluations, wall_s: e.wall_s,
    };
    if (e.status === 'ok' && e.saddle && e.minus && e.plus && e.metrics) {
      const minus = { x: decodeF64(e.minus.x), energy: e.minus.energy };
      const plus = { x: decodeF64(e.plus.x), energy: e.plus.energy };
      const adj = adjacencyToStart(runner.surface.box, runner.initial, minus, plus, criteria);
      const minA = db.addMinimum(minus.x, minus.energy, { found_by_event: k });
      const minB = db.addMinimum(plus.x, plus.energy, { found_by_event: k });
      const m = e.metrics;
      const s = db.addSaddle(decodeF64(e.saddle.x), e.saddle.energy, minA, minB, initialId, {
        eigenvalue: e.saddle.eigenvalue, max_force: e.saddle.max_force, barrier_from_initial: e.saddle.energy - runner.initial.energy,
        adjacency: adj.adjacency, distance: m.betweenMinima.distance, found_by_event: k,
      });
      Object.assign(record, {
        saddle: s.id, new_saddle: s.isNew, minA, minB, initial: initialId, final: minB, saddle_energy: e.saddle.energy,
        activation_energy: m.activationEnergy, asymmetry: m.asymmetry, relaxation_energy: m.relaxationEnergy,
        backward_barrier: m.backwardBarrier, adjacency: adj.adjacency, region_atoms: adj.regionAtoms,
        region_max_displacement: adj.regionMaxDisplacement, minus_max_displacement: adj.maxDisplacement, eigenvalue: m.eigenvalue,
        mode_participation: m.modeParticipation, displacement_participation: m.initialToFinal.participation,
        moved_atoms: m.initialToFinal.moved, distance: m.initialToFinal.distance, max_atom_displacement: m.initialToFinal.maxAtom,
        minima_distance: m.betweenMinima.distance, minima_max_atom_displacement: m.betweenMinima.maxAtom,
        saddle_distance: m.initialToSaddle.distance,
      });
    } else if (e.saddle) {
      Object.assign(record, { saddle_energy: e.saddle.energy, activation_energy: e.saddle.energy - runner.initial.energy });
    }
    db.addEvent(record);
  }
  return db;
}
