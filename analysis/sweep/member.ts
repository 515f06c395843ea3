/**
 * One sweep member, start to finish: its MD (sim/protocols/quench-member.ts: melt, cool, anneal,
 * checkpoints, the glass), then its inherent structure (minimized at the glass's box), Tg from the
 * cooling curve, and the summary that marks it done.
 *
 *   inherent.data     the inherent structure of the glass
 *   summary.json      rate, seed, Tg, e_IS per atom, ... (written last: the member is done)
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneState, type State } from '../../sim/state.js';
import { unitsByName } from '../../sim/units.js';
import { LennardJones } from '../../sim/potentials/lj.js';
import { loadEam } from '../../sim/potentials/eam.js';
import { zhouSetfl } from '../../sim/potentials/zhou.js';
import { formatSetfl } from '../../sim/io/eam-file.js';
import { computeForces, createForceField, type ForceField } from '../../sim/forces.js';
import { autoBackend, cpuBackendOf, createBackend } from '../../sim/backends/index.js';
import type { Backend } from '../../sim/backends/backend.js';
import { boxVolume } from '../../sim/box.js';
import { temperature } from '../../sim/thermo.js';
import { writeLammpsData } from '../../sim/io/lammpsData.js';
import { writeFileAtomic } from '../../sim/io/checkpoint.js';
import { lockRunDir } from '../../sim/io/run-lock.js';
import { totalSteps, type Stage } from '../../sim/protocols/stages.js';
import type { Member } from '../../sim/protocols/sweep.js';
import { FILES, memberStatus, quenchMember, writeGlass, type MemberHooks } from '../../sim/protocols/quench-member.js';
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
    const backend = await memberBackend(member, memberForceField(member));
    try {
      const md = quenchMember(member, backend.ff, backend.detail, hooks);
      md.report('minimize', 'minimize');
      const summary = summarise(member, md.state, backend.exact, md.stages, hooks.warn ?? (() => {}));
      summary.wall_s = md.wall();
      summary.sessions = md.sessions;
      writeFileAtomic(join(dir, FILES.summary), JSON.stringify(summary, null, 2) + '\n');
      md.finish(summary.wall_s);
      return summary;
    } finally {
      backend.dispose();
    }
  } finally {
    lock.release();
  }
}

/**
 * The member's force field. A Zhou potential is first written (as a setfl file LAMMPS reads too)
 * into the member's directory, then read back like any EAM file, so both codes use the same tables.
 */
function memberForceField(member: Member): ForceField {
  const { spec, zhou } = member.potential;
  const skin = member.config.skin;
  if (spec.kind === 'lj') return createForceField(new LennardJones(spec.model), skin);
  if (zhou && !existsSync(spec.file)) writeFileAtomic(spec.file, formatSetfl(zhouSetfl(zhou)));
  return createForceField(loadEam(spec.file, spec.elements, spec.style), skin);
}

/** A backend with the force field MD runs on, and the f64 one the inherent structure is minimized with. */
type MemberBackend = Backend & { ff: ForceField; exact: ForceField };

/**
 * The config's backend running the member's potential (cpu: the reference force field itself).
 * The gpu backend's f32 forces cannot bring max |F| down to the minimizer's tolerance, so its
 * members minimize with the f64 reference instead.
 */
async function memberBackend(member: Member, cpu: ForceField): Promise<MemberBackend> {
  const name = member.config.backend;
  if (name === 'cpu') return Object.assign(cpuBackendOf(cpu.potential), { ff: cpu, exact: cpu });
  const opts = { workers: member.config.threads };
  const backend = name === 'auto' ? await autoBackend(member.potential.spec, opts) : await createBackend(name, member.potential.spec, opts);
  const ff = createForceField(backend.potential, cpu.nlist.skin);
  return Object.assign(backend, { ff, exact: backend.name === 'gpu' ? cpu : ff });
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
  if (!min.converged) warn(`${member.name}: minimization stopped before max |F| < ${c.minimize.ftol} (${min.reason}, max |F| = ${min.maxForce.toExponential(2)})`);
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
