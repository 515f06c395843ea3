/**
 * Reading a LAMMPS log (or its screen output): the thermo table of every `run`, the rows of a
 * protocol run in several sessions merged into one series, and the ERROR line of a failed run.
 */

/** One `run` (or `minimize`) as logged: its thermo table and its summary lines. */
export interface LammpsRun {
  /** Thermo columns by their header names (Step, PotEng, KinEng, Press, Pxx, c_foo, ...). */
  thermo: Record<string, number[]>;
  /** Wall time of the loop (`Loop time of T on P procs for S steps with N atoms`), setup excluded. */
  loopSeconds?: number;
  steps?: number;
  atoms?: number;
  /** `Neighbor list builds = K` of this run. */
  neighborBuilds?: number;
}

const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(nan|inf)$/i;

/**
 * Every run of a log, in order. A thermo table starts at a line whose first word is `Step` and
 * holds the following all-numeric lines with as many columns (warnings in between are skipped);
 * the run's summary lines follow until the next table.
 */
export function parseLammpsRuns(log: string): LammpsRun[] {
  const runs: LammpsRun[] = [];
  let header: string[] | undefined;
  let run: LammpsRun | undefined;
  for (const line of log.split('\n')) {
    const tk = line.trim().split(/\s+/);
    if (tk[0] === 'Step') {
      header = tk;
      run = { thermo: Object.fromEntries(tk.map((h) => [h, [] as number[]])) };
      runs.push(run);
      continue;
    }
    if (!run) continue;
    if (header && tk.length === header.length && tk.every((t) => NUMBER_RE.test(t))) {
      tk.forEach((t, k) => run!.thermo[header![k]].push(Number(t)));
      continue;
    }
    const loop = /^Loop time of (\S+) on \d+ procs for (\d+) steps with (\d+) atoms/.exec(line);
    if (loop) {
      header = undefined; // the table is over
      run.loopSeconds = Number(loop[1]);
      run.steps = Number(loop[2]);
      run.atoms = Number(loop[3]);
    }
    const builds = /^Neighbor list builds = (\d+)/.exec(line);
    if (builds) run.neighborBuilds = Number(builds[1]);
  }
  return runs;
}

/** One thermo row: the value of each column by its header name. */
export type ThermoRecord = Record<string, number>;

/**
 * The thermo rows of every run in the log as one series in step order, for a protocol that ran
 * as consecutive `run`s, perhaps over several sessions appended to one log. A run's opening row
 * repeats the step of the previous run's last row: the earlier row is kept, as betascape's own
 * stages do. A row whose step is below the last one kept opens a session resumed from a restart
 * file: the rows the stopped session wrote after that step are dropped.
 */
export function mergedThermoRows(log: string): ThermoRecord[] {
  const rows: ThermoRecord[] = [];
  for (const run of parseLammpsRuns(log)) {
    const names = Object.keys(run.thermo);
    const steps = run.thermo.Step ?? [];
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k];
      while (rows.length > 0 && rows[rows.length - 1].Step > step) rows.pop();
      if (rows.length > 0 && rows[rows.length - 1].Step === step) continue;
      rows.push(Object.fromEntries(names.map((h) => [h, run.thermo[h][k]])));
    }
  }
  return rows;
}

/** The values of a thermo row of screen output with `columns` columns (its first a step number), or undefined for any other line. */
export function screenThermoValues(line: string, columns: number): number[] | undefined {
  const tk = line.trim().split(/\s+/);
  if (tk.length !== columns || !/^\d+$/.test(tk[0]) || !tk.every((t) => NUMBER_RE.test(t))) return undefined;
  return tk.map(Number);
}

/** The first ERROR line of LAMMPS output (`ERROR: ...`, `ERROR on proc 3: ...`), trimmed, or undefined. */
export function lammpsErrorLine(text: string): string | undefined {
  return /^ERROR.*$/m.exec(text)?.[0].trim();
}
