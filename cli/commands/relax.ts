import type { Argv } from 'yargs';
import { RELAX_OPTIONS, relaxCommand as run, type RelaxArgs } from '../../analysis/dynamics/relax-command.js';

export const relaxCommand = {
  command: 'relax',
  describe: 'Dynamics: MSD, self-intermediate scattering F_s(q*, t) and τ_α of a dump, or the Kob-Andersen τ_α(T) workflow with a VFT fit',
  builder: (y: Argv) => y.options(RELAX_OPTIONS)
    .example('$0 relax --dump runs/md/trajectory.dump --dt 0.005', '')
    .example('$0 relax --temperatures 1.0,0.8,0.7,0.6 --out runs/relax', ''),
  handler: (argv: RelaxArgs) => {
    for (const line of run(argv, (l) => console.error(l))) console.log(line);
  },
};
