/**
 * `betascape relax`:
 * with --dump, MSD, F_s(q*, t) and τ_α of one trajectory; with --temperatures, the Kob–Andersen
 * τ_α(T) workflow and its VFT fit (relax-workflow.ts).
 */
import { InputError } from '../../sim/errors.js';
import { loadTrajectory } from '../../analysis/dynamics/trajectory.js';
import { selfDynamics } from '../../analysis/dynamics/self-dynamics.js';
import { firstPeakQ } from '../../analysis/dynamics/peak-q.js';
import { relaxationTime } from '../../analysis/dynamics/relaxation-time.js';
import { diffusionByType, RELAX_DEFAULTS, runRelax, type RelaxSettings } from '../../analysis/dynamics/relax-workflow.js';

const D = RELAX_DEFAULTS;
/** The command's options, as yargs reads them. */
export const RELAX_OPTIONS = {
  dump: { type: 'string', describe: 'analyse this LAMMPS dump (id, type, positions; image flags or unwrapped columns, else minimum-image unwrapping)' },
  dt: { type: 'number', describe: '--dump: time per timestep, for frames without ITEM: TIME' },
  every: { type: 'number', default: 1, describe: '--dump: use every k-th frame' },
  'origin-every': { type: 'number', default: 1, describe: '--dump: a time origin every this many frames' },
  temperatures: { type: 'string', describe: 'run the Kob-Andersen workflow at these temperatures (comma list, e.g. 0.8,0.7,0.6)' },
  out: { type: 'string', default: 'runs/relax', describe: '--temperatures: directory for T<T>.json, T<T>.dump, relax.json (reruns reuse finished temperatures)' },
  n: { type: 'number', default: D.n, describe: 'atoms (80:20, density 1.2)' },
  seed: { type: 'number', default: D.seed },
  'time-step': { type: 'number', default: D.dt, describe: 'MD time step' },
  damp: { type: 'number', default: D.damp, describe: 'Nose-Hoover damping time' },
  melt: { type: 'number', default: D.melt, describe: 'time at T = 2 first' },
  equilibrate: { type: 'number', default: D.equilibrate, describe: 'NVT time at T before production' },
  production: { type: 'number', default: D.production, describe: 'NVT production time (dumped)' },
  'dump-every': { type: 'number', default: D.dumpEvery, describe: 'steps between production frames' },
  q: { type: 'number', describe: 'wavenumber of F_s (default: the first peak of S_11(q))' },
  json: { type: 'boolean', default: false, describe: 'print the result as JSON' },
} as const;

export interface RelaxArgs {
  dump?: string; dt?: number; every: number; 'origin-every': number; temperatures?: string; out: string; n: number; seed: number;
  'time-step': number; damp: number; melt: number; equilibrate: number; production: number; 'dump-every': number; q?: number; json: boolean;
}

/** Runs the command; returns the lines to print. */
export function relaxCommand(a: RelaxArgs, log: (line: string) => void): string[] {
  if ((a.dump === undefined) === (a.temperatures === undefined)) throw new InputError('relax: give exactly one of --dump FILE or --temperatures LIST');
  if (a.dump !== undefined) {
    const tr = loadTrajectory(a.dump, { dt: a.dt, every: a.every });
    const q = a.q ?? firstPeakQ(tr, 1);
    const sd = selfDynamics(tr, q, { originEvery: a['origin-every'] });
    const tau = Object.fromEntries(Object.entries(sd.fs).map(([k, f]) => [k, relaxationTime(sd.t, f)]));
    const arr = (r: Record<string, Float64Array>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.from(v)]));
    const D = diffusionByType({ t: Array.from(sd.t), msd: arr(sd.msd) });
    if (a.json) return [JSON.stringify({ q, unwrap: tr.unwrap, tau_alpha: tau, diffusion: D, t: Array.from(sd.t), msd: arr(sd.msd), fs: arr(sd.fs) })];
    const fmt = (v: number | null) => (v === null ? 'not reached' : v.toPrecision(4));
    return [
      `relax: ${tr.type.length} atoms, ${tr.positions.length} frames of ${a.dump} (unwrapped by ${tr.unwrap}); q = ${q.toFixed(4)}`,
      ...Object.keys(sd.fs).map((k) => `  ${k === 'all' ? 'all atoms' : `type ${k}`}: τ_α = ${fmt(tau[k])}, MSD(${sd.t.at(-1)!.toPrecision(4)}) = ${sd.msd[k].at(-1)!.toPrecision(4)}, D = ${D[k] === null ? 'caged' : D[k]!.toPrecision(4)}`),
    ];
  }
  const tokens = a.temperatures!.split(',').map((t) => t.trim());
  const temperatures = tokens.map(Number);
  if (tokens.some((t, k) => t === '' || !Number.isFinite(temperatures[k]))) throw new InputError(`--temperatures: expected numbers separated by commas, got '${a.temperatures}'`);
  const s: RelaxSettings = {
    n: a.n, seed: a.seed, dt: a['time-step'], damp: a.damp, melt: a.melt, equilibrate: a.equilibrate, production: a.production,
    dumpEvery: a['dump-every'], ...(a.q !== undefined ? { q: a.q } : {}),
  };
  const r = runRelax(temperatures, a.out, s, log);
  if (a.json) return [JSON.stringify(r)];
  const v = r.vft;
  return [v ? `VFT: τ = ${v.tau0.toPrecision(4)} exp(${v.D.toPrecision(4)} × ${v.T0.toPrecision(4)} / (T − ${v.T0.toPrecision(4)})), rms of ln τ ${v.rms.toPrecision(3)}` : `VFT: ${r.vft_note}`, `results in ${a.out}/relax.json`];
}

/** The yargs command module (structurally typed: analysis/ does not import yargs). */
export const relaxCommandModule = {
  builder: <Y extends { options(o: typeof RELAX_OPTIONS): Y; example(cmd: string, text: string): Y }>(y: Y) => y.options(RELAX_OPTIONS)
    .example('$0 relax --dump examples/traj.dump --dt 0.005', '')
    .example('$0 relax --temperatures 1.0,0.8,0.7,0.6 --out runs/relax', ''),
  handler: (argv: RelaxArgs) => {
    for (const line of relaxCommand(argv, (l) => console.error(l))) console.log(line);
  },
};
