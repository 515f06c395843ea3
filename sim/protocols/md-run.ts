/**
 * One molecular-dynamics run into a directory (`betascape md`): thermo.csv, written row by row so
 * that an interrupted run keeps what it computed; trajectory.dump frames; the final configuration
 * as final.data and final.xyz; and summary.json.
 *
 * Restart files: checkpoint.json (and checkpoint.prev.json) every so many wall seconds or steps,
 * with the dynamics of sweep members (./dynamics-checkpoint.ts). The same run started again in the
 * same directory continues from the newest one, bit for bit, and cuts thermo.csv and
 * trajectory.dump back to what they held then. The run yields to the event loop a few times a
 * second, so that a stop request (SIGINT, SIGTERM) ends it at the next step: checkpoint,
 * final.data and final.xyz are written, summary.json is not. A finished run removes its checkpoints.
 */
import { closeSync, existsSync, fsyncSync, openSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { lockRunDir } from '../io/run-lock.js';
import { join } from 'node:path';
import { writeLammpsData } from '../io/lammps-data.js';
import { writeExtxyz } from '../io/extxyz.js';
import { appendDumpFrame } from '../io/lammps-dump.js';
import { CHECKPOINT_FILE, PREVIOUS_CHECKPOINT_FILE, readCheckpoint, writeCheckpoint, loadState } from '../io/checkpoint.js';
import { speciesElements } from '../elements.js';
import { BlowUpError, InputError } from '../errors.js';
import { runMD, THERMO_COLUMNS, thermoColumnUnits, thermoRowValues, type RunOptions, type ThermoRow } from '../md.js';
import { writeCsvUnits } from '../io/csv-units.js';
import { computeForces, type ForceField } from '../forces.js';
import { pressureToGPa, type Units } from '../units.js';
import { finiteState, type State } from '../state.js';
import type { Thermostat } from '../integrate/thermostat.js';
import { restoreDynamics, saveDynamics, type SavedDynamics } from './dynamics-checkpoint.js';
import { VERSION } from './manifest.js';
import { gcd } from './run.js';

export interface MdRunOptions {
  out: string;
  /** The potential as the outputs name it. */
  potential: { name: string; description: string; skin: number; species: { name: string; element?: string }[] };
  /** The backend's one-line description. */
  backend: string;
  /** The command line, recorded in summary.json. */
  command: string;
  /** The run's settings in one string: a checkpoint written under another key is not continued. */
  key: string;
  ensemble: string;
  thermostat: Thermostat;
  seed: number;
  steps: number;
  dt: number;
  units: Units;
  /** Target temperature at the first and the last step (a linear ramp). */
  tStart: number;
  tStop: number;
  thermoEvery: number;
  /** Remove the centre-of-mass motion every this many steps (0: never). */
  zeroMomentumEvery: number;
  /** Append a frame to trajectory.dump every this many steps (0: none). */
  dumpEvery: number;
  /** Write a checkpoint every this many wall seconds and every this many steps (0: not by that measure). */
  checkpointSeconds: number;
  checkpointSteps: number;
  /**
   * Runs the MD in place of runMD(state, ff, ...) (the resident gpu path, sim/gpu-md); `ff` then
   * only starts the run (the box check, a checkpoint's neighbour list).
   */
  runner?: (state: State, opts: RunOptions) => ThermoRow;
  /** Polled a few times a second: a reason (a signal's name) ends the run early. */
  stopRequested?: () => string | undefined;
  /** Once the files are open, before the first step; `resumedAt` is the step the restart file `from` continues from. */
  onStart?: (resumedAt: number | undefined, from?: string) => void;
  /** Each thermo row, with the steps done so far. */
  onThermo?: (row: ThermoRow, done: number) => void;
  /** Problems the run survives (a corrupt checkpoint). */
  warn?: (message: string) => void;
}

interface MdCheckpoint extends SavedDynamics {
  key: string;
  /** Step and time at which the run began. */
  start: { step: number; time: number };
  /** Sizes of thermo.csv and trajectory.dump at the checkpoint. */
  files: Record<string, number>;
  wall_s: number;
  written: string;
}

const GROWING = ['thermo.csv', 'trajectory.dump'] as const;
/** Wall milliseconds between yields to the event loop (where stop requests arrive). */
const SLICE_MS = 200;

/** A finished run, or one stopped part-way: its steps done and what continues it (`resume`). */
export type MdOutcome =
  | { interrupted: string; step: number; resume: string }
  | { state: State; interrupted?: undefined; summary: MdSummary };

/**
 * Runs the MD into its directory, locked while it runs (sim/io/run-lock.ts), continuing its
 * checkpoint when there is one; otherwise starts from `fresh()`, refusing a box too small for the
 * cut-off before anything is written.
 */
export async function runMdToDirectory(fresh: () => State, ff: ForceField, o: MdRunOptions): Promise<MdOutcome> {
  const ck = usableCheckpoint(o);
  let state: State | undefined;
  if (!ck) {
    state = fresh();
    computeForces(state, ff);
  }
  const lock = lockRunDir(o.out, 'betascape md');
  try {
    if (ck) state = restoreDynamics(ck, ff, o.thermostat, (m) => o.warn?.(`${o.out}: ${m}`));
    return await runLocked(state!, ff, o, ck);
  } finally {
    lock.release();
  }
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** The newest good checkpoint of this run, or undefined; one of other settings is refused in one line. */
function usableCheckpoint(o: MdRunOptions): MdCheckpoint | undefined {
  if (!existsSync(o.out)) return undefined;
  let foreign = false;
  const refuse = (p: unknown) => {
    const c = p as MdCheckpoint;
    if (c.key !== o.key) {
      foreign = true;
      return 'it was written by an md run with other settings';
    }
    return finiteState(loadState(c.state)) ? undefined : 'it holds non-finite positions or velocities';
  };
  const warnings: string[] = [];
  const ck = readCheckpoint(o.out, (m) => warnings.push(m), refuse)?.payload as MdCheckpoint | undefined;
  if (!ck && foreign) throw new InputError(`${join(o.out, CHECKPOINT_FILE)}: written by an md run with other settings; rerun that command to continue it, or use another --out`);
  for (const w of warnings) o.warn?.(w);
  if (!ck) return undefined;
  const short = GROWING.find((f) => fileSize(join(o.out, f)) < (ck.files[f] ?? 0));
  if (short) {
    o.warn?.(`${o.out}: ${short} is shorter than its checkpoint recorded; starting the run again`);
    return undefined;
  }
  return ck;
}

async function runLocked(state: State, ff: ForceField, o: MdRunOptions, ck: MdCheckpoint | undefined): Promise<MdOutcome> {
  const { units } = o;
  const thermoPath = join(o.out, 'thermo.csv');
  const dumpFile = join(o.out, 'trajectory.dump');
  let thermo: number;
  if (ck) {
    for (const f of GROWING) if (existsSync(join(o.out, f))) truncateSync(join(o.out, f), ck.files[f] ?? 0);
    thermo = openSync(thermoPath, 'a');
  } else {
    rmSync(dumpFile, { force: true });
    thermo = openSync(thermoPath, 'w');
    writeSync(thermo, `${THERMO_COLUMNS.join(',')}\n`);
    writeCsvUnits(thermoPath, {
      description: `betascape md, ${o.potential.description}: one row per thermo output; energies per atom`,
      units: units.name, columns: thermoColumnUnits(units),
    });
  }
  const start = ck ? ck.start : { step: state.step, time: state.time };
  o.onStart?.(ck?.state.step, CHECKPOINT_FILE);
  const started = new Date();
  const t0 = performance.now();
  const sessionStep = state.step;
  const wall = () => (ck?.wall_s ?? 0) + (performance.now() - t0) / 1000;
  let lastCheckpoint = t0;
  const checkpoint = () => {
    // Never a NaN checkpoint: the last good one stays for a rerun with a smaller time step.
    if (!finiteState(state)) throw new BlowUpError(`md blew up before step ${state.step} (non-finite positions or velocities); the time step (dt ${o.dt}) is too large, or atoms overlap`);
    fsyncSync(thermo);
    const files = Object.fromEntries(GROWING.map((f) => [f, fileSize(join(o.out, f))]));
    const payload: MdCheckpoint = { key: o.key, start, ...saveDynamics(state, ff, o.thermostat), files, wall_s: wall(), written: new Date().toISOString() };
    writeCheckpoint(o.out, payload);
    lastCheckpoint = performance.now();
  };

  let final: ThermoRow | undefined;
  let stop: string | undefined;
  try {
    for (;;) {
      const slice = performance.now();
      const run = o.runner ?? ((s: State, opts: RunOptions) => runMD(s, ff, opts));
      const last = run(state, {
        steps: o.steps, dt: o.dt, units, thermostat: o.thermostat, tStart: o.tStart, tStop: o.tStop,
        thermoEvery: o.thermoEvery, zeroMomentumEvery: o.zeroMomentumEvery, protocolStart: start,
        onThermo: (row) => {
          writeSync(thermo, thermoRowValues(row).join(',') + '\n');
          final = row;
          o.onThermo?.(row, row.step - start.step);
        },
        onStep: o.dumpEvery > 0
          ? (s) => {
              if ((s.step - start.step) % o.dumpEvery === 0) appendDumpFrame(dumpFile, s, ['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz', 'vx', 'vy', 'vz']);
            }
          : undefined,
        hostEvery: gcd(o.dumpEvery, o.checkpointSteps),
        afterStep: (s) => {
          const k = s.step - start.step;
          if (k < o.steps && ((o.checkpointSteps > 0 && k % o.checkpointSteps === 0) || (o.checkpointSeconds > 0 && performance.now() - lastCheckpoint >= 1000 * o.checkpointSeconds))) checkpoint();
        },
        pause: () => performance.now() - slice >= SLICE_MS,
      });
      if (state.step - start.step >= o.steps) {
        final ??= last;
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
      stop = o.stopRequested?.();
      if (stop) {
        checkpoint();
        break;
      }
    }
  } finally {
    closeSync(thermo);
  }

  writeLammpsData(join(o.out, 'final.data'), state, { title: `betascape md final configuration, ${o.potential.description}, timestep = ${state.step}` });
  writeExtxyz(join(o.out, 'final.xyz'), state, { units, elements: speciesElements(o.potential.species) });
  if (stop) return { interrupted: stop, step: state.step - start.step, resume: `wrote ${o.out}/final.data and ${o.out}/checkpoint.json (the same command continues the run)` };
  const summary = writeMdSummary(state, o, { final: final!, started, seconds: wall(), resumed: state.step - sessionStep < o.steps, neighborBuilds: ff.nlist.builds });
  rmSync(join(o.out, CHECKPOINT_FILE), { force: true });
  rmSync(join(o.out, PREVIOUS_CHECKPOINT_FILE), { force: true });
  return { state, summary };
}

/** The settings summary.json records. */
export type MdSummarySettings = Pick<MdRunOptions, 'out' | 'command' | 'units' | 'potential' | 'backend' | 'ensemble' | 'seed' | 'steps' | 'dt'>;

/** How a run went: its last thermo row, start, wall time of every session, whether it was resumed, neighbour-list builds. */
export interface MdRunRecord {
  final: ThermoRow;
  started: Date;
  seconds: number;
  resumed: boolean;
  neighborBuilds: number;
}

export type MdSummary = ReturnType<typeof writeMdSummary>;

/** Writes summary.json; `engine` (the LAMMPS engine's record) follows the backend. */
export function writeMdSummary(state: State, o: MdSummarySettings, r: MdRunRecord, engine: Record<string, unknown> = {}) {
  const { units } = o;
  const { final, seconds } = r;
  const summary = {
    betascape: VERSION,
    command: o.command,
    units: units.name,
    unit_labels: units.labels,
    model: o.potential.name,
    potential: o.potential.description,
    backend: o.backend,
    ...engine,
    ensemble: o.ensemble,
    natoms: state.n,
    seed: o.seed,
    steps: o.steps,
    dt: o.dt,
    skin: o.potential.skin,
    started: r.started.toISOString(),
    wall_seconds: seconds,
    resumed: r.resumed,
    atom_steps_per_second: (state.n * o.steps) / seconds,
    neighbor_builds: r.neighborBuilds,
    final: {
      step: final.step,
      temperature: final.temperature,
      pressure: final.pressure,
      ...(units.gpaPerPressureUnit !== undefined ? { pressure_GPa: pressureToGPa(final.pressure, units) } : {}),
      pe_per_atom: final.pe,
      etotal_per_atom: final.etotal,
      volume: final.volume,
    },
  };
  writeFileSync(join(o.out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}
