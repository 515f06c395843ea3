/**
 * Running LAMMPS (the `lmp` executable) from tests, benchmarks and validation scripts, and
 * reading its log.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLammpsRuns } from '../../sim/lammps/read-log.js';

export { parseLammpsRuns, type LammpsRun } from '../../sim/lammps/read-log.js';

/** The LAMMPS executable: `lmp` on PATH unless LAMMPS_BIN names another. */
export const LMP = process.env.LAMMPS_BIN || 'lmp';

let available: boolean | undefined;

/** True when LAMMPS can be started (checked once: `lmp -h` must exit 0). */
export function lammpsAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync(LMP, ['-h'], { stdio: 'ignore', timeout: 30_000 });
    available = r.error === undefined && r.status === 0;
  }
  return available;
}

/**
 * For test files: true when LAMMPS is there; otherwise prints a SKIP line naming what is skipped,
 * so that the caller registers no test.
 */
export function requireLammps(what: string): boolean {
  if (lammpsAvailable()) return true;
  console.log(`SKIP (${LMP} not found): ${what}`);
  return false;
}

/**
 * The start of every input that reads a data file: units, atomic style, periodic box, the pair
 * style lines, a neighbour list checked every step with the given skin, and the time step.
 */
export function lammpsPreamble(o: { units?: 'lj' | 'metal'; data?: string; pair?: string; skin?: number; dt: number }): string {
  return `units ${o.units ?? 'lj'}
atom_style atomic
boundary p p p
read_data ${o.data ?? 'start.data'}
${o.pair ?? kaPairCoeffs()}
neighbor ${o.skin ?? 0.3} bin
neigh_modify every 1 delay 0 check yes
timestep ${o.dt}
`;
}

/** Last lines of a text, for error messages. */
function tail(text: string, lines = 30): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Writes dir/in.lmp and returns the command-line arguments that run it. */
function prepareRun(input: string, dir: string, vars: Record<string, string | number>, extraArgs: string[]): string[] {
  writeFileSync(join(dir, 'in.lmp'), input);
  const args = ['-in', 'in.lmp', '-log', 'log.lammps', '-screen', 'none', ...extraArgs];
  for (const [k, v] of Object.entries(vars)) args.push('-var', k, String(v));
  return args;
}

/** The log of a finished run; throws, with the end of the log, when LAMMPS failed. */
function finishRun(dir: string, failure: string | undefined, output: string): { log: string } {
  const logPath = join(dir, 'log.lammps');
  const log = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
  if (failure || /^ERROR/m.test(log)) {
    throw new Error(`LAMMPS failed in ${dir} (${failure ?? 'ERROR in the log'}):\n${tail(log)}\n${tail(output)}`);
  }
  return { log };
}

/**
 * Writes `input` to dir/in.lmp and runs `lmp -in in.lmp -log log.lammps -screen none -var k v ...`
 * in dir (plus extraArgs, e.g. ['-sf', 'opt']). Throws, with the end of the log, when LAMMPS fails.
 */
export function runLammps(
  input: string, dir: string, vars: Record<string, string | number> = {}, extraArgs: string[] = [],
): { log: string } {
  const r = spawnSync(LMP, prepareRun(input, dir, vars, extraArgs), { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  const failure = r.error ? r.error.message : r.status !== 0 ? `exit status ${r.status}` : undefined;
  return finishRun(dir, failure, `${r.stdout ?? ''}${r.stderr ?? ''}`);
}

/** As runLammps, but in the background: the promise settles when LAMMPS exits. */
export function runLammpsAsync(
  input: string, dir: string, vars: Record<string, string | number> = {}, extraArgs: string[] = [],
): Promise<{ log: string }> {
  const child = spawn(LMP, prepareRun(input, dir, vars, extraArgs), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b) => (output = (output + b).slice(-20000)));
  child.stderr.on('data', (b) => (output = (output + b).slice(-20000)));
  return new Promise((resolve, reject) => {
    child.on('error', (e) => reject(e));
    child.on('close', (code) => {
      try {
        resolve(finishRun(dir, code === 0 ? undefined : `exit status ${code}`, output));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/**
 * Kob–Andersen 80:20 pair style as LAMMPS input lines: lj/cut with the per-pair cut-offs
 * 2.5 sigma_ab (AA 2.5, AB 2.0, BB 2.2), energies shifted to zero at the cut-off.
 */
export function kaPairCoeffs(): string {
  return [
    'pair_style lj/cut 2.5',
    'pair_coeff 1 1 1.0 1.0 2.5',
    'pair_coeff 1 2 1.5 0.8 2.0',
    'pair_coeff 2 2 0.5 0.88 2.2',
    'pair_modify shift yes',
  ].join('\n');
}

/** Thermo columns of the last run in the log, by header name (e.g. `PotEng`, `Press`, `Pxy`). */
export function parseThermo(log: string): Record<string, number[]> {
  const runs = parseLammpsRuns(log);
  if (runs.length === 0) throw new Error(`no thermo table (a line starting with 'Step') in the LAMMPS log:\n${tail(log)}`);
  return runs[runs.length - 1].thermo;
}

/** Last value of a thermo column of the last run, with a clear error if the column is missing. */
export function lastThermo(log: string, column: string): number {
  const t = parseThermo(log);
  const col = t[column];
  if (!col || col.length === 0) throw new Error(`LAMMPS thermo has no column ${column} (has ${Object.keys(t).join(', ')})`);
  return col[col.length - 1];
}
