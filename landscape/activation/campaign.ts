/**
 * An activation campaign in its directory: the starting minimum (written once, so every event
 * starts from the same numbers), the settings a rerun must match, the events still to run, and the
 * database assembled from the event files.
 *
 *   DIR/activate.json   the settings (a rerun with others is refused)
 *   DIR/initial.data    the minimized starting configuration, checked to be a true minimum
 *   DIR/initial-check.json  that check (landscape/saddles/minimum-check.ts)
 *   DIR/events/         one file per event (events.ts)
 *   DIR/landscape.json, min.data, ts.data, events.csv, minima.dump, saddles.dump   (database.ts)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { readJson } from '../../sim/io/json-file.js';
import { wrapPositions } from '../../sim/box.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { writeLammpsData } from '../../sim/io/lammps-data.js';
import { referenceForceField } from '../../sim/open-force-field.js';
import { unitsByName } from '../../sim/units.js';
import { minimize } from '../minimize/index.js';
import { EnergySurface } from '../energy-surface.js';
import { DEFAULT_MINIMUM_CHECK, ensureTrueMinimum, type ActivationOptions, type MinimumCheck } from '../saddles/index.js';
import { createEventRunner, readEvent, type ActivationSetup, type CampaignPotential, type EventRunner } from './events.js';
import { assembleDatabase, type Assembly } from './assemble.js';

export const SETTINGS_FILE = 'activate.json';
const CHECK_FILE = 'initial-check.json';

export interface CampaignRequest {
  dir: string;
  potential: CampaignPotential;
  options: ActivationOptions;
  /** Event k uses seed + k. */
  seed: number;
  /** Region radius of each event's Vineyard attempt frequency (0: none). */
  vineyardRadius: number;
  /** The configuration to start from, minimized once into DIR/initial.data. */
  start: string;
  /** What the campaign is, for the title line of initial.data. */
  title: string;
  /** Everything that decides the events' numbers; kept in activate.json. */
  settings: Record<string, unknown>;
  /** Hears of a starting minimization that stopped before its tolerance. */
  warn?: (message: string) => void;
}

/** Opens a campaign directory (new or resumed) and returns what its events need. */
export function openCampaign(r: CampaignRequest): ActivationSetup {
  const eventsDir = join(r.dir, 'events');
  mkdirSync(eventsDir, { recursive: true });
  checkSettings(r.dir, r.settings);
  const initialData = join(r.dir, 'initial.data');
  if (existsSync(initialData) && !existsSync(join(r.dir, SETTINGS_FILE))) {
    throw new InputError(`${r.dir}: holds an initial.data but no ${SETTINGS_FILE}, so not a campaign that can be resumed; use a new run directory`);
  }
  if (!existsSync(initialData)) {
    const units = unitsByName(r.potential.units);
    const state = readConfiguration(r.start, { ...r.potential, units });
    const ff = referenceForceField(r.potential.spec, r.potential.skin);
    const min = minimize(state, ff, { method: 'lbfgs', ftol: r.options.minimizer.ftol, units });
    if (!min.converged) r.warn?.(`the starting minimization stopped by ${min.reason} (max |F| ${min.maxForce})`);
    // A minimizer also stops at a saddle: perturb along an unstable mode and minimize again.
    const surface = new EnergySurface(state, ff);
    const X = surface.current();
    const { energy, check } = ensureTrueMinimum(surface, X, {
      ...DEFAULT_MINIMUM_CHECK, amplitude: r.options.descentStep, ftol: r.options.minimizer.ftol, seed: r.seed,
    });
    surface.place(X);
    if (check.perturbations > 0) r.warn?.(`the minimized start was not a true minimum (lowest eigenvalue ${check.given_lowest_eigenvalue.toPrecision(3)}); ${check.perturbations} perturb-and-relax round(s) lowered it by ${(-check.energy_change).toPrecision(3)}`);
    wrapPositions(state.box, state.x, state.image);
    writeLammpsData(initialData, state, { title: `betascape ${r.title}: minimized ${r.start}, E = ${energy}`, velocities: false });
    writeFileSync(join(r.dir, CHECK_FILE), JSON.stringify(check, null, 1) + '\n');
  }
  writeFileSync(join(r.dir, SETTINGS_FILE), JSON.stringify(r.settings, null, 1) + '\n');
  return { potential: r.potential, initialData, options: r.options, eventsDir, seed: r.seed, vineyardRadius: r.vineyardRadius };
}

/** The true-minimum check of a campaign's start (null for campaigns older than the check). */
export function readInitialCheck(dir: string): MinimumCheck | null {
  const path = join(dir, CHECK_FILE);
  return existsSync(path) ? (readJson(path) as MinimumCheck) : null;
}

/** A campaign directory resumes only with the settings it was started with. */
function checkSettings(dir: string, settings: Record<string, unknown>): void {
  const path = join(dir, SETTINGS_FILE);
  if (!existsSync(path)) return;
  const before = readJson(path) as Record<string, unknown>;
  const now = JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(before), ...Object.keys(now)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(now[key])) {
      throw new InputError(`${dir}: was started with different settings ('${key}' differs, see ${path}); use a new run directory`);
    }
  }
}

/** Events 1..count without a file yet. */
export function pendingEvents(setup: ActivationSetup, count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1).filter((k) => !readEvent(setup.eventsDir, k));
}

/**
 * The database of events 1..count, assembled anew (adjacency judged with `adjacencyRadius`) and
 * written into `dir` (the campaign directory, or another one for a database of the first events).
 */
export function assembleCampaign(dir: string, setup: ActivationSetup, count: number, adjacencyRadius: number): { runner: EventRunner; assembly: Assembly } {
  const runner = createEventRunner(setup);
  const assembly = assembleDatabase(runner, setup.eventsDir, count, setup.potential.units, setup.options, adjacencyRadius);
  assembly.db.write(dir, runner.state);
  return { runner, assembly };
}
