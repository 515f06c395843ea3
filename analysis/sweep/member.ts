/**
 * One sweep member, start to finish: its MD (sim/protocols/quench-member.ts: melt, cool, anneal,
 * checkpoints, the glass; or, with `engine: lammps`, sim/lammps/quench.ts), then its inherent structure (minimized at the glass's box), Tg from the
 * cooling curve, and the summary that marks it done.
 *
 *   inherent.data     the inherent structure of the glass
 *   summary.json      rate, seed, Tg, e_IS per atom, ... (written last: the member is done)
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cloneState, type State } from '../../sim/state.js';
import { unitsByName } from '../../sim/units.js';
import { materializeZhou } from '../../sim/potentials/resolve.js';
import { computeForces, type ForceField } from '../../sim/forces.js';
import { openForceField, type OpenForceField } from '../../sim/open-force-field.js';
import { boxVolume } from '../../sim/box.js';
import { temperature } from '../../sim/thermo.js';
import { writeLammpsData } from '../../sim/io/lammps-data.js';
import { writeFileAtomic } from '../../sim/io/checkpoint.js';
import { lockRunDir } from '../../sim/io/run-lock.js';
import { totalSteps, type Stage } from '../../sim/protocols/stages.js';
import type { Member } from '../../sim/protocols/sweep.js';
import { FILES, memberStatus, quenchMember, writeGlass, type MemberHooks } from '../../sim/protocols/quench-member.js';
import { quenchWithLammps } from '../../sim/lammps/quench.js';
import { minimize } from '../../landscape/minimize/index.js';
import type { GlassTransition } from '../glass-transition.js';
import { quenchGlassTransition } from './quench-tg.js';

export interface MemberSummary {
  member: string;
  dir: string;
  alloy: string;
  model: string;
  rate: number;
  seed: number;
  anneal: { T: number; duration: number } | null;
  n: number;
  units: string;
  unit_labels: Record<string, string>;
  ensemble: string;
  /** Target pressure of ensemble npt (pressure unit of the units), else null. */
  pressure: number | null;
  dt: number;
  steps: Record<string, number>;
  Tg: number | null;
  tg_fit: (GlassTransition & { from: 'energy' | 'volume' }) | null;
  e_is_per_atom: number;
  inherent: { energy: number; max_force: number; iterations: number; force_evaluations: number; converged: boolean; reason: string; method: string };
  glass: { T: number; pe_per_atom: number; volume: number; density: number };
  wall_s: number;
  sessions: number;
}

export function readSummary(dir: string): MemberSummary {
  return JSON.parse(readFileSync(join(dir, FILES.summary), 'utf8')) as MemberSummary;
}

/** Runs (or continues, or skips when finished) one member. */
export async function runMember(member: Member, hooks: MemberHooks = {}): Promise<MemberSummary> {
  const { dir } = member;
  mkdirSync(dir, { recursive: true });
  if (memberStatus(dir) === 'done') return readSummary(dir);
  const lock = lockRunDir(dir, `member ${member.name}`, hooks.info);
  try {
    const field = await openMemberForceField(member);
    try {
      const md = member.config.engine === 'lammps'
        ? await quenchWithLammps(member, field.spec, field.detail, hooks)
        : quenchMember(member, field.ff, field.detail, hooks);
      md.report('minimize', 'minimize');
      // The gpu backend's f32 forces cannot reach the minimizer's tolerance: `exact` is f64.
      const summary = summarise(member, md.state, field.exact, md.stages, hooks.warn ?? (() => {}));
      summary.wall_s = md.wall();
      summary.sessions = md.sessions;
      writeFileAtomic(join(dir, FILES.summary), JSON.stringify(summary, null, 2) + '\n');
      md.finish(summary.wall_s);
      return summary;
    } finally {
      field.dispose();
    }
  } finally {
    lock.release();
  }
}

/**
 * The member's potential on its config's backend. A Zhou potential is first written (as a setfl
 * file LAMMPS reads too) into the member's directory, so both codes (and both engines) use the
 * same tables.
 */
function openMemberForceField(member: Member): Promise<OpenForceField> {
  const { spec, zhou } = member.potential;
  const c = member.config;
  const opened = zhou && spec.kind === 'eam' ? materializeZhou(spec, zhou, dirname(spec.file)) : spec;
  return openForceField(opened, c.backend, { skin: c.skin, workers: c.threads });
}

/** Writes the glass and its inherent structure; Tg from the cooling curve; the member's summary (times left to the caller). */
function summarise(member: Member, state: State, ff: ForceField, stages: Stage[], warn: (m: string) => void): MemberSummary {
  const c = member.config;
  const path = (f: string) => join(member.dir, f);
  const units = unitsByName(c.units);
  computeForces(state, ff, { energyVirial: true });
  const glassEnergy = ff.out.energy;
  const glassT = temperature(state, units);
  writeGlass(member, state);

  const is = cloneState(state);
  const min = minimize(is, ff, { method: c.minimize.method, ftol: c.minimize.ftol, fnorm: 'max', maxIterations: c.minimize.max_iterations, units });
  // CG's LAMMPS line search stops on big boxes once a step's energy change is below its absolute
  // tolerance (a 256000-atom KA glass at max |F| 2.7e-3); L-BFGS's derivative-aware one goes on.
  const hint = c.minimize.method === 'cg' && min.reason === 'line-search' ? '; minimize.method: lbfgs converges further on big boxes' : '';
  if (!min.converged) warn(`${member.name}: minimization stopped before max |F| < ${c.minimize.ftol} (${min.reason}, max |F| = ${min.maxForce.toExponential(2)})${hint}`);
  writeLammpsData(path(FILES.inherent), is, { title: `betascape inherent structure of member ${member.name}, E = ${min.energy}`, velocities: false });
  const tgFit = quenchGlassTransition(path(FILES.quench), c);

  const volume = boxVolume(state.box);
  return {
    member: member.name, dir: member.dir, alloy: member.alloy, model: member.potential.name, rate: member.rate, seed: member.seed,
    anneal: member.anneal, n: state.n, units: units.name, unit_labels: { ...units.labels }, ensemble: c.ensemble,
    pressure: c.ensemble === 'npt' ? c.pressure! : null, dt: c.dt,
    steps: { ...Object.fromEntries(stages.map((s) => [s.name, s.steps])), total: totalSteps(stages) },
    Tg: tgFit?.Tg ?? null,
    tg_fit: tgFit,
    e_is_per_atom: min.energy / state.n,
    inherent: {
      energy: min.energy, max_force: min.maxForce, iterations: min.iterations, force_evaluations: min.forceEvaluations,
      converged: min.converged, reason: min.reason, method: min.method,
    },
    glass: { T: glassT, pe_per_atom: glassEnergy / state.n, volume, density: state.n / volume },
    wall_s: 0,
    sessions: 0,
  };
}
