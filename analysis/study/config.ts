/**
 * Study configs (configs/beta-heterogeneity*.yaml): samples (model alloy × cooling rate × anneal),
 * seeds, the shared quench protocol (`base`: sweep-config keys, docs/sweeps.md) and the settings of
 * the analysis stages. Each sample × seed becomes one sweep member, validated by the sweep schema
 * (sim/protocols/sweep-config.ts). Problems are one line each, naming the key path and the file
 * line; unknown keys are errors; `--set KEY=VALUE` overrides any key (read as YAML).
 */
import { basename, dirname, extname, join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { z } from 'zod';
import type { KeyPath } from '../../sim/config/key-path.js';
import { readConfigInput } from '../../sim/config/load.js';
import { ConfigError, parseConfig, problemLine, type ConfigSource } from '../../sim/config/problems.js';
import { checkSweepConfig, type Member } from '../../sim/protocols/sweep.js';
import { MAX_SEEDS } from '../../sim/protocols/plausibility.js';
import { InputError } from '../../sim/errors.js';
import { MAX_SPECTRUM_POINTS } from '../spectra/event-spectrum.js';
import { DEFAULT_DECISION, decisionSchema } from './decision.js';
import { dmaProblems, dmaSchema } from './dma-settings.js';
import { readRelaxFit } from '../dynamics/relax-file.js';

const num = z.number({ error: 'must be a number' });
const positive = () => num.gt(0, 'must be > 0');
const whole = () => z.int({ error: 'must be a whole number' });
const label = z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, . _ or -');

/** The analysis blocks a sample may override (its own length and energy units, say). */
const ANALYSIS_BLOCKS = ['activation', 'heterogeneity', 'crafm', 'spectrum', 'subbasins', 'dma'] as const;
type AnalysisBlock = (typeof ANALYSIS_BLOCKS)[number];
const overrides = z.record(z.string(), z.unknown());

const sampleSchema = z.strictObject({
  name: label,
  /** LJ preset or model file (relative to the config file); or, instead, an EAM `potential` (sweep-config syntax). */
  model: z.string().min(1, 'must not be empty').optional(),
  potential: z.unknown().optional(),
  /** Sweep-config keys that replace base's for this sample (mappings merged one level deep): units, composition, n, dt, melt, ... */
  protocol: overrides.optional(),
  /** Analysis settings that replace the top-level blocks' keys for this sample (e.g. voxel edge in Å). */
  analysis: z.strictObject({ activation: overrides, heterogeneity: overrides, crafm: overrides, spectrum: overrides, subbasins: overrides, dma: overrides }).partial().optional(),
  /** Cooling rate (temperature per time unit). */
  rate: positive(),
  /** Isothermal anneal below Tg after the quench. */
  anneal: z.strictObject({ T: positive(), duration: positive() }).optional(),
  /**
   * Sample whose quench protocol's Tg sets this sample's T/Tg axis (same model only): glasses of one
   * Hamiltonian made at other cooling rates are then compared at the same temperatures, as DMA
   * compares ribbons of one alloy cast or annealed differently on one calorimetric Tg.
   */
  tg_from: label.optional(),
  /** The alloy this model glass stands for (free text, shown in the report). */
  analogue: z.string().optional(),
  note: z.string().optional(),
});

const studyFields = z.strictObject({
  name: label.optional(),
  /** Run directory (default runs/<name>). */
  output: z.string().min(1).optional(),
  /** A count (1..count) or a list of seeds. */
  seeds: z.union([
    whole().gte(1, 'must be >= 1').lte(MAX_SEEDS, `must be <= ${MAX_SEEDS}`),
    z.array(whole().gte(0, 'must be >= 0')).min(1).max(MAX_SEEDS, `must list at most ${MAX_SEEDS} seeds`),
  ], { error: 'must be a count or a list of seeds' }).default(2),
  /** Sweep-config keys shared by all samples (not model, quench.rates, anneal, seeds, output). */
  base: z.record(z.string(), z.unknown()),
  samples: z.array(sampleSchema).min(2, 'must list at least two samples'),
  activation: z.strictObject({
    events: whole().gte(1, 'must be >= 1').default(10),
    push_radius: positive().optional(),
    max_climb_steps: whole().gte(1, 'must be >= 1').optional(),
    /** Region radius of each event's Vineyard attempt frequencies (default 1.5 σ, 3.5 Å). */
    vineyard_radius: positive().optional(),
    /** Local activation radius (default 4 σ, 9 Å; 0: off) and the capped descent's step (default 0.02 σ, 0.05 Å; 0: off): docs/landscape.md. */
    local_radius: num.gte(0, 'must be >= 0').optional(),
    descent_max_step: num.gte(0, 'must be >= 0').optional(),
    /** Opt-in cheaper climb: a Lanczos refresh of the lowest mode at every k-th climbing step only (docs/landscape.md, *Cheaper climbs*); absent: every step, the reference path. */
    lanczos_every: whole().gte(1, 'must be >= 1').optional(),
    /** Opt-in: L-BFGS steps in the climb at negative curvature (docs/landscape.md, *Cheaper climbs*); absent: FIRE, the reference path. */
    climb_optimizer: z.enum(['fire', 'lbfgs'], { error: 'must be fire or lbfgs' }).optional(),
  }).default({ events: 10 }),
  heterogeneity: z.strictObject({
    /** Voxel edge W (length units). */
    voxel: positive().default(2.5),
    /** Voxel edges (length units: σ, or Å in metal units) of the voxel-size scan, coarse-grained from the same strain runs. */
    voxel_scan: z.array(positive()).max(20, 'must list at most 20 voxel edges').default([2, 3, 4, 5, 6]),
    /** Strain amplitude (docs/heterogeneity.md: 1e-5 is converged, 1e-4 is not in small glasses). */
    delta: positive().max(0.05, 'must be <= 0.05').default(1e-5),
    ftol: positive().default(1e-9),
    /** Soft zones: voxels below this percentile of the local shear modulus G. */
    soft_percentile: positive().max(99, 'must be < 100').default(10),
  }).default({ voxel: 2.5, voxel_scan: [2, 3, 4, 5, 6], delta: 1e-5, ftol: 1e-9, soft_percentile: 10 }),
  crafm: z.strictObject({
    /** LJ length and energy in physical units (argon-like metal scale: 0.25 nm, 0.1 eV). */
    sigma_nm: positive().default(0.25),
    epsilon_eV: positive().default(0.1),
    tip_radius_nm: positive().default(10),
    load_nN: positive().default(100),
    cantilever_k: positive().default(40),
    f0_kHz: positive().default(300),
    tip_modulus_GPa: positive().default(165),
    tip_poisson: num.gte(0).lt(0.5, 'must be < 0.5').default(0.22),
    /** Average the modulus over the Hertz contact where the map is two contact diameters wide (map in kHz); else, or false, pixel by pixel in relative units. */
    tip_average: z.boolean().default(true),
  }).default({ sigma_nm: 0.25, epsilon_eV: 0.1, tip_radius_nm: 10, load_nN: 100, cantilever_k: 40, f0_kHz: 300, tip_modulus_GPa: 165, tip_poisson: 0.22, tip_average: true }),
  spectrum: z.strictObject({
    /** Laboratory frequency (Hz); seconds per LJ time unit τ (metal units: 1 ps). */
    frequency: positive().default(1),
    tau_seconds: positive().default(1e-12),
    /** tension: E'' as the paper's DMA; average: an isotropic sample (box: the box axes). */
    mode: z.enum(['shear', 'tension']).default('tension'),
    orientation: z.enum(['box', 'average']).default('average'),
    /** One attempt frequency (per time unit) for every event instead of the Vineyard ones. */
    attempt_frequency: positive().optional(),
    fragility: positive().default(40),
    gamma: num.gt(0).lte(1, 'must be <= 1').default(0.5),
    tau_inf: positive().default(1e-14),
    /** Heating rate of the DMA scan (K/min; lj temperatures are converted with crafm.epsilon_eV): sets the α's fictive temperature. */
    heating_rate: positive().default(3),
    /** Temperature window in units of the member's Tg (log-spaced points). */
    T_min: positive().default(0.005),
    T_max: positive().default(1.3),
    points: whole().gte(21, 'must be >= 21').lte(MAX_SPECTRUM_POINTS, `must be <= ${MAX_SPECTRUM_POINTS}`).default(240),
    /**
     * relax.json of `betascape relax` (or its directory; relative to the config file): the α process's
     * τ_α(T) is its VFT fit (MD time × tau_seconds) instead of fragility and tau_inf at the glass's Tg.
     * No default: without it the parametrised α process.
     */
    alpha_from: z.string().min(1, 'must not be empty').optional(),
    /**
     * smoothed: each sampled event stands for double wells with asymmetries spread around its own by a
     * Gaussian kernel (a density estimate, docs/spectra.md); exact: the plain sum over the events.
     */
    asymmetry: z.enum(['exact', 'smoothed']).default('smoothed'),
    /** Kernel width (energy units of the model); default Silverman's rule over each glass's events. */
    asymmetry_bandwidth: positive().optional(),
    /** The verdict's correlation again with β from the kernel width times each of these (the report's bandwidth check). */
    bandwidth_check: z.array(positive()).max(4, 'at most 4 factors').default([0.5, 2]),
  }).default({
    frequency: 1, tau_seconds: 1e-12, mode: 'tension', orientation: 'average', fragility: 40, gamma: 0.5, tau_inf: 1e-14, heating_rate: 3,
    T_min: 0.005, T_max: 1.3, points: 240, asymmetry: 'smoothed', bandwidth_check: [0.5, 2],
  }),
  subbasins: z.strictObject({
    /** Energy interval of the density histogram. */
    bin_width: positive().default(0.1),
    /** Sub-basin density counts adjacent minima with E - E_IS below this. */
    window: positive().default(1.0),
    /** Event-region radius of the adjacency judgement (default 2.5 sigma, 7 Å; landscape/saddles/adjacency.ts). */
    adjacency_radius: positive().optional(),
  }).default({ bin_width: 0.1, window: 1.0 }),
  /** Direct MD-DMA of every glass at fixed T/Tg (analysis/study/dma-settings.ts); none without the block. */
  dma: dmaSchema.optional(),
  /** The as-quenched / annealed pair (sample names). */
  annealing: z.strictObject({ as_quenched: label, annealed: label }).optional(),
  /** The cooling-rate pair (sample names). */
  cooling: z.strictObject({ fast: label, slow: label }).optional(),
  /** Samples in the paper's order of heterogeneity and β, strongest first (claim C1, analysis/study/claims.ts). */
  alloys: z.array(label).min(2, 'must name at least two samples').optional(),
  /**
   * Large glasses for the correlation lengths: these samples quenched again with `n` atoms (their
   * protocol otherwise), seeds as listed; only local moduli and CR-AFM are computed on them.
   */
  large: z.strictObject({
    n: whole().gte(1, 'must be >= 1'),
    seeds: z.array(whole().gte(0, 'must be >= 0')).min(1, 'must list at least one seed').max(MAX_SEEDS, `must list at most ${MAX_SEEDS} seeds`).default([1]),
    samples: z.array(label).min(1, 'must list at least one sample'),
  }).optional(),
  /** Decision rules of the verdict, fixed before the run (analysis/study/decision.ts). */
  decision: decisionSchema.default(DEFAULT_DECISION),
  /** Measured loss spectra to overlay on Fig. 2 (T scaled by the given Tg, in the file's temperature unit, K). */
  measured: z.array(z.strictObject({ file: z.string().min(1), label: z.string().min(1), Tg: positive() })).default([]),
});

export type StudyConfig = z.output<typeof studyFields>;
const analysisSchema = studyFields.pick({ activation: true, heterogeneity: true, crafm: true, spectrum: true, subbasins: true, dma: true });

/** One glass of the study: a sample × seed, quenched as a sweep member and then analysed. */
export interface StudyGlass {
  sample: string;
  seed: number;
  /** The sweep member (its directory holds every stage's files). */
  member: Member;
  /** Model argument for force fields: a preset name, an absolute model-file path, or the EAM file. */
  model: string;
  /** The analysis settings of its sample (the top-level blocks with the sample's `analysis` overrides). */
  settings: AnalysisSettings;
  /** The sample whose protocol Tg this glass's T/Tg axis uses (its own protocol's when absent). */
  tgFrom?: string;
}

export type AnalysisSettings = Pick<StudyConfig, AnalysisBlock>;

export interface LoadedStudy {
  config: StudyConfig;
  file: string;
  output: string;
  glasses: StudyGlass[];
  /** The `large` block's glasses (sample names as their samples'; member directories `<sample>-n<N>`). */
  large: StudyGlass[];
  /** The resolved study config as YAML (for the report and study.yaml). */
  text: string;
  /** Warnings of the samples' sweep configs (a time step that drifts), one line each. */
  warnings: string[];
}

const BASE_FORBIDDEN = ['model', 'potential', 'alloys', 'anneal', 'seeds', 'output', 'name', 'composition', 'units'];
const PROTOCOL_FORBIDDEN = ['model', 'potential', 'alloys', 'anneal', 'seeds', 'output', 'name'];

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `over`'s keys replace `base`'s; where both hold a mapping, the mappings are merged (one level). */
function mergeOneLevel(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isMapping(v) && isMapping(base[k]) ? { ...base[k], ...v } : v;
  return out;
}

/** The settings key of an EAM sample's force field: its file (absolute) and elements. */
function potentialLabel(potential: unknown, baseDir: string): string {
  const p = isMapping(potential) ? potential : {};
  return JSON.stringify({ ...p, ...(typeof p.file === 'string' ? { file: resolve(baseDir, p.file) } : {}) });
}

/**
 * A sample's analysis settings: the top-level blocks with its `analysis` overrides, validated as
 * the top-level blocks are (a problem names the sample's key when the sample set it).
 */
function sampleSettings(raw: unknown, config: StudyConfig, k: number, source: ConfigSource): AnalysisSettings {
  const own = config.samples[k].analysis;
  if (!own) return Object.fromEntries(ANALYSIS_BLOCKS.map((b) => [b, config[b]])) as AnalysisSettings;
  const top = raw as Record<string, unknown>;
  // A block neither the top level nor the sample gives stays absent (an optional block such as dma: is off).
  const merged = Object.fromEntries(ANALYSIS_BLOCKS.filter((b) => top[b] !== undefined || own[b] !== undefined)
    .map((b) => [b, { ...(isMapping(top[b]) ? top[b] : {}), ...(own[b] ?? {}) }]));
  const mapPath = (p: KeyPath): KeyPath => {
    const block = own[p[0] as AnalysisBlock];
    return block && p.length > 1 && String(p[1]) in block ? ['samples', k, 'analysis', ...p] : p;
  };
  return parseConfig(analysisSchema, merged, { file: source.file, lineOf: (p) => source.lineOf(mapPath(p)), overridden: source.overridden }, ANALYSIS_BLOCKS.join(', '));
}

/**
 * The settings with spectrum.alpha_from resolved against the config's directory, after checking
 * that the relax result has a VFT fit of this sample's model in its units (else `bad`).
 */
function withAlphaFrom(settings: AnalysisSettings, baseDir: string, model: string, units: string | undefined, bad: (message: string) => void): AnalysisSettings {
  const given = settings.spectrum.alpha_from;
  if (given === undefined) return settings;
  const path = resolve(baseDir, given);
  try {
    const relax = readRelaxFit(path, 'alpha_from');
    if (relax.model !== model || relax.units !== units) bad(`the relax fit ${relax.file} is of model ${relax.model} (${relax.units}), this sample's is ${model} (${units})`);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    bad(e.message.replace(/^alpha_from: /, ''));
  }
  return { ...settings, spectrum: { ...settings.spectrum, alpha_from: path } };
}

/** Reads, overrides, validates and expands a study config; throws ConfigError (one line per problem). */
export function loadStudy(file: string, overrides: string[] = []): LoadedStudy {
  const { raw, source } = readConfigInput(file, overrides);
  const config = parseConfig(studyFields, raw, source, 'base:, samples:');
  const problems: string[] = [];
  const bad = (path: KeyPath, message: string) => problems.push(problemLine(source, path, message));
  for (const k of BASE_FORBIDDEN) if (k in config.base) bad(['base', k], `set per sample (samples[].model, rate, anneal) or at the top level (seeds, output, name), not in base`);
  const q = config.base.quench as Record<string, unknown> | undefined;
  if (q && typeof q === 'object' && 'rates' in q) bad(['base', 'quench', 'rates'], `give each sample its rate (samples[].rate)`);
  const names = config.samples.map((s) => s.name);
  names.forEach((n, k) => {
    if (names.indexOf(n) !== k) bad(['samples', k, 'name'], `'${n}' is used twice`);
  });
  config.large?.samples.forEach((name, k) => {
    if (!names.includes(name)) bad(['large', 'samples', k], `no sample named '${name}' (samples: ${names.join(', ')})`);
  });
  config.alloys?.forEach((name, k) => {
    if (!names.includes(name)) bad(['alloys', k], `no sample named '${name}' (samples: ${names.join(', ')})`);
  });
  for (const [key, pair] of [['annealing', config.annealing], ['cooling', config.cooling]] as const) {
    for (const [role, name] of Object.entries(pair ?? {})) {
      if (!names.includes(name)) bad([key, role], `no sample named '${name}' (samples: ${names.join(', ')})`);
    }
  }
  config.samples.forEach((s, k) => {
    if ((s.model === undefined) === (s.potential === undefined)) bad(['samples', k, 'model'], `give a model or a potential (not both)`);
    const ref = s.tg_from === undefined ? undefined : config.samples.find((r) => r.name === s.tg_from);
    if (s.tg_from !== undefined && !ref) bad(['samples', k, 'tg_from'], `no sample named '${s.tg_from}' (samples: ${names.join(', ')})`);
    else if (ref && (ref === s || ref.tg_from !== undefined)) bad(['samples', k, 'tg_from'], `must name a sample with its own Tg (not itself, nor one with tg_from)`);
    else if (ref && (ref.model !== s.model || JSON.stringify(ref.potential) !== JSON.stringify(s.potential))) bad(['samples', k, 'tg_from'], `'${ref.name}' has another model: T/Tg axes are shared within one model only`);
    for (const key of Object.keys(s.protocol ?? {})) {
      if (PROTOCOL_FORBIDDEN.includes(key)) bad(['samples', k, 'protocol', key], `set it on the sample (model, potential, rate, anneal) or at the top level (seeds, output), not in protocol`);
    }
  });
  if (config.spectrum.T_min >= config.spectrum.T_max) bad(['spectrum', 'T_min'], `must be below spectrum.T_max`);
  if (config.decision.contradicted_below > config.decision.reproduced_above) bad(['decision', 'contradicted_below'], `must be <= decision.reproduced_above`);
  if (problems.length > 0) throw new ConfigError(problems);

  const baseDir = dirname(resolve(file));
  const name = config.name ?? basename(file, extname(file));
  const output = resolve(config.output ?? join('runs', name));
  const seeds = Array.isArray(config.seeds) ? config.seeds : Array.from({ length: config.seeds }, (_, k) => k + 1);
  const glasses: StudyGlass[] = [];
  const large: StudyGlass[] = [];
  const warnings = new Set<string>();
  config.samples.forEach((s, k) => {
    const model = s.model === undefined ? potentialLabel(s.potential, baseDir) : /\.(ya?ml|json)$/i.test(s.model) ? resolve(baseDir, s.model) : s.model;
    const protocol = s.protocol ?? {};
    const merged = mergeOneLevel(config.base, protocol);
    const sweepOf = (over: { n?: number; seeds: number[]; dir: string }) => ({
      ...merged, ...(over.n ? { n: over.n } : {}), name: s.name, ...(s.model !== undefined ? { model } : { potential: s.potential }),
      quench: { ...((merged.quench as object | undefined) ?? {}), rates: [s.rate] }, seeds: over.seeds, output: join(output, 'samples', over.dir),
      ...(s.anneal ? { anneal: s.anneal } : {}),
    });
    const big = config.large?.samples.includes(s.name) ? config.large : undefined;
    // Problems in the sample's sweep config point at the sample entry, its protocol, or base:.
    const sampleKeys: Record<string, KeyPath> = { model: ['samples', k, 'model'], potential: ['samples', k, 'potential'], rates: ['samples', k, 'rate'], anneal: ['samples', k, 'anneal'] };
    const inProtocol = (p: KeyPath) => p.length > 0 && String(p[0]) in protocol && (p.length === 1 || !isMapping(protocol[String(p[0])]) || String(p[1]) in (protocol[String(p[0])] as object));
    const mapPath = (p: KeyPath): KeyPath =>
      sampleKeys[String(p[0])] ?? (p[0] === 'quench' && p[1] === 'rates' ? sampleKeys.rates : inProtocol(p) ? ['samples', k, 'protocol', ...p] : ['base', ...p]);
    const sampleProblems = (e: unknown) => {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems.map((p) => p.replace(/^([^:]+(?::\d+)?: )/, `$1samples[${k}] (${s.name}): `)));
    };
    let settings: AnalysisSettings | undefined;
    try {
      settings = sampleSettings(raw, config, k, source);
    } catch (e) {
      sampleProblems(e);
    }
    try {
      const overridden = source.overridden.filter((x) => x[0] === 'base').map((x) => x.slice(1));
      const where = { file, lineOf: (p: KeyPath) => source.lineOf(mapPath(p)), overridden };
      const loaded = checkSweepConfig(sweepOf({ seeds, dir: s.name }), where, baseDir);
      for (const w of loaded.warnings) warnings.add(w);
      if (!settings) return;
      const alphaKey: KeyPath = s.analysis?.spectrum && 'alpha_from' in s.analysis.spectrum ? ['samples', k, 'analysis', 'spectrum', 'alpha_from'] : ['spectrum', 'alpha_from'];
      settings = withAlphaFrom(settings, baseDir, model, loaded.members[0]?.config.units, (message) => bad(alphaKey, message));
      const tgFrom = s.tg_from ? { tgFrom: s.tg_from } : {};
      for (const m of loaded.members) glasses.push({ sample: s.name, seed: m.seed, member: m, model, settings, ...tgFrom });
      if (big) {
        for (const m of checkSweepConfig(sweepOf({ n: big.n, seeds: big.seeds, dir: `${s.name}-n${big.n}` }), where, baseDir).members) {
          large.push({ sample: s.name, seed: m.seed, member: m, model, settings });
        }
      }
    } catch (e) {
      sampleProblems(e);
    }
  });
  if (problems.length === 0) {
    // Each sample's MD-DMA against its own time step (a sample may set its own dma keys).
    config.samples.forEach((s, k) => {
      const g = glasses.find((x) => x.sample === s.name)!;
      if (!g.settings.dma) return;
      const own = s.analysis?.dma;
      for (const [path, message] of dmaProblems(g.settings.dma, [{ sample: s.name, dt: g.member.config.dt }])) {
        bad(own && String(path[1]) in own ? ['samples', k, 'analysis', ...path] : path, message);
      }
    });
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const resolved = { ...config, name, output };
  return { config, file, output, glasses, large, text: toYaml(JSON.parse(JSON.stringify(resolved)), { lineWidth: 0 }), warnings: [...warnings] };
}
