/**
 * One member of a sweep, start to finish, in its own directory: build and melt a sample, quench it
 * (and anneal it), find Tg from E(T) (NVT) or V(T) (NPT), write the glass, minimize it to its
 * inherent structure (at the glass's box), and summarise. Checkpoints on the way; a member found with a checkpoint continues from it and ends
 * with the same numbers, to the bit, as one never interrupted.
 *
 *   config.yaml       the member's resolved config (`betascape quench config.yaml` reruns it)
 *   manifest.json     version, git commit, seed, backend, units, start/end times, sessions
 *   *.zhou.eam.alloy  the generated potential, for `potential: { zhou: [...] }`
 *   thermo.csv        step,time,stage,T_target,T,P,PE,KE,etotal,econserve,volume (energies per atom, volume of the box)
 *   quench.csv        E(T) and V(T) during the quench: step,T_target,T,PE,volume,P
 *   trajectory.dump   snapshots (sampling.snapshot_every > 0)
 *   glass.data/.xyz   the final glass (LAMMPS data with velocities; extended XYZ)
 *   inherent.data     its inherent structure
 *   summary.json      rate, seed, Tg, e_IS per atom, ... (written last: the member is done)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, fsyncSync, readFileSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../sim/errors.js';
import type { State } from '../sim/state.js';
import { cloneState } from '../sim/state.js';
import { unitsByName } from '../sim/units.js';
import { LennardJones } from '../sim/potentials/lj.js';
import { loadEam } from '../sim/potentials/eam.js';
import { zhouSetfl } from '../sim/potentials/zhou.js';
import { formatSetfl } from '../sim/io/eam-file.js';
import { noseHooverNpt } from '../sim/integrate/nose-hoover-npt.js';
import { computeForces, createForceField, type ForceField } from '../sim/forces.js';
import { autoBackend, cpuBackendOf, createBackend } from '../sim/backends/index.js';
import type { Backend } from '../sim/backends/backend.js';
import { createForceOutput } from '../sim/potentials/potential.js';
import { buildSample } from '../sim/init.js';
import { createRng, type Rng, type RngState } from '../sim/random.js';
import { initVelocities } from '../sim/velocities.js';
import type { Thermostat } from '../sim/integrate/thermostat.js';
import { noseHoover } from '../sim/integrate/nose-hoover.js';
import { langevin } from '../sim/integrate/langevin.js';
import { boxVolume } from '../sim/box.js';
import { temperature } from '../sim/thermo.js';
import { writeLammpsData } from '../sim/io/lammpsData.js';
import { writeExtxyz } from '../sim/io/extxyz.js';
import { speciesElements } from '../sim/elements.js';
import { appendDumpFrame } from '../sim/io/lammpsDump.js';
import {
  CHECKPOINT_FILE, PREVIOUS_CHECKPOINT_FILE, loadState, readCheckpoint, restoreForceOutput, restoreNeighborList, saveForceOutput,
  saveNeighborList, saveState, writeCheckpoint, writeFileAtomic, type SavedForceOutput, type SavedNeighborList, type SavedState,
} from '../sim/io/checkpoint.js';
import { quenchStages, stageTarget, totalSteps, type Stage } from '../sim/protocols/stages.js';
import { runStages, type ProtocolPosition } from '../sim/protocols/run.js';
import { minimize } from '../landscape/minimize/index.js';
import { fitGlassTransition, type GlassTransition } from '../analysis/glass-transition.js';
import { configToYaml, physicsDifferences, physicsHash, type Config, type Member } from './config.js';

export const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;

export const FILES = {
  config: 'config.yaml', manifest: 'manifest.json', thermo: 'thermo.csv', quench: 'quench.csv', dump: 'trajectory.dump',
  glassData: 'glass.data', glassXyz: 'glass.xyz', inherent: 'inherent.data', summary: 'summary.json',
} as const;

const THERMO_HEADER = 'step,time,stage,T_target,T,P,PE,KE,etotal,econserve,volume';
const QUENCH_HEADER = 'step,T_target,T,PE,volume,P';
/** Files that grow during MD: a checkpoint records their sizes, a resume cuts them back to those. */
const GROWING = [FILES.thermo, FILES.quench, FILES.dump] as const;

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

export interface MemberProgress {
  member: string;
  phase: 'md' | 'minimize' | 'done';
  stage: string;
  step: number;
  total: number;
  T: number;
  /** Steps per second in this session. */
  rate: number;
}

export interface MemberHooks {
  progress?: (p: MemberProgress) => void;
  /** Problems the run survives (a corrupt checkpoint). */
  warn?: (message: string) => void;
  /** Notes (resuming from a checkpoint). */
  info?: (message: string) => void;
}

/** What a member directory holds: finished, interrupted (has a checkpoint), or nothing yet. */
export function memberStatus(dir: string): 'done' | 'resume' | 'new' {
  if (existsSync(join(dir, FILES.summary))) return 'done';
  if (existsSync(join(dir, CHECKPOINT_FILE)) || existsSync(join(dir, PREVIOUS_CHECKPOINT_FILE))) return 'resume';
  return 'new';
}

export function readSummary(dir: string): MemberSummary {
  return JSON.parse(readFileSync(join(dir, FILES.summary), 'utf8')) as MemberSummary;
}

/**
 * Refuses to reuse a member directory that was run with a different config (its config.yaml is
 * compared key by key, output and checkpoint settings aside).
 */
export function checkMemberDir(member: Member, previous: Config | undefined): void {
  if (!previous) return;
  const diff = physicsDifferences(previous, member.config);
  if (diff.length > 0) {
    throw new InputError(`${member.dir}: was run with a different config (${diff.slice(0, 3).join(', ')} differ); use another output directory or remove it`);
  }
}

let gitInfo: { commit: string | null; dirty: boolean | null } | undefined;

/** Commit of the source tree, when it is a git checkout (read-only git commands). */
function sourceCommit(): { commit: string | null; dirty: boolean | null } {
  if (gitInfo) return gitInfo;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  try {
    gitInfo = { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no').length > 0 };
  } catch {
    gitInfo = { commit: null, dirty: null };
  }
  return gitInfo;
}

/** What the member's manifest records before it runs (sessions are added by each run). */
function newManifest(member: Member, started: string): Record<string, unknown> {
  const git = sourceCommit();
  const c = member.config;
  return {
    betascape: VERSION, git_commit: git.commit, git_dirty: git.dirty, member: member.name, alloy: member.alloy,
    seed: member.seed, rate: member.rate, anneal: member.anneal, backend: c.backend, units: c.units,
    node: process.version, host: hostname(), started, finished: null, sessions: [],
  };
}

function makeThermostat(c: Config, seed: number): Thermostat {
  const damp = c.thermostat.damp ?? 100 * c.dt;
  // The Langevin noise has its own stream, seeded apart from the sample's.
  if (c.ensemble === 'langevin') return langevin({ damp, seed: seed + 1_000_003 });
  if (c.ensemble === 'npt') {
    const b = c.barostat!;
    return noseHooverNpt({ damp, chain: c.thermostat.chain, pdamp: b.pdamp!, pchain: b.chain, pStart: c.pressure!, coupling: b.couple });
  }
  return noseHoover({ damp, chain: c.thermostat.chain });
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

export function memberStages(c: Config): Stage[] {
  const rate = (c.quench.rates as number[])[0];
  const anneal = Array.isArray(c.anneal) ? c.anneal[0] : c.anneal;
  return quenchStages({
    dt: c.dt, melt: c.melt, hold: c.quench.hold, tStart: c.quench.T_start, tEnd: c.quench.T_end, rate,
    anneal: anneal && anneal.duration > 0 ? anneal : null,
  });
}

/**
 * The member's starting point: a new sample (fcc sites or random placement, species at random)
 * with Maxwell–Boltzmann velocities at the melt temperature, all drawn from createRng(seed).
 */
export function initialSample(member: Member): { state: State; rng: Rng } {
  const c = member.config;
  const rng = createRng(member.seed);
  const { species } = member.potential;
  const comp = c.composition;
  const state = buildSample(
    {
      n: c.n,
      composition: comp ? species.map((s) => comp[s.name] ?? 0) : member.potential.composition!,
      masses: species.map((s) => s.mass),
      typeNames: species.map((s) => s.name),
      density: (c.density ?? member.potential.density)!,
      placement: c.placement,
    },
    rng,
  );
  initVelocities(state, c.melt.T, rng, unitsByName(c.units));
  return { state, rng };
}

interface Checkpoint {
  member: string;
  hash: string;
  position: ProtocolPosition;
  /** True once every MD stage has run (what is left: analysis and minimization). */
  mdDone: boolean;
  state: SavedState;
  neighbor: SavedNeighborList;
  forces: SavedForceOutput;
  thermostat: unknown;
  rng: RngState;
  files: Record<string, number>;
  wall_s: number;
  written: string;
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}


/** A member's dynamical objects and bookkeeping, whether started afresh or restored. */
interface Run {
  state: State;
  rng: Rng;
  manifest: Record<string, unknown>;
  /** Wall seconds of earlier sessions. */
  wallBefore: number;
}

const now = () => new Date().toISOString();

/** Writes a new member's config and output headers and builds its sample. */
function startFresh(member: Member, path: (f: string) => string): Run {
  for (const f of [...GROWING, FILES.glassData, FILES.glassXyz, FILES.inherent]) rmSync(path(f), { force: true });
  writeFileAtomic(path(FILES.config), configToYaml(member.config, [
    `Resolved config of sweep member ${member.name} (every default filled in).`,
    `Rerun it on its own with: betascape quench ${path(FILES.config)}`,
  ]));
  const manifest = newManifest(member, now());
  (manifest.sessions as unknown[]).push({ started: now(), resumed_at_step: null });
  const { state, rng } = initialSample(member);
  const L = unitsByName(member.config.units).labels;
  const unitLine = `units ${member.config.units}: time ${L.time}, T ${L.temperature}, P ${L.pressure}, energies ${L.energy} per atom, volume ${L.length}^3 (box)`;
  appendLine(path(FILES.thermo), `# betascape ${VERSION} member ${member.name}; ${member.potential.name}; ${unitLine}\n${THERMO_HEADER}`);
  appendLine(path(FILES.quench), `# E(T) and V(T) during the quench at rate ${member.rate} ${L.temperature}/${L.time}; ${unitLine}\n${QUENCH_HEADER}`);
  return { state, rng, manifest, wallBefore: 0 };
}

/** Restores state, thermostat, forces and neighbour list from a checkpoint; cuts the output files back to it. */
function resumeFrom(ck: Checkpoint, member: Member, ff: ForceField, thermostat: Thermostat, path: (f: string) => string, warn: (m: string) => void): Run {
  const state = loadState(ck.state);
  thermostat.restore(ck.thermostat);
  restoreForceOutput(ff.out, ck.forces);
  if (!restoreNeighborList(state, ff.nlist, ck.neighbor)) warn(`${member.name}: the restored neighbour list may differ in its last bits from the interrupted run's`);
  replayFirstUse(state, ff);
  for (const f of GROWING) if (existsSync(path(f))) truncateSync(path(f), ck.files[f] ?? 0);
  const manifestPath = path(FILES.manifest);
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : newManifest(member, now());
  (manifest.sessions as unknown[]).push({ started: now(), resumed_at_step: ck.state.step });
  return { state, rng: createRng(member.seed, ck.rng), manifest, wallBefore: ck.wall_s };
}

/**
 * Some potentials reorganise a fresh neighbour list at its first use (EAM sorts each row into
 * pairs inside and outside the cut-off, at the positions of that moment), which fixes their
 * summation order until the next build. The interrupted run did that at the build positions;
 * doing it again there (on a copy, results discarded) makes the continuation bit-for-bit.
 */
function replayFirstUse(state: State, ff: ForceField): void {
  const replay = cloneState(state);
  replay.x.set(ff.nlist.xBuild);
  replay.box = { ...ff.nlist.boxAtBuild! };
  ff.potential.compute(replay, ff.nlist, { energyVirial: false }, createForceOutput());
}

/** The newest usable checkpoint of a member, or undefined (start afresh). */
function usableCheckpoint(member: Member, hash: string, path: (f: string) => string, warn: (m: string) => void): Checkpoint | undefined {
  const ck = readCheckpoint(member.dir, (m) => warn(`${member.name}: ${m}`))?.payload as Checkpoint | undefined;
  if (!ck) return undefined;
  if (ck.hash !== hash) throw new InputError(`${member.dir}: its checkpoint belongs to a different config; use another output directory or remove it`);
  const short = GROWING.find((f) => fileSize(path(f)) < (ck.files[f] ?? 0));
  if (short) {
    warn(`${member.name}: ${short} is shorter than its checkpoint recorded; starting the member again`);
    return undefined;
  }
  return ck;
}

/** Runs (or continues, or skips when finished) one member. */
export async function runMember(member: Member, hooks: MemberHooks = {}): Promise<MemberSummary> {
  const { dir } = member;
  mkdirSync(dir, { recursive: true });
  if (memberStatus(dir) === 'done') return readSummary(dir);
  const backend = await memberBackend(member, memberForceField(member));
  try {
    return runMemberOn(member, backend, hooks);
  } finally {
    backend.dispose();
  }
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

function runMemberOn(member: Member, backend: MemberBackend, hooks: MemberHooks): MemberSummary {
  const { dir, config: c } = member;
  const warn = hooks.warn ?? (() => {});
  const units = unitsByName(c.units);
  const hash = physicsHash(c);
  const ff = backend.ff;
  const stages = memberStages(c);
  const total = totalSteps(stages);
  const thermostat = makeThermostat(c, member.seed);
  const path = (f: string) => join(dir, f);

  const ck = usableCheckpoint(member, hash, path, warn);
  const run = ck ? resumeFrom(ck, member, ff, thermostat, path, warn) : startFresh(member, path);
  if (ck) hooks.info?.(`${member.name}: resuming from step ${ck.state.step} of ${total}`);
  const { state, rng } = run;
  run.manifest.backend_detail = backend.detail;
  writeFileAtomic(path(FILES.manifest), JSON.stringify(run.manifest, null, 2) + '\n');

  // MD stages, with checkpoints and progress.
  const thermoFd = openSync(path(FILES.thermo), 'a');
  const quenchFd = openSync(path(FILES.quench), 'a');
  const sessionStart = performance.now();
  const sessionStep = state.step;
  const wall = () => run.wallBefore + (performance.now() - sessionStart) / 1000;
  let lastCheckpoint = performance.now();
  let lastProgress = 0;
  const stageName = (pos: ProtocolPosition) => stages[pos.stage]?.name ?? 'done';
  const report = (phase: MemberProgress['phase'], stage: string, force = false) => {
    const t = performance.now();
    if (!hooks.progress || (!force && t - lastProgress < 500)) return;
    lastProgress = t;
    const rate = (state.step - sessionStep) / Math.max(1e-9, (t - sessionStart) / 1000);
    hooks.progress({ member: member.name, phase, stage, step: state.step, total, T: temperature(state, units), rate });
  };
  const checkpoint = (pos: ProtocolPosition, mdDone: boolean) => {
    fsyncSync(thermoFd);
    fsyncSync(quenchFd);
    syncFile(path(FILES.dump));
    const files = Object.fromEntries(GROWING.map((f) => [f, fileSize(path(f))]));
    const payload: Checkpoint = {
      member: member.name, hash, position: pos, mdDone, state: saveState(state), neighbor: saveNeighborList(ff.nlist),
      forces: saveForceOutput(ff.out), thermostat: thermostat.save(), rng: rng.save(), files, wall_s: wall(), written: now(),
    };
    writeCheckpoint(dir, payload);
    lastCheckpoint = performance.now();
  };
  const everyMs = c.checkpoint.every_s * 1000;
  const everySteps = c.checkpoint.every_steps;
  const snapshotEvery = c.sampling.snapshot_every;

  if (!ck?.mdDone) {
    report('md', stageName(ck?.position ?? { stage: 0, start: { step: 0, time: 0 } }), true);
    runStages(state, ff, thermostat, stages, {
      dt: c.dt,
      units,
      thermoEvery: c.sampling.thermo_every,
      zeroMomentumEvery: c.ensemble === 'langevin' ? 100 : 0,
      from: ck?.position,
      onThermo: (row, i, pos) => {
        const stage = stages[i];
        const target = stageTarget(stage, row.step - pos.start.step);
        const line = [row.step, row.time, stage.name, target, row.temperature, row.pressure, row.pe, row.ke, row.etotal, row.econserve, row.volume];
        writeSync(thermoFd, line.join(',') + '\n');
        if (stage.name === 'quench') writeSync(quenchFd, [row.step, target, row.temperature, row.pe, row.volume, row.pressure].join(',') + '\n');
      },
      onStep: snapshotEvery > 0
        ? (s) => {
            if (s.step % snapshotEvery === 0) appendDumpFrame(path(FILES.dump), s, ['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz']);
          }
        : undefined,
      afterStep: (s, pos) => {
        if ((everySteps > 0 && s.step % everySteps === 0) || performance.now() - lastCheckpoint >= everyMs) checkpoint(pos, false);
        if ((s.step & 63) === 0) report('md', stageName(pos));
      },
    });
    // MD is over: a rerun from here only analyses and minimizes.
    checkpoint({ stage: stages.length, start: { step: state.step, time: state.time } }, true);
  }
  closeSync(thermoFd);
  closeSync(quenchFd);

  report('minimize', 'minimize', true);
  const summary = finishMember(member, state, backend.exact, stages, warn);
  summary.wall_s = wall();
  summary.sessions = (run.manifest.sessions as unknown[]).length;
  writeFileAtomic(path(FILES.summary), JSON.stringify(summary, null, 2) + '\n');
  run.manifest.finished = now();
  run.manifest.wall_s = summary.wall_s;
  writeFileAtomic(path(FILES.manifest), JSON.stringify(run.manifest, null, 2) + '\n');
  rmSync(path(CHECKPOINT_FILE), { force: true });
  rmSync(path(PREVIOUS_CHECKPOINT_FILE), { force: true });
  report('done', 'done', true);
  return summary;
}

/** Writes the glass and its inherent structure; Tg from the quench; the member's summary (times left to the caller). */
function finishMember(member: Member, state: State, ff: ForceField, stages: Stage[], warn: (m: string) => void): MemberSummary {
  const c = member.config;
  const path = (f: string) => join(member.dir, f);
  const units = unitsByName(c.units);
  computeForces(state, ff, { energyVirial: true });
  const glassEnergy = ff.out.energy;
  const glassT = temperature(state, units);
  writeLammpsData(path(FILES.glassData), state, { title: `betascape glass, member ${member.name}, timestep = ${state.step}` });
  writeExtxyz(path(FILES.glassXyz), state, {
    units, elements: speciesElements(member.potential.species), comment: { member: member.name, rate: member.rate, seed: member.seed },
  });

  const is = cloneState(state);
  const min = minimize(is, ff, { method: c.minimize.method, ftol: c.minimize.ftol, fnorm: 'max', maxIterations: c.minimize.max_iterations, units });
  if (!min.converged) warn(`${member.name}: minimization stopped before max |F| < ${c.minimize.ftol} (${min.reason}, max |F| = ${min.maxForce.toExponential(2)})`);
  writeLammpsData(path(FILES.inherent), is, { title: `betascape inherent structure of member ${member.name}, E = ${min.energy}`, velocities: false });
  const tgFit = glassTransition(path(FILES.quench), c);

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

/** fsync of a file that may not exist yet. */
function syncFile(p: string): void {
  if (!existsSync(p)) return;
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function appendLine(p: string, text: string): void {
  const fd = openSync(p, 'a');
  writeSync(fd, text + '\n');
  closeSync(fd);
}

/**
 * Tg from a quench's cooling curve: E(T) under NVT (the volume is fixed), V(T) under NPT,
 * against the target temperature. The first five damping times of the ramp (thermostat, or
 * barostat when slower) are left out: the system lags behind the target there.
 */
export function fitQuenchTg(targetT: number[], y: number[], c: Config): GlassTransition | null {
  const rate = (c.quench.rates as number[])[0];
  const damp = Math.max(c.thermostat.damp ?? 100 * c.dt, c.ensemble === 'npt' ? c.barostat?.pdamp ?? 0 : 0);
  const skip = 5 * damp * rate;
  const keep = targetT.map((t) => Math.abs(t - c.quench.T_start) >= skip);
  const pick = (v: number[]) => v.filter((_, k) => keep[k]);
  return fitGlassTransition(pick(targetT), pick(y), { glass: c.tg.glass, liquid: c.tg.liquid });
}

/** Tg from the member's quench.csv. */
export function glassTransition(file: string, c: Config): (GlassTransition & { from: 'energy' | 'volume' }) | null {
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => /^\d/.test(l)).map((l) => l.split(',').map(Number));
  const from = c.ensemble === 'npt' ? 'volume' : 'energy';
  const fit = fitQuenchTg(rows.map((r) => r[1]), rows.map((r) => (from === 'energy' ? r[3] : r[4])), c);
  return fit ? { ...fit, from } : null;
}
