/**
 * A campaign's database, assembled from its event files in event order: the initial minimum (id 1),
 * every event's minima and saddle, and the distinct events out of the initial minimum (the
 * catalogue). Adjacency to the initial minimum is judged here, from the saved coordinates, so it
 * can be judged anew with another radius.
 */
import { decodeF64 } from '../../sim/io/checkpoint.js';
import { LandscapeDatabase, type EventRecord } from '../database.js';
import { EventCollector } from '../catalogue.js';
import { adjacencyToStart, type ActivationOptions } from '../saddles/index.js';
import { readEvent, type EventRunner } from './events.js';

export interface Assembly {
  db: LandscapeDatabase;
  /** Distinct events out of the initial minimum (the event catalogue). */
  collector: EventCollector;
  /** Per attempt run, in event order: the distinct event it found and counted, or null. */
  found: (number | null)[];
}

/**
 * The database of the initial minimum (id 1) and every event 1..count, in event order, and the
 * distinct events out of the initial minimum. Each saddle's adjacency to the initial minimum
 * (landscape/saddles/adjacency.ts, event region of `adjacencyRadius`) is judged here, from the
 * saved coordinates, so it can be judged anew.
 */
export function assembleDatabase(
  runner: EventRunner, eventsDir: string, count: number, units: 'lj' | 'metal', options: ActivationOptions, adjacencyRadius: number,
): Assembly {
  const db = new LandscapeDatabase(runner.state.box, runner.state.n, units, options.sameMinimum, adjacencyRadius);
  const collector = new EventCollector(runner.surface, options.sameMinimum);
  const found: (number | null)[] = [];
  const criteria = { ...options.sameMinimum, moveThreshold: options.moveThreshold, radius: adjacencyRadius };
  const initialId = db.addMinimum(runner.initial.x, runner.initial.energy, { found_by_event: 0 });
  for (let k = 1; k <= count; k++) {
    const e = readEvent(eventsDir, k);
    if (!e) continue;
    found.push(null);
    const record: EventRecord = {
      event: e.event, seed: e.seed, status: e.status, message: e.message, centre_id: e.centre_id, cluster_size: e.cluster_size,
      push_steps: e.push_steps, climb_steps: e.climb_steps, force_evaluations: e.force_evaluations, wall_s: e.wall_s,
      ...(e.phase_evaluations ? {
        active_atoms: e.active_atoms ?? null, release_steps: e.release_steps ?? null,
        ...Object.fromEntries(Object.entries(e.phase_evaluations).map(([k, v]) => [`${k}_evaluations`, v])),
      } : {}),
    };
    if (e.status === 'ok' && e.saddle && e.minus && e.plus && e.metrics) {
      const minus = { x: decodeF64(e.minus.x), energy: e.minus.energy };
      const plus = { x: decodeF64(e.plus.x), energy: e.plus.energy };
      const adj = adjacencyToStart(runner.surface.box, runner.initial, minus, plus, criteria);
      const minA = db.addMinimum(minus.x, minus.energy, { found_by_event: k });
      const minB = db.addMinimum(plus.x, plus.energy, { found_by_event: k });
      const m = e.metrics;
      const saddleX = decodeF64(e.saddle.x);
      if (adj.adjacency !== 'none') {
        found[found.length - 1] = collector.add({
          event: k, saddle: { x: saddleX, energy: e.saddle.energy }, minus, plus, region: adj.region, adjacency: adj.adjacency,
          nu0: e.vineyard?.nu0 ?? undefined, vineyardAtoms: e.vineyard?.region_atoms,
          movedAtoms: m.betweenMinima.moved, minimaDistance: m.betweenMinima.distance, maxAtomDisplacement: m.betweenMinima.maxAtom,
        });
      }
      const s = db.addSaddle(saddleX, e.saddle.energy, minA, minB, initialId, {
        eigenvalue: e.saddle.eigenvalue, max_force: e.saddle.max_force, barrier_from_initial: e.saddle.energy - runner.initial.energy,
        adjacency: adj.adjacency, distance: m.betweenMinima.distance, found_by_event: k,
      });
      Object.assign(record, {
        saddle: s.id, new_saddle: s.isNew, minA, minB, initial: initialId, final: minB, saddle_energy: e.saddle.energy,
        activation_energy: m.activationEnergy, asymmetry: m.asymmetry, relaxation_energy: m.relaxationEnergy,
        backward_barrier: m.backwardBarrier, adjacency: adj.adjacency, region_atoms: adj.region.length,
        region_max_displacement: adj.regionMaxDisplacement, minus_max_displacement: adj.maxDisplacement, eigenvalue: m.eigenvalue,
        mode_participation: m.modeParticipation, displacement_participation: m.initialToFinal.participation,
        moved_atoms: m.initialToFinal.moved, distance: m.initialToFinal.distance, max_atom_displacement: m.initialToFinal.maxAtom,
        minima_distance: m.betweenMinima.distance, minima_max_atom_displacement: m.betweenMinima.maxAtom,
        saddle_distance: m.initialToSaddle.distance, catalogue_event: found[found.length - 1],
      });
    } else if (e.saddle) {
      Object.assign(record, { saddle_energy: e.saddle.energy, activation_energy: e.saddle.energy - runner.initial.energy });
    }
    db.addEvent(record);
  }
  return { db, collector, found };
}
