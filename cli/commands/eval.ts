import type { Argv } from 'yargs';
import { withPotential, potentialFromArgs, type PotentialArgs } from '../common.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { withBackend, openFromArgs, type BackendArgs } from '../backend-args.js';
import { evaluateConfiguration, writeForcesDump, type Evaluation } from '../../sim/protocols/evaluate.js';

export const evalCommand = {
  builder: (y: Argv) =>
    withBackend(withPotential(y))
      .option('data', { type: 'string', demandOption: true, describe: 'LAMMPS data file (atom_style atomic)' })
      .option('dump', { type: 'string', describe: 'write a LAMMPS dump (id type x y z fx fy fz c_peatom, sorted by id)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' })
      .example('$0 eval --data test/reference/ka864.data --model ka --json', '')
      .example('$0 eval --data examples/cuzr.data --potential CuZr_mm.eam.fs --elements Cu,Zr --units metal --json', ''),
  handler: async (argv: PotentialArgs & BackendArgs & { data: string; dump?: string; json: boolean }) => {
    const pot = potentialFromArgs(argv);
    const state = readConfiguration(argv.data, pot);
    const backend = await openFromArgs(argv, pot);
    const { units } = pot;
    let evaluated: Evaluation;
    try {
      evaluated = evaluateConfiguration(state, backend.ff, { units, potential: pot.description, backend: backend.detail });
    } finally {
      backend.dispose();
    }
    const { record: result } = evaluated;
    if (argv.dump) writeForcesDump(argv.dump, state, evaluated.peAtom);
    if (argv.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const { energy: eu, pressure: pu, length: lu } = units.labels;
    const [pxx, pyy, pzz, pxy, pxz, pyz] = result.pressure_tensor;
    const gpa = result.pressure_GPa !== undefined ? ` (${result.pressure_GPa} GPa)` : '';
    console.log(`atoms            ${state.n}   (${pot.description}, units ${units.name}, backend ${backend.detail})`);
    console.log(`energy           ${result.energy} ${eu}  (${result.energy_per_atom} ${eu} per atom)`);
    console.log(`pressure         ${result.pressure} ${pu}${gpa}`);
    console.log(`pressure tensor  xx ${pxx} yy ${pyy} zz ${pzz} ${pu}`);
    console.log(`                 xy ${pxy} xz ${pxz} yz ${pyz} ${pu}`);
    console.log(`volume           ${result.volume} ${lu}^3`);
    if (argv.dump) console.log(`forces written to ${argv.dump}`);
  },
};
