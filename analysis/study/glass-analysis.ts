/**
 * The analysis of one study glass after its quench, in its sweep member's directory, stage by
 * stage; a stage whose file exists with the same settings is skipped, so a rerun resumes:
 *
 *   landscape/        the activation campaign from the IS (betascape activate's files:
 *                     initial.data, events/, landscape.json, catalogue.csv, ...); finished events are kept
 *   moduli.json       local elastic constants on the voxel grid (betascape modulus-map's format)
 *   heterogeneity.json, crafm.json, subbasins.json, spectrum.json   each stage's numbers + settings
 *   structure.json    Voronoi volume and icosahedral fraction per voxel of moduli.json, against G (structure-stage.ts)
 *   event-sites.json  where the catalogue's events sit in the G map (event-sites.ts; exploratory, not in the verdict)
 *   linearity.json    the heterogeneity stage's δ against δ/10 (linearity-stage.ts; exploratory, not in the verdict)
 *   convergence.json  β measures and sub-basin density from the first attempts (landscape/attempts/first-K/)
 *   dma/T0.50.json    MD-DMA at each T/Tg of the config's dma: block (dma-stage.ts), one file per point
 *   analysis.json     everything the study tables and figures need (written last)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../sim/io/checkpoint.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { referenceForceField } from '../../sim/open-force-field.js';
import { InputError } from '../../sim/errors.js';
import { unitsByName } from '../../sim/units.js';
import { FILES } from '../../sim/protocols/quench-member.js';
import { defaultActivationOptions, defaultAdjacencyRadius, type ActivationOptions } from '../../landscape/saddles/index.js';
import { readLandscapeJson } from '../../landscape/landscape-json.js';
import { CATALOGUE_RULES } from '../../landscape/catalogue.js';
import { openCampaign, pendingEvents, readInitialCheck } from '../../landscape/activation/campaign.js';
import { createEventRunner, defaultVineyardRadius, type ActivationSetup, type CampaignPotential } from '../../landscape/activation/events.js';
import { MODULI_FILE, readModuliFile } from '../heterogeneity/report.js';
import { catalogueCampaign } from '../spectra/campaign-catalogue.js';
import { readCatalogue } from '../spectra/event-catalogue.js';
import { readSummary } from '../sweep/member.js';
import { readRelaxFit } from '../dynamics/relax-file.js';
import { pooledGlassTransition } from '../sweep/quench-tg.js';
import {
  crafmStage, heterogeneityStage, kelvinPerTemperatureUnit, labSpectrumSettings, mdEventSpectrum, siScales, spectrumStage, subBasinStage,
  type CrafmResult, type HeterogeneityResult, type SpectrumResult, type SubBasinResult,
} from './stages.js';
import { convergenceStage, type ConvergenceResult } from './convergence.js';
import { STRUCTURE_TESSELLATION, heterogeneityReference, structureStage, type StructureResult } from './structure-stage.js';
import { eventSitesStage, type EventSitesResult } from './event-sites.js';
import { linearityStage, type LinearityResult } from './linearity-stage.js';
import { dmaStage, isDmaCurrent, type DmaDynamics, type DmaResult, type DmaStageInput } from './dma-stage.js';
import { DMA_DEFAULTS } from './dma-settings.js';
import type { GlassAnalysis } from './results.js';
import type { AnalysisSettings, LoadedStudy, StudyGlass } from './config.js';

/** What a worker needs to analyse one glass (plain data). */
export interface StudyTask {
  sample: string;
  seed: number;
  /** The sweep member's directory. */
  dir: string;
  /** Model argument as the sample gives it (a preset or an absolute model-file path): the settings key. */
  model: string;
  potential: CampaignPotential;
  settings: AnalysisSettings;
  /** The member's time step and thermostat, for the MD-DMA. */
  dynamics: DmaDynamics;
  /** A large glass (config `large:`): only the local moduli and CR-AFM (analysis/study/large-glass.ts). */
  large?: boolean;
  /**
   * Tg of the glass's quench protocol (or of its sample's `tg_from` sample's), from the cooling
   * curves of every glass quenched by it (an anneal aside) averaged together, so seeds and the
   * annealed glass share one T/Tg axis; null when no fit succeeded.
   */
  tgProtocol: number | null;
  /** With `tg_from`: the sample that lent tgProtocol, and the Tg of the glass's own quench protocol. */
  tgFrom?: { sample: string; ownTg: number | null };
}

export const ANALYSIS_FILE = 'analysis.json';

type Log = (message: string) => void;

/** A stage's result from its file when it was computed with the same settings, else undefined. */
function cached<T>(path: string, settings: unknown): T | undefined {
  if (!existsSync(path)) return undefined;
  const j = JSON.parse(readFileSync(path, 'utf8')) as { settings: unknown; result: T };
  return JSON.stringify(j.settings) === JSON.stringify(settings) ? j.result : undefined;
}

/**
 * Computes a stage and saves its result with its settings and the wall seconds it took (or what
 * `wall` makes of them: work done by earlier runs that this one reuses).
 */
function computeAndSave<T>(path: string, settings: unknown, compute: () => T, wall = (seconds: number) => seconds): T {
  const t0 = performance.now();
  const result = compute();
  writeFileAtomic(path, JSON.stringify({ settings, result, wall_s: wall((performance.now() - t0) / 1000) }) + '\n');
  return result;
}

/** The wall seconds a stage's file records (null in files from before they were recorded). */
function stageWall(path: string): number | null {
  return (JSON.parse(readFileSync(path, 'utf8')) as { wall_s?: number }).wall_s ?? null;
}

function activationOptions(task: StudyTask): ActivationOptions {
  const o = defaultActivationOptions(unitsByName(task.potential.units));
  const a = task.settings.activation;
  const r = {
    ...o, pushRadius: a.push_radius ?? o.pushRadius, maxClimbSteps: a.max_climb_steps ?? o.maxClimbSteps,
    localRadius: a.local_radius ?? o.localRadius, descentMaxStep: a.descent_max_step ?? o.descentMaxStep,
    // Absent stays absent: the campaigns run without it keep their settings key.
    ...(a.lanczos_every === undefined ? {} : { lanczosEvery: a.lanczos_every }),
    ...(a.climb_optimizer === undefined ? {} : { climbOptimizer: a.climb_optimizer }),
  };
  if (r.localRadius > 0 && !(r.localRadius > r.pushRadius)) {
    throw new InputError(`activation.local_radius: must exceed the push radius ${r.pushRadius} (or be 0: off), got ${r.localRadius}`);
  }
  return r;
}

/** The glass's activation campaign directory, opened (or resumed) with the study's settings. */
function campaignSetup(task: StudyTask): ActivationSetup {
  const options = activationOptions(task);
  const vineyardRadius = task.settings.activation.vineyard_radius ?? defaultVineyardRadius(task.potential.units);
  const seed = task.seed * 1000;
  return openCampaign({
    dir: join(task.dir, 'landscape'), potential: task.potential, options, seed, vineyardRadius, start: join(task.dir, FILES.inherent),
    title: `study, ${task.sample} seed ${task.seed}`, settings: { potential: { model: task.model }, seed, options, vineyardRadius },
  });
}

/**
 * The activation campaign from the glass's IS (as `betascape activate`), resuming from the events
 * already saved; its catalogue is assembled anew (adjacency judged with `adjacencyRadius`).
 */
function activationStage(task: StudyTask, adjacencyRadius: number, log: Log): { searchedNow_s: number } {
  const dir = join(task.dir, 'landscape');
  const setup = campaignSetup(task);
  const n = task.settings.activation.events;
  const runner = createEventRunner(setup);
  let searchedNow_s = 0;
  for (const k of pendingEvents(setup, n)) {
    const e = runner.run(k);
    searchedNow_s += e.wall_s;
    log(`${task.sample} seed ${task.seed}: event ${k}/${n} ${e.status}${e.metrics ? ` E_a ${e.metrics.activationEnergy.toPrecision(4)}` : ''}`);
  }
  catalogueCampaign(dir, setup, n, adjacencyRadius);
  return { searchedNow_s };
}

/** The settings each stage's file is keyed by (a stage is current when its file holds the same). */
function stageSettings(task: StudyTask, units: 'lj' | 'metal', Tg: number | null) {
  const s = task.settings;
  const subbasins = { ...s.subbasins, adjacency_radius: s.subbasins.adjacency_radius ?? defaultAdjacencyRadius(units) };
  // The resolved options: a change of the sampling's defaults reruns the campaign too.
  const landscape = { activation: s.activation, seed: task.seed, subbasins, options: activationOptions(task), catalogue_rules: CATALOGUE_RULES };
  // With spectrum.alpha_from, the fit itself too: a rerun of relax recomputes the spectrum (without it, the key is as before).
  const alphaVft = s.spectrum.alpha_from !== undefined ? { alpha_vft: readRelaxFit(s.spectrum.alpha_from, 'spectrum.alpha_from').vft } : {};
  const kelvin = { temperature_unit_K: kelvinPerTemperatureUnit(units, s.crafm) };
  const spectrum = { spectrum: s.spectrum, Tg, landscape, md_period: s.dma?.period ?? DMA_DEFAULTS.period, ...alphaVft, ...kelvin };
  return {
    landscape, heterogeneity: s.heterogeneity, crafm: { crafm: s.crafm, heterogeneity: s.heterogeneity }, spectrum, convergence: spectrum,
    structure: { heterogeneity: s.heterogeneity, tessellation: STRUCTURE_TESSELLATION },
    sites: { heterogeneity: s.heterogeneity, landscape },
    linearity: { heterogeneity: s.heterogeneity },
  };
}

/** The MD-DMA stage's input (without the glass and force field, which only a run needs). */
function dmaKey(task: StudyTask, Tg: number): Omit<DmaStageInput, 'glass' | 'ff' | 'units'> | undefined {
  const d = task.settings.dma;
  return d ? { dir: task.dir, Tg, seed: task.seed, settings: d, dynamics: task.dynamics, key: { model: task.model } } : undefined;
}

/** Whether analysis.json exists and every stage's file is current, so the glass needs no work. */
export function isAnalysisCurrent(task: StudyTask): boolean {
  const path = (f: string) => join(task.dir, f);
  if (!existsSync(path(ANALYSIS_FILE)) || !existsSync(path(MODULI_FILE))) return false;
  const Tg = task.tgProtocol ?? readSummary(task.dir).Tg;
  const k = stageSettings(task, task.potential.units, Tg);
  const dma = Tg === null ? undefined : dmaKey(task, Tg);
  return [['subbasins.json', k.landscape], ['heterogeneity.json', k.heterogeneity], ['crafm.json', k.crafm], ['spectrum.json', k.spectrum],
    ['convergence.json', k.convergence], ['structure.json', k.structure], ['event-sites.json', k.sites], ['linearity.json', k.linearity]]
    .every(([file, key]) => cached(path(file as string), key) !== undefined) && (dma === undefined || isDmaCurrent(dma));
}

/** Runs (or reuses) every stage of one glass and returns its analysis. */
export function analyseGlass(task: StudyTask, log: Log = () => {}): GlassAnalysis {
  const path = (f: string) => join(task.dir, f);
  const summary = readSummary(task.dir);
  const units = unitsByName(task.potential.units);
  const s = task.settings;
  const Tg = task.tgProtocol ?? summary.Tg;
  const k = stageSettings(task, units.name, Tg);

  // The activation stage's wall counts every search at its own time (its event file's, whichever
  // run made it), so a campaign resumed or assembled anew still records what its searches cost.
  let searches = { now: 0, all: 0 };
  const sub = cached<SubBasinResult>(path('subbasins.json'), k.landscape) ?? computeAndSave(path('subbasins.json'), k.landscape, () => {
    const { searchedNow_s } = activationStage(task, k.landscape.subbasins.adjacency_radius, log);
    const dir = join(task.dir, 'landscape');
    const db = readLandscapeJson(join(dir, 'landscape.json'));
    searches = { now: searchedNow_s, all: db.events.reduce((a, e) => a + (typeof e.wall_s === 'number' ? e.wall_s : 0), 0) };
    return subBasinStage(db, summary.n, s.subbasins, readInitialCheck(dir));
  }, (seconds) => seconds - searches.now + searches.all);

  const { heterogeneity: het, crafm: cr, structure } = moduliStages(task, log);

  if (Tg === null || !(Tg > 0)) throw new InputError(`${task.dir}: no Tg from the quench (nor from any glass of its quench protocol); use a slower or longer quench, or fixed tg windows`);
  const lab = labSpectrumSettings(units.name, s);
  const sp = cached<SpectrumResult>(path('spectrum.json'), k.spectrum) ?? computeAndSave(path('spectrum.json'), k.spectrum,
    () => spectrumStage(readCatalogue(join(task.dir, 'landscape')), units, Tg, lab, k.spectrum.md_period));

  const sites = cached<EventSitesResult>(path('event-sites.json'), k.sites) ?? computeAndSave(path('event-sites.json'), k.sites, () => {
    log(`${task.sample} seed ${task.seed}: event sites in the G map`);
    const is = readConfiguration(path(FILES.inherent), { ...task.potential, units });
    const ref = heterogeneityReference(is, referenceForceField(task.potential.spec, task.potential.skin), units, s.heterogeneity.ftol);
    return eventSitesStage(join(task.dir, 'landscape'), ref, readModuliFile(task.dir), s.heterogeneity.voxel, s.heterogeneity.soft_percentile);
  });

  const linearity = cached<LinearityResult>(path('linearity.json'), k.linearity) ?? computeAndSave(path('linearity.json'), k.linearity, () => {
    log(`${task.sample} seed ${task.seed}: local moduli again at δ/10`);
    const is = readConfiguration(path(FILES.inherent), { ...task.potential, units });
    return linearityStage(is, referenceForceField(task.potential.spec, task.potential.skin), units, s.heterogeneity, readModuliFile(task.dir));
  });

  const conv = cached<ConvergenceResult>(path('convergence.json'), k.convergence) ?? computeAndSave(path('convergence.json'), k.convergence, () => {
    log(`${task.sample} seed ${task.seed}: β and sub-basin density from the first attempts`);
    return convergenceStage(join(task.dir, 'landscape'), campaignSetup(task), s.activation.events, k.landscape.subbasins.adjacency_radius, units, Tg, summary.n, { ...s, spectrum: lab });
  });

  let dma: DmaResult | null = null;
  const dk = dmaKey(task, Tg);
  if (dk) {
    const ff = referenceForceField(task.potential.spec, task.potential.skin);
    const glass = () => readConfiguration(path(FILES.inherent), { ...task.potential, units });
    const eventTanDelta = (T: number[]) => mdEventSpectrum(readCatalogue(join(task.dir, 'landscape')), units, Tg, lab, dk.settings.period, T).map((p) => p.tanDelta);
    dma = dmaStage({ ...dk, glass, ff, units }, eventTanDelta, (m) => log(`${task.sample} seed ${task.seed}: ${m}`));
  }

  const analysis: GlassAnalysis = {
    sample: task.sample, seed: task.seed, dir: task.dir, n: summary.n, units: summary.units, model: task.model,
    e_IS: summary.e_is_per_atom, Tg: summary.Tg, Tg_quality: summary.tg_fit?.quality ?? null, Tg_used: Tg, ...(task.tgFrom ? { Tg_from: task.tgFrom.sample, Tg_protocol_own: task.tgFrom.ownTg } : {}), quench_wall_s: summary.wall_s,
    scales: { nm_per_length: siScales(units.name, s.crafm).metres * 1e9, kTg: units.boltz * Tg, GPa_per_stress: siScales(units.name, s.crafm).pascals / 1e9 },
    heterogeneity: het, crafm: cr, subbasins: sub, spectrum: sp, convergence: conv, dma, structure, event_sites: sites, linearity,
    stage_wall_s: {
      activation: stageWall(path('subbasins.json')), moduli: stageWall(path('heterogeneity.json')), structure: stageWall(path('structure.json')),
      spectrum: stageWall(path('spectrum.json')), event_sites: stageWall(path('event-sites.json')), linearity: stageWall(path('linearity.json')),
      convergence: stageWall(path('convergence.json')), dma: dma?.wall_s ?? null,
    },
  };
  writeFileAtomic(path(ANALYSIS_FILE), JSON.stringify(analysis) + '\n');
  return analysis;
}

/** What fixes a glass's Tg: its model and quench protocol (not its seed or anneal). */
function quenchProtocol(g: StudyGlass): string {
  const c = g.member.config;
  return JSON.stringify([g.model, g.member.rate, c.n, c.density, c.ensemble, c.pressure, c.dt, c.thermostat, c.melt, c.quench, c.tg]);
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Tg of one quench protocol: the fit of its glasses' cooling curves averaged over seeds
 * (analysis/sweep/quench-tg.ts); where that fails, the median of the glasses' own fits.
 */
function protocolTg(glasses: StudyGlass[]): number | null {
  const pooled = pooledGlassTransition(glasses.map((g) => join(g.member.dir, FILES.quench)), glasses[0].member.config)?.Tg;
  if (pooled) return pooled;
  const own = glasses.map((g) => readSummary(g.member.dir).Tg).filter((t): t is number => t !== null);
  return own.length ? median(own) : null;
}

/**
 * The study's glasses as tasks, each with the Tg of its quench protocol, or of the protocol of the
 * sample its `tg_from` names.
 */
export function glassTasks(study: LoadedStudy): StudyTask[] {
  const groups = new Map<string, StudyGlass[]>();
  for (const g of study.glasses) groups.set(quenchProtocol(g), [...(groups.get(quenchProtocol(g)) ?? []), g]);
  const tg = new Map([...groups].map(([key, gs]) => [key, protocolTg(gs)]));
  const tgOf = (g: StudyGlass) => tg.get(quenchProtocol(g)) ?? null;
  return study.glasses.map((g) => {
    if (!g.tgFrom) return studyTask(g, tgOf(g));
    const lender = study.glasses.find((r) => r.sample === g.tgFrom)!;
    return { ...studyTask(g, tgOf(lender)), tgFrom: { sample: g.tgFrom, ownTg: tgOf(g) } };
  });
}

/** One glass as a task (plain data for a worker). */
export function studyTask(g: StudyGlass, tgProtocol: number | null, large = false): StudyTask {
  const c = g.member.config;
  const { spec, name, species } = g.member.potential;
  return {
    sample: g.sample, seed: g.seed, dir: g.member.dir, model: g.model, potential: { spec, name, species, units: c.units, skin: c.skin, massesFromPotential: spec.kind === 'eam' },
    settings: g.settings, tgProtocol, ...(large ? { large } : {}),
    dynamics: { dt: c.dt, damp: c.thermostat.damp ?? 100 * c.dt, chain: c.thermostat.chain, langevin: c.ensemble === 'langevin' },
  };
}

/** The local moduli (moduli.json, heterogeneity.json), the CR-AFM map (crafm.json) and the voxel structure (structure.json) of a glass's IS. */
export function moduliStages(task: StudyTask, log: Log): { heterogeneity: HeterogeneityResult; crafm: CrafmResult; structure: StructureResult } {
  const path = (f: string) => join(task.dir, f);
  const units = unitsByName(task.potential.units);
  const s = task.settings;
  const k = stageSettings(task, units.name, null);
  const cachedHet = cached<HeterogeneityResult>(path('heterogeneity.json'), k.heterogeneity);
  const fresh = !cachedHet || !existsSync(path(MODULI_FILE));
  const het = !fresh ? cachedHet : computeAndSave(path('heterogeneity.json'), k.heterogeneity, () => {
    log(`${task.sample} seed ${task.seed}: local moduli (voxel ${s.heterogeneity.voxel})`);
    const is = readConfiguration(path(FILES.inherent), { ...task.potential, units });
    const r = heterogeneityStage(is, referenceForceField(task.potential.spec, task.potential.skin), units, s.heterogeneity, path(FILES.inherent));
    writeFileAtomic(path(MODULI_FILE), JSON.stringify(r.moduli));
    return r.result;
  });
  const cr = cached<CrafmResult>(path('crafm.json'), k.crafm) ?? computeAndSave(path('crafm.json'), k.crafm, () => crafmStage(readModuliFile(task.dir), s.crafm));
  const structure = (fresh ? undefined : cached<StructureResult>(path('structure.json'), k.structure)) ?? computeAndSave(path('structure.json'), k.structure, () => {
    log(`${task.sample} seed ${task.seed}: Voronoi structure per voxel`);
    const is = readConfiguration(path(FILES.inherent), { ...task.potential, units });
    return structureStage(is, referenceForceField(task.potential.spec, task.potential.skin), units, s.heterogeneity, readModuliFile(task.dir));
  });
  return { heterogeneity: het, crafm: cr, structure };
}
