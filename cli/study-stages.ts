/**
 * The analysis of one study member after its quench, in its own directory, stage by stage; a stage
 * whose file exists with the same settings is skipped, so a rerun resumes:
 *
 *   landscape/        activations from the IS (betascape activate's files: initial.data, events/,
 *                     landscape.json, ...); finished events are kept
 *   moduli.json       local elastic constants on the voxel grid (betascape modulus-map's format)
 *   heterogeneity.json, crafm.json, subbasins.json, spectrum.json   each stage's numbers + settings
 *   analysis.json     everything the study tables and figures need (written last)
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../sim/io/checkpoint.js';
import { wrapPositions } from '../sim/box.js';
import { writeLammpsData } from '../sim/io/lammpsData.js';
import { InputError } from '../sim/errors.js';
import { minimize } from '../landscape/minimize/index.js';
import { defaultActivationOptions, defaultAdjacencyRadius, type ActivationOptions } from '../landscape/saddles/index.js';
import { readLandscapeJson } from '../landscape/landscape-json.js';
import { MODULI_FILE, readModuliFile } from '../analysis/heterogeneity/report.js';
import {
  crafmStage, heterogeneityStage, spectrumStage, subBasinStage,
  type CrafmResult, type HeterogeneityResult, type SpectrumResult, type SubBasinResult,
} from '../analysis/study/stages.js';
import type { GlassAnalysis } from '../analysis/study/results.js';
import { forceFieldFromArgs } from './common.js';
import { readConfiguration } from '../sim/io/configuration.js';
import { assembleDatabase, createEventRunner, defaultVineyardRadius, glassReference, readEvent, writeActivationRun, type ActivateSetup } from './activate-events.js';
import { readCatalogue } from '../analysis/spectra/event-catalogue.js';
import { FILES } from '../sim/protocols/quench-member.js';
import { readSummary } from '../analysis/sweep/member.js';
import type { StudyConfig } from '../analysis/study/config.js';

export interface StudyTask {
  sample: string;
  seed: number;
  dir: string;
  model: string;
  settings: Pick<StudyConfig, 'activation' | 'heterogeneity' | 'crafm' | 'spectrum' | 'subbasins'>;
  /** Tg to use when the member's own quench gave none (the sample's mean). */
  tgFallback: number | null;
}

export const ANALYSIS_FILE = 'analysis.json';

type Log = (message: string) => void;

/** A stage's result from its file when it was computed with the same settings, else undefined. */
function cached<T>(path: string, settings: unknown): T | undefined {
  if (!existsSync(path)) return undefined;
  const j = JSON.parse(readFileSync(path, 'utf8')) as { settings: unknown; result: T };
  return JSON.stringify(j.settings) === JSON.stringify(settings) ? j.result : undefined;
}

function save(path: string, settings: unknown, result: unknown): void {
  writeFileAtomic(path, JSON.stringify({ settings, result }) + '\n');
}

function activationOptions(task: StudyTask, units: Parameters<typeof defaultActivationOptions>[0]): ActivationOptions {
  const o = defaultActivationOptions(units);
  const a = task.settings.activation;
  return { ...o, pushRadius: a.push_radius ?? o.pushRadius, maxClimbSteps: a.max_climb_steps ?? o.maxClimbSteps };
}

/**
 * Activations from the member's IS (as `betascape activate`), resuming from the events already
 * saved; the database is assembled anew from them (adjacency judged with `adjacencyRadius`).
 */
function activationStage(task: StudyTask, adjacencyRadius: number, log: Log): void {
  const dir = join(task.dir, 'landscape');
  const eventsDir = join(dir, 'events');
  mkdirSync(eventsDir, { recursive: true });
  const potential = { model: task.model };
  const choice = forceFieldFromArgs(potential);
  const options = activationOptions(task, choice.units);
  const vineyardRadius = task.settings.activation.vineyard_radius ?? defaultVineyardRadius(choice.units.name);
  const settings = { potential, seed: task.seed * 1000, options, vineyardRadius };
  const settingsPath = join(dir, 'settings.json');
  if (existsSync(settingsPath) && readFileSync(settingsPath, 'utf8') !== JSON.stringify(settings)) {
    throw new InputError(`${dir}: activations were run with other settings (see settings.json); use another study output or remove that directory`);
  }
  writeFileAtomic(settingsPath, JSON.stringify(settings));
  const initialData = join(dir, 'initial.data');
  if (!existsSync(initialData)) {
    const state = readConfiguration(join(task.dir, FILES.inherent), choice);
    minimize(state, choice.ff, { method: 'lbfgs', ftol: options.minimizer.ftol, units: choice.units });
    wrapPositions(state.box, state.x, state.image);
    writeLammpsData(initialData, state, { title: `betascape study: minimized IS of ${task.sample} seed ${task.seed}`, velocities: false });
  }
  const setup: ActivateSetup = { potential, initialData, options, eventsDir, seed: settings.seed, vineyardRadius };
  const runner = createEventRunner(setup);
  const n = task.settings.activation.events;
  for (let k = 1; k <= n; k++) {
    if (readEvent(eventsDir, k)) continue;
    const e = runner.run(k);
    log(`${task.sample} seed ${task.seed}: event ${k}/${n} ${e.status}${e.metrics ? ` E_a ${e.metrics.activationEnergy.toPrecision(4)}` : ''}`);
  }
  writeActivationRun(dir, runner, assembleDatabase(runner, eventsDir, n, choice.units.name, options, adjacencyRadius), choice.units, glassReference(setup, dir));
}

/** The settings each stage's file is keyed by (a stage is current when its file holds the same). */
function stageSettings(task: StudyTask, units: 'lj' | 'metal', Tg: number | null) {
  const s = task.settings;
  const subbasins = { ...s.subbasins, adjacency_radius: s.subbasins.adjacency_radius ?? defaultAdjacencyRadius(units) };
  const landscape = { activation: s.activation, seed: task.seed, subbasins };
  return { landscape, heterogeneity: s.heterogeneity, crafm: { crafm: s.crafm, heterogeneity: s.heterogeneity }, spectrum: { spectrum: s.spectrum, Tg, landscape } };
}

/** Whether analysis.json exists and every stage's file is current, so the member needs no work. */
export function isAnalysisCurrent(task: StudyTask): boolean {
  const path = (f: string) => join(task.dir, f);
  if (!existsSync(path(ANALYSIS_FILE)) || !existsSync(path(MODULI_FILE))) return false;
  const Tg = readSummary(task.dir).Tg ?? task.tgFallback;
  const k = stageSettings(task, forceFieldFromArgs({ model: task.model }).units.name, Tg);
  return [['subbasins.json', k.landscape], ['heterogeneity.json', k.heterogeneity], ['crafm.json', k.crafm], ['spectrum.json', k.spectrum]]
    .every(([file, key]) => cached(path(file as string), key) !== undefined);
}

/** Runs (or reuses) every stage of one member and returns its analysis. */
export function analyseGlass(task: StudyTask, log: Log = () => {}): GlassAnalysis {
  const path = (f: string) => join(task.dir, f);
  const summary = readSummary(task.dir);
  const choice = forceFieldFromArgs({ model: task.model });
  const s = task.settings;
  const Tg = summary.Tg ?? task.tgFallback;
  const k = stageSettings(task, choice.units.name, Tg);

  let sub = cached<SubBasinResult>(path('subbasins.json'), k.landscape);
  if (!sub) {
    activationStage(task, k.landscape.subbasins.adjacency_radius, log);
    sub = subBasinStage(readLandscapeJson(join(task.dir, 'landscape', 'landscape.json')), summary.n, s.subbasins);
    save(path('subbasins.json'), k.landscape, sub);
  }

  let het = cached<HeterogeneityResult>(path('heterogeneity.json'), k.heterogeneity);
  if (!het || !existsSync(path(MODULI_FILE))) {
    log(`${task.sample} seed ${task.seed}: local moduli (voxel ${s.heterogeneity.voxel})`);
    const is = readConfiguration(path(FILES.inherent), choice);
    const r = heterogeneityStage(is, choice.ff, choice.units, s.heterogeneity, path(FILES.inherent));
    writeFileAtomic(path(MODULI_FILE), JSON.stringify(r.moduli));
    het = r.result;
    save(path('heterogeneity.json'), k.heterogeneity, het);
  }

  let cr = cached<CrafmResult>(path('crafm.json'), k.crafm);
  if (!cr) {
    cr = crafmStage(readModuliFile(task.dir), s.crafm);
    save(path('crafm.json'), k.crafm, cr);
  }

  if (Tg === null || !(Tg > 0)) throw new InputError(`${task.dir}: no Tg from the quench (and none from the other seeds); use a slower or longer quench`);
  let sp = cached<SpectrumResult>(path('spectrum.json'), k.spectrum);
  if (!sp) {
    sp = spectrumStage(readCatalogue(join(task.dir, 'landscape')), choice.units, Tg, s.spectrum);
    save(path('spectrum.json'), k.spectrum, sp);
  }

  const analysis: GlassAnalysis = {
    sample: task.sample, seed: task.seed, dir: task.dir, n: summary.n, units: summary.units,
    e_IS: summary.e_is_per_atom, Tg: summary.Tg, Tg_used: Tg, quench_wall_s: summary.wall_s,
    heterogeneity: het, crafm: cr, subbasins: sub, spectrum: sp,
  };
  writeFileAtomic(path(ANALYSIS_FILE), JSON.stringify(analysis) + '\n');
  return analysis;
}
