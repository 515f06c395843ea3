/**
 * `betascape relax`: τ_α(T) of the Kob–Andersen liquid (density 1.2) at a few supercooled
 * temperatures, and a VFT fit. For each T, in its own files under `out`:
 *   melt at T = 2 from a random fcc occupation (seeded), NVT (Nosé–Hoover) at T for `equilibrate`,
 *   then NVT production for `production` with a dump frame (id type x y z ix iy iz) every
 *   `dumpEvery` steps → T<T>.dump; the dump is read back, F_s(q*, t) and the MSD computed
 *   (q* the first peak of S_AA, unless given) and τ_α taken where F_s of the A atoms = 1/e.
 *   T<T>.json is written atomically last; a rerun reuses every T whose file has the same settings.
 * relax.json holds the τ_α(T) table and the VFT fit (with τ_α at 3 or more temperatures).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { createForceField } from '../../sim/forces.js';
import { buildSample } from '../../sim/init.js';
import { createRng } from '../../sim/random.js';
import { initVelocities } from '../../sim/velocities.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { runMD } from '../../sim/md.js';
import { temperature } from '../../sim/thermo.js';
import { LJ_UNITS } from '../../sim/units.js';
import { appendDumpFrame } from '../../sim/io/lammps-dump.js';
import { writeFileAtomic } from '../../sim/io/checkpoint.js';
import { loadTrajectory } from './trajectory.js';
import { selfDynamics } from './self-dynamics.js';
import { firstPeakQ } from './peak-q.js';
import { fitVft, relaxationTime, type VftFit } from './relaxation-time.js';
import { diffusionConstant } from './diffusion.js';

export interface RelaxSettings {
  /** Atoms (80:20 A:B). */
  n: number;
  seed: number;
  dt: number;
  /** Nosé–Hoover damping time. */
  damp: number;
  /** Time at T = 2 before cooling to T. */
  melt: number;
  equilibrate: number;
  production: number;
  /** Steps between dump frames in production. */
  dumpEvery: number;
  /** Wavenumber of F_s (default: the first peak of S_AA). */
  q?: number;
}

export const RELAX_DEFAULTS: RelaxSettings = { n: 500, seed: 1, dt: 0.005, damp: 1, melt: 10, equilibrate: 100, production: 100, dumpEvery: 40 };

export interface TemperatureResult {
  T: number;
  settings: RelaxSettings;
  /** Mean temperature measured over the production frames. */
  T_measured: number;
  q: number;
  /** τ_α of the A atoms (null: F_s stayed above 1/e during production). */
  tau_alpha: number | null;
  unwrap: string;
  t: number[];
  fs: Record<string, number[]>;
  msd: Record<string, number[]>;
  seconds: number;
}

export interface RelaxResult {
  /** The liquid: the Kob–Andersen preset at density 1.2, in lj units (time unit τ). */
  model: 'ka';
  units: 'lj';
  /** Per temperature; `D`: self-diffusion constants by type ('1', '2', …, 'all'; diffusion.ts), null where the MSD stayed caged. */
  temperatures: { T: number; tau_alpha: number | null; q: number; T_measured: number; D: Record<string, number | null> }[];
  vft: VftFit | null;
  /** Why there is no VFT fit. */
  vft_note?: string;
}

const tag = (T: number) => `T${T}`;

/** Runs (or reuses) every temperature, then fits VFT; relax.json is written to `out`. */
export function runRelax(temperatures: number[], out: string, s: RelaxSettings, log: (line: string) => void = () => {}): RelaxResult {
  if (temperatures.length === 0 || temperatures.some((T) => !(T > 0 && T <= 2))) {
    throw new InputError(`--temperatures: give temperatures above 0 and at most 2 (the melt), got ${temperatures.join(',')}`);
  }
  for (const k of ['n', 'dumpEvery'] as const) if (!(Number.isInteger(s[k]) && s[k] > 0)) throw new InputError(`relax: ${k} must be a whole number > 0, got ${s[k]}`);
  for (const k of ['dt', 'damp', 'equilibrate', 'production'] as const) if (!(s[k] > 0)) throw new InputError(`relax: ${k} must be > 0, got ${s[k]}`);
  if (!(s.melt >= 0)) throw new InputError(`relax: melt must be >= 0, got ${s.melt}`);
  if (s.q !== undefined && !(s.q > 0)) throw new InputError(`--q: must be a number > 0, got ${s.q}`);
  if (Math.round(s.production / s.dt / s.dumpEvery) < 2) throw new InputError('relax: production must hold at least 2 dump intervals');
  mkdirSync(out, { recursive: true });
  const results = temperatures.map((T) => {
    const file = join(out, `${tag(T)}.json`);
    if (existsSync(file)) {
      const old = JSON.parse(readFileSync(file, 'utf8')) as TemperatureResult;
      if (JSON.stringify(old.settings) === JSON.stringify(s)) {
        log(`T = ${T}: reused ${file}`);
        return old;
      }
    }
    const r = runTemperature(T, out, s);
    writeFileAtomic(file, JSON.stringify(r) + '\n');
    const D = diffusionByType(r)['1'];
    log(`T = ${T}: τ_α = ${r.tau_alpha === null ? 'not reached' : r.tau_alpha.toPrecision(4)} at q = ${r.q.toFixed(3)}, D_1 = ${D === null ? 'caged' : D.toPrecision(3)} (T measured ${r.T_measured.toFixed(3)}, ${r.seconds.toFixed(0)} s)`);
    return r;
  });
  const done = results.filter((r) => r.tau_alpha !== null);
  let vft: VftFit | null = null, vft_note: string | undefined;
  if (new Set(done.map((r) => r.T)).size >= 3) vft = fitVft(done.map((r) => r.T), done.map((r) => r.tau_alpha!));
  else vft_note = `τ_α found at ${done.length} temperature(s); VFT needs 3`;
  const result: RelaxResult = {
    model: 'ka', units: 'lj',
    temperatures: results.map((r) => ({ T: r.T, tau_alpha: r.tau_alpha, q: r.q, T_measured: r.T_measured, D: diffusionByType(r) })),
    vft, ...(vft_note ? { vft_note } : {}),
  };
  writeFileAtomic(join(out, 'relax.json'), JSON.stringify(result, null, 1) + '\n');
  return result;
}

/** D of each type from a temperature's MSD (null where it stayed caged). */
export function diffusionByType(r: Pick<TemperatureResult, 't' | 'msd'>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(r.msd).map(([k, m]) => [k, diffusionConstant(r.t, m)?.D ?? null]));
}

/** Melt, equilibrate and produce at T; analyse the production dump. */
export function runTemperature(T: number, out: string, s: RelaxSettings): TemperatureResult {
  const t0 = performance.now();
  const model = kobAndersen();
  const rng = createRng(s.seed);
  const state = buildSample({
    n: s.n, composition: model.composition!, masses: model.species.map((x) => x.mass), density: model.density!, placement: 'lattice',
  }, rng);
  const ff = createForceField(new LennardJones(model), 0.3);
  const units = LJ_UNITS;
  initVelocities(state, 2, rng, units);
  const steps = (time: number) => Math.max(1, Math.round(time / s.dt));
  const nvt = (time: number, tStart: number, tStop: number, onStep?: (x: typeof state) => void) =>
    runMD(state, ff, { steps: steps(time), dt: s.dt, units, thermostat: noseHoover({ damp: s.damp }), tStart, tStop, zeroMomentumEvery: 1000, onStep });
  if (s.melt > 0) nvt(s.melt, 2, 2);
  nvt(s.equilibrate, T, T);
  const dump = join(out, `${tag(T)}.dump`);
  rmSync(dump, { force: true });
  const columns = ['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz'];
  const begin = state.step;
  let tSum = 0, frames = 0;
  const frame = () => {
    appendDumpFrame(dump, state, columns);
    tSum += temperature(state, units);
    frames++;
  };
  frame();
  nvt(s.production, T, T, () => {
    if ((state.step - begin) % s.dumpEvery === 0) frame();
  });
  const tr = loadTrajectory(dump, { dt: s.dt });
  const q = s.q ?? firstPeakQ(tr, 1);
  const sd = selfDynamics(tr, q);
  const arr = (r: Record<string, Float64Array>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.from(v)]));
  return {
    T, settings: s, T_measured: tSum / frames, q, tau_alpha: relaxationTime(sd.t, sd.fs['1']), unwrap: tr.unwrap,
    t: Array.from(sd.t), fs: arr(sd.fs), msd: arr(sd.msd), seconds: (performance.now() - t0) / 1000,
  };
}
