import type { Argv } from 'yargs';
import { withModel, loadConfiguration, modelForceField, positive, nonNegativeInteger } from '../common.js';
import { withBackend, forceFieldOnBackend, type BackendArgs } from '../backend-args.js';
import { InputError } from '../../sim/errors.js';
import { boxVolume, wrapPositions } from '../../sim/box.js';
import { writeLammpsData } from '../../sim/io/lammpsData.js';
import { LJ_UNITS } from '../../sim/units.js';
import { minimize, MIN_METHODS, type ForceNorm, type MinMethod } from '../../landscape/minimize/index.js';

interface MinimizeArgs extends BackendArgs {
  data: string;
  model: string;
  skin: number;
  min: string;
  ftol: number;
  fnorm: string;
  etol: number;
  'max-iterations': number;
  'max-evaluations': number;
  dmax: number;
  'fire-dt'?: number;
  out: string;
  json: boolean;
}

export const minimizeCommand = {
  command: 'minimize',
  describe: 'Minimize the energy of a configuration at fixed box (inherent structure): FIRE, CG or L-BFGS',
  builder: (y: Argv) =>
    withBackend(withModel(y))
      .option('data', { type: 'string', demandOption: true, describe: 'LAMMPS data file (atom_style atomic)' })
      .option('min', { choices: MIN_METHODS, demandOption: true, describe: 'fire = FIRE 2.0, cg = Polak-Ribiere CG (LAMMPS min_style cg), lbfgs = L-BFGS' })
      .option('ftol', { type: 'number', default: 1e-10, describe: 'force tolerance (0: off)' })
      .option('fnorm', { choices: ['max', 'two'], default: 'max', describe: 'ftol applies to the largest per-atom |F| (max) or the 2-norm of all forces (two, LAMMPS default)' })
      .option('etol', { type: 'number', default: 0, describe: 'relative energy change between iterations to stop at (LAMMPS etol; 0: off)' })
      .option('max-iterations', { type: 'number', default: 100000 })
      .option('max-evaluations', { type: 'number', default: 1000000, describe: 'most force evaluations' })
      .option('dmax', { type: 'number', default: 0.1, describe: 'largest change of a coordinate in one step or line search (LAMMPS dmax)' })
      .option('fire-dt', { type: 'number', describe: 'FIRE initial time step (default: the MD time step of the units, 0.005 in lj)' })
      .option('out', { type: 'string', demandOption: true, describe: 'write the minimized configuration to this LAMMPS data file (no velocities)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' })
      .example('$0 minimize --data ka864.data --model ka --min cg --ftol 1e-10 --out ka864.is.data --json', ''),
  handler: async (argv: MinimizeArgs) => {
    if (!(Number.isFinite(argv.ftol) && argv.ftol >= 0)) throw new InputError(`--ftol: must be a number >= 0, got ${argv.ftol}`);
    if (!(Number.isFinite(argv.etol) && argv.etol >= 0 && argv.etol < 1)) throw new InputError(`--etol: must be a number >= 0 and < 1, got ${argv.etol}`);
    nonNegativeInteger('max-iterations', argv['max-iterations']);
    positive('max-evaluations', argv['max-evaluations']);
    nonNegativeInteger('max-evaluations', argv['max-evaluations']);
    positive('dmax', argv.dmax);
    positive('fire-dt', argv['fire-dt']);

    const units = LJ_UNITS;
    const { model, ff: cpuField } = modelForceField(argv.model, argv.skin);
    const state = loadConfiguration(argv.data, model);
    const { backend, ff } = await forceFieldOnBackend(argv, cpuField);
    const t0 = performance.now();
    let r: ReturnType<typeof minimize>;
    try {
      r = minimize(state, ff, {
        method: argv.min as MinMethod,
        ftol: argv.ftol,
        fnorm: argv.fnorm as ForceNorm,
        etol: argv.etol,
        maxIterations: argv['max-iterations'],
        maxForceEvaluations: argv['max-evaluations'],
        maxDisplacement: argv.dmax,
        fire: { dt: argv['fire-dt'] },
        units,
      });
    } finally {
      backend.dispose();
    }
    const seconds = (performance.now() - t0) / 1000;
    // Pressure of the minimum: the virial alone (an inherent structure has no kinetic part).
    const w = ff.out.virial;
    const pressure = ((w[0] + w[1] + w[2]) / (3 * boxVolume(state.box))) * units.nktv2p;
    wrapPositions(state.box, state.x, state.image);
    writeLammpsData(argv.out, state, {
      title: `betascape minimize (${r.method}) of ${argv.data}: E = ${r.energy}, max |F| = ${r.maxForce}`,
      velocities: false,
    });

    const result = {
      method: r.method,
      backend: backend.detail,
      natoms: state.n,
      energy: r.energy,
      energy_per_atom: r.energy / state.n,
      pressure,
      max_force: r.maxForce,
      force_two_norm: r.forceTwoNorm,
      iterations: r.iterations,
      force_evaluations: r.forceEvaluations,
      converged: r.converged,
      reason: r.reason,
      seconds,
    };
    if (!r.converged) process.stderr.write(`betascape: warning: not converged (${r.reason}); max |F| = ${r.maxForce}\n`);
    if (argv.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(`atoms            ${state.n}   (model ${model.name}, units ${units.name}, backend ${backend.detail})`);
    console.log(`method           ${r.method}: ${r.iterations} iterations, ${r.forceEvaluations} force evaluations, ${seconds.toFixed(2)} s`);
    console.log(`stopped by       ${r.reason}${r.converged ? ' (converged)' : ''}`);
    console.log(`energy           ${r.energy}  (${result.energy_per_atom} per atom)`);
    console.log(`max |F_i|        ${r.maxForce}   (2-norm ${r.forceTwoNorm})`);
    console.log(`pressure         ${pressure}   (virial)`);
    console.log(`written to       ${argv.out}`);
  },
};
