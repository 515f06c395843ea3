/**
 * `betascape md --engine lammps`: the run of `betascape md` (sim/protocols/md-run.ts) in LAMMPS,
 * one stage of the LAMMPS engine's input (input.ts), into the files betascape's md writes:
 *
 *   lammps-start.data  the start: the data file or new sample with its velocities, as betascape
 *                      would begin (its step is the run's first: `reset_timestep`)
 *   lammps.in, log.lammps  the input and LAMMPS's screen output (every session appended)
 *   lammps-<step>.restart  the two newest restart files, until the run is done
 *   manifest.json      engine, LAMMPS version and command, the settings key, each session
 *   thermo.csv (+ thermo.units.json)  read back from the log: betascape's columns and units,
 *                      energies per atom, neighbor_builds counting the session's first build
 *   trajectory.dump    written by LAMMPS: betascape's columns and frame steps
 *   final.data, final.xyz  LAMMPS's final state (write_data) through betascape's writers
 *   summary.json       as betascape's md, with `engine` and `lammps`
 *
 * A run stopped part-way (a signal, a killed LAMMPS) leaves its restart files; the same command
 * resumes from the newest complete one, as the sweep engine does (quench.ts). The steps since
 * that file are run again: restart files come every `checkpointSteps` steps, not by wall time.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { sortedById, type State } from '../state.js';
import { isTriclinic } from '../box.js';
import { parseLammpsDataFile, writeLammpsData } from '../io/lammps-data.js';
import { writeExtxyz } from '../io/extxyz.js';
import { writeCsvUnits } from '../io/csv-units.js';
import { writeFileAtomic, CHECKPOINT_FILE } from '../io/checkpoint.js';
import { lockRunDir } from '../io/run-lock.js';
import { speciesElements } from '../elements.js';
import { noiseSeed, type EnsembleSettings } from '../integrate/ensemble.js';
import { THERMO_COLUMNS, thermoColumnUnits, thermoRowValues, type ThermoRow } from '../md.js';
import type { PotentialSpec } from '../potentials/spec.js';
import { writeMdSummary, type MdOutcome, type MdRunOptions } from '../protocols/md-run.js';
import { VERSION } from '../protocols/manifest.js';
import { LAMMPS_FILES, lammpsPairLines, lammpsProtocolInput, onThermoGrid, THERMO_HEADERS, THERMO_KEYWORDS, type LammpsProtocol, type LammpsStart } from './input.js';
import { mergedThermoRows, screenThermoValues } from './read-log.js';
import { checkLammps, lammpsArgv, runLammpsProcess, SETTING_FLAGS, shellLine, type LammpsSettings } from './run.js';
import { DEFAULT_RESTART_EVERY, newestRestart, pruneRestarts, removeRestarts, truncateDumpFrom } from './restart.js';

export interface LammpsMdOptions extends Omit<MdRunOptions, 'thermostat' | 'backend' | 'runner' | 'checkpointSeconds'> {
  spec: PotentialSpec;
  /** The thermostat and barostat settings (createThermostat's), `ensemble` among them. */
  settings: EnsembleSettings;
  /** How LAMMPS is started (md's flags; messages name them). */
  lammps: Omit<LammpsSettings, 'names'>;
}

const FILES = { manifest: 'manifest.json', thermo: 'thermo.csv', dump: 'trajectory.dump', final: 'final.data', xyz: 'final.xyz', summary: 'summary.json' } as const;
/** betascape md's dump columns. */
const DUMP_COLUMNS = ['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz', 'vx', 'vy', 'vz'];

interface Session {
  started: string;
  resumed_at_step: number | null;
  command: string;
  wall_s?: number;
}

/** manifest.json: what a rerun needs to resume the run (its key, first step and time, atoms) and the record of its sessions. */
interface MdManifest {
  betascape: string;
  engine: 'lammps';
  key: string;
  natoms: number;
  begin: { step: number; time: number };
  steps: number;
  lammps: { version: string; command: string; ranks: number };
  sessions: Session[];
}

/** The run as one LAMMPS stage from `begin`. */
export function mdProtocol(o: LammpsMdOptions, begin: number): LammpsProtocol {
  const s = o.settings;
  const b = s.barostat;
  return {
    title: [`betascape ${VERSION}: md (${s.ensemble}, ${o.potential.description}) on engine lammps`, 'Written by betascape for this run directory; README, "The command line"'],
    units: o.units.name, pair: lammpsPairLines(o.spec), skin: o.potential.skin, dt: o.dt,
    stages: [{ name: 'md', steps: o.steps, tStart: o.tStart, tStop: o.tStop }], firstStep: begin,
    ensemble: s.ensemble, damp: s.damp, chain: s.chain ?? 3,
    barostat: s.ensemble === 'npt' && b ? { pressure: b.pStart, pressureStop: b.pStop, pdamp: b.pdamp, couple: b.coupling ?? 'iso', chain: b.pchain ?? 3 } : undefined,
    noiseSeed: noiseSeed(s.seed ?? 0), zeroMomentumEvery: o.zeroMomentumEvery,
    thermoEvery: o.thermoEvery, snapshotEvery: o.dumpEvery, dumpFile: FILES.dump, dumpColumns: DUMP_COLUMNS,
    restartEvery: o.checkpointSteps > 0 ? o.checkpointSteps : DEFAULT_RESTART_EVERY,
  };
}

/** A thermo row of the log (the values of THERMO_KEYWORDS) as betascape's, energies per atom. */
function thermoRow(v: number[], m: Pick<MdManifest, 'natoms' | 'begin'>, dt: number): ThermoRow {
  const [step, T, P, pe, ke, etotal, econserve, volume, ...rest] = v;
  const n = m.natoms;
  return {
    step, time: m.begin.time + (step - m.begin.step) * dt, temperature: T, pressure: P,
    pe: pe / n, ke: ke / n, etotal: etotal / n, econserve: econserve / n, volume,
    pressureTensor: rest.slice(0, 6), neighborBuilds: rest[6] + 1,
  };
}

/**
 * The manifest of a run this command resumes (a restart file, or LAMMPS done but not read back),
 * or undefined for a new run. A run of other settings to be resumed, or a betascape-engine
 * checkpoint, is refused in one line.
 */
function resumable(o: LammpsMdOptions): MdManifest | undefined {
  const checkpoint = join(o.out, CHECKPOINT_FILE);
  if (existsSync(checkpoint)) throw new InputError(`${checkpoint}: written by an md run on the betascape engine; rerun that command to continue it, or use another --out`);
  const file = join(o.out, FILES.manifest);
  if (!existsSync(file)) return undefined;
  let m: MdManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (m.engine !== 'lammps' || (!newestRestart(o.out) && !existsSync(join(o.out, LAMMPS_FILES.done)))) return undefined;
  if (m.key !== o.key) throw new InputError(`${file}: written by an md run with other settings; rerun that command to continue it, or use another --out`);
  return m;
}

/**
 * Runs the md in LAMMPS into its directory, locked while it runs, resuming a stopped run of the
 * same settings from its newest restart file; otherwise starts from `fresh()`. LAMMPS (and
 * mpirun) are checked before anything is written.
 */
export async function runMdWithLammps(fresh: () => State, options: LammpsMdOptions): Promise<MdOutcome> {
  const o = { ...options, lammps: { ...options.lammps, names: SETTING_FLAGS } };
  const version = checkLammps(o.lammps);
  const prior = resumable(o);
  const start = prior ? undefined : fresh();
  // As betascape's barostat (nose-hoover-npt.ts), where LAMMPS could make the box triclinic itself.
  if (start && o.settings.ensemble === 'npt' && o.settings.barostat?.coupling === 'tri' && !isTriclinic(start.box)) {
    throw new InputError('npt tri needs a triclinic box (tilt factors in the data file), as LAMMPS');
  }
  const lock = lockRunDir(o.out, 'betascape md');
  try {
    return await runLocked(o, version, prior, start);
  } finally {
    lock.release();
  }
}

async function runLocked(o: LammpsMdOptions, version: string, prior: MdManifest | undefined, start: State | undefined): Promise<MdOutcome> {
  const path = (f: string) => join(o.out, f);
  const argv = lammpsArgv(o.lammps, LAMMPS_FILES.input);
  const command = shellLine(argv);
  if (start) {
    // A new run: nothing of an earlier one in this directory stays to be mistaken for this one's.
    for (const f of [LAMMPS_FILES.log, LAMMPS_FILES.done, LAMMPS_FILES.final, FILES.dump, FILES.summary]) rmSync(path(f), { force: true });
    removeRestarts(o.out);
    writeLammpsData(path(LAMMPS_FILES.start), start, { title: `betascape md start (seed ${o.seed}), timestep = ${start.step}` });
  }
  // How LAMMPS is started may change from session to session (the manifest keeps the latest).
  const lammps = { version, command, ranks: o.lammps.mpi_ranks };
  const m: MdManifest = prior
    ? { ...prior, lammps }
    : { betascape: VERSION, engine: 'lammps', key: o.key, natoms: start!.n, begin: { step: start!.step, time: start!.time }, steps: o.steps, lammps, sessions: [] };
  const end = m.begin.step + o.steps;
  const protocol = mdProtocol(o, m.begin.step);
  const finished = existsSync(path(LAMMPS_FILES.done));
  const restart = finished ? undefined : newestRestart(o.out);
  const session: Session = { started: new Date().toISOString(), resumed_at_step: prior ? restart?.step ?? end : null, command };
  m.sessions.push(session);
  const writeManifest = () => writeFileAtomic(path(FILES.manifest), JSON.stringify(m, null, 2) + '\n');
  writeManifest();

  const started = new Date();
  const t0 = performance.now();
  let last: ThermoRow | undefined;
  if (!finished) {
    let from: LammpsStart = { data: LAMMPS_FILES.start };
    if (restart) {
      truncateDumpFrom(path(FILES.dump), restart.step + 1);
      from = { restart: restart.file, step: restart.step };
    }
    writeFileAtomic(path(LAMMPS_FILES.input), lammpsProtocolInput(protocol, from));
    o.onStart?.(restart?.step, restart?.file);
    let stopped: string | undefined;
    try {
      stopped = await runLammpsProcess({
        dir: o.out, argv, settings: o.lammps, log: LAMMPS_FILES.log, stopRequested: o.stopRequested,
        onLine: (line) => {
          const v = screenThermoValues(line, THERMO_KEYWORDS.length);
          if (!v || !onThermoGrid(protocol, v[0])) return;
          last = thermoRow(v, m, o.dt);
          o.onThermo?.(last, last.step - m.begin.step);
        },
        onTick: () => pruneRestarts(o.out),
      });
    } finally {
      session.wall_s = (performance.now() - t0) / 1000;
      writeManifest();
    }
    pruneRestarts(o.out);
    if (!existsSync(path(LAMMPS_FILES.done))) {
      if (stopped === undefined) throw new InputError(`${o.out}: LAMMPS ended before the run did (no ${LAMMPS_FILES.done}); see ${LAMMPS_FILES.log} there`);
      writeThermo(o, readThermo(o, m, protocol));
      const newest = newestRestart(o.out);
      const resume = newest
        ? `the same command resumes it from ${o.out}/${newest.file} (step ${newest.step})`
        : 'no restart file was written yet: the same command starts it again';
      return { interrupted: stopped, step: (last?.step ?? m.begin.step) - m.begin.step, resume };
    }
  }

  const rows = readThermo(o, m, protocol);
  writeThermo(o, rows);
  const state = sortedById(parseLammpsDataFile(path(LAMMPS_FILES.final), { typeNames: o.potential.species.map((s) => s.name) }));
  state.time = m.begin.time + (state.step - m.begin.step) * o.dt;
  writeLammpsData(path(FILES.final), state, { title: `betascape md final configuration, ${o.potential.description}, timestep = ${state.step}` });
  writeExtxyz(path(FILES.xyz), state, { units: o.units, elements: speciesElements(o.potential.species) });
  const final = rows[rows.length - 1];
  const seconds = m.sessions.reduce((s, x) => s + (x.wall_s ?? 0), 0);
  const summary = writeMdSummary(
    state,
    { ...o, ensemble: o.settings.ensemble, backend: `LAMMPS ${version}, ${o.lammps.mpi_ranks} MPI rank${o.lammps.mpi_ranks > 1 ? 's' : ''}` },
    { final, started, seconds, resumed: m.sessions.length > 1, neighborBuilds: final.neighborBuilds },
    { engine: 'lammps', lammps: m.lammps },
  );
  removeRestarts(o.out);
  for (const f of [LAMMPS_FILES.final, LAMMPS_FILES.done]) rmSync(path(f), { force: true });
  return { state, summary };
}

/** The thermo rows of every session in the log, as betascape's. */
function readThermo(o: LammpsMdOptions, m: MdManifest, protocol: LammpsProtocol): ThermoRow[] {
  return mergedThermoRows(readFileSync(join(o.out, LAMMPS_FILES.log), 'utf8'))
    .filter((r) => onThermoGrid(protocol, r.Step))
    .map((r) => thermoRow(THERMO_HEADERS.map((h) => r[h]), m, o.dt));
}

/** thermo.csv and its units sidecar, as betascape's md writes them. */
function writeThermo(o: LammpsMdOptions, rows: ThermoRow[]): void {
  const file = join(o.out, FILES.thermo);
  writeFileSync(file, [THERMO_COLUMNS.join(','), ...rows.map((r) => thermoRowValues(r).join(','))].join('\n') + '\n');
  writeCsvUnits(file, {
    description: `betascape md, ${o.potential.description}: one row per thermo output; energies per atom`,
    units: o.units.name, columns: thermoColumnUnits(o.units),
  });
}
