/**
 * A sweep config, loaded: `--set` overrides, the checks that need more than one key (units of the
 * potential, ensemble, rates, the box against the cut-off) and the expansion into members (alloys ×
 * rates × anneal variants × seeds), each with its own directory and a config that runs exactly it.
 * Potential files are read here, so their problems are reported before anything runs.
 */
import { basename, dirname, extname, join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { InputError } from '../errors.js';
import { resolvePotential, zhouFileName, type ResolvedPotential } from '../potentials/resolve.js';
import { UNIT_SYSTEMS } from '../units.js';
import { isPrefix, type KeyPath } from '../config/key-path.js';
import { ConfigError, parseConfig, problemLine, type ConfigSource } from '../config/problems.js';
import { readConfigInput } from '../config/load.js';
import { sweepConfigSchema, type AnnealVariant, type SweepConfig } from './sweep-config.js';
import { densityProblem, memoryProblem, stepCountProblem, timeStepCheck } from './plausibility.js';

interface Problem {
  path: KeyPath;
  message: string;
}

export interface LoadedSweep {
  /** The config with defaults filled in and every path made absolute. */
  config: SweepConfig;
  /** What runs but may mislead (a time step that drifts), one line each, naming the key. */
  warnings: string[];
  /** The config file (as given). */
  file: string;
  members: Member[];
}

/**
 * Reads, overrides, validates and expands a sweep config file. Throws ConfigError (every problem,
 * one line each) or InputError (unreadable file).
 */
export function loadSweepConfig(file: string, overrides: string[] = []): LoadedSweep {
  const input = readConfigInput(file, overrides);
  return checkSweepConfig(input.raw, input.source, dirname(resolve(file)));
}

/** Validates and expands sweep-config data (as loadSweepConfig does after reading the file). */
export function checkSweepConfig(raw: unknown, src: ConfigSource, baseDir = process.cwd()): LoadedSweep {
  const config = parseConfig(sweepConfigSchema, raw, src, 'model:, n:, melt:, quench:');
  // Model files given with --set are relative to the working directory, others to the config file.
  const modelBase = (path: KeyPath) => (src.overridden.some((p) => isPrefix(p, path)) ? process.cwd() : baseDir);
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const members = expand(config, src.file, { problems, warnings }, modelBase);
  const lines = (list: Problem[]) => [...new Set(list.map((p) => problemLine(src, p.path, p.message)))];
  if (problems.length > 0) throw new ConfigError(lines(problems));
  return { config, file: src.file, members, warnings: lines(warnings) };
}

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
  config: SweepConfig;
  /** What the member computes with, as plain data (members travel to worker threads). */
  potential: ResolvedPotential;
}

/** A rate in file names: 0.01 → 1e-2, 0.0025 → 2.5e-3, 0.1 → 1e-1. */
export function rateLabel(x: number): string {
  const [m, e] = x.toExponential().split('e');
  return `${m}e${Number(e)}`;
}

/** Cooling rates of the config: the list, or `count` log-spaced values from `from` to `to`. */
export function coolingRates(rates: SweepConfig['quench']['rates']): number[] {
  if (Array.isArray(rates)) return rates;
  const { from, to, count } = rates;
  if (count === 1) return [from];
  return Array.from({ length: count }, (_, k) => Number((from * (to / from) ** (k / (count - 1))).toPrecision(12)));
}

export function seedList(seeds: SweepConfig['seeds']): number[] {
  return Array.isArray(seeds) ? seeds : Array.from({ length: seeds }, (_, k) => k + 1);
}

function annealVariants(anneal: SweepConfig['anneal']): (AnnealVariant | null)[] {
  if (anneal === undefined) return [null];
  return (Array.isArray(anneal) ? anneal : [anneal]).map((a) => (a.duration > 0 ? a : null));
}

/** Quench steps of a cooling rate. */
export function quenchSteps(q: SweepConfig['quench'], rate: number, dt: number): number {
  return Math.round(Math.abs(q.T_start - q.T_end) / rate / dt);
}

function expand(config: SweepConfig, file: string, found: { problems: Problem[]; warnings: Problem[] }, modelBase: (p: KeyPath) => string): Member[] {
  const { problems } = found;
  const bad = (path: KeyPath, message: string) => problems.push({ path, message });
  const labels = UNIT_SYSTEMS[config.units].labels;
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
  if (config.lammps !== undefined && config.engine !== 'lammps') bad(['lammps'], 'is only used with engine: lammps');

  const q = config.quench;
  if (q.T_end >= q.T_start) bad(['quench', 'T_end'], `must be below quench.T_start (${q.T_start}): a quench cools`);
  if (config.ensemble === 'nvt' || config.ensemble === 'npt') {
    const zero: KeyPath[] = [];
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
    const path: KeyPath = ['quench', 'rates', ...(Array.isArray(q.rates) ? [k] : [])];
    const steps = quenchSteps(q, r, config.dt);
    if (steps < 1) bad(path, `rate ${r} is too fast: the quench would take less than one step of dt ${config.dt}`);
    const tooMany = stepCountProblem(steps);
    if (tooMany) bad(path, `rate ${r} ${tooMany}`);
  });
  const durations: [KeyPath, number][] = [[['melt', 'duration'], config.melt.duration], [['quench', 'hold'], q.hold]];
  annealVariants(config.anneal).forEach((a, k) => {
    if (a) durations.push([Array.isArray(config.anneal) ? ['anneal', k, 'duration'] : ['anneal', 'duration'], a.duration]);
  });
  for (const [path, duration] of durations) {
    const tooMany = stepCountProblem(Math.round(duration / config.dt));
    if (tooMany) bad(path, `${duration} ${tooMany} of dt ${config.dt}`);
  }
  const step = timeStepCheck(config.dt, config.units, labels.time);
  if (step.refuse) bad(['dt'], step.refuse);
  if (step.warn) found.warnings.push({ path: ['dt'], message: step.warn });
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
  const alloys: { label: string; pot: ResolvedPotential; composition?: Record<string, number> }[] = [];
  alloyEntries.forEach((a, k) => {
    const at = (key: string): KeyPath => (config.alloys ? ['alloys', k, key] : [key]);
    const own = a.model !== undefined || a.potential !== undefined;
    const entry = own ? { model: a.model, potential: a.potential } : { model: config.model, potential: config.potential };
    const refPath = own ? at(a.potential ? 'potential' : 'model') : [config.potential ? 'potential' : 'model'];
    if (entry.model === undefined && entry.potential === undefined) return; // reported above
    let pot: ResolvedPotential;
    try {
      pot = resolvePotential(entry, (key) => modelBase(own ? at(key) : [key]));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      bad(refPath, e.message.replace(/^--model: /, ''));
      return;
    }
    const { cutoff } = pot;
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
    alloys.push({ label, pot, composition });
    // The box must hold the cut-off sphere twice over (the neighbour list needs it).
    const density = config.density ?? pot.density;
    if (density === undefined) {
      bad(['density'], `is required with a potential (number density, ${labels.density}; e.g. 0.0585 for Cu64Zr36 glass)`);
      return;
    }
    const densityPath: KeyPath = config.density !== undefined ? ['density'] : refPath;
    const implausible = densityProblem(density, cutoff, labels.length);
    if (implausible) {
      bad(densityPath, implausible);
      return;
    }
    const memory = memoryProblem(config.n, density, cutoff + config.skin);
    if (memory) bad(['n'], memory);
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
          const memberConfig: SweepConfig = {
            ...config,
            name,
            model: alloy.pot.ref.model,
            potential: alloy.pot.ref.potential,
            composition: alloy.composition,
            // A member of a multi-alloy sweep keeps its alloy's name.
            alloys: config.alloys ? [{ name: alloy.label }] : undefined,
            quench: { ...config.quench, rates: [rate] },
            anneal: anneal ?? undefined,
            seeds: [seed],
            output: dir,
          };
          const pot = alloy.pot.zhou ? { ...alloy.pot, spec: { ...alloy.pot.spec, file: join(dir, zhouFileName(alloy.pot.zhou)) } } : alloy.pot;
          members.push({ name, dir, alloy: alloy.label, rate, seed, anneal, config: memberConfig, potential: pot });
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
export function singleMember(loaded: LoadedSweep, command: string): Member {
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
  const potential = zhou ? { ...m.potential, spec: { ...m.potential.spec, file: join(dir, zhouFileName(zhou)) } } : m.potential;
  return { ...m, dir, potential, config: { ...m.config, output: dir } };
}

/** The config as YAML (undefined keys dropped), with a comment header. */
export function configToYaml(config: SweepConfig, header: string[]): string {
  const clean = JSON.parse(JSON.stringify(config));
  return header.map((l) => `# ${l}`.trimEnd()).join('\n') + '\n' + toYaml(clean, { lineWidth: 0 });
}
