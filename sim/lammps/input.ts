/**
 * A quench protocol (melt → hold → linear cooling → anneal, sim/protocols/stages.ts) as a LAMMPS
 * input script, for the LAMMPS engine of sweep members (docs/sweeps.md):
 *
 *   - the pair style of the potential spec: `lj/cut` with every species pair's ε, σ and cut-off
 *     and `pair_modify shift yes` where the model shifts (betascape's LJ convention, lj-pair.ts),
 *     or `eam/alloy` / `eam/fs` with the spec's file and elements;
 *   - the neighbour list as betascape builds it (skin, rebuilt when an atom moved half the skin);
 *   - one `fix nvt`, `fix npt`, `fix nve`, or `fix nve` + `fix langevin` per stage, with the
 *     run's damping times and chain lengths, and `run N start B stop E`, so that the target
 *     temperature ramps over the stage's own steps (T(step) = T0 + (step − B)/(E − B) (T1 − T0),
 *     as stageTarget);
 *   - between stages `write_restart`, `clear`, `read_restart`: the new stage's fix (same ID and
 *     style) takes the Nosé–Hoover chain and barostat variables over from the restart file, as
 *     betascape's one thermostat carries them from stage to stage (a fix merely redefined would
 *     start them at zero, which leaves a short protocol measurably hotter or colder);
 *   - thermo rows (totals) every thermo_every steps, dump frames, restart files every
 *     restart_every steps, and the final state by `write_data`. Thermo rows and dump frames count
 *     from the protocol's first step, as betascape's do: a protocol that begins at a step that is
 *     not a multiple of their interval (`betascape md` from a data file at step 4010) takes them at
 *     `stride()` steps.
 *
 * A session resumed from a restart file runs what is left of the stage it stopped in (the same
 * `start`/`stop`, so the ramp continues where it was) and the stages after it.
 */
import { InputError } from '../errors.js';
import { formatNumber } from '../io/lammps-data.js';
import { eamStyleFromFileName } from '../io/eam-file.js';
import type { PotentialSpec } from '../potentials/spec.js';
import type { LJModel } from '../potentials/lj-model.js';
import type { UnitsName } from '../units.js';
import type { Stage } from '../protocols/stages.js';

/** The files of a LAMMPS run in a member's directory (trajectory.dump aside). */
export const LAMMPS_FILES = {
  input: 'lammps.in',
  start: 'lammps-start.data',
  log: 'log.lammps',
  final: 'lammps-final.data',
  /** Written by LAMMPS after the final state: the protocol is complete. */
  done: 'lammps.done',
} as const;

/** Restart files carry their step in the name (LAMMPS replaces the `*`). */
export const RESTART_PATTERN = 'lammps-*.restart';
const restartAt = (step: number) => RESTART_PATTERN.replace('*', String(step));

export interface LammpsProtocol {
  /** Comment lines at the top of the script. */
  title: string[];
  units: UnitsName;
  /** pair_style / pair_coeff lines (lammpsPairLines). */
  pair: string[];
  skin: number;
  dt: number;
  /** Quench stages, or one stage of `betascape md`. */
  stages: (Omit<Stage, 'name'> & { name: string })[];
  /** The step the first stage begins at (default 0): the start data file's step. */
  firstStep?: number;
  ensemble: 'nve' | 'nvt' | 'npt' | 'langevin';
  /** Thermostat damping time and Nosé–Hoover chain length. */
  damp: number;
  chain: number;
  /** The target pressure ramps from `pressure` to `pressureStop` (default: constant) over each stage. */
  barostat?: { pressure: number; pressureStop?: number; pdamp: number; couple: 'iso' | 'aniso' | 'tri'; chain: number };
  /** Base of the Langevin seeds (each stage and session draws its own stream from it). */
  noiseSeed: number;
  /** Remove the centre-of-mass motion every this many steps (0 = never; LAMMPS counts them from step 0). */
  zeroMomentumEvery: number;
  thermoEvery: number;
  /** A dump frame every this many steps into `dumpFile` (0 = none), with these columns. */
  snapshotEvery: number;
  dumpFile: string;
  dumpColumns: string[];
  restartEvery: number;
}

/** Where a session starts: the start data file, or a restart file written at `step`. */
export type LammpsStart = { data: string } | { restart: string; step: number };

/** The thermo columns of every engine run (thermo_style custom) and their names in the log's header. */
export const THERMO_KEYWORDS = ['step', 'temp', 'press', 'pe', 'ke', 'etotal', 'econserve', 'vol', 'pxx', 'pyy', 'pzz', 'pxy', 'pxz', 'pyz', 'nbuild'] as const;
export const THERMO_HEADERS = ['Step', 'Temp', 'Press', 'PotEng', 'KinEng', 'TotEng', 'Econserve', 'Volume', 'Pxx', 'Pyy', 'Pzz', 'Pxy', 'Pxz', 'Pyz', 'Nbuild'] as const;

/** A file name as one LAMMPS argument (quoted where it has spaces). */
function lammpsWord(word: string, what: string): string {
  if (/["$'\n]/.test(word)) throw new InputError(`${what} '${word}' has a character LAMMPS input cannot carry (" ' $ or a newline); rename it`);
  return /^[A-Za-z0-9_./+:@%=,-]+$/.test(word) ? word : `"${word}"`;
}

/** The pair style of a spec as LAMMPS input lines (a new kind of spec needs its case here). */
export function lammpsPairLines(spec: PotentialSpec): string[] {
  switch (spec.kind) {
    case 'eam':
      return [`pair_style ${spec.style ?? eamStyleFromFileName(spec.file) ?? 'eam/alloy'}`, `pair_coeff * * ${lammpsWord(spec.file, 'the potential file')} ${spec.elements.join(' ')}`];
    case 'lj':
      return ljPairLines(spec.model);
  }
}

/** lj/cut with every species pair's ε, σ and cut-off; shifted to zero at the cut-off where the model is. */
function ljPairLines(model: LJModel): string[] {
  const f = formatNumber;
  const { pairs, shift } = model;
  const lines: string[] = [];
  let longest = 0;
  for (let i = 0; i < pairs.length; i++) {
    for (let j = i; j < pairs.length; j++) {
      const p = pairs[i][j];
      longest = Math.max(longest, p.cutoff);
      lines.push(`pair_coeff ${i + 1} ${j + 1} ${f(p.epsilon)} ${f(p.sigma)} ${f(p.cutoff)}`);
    }
  }
  return [`pair_style lj/cut ${f(longest)}`, ...lines, ...(shift ? ['pair_modify shift yes'] : [])];
}

/** First step of each stage (stage k runs from starts[k] to starts[k] + steps). */
export function stageStarts(stages: LammpsProtocol['stages'], first = 0): number[] {
  const starts: number[] = [];
  let step = first;
  for (const s of stages) {
    starts.push(step);
    step += s.steps;
  }
  return starts;
}

/**
 * Whether betascape writes a thermo row at `step`: at each stage's first and last step, and every
 * thermoEvery steps from the first. LAMMPS also prints one where a session resumed from a
 * restart file off that grid; it is left out.
 */
export function onThermoGrid(p: Pick<LammpsProtocol, 'stages' | 'firstStep' | 'thermoEvery'>, step: number): boolean {
  const first = p.firstStep ?? 0;
  const starts = stageStarts(p.stages, first);
  const end = starts[starts.length - 1] + p.stages[p.stages.length - 1].steps;
  return starts.includes(step) || step === end || (p.thermoEvery > 0 && (step - first) % p.thermoEvery === 0);
}

/** A Langevin seed for a stage begun (or resumed) at `from`: LAMMPS wants 1 ≤ seed ≤ 9e8. */
function langevinSeed(base: number, stage: number, from: number): number {
  return 1 + ((base + 7919 * stage + from) % 899_999_999);
}

/** The fix lines that drive one stage (fix md: the integrator with its thermostat and barostat). */
function stageFixes(p: LammpsProtocol, s: LammpsProtocol['stages'][number], k: number, from: number): string[] {
  const f = formatNumber;
  const temp = `${f(s.tStart)} ${f(s.tStop)} ${f(p.damp)}`;
  if (p.ensemble === 'nve') return ['fix md all nve'];
  if (p.ensemble === 'langevin') return ['fix md all nve', `fix noise all langevin ${temp} ${langevinSeed(p.noiseSeed, k, from)}`];
  if (p.ensemble === 'npt') {
    const b = p.barostat!;
    return [`fix md all npt temp ${temp} ${b.couple} ${f(b.pressure)} ${f(b.pressureStop ?? b.pressure)} ${f(b.pdamp)} tchain ${p.chain} pchain ${b.chain}`];
  }
  return [`fix md all nvt temp ${temp} tchain ${p.chain}`];
}

/**
 * What a restart file does not carry: the pair style, neighbour list, time step, thermo, dump and
 * restart settings. Dump frames start after `step` (the frame of that step is the start, which
 * betascape does not dump, or was written by the stage or session before).
 */
function settings(p: LammpsProtocol, step: number): string[] {
  const f = formatNumber;
  const first = p.firstStep ?? 0;
  const end = first + p.stages.reduce((n, s) => n + s.steps, 0);
  /** Every `every` steps from the first: `every` itself, or a stride() variable where the first step is not a multiple of it. */
  const interval = (name: string, every: number) => {
    if (every === 0 || first % every === 0) return { lines: [], every: String(every) };
    return { lines: [`variable ${name} equal stride(${first},${end + every},${every})`], every: `v_${name}` };
  };
  const thermo = interval('thermo_at', p.thermoEvery);
  const lines = [
    ...p.pair,
    `neighbor ${f(p.skin)} bin`,
    'neigh_modify every 1 delay 0 check yes',
    `timestep ${f(p.dt)}`,
    `thermo_style custom ${THERMO_KEYWORDS.join(' ')}`,
    // Totals: LAMMPS 29 Sep 2021 leaves ecouple unnormalized inside econserve under `norm yes`.
    'thermo_modify norm no flush yes format float %.17g',
    ...thermo.lines,
    `thermo ${thermo.every}`,
  ];
  if (p.zeroMomentumEvery > 0) lines.push(`fix zero all momentum ${p.zeroMomentumEvery} linear 1 1 1`);
  if (p.snapshotEvery > 0) {
    const dump = interval('dump_at', p.snapshotEvery);
    lines.push(
      ...dump.lines,
      `dump traj all custom ${p.snapshotEvery} ${lammpsWord(p.dumpFile, 'the dump file')} ${p.dumpColumns.join(' ')}`,
      `dump_modify traj sort id append yes format float %.17g delay ${step + 1}${dump.lines.length ? ` every ${dump.every}` : ''}`,
    );
  }
  lines.push(`restart ${p.restartEvery} ${RESTART_PATTERN}`);
  return lines;
}

/** The LAMMPS input of a session that starts at `start` and runs the rest of the protocol. */
export function lammpsProtocolInput(p: LammpsProtocol, start: LammpsStart): string {
  const f = formatNumber;
  const first = p.firstStep ?? 0;
  const from = 'restart' in start ? start.step : first;
  const lines = p.title.map((t) => `# ${t}`);
  if ('restart' in start) {
    lines.push(`read_restart ${lammpsWord(start.restart, 'the restart file')}`);
  } else {
    lines.push(`units ${p.units}`, 'atom_style atomic', 'boundary p p p', `read_data ${lammpsWord(start.data, 'the data file')}`);
    if (first > 0) lines.push(`reset_timestep ${first}`);
    if (p.barostat?.couple === 'tri') lines.push('change_box all triclinic');
  }
  lines.push(...settings(p, from));
  const starts = stageStarts(p.stages, first);
  let opening = true;
  p.stages.forEach((s, k) => {
    const begin = starts[k], end = begin + s.steps;
    if (end <= from) return;
    if (!opening) {
      // The thermostat and barostat variables of the stage before, into this stage's fix md.
      lines.push(`write_restart ${restartAt(begin)}`, 'clear', `read_restart ${restartAt(begin)}`, ...settings(p, begin));
    }
    opening = false;
    lines.push(
      `# ${s.name}: steps ${begin} to ${end}, T ${f(s.tStart)} to ${f(s.tStop)}`,
      ...stageFixes(p, s, k, Math.max(begin, from)),
      `run ${end - Math.max(begin, from)} start ${begin} stop ${end}`,
    );
  });
  lines.push(`write_data ${LAMMPS_FILES.final} nocoeff`, `print "protocol complete at step $(step)" file ${LAMMPS_FILES.done}`);
  return lines.join('\n') + '\n';
}
