import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { positive } from '../common.js';
import { checkBins, withStructureInput, type StructureInputArgs } from '../structure-input.js';
import { loadStructureInput } from '../../analysis/structure/input.js';
import { WINDOWS, type Window } from '../../analysis/structure/fourier-sq.js';
import { mainPeak, sqReport, writeSqFiles, type SqMethod } from '../../analysis/structure/sq-report.js';

interface SqArgs extends StructureInputArgs {
  qmax: number;
  dq?: number;
  method: SqMethod;
  rmax?: number;
  bins?: number;
  window: Window;
  'max-vectors': number;
  json: boolean;
  out?: string;
}

export const sqCommand = {
  builder: (y: Argv) =>
    withStructureInput(y)
      .option('qmax', { type: 'number', demandOption: true, describe: 'largest |q| (1/length)' })
      .option('dq', { type: 'number', describe: 'width of the |q| bins (default 2π / the box’s largest perpendicular width, the spacing of the allowed q along that axis)' })
      .option('method', { choices: ['both', 'fourier', 'direct'], default: 'both', describe: 'fourier: transform of g(r); direct: from the positions on the allowed q-vectors' })
      .option('rmax', { type: 'number', describe: 'fourier: range of g(r) (default the largest the box allows, half its smallest perpendicular width)' })
      .option('bins', { type: 'number', describe: 'fourier: bins of g(r) (default 10 qmax rmax / π, ten per half period of sin(qmax r))' })
      .option('window', { choices: WINDOWS, default: 'lorch', describe: 'fourier: window on g(r) - 1 (Lorch sin(πr/R)/(πr/R), or none)' })
      .option('max-vectors', { type: 'number', default: 500, describe: 'direct: most q-vectors averaged per |q| bin (an evenly spread subset beyond)' })
      .option('json', { type: 'boolean', default: false, describe: 'print q and the structure factors as JSON' })
      .option('out', { type: 'string', describe: 'directory for sq.csv and sq.json' })
      .example('$0 sq --data test/reference/ka864.data --qmax 20 --json', '')
      .example('$0 sq --dump examples/traj.dump --qmax 20 --method direct --out runs/sq', ''),
  handler: (argv: SqArgs) => {
    positive('qmax', argv.qmax);
    positive('dq', argv.dq);
    if (argv.bins !== undefined) checkBins(argv.bins);
    checkBins(argv['max-vectors'], 'max-vectors');
    if (argv.method === 'direct') {
      for (const k of ['rmax', 'bins'] as const) if (argv[k] !== undefined) throw new InputError(`--${k} goes with --method fourier or both, not direct`);
    }
    const input = loadStructureInput(argv, 'sq');
    const report = sqReport(input, {
      qmax: argv.qmax, dq: argv.dq, method: argv.method, rmax: argv.rmax, bins: argv.bins, window: argv.window, maxVectors: argv['max-vectors'],
    });
    if (argv.out !== undefined) writeSqFiles(argv.out, report, input);
    if (argv.json) {
      console.log(JSON.stringify(report.record));
      return;
    }
    const { fourier, direct, record } = report;
    const L = input.units.labels;
    console.log(`sq: ${record.natoms} atoms of ${input.ntypes} type(s), ${input.source}; q up to ${argv.qmax} 1/${L.length} in bins of ${Number(report.dq.toPrecision(4))}, ${report.seconds.toFixed(2)} s`);
    const qLow = fourier ? record.fourier!.valid_above_q : 0;
    for (const [name, sf] of [['fourier', fourier], ['direct', direct]] as const) {
      if (!sf) continue;
      const peaks = Object.entries(sf.S).map(([k, S]) => {
        const at = mainPeak(sf.q, S, qLow);
        return `${k === 'all' ? 'S_NN' : `S_${k}`} ${at === null ? '-' : at.toFixed(3)}`;
      });
      const detail = name === 'fourier'
        ? `g(r) to ${Number(fourier!.rmax.toPrecision(6))} in ${fourier!.bins} bins, ${fourier!.window} window, valid above q ≈ ${qLow.toFixed(2)}`
        : `${direct!.vectors.reduce((a, b) => a + b, 0)} q-vectors, at most ${argv['max-vectors']} per bin`;
      console.log(`  ${name} (${detail}); main peaks at q = ${peaks.join(', ')}`);
    }
    if (argv.out !== undefined) console.log(`results in ${argv.out}/: sq.csv, sq.json`);
  },
};
