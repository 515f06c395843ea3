import type { Argv } from 'yargs';
import { withPotential, potentialFromArgs, type PotentialArgs } from '../common.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { withBackend, openFromArgs, type BackendArgs } from '../backend-args.js';
import { computeForces } from '../../sim/forces.js';
import { pressureTensor, scalarPressure } from '../../sim/thermo.js';
import { boxVolume } from '../../sim/box.js';
import { writeDumpFrame } from '../../sim/io/lammps-dump.js';
import { pressureToGPa } from '../../sim/units.js';

export const evalCommand = {
  command: 'eval',
  describe: 'Energy, pressure tensor and forces of one configuration',
  builder: (y: Argv) =>
    withBackend(withPotential(y))
      .option('data', { type: 'string', demandOption: true, describe: 'LAMMPS data file (atom_style atomic)' })
      .option('dump', { type: 'string', describe: 'write a LAMMPS dump (id type x y z fx fy fz c_peatom, sorted by id)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' })
      .example('$0 eval --data ka864.data --model ka --json', '')
      .example('$0 eval --data cuzr.data --potential CuZr_mm.eam.fs --elements Cu,Zr --units metal --json', ''),
  handler: async (argv: PotentialArgs & BackendArgs & { data: string; dump?: string; json: boolean }) => {
    const pot = potentialFromArgs(argv);
    const state = readConfiguration(argv.data, pot);
    const peAtom = new Float64Array(state.n);
    const backend = await openFromArgs(argv, pot);
    const { ff } = backend;
    let out;
    try {
      out = computeForces(state, ff, { energyVirial: true, perAtomEnergy: peAtom });
    } finally {
      backend.dispose();
    }
    const { units } = pot;
    const ptensor = Array.from(pressureTensor(state, out.virial, units));
    const pressure = scalarPressure(ptensor);
    const result = {
      natoms: state.n,
      units: units.name,
      unit_labels: { energy: units.labels.energy, pressure: units.labels.pressure, length: units.labels.length },
      potential: pot.description,
      backend: backend.detail,
      energy: out.energy,
      energy_per_atom: out.energy / state.n,
      pressure,
      ...(units.gpaPerPressureUnit !== undefined ? { pressure_GPa: pressureToGPa(pressure, units) } : {}),
      pressure_tensor: ptensor,
      volume: boxVolume(state.box),
    };
    if (argv.dump) writeDumpFrame(argv.dump, state, ['id', 'type', 'x', 'y', 'z', 'fx', 'fy', 'fz', 'c_peatom'], { c_peatom: peAtom });
    if (argv.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const { energy: eu, pressure: pu, length: lu } = units.labels;
    const [pxx, pyy, pzz, pxy, pxz, pyz] = ptensor;
    const gpa = result.pressure_GPa !== undefined ? ` (${result.pressure_GPa} GPa)` : '';
    console.log(`atoms            ${state.n}   (${pot.description}, units ${units.name}, backend ${backend.detail})`);
    console.log(`energy           ${result.energy} ${eu}  (${result.energy_per_atom} ${eu} per atom)`);
    console.log(`pressure         ${pressure} ${pu}${gpa}`);
    console.log(`pressure tensor  xx ${pxx} yy ${pyy} zz ${pzz} ${pu}`);
    console.log(`                 xy ${pxy} xz ${pxz} yz ${pyz} ${pu}`);
    console.log(`volume           ${result.volume} ${lu}^3`);
    if (argv.dump) console.log(`forces written to ${argv.dump}`);
  },
};
