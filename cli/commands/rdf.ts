import type { Argv } from 'yargs';
import { positive } from '../common.js';
import { checkBins, withStructureInput, type StructureInputArgs } from '../structure-input.js';
import { loadStructureInput } from '../../analysis/structure/input.js';
import { rdfReport, writeRdfFiles } from '../../analysis/structure/rdf-report.js';
import type { Coordination } from '../../analysis/structure/coordination.js';

interface RdfArgs extends StructureInputArgs {
  rmax: number;
  bins: number;
  smooth?: number;
  json: boolean;
  out?: string;
}

export const rdfCommand = {
  builder: (y: Argv) =>
    withStructureInput(y)
      .option('rmax', { type: 'number', demandOption: true, describe: 'largest distance (at most half the box’s smallest perpendicular width)' })
      .option('bins', { type: 'number', demandOption: true, describe: 'number of bins of width rmax/bins; r is each bin’s centre' })
      .option('smooth', { type: 'number', describe: 'width of the Gaussian that smooths g to find its first minimum (default a twentieth of the mean atomic spacing)' })
      .option('json', { type: 'boolean', default: false, describe: 'print r, g, coordination numbers as JSON' })
      .option('out', { type: 'string', describe: 'directory for rdf.csv and rdf.json' })
      .example('$0 rdf --data test/reference/ka864.data --rmax 4 --bins 200 --json', '')
      .example('$0 rdf --dump examples/traj.dump --rmax 2.9 --bins 100 --out runs/rdf', ''),
  handler: (argv: RdfArgs) => {
    checkBins(argv.bins);
    positive('smooth', argv.smooth);
    const input = loadStructureInput(argv, 'rdf');
    const report = rdfReport(input, { rmax: argv.rmax, bins: argv.bins, smooth: argv.smooth });
    if (argv.out !== undefined) writeRdfFiles(argv.out, report, input);
    if (argv.json) {
      console.log(JSON.stringify(report.record));
      return;
    }
    const { rdf, smooth } = report;
    const L = input.units.labels;
    console.log(`rdf: ${report.record.natoms} atoms of ${rdf.ntypes} type(s) (${rdf.typeCount.map((c) => Number(c.toPrecision(6))).join(', ')}), ${input.source}; ` +
      `rmax ${rdf.rmax} ${L.length}, ${rdf.bins} bins, ${report.seconds.toFixed(2)} s`);
    console.log(coordinationTable(report.coordination));
    console.log(`  (neighbours of type b around an atom of type a, out to the first minimum of g_ab; first peak and minimum in ${L.length}, smoothing ${Number(smooth.toPrecision(3))})`);
    if (argv.out !== undefined) console.log(`results in ${argv.out}/: rdf.csv, rdf.json`);
  },
};

function coordinationTable(coordination: Record<string, Coordination>): string {
  const f = (x: number | null, digits: number) => (x === null ? '-' : x.toFixed(digits));
  const rows = [['  pair a-b', 'first peak', 'first minimum', 'coordination']];
  for (const [k, c] of Object.entries(coordination)) rows.push([`  ${k}`, f(c.rPeak, 3), f(c.rMin, 3), f(c.n, 3)]);
  const width = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((s, j) => s.padEnd(width[j])).join('  ').trimEnd()).join('\n');
}
