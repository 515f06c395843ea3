/**
 * The events of an activation campaign as files: each event k (seed = base seed + k) is run from
 * the campaign's initial minimum and saved as DIR/events/event-NNNNNN.json, written atomically, so
 * a rerun skips the events already there and the results do not depend on how many workers ran
 * them.
 */
import { existsSync } from 'node:fs';
import { readJson } from '../../sim/io/json-file.js';
import { join } from 'node:path';
import { writeFileAtomic, encodeArray, type Encoded } from '../../sim/io/checkpoint.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { referenceForceField } from '../../sim/open-force-field.js';
import type { ResolvedPotential } from '../../sim/potentials/resolve.js';
import type { State } from '../../sim/state.js';
import { unitsByName, type UnitsName } from '../../sim/units.js';
import { EnergySurface } from '../energy-surface.js';
import {
  activate, eventRegion, vineyardPrefactors, type ActivationOptions, type Configuration, type EventMetrics,
  type PhaseEvaluations,
} from '../saddles/index.js';

/** The potential of a campaign: resolved (plain data), with its units and neighbour skin. */
export interface CampaignPotential extends Pick<ResolvedPotential, 'spec' | 'name' | 'species'> {
  units: UnitsName;
  skin: number;
  /** The EAM file's masses replace those of data files (as LAMMPS pair_coeff does). */
  massesFromPotential?: boolean;
}

/**
 * Default region radius of the Vineyard frequency: two neighbour shells past the moving atoms
 * (2.5 σ, 6 Å). A smaller region often holds no unstable mode at the saddle in boxes of 500 atoms
 * and more (the mode spreads); ν0 out of the − side changes by about 10 % from 2.5 to 3.5 σ (docs/spectra.md).
 */
export function defaultVineyardRadius(units: string): number {
  return units === 'metal' ? 6.0 : 2.5;
}

/** What a campaign's events need, as plain data (worker threads rebuild the potential from it). */
export interface ActivationSetup {
  potential: CampaignPotential;
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
  /** Since 0.3 (older files lack them): atoms free in push and climb, full-space steps after a local climb, evaluations per phase. */
  active_atoms?: number;
  release_steps?: number;
  phase_evaluations?: PhaseEvaluations;
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

function eventPath(dir: string, k: number): string {
  return join(dir, `event-${String(k).padStart(6, '0')}.json`);
}

export function readEvent(dir: string, k: number): EventFile | undefined {
  const p = eventPath(dir, k);
  return existsSync(p) ? (readJson(p) as EventFile) : undefined;
}

export interface EventRunner {
  state: State;
  surface: EnergySurface;
  initial: Configuration;
  run(k: number): EventFile;
}

/** Loads the potential and the initial minimum once; `run(k)` computes event k and saves its file. */
export function createEventRunner(setup: ActivationSetup): EventRunner {
  const { potential } = setup;
  const units = unitsByName(potential.units);
  const state = readConfiguration(setup.initialData, { ...potential, units });
  const surface = new EnergySurface(state, referenceForceField(potential.spec, potential.skin));
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
          const v = vineyardPrefactors(surface, units, r.minus.x, null, r.saddle.x, region);
          vineyard = {
            nu0: Number.isFinite(v.nuForward) ? v.nuForward : null, region_atoms: region.length, negative_modes: v.negativeModes,
            unstable_at_minimum: v.unstableAtMinimum, force_evaluations: v.forceEvaluations,
          };
        }
      }
      const file: EventFile = {
        event: k, seed: r.seed, status: r.status, message: r.message, centre_id: state.id[r.centre], cluster_size: r.clusterSize,
        push_steps: r.pushSteps, climb_steps: r.climbSteps, force_evaluations: r.forceEvaluations,
        active_atoms: r.activeAtoms, release_steps: r.releaseSteps, phase_evaluations: r.phaseEvaluations, wall_s: (performance.now() - t0) / 1000,
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
