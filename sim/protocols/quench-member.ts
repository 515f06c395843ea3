/**
 * The MD of one sweep member in its own directory: build and melt a sample, cool it at the member's
 * rate (and anneal it), and write the glass. Checkpoints on the way; a member found with a
 * checkpoint continues from it and ends with the same numbers, to the bit, as one never
 * interrupted. What follows the MD (writing the glass, its inherent structure, Tg, the summary) is
 * the sweep workflow's (analysis/sweep/member.ts).
 *
 *   config.yaml       the member's resolved config (`betascape quench config.yaml` reruns it)
 *   manifest.json     version, git commit, seed, backend, units, start/end times, sessions
 *   *.zhou.eam.alloy  the generated potential, for `potential: { zhou: [...] }`
 *   thermo.csv        step,time,stage,T_target,T,P,PE,KE,etotal,econserve,volume (energies per atom, volume of the box)
 *   quench.csv        E(T) and V(T) during the cooling: step,T_target,T,PE,volume,P
 *   trajectory.dump   snapshots (sampling.snapshot_every > 0)
 *   glass.data/.xyz   the final glass (LAMMPS data with velocities; extended XYZ)
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BlowUpError, InputError } from '../errors.js';
import { finiteState, type State } from '../state.js';
import { unitsByName } from '../units.js';
import type { ForceField } from '../forces.js';
import { buildSample } from '../init.js';
import { createRng, type Rng, type RngState } from '../random.js';
import { initVelocities } from '../velocities.js';
import { createThermostat } from '../integrate/ensemble.js';
import type { Thermostat } from '../integrate/thermostat.js';
import { temperature } from '../thermo.js';
import { writeLammpsData } from '../io/lammps-data.js';
import { writeExtxyz } from '../io/extxyz.js';
import { appendDumpFrame } from '../io/lammps-dump.js';
import { writeCsvUnits } from '../io/csv-units.js';
import { speciesElements } from '../elements.js';
import { CHECKPOINT_FILE, PREVIOUS_CHECKPOINT_FILE, loadState, readCheckpoint, writeCheckpoint, writeFileAtomic } from '../io/checkpoint.js';
import { restoreDynamics, saveDynamics, type SavedDynamics } from './dynamics-checkpoint.js';
import { memberStages, stageTarget, totalSteps, type Stage } from './stages.js';
import { gcd, runStages, type ProtocolPosition } from './run.js';
import { configToYaml, type Member } from './sweep.js';
import type { SweepConfig } from './sweep-config.js';
import { physicsDifferences, physicsHash } from './physics-key.js';
import { newManifest, VERSION } from './manifest.js';
import { LAMMPS_FILES } from '../lammps/input.js';
import { newestRestart } from '../lammps/restart.js';

/** The files of a member directory (the last three written by the sweep workflow after the MD). */
export const FILES = {
  config: 'config.yaml', manifest: 'manifest.json', thermo: 'thermo.csv', quench: 'quench.csv', dump: 'trajectory.dump',
  glassData: 'glass.data', glassXyz: 'glass.xyz', inherent: 'inherent.data', summary: 'summary.json',
} as const;

const THERMO_HEADER = 'step,time,stage,T_target,T,P,PE,KE,etotal,econserve,volume';
const QUENCH_HEADER = 'step,T_target,T,PE,volume,P';
/** Header lines of thermo.csv and quench.csv, and their units.json sidecars. */
export function writeMemberTableHeaders(member: Member, path: (f: string) => string): void {
  const L = unitsByName(member.config.units).labels;
  const E = L.energy, V = `${L.length}^3`, units = member.config.units;
  appendLine(path(FILES.thermo), THERMO_HEADER);
  writeCsvUnits(path(FILES.thermo), {
    description: `betascape ${VERSION} member ${member.name}, ${member.potential.name}: one row per thermo output; PE, KE, etotal, econserve per atom; volume of the box`,
    units, columns: { step: '', time: L.time, stage: '', T_target: L.temperature, T: L.temperature, P: L.pressure, PE: E, KE: E, etotal: E, econserve: E, volume: V },
  });
  appendLine(path(FILES.quench), QUENCH_HEADER);
  writeCsvUnits(path(FILES.quench), {
    description: `E(T) and V(T) during the quench of member ${member.name} at rate ${member.rate} ${L.temperature}/${L.time}; PE per atom, volume of the box`,
    units, columns: { step: '', T_target: L.temperature, T: L.temperature, PE: E, volume: V, P: L.pressure },
  });
}

/** Files that grow during MD: a checkpoint records their sizes, a resume cuts them back to those. */
const GROWING = [FILES.thermo, FILES.quench, FILES.dump] as const;

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

/**
 * What a member directory holds: finished, interrupted (a checkpoint, or what the LAMMPS engine
 * resumes from: a restart file or its finished protocol), or nothing yet.
 */
export function memberStatus(dir: string): 'done' | 'resume' | 'new' {
  if (existsSync(join(dir, FILES.summary))) return 'done';
  if (existsSync(join(dir, CHECKPOINT_FILE)) || existsSync(join(dir, PREVIOUS_CHECKPOINT_FILE))) return 'resume';
  if (existsSync(join(dir, LAMMPS_FILES.done)) || newestRestart(dir) !== undefined) return 'resume';
  return 'new';
}

/**
 * Refuses to reuse a member directory that was run with a different config (its config.yaml is
 * compared key by key, output and checkpoint settings aside).
 */
export function checkMemberDir(member: Member, previous: SweepConfig | undefined): void {
  if (!previous) return;
  const diff = physicsDifferences(previous, member.config);
  if (diff.length > 0) {
    throw new InputError(`${member.dir}: was run with a different config (${diff.slice(0, 3).join(', ')} differ); use another output directory or remove it`);
  }
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

function memberThermostat(c: SweepConfig, seed: number): Thermostat {
  const b = c.barostat;
  return createThermostat({
    ensemble: c.ensemble, damp: c.thermostat.damp ?? 100 * c.dt, chain: c.thermostat.chain, seed,
    barostat: b && { pdamp: b.pdamp!, pchain: b.chain, pStart: c.pressure!, coupling: b.couple },
  });
}

interface Checkpoint extends SavedDynamics {
  member: string;
  hash: string;
  position: ProtocolPosition;
  /** True once every MD stage has run (what is left: analysis and minimization). */
  mdDone: boolean;
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

export const now = () => new Date().toISOString();

/** A new member manifest (the engine that runs its MD included). */
export function memberManifest(member: Member): Record<string, unknown> {
  const c = member.config;
  return newManifest({
    member: member.name, alloy: member.alloy, seed: member.seed, rate: member.rate, anneal: member.anneal, engine: c.engine ?? 'betascape', backend: c.backend, units: c.units,
  }, now());
}

/**
 * Starts a member's directory afresh: what an earlier attempt left of its outputs (and `stale`)
 * removed, its resolved config written; returns a new manifest.
 */
export function startMemberDir(member: Member, stale: string[] = []): Record<string, unknown> {
  const path = (f: string) => join(member.dir, f);
  for (const f of [...GROWING, FILES.glassData, FILES.glassXyz, FILES.inherent, ...stale]) rmSync(path(f), { force: true });
  writeFileAtomic(path(FILES.config), configToYaml(member.config, [
    `Resolved config of sweep member ${member.name} (every default filled in).`,
    `Rerun it on its own with: betascape quench ${path(FILES.config)}`,
  ]));
  return memberManifest(member);
}

/** Writes the manifest of a member's directory. */
export function writeManifest(dir: string, manifest: Record<string, unknown>): void {
  writeFileAtomic(join(dir, FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
}

/** Marks a member finished after `wallSeconds`: manifest end time and wall time; its checkpoints (and `leftovers`) removed. */
export function finishMemberDir(dir: string, manifest: Record<string, unknown>, wallSeconds: number, leftovers: string[] = []): void {
  manifest.finished = now();
  manifest.wall_s = wallSeconds;
  writeManifest(dir, manifest);
  for (const f of [CHECKPOINT_FILE, PREVIOUS_CHECKPOINT_FILE, ...leftovers]) rmSync(join(dir, f), { force: true });
}

/** Writes a new member's config and output headers and builds its sample. */
function startFresh(member: Member, path: (f: string) => string): Run {
  const manifest = startMemberDir(member);
  (manifest.sessions as unknown[]).push({ started: now(), resumed_at_step: null });
  const { state, rng } = initialSample(member);
  writeMemberTableHeaders(member, path);
  return { state, rng, manifest, wallBefore: 0 };
}

/** Restores state, thermostat, forces and neighbour list from a checkpoint; cuts the output files back to it. */
function resumeFrom(ck: Checkpoint, member: Member, ff: ForceField, thermostat: Thermostat, path: (f: string) => string, warn: (m: string) => void): Run {
  const state = restoreDynamics(ck, ff, thermostat, (m) => warn(`${member.name}: ${m}`));
  for (const f of GROWING) if (existsSync(path(f))) truncateSync(path(f), ck.files[f] ?? 0);
  const manifestPath = path(FILES.manifest);
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : memberManifest(member);
  (manifest.sessions as unknown[]).push({ started: now(), resumed_at_step: ck.state.step });
  return { state, rng: createRng(member.seed, ck.rng), manifest, wallBefore: ck.wall_s };
}

/**
 * The newest usable checkpoint of a member, or undefined (start afresh). A checkpoint of another
 * config (copied in) or with non-finite numbers (a run that blew up) gives way to the previous one.
 */
function usableCheckpoint(member: Member, hash: string, path: (f: string) => string, warn: (m: string) => void): Checkpoint | undefined {
  let foreign = false;
  const refuse = (p: unknown) => {
    const c = p as Checkpoint;
    if (c.hash !== hash) {
      foreign = true;
      return 'it belongs to a different config';
    }
    return finiteState(loadState(c.state)) ? undefined : 'it holds non-finite positions or velocities';
  };
  const ck = readCheckpoint(member.dir, (m) => warn(`${member.name}: ${m}`), refuse)?.payload as Checkpoint | undefined;
  if (!ck && foreign) throw new InputError(`${member.dir}: its checkpoint belongs to a different config; use another output directory or remove it`);
  if (!ck) return undefined;
  const short = GROWING.find((f) => fileSize(path(f)) < (ck.files[f] ?? 0));
  if (short) {
    warn(`${member.name}: ${short} is shorter than its checkpoint recorded; starting the member again`);
    return undefined;
  }
  return ck;
}

/** A member after its MD: the glass state, and what the sweep workflow needs to finish the member. */
export interface QuenchedMember {
  state: State;
  stages: Stage[];
  /** Wall seconds of every session so far. */
  wall(): number;
  sessions: number;
  /** Progress of the steps after the MD (phase minimize, done). */
  report(phase: MemberProgress['phase'], stage: string): void;
  /** Marks the member finished after `wallSeconds` (manifest end time, checkpoints removed); call once its summary is written. */
  finish(wallSeconds: number): void;
}

/**
 * Runs (or continues) the member's MD on `ff`. `backendDetail` goes into the
 * manifest (what really computed the forces).
 */
export function quenchMember(member: Member, ff: ForceField, backendDetail: string, hooks: MemberHooks = {}): QuenchedMember {
  const { dir, config: c } = member;
  const warn = hooks.warn ?? (() => {});
  const units = unitsByName(c.units);
  const hash = physicsHash(c);
  const stages = memberStages(c);
  const total = totalSteps(stages);
  const thermostat = memberThermostat(c, member.seed);
  const path = (f: string) => join(dir, f);

  const ck = usableCheckpoint(member, hash, path, warn);
  const run = ck ? resumeFrom(ck, member, ff, thermostat, path, warn) : startFresh(member, path);
  if (ck) hooks.info?.(`${member.name}: resuming from step ${ck.state.step} of ${total}`);
  const { state, rng } = run;
  run.manifest.backend_detail = backendDetail;
  writeManifest(dir, run.manifest);

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
    // Never a NaN checkpoint: the last good one stays for a rerun with a smaller time step.
    if (!finiteState(state)) throw new BlowUpError(`${member.name}: MD blew up before step ${state.step} (non-finite positions or velocities); the time step (dt ${c.dt}) is too large, or atoms overlap`);
    fsyncSync(thermoFd);
    fsyncSync(quenchFd);
    syncFile(path(FILES.dump));
    const files = Object.fromEntries(GROWING.map((f) => [f, fileSize(path(f))]));
    const payload: Checkpoint = {
      member: member.name, hash, position: pos, mdDone, ...saveDynamics(state, ff, thermostat), rng: rng.save(), files, wall_s: wall(), written: now(),
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
        report('md', stageName(pos));
      },
      // The threads backend keeps the state in its workers between these steps; thermo rows need
      // only its sums, and the checkpoint clock is read at every thermo step.
      hostEvery: gcd(gcd(snapshotEvery, everySteps), c.sampling.thermo_every),
    });
    // MD is over: a rerun from here only analyses and minimizes.
    checkpoint({ stage: stages.length, start: { step: state.step, time: state.time } }, true);
  }
  closeSync(thermoFd);
  closeSync(quenchFd);

  return {
    state, stages, wall, sessions: (run.manifest.sessions as unknown[]).length,
    report: (phase, stage) => report(phase, stage, true),
    finish(wallSeconds) {
      finishMemberDir(dir, run.manifest, wallSeconds);
      report('done', 'done', true);
    },
  };
}

/** Writes the member's glass: LAMMPS data with velocities, and extended XYZ. */
export function writeGlass(member: Member, state: State): void {
  const path = (f: string) => join(member.dir, f);
  writeLammpsData(path(FILES.glassData), state, { title: `betascape glass, member ${member.name}, timestep = ${state.step}` });
  writeExtxyz(path(FILES.glassXyz), state, {
    units: unitsByName(member.config.units), elements: speciesElements(member.potential.species), comment: { member: member.name, rate: member.rate, seed: member.seed },
  });
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
