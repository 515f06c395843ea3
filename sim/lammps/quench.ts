/**
 * The MD of one sweep member run by LAMMPS (`engine: lammps`), into the same files the betascape
 * engine writes, so that the inherent structure, Tg, the summary and every later stage run
 * unchanged (analysis/sweep/member.ts):
 *
 *   lammps-start.data  betascape's own start (sample and Maxwell–Boltzmann velocities of the
 *                      member's seed: the composition rounded as betascape rounds it)
 *   lammps.in          the protocol (input.ts); log.lammps  LAMMPS's screen output, every session
 *   lammps-<step>.restart  the two newest restart files
 *   lammps-final.data  the final state (write_data); lammps.done  written by LAMMPS at the end
 *                      (these three are removed when the member is done: glass.data holds the state)
 *   thermo.csv, quench.csv  read back from the log (T_target from the step, as betascape's stages)
 *
 * The same seed gives the same start as the betascape engine, but the trajectories part ways
 * within a few time units (another summation order, chaos): the two engines agree in their
 * statistics, not their numbers. A killed run resumes from its newest complete restart file.
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { sortedById, type State } from '../state.js';
import { writeLammpsData, parseLammpsDataFile } from '../io/lammps-data.js';
import { writeFileAtomic } from '../io/checkpoint.js';
import { noiseSeed } from '../integrate/ensemble.js';
import type { PotentialSpec } from '../potentials/spec.js';
import { memberStages, stageTarget, totalSteps, type Stage } from '../protocols/stages.js';
import type { Member } from '../protocols/sweep.js';
import type { SweepConfig } from '../protocols/sweep-config.js';
import {
  FILES, finishMemberDir, initialSample, memberManifest, now, startMemberDir, writeManifest, writeMemberTableHeaders,
  type MemberHooks, type MemberProgress, type QuenchedMember,
} from '../protocols/quench-member.js';
import { VERSION } from '../protocols/manifest.js';
import { LAMMPS_FILES, lammpsPairLines, lammpsProtocolInput, onThermoGrid, stageStarts, THERMO_KEYWORDS, type LammpsProtocol, type LammpsStart } from './input.js';
import { mergedThermoRows, screenThermoValues, type ThermoRecord } from './read-log.js';
import { checkLammps, DEFAULT_LAMMPS, lammpsArgv, runLammpsProcess, shellLine, type LammpsSettings } from './run.js';
import { DEFAULT_RESTART_EVERY, newestRestart, pruneRestarts, removeRestarts, truncateDumpFrom } from './restart.js';

/** The columns of a member's dump frames (as the betascape engine writes them). */
const DUMP_COLUMNS = ['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz'];

/** A config's `lammps:` settings with their defaults. */
export function lammpsSettings(c: SweepConfig): LammpsSettings {
  return { ...DEFAULT_LAMMPS, ...c.lammps };
}

/** Before a sweep runs members on engine lammps: LAMMPS (and mpirun) are there, or one line says what to install. */
export function checkLammpsEngine(c: SweepConfig): void {
  if (c.engine === 'lammps') checkLammps(lammpsSettings(c));
}

/** The member's protocol for LAMMPS, with the potential `spec` (a Zhou table already written to its file). */
export function memberProtocol(member: Member, spec: PotentialSpec): LammpsProtocol {
  const c = member.config;
  const b = c.barostat;
  return {
    title: [`betascape ${VERSION}: sweep member ${member.name} (seed ${member.seed}, rate ${member.rate}) on engine lammps`, 'Written by betascape for this member directory; docs/sweeps.md'],
    units: c.units, pair: lammpsPairLines(spec), skin: c.skin, dt: c.dt, stages: memberStages(c),
    ensemble: c.ensemble, damp: c.thermostat.damp ?? 100 * c.dt, chain: c.thermostat.chain,
    barostat: c.ensemble === 'npt' && b ? { pressure: c.pressure!, pdamp: b.pdamp!, couple: b.couple, chain: b.chain } : undefined,
    noiseSeed: noiseSeed(member.seed), zeroMomentumEvery: c.ensemble === 'langevin' ? 100 : 0,
    thermoEvery: c.sampling.thermo_every, snapshotEvery: c.sampling.snapshot_every, dumpFile: FILES.dump, dumpColumns: DUMP_COLUMNS,
    restartEvery: c.checkpoint.every_steps > 0 ? c.checkpoint.every_steps : DEFAULT_RESTART_EVERY,
  };
}

/** The stage a thermo row at `step` belongs to: a stage's opening row is the previous stage's last. */
function stageAt(starts: number[], step: number): number {
  let k = 0;
  while (k + 1 < starts.length && step > starts[k + 1]) k++;
  return k;
}

/** thermo.csv and quench.csv from the merged thermo rows of the log. */
function writeTables(member: Member, stages: Stage[], rows: ThermoRecord[]): void {
  const path = (f: string) => join(member.dir, f);
  rmSync(path(FILES.thermo), { force: true });
  rmSync(path(FILES.quench), { force: true });
  writeMemberTableHeaders(member, path);
  const starts = stageStarts(stages);
  const n = member.config.n;
  const thermo: string[] = [], quench: string[] = [];
  for (const r of rows) {
    const k = stageAt(starts, r.Step);
    const target = stageTarget(stages[k], r.Step - starts[k]);
    // Energies per atom; LAMMPS's own time restarts at 0 after read_restart, the time step is constant.
    thermo.push([r.Step, r.Step * member.config.dt, stages[k].name, target, r.Temp, r.Press, r.PotEng / n, r.KinEng / n, r.TotEng / n, r.Econserve / n, r.Volume].join(','));
    if (stages[k].name === 'quench') quench.push([r.Step, target, r.Temp, r.PotEng / n, r.Volume, r.Press].join(','));
  }
  appendFileSync(path(FILES.thermo), thermo.map((l) => l + '\n').join(''));
  appendFileSync(path(FILES.quench), quench.map((l) => l + '\n').join(''));
}

/** The final state LAMMPS wrote, in id order with the species' names, at its step and time (step × dt, as betascape counts it). */
function finalState(member: Member): State {
  const file = join(member.dir, LAMMPS_FILES.final);
  const state = sortedById(parseLammpsDataFile(file, { typeNames: member.potential.species.map((s) => s.name) }));
  state.time = state.step * member.config.dt;
  return state;
}

/**
 * Runs (or resumes, or only reads back) the member's MD in LAMMPS and returns it as the betascape
 * engine does. `backendDetail` names what computes the forces after the MD (the minimization).
 */
export async function quenchWithLammps(member: Member, spec: PotentialSpec, backendDetail: string, hooks: MemberHooks = {}): Promise<QuenchedMember> {
  const { dir, config: c } = member;
  const path = (f: string) => join(dir, f);
  const settings = lammpsSettings(c);
  const version = checkLammps(settings);
  const stages = memberStages(c);
  const total = totalSteps(stages);
  const argv = lammpsArgv(settings, LAMMPS_FILES.input);
  const command = shellLine(argv);

  const finished = existsSync(path(LAMMPS_FILES.done));
  const restart = finished ? undefined : newestRestart(dir);
  const fresh = !finished && !restart;
  const manifest = fresh ? startMemberDir(member, [LAMMPS_FILES.final]) : readManifest(member);
  const sessions = manifest.sessions as Record<string, unknown>[];
  const wallBefore = sessions.reduce((s, x) => s + (typeof x.wall_s === 'number' ? x.wall_s : 0), 0);
  const session: Record<string, unknown> = { started: now(), resumed_at_step: fresh ? null : restart?.step ?? total, command };
  sessions.push(session);
  manifest.engine = 'lammps';
  manifest.lammps = { version, command, ranks: settings.mpi_ranks, cwd: dir };
  manifest.backend_detail = backendDetail;
  writeManifest(dir, manifest);

  const sessionStart = performance.now();
  const wall = () => wallBefore + (performance.now() - sessionStart) / 1000;
  let step = restart?.step ?? (finished ? total : 0), T = c.melt.T, lastProgress = 0;
  const starts = stageStarts(stages);
  const report = (phase: MemberProgress['phase'], stage: string, force = false) => {
    const t = performance.now();
    if (!hooks.progress || (!force && t - lastProgress < 500)) return;
    lastProgress = t;
    const rate = (step - (restart?.step ?? 0)) / Math.max(1e-9, (t - sessionStart) / 1000);
    hooks.progress({ member: member.name, phase, stage, step, total, T, rate });
  };

  if (!finished) {
    let start: LammpsStart;
    if (restart) {
      hooks.info?.(`${member.name}: resuming LAMMPS from step ${restart.step} of ${total} (${restart.file})`);
      truncateDumpFrom(path(FILES.dump), restart.step + 1);
      start = { restart: restart.file, step: restart.step };
    } else {
      writeLammpsData(path(LAMMPS_FILES.start), initialSample(member).state, { title: `betascape start of member ${member.name}, seed ${member.seed}` });
      start = { data: LAMMPS_FILES.start };
    }
    writeFileAtomic(path(LAMMPS_FILES.input), lammpsProtocolInput(memberProtocol(member, spec), start));
    report('md', stages[stageAt(starts, step)]?.name ?? 'md', true);
    try {
      await runLammpsProcess({
        dir, argv, settings, log: LAMMPS_FILES.log,
        onLine: (line) => {
          const v = screenThermoValues(line, THERMO_KEYWORDS.length);
          if (!v) return;
          step = v[0];
          T = v[1];
          report('md', stages[stageAt(starts, step)].name);
        },
        onTick: () => pruneRestarts(dir),
      });
    } finally {
      session.wall_s = wall() - wallBefore;
      writeManifest(dir, manifest);
    }
    pruneRestarts(dir);
    if (!existsSync(path(LAMMPS_FILES.done))) {
      throw new InputError(`${dir}: LAMMPS ended before the protocol did (no ${LAMMPS_FILES.done}); see ${LAMMPS_FILES.log} there`);
    }
  }

  const rows = mergedThermoRows(readFileSync(path(LAMMPS_FILES.log), 'utf8')).filter((r) => onThermoGrid({ stages, thermoEvery: c.sampling.thermo_every }, r.Step));
  writeTables(member, stages, rows);
  const state = finalState(member);
  step = state.step;
  return {
    state, stages, wall, sessions: sessions.length,
    report: (phase, stage) => report(phase, stage, true),
    finish(wallSeconds) {
      finishMemberDir(dir, manifest, wallSeconds, [LAMMPS_FILES.final, LAMMPS_FILES.done]);
      removeRestarts(dir);
      report('done', 'done', true);
    },
  };
}

/** The manifest of a member being resumed (a new one if it is gone). */
function readManifest(member: Member): Record<string, unknown> {
  const file = join(member.dir, FILES.manifest);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : memberManifest(member);
}
