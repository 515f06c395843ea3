/**
 * Cost of the landscape work the study does on each glass (`npm run bench -- --landscape`):
 * minimizations per second and force evaluations per activation event, per saddle found, and
 * events per CPU-hour, on a 2000-atom Kob–Andersen glass and a 1000-atom Cu64Zr36 glass (EAM).
 *
 * Glasses: each is one member of `betascape sweep` (the study's own protocol code) run in a
 * temporary directory with the study's settings (configs/beta-heterogeneity.yaml) but a fast
 * quench, and its inherent structure (CG, max |F| < 1e-8) is the starting minimum:
 *  - KA N = 2000, NVT, melt at T = 2.0 (5 τ), hold at 1.0 (5 τ), quench 1.0 → 0.05 at 0.1 per τ
 *    (the study's "ka-fast" rate), dt 0.005;
 *  - Cu64Zr36 N = 1000, NPT at 0 bar, melt at 2000 K (5 ps), quench 2000 → 300 K at 200 K/ps
 *    (20× the study's rate), dt 2 fs.
 * Minimizations: from the IS with every coordinate displaced by a seeded Gaussian of standard
 * deviation `PERTURB` (0.05 σ, 0.1 Å), L-BFGS and CG to the activation minimizer's tolerance
 * (max |F| < 1e-8 ε/σ, 1e-7 eV/Å). Events: `activate` with the study's activation options
 * (defaultActivationOptions, max_climb_steps 1000 as in the study), seeds 1..events, all from
 * the IS, on the cpu (reference) force field as the study runs them: one thread, so events per
 * CPU-hour = 3600 / CPU seconds per event. The Vineyard prefactor the study adds to each
 * successful event (its region: the atoms within the study's vineyard radius of those that move)
 * is timed apart: CPU seconds per successful event, and events per CPU-hour with it as the study
 * pays them.
 *
 * `--compare` runs every seed twice, the reference climb and the cheaper one (a Lanczos refresh at
 * every 8th climbing step, or `--lanczos-every K`: ActivationOptions.lanczosEvery; with
 * `--climb lbfgs` also L-BFGS steps at negative curvature: climbOptimizer), one after the
 * other on the same glass so that both see the same load, and counts per seed whether they found
 * the same saddle (saddle-agreement.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceForceField } from '../../sim/open-force-field.js';
import { parseLammpsDataFile } from '../../sim/io/lammps-data.js';
import { createRng } from '../../sim/random.js';
import { kobAndersen } from '../../sim/potentials/lj.js';
import { LJ_UNITS, METAL_UNITS, type Units } from '../../sim/units.js';
import type { PotentialSpec } from '../../sim/potentials/spec.js';
import { EnergySurface } from '../../landscape/energy-surface.js';
import { minimizeFrom, type MinMethod } from '../../landscape/minimize/index.js';
import { activate, defaultActivationOptions, eventRegion, vineyardPrefactors, type ActivationResult } from '../../landscape/saddles/index.js';
import { defaultVineyardRadius } from '../../landscape/activation/events.js';
import { saddleAgreement, type SaddleAgreement } from './saddle-agreement.js';

export interface LandscapeGlass {
  model: 'ka' | 'cu64zr36';
  N: number;
  /** How it was made, for the table. */
  glass: string;
  units: Units;
  spec: PotentialSpec;
  skin: number;
  /** Sweep config (YAML) of the one member that makes it. */
  sweepYaml: string;
  /** Standard deviation of the perturbation before each timed minimization (length). */
  perturb: number;
  /** EAM: the file's masses replace the data file's. */
  masses?: number[];
}

export interface MinimizationRow {
  method: MinMethod;
  runs: number;
  mean_force_evaluations: number;
  /** Minimizations per wall second and per CPU second. */
  per_s: number;
  per_cpu_s: number;
}

/** A way of climbing: the reference path (a Lanczos refresh at every step), or an opt-in cheaper one. */
export interface ClimbVariant {
  name: string;
  lanczosEvery?: number;
  climbOptimizer?: 'fire' | 'lbfgs';
}

export const REFERENCE_CLIMB: ClimbVariant = { name: 'reference' };

/** The cheaper climb `--compare` sets against the reference (docs/backends.md, *Landscape*). */
export const FAST_LANCZOS_EVERY = 8;

export function climbVariant(lanczosEvery: number, climbOptimizer: 'fire' | 'lbfgs' = 'fire'): ClimbVariant {
  return { name: `Lanczos every ${lanczosEvery}${climbOptimizer === 'lbfgs' ? ', L-BFGS' : ''}`, lanczosEvery, climbOptimizer };
}

export interface LandscapeResult {
  model: LandscapeGlass['model'];
  /** The climb's variant (ClimbVariant.name). */
  climb: string;
  N: number;
  glass: string;
  e_is_per_atom: number;
  quench_s: number;
  minimizations: MinimizationRow[];
  events: number;
  /** Events that found a first-order saddle (status ok or same-minimum), and the ok ones. */
  saddles: number;
  ok: number;
  success_fraction: number;
  evaluations_per_event: number;
  evaluations_per_saddle: number;
  /** Mean force evaluations per event, by phase. */
  phase_per_event: { push: number; climb: number; release: number; descent: number };
  seconds_per_event: number;
  cpu_seconds_per_event: number;
  events_per_cpu_hour: number;
  saddles_per_cpu_hour: number;
  /** The Vineyard prefactor of the successful events (the study's region): mean region atoms and CPU seconds per successful event. */
  vineyard: { region_atoms: number; cpu_seconds_per_ok_event: number };
  /** Events per CPU-hour with the Vineyard prefactors, as the study pays them. */
  events_per_cpu_hour_with_vineyard: number;
  /** Q1, median and Q3 of E_saddle − E_IS over the ok events (null without any). */
  barrier_quartiles: [number, number, number] | null;
}

/** One glass: a row per climb variant, and with two variants whether they found the same saddles seed by seed. */
export interface LandscapeBench {
  rows: LandscapeResult[];
  agreement: SaddleAgreement | null;
}

const CUZR = join(process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials', 'CuZr_mm.eam.fs');
const MAX_CLIMB_STEPS = 1000;
const MINIMIZATIONS = 4;
const bin = fileURLToPath(new URL('../../cli/betascape.js', import.meta.url));

export const LANDSCAPE_GLASSES: LandscapeGlass[] = [
  {
    model: 'ka', N: 2000, units: LJ_UNITS, spec: { kind: 'lj', model: kobAndersen() }, skin: 0.3, perturb: 0.05,
    glass: 'KA NVT, 1.0 → 0.05 at 0.1/τ',
    sweepYaml: `name: bench-ka
model: ka
n: 2000
ensemble: nvt
thermostat: { damp: 0.5 }
dt: 0.005
melt: { T: 2.0, duration: 5 }
quench: { T_start: 1.0, T_end: 0.05, hold: 5, rates: [0.1] }
tg: { glass: [0.1, 0.3], liquid: [0.5, 0.8] }
sampling: { thermo_every: 100 }
seeds: 1
`,
  },
  {
    model: 'cu64zr36', N: 1000, units: METAL_UNITS, spec: { kind: 'eam', file: CUZR, elements: ['Cu', 'Zr'] }, skin: 1.0, perturb: 0.1,
    glass: 'EAM NPT 0 bar, 2000 → 300 K at 200 K/ps', masses: [63.546, 91.224],
    sweepYaml: `name: bench-cuzr
potential: { file: ${CUZR}, elements: [Cu, Zr], style: eam/fs }
units: metal
composition: { Cu: 0.64, Zr: 0.36 }
n: 1000
density: 0.058
placement: lattice
ensemble: npt
pressure: 0
barostat: { pdamp: 1.0, couple: iso }
thermostat: { damp: 0.1 }
dt: 0.002
skin: 1.0
melt: { T: 2000, duration: 5 }
quench: { T_start: 2000, T_end: 300, hold: 0, rates: [200] }
tg: { glass: [300, 600], liquid: [900, 1300] }
sampling: { thermo_every: 250 }
seeds: 1
`,
  },
].filter((g) => g.spec.kind !== 'eam' || existsSync(CUZR)) as LandscapeGlass[];

/** Runs the glass's one-member sweep in `dir`; returns the path of its inherent structure. */
function quenchGlass(g: LandscapeGlass, dir: string): string {
  const config = join(dir, 'glass.yaml');
  writeFileSync(config, g.sweepYaml);
  const out = join(dir, 'sweep');
  const r = spawnSync(process.execPath, [bin, 'sweep', config, '--set', `output=${out}`, '--jobs', '1', '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the ${g.model} sweep failed: ${r.stderr}`);
  const found = findFile(out, 'inherent.data');
  if (!found) throw new Error(`the ${g.model} sweep wrote no inherent.data under ${out}`);
  return found;
}

function findFile(dir: string, name: string): string | undefined {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === name) return p;
    if (statSync(p).isDirectory()) {
      const f = findFile(p, name);
      if (f) return f;
    }
  }
  return undefined;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};

function timeMinimizations(surface: EnergySurface, is: Float64Array, g: LandscapeGlass, method: MinMethod, ftol: number): MinimizationRow {
  const rng = createRng(11);
  let evaluations = 0, wall = 0, cpu = 0;
  for (let k = 0; k < MINIMIZATIONS; k++) {
    const X = is.map((c) => c + g.perturb * rng.gaussian());
    const cpu0 = process.cpuUsage(), t0 = performance.now();
    const r = minimizeFrom(surface, X, { method, ftol, maxIterations: 100000 });
    wall += (performance.now() - t0) / 1000;
    cpu += cpuSeconds(cpu0);
    evaluations += r.forceEvaluations;
  }
  return { method, runs: MINIMIZATIONS, mean_force_evaluations: evaluations / MINIMIZATIONS, per_s: MINIMIZATIONS / wall, per_cpu_s: MINIMIZATIONS / cpu };
}

/** Quench, minimizations and `events` activation events on one glass, each seed run with every variant in turn. */
export function benchLandscape(g: LandscapeGlass, events: number, say: (s: string) => void, variants: ClimbVariant[] = [REFERENCE_CLIMB]): LandscapeBench {
  const dir = mkdtempSync(join(tmpdir(), `betascape-landbench-${g.model}-`));
  try {
    const t0 = performance.now();
    const path = quenchGlass(g, dir);
    const quench_s = (performance.now() - t0) / 1000;
    say(`  ${g.model} N = ${g.N}: glass quenched in ${quench_s.toFixed(1)} s`);
    const state = parseLammpsDataFile(path);
    if (g.masses) state.mass.set(g.masses);
    const surface = new EnergySurface(state, referenceForceField(g.spec, g.skin));
    const is = surface.current();
    const initial = { x: is, energy: surface.energy(is, new Float64Array(is.length)) };
    const o = { ...defaultActivationOptions(g.units), maxClimbSteps: MAX_CLIMB_STEPS };
    const minimizations = (['lbfgs', 'cg'] as const).map((m) => timeMinimizations(surface, is, g, m, o.minimizer.ftol));
    say(`  ${g.model}: minimizations ${minimizations.map((m) => `${m.method} ${m.per_s.toFixed(2)}/s`).join(', ')}`);
    const runs = variants.map(() => ({ results: [] as ActivationResult[], wall: 0, cpu: 0, vineyard: { atoms: 0, cpu: 0 } }));
    for (let k = 1; k <= events; k++) {
      variants.forEach((v, i) => {
        const cpu0 = process.cpuUsage(), w0 = performance.now();
        const r = activate(surface, initial, k, { ...o, ...(v.lanczosEvery === undefined ? {} : { lanczosEvery: v.lanczosEvery }), ...(v.climbOptimizer === undefined ? {} : { climbOptimizer: v.climbOptimizer }) });
        const dw = (performance.now() - w0) / 1000;
        runs[i].wall += dw;
        runs[i].cpu += cpuSeconds(cpu0);
        runs[i].results.push(r);
        if (r.status === 'ok') {
          const cpu1 = process.cpuUsage();
          const region = eventRegion(surface.box, r.minus!.x, r.plus!.x, o.moveThreshold, defaultVineyardRadius(g.units.name));
          if (region.length > 0) vineyardPrefactors(surface, g.units, r.minus!.x, null, r.saddle!.x, region);
          runs[i].vineyard.atoms += region.length;
          runs[i].vineyard.cpu += cpuSeconds(cpu1);
        }
        const name = variants.length > 1 ? ` (${v.name})` : '';
        say(`  ${g.model} event ${k}${name}: ${r.status}, ${r.forceEvaluations} force evaluations, ${dw.toFixed(1)} s${r.metrics ? `, barrier ${r.metrics.activationEnergy.toPrecision(3)}` : ''}`);
      });
    }
    const glass = { model: g.model, N: g.N, glass: g.glass, e_is_per_atom: initial.energy / g.N, quench_s, minimizations };
    const rows = variants.map((v, i) => ({ ...glass, climb: v.name, ...eventStats(runs[i].results, runs[i].wall, runs[i].cpu, runs[i].vineyard) }));
    const pairs = runs[0].results.map((r, k) => [r, runs[1]?.results[k]] as [ActivationResult, ActivationResult]);
    return { rows, agreement: variants.length === 2 ? saddleAgreement(surface, pairs, o.sameMinimum) : null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type EventStats = Omit<LandscapeResult, 'model' | 'climb' | 'N' | 'glass' | 'e_is_per_atom' | 'quench_s' | 'minimizations'>;

/** Counts, force evaluations by phase, timings and barrier quartiles of one variant's events. */
function eventStats(results: ActivationResult[], wall: number, cpu: number, vineyard: { atoms: number; cpu: number }): EventStats {
  const events = results.length;
  const phases = { push: 0, climb: 0, release: 0, descent: 0 };
  let evaluations = 0, saddles = 0;
  const barriers: number[] = [];
  for (const r of results) {
    evaluations += r.forceEvaluations;
    for (const p of Object.keys(phases) as (keyof typeof phases)[]) phases[p] += r.phaseEvaluations[p];
    if (r.saddle) saddles++;
    if (r.status === 'ok') barriers.push(r.metrics!.activationEnergy);
  }
  return {
    events, saddles, ok: barriers.length, success_fraction: barriers.length / events, evaluations_per_event: evaluations / events,
    evaluations_per_saddle: saddles > 0 ? evaluations / saddles : NaN,
    phase_per_event: { push: phases.push / events, climb: phases.climb / events, release: phases.release / events, descent: phases.descent / events },
    seconds_per_event: wall / events, cpu_seconds_per_event: cpu / events, events_per_cpu_hour: (3600 * events) / cpu,
    saddles_per_cpu_hour: (3600 * saddles) / cpu, barrier_quartiles: quartiles(barriers),
    vineyard: { region_atoms: vineyard.atoms / barriers.length, cpu_seconds_per_ok_event: vineyard.cpu / barriers.length },
    events_per_cpu_hour_with_vineyard: (3600 * events) / (cpu + vineyard.cpu),
  };
}

function quartiles(values: number[]): [number, number, number] | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const x = q * (v.length - 1), i = Math.floor(x);
    return i + 1 < v.length ? v[i] + (x - i) * (v[i + 1] - v[i]) : v[i];
  };
  return [at(0.25), at(0.5), at(0.75)];
}

const orDash = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/** The landscape table: one row per glass and climb variant, then a summary line per row. */
export function landscapeTable(results: LandscapeResult[]): string[] {
  const head = ['model', 'climb', 'N', 'E_IS/atom', 'L-BFGS min/s', 'evals', 'CG min/s', 'evals', 'events', 'saddles', 'ok', 'evals/event',
    'evals/saddle', 'push/climb/release/descent', 's/event', 'CPU s/event', 'events/CPU-h', 'ν0 region', 'ν0 CPU s/ok', 'events/CPU-h with ν0'];
  const rows = results.map((r) => {
    const [l, c] = r.minimizations;
    const p = r.phase_per_event;
    return [r.model, r.climb, String(r.N), r.e_is_per_atom.toFixed(4), l.per_s.toFixed(2), l.mean_force_evaluations.toFixed(0), c.per_s.toFixed(2),
      c.mean_force_evaluations.toFixed(0), String(r.events), String(r.saddles), String(r.ok), r.evaluations_per_event.toFixed(0),
      orDash(r.evaluations_per_saddle, 0),
      [p.push, p.climb, p.release, p.descent].map((v) => v.toFixed(0)).join('/'), r.seconds_per_event.toFixed(1),
      r.cpu_seconds_per_event.toFixed(1), r.events_per_cpu_hour.toFixed(0), orDash(r.vineyard.region_atoms, 0),
      orDash(r.vineyard.cpu_seconds_per_ok_event, 2), r.events_per_cpu_hour_with_vineyard.toFixed(0)];
  });
  const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(width[k])).join('  ').trimEnd();
  const barriers = (q: LandscapeResult['barrier_quartiles']) => (q ? `, barriers Q1/median/Q3 ${q.map((v) => v.toPrecision(3)).join('/')}` : '');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line),
    ...results.map((r) => `${r.model} (${r.climb}): ${r.glass}; success ${r.ok}/${r.events} events (${(100 * r.success_fraction).toFixed(0)} %), `
      + `${r.saddles_per_cpu_hour.toFixed(0)} saddles/CPU-h${barriers(r.barrier_quartiles)}`)];
}

/** One line: seed by seed, did the two variants find the same saddles? */
export function agreementLine(model: string, first: string, second: string, a: SaddleAgreement): string {
  const dE = (v: number) => (Number.isNaN(v) ? '' : ` (|ΔE| <= ${v.toExponential(1)})`);
  return `${model}, ${first} vs ${second}: identical ${a.identical}${dE(a.max_identical_energy_difference)}, close ${a.close}${dE(a.max_close_energy_difference)}, `
    + `different ${a.different}, only ${first} ${a.only_first}, only ${second} ${a.only_second}, neither ${a.neither}`;
}
