import type { Argv } from 'yargs';
import { withModel, loadConfiguration, modelForceField } from '../common.js';
import { computeForces } from '../../sim/forces.js';
import { pressureTensor, scalarPressure } from '../../sim/thermo.js';
import { boxVolume } from '../../sim/box.js';
import { writeDumpFrame } from '../../sim/io/lammpsDump.js';
import { LJ_UNITS } from '../../sim/units.js';

export const evalCommand = {
  command: 'eval',
  describe: 'Energy, pressure tensor and forces of one configuration',
  builder: (y: Argv) =>
    withModel(y)
      .option('data', { type: 'string', demandOption: true, describe: 'LAMMPS data file (atom_style atomic)' })
      .option('dump', { type: 'string', describe: 'write a LAMMPS dump (id type x y z fx fy fz c_peatom, sorted by id)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' })
      .example('$0 eval --data ka864.data --model ka --json', ''),
  handler: (argv: { data: string; model: string; skin: number; dump?: string; json: boolean }) => {
    const { model, ff } = modelForceField(argv.model, argv.skin);
    const state = loadConfiguration(argv.data, model);
    const peAtom = new Float64Array(state.n);
    const out = computeForces(state, ff, { energyVirial: true, perAtomEnergy: peAtom });
    const units = LJ_UNITS;
    const ptensor = Array.from(pressureTensor(state, out.virial, units));
    const result = {
      natoms: state.n,
      units: units.name,
      energy: out.energy,
      energy_per_atom: out.energy / state.n,
      pressure: scalarPressure(ptensor),
      pressure_tensor: ptensor,
      volume: boxVolume(state.box),
    };
    if (argv.dump) writeDumpFrame(argv.dump, state, ['id', 'type', 'x', 'y', 'z', 'fx', 'fy', 'fz', 'c_peatom'], { c_peatom: peAtom });
    if (argv.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const [pxx, pyy, pzz, pxy, pxz, pyz] = ptensor;
    console.log(`atoms            ${state.n}   (model ${model.name}, units ${units.name})`);
    console.log(`energy           ${result.energy}  (${result.energy_per_atom} per atom)`);
    console.log(`pressure         ${result.pressure}`);
    console.log(`pressure tensor  xx ${pxx} yy ${pyy} zz ${pzz}`);
    console.log(`                 xy ${pxy} xz ${pxz} yz ${pyz}`);
    console.log(`volume           ${result.volume}`);
    if (argv.dump) console.log(`forces written to ${argv.dump}`);
  },
};
