import type { Argv } from 'yargs';
import { zhouSetfl, ZHOU_ELEMENTS } from '../../sim/potentials/zhou.js';
import { writeSetfl } from '../../sim/io/eam-file.js';

interface ZhouArgs {
  elements: string;
  out: string;
  nr?: number;
  nrho?: number;
  dr?: number;
  drho?: number;
  cutoff?: number;
  /** Global (cli/main.ts). */
  json?: boolean;
}

const zhouCommand = {
  command: 'zhou',
  describe: 'Zhou-Johnson-Wadley analytic EAM (PRB 69, 144113 (2004)) as a LAMMPS eam/alloy (setfl) file',
  builder: (y: Argv) =>
    y
      .option('elements', {
        type: 'string',
        demandOption: true,
        describe: `comma-separated elements, in file order (of ${[...ZHOU_ELEMENTS.keys()].join(' ')})`,
      })
      .option('out', { type: 'string', demandOption: true, describe: 'setfl file to write (e.g. ZrCuNiAlTi.eam.alloy)' })
      .option('nr', { type: 'number', describe: 'points of the r tables (default 2000, or from --dr)' })
      .option('dr', { type: 'number', describe: 'r spacing in Å (default cutoff / (nr - 1))' })
      .option('nrho', { type: 'number', describe: 'points of the F(rho) tables (default 2000, or from --drho)' })
      .option('drho', { type: 'number', describe: 'rho spacing (default: the table reaches max(max f(r), 2 rho_e, 100))' })
      .option('cutoff', { type: 'number', describe: 'cut-off in Å (default sqrt(5) r_e of the largest element)' })
      .example('$0 potential zhou --elements Zr,Cu,Ni,Al,Ti --out ZrCuNiAlTi.eam.alloy', ''),
  handler: (argv: ZhouArgs) => {
    const symbols = argv.elements.trim() === '' ? [] : argv.elements.split(',');
    const { nr, nrho, dr, drho, cutoff } = argv;
    const t = zhouSetfl(symbols, { nr, nrho, dr, drho, cutoff });
    writeSetfl(argv.out, t);
    if (argv.json) return console.log(JSON.stringify({ file: argv.out, elements: t.elements, nr: t.nr, dr: t.dr, nrho: t.nrho, drho: t.drho, cutoff: t.cutoff }));
    console.log(`wrote ${argv.out}: Zhou-Johnson-Wadley EAM for ${t.elements.join(' ')}`);
    console.log(`  Nr ${t.nr}, dr ${t.dr} Å, cut-off ${t.cutoff} Å; Nrho ${t.nrho}, drho ${t.drho}`);
    console.log(`  LAMMPS: units metal; pair_style eam/alloy; pair_coeff * * ${argv.out} ${t.elements.join(' ')}`);
  },
};

export const potentialCommand = {
  builder: (y: Argv) => y.command(zhouCommand).demandCommand(1, 'name a potential (zhou)'),
  handler: () => {},
};
