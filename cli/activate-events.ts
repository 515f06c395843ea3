/**
 * Activation events of `betascape activate` as files: each event k (seed = base seed + k) is run
 * from the run's initial minimum and saved as RUN_DIR/events/event-NNNNNN.json, written atomically,
 * so a rerun skips the events already there and the results do not depend on how many workers ran
 * them. The database (landscape.json and friends) is assembled from these files in event order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forceFieldFromArgs, type PotentialArgs } from './common.js';
import { readConfiguration } from '../sim/io/configuration.js';
import { writeFileAtomic, encodeArray, decodeF64, type Encoded } from '../sim/io/checkpoint.js';
import type { State } from '../sim/state.js';
import {
  EnergySurface, activate, adjacencyToStart, einsteinFrequency, eventRegion, vineyardPrefactors, type ActivationOptions, type Configuration, type EventMetrics,
} from '../landscape/saddles/index.js';
import { LandscapeDatabase, type EventRecord } from '../landscape/database.js';
import { EventCollector } from '../landscape/catalogue.js';
import { boxVolume } from '../sim/box.js';
import type { Units } from '../sim/units.js';
import { localElasticity, stressFactor } from '../analysis/heterogeneity/local-elasticity.js';
import { estimateSampling, type SamplingEstimate } from '../analysis/spectra/sampling.js';
import { formatCatalogue, STRESS_COLUMNS } from '../analysis/spectra/event-catalogue.js';
import { saturationFigure } from '../analysis/plots/landscape-plots.js';
import { saveFigure } from '../analysis/plots/figure.js';

const GLASS_FILE = 'glass.json';

/**
 * Default region radius of the Vineyard frequency: two neighbour shells past the moving atoms
 * (2.5 σ, 6 Å). A smaller region often holds no unstable mode at the saddle in boxes of 500 atoms
 * and more (the mode spreads); ν0 out of the − side changes by about 10 % from 2.5 to 3.5 σ (docs/spectra.md).
 */
export function defaultVineyardRadius(units: string): number {
  return units === 'metal' ? 6.0 : 2.5;
}

export interface ActivateSetup {
  potential: PotentialArgs;
  /** The minimized starting configuration (RUN_DIR/initial.data). */
  initialData: string;
  options: ActivationOptions;
  eventsDir: string;
  seed: number;
  /** Region radius (length) of the Vineyard attempt frequencies of each event; 0: not computed. */
  vineyardRadius: number;
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
  /**
   * Harmonic-TST attempt frequency out of the − minimum (1/time; null where undefined: the region
   * has no single unstable mode at the saddle, or the minimum a soft one), on `region_atoms` atoms.
   */
  vineyard?: { nu0: number | null; region_atoms: number; negative_modes: number; unstable_at_minimum: number; force_evaluations: number };
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
  const state = readConfiguration(setup.initialData, choice);
  const surface = new EnergySurface(state, choice.ff);
  const x = surface.current();
  const initial = { x, energy: surface.energy(x, new Float64Array(x.length)) };
  const save = (c: Configuration): SavedConfiguration => ({ energy: c.energy, x: encodeArray(c.x) });
  return {
    state, surface, initial,
    run(k: number): EventFile {
      const t0 = performance.now();
      const r = activate(surface, initial, setup.seed + k, setup.options);
      let vineyard: EventFile['vineyard'];
      if (r.status === 'ok' && r.minus && r.plus && r.saddle && setup.vineyardRadius > 0) {
        const region = eventRegion(surface.box, r.minus.x, r.plus.x, setup.options.moveThreshold, setup.vineyardRadius);
        if (region.length > 0) {
          const v = vineyardPrefactors(surface, choice.units, r.minus.x, null, r.saddle.x, region);
          vineyard = {
            nu0: Number.isFinite(v.nuForward) ? v.nuForward : null, region_atoms: region.length, negative_modes: v.negativeModes,
            unstable_at_minimum: v.unstableAtMinimum, force_evaluations: v.forceEvaluations,
          };
        }
      }
      const file: EventFile = {
        event: k, seed: r.seed, status: r.status, message: r.message, centre_id: state.id[r.centre], cluster_size: r.clusterSize,
        push_steps: r.pushSteps, climb_steps: r.climbSteps, force_evaluations: r.forceEvaluations, wall_s: (performance.now() - t0) / 1000,
        ...(r.saddle ? { saddle: { ...save(r.saddle), eigenvalue: r.saddle.eigenvalue, max_force: r.saddle.maxForce } } : {}),
        ...(r.minus ? { minus: save(r.minus) } : {}),
        ...(r.plus ? { plus: save(r.plus) } : {}),
        ...(r.metrics ? { metrics: r.metrics } : {}),
        ...(vineyard ? { vineyard } : {}),
      };
      writeFileAtomic(eventPath(setup.eventsDir, k), JSON.stringify(file) + '\n');
      return file;
    },
  };
}

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

export interface GlassReference {
  /** Box-level elastic constants (Voigt, stress unit) and the Einstein frequency (1/time). */
  voigt: number[];
  unit: string;
  einstein_frequency: number;
}

/**
 * What the catalogue needs of the starting glass, computed once per run directory into glass.json:
 * its elastic constants at T = 0 (box level, ±strain with non-affine relaxation:
 * analysis/heterogeneity/local-elasticity.ts) and its Einstein frequency (landscape/saddles/vineyard.ts).
 */
export function glassReference(setup: ActivateSetup, dir: string): GlassReference {
  const path = join(dir, GLASS_FILE);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  const choice = forceFieldFromArgs(setup.potential);
  const state = readConfiguration(setup.initialData, choice);
  const { lx, ly, lz } = state.box;
  const surface = new EnergySurface(state, choice.ff);
  const nuE = einsteinFrequency(surface, choice.units, surface.current(), choice.units.name === 'metal' ? 3.0 : 1.2);
  const le = localElasticity(state, choice.ff, { voxel: Math.max(lx, ly, lz), units: choice.units });
  const out = { voigt: Array.from(le.global), unit: le.unit, moduli: le.globalModuli, einstein_frequency: nuE };
  writeFileAtomic(path, JSON.stringify(out, null, 1) + '\n');
  return out;
}

/**
 * Writes the landscape files, the event catalogue (catalogue.csv: distinct events out of the
 * initial minimum, each weighted by the sampling estimate), sampling.json and saturation.svg into `dir`.
 */
export function writeActivationRun(dir: string, runner: EventRunner, a: Assembly, units: Units, glass: GlassReference): SamplingEstimate {
  a.db.write(dir, runner.state);
  const sampling = estimateSampling(a.found, runner.state.n);
  const stress = stressFactor(units).factor;
  const volume = boxVolume(runner.state.box);
  const rows = a.collector.events.map((d) => {
    const f = d.first;
    return {
      event: f.event, hits: d.hits, adjacency: f.adjacency, E_forward: d.forward, E_backward: d.backward, asymmetry: d.forward - d.backward,
      ...Object.fromEntries(STRESS_COLUMNS.map((c, k) => [c, d.dsigma[k] * stress])), volume, weight: sampling.weight,
      nu0: f.nu0 ?? null, vineyard_atoms: f.vineyardAtoms ?? null,
      moved_atoms: f.movedAtoms, minima_distance: f.minimaDistance, max_atom_displacement: f.maxAtomDisplacement,
    };
  });
  const l = units.labels;
  writeFileAtomic(join(dir, 'catalogue.csv'), formatCatalogue({
    units: units.name, labels: { energy: l.energy, length: l.length, stress: stressFactor(units).unit, time: l.time }, volume,
    elasticConstants: glass.voigt, rows,
    header: {
      einstein_frequency: glass.einstein_frequency,
      attempts: sampling.attempts, accepted: sampling.accepted, distinct: sampling.distinct, singletons: sampling.singletons, doubletons: sampling.doubletons,
      estimated_events: sampling.estimated, events_per_site: sampling.eventsPerSite,
    },
  }));
  writeFileAtomic(join(dir, 'sampling.json'), JSON.stringify(sampling, null, 1) + '\n');
  saveFigure(saturationFigure(a.found, sampling), join(dir, 'saturation.svg'));
  return sampling;
}
