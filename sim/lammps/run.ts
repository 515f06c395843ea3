/**
 * Starting LAMMPS for the LAMMPS engine: the command line (`lmp`, or `mpirun -np N lmp`), a check
 * that what it needs is installed (one line naming what is missing and how to install it), and a
 * run in a directory with its screen output streamed into the log there. A LAMMPS ERROR ends the
 * run as an InputError carrying that line and the log's path.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { lammpsErrorLine } from './read-log.js';

/** How LAMMPS is started (the sweep config's `lammps:` block, or `md`'s flags). */
export interface LammpsSettings {
  command: string;
  mpi_ranks: number;
  extra_args: string[];
  /** More arguments for mpirun (before `-np`), e.g. ['--allow-run-as-root'] in a container run as root. */
  mpirun_args?: string[];
  /** How messages name the command and the ranks (default: the config keys, SETTING_KEYS). */
  names?: SettingNames;
}

/** The names of the settings in messages, and how to ask for one rank. */
export interface SettingNames {
  command: string;
  ranks: string;
  oneRank: string;
  /** How to let Open MPI's mpirun run as root. */
  mpirunArgs: string;
}

export const SETTING_KEYS: SettingNames = {
  command: 'lammps.command', ranks: 'lammps.mpi_ranks', oneRank: 'set lammps.mpi_ranks: 1', mpirunArgs: "lammps.mpirun_args: ['--allow-run-as-root']",
};
export const SETTING_FLAGS: SettingNames = { command: '--lammps-command', ranks: '--mpi-ranks', oneRank: 'give --mpi-ranks 1', mpirunArgs: '--mpirun-args=--allow-run-as-root' };

export const DEFAULT_LAMMPS: LammpsSettings = { command: 'lmp', mpi_ranks: 1, extra_args: [] };

const MPIRUN = 'mpirun';

/** The argument vector that runs `input` (in the working directory); the log is the screen output. */
export function lammpsArgv(s: LammpsSettings, input: string): string[] {
  const lmp = [s.command, '-in', input, '-log', 'none', '-nocite', ...s.extra_args];
  return s.mpi_ranks > 1 ? [MPIRUN, ...(s.mpirun_args ?? []), '-np', String(s.mpi_ranks), ...lmp] : lmp;
}

/** Shell-quoted, for the manifest and messages. */
export function shellLine(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

const missingLammps = ({ command, names: k = SETTING_KEYS }: LammpsSettings) =>
  `${k.command}: '${command}' not found; install LAMMPS (Debian/Ubuntu: apt-get install lammps) or set ${k.command} to the LAMMPS executable`;
const missingMpirun = ({ mpi_ranks: ranks, names: k = SETTING_KEYS }: LammpsSettings) =>
  `${k.ranks}: ${ranks} ranks need ${MPIRUN}, which is not found; install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin) or ${k.oneRank}`;

const versions = new Map<string, string>();

/**
 * Checks that LAMMPS (and mpirun, for more than one rank) can be started; returns the LAMMPS
 * version (`29 Sep 2021 - Update 2`, from `lmp -h`). Throws a one-line InputError otherwise.
 */
export function checkLammps(s: LammpsSettings): string {
  if (s.mpi_ranks > 1) {
    const mpi = spawnSync(MPIRUN, ['--version'], { stdio: 'ignore', timeout: 30_000 });
    if ((mpi.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new InputError(missingMpirun(s));
  }
  const known = versions.get(s.command);
  if (known) return known;
  const r = spawnSync(s.command, ['-h'], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 << 20 });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  const key = (s.names ?? SETTING_KEYS).command;
  if (code === 'ENOENT' || code === 'EACCES') throw new InputError(missingLammps(s));
  if (r.error || r.status !== 0) {
    throw new InputError(`${key}: '${s.command} -h' failed (${r.error?.message ?? `exit status ${r.status}`}); is it LAMMPS?`);
  }
  const version = /Massively Parallel Simulator - (.+?)\s*$/m.exec(r.stdout)?.[1];
  if (!version) throw new InputError(`${key}: '${s.command} -h' does not print a LAMMPS version; is it LAMMPS?`);
  versions.set(s.command, version);
  return version;
}

export interface LammpsProcessOptions {
  dir: string;
  argv: string[];
  settings: LammpsSettings;
  /** The log in `dir` the screen output is appended to. */
  log: string;
  /** Each line of screen output (progress). */
  onLine?: (line: string) => void;
  /** About every `tickMs` while LAMMPS runs (pruning restart files). */
  onTick?: () => void;
  tickMs?: number;
  /** Polled a few times a second: a reason (a signal's name) ends LAMMPS (SIGTERM). */
  stopRequested?: () => string | undefined;
}

/**
 * Runs LAMMPS in `dir`, appending its screen output (and error output) to the log. Resolves when
 * it exits 0 (with undefined), or when a stop was requested (with its reason, however LAMMPS
 * ended); otherwise rejects with an InputError: `LOG: ERROR ...` when LAMMPS reported one, else
 * the exit status and the last line it wrote.
 */
export function runLammpsProcess(o: LammpsProcessOptions): Promise<string | undefined> {
  const logPath = join(o.dir, o.log);
  const fd = openSync(logPath, 'a');
  const env = { ...process.env, OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '1' };
  const child = spawn(o.argv[0], o.argv.slice(1), { cwd: o.dir, stdio: ['ignore', 'pipe', 'pipe'], env });
  let partial = '';
  let error: string | undefined;
  /** The first line of error output with words in it (mpirun's complaint, a loader's). */
  let complaint: string | undefined;
  const consume = (chunk: Buffer) => {
    writeSync(fd, chunk);
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      error ??= lammpsErrorLine(line);
      o.onLine?.(line);
    }
  };
  child.stdout.on('data', consume);
  child.stderr.on('data', (chunk: Buffer) => {
    complaint ??= chunk.toString('utf8').split('\n').find((l) => /[A-Za-z]{3}/.test(l))?.trim();
    consume(chunk);
  });
  const timer = o.onTick ? setInterval(o.onTick, o.tickMs ?? 5000) : undefined;
  const stopper = o.stopRequested
    ? setInterval(() => {
        if (o.stopRequested!() && child.exitCode === null) child.kill('SIGTERM');
      }, 200)
    : undefined;
  return new Promise((resolve, reject) => {
    let settled = false;
    const end = (e?: Error, stopped?: string) => {
      if (settled) return;
      settled = true;
      if (timer) clearInterval(timer);
      if (stopper) clearInterval(stopper);
      closeSync(fd);
      if (e) reject(e);
      else resolve(stopped);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      const missing = e.code === 'ENOENT' && (o.argv[0] === MPIRUN ? missingMpirun(o.settings) : missingLammps(o.settings));
      end(new InputError(missing || `${o.dir}: cannot start LAMMPS (${e.message})`));
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      if (partial) consume(Buffer.from('\n'));
      const stopped = o.stopRequested?.();
      if (stopped) return end(undefined, stopped);
      if (code === 0) return end();
      if (error) return end(new InputError(`${logPath}: ${error}`));
      const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
      const said = complaint ? ` (${complaint.slice(0, 200)})` : '';
      // Open MPI refuses to run as root unless told (containers often run as root).
      const asRoot = complaint && /as root/i.test(complaint) ? `; to run as root, give ${(o.settings.names ?? SETTING_KEYS).mpirunArgs}` : '';
      end(new InputError(`${o.dir}: LAMMPS ${how}${said}${asRoot}; see ${o.log} there (a rerun resumes from the newest restart file)`));
    });
  });
}
