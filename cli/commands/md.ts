import type { Argv } from 'yargs';
import cliProgress from 'cli-progress';
import { withPotential, potentialFromArgs, parseComposition, positive, nonNegativeInteger, type PotentialArgs, type PotentialChoice } from '../common.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { InputError } from '../../sim/errors.js';
import { buildSample } from '../../sim/init.js';
import { createRng, type Rng } from '../../sim/random.js';
import { initVelocities } from '../../sim/velocities.js';
import { runMdToDirectory, type MdRunOptions } from '../../sim/protocols/md-run.js';
import { densityProblem, memoryProblem, timeStepCheck } from '../../sim/protocols/plausibility.js';
import { createThermostat, type Ensemble, type EnsembleSettings } from '../../sim/integrate/ensemble.js';
import type { ForceField } from '../../sim/forces.js';
import { withBackend, openFromArgs, type BackendArgs } from '../backend-args.js';
import type { State } from '../../sim/state.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { thermoHeader, thermoLine } from '../../sim/io/thermo-lines.js';
import type { ThermoRow } from '../../sim/md.js';
import { stopOnSignals } from '../../sim/protocols/stop-signals.js';

interface MdArgs extends PotentialArgs, BackendArgs {
  data?: string;
  n?: number;
  placement: string;
  density?: number;
  composition?: string;
  ensemble: string;
  T?: number;
  'T-stop'?: number;
  'velocity-T'?: number;
  damp?: number;
  P?: number;
  'P-stop'?: number;
  pdamp?: number;
  couple: string;
  steps: number;
  dt?: number;
  seed: number;
  'thermo-every': number;
  'dump-every': number;
  'zero-momentum-every'?: number;
  'checkpoint-every': number;
  'checkpoint-steps': number;
  out: string;
  quiet: boolean;
  json: boolean;
  resident: boolean;
  engine: string;
  'lammps-command': string;
  'mpi-ranks': number;
  'lammps-args'?: string;
  'mpirun-args'?: string;
}

export const mdCommand = {
  builder: (y: Argv) =>
    withBackend(withPotential(y))
      .option('data', { type: 'string', describe: 'start from this LAMMPS data file, or an extended XYZ file (*.xyz, e.g. a run’s final.xyz)' })
      .option('n', { type: 'number', describe: 'or build a new sample of N atoms (composition and density: the model’s, or the flags)' })
      .option('placement', { choices: ['lattice', 'random'], default: 'lattice', describe: 'how --n places atoms' })
      .option('density', { type: 'number', describe: 'number density for --n, atoms per length^3 (atoms/Å^3 in metal units); needed with --potential' })
      .option('composition', { type: 'string', describe: 'mole fractions for --n, e.g. Cu:0.64,Zr:0.36; needed with --potential' })
      .option('ensemble', { choices: ['nve', 'nvt', 'npt', 'langevin'], default: 'nvt', describe: 'nvt = Nose-Hoover chain (LAMMPS fix nvt); npt = Nose-Hoover + MTK barostat (fix npt)' })
      .option('P', { type: 'number', describe: 'npt: target pressure (start of a ramp), in the run’s pressure unit' })
      .option('P-stop', { type: 'number', describe: 'npt: target pressure at the last step (linear ramp from --P)' })
      .option('pdamp', { type: 'number', describe: 'npt: barostat damping time (default 1000 dt)' })
      .option('couple', { choices: ['iso', 'aniso', 'tri'], default: 'iso', describe: 'npt: one strain rate for the box (iso), one per axis (aniso), or per axis and tilt (tri; triclinic box)' })
      .option('T', { type: 'number', describe: 'target temperature (start of a ramp); K in metal units' })
      .option('T-stop', { type: 'number', describe: 'target temperature at the last step: linear ramp from --T (a quench)' })
      .option('velocity-T', { type: 'number', describe: 'draw new Maxwell-Boltzmann velocities at this temperature (default: keep the file’s, or draw at --T when it has none)' })
      .option('damp', { type: 'number', describe: 'thermostat damping time, in time units (default 100 dt)' })
      .option('steps', { type: 'number', demandOption: true })
      .option('dt', { type: 'number', describe: 'timestep in time units (default as LAMMPS: 0.005 tau in lj, 0.001 ps in metal)' })
      .option('seed', { type: 'number', default: 1, describe: 'seed of every random draw' })
      .option('thermo-every', { type: 'number', default: 100 })
      .option('dump-every', { type: 'number', default: 0, describe: 'append a frame to trajectory.dump every this many steps (0: none)' })
      .option('zero-momentum-every', { type: 'number', describe: 'remove centre-of-mass motion every k steps (default: 100 for langevin, never otherwise)' })
      .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
      .option('checkpoint-every', { type: 'number', default: 300, describe: 'write the restart file OUT/checkpoint.json every this many wall seconds (0: not by time); the same command continues from it' })
      .option('checkpoint-steps', { type: 'number', default: 0, describe: 'and every this many steps (0: not by steps)' })
      .option('resident', { type: 'boolean', default: false, describe: 'with --backend gpu: the whole MD stays on the device (nve or nvt, orthorhombic box, Lennard-Jones or EAM; docs/gpu.md)' })
      .option('engine', { choices: ['betascape', 'lammps'], default: 'betascape', describe: 'lammps: LAMMPS runs the same md (README, "The command line"); restart files every --checkpoint-steps steps (10000 when 0), not --checkpoint-every, and after a stop the same command resumes from the newest; no --backend, --threads, --resident' })
      .option('lammps-command', { type: 'string', default: 'lmp', describe: '--engine lammps: the LAMMPS executable' })
      .option('mpi-ranks', { type: 'number', default: 1, describe: '--engine lammps: MPI ranks (mpirun -np N above 1)' })
      .option('lammps-args', { type: 'string', describe: '--engine lammps: more LAMMPS arguments, given with =: --lammps-args="-sf omp"' })
      .option('mpirun-args', { type: 'string', describe: '--engine lammps: more mpirun arguments, e.g. --mpirun-args=--allow-run-as-root' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar, no thermo lines' })
      .option('json', { type: 'boolean', default: false, describe: 'print summary.json on stdout (no thermo lines)' })
      .epilog('On a terminal a progress bar is shown; otherwise (nohup, Slurm, a pipe) thermo lines go to stdout every --thermo-every steps. ' +
        'SIGINT/SIGTERM end the run at the next step with OUT/final.data and a checkpoint (exit 130/143); rerun the same command to continue it bit for bit.')
      .example('$0 md --data test/reference/ka864.data --model ka --ensemble nvt --T 1.0 --steps 1000 --dt 0.005 --seed 1 --out runs/md', '')
      .example('$0 md --model ka --n 500 --T 2.0 --T-stop 0.3 --steps 20000 --out runs/quench', '')
      .example('$0 md --potential CuZr_mm.eam.fs --elements Cu,Zr --units metal --n 2000 --composition Cu:0.64,Zr:0.36 --density 0.059 --T 1500 --steps 10000 --out runs/cuzr', ''),
  handler: async (argv: MdArgs) => {
    validate(argv);
    const pot = potentialFromArgs(argv);
    checkPlausible(argv, pot);
    if (argv.engine === 'lammps') return runCommand(argv, pot);
    // --resident: the f64 force field only starts the run (box check, checkpoint bookkeeping).
    const backend = await openFromArgs(argv.resident ? { backend: 'cpu' } : argv, pot);
    const resident = argv.resident ? (await import('../../sim/gpu-md/open.js')).openResident(pot.spec, pot.skin) : undefined;
    try {
      await runCommand(argv, pot, backend.ff, resident?.detail ?? backend.detail, resident && ((s, o) => resident.run(s, o)));
    } finally {
      backend.dispose();
      resident?.dispose();
    }
  },
};

/** The md on the betascape engine (with `ff`), or on LAMMPS without it. */
async function runCommand(argv: MdArgs, pot: PotentialChoice, ff?: ForceField, backend = '', runner?: MdRunOptions['runner']): Promise<void> {
  const { units } = pot;
  const dt = argv.dt ?? units.defaults.dt;
  const fresh = (): State => {
    const rng = createRng(argv.seed);
    const state = argv.data ? readConfiguration(argv.data, pot) : newSample(argv, pot, rng);
    const hasVelocities = state.v.some((v) => v !== 0);
    const velocityT = argv['velocity-T'] ?? (hasVelocities ? undefined : argv.T);
    if (velocityT !== undefined) initVelocities(state, velocityT, rng, units);
    return state;
  };
  const ensemble: EnsembleSettings = {
    ensemble: argv.ensemble as Ensemble, damp: argv.damp ?? 100 * dt, seed: argv.seed,
    barostat: { pdamp: argv.pdamp ?? 1000 * dt, pStart: argv.P!, pStop: argv['P-stop'], coupling: argv.couple as 'iso' | 'aniso' | 'tri' },
  };
  // A bar on a terminal; thermo lines when the output goes to a file or a pipe (nohup, Slurm, `| cat`).
  const terminal = Boolean(process.stderr.isTTY && process.stdout.isTTY);
  const bar = !argv.quiet && terminal ? new cliProgress.SingleBar({ format: 'md {bar} {percentage}% | step {value}/{total} | T {temp} | eta {eta_formatted}' }, cliProgress.Presets.shades_classic) : undefined;
  const lines = !argv.quiet && !argv.json && !terminal;
  const stop = stopOnSignals();
  let outcome;
  try {
    const o = {
      out: argv.out, potential: pot, command: process.argv.slice(2).join(' '), key: runKey(argv), ensemble: argv.ensemble, seed: argv.seed,
      steps: argv.steps, dt, units, tStart: argv.T ?? 0, tStop: argv['T-stop'] ?? argv.T ?? 0, thermoEvery: argv['thermo-every'],
      zeroMomentumEvery: argv['zero-momentum-every'] ?? (argv.ensemble === 'langevin' ? 100 : 0), dumpEvery: argv['dump-every'],
      checkpointSeconds: argv['checkpoint-every'], checkpointSteps: argv['checkpoint-steps'], stopRequested: stop.requested,
      warn: (m: string) => process.stderr.write(`betascape: warning: ${m}\n`),
      onStart: (resumedAt: number | undefined, from?: string) => {
        if (resumedAt !== undefined && !argv.quiet) process.stderr.write(`md: continuing ${argv.out}/${from} from step ${resumedAt}\n`);
        bar?.start(argv.steps, 0, { temp: '-' });
        if (lines) console.log(thermoHeader(units));
      },
      onThermo: (row: ThermoRow, done: number) => {
        bar?.update(done, { temp: row.temperature.toFixed(3) });
        if (lines) console.log(thermoLine(row));
      },
    };
    const words = (s?: string) => s?.split(/\s+/).filter(Boolean) ?? [];
    const lammps = { command: argv['lammps-command'], mpi_ranks: argv['mpi-ranks'], extra_args: words(argv['lammps-args']), mpirun_args: words(argv['mpirun-args']) };
    outcome = ff
      ? await runMdToDirectory(fresh, ff, { ...o, backend, runner, thermostat: createThermostat(ensemble) })
      : await (await import('../../sim/lammps/md.js')).runMdWithLammps(fresh, { ...o, spec: pot.spec, settings: ensemble, lammps });
  } finally {
    bar?.stop();
    stop.dispose();
  }
  if (outcome.interrupted !== undefined) {
    console.log(`md: stopped by ${outcome.interrupted} after step ${outcome.step} of ${argv.steps}; ${outcome.resume}`);
    process.exitCode = outcome.interrupted === 'SIGINT' ? 130 : 143;
    return;
  }
  const { summary } = outcome;
  if (argv.json) return console.log(JSON.stringify(summary));
  const { final } = summary;
  const L = units.labels;
  console.log(`md: ${argv.steps} steps of ${outcome.state.n} atoms in ${summary.wall_seconds.toFixed(1)} s (${summary.atom_steps_per_second.toExponential(3)} atom-steps/s, backend ${summary.backend})`);
  console.log(
    `final: T ${final.temperature.toFixed(4)} ${L.temperature}  P ${final.pressure.toFixed(4)} ${L.pressure}  ` +
      `pe/atom ${final.pe_per_atom.toFixed(6)} ${L.energy}  (units ${units.name})`,
  );
  console.log(`results in ${argv.out}/: thermo.csv, final.data, final.xyz, summary.json${argv['dump-every'] > 0 ? ', trajectory.dump' : ''}`);
}

/** What a checkpoint must match to be continued: every setting (yargs' camelCase copies, output, progress and checkpoint flags aside) and the data file's content. */
function runKey(a: MdArgs): string {
  const skip = new Set(['_', '$0', 'out', 'quiet', 'json', 'checkpoint-every', 'checkpoint-steps', 'lammps-command', 'mpi-ranks', 'lammps-args', 'mpirun-args']);
  const settings = Object.entries(a).filter(([k, v]) => !skip.has(k) && !(k === 'engine' && v === 'betascape') && (k.length === 1 || k.includes('-') || k === k.toLowerCase())).sort(([x], [y]) => (x < y ? -1 : 1));
  const data = a.data !== undefined ? createHash('sha256').update(readFileSync(a.data)).digest('hex') : null;
  return createHash('sha256').update(JSON.stringify({ settings, data })).digest('hex');
}

/** A new sample for --n: the LJ model's composition and density unless the flags give them; EAM needs both flags. */
function newSample(a: MdArgs, pot: PotentialChoice, rng: Rng): State {
  const names = pot.species.map((s) => s.name);
  const composition = a.composition !== undefined ? parseComposition(a.composition, names) : pot.composition;
  const density = a.density ?? pot.density;
  if (composition === undefined || density === undefined) {
    throw new InputError(`md --n with --potential needs --composition (e.g. ${names.map((e) => `${e}:${(1 / names.length).toFixed(2)}`).join(',')}) and --density (atoms/${pot.units.labels.length}^3)`);
  }
  return buildSample(
    { n: a.n!, composition, masses: pot.species.map((s) => s.mass), typeNames: names, density, placement: a.placement as 'lattice' | 'random' },
    rng,
  );
}

/** The time step against its measured limits; a new sample's density and memory (sim/protocols/plausibility.ts). */
function checkPlausible(a: MdArgs, pot: PotentialChoice): void {
  const L = pot.units.labels;
  const step = timeStepCheck(a.dt ?? pot.units.defaults.dt, pot.units.name, L.time);
  if (step.refuse) throw new InputError(`--dt: ${step.refuse}`);
  if (step.warn) process.stderr.write(`betascape: warning: --dt: ${step.warn}\n`);
  const density = a.density ?? pot.density;
  if (a.n === undefined || density === undefined) return;
  const problem = densityProblem(density, pot.cutoff, L.length) ?? memoryProblem(a.n, density, pot.cutoff + pot.skin);
  if (problem) throw new InputError(`md --n ${a.n} --density ${density}: ${problem}`);
}

function validate(a: MdArgs): void {
  if ((a.data === undefined) === (a.n === undefined)) throw new InputError('md: give exactly one of --data FILE or --n N');
  if (a.data !== undefined && (a.composition !== undefined || a.density !== undefined)) {
    throw new InputError(`md: --${a.composition !== undefined ? 'composition' : 'density'} is for new samples (--n), not --data`);
  }
  if (a.n !== undefined && !(Number.isInteger(a.n) && a.n > 0)) throw new InputError(`--n: must be a whole number > 0, got ${a.n}`);
  positive('dt', a.dt);
  positive('damp', a.damp);
  positive('pdamp', a.pdamp);
  const notLammps = a.engine === 'lammps' && (a.resident ? 'resident' : a.backend !== 'cpu' ? `backend ${a.backend}` : a.threads !== undefined ? 'threads' : undefined);
  if (notLammps) throw new InputError(`md --engine lammps: --${notLammps} is for the betascape engine (LAMMPS computes the forces; --mpi-ranks, --lammps-args, --mpirun-args)`);
  if (!(Number.isInteger(a['mpi-ranks']) && a['mpi-ranks'] >= 1)) throw new InputError(`--mpi-ranks: must be a whole number >= 1, got ${a['mpi-ranks']}`);
  if (a.resident && (a.backend !== 'gpu' || !['nve', 'nvt'].includes(a.ensemble))) throw new InputError('md --resident: needs --backend gpu and --ensemble nve or nvt (npt and langevin run on the host)');
  if (a.ensemble === 'npt' && a.P === undefined) throw new InputError('md: --ensemble npt needs --P');
  if (a.ensemble !== 'npt' && (a.P !== undefined || a['P-stop'] !== undefined)) throw new InputError('md: --P is for --ensemble npt');
  for (const k of ['P', 'P-stop'] as const) {
    const v = a[k];
    if (v !== undefined && !Number.isFinite(v)) throw new InputError(`--${k}: must be a number, got ${v}`);
  }
  positive('density', a.density);
  nonNegativeInteger('steps', a.steps);
  nonNegativeInteger('thermo-every', a['thermo-every']);
  nonNegativeInteger('dump-every', a['dump-every']);
  nonNegativeInteger('checkpoint-steps', a['checkpoint-steps']);
  if (!(a['checkpoint-every'] >= 0)) throw new InputError(`--checkpoint-every: must be a number of seconds >= 0, got ${a['checkpoint-every']}`);
  nonNegativeInteger('zero-momentum-every', a['zero-momentum-every']);
  nonNegativeInteger('seed', a.seed);
  for (const k of ['T', 'T-stop', 'velocity-T'] as const) {
    const v = a[k];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new InputError(`--${k}: must be a temperature >= 0, got ${v}`);
  }
  if (a.ensemble !== 'nve' && a.T === undefined) throw new InputError(`md: --ensemble ${a.ensemble} needs --T`);
  if ((a.ensemble === 'nvt' || a.ensemble === 'npt') && ((a.T ?? 0) <= 0 || (a['T-stop'] ?? a.T ?? 0) <= 0)) {
    throw new InputError('md: Nose-Hoover needs --T and --T-stop > 0 (use langevin to reach T = 0)');
  }
}
