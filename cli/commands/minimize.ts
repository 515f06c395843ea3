import type { Argv } from 'yargs';
import { withPotential, potentialFromArgs, positive, nonNegativeInteger, type PotentialArgs } from '../common.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { withBackend, openFromArgs, type BackendArgs } from '../backend-args.js';
import { InputError } from '../../sim/errors.js';
import { MIN_METHODS, PRECONDITIONS, type ForceNorm, type MinMethod, type Precondition } from '../../landscape/minimize/index.js';
import { BOX_MODES, type BoxMode } from '../../landscape/minimize/box-relax.js';
import { minimizeToFile, type MinimizedFile } from '../../landscape/minimize/minimize-file.js';

interface MinimizeArgs extends BackendArgs, PotentialArgs {
  data: string;
  min: string;
  precondition: string;
  ftol: number; fnorm: string; etol: number;
  'max-iterations': number;
  'max-evaluations': number;
  dmax: number;
  'fire-dt'?: number;
  'box-relax': string;
  pressure: number;
  out: string;
  json: boolean;
}

export const minimizeCommand = {
  builder: (y: Argv) =>
    withBackend(withPotential(y))
      .option('data', { type: 'string', demandOption: true, describe: 'LAMMPS data file (atom_style atomic)' })
      .option('min', { choices: MIN_METHODS, demandOption: true, describe: 'fire = FIRE 2.0, cg = Polak-Ribiere CG (LAMMPS min_style cg), lbfgs = L-BFGS' })
      .option('precondition', { choices: PRECONDITIONS, default: 'none', describe: "lbfgs: 'elastic' = local Hessian blocks + continuum long waves (big boxes; docs/landscape.md)" })
      .option('ftol', { type: 'number', default: 1e-10, describe: 'force tolerance (0: off)' })
      .option('fnorm', { choices: ['max', 'two'], default: 'max', describe: 'ftol applies to the largest per-atom |F| (max) or the 2-norm of all forces (two, LAMMPS default)' })
      .option('etol', { type: 'number', default: 0, describe: 'relative energy change between iterations to stop at (LAMMPS etol; 0: off)' })
      .option('max-iterations', { type: 'number', default: 100000 })
      .option('max-evaluations', { type: 'number', default: 1000000, describe: 'most force evaluations' })
      .option('dmax', { type: 'number', default: 0.1, describe: 'largest change of a coordinate in one step or line search (LAMMPS dmax)' })
      .option('fire-dt', { type: 'number', describe: 'FIRE initial time step (default: the MD time step of the units, 0.005 in lj)' })
      .option('box-relax', { choices: BOX_MODES, default: 'fixed', describe: 'fixed box, or relax it to --pressure: iso (all edges alike) or aniso (each axis)' })
      .option('pressure', { type: 'number', default: 0, describe: 'with --box-relax: target pressure (lj: ε/σ³; metal: bar)' })
      .option('out', { type: 'string', demandOption: true, describe: 'write the minimized configuration to this LAMMPS data file (no velocities)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' })
      .example('$0 minimize --data test/reference/ka864.data --model ka --min cg --ftol 1e-10 --out runs/ka864.is.data --json', '')
      .example('$0 minimize --data examples/cuzr.data --potential CuZr_mm.eam.fs --elements Cu,Zr --min lbfgs --ftol 1e-8 --box-relax iso --out is.data', ''),
  handler: async (argv: MinimizeArgs) => {
    if (!(Number.isFinite(argv.ftol) && argv.ftol >= 0)) throw new InputError(`--ftol: must be a number >= 0, got ${argv.ftol}`);
    if (!(Number.isFinite(argv.etol) && argv.etol >= 0 && argv.etol < 1)) throw new InputError(`--etol: must be a number >= 0 and < 1, got ${argv.etol}`);
    nonNegativeInteger('max-iterations', argv['max-iterations']);
    positive('max-evaluations', argv['max-evaluations']);
    nonNegativeInteger('max-evaluations', argv['max-evaluations']);
    positive('dmax', argv.dmax);
    positive('fire-dt', argv['fire-dt']);

    if (!Number.isFinite(argv.pressure)) throw new InputError(`--pressure: must be a number, got ${argv.pressure}`);
    const pot = potentialFromArgs(argv);
    const { units } = pot;
    const state = readConfiguration(argv.data, pot);
    const backend = await openFromArgs(argv, pot);
    const { ff } = backend;
    let minimized: MinimizedFile;
    try {
      minimized = minimizeToFile(state, ff, {
        box: argv['box-relax'] as BoxMode,
        pressure: argv.pressure,
        method: argv.min as MinMethod,
        precondition: argv.precondition as Precondition,
        ftol: argv.ftol,
        fnorm: argv.fnorm as ForceNorm,
        etol: argv.etol,
        maxIterations: argv['max-iterations'],
        maxForceEvaluations: argv['max-evaluations'],
        maxDisplacement: argv.dmax,
        fire: { dt: argv['fire-dt'] },
        units,
        source: argv.data,
        out: argv.out,
        backend: backend.detail,
      });
    } finally {
      backend.dispose();
    }
    const { minimization: r, record: result } = minimized;
    if (r.box !== 'fixed' && !r.pressureConverged) process.stderr.write(`betascape: warning: box not relaxed to ${argv.pressure} (P = ${r.pressure})\n`);
    if (!r.converged) process.stderr.write(`betascape: warning: not converged (${r.reason}); max |F| = ${r.maxForce}\n`);
    if (argv.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(`atoms            ${state.n}   (${pot.description}, units ${units.name}, backend ${backend.detail})`);
    console.log(`method           ${r.method}: ${r.iterations} iterations, ${r.forceEvaluations} force evaluations, ${result.seconds.toFixed(2)} s`);
    console.log(`stopped by       ${r.reason}${r.converged ? ' (converged)' : ''}`);
    console.log(`energy           ${r.energy}  (${result.energy_per_atom} per atom, ${units.labels.energy})`);
    console.log(`max |F_i|        ${r.maxForce}   (2-norm ${r.forceTwoNorm})`);
    console.log(`pressure         ${r.pressure} ${units.labels.pressure}  (virial; box ${r.box}, volume ${result.volume})`);
    console.log(`written to       ${argv.out}`);
  },
};
