/**
 * Sweep configuration files (configs/*.yaml, YAML or JSON): the schema with its defaults, `--set`
 * overrides, the checks that need more than one key, and the expansion of a sweep into members
 * (alloys × rates × seeds × anneal variants). Every problem is reported as one line naming the key
 * path (and the file line where it is known); unknown keys are errors; nothing runs until the
 * whole config is clean.
 *
 * Units: `lj` with an LJ model (time τ, T in ε/k_B, a rate in (ε/k_B) per τ), `metal` with an
 * EAM potential (time ps, T in K, a rate in K/ps = 1e12 K/s, pressure in bar, density in atoms/Å³);
 * durations are in time units and steps = round(duration / dt).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, parse as parseYaml, stringify as toYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../sim/errors.js';
import { resolveModel } from '../sim/io/model-file.js';
import { LJ_PRESETS } from '../sim/potentials/lj.js';
import { loadEam } from '../sim/potentials/eam.js';
import { zhouSetfl } from '../sim/potentials/zhou.js';
import { UNIT_SYSTEMS } from '../sim/units.js';
import type { PotentialSpec } from '../sim/backends/backend.js';

// ---------------------------------------------------------------------------------------------
// Schema

const num = z.number({ error: 'must be a number' });
const positive = () => num.gt(0, 'must be > 0');
const nonNegative = () => num.gte(0, 'must be >= 0');
const whole = () => z.int({ error: 'must be a whole number' });
const range = () => z.tuple([nonNegative(), nonNegative()], { error: 'must be a pair [T_low, T_high]' });

const annealSchema = z.strictObject({
  /** Ageing temperature (below Tg). */
  T: nonNegative(),
  /** Duration in time units; 0 = this variant is not annealed. */
  duration: nonNegative(),
});

const elementList = z.array(z.string().regex(/^[A-Z][a-z]?$/, 'must be an element symbol like Cu')).min(1, 'must name at least one element');

/**
 * An EAM potential: a LAMMPS file (`eam/alloy` or `eam/fs`, relative to the config file) with the
 * element of each atom type, or the Zhou–Johnson–Wadley EAM of these elements (generated as a
 * setfl file into each member's directory).
 */
const potentialSchema = z.strictObject({
  file: z.string().min(1, 'must not be empty').optional(),
  elements: elementList.optional(),
  style: z.enum(['eam/alloy', 'eam/fs']).optional(),
  zhou: elementList.optional(),
});

const alloySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, . _ or -').optional(),
  model: z.string().min(1).optional(),
  potential: potentialSchema.optional(),
  composition: z.record(z.string(), nonNegative()).optional(),
});

const fields = z.strictObject({
  /** Label of the sweep; the default output directory is runs/<name>. */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, . _ or -').optional(),
  /** LJ preset (ka, wahnstrom) or a model file (configs/models/*.yaml), relative to this file. */
  model: z.string().min(1, 'must not be empty').optional(),
  /** Or an EAM potential (metal units). */
  potential: potentialSchema.optional(),
  /** Default: lj with a model, metal with a potential. */
  units: z.enum(['lj', 'metal']).optional(),
  /** Mole fractions by species name (default: the model's). */
  composition: z.record(z.string(), nonNegative()).optional(),
  /** Several alloys in one sweep: each entry overrides model and/or composition. */
  alloys: z.array(alloySchema).min(1, 'must list at least one alloy').optional(),
  n: whole().gt(0, 'must be > 0'),
  /** Number density (default: the model's; required with a potential, atoms/Å³). */
  density: positive().optional(),
  /** Target pressure of ensemble npt (bar in metal units); the whole protocol runs at it. */
  pressure: num.optional(),
  ensemble: z.enum(['nvt', 'langevin', 'npt']).default('nvt'),
  /** MTK barostat of ensemble npt (LAMMPS fix npt). */
  barostat: z
    .strictObject({
      /** Damping time (default 1000 dt, as LAMMPS recommends). */
      pdamp: positive().optional(),
      /** iso: one strain rate; aniso: one per axis; tri: also the three tilts (LAMMPS `tri`). */
      couple: z.enum(['iso', 'aniso', 'tri']).default('iso'),
      /** Length of the barostat's Nose-Hoover chain. */
      chain: whole().gte(1, 'must be >= 1').default(3),
    })
    .optional(),
  thermostat: z
    .strictObject({
      /** Damping time (default 100 dt). */
      damp: positive().optional(),
      /** Nose-Hoover chain length. */
      chain: whole().gte(1, 'must be >= 1').default(3),
    })
    .default({ chain: 3 }),
  /** Default as LAMMPS `units`: 0.005 τ (lj), 0.001 ps (metal). */
  dt: positive().optional(),
  /** Default as LAMMPS `units`: 0.3 σ (lj), 2.0 Å (metal). */
  skin: positive().optional(),
  placement: z.enum(['lattice', 'random']).default('lattice'),
  melt: z.strictObject({ T: positive(), duration: nonNegative() }),
  quench: z.strictObject({
    T_start: nonNegative(),
    T_end: nonNegative(),
    /** Equilibration at T_start before the ramp (time units). */
    hold: nonNegative().default(0),
    rates: z.union(
      [
        z.array(positive()).min(1, 'must list at least one rate'),
        z.strictObject({ from: positive(), to: positive(), count: whole().gte(1, 'must be >= 1') }),
      ],
      { error: 'must be a list of rates or a log range { from, to, count }' },
    ),
  }),
  /** Isothermal anneal after the quench: one variant or a list (duration 0 = not annealed). */
  anneal: z.union([annealSchema, z.array(annealSchema).min(1, 'must list at least one variant')], {
    error: 'must be { T, duration } or a list of them',
  }).optional(),
  sampling: z
    .strictObject({
      thermo_every: whole().gte(1, 'must be >= 1').default(100),
      /** A LAMMPS dump frame every this many steps (0 = none). */
      snapshot_every: whole().gte(0, 'must be >= 0').default(0),
    })
    .default({ thermo_every: 100, snapshot_every: 0 }),
  /** A count (seeds 1..count) or a list of seeds. */
  seeds: z
    .union([whole().gte(1, 'must be >= 1'), z.array(whole().gte(0, 'must be >= 0')).min(1, 'must list at least one seed')], {
      error: 'must be a count or a list of seeds',
    })
    .default(1),
  /**
   * Where forces are computed (docs/backends.md): cpu (f64 reference), threads (worker threads,
   * equal to cpu to 1e-12), gpu (gpu.js, f32), auto (the fastest that works here).
   */
  backend: z.enum(['cpu', 'threads', 'gpu', 'auto']).default('cpu'),
  /** Worker threads for backend threads/auto (default: the number of cores). */
  threads: whole().gte(1, 'must be >= 1').optional(),
  /** Run directory (relative to the working directory); default runs/<name>. */
  output: z.string().min(1, 'must not be empty').optional(),
  checkpoint: z
    .strictObject({
      /** Wall-clock seconds of work between checkpoints. */
      every_s: positive().default(300),
      /** Also every this many steps (0 = only by time). */
      every_steps: whole().gte(0, 'must be >= 0').default(0),
    })
    .default({ every_s: 300, every_steps: 0 }),
  minimize: z
    .strictObject({
      method: z.enum(['cg', 'fire', 'lbfgs']).default('cg'),
      /**
       * Stop when the largest per-atom force is below this (force units: ε/σ, or eV/Å in metal
       * units, where CG on EAM glasses reaches 1e-8 and below with a few dozen extra iterations).
       */
      ftol: positive().default(1e-8),
      max_iterations: whole().gte(1, 'must be >= 1').default(100000),
    })
    .default({ method: 'cg', ftol: 1e-8, max_iterations: 100000 }),
  /** Glass transition fit: optional fixed windows [T_low, T_high] for the two lines. */
  tg: z.strictObject({ glass: range().optional(), liquid: range().optional() }).default({}),
});

/** The schema with the defaults that depend on other keys (units, time step, skin, barostat) filled in. */
export const configSchema = fields.transform((c) => {
  const units = c.units ?? (c.potential !== undefined || c.alloys?.some((a) => a.potential) ? 'metal' : 'lj');
  const dt = c.dt ?? UNIT_SYSTEMS[units].defaults.dt;
  const barostat = c.ensemble === 'npt' ? { pdamp: c.barostat?.pdamp ?? 1000 * dt, couple: c.barostat?.couple ?? 'iso', chain: c.barostat?.chain ?? 3 } : c.barostat;
  return {
    ...c,
    units,
    dt,
    skin: c.skin ?? UNIT_SYSTEMS[units].defaults.skin,
    barostat,
  };
});

/** A config as written (defaults not yet filled in). */
export type ConfigInput = z.input<typeof configSchema>;
/** A config with every default filled in. */
export type Config = z.output<typeof configSchema>;
export type AnnealVariant = z.output<typeof annealSchema>;

// ---------------------------------------------------------------------------------------------
// Problems: one line each, naming the key path

/**
 * A config with problems: `problems` holds one line per problem. The CLI prints each line and
 * exits with status 2.
 */
export class ConfigError extends InputError {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

type Path = (string | number)[];

export function formatPath(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(top level)';
}

function valueAt(obj: unknown, path: Path): unknown {
  let v = obj;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number', int: 'a whole number', string: 'a string', array: 'a list', object: 'a mapping of keys',
  boolean: 'true or false', tuple: 'a list',
};

/** Keys allowed in the object the schema expects at `path` (for unknown-key messages). */
function knownKeys(path: Path): string[] {
  let nodes: any[] = [configSchema];
  const unwrap = (s: any): any[] => {
    const def = s?._zod?.def;
    if (!def) return [];
    if (['default', 'optional', 'nullable', 'prefault', 'readonly'].includes(def.type)) return unwrap(def.innerType);
    if (def.type === 'pipe') return unwrap(def.in);
    if (def.type === 'union') return def.options.flatMap(unwrap);
    return [s];
  };
  for (const p of path) {
    nodes = nodes.flatMap(unwrap).flatMap((s) => {
      const def = s._zod.def;
      if (typeof p === 'number') return def.type === 'array' ? [def.element] : [];
      return def.type === 'object' && def.shape[p] ? [def.shape[p]] : [];
    });
  }
  const keys = nodes.flatMap(unwrap).flatMap((s) => (s._zod.def.type === 'object' ? Object.keys(s._zod.def.shape) : []));
  return [...new Set(keys)];
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function unknownKeyMessage(path: Path, key: string): string {
  const known = knownKeys(path);
  const close = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  if (close.length > 0) return `unknown key (did you mean ${close.map((k) => `'${k}'`).join(' or ')}?)`;
  return known.length > 0 ? `unknown key (allowed: ${known.join(', ')})` : 'unknown key';
}

interface Problem {
  path: Path;
  message: string;
}

/** Turns one zod issue into problems with full paths and plain messages. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, base: Path = []): Problem[] {
  const path = [...base, ...(issue.path as Path)];
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path: [...path, k], message: unknownKeyMessage(path, k) }));
    case 'invalid_type': {
      if (value === undefined) return [{ path, message: 'is required' }];
      const custom = !issue.message.startsWith('Invalid input');
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return [{ path, message: `${custom ? issue.message : `must be ${expected}`}, got ${show(value)}` }];
    }
    case 'invalid_value':
      return [{ path, message: `must be one of ${issue.values.map((v) => String(v)).join(', ')}, got ${show(value)}` }];
    case 'invalid_union': {
      // The branch whose top-level type matched the value says what is wrong inside it.
      const matching = issue.errors.filter((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (value !== undefined && matching.length === 1) return matching[0].flatMap((e) => describeIssue(e, raw, path));
      if (value === undefined) return [{ path, message: 'is required' }];
      return [{ path, message: `${issue.message}, got ${show(value)}` }];
    }
    case 'too_small':
    case 'too_big': {
      if (!issue.message.startsWith('Too ')) return [{ path, message: issue.message }];
      const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const what = issue.origin === 'array' ? 'entries' : issue.origin === 'string' ? 'characters' : '';
      return [{ path, message: what ? `must have ${op} ${bound} ${what}` : `must be ${op} ${bound}` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** Where the config came from: the file (for line numbers) and the keys set with --set. */
interface Source {
  file: string;
  lineOf: (path: Path) => number | undefined;
  overridden: Path[];
}

function isPrefix(a: Path, b: Path): boolean {
  return a.length <= b.length && a.every((p, i) => p === b[i]);
}

function formatProblem(p: Problem, src: Source): string {
  const set = src.overridden.find((o) => isPrefix(o, p.path) || isPrefix(p.path, o));
  if (set) return `--set: ${formatPath(p.path)}: ${p.message}`;
  const line = src.lineOf(p.path);
  return `${src.file}${line !== undefined ? `:${line}` : ''}: ${formatPath(p.path)}: ${p.message}`;
}

// ---------------------------------------------------------------------------------------------
// Loading, --set overrides

/** Parses `KEY=VALUE` (KEY a dotted path with optional [i]; VALUE read as YAML). */
export function parseOverride(arg: string): { path: Path; value: unknown } {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new InputError(`--set ${arg}: expected KEY=VALUE, e.g. --set quench.rates=[0.01]`);
  const key = arg.slice(0, eq).trim();
  const path: Path = [];
  for (const part of key.split('.')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new InputError(`--set ${arg}: '${key}' is not a key path (like quench.rates or quench.rates[0])`);
    path.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  let value: unknown;
  try {
    value = parseYaml(arg.slice(eq + 1));
  } catch (e) {
    throw new InputError(`--set ${key}: cannot read the value (${(e as Error).message.split('\n')[0]})`);
  }
  return { path, value: value === null && arg.slice(eq + 1).trim() === '' ? undefined : value };
}

/** Sets obj at a key path, creating objects/arrays on the way; undefined deletes the key. */
export function setAt(obj: Record<string, unknown>, path: Path, value: unknown): void {
  let o: Record<string | number, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const next = o[path[i]];
    if (next === null || typeof next !== 'object') o[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
    o = o[path[i]] as Record<string | number, unknown>;
  }
  if (value === undefined) delete o[path[path.length - 1]];
  else o[path[path.length - 1]] = value;
}

export interface LoadedConfig {
  /** The config with defaults filled in and every path made absolute. */
  config: Config;
  /** The config file (as given). */
  file: string;
  members: Member[];
}

/**
 * Reads, overrides, validates and expands a config file. Throws ConfigError (every problem, one
 * line each) or InputError (unreadable file).
 */
export function loadConfig(file: string, overrides: string[] = []): LoadedConfig {
  const { raw, lineOf } = readConfigDocument(file);
  const sets = overrides.map(parseOverride);
  return checkConfig(raw, { file, lineOf, overridden: sets.map((s) => s.path) }, sets, dirname(resolve(file)));
}

/**
 * Reads a YAML/JSON config file: its contents as plain data, and the line of any key path (or of
 * its nearest present parent) for error messages. Unreadable or malformed files throw one line.
 */
export function readConfigDocument(file: string): { raw: unknown; lineOf: (path: Path) => number | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => `${file}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`));
  }
  const lineOf = (path: Path): number | undefined => {
    for (let k = path.length; k >= 0; k--) {
      const node = k === 0 ? doc.contents : doc.getIn(path.slice(0, k), true);
      const r = (node as { range?: [number, number, number] } | undefined)?.range;
      if (r) return lineCounter.linePos(r[0]).line;
    }
    return undefined;
  };
  return { raw: doc.toJS() ?? {}, lineOf };
}

/** Validates an already-parsed config object (as loadConfig does after reading the file). */
export function checkConfig(
  raw: unknown, src: Source, sets: { path: Path; value: unknown }[] = [], baseDir = process.cwd(),
): LoadedConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([`${src.file}: (top level): must be a mapping of keys (model:, n:, melt:, quench:, ...)`]);
  }
  const obj = structuredClone(raw) as Record<string, unknown>;
  for (const s of sets) setAt(obj, s.path, s.value);
  const parsed = configSchema.safeParse(obj);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((i) => describeIssue(i, obj));
    throw new ConfigError(dedupe(problems.map((p) => formatProblem(p, src))));
  }
  const config = parsed.data;
  const setPaths = sets.map((s) => s.path);
  // Model files given with --set are relative to the working directory, others to the config file.
  const modelBase = (path: Path) => (setPaths.some((p) => isPrefix(p, path)) ? process.cwd() : baseDir);
  const problems: Problem[] = [];
  const members = expand(config, src.file, problems, modelBase);
  if (problems.length > 0) throw new ConfigError(dedupe(problems.map((p) => formatProblem(p, src))));
  return { config, file: src.file, members };
}

function dedupe(lines: string[]): string[] {
  return [...new Set(lines)];
}

// ---------------------------------------------------------------------------------------------
// Cross-key checks and expansion into members

/** One member of a sweep: its own directory and a config that runs exactly it. */
export interface Member {
  /** Directory name, e.g. `rate-1e-2_seed-3` (with alloy and anneal parts when they vary). */
  name: string;
  dir: string;
  alloy: string;
  rate: number;
  seed: number;
  anneal: AnnealVariant | null;
  /** Single-member config: rates, seeds and anneal narrowed, paths absolute, output = dir. */
  config: Config;
  potential: MemberPotential;
}

/** A rate in file names: 0.01 → 1e-2, 0.0025 → 2.5e-3, 0.1 → 1e-1. */
export function rateLabel(x: number): string {
  const [m, e] = x.toExponential().split('e');
  return `${m}e${Number(e)}`;
}

/** Cooling rates of the config: the list, or `count` log-spaced values from `from` to `to`. */
export function coolingRates(rates: Config['quench']['rates']): number[] {
  if (Array.isArray(rates)) return rates;
  const { from, to, count } = rates;
  if (count === 1) return [from];
  return Array.from({ length: count }, (_, k) => Number((from * (to / from) ** (k / (count - 1))).toPrecision(12)));
}

export function seedList(seeds: Config['seeds']): number[] {
  return Array.isArray(seeds) ? seeds : Array.from({ length: seeds }, (_, k) => k + 1);
}

function annealVariants(anneal: Config['anneal']): (AnnealVariant | null)[] {
  if (anneal === undefined) return [null];
  return (Array.isArray(anneal) ? anneal : [anneal]).map((a) => (a.duration > 0 ? a : null));
}

function isPreset(model: string): boolean {
  return Object.hasOwn(LJ_PRESETS, model);
}

/** Steps of a duration (time units), at least as fine as dt. */
export function durationSteps(duration: number, dt: number): number {
  return Math.round(duration / dt);
}

/** Quench steps of a cooling rate. */
export function quenchSteps(q: Config['quench'], rate: number, dt: number): number {
  return Math.round(Math.abs(q.T_start - q.T_end) / rate / dt);
}

/** What a member computes with, as plain data (members travel to worker threads). */
export interface MemberPotential {
  spec: PotentialSpec;
  /** The LJ model's name or the potential file's name. */
  name: string;
  /** Atom types in order, with masses (and, from LJ model files, element symbols for extxyz). */
  species: { name: string; mass: number; element?: string }[];
  /** The LJ model's defaults (EAM files carry none). */
  composition?: number[];
  density?: number;
  /** Set for `potential: { zhou: [...] }`: spec.file is generated from the Zhou table when absent. */
  zhou?: string[];
}

/** File name of a generated Zhou potential. */
export function zhouFileName(elements: string[]): string {
  return `${elements.join('')}.zhou.eam.alloy`;
}

/** Resolves a model or potential entry (reading its file), or throws InputError. */
function resolvePotential(
  ref: { model?: string; potential?: Config['potential'] }, base: (key: 'model' | 'potential') => string,
): { pot: MemberPotential; cutoff: number; ref: { model?: string; potential?: Config['potential'] } } {
  if (ref.potential) {
    const p = ref.potential;
    if (p.zhou) {
      if (p.file !== undefined || p.elements !== undefined || p.style !== undefined) {
        throw new InputError('give either zhou: [elements] or file: with elements:, not both');
      }
      const tables = zhouSetfl(p.zhou);
      return {
        pot: {
          spec: { kind: 'eam', file: zhouFileName(p.zhou), elements: [...p.zhou], style: 'eam/alloy' }, name: `Zhou EAM ${p.zhou.join('-')}`,
          species: p.zhou.map((e, k) => ({ name: e, mass: tables.masses[k] })), zhou: [...p.zhou],
        },
        cutoff: tables.cutoff,
        ref,
      };
    }
    if (p.file === undefined || p.elements === undefined) {
      throw new InputError(`needs file: (a LAMMPS eam/alloy or eam/fs file) and elements: (one per atom type, e.g. [Cu, Zr]), or zhou: [elements]`);
    }
    const file = resolve(base('potential'), p.file);
    if (!existsSync(file)) throw new InputError(`cannot read ${file}`);
    const eam = loadEam(file, p.elements, p.style);
    return {
      pot: {
        spec: { kind: 'eam', file, elements: [...p.elements], style: eam.name }, name: basename(file),
        species: p.elements.map((e, k) => ({ name: e, mass: eam.masses[k] })),
      },
      cutoff: eam.cutoff(),
      ref: { potential: { ...p, file } },
    };
  }
  const name = ref.model!;
  const modelRef = isPreset(name) ? name : resolve(base('model'), name);
  if (!isPreset(name) && !existsSync(modelRef)) {
    throw new InputError(`'${name}' is neither a preset (${Object.keys(LJ_PRESETS).join(', ')}) nor a model file`);
  }
  const model = resolveModel(modelRef);
  let cutoff = 0;
  for (const row of model.pairs) for (const pair of row) cutoff = Math.max(cutoff, pair.cutoff);
  return {
    pot: { spec: { kind: 'lj', model }, name: model.name, species: model.species, composition: model.composition, density: model.density },
    cutoff,
    ref: { model: modelRef },
  };
}

function expand(config: Config, file: string, problems: Problem[], modelBase: (p: Path) => string): Member[] {
  const bad = (path: Path, message: string) => problems.push({ path, message });
  const usesPotential = config.potential !== undefined || (config.alloys ?? []).some((a) => a.potential !== undefined);
  if (config.model !== undefined && config.potential !== undefined) bad(['potential'], 'give either model: (Lennard-Jones) or potential: (EAM), not both');
  if (config.model === undefined && config.potential === undefined && !(config.alloys ?? []).every((a) => a.model ?? a.potential)) {
    bad(['model'], 'is required (an LJ preset or model file), or give potential: { file, elements } for an EAM alloy');
  }
  const wantUnits = usesPotential ? 'metal' : 'lj';
  if (config.units !== wantUnits) {
    bad(['units'], usesPotential ? `EAM potentials are in metal units, not ${config.units}` : `Lennard-Jones models are in lj units, not ${config.units}`);
  }
  if (config.ensemble === 'npt' && config.pressure === undefined) {
    bad(['pressure'], `is required with ensemble npt (${UNIT_SYSTEMS[config.units].labels.pressure}; 0 for a quench at zero pressure)`);
  }
  if (config.ensemble !== 'npt' && config.pressure !== undefined) bad(['pressure'], `is only used with ensemble npt (this config is ${config.ensemble})`);
  if (config.ensemble !== 'npt' && config.barostat !== undefined) bad(['barostat'], `is only used with ensemble npt (this config is ${config.ensemble})`);

  const q = config.quench;
  if (q.T_end >= q.T_start) bad(['quench', 'T_end'], `must be below quench.T_start (${q.T_start}): a quench cools`);
  if (config.ensemble === 'nvt' || config.ensemble === 'npt') {
    const zero: Path[] = [];
    if (q.T_end === 0) zero.push(['quench', 'T_end']);
    annealVariants(config.anneal).forEach((a, k) => {
      if (a && a.T === 0) zero.push(Array.isArray(config.anneal) ? ['anneal', k, 'T'] : ['anneal', 'T']);
    });
    for (const p of zero) bad(p, `Nose-Hoover (ensemble ${config.ensemble}) needs T > 0; use ensemble: langevin to reach T = 0`);
  }
  if (!Array.isArray(q.rates) && q.rates.count > 1 && q.rates.from === q.rates.to) {
    bad(['quench', 'rates', 'to'], 'must differ from quench.rates.from when count > 1');
  }
  const rates = coolingRates(q.rates);
  rates.forEach((r, k) => {
    if (quenchSteps(q, r, config.dt) < 1) bad(['quench', 'rates', ...(Array.isArray(q.rates) ? [k] : [])], `rate ${r} is too fast: the quench would take less than one step of dt ${config.dt}`);
  });
  const seeds = seedList(config.seeds);
  if (new Set(seeds).size !== seeds.length) bad(['seeds'], 'lists a seed twice');
  if (new Set(rates).size !== rates.length) bad(['quench', 'rates'], 'lists a rate twice');
  for (const w of ['glass', 'liquid'] as const) {
    const r = config.tg[w];
    if (r && !(r[0] < r[1])) bad(['tg', w], `must be [T_low, T_high] with T_low < T_high, got [${r.join(', ')}]`);
  }
  if (problems.length > 0) return [];

  // Alloys: each resolves to a model or potential (+ composition); files are read here, so
  // their problems are reported before anything runs.
  const alloyEntries = config.alloys ?? [{}];
  const alloys: { label: string; pot: MemberPotential; ref: { model?: string; potential?: Config['potential'] }; composition?: Record<string, number> }[] = [];
  alloyEntries.forEach((a, k) => {
    const at = (key: string): Path => (config.alloys ? ['alloys', k, key] : [key]);
    const own = a.model !== undefined || a.potential !== undefined;
    const entry = own ? { model: a.model, potential: a.potential } : { model: config.model, potential: config.potential };
    const refPath = own ? at(a.potential ? 'potential' : 'model') : [config.potential ? 'potential' : 'model'];
    if (entry.model === undefined && entry.potential === undefined) return; // reported above
    let resolved: ReturnType<typeof resolvePotential>;
    try {
      resolved = resolvePotential(entry, (key) => modelBase(own ? at(key) : [key]));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      bad(refPath, e.message.replace(/^--model: /, ''));
      return;
    }
    const { pot, cutoff } = resolved;
    const composition = a.composition ?? config.composition;
    const compPath = a.composition ? at('composition') : ['composition'];
    const names = pot.species.map((s) => s.name);
    if (composition) {
      for (const s of Object.keys(composition)) {
        if (!names.includes(s)) bad([...compPath, s], `unknown species '${s}' (${pot.spec.kind === 'lj' ? 'model ' : ''}${pot.name} has ${names.join(', ')})`);
      }
      if (!Object.values(composition).some((c) => c > 0)) bad(compPath, 'at least one fraction must be > 0');
    } else if (!pot.composition) {
      bad(compPath, `is required with a potential: mole fractions of ${names.join(', ')}, e.g. { ${names.map((e) => `${e}: ${(1 / names.length).toFixed(2)}`).join(', ')} }`);
    }
    const fractions = composition && names.map((s) => composition[s] ?? 0);
    const total = fractions?.reduce((x, y) => x + y, 0) ?? 1;
    const formula = fractions ? names.map((s, i) => `${s}${Number(((100 * fractions[i]) / total).toPrecision(4))}`).join('') : '';
    const label = a.name ?? (config.alloys ? (pot.spec.kind === 'lj' ? `${pot.name}${composition ? '-' + names.map((s) => `${s}${composition[s] ?? 0}`).join('') : ''}` : formula) : pot.spec.kind === 'lj' ? pot.name : formula);
    alloys.push({ label, pot, ref: resolved.ref, composition });
    // The box must hold the cut-off sphere twice over (the neighbour list needs it).
    const density = config.density ?? pot.density;
    if (density === undefined) {
      bad(['density'], `is required with a potential (number density, ${UNIT_SYSTEMS[config.units].labels.density}; e.g. 0.0585 for Cu64Zr36 glass)`);
      return;
    }
    const length = Math.cbrt(config.n / density);
    const need = 2 * (cutoff + config.skin);
    if (length < need) {
      bad(['n'], `${config.n} atoms at density ${density} make a box of length ${length.toFixed(3)}, shorter than twice the cut-off + skin (${need.toFixed(3)}); use n >= ${Math.ceil(density * need ** 3)}`);
    }
  });
  if (new Set(alloys.map((a) => a.label)).size !== alloys.length) bad(['alloys'], 'two alloys have the same name; give each a name:');
  if (problems.length > 0) return [];

  const output = resolve(config.output ?? join('runs', config.name ?? basename(file, extname(file))));
  const variants = annealVariants(config.anneal);
  const members: Member[] = [];
  for (const alloy of alloys) {
    for (const rate of rates) {
      for (const anneal of variants) {
        for (const seed of seeds) {
          const parts = [
            ...(alloys.length > 1 ? [alloy.label] : []),
            `rate-${rateLabel(rate)}`,
            ...(variants.length > 1 || anneal ? [anneal ? `anneal-T${anneal.T}-t${anneal.duration}` : 'anneal-none'] : []),
            `seed-${seed}`,
          ];
          const name = parts.join('_');
          const dir = join(output, name);
          const memberConfig: Config = {
            ...config,
            name,
            model: alloy.ref.model,
            potential: alloy.ref.potential,
            composition: alloy.composition,
            // A member of a multi-alloy sweep keeps its alloy's name.
            alloys: config.alloys ? [{ name: alloy.label }] : undefined,
            quench: { ...config.quench, rates: [rate] },
            anneal: anneal ?? undefined,
            seeds: [seed],
            output: dir,
          };
          const pot = alloy.pot.zhou ? { ...alloy.pot, spec: { ...alloy.pot.spec, file: join(dir, zhouFileName(alloy.pot.zhou)) } } : alloy.pot;
          members.push({ name, dir, alloy: alloy.label, rate, seed, anneal, config: memberConfig, potential: pot as MemberPotential });
        }
      }
    }
  }
  return members;
}

/**
 * The one member of a config that names exactly one (a member's own config.yaml, or a config
 * narrowed with --set), written straight into the output directory (`betascape quench`).
 */
export function singleMember(loaded: LoadedConfig, command: string): Member {
  const { members, config, file } = loaded;
  if (members.length !== 1) {
    throw new InputError(
      `${command}: ${file} describes ${members.length} members (${members.slice(0, 3).map((m) => m.name).join(', ')}${members.length > 3 ? ', ...' : ''}); ` +
        'run it with `betascape sweep`, or narrow it, e.g. --set quench.rates=[0.01] --set seeds=[1]',
    );
  }
  const m = { ...members[0], name: config.name ?? members[0].name };
  const dir = resolve(config.output ?? join('runs', config.name ?? basename(file, extname(file))));
  const zhou = m.potential.zhou;
  const potential = zhou ? { ...m.potential, spec: { ...m.potential.spec, file: join(dir, zhouFileName(zhou)) } as PotentialSpec } : m.potential;
  return { ...m, dir, potential, config: { ...m.config, output: dir } };
}

// ---------------------------------------------------------------------------------------------
// Writing and comparing resolved configs

/** The config as YAML (undefined keys dropped), with a comment header. */
export function configToYaml(config: Config, header: string[]): string {
  const clean = JSON.parse(JSON.stringify(config));
  return header.map((l) => `# ${l}`.trimEnd()).join('\n') + '\n' + toYaml(clean, { lineWidth: 0 });
}

/** What decides a member's numbers: everything but its name, where it is written and how often it checkpoints. */
export function physicsKey(config: Config): string {
  const { output: _o, checkpoint: _c, name: _n, ...rest } = config;
  const flat = flatten(rest);
  return JSON.stringify(Object.keys(flat).sort().map((k) => [k, flat[k]]));
}

export function physicsHash(config: Config): string {
  return createHash('sha256').update(physicsKey(config)).digest('hex').slice(0, 16);
}

/** Flattens nested objects to dotted key paths (for naming the first difference). */
export function flatten(obj: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (obj !== null && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) {
      const key = Array.isArray(obj) ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === 'object') Object.assign(out, flatten(v, key));
      else if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

/** Key paths where two configs' physics differ. */
export function physicsDifferences(a: Config, b: Config): string[] {
  const fa = Object.fromEntries(JSON.parse(physicsKey(a))), fb = Object.fromEntries(JSON.parse(physicsKey(b)));
  return [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => fa[k] !== fb[k]).sort();
}
