import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import cliProgress from 'cli-progress';
import { withPotential, potentialFromArgs, parseComposition, positive, nonNegativeInteger, ensureDir, type PotentialArgs, type PotentialChoice } from '../common.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { InputError } from '../../sim/errors.js';
import { writeLammpsData } from '../../sim/io/lammps-data.js';
import { writeExtxyz } from '../../sim/io/extxyz.js';
import { speciesElements } from '../../sim/elements.js';
import { appendDumpFrame } from '../../sim/io/lammps-dump.js';
import { buildSample } from '../../sim/init.js';
import { createRng } from '../../sim/random.js';
import { initVelocities } from '../../sim/velocities.js';
import { runMD, THERMO_COLUMNS, thermoRowValues, type ThermoRow } from '../../sim/md.js';
import { createThermostat, type Ensemble } from '../../sim/integrate/ensemble.js';
import { VERSION } from '../../sim/protocols/manifest.js';
import { computeForces, type ForceField } from '../../sim/forces.js';
import { withBackend, openFromArgs, type BackendArgs } from '../backend-args.js';
import { pressureToGPa } from '../../sim/units.js';
import type { Rng } from '../../sim/random.js';
import type { State } from '../../sim/state.js';

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
  out: string;
  quiet: boolean;
}


export const mdCommand = {
  command: 'md',
  describe: 'Run molecular dynamics (NVE, Nose-Hoover NVT, Langevin) from a data file or a new sample',
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
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
      .example('$0 md --data ka864.data --model ka --ensemble nvt --T 1.0 --steps 1000 --dt 0.005 --seed 1 --out runs/md', '')
      .example('$0 md --model ka --n 500 --T 2.0 --T-stop 0.3 --steps 20000 --out runs/quench', '')
      .example('$0 md --potential CuZr_mm.eam.fs --elements Cu,Zr --units metal --n 2000 --composition Cu:0.64,Zr:0.36 --density 0.059 --T 1500 --steps 10000 --out runs/cuzr', ''),
  handler: async (argv: MdArgs) => {
    validate(argv);
    const pot = potentialFromArgs(argv);
    const backend = await openFromArgs(argv, pot);
    const { ff } = backend;
    try {
      runCommand(argv, pot, ff, backend.detail);
    } finally {
      backend.dispose();
    }
  },
};

function runCommand(argv: MdArgs, pot: PotentialChoice, ff: ForceField, backend: string): void {
  const { units } = pot;
  const dt = argv.dt ?? units.defaults.dt;
  const rng = createRng(argv.seed);
  const state: State = argv.data ? readConfiguration(argv.data, pot) : newSample(argv, pot, rng);
  const hasVelocities = state.v.some((v) => v !== 0);
  const velocityT = argv['velocity-T'] ?? (hasVelocities ? undefined : argv.T);
  if (velocityT !== undefined) initVelocities(state, velocityT, rng, units);

  const thermostat = createThermostat({
    ensemble: argv.ensemble as Ensemble, damp: argv.damp ?? 100 * dt, seed: argv.seed,
    barostat: { pdamp: argv.pdamp ?? 1000 * dt, pStart: argv.P!, pStop: argv['P-stop'], coupling: argv.couple as 'iso' | 'aniso' | 'tri' },
  });
  computeForces(state, ff); // refuses a box too small for the cut-off before anything is written
  const out = ensureDir(argv.out);
  const thermoFile = join(out, 'thermo.csv');
  // Written row by row (synchronously), so an interrupted run keeps what it computed.
  const thermo = openSync(thermoFile, 'w');
  const L = units.labels;
  writeSync(
    thermo,
    `# betascape md, ${pot.description}, units ${units.name}: time ${L.time}, T ${L.temperature}, P ${L.pressure}, ` +
      `energies ${L.energy} per atom, volume ${L.length}^3\n${THERMO_COLUMNS.join(',')}\n`,
  );
  const dumpFile = join(out, 'trajectory.dump');
  const bar = !argv.quiet && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'md {bar} {percentage}% | step {value}/{total} | T {temp} | eta {eta_formatted}' }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(argv.steps, 0, { temp: '-' });

  const started = new Date();
  const t0 = performance.now();
  const first = state.step;
  const final = runMD(state, ff, {
    steps: argv.steps,
    dt,
    units,
    thermostat,
    tStart: argv.T ?? 0,
    tStop: argv['T-stop'] ?? argv.T ?? 0,
    thermoEvery: argv['thermo-every'],
    zeroMomentumEvery: argv['zero-momentum-every'] ?? (argv.ensemble === 'langevin' ? 100 : 0),
    onThermo: (row: ThermoRow) => {
      writeSync(thermo, thermoRowValues(row).join(',') + '\n');
      bar?.update(row.step - first, { temp: row.temperature.toFixed(3) });
    },
    onStep: argv['dump-every'] > 0
      ? (s) => {
          if ((s.step - first) % argv['dump-every'] === 0) appendDumpFrame(dumpFile, s, ['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz', 'vx', 'vy', 'vz']);
        }
      : undefined,
  });
  const seconds = (performance.now() - t0) / 1000;
  bar?.stop();
  closeSync(thermo);

  writeLammpsData(join(out, 'final.data'), state, { title: `betascape md final configuration, ${pot.description}, timestep = ${state.step}` });
  writeExtxyz(join(out, 'final.xyz'), state, { units, elements: speciesElements(pot.species) });
  const summary = {
    betascape: VERSION,
    command: process.argv.slice(2).join(' '),
    units: units.name,
    unit_labels: units.labels,
    model: pot.name,
    potential: pot.description,
    backend,
    ensemble: argv.ensemble,
    natoms: state.n,
    seed: argv.seed,
    steps: argv.steps,
    dt,
    skin: pot.skin,
    started: started.toISOString(),
    wall_seconds: seconds,
    atom_steps_per_second: (state.n * argv.steps) / seconds,
    neighbor_builds: ff.nlist.builds,
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
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  console.log(`md: ${argv.steps} steps of ${state.n} atoms in ${seconds.toFixed(1)} s (${summary.atom_steps_per_second.toExponential(3)} atom-steps/s, backend ${backend})`);
  console.log(
    `final: T ${final.temperature.toFixed(4)} ${L.temperature}  P ${final.pressure.toFixed(4)} ${L.pressure}  ` +
      `pe/atom ${final.pe.toFixed(6)} ${L.energy}  (units ${units.name})`,
  );
  console.log(`results in ${out}/: thermo.csv, final.data, final.xyz, summary.json${argv['dump-every'] > 0 ? ', trajectory.dump' : ''}`);
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

function validate(a: MdArgs): void {
  if ((a.data === undefined) === (a.n === undefined)) throw new InputError('md: give exactly one of --data FILE or --n N');
  if (a.data !== undefined && (a.composition !== undefined || a.density !== undefined)) {
    throw new InputError(`md: --${a.composition !== undefined ? 'composition' : 'density'} is for new samples (--n), not --data`);
  }
  if (a.n !== undefined && !(Number.isInteger(a.n) && a.n > 0)) throw new InputError(`--n: must be a whole number > 0, got ${a.n}`);
  positive('dt', a.dt);
  positive('damp', a.damp);
  positive('pdamp', a.pdamp);
  if (a.ensemble === 'npt' && a.P === undefined) throw new InputError('md: --ensemble npt needs --P');
  if (a.ensemble !== 'npt' && (a.P !== undefined || a['P-stop'] !== undefined)) throw new InputError('md: --P is for --ensemble npt');
  positive('density', a.density);
  nonNegativeInteger('steps', a.steps);
  nonNegativeInteger('thermo-every', a['thermo-every']);
  nonNegativeInteger('dump-every', a['dump-every']);
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
