import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { ensureDir, positive } from '../common.js';
import { checkBins, checkRmax, loadStructureInput, withStructureInput, type StructureInputArgs } from '../structure-input.js';
import { radialDistribution, type Rdf } from '../../analysis/structure/rdf.js';
import { coordinationNumbers, defaultSmoothing, type Coordination } from '../../analysis/structure/coordination.js';

interface RdfArgs extends StructureInputArgs {
  rmax: number;
  bins: number;
  smooth?: number;
  json: boolean;
  out?: string;
}

/** The g(r) keys printed: 'all' and the pairs a ≤ b. */
function gKeys(ntypes: number): string[] {
  const keys = ['all'];
  for (let a = 1; a <= ntypes; a++) for (let b = a; b <= ntypes; b++) keys.push(`${a}-${b}`);
  return keys;
}

const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(12)));

export const rdfCommand = {
  command: 'rdf',
  describe: 'Radial distribution functions g(r), total and partial (normalised as LAMMPS compute rdf), and coordination numbers',
  builder: (y: Argv) =>
    withStructureInput(y)
      .option('rmax', { type: 'number', demandOption: true, describe: 'largest distance (at most half the box’s smallest perpendicular width)' })
      .option('bins', { type: 'number', demandOption: true, describe: 'number of bins of width rmax/bins; r is each bin’s centre' })
      .option('smooth', { type: 'number', describe: 'width of the Gaussian that smooths g to find its first minimum (default a twentieth of the mean atomic spacing)' })
      .option('json', { type: 'boolean', default: false, describe: 'print r, g, coordination numbers as JSON' })
      .option('out', { type: 'string', describe: 'directory for rdf.csv and rdf.json' })
      .example('$0 rdf --data test/reference/ka864.data --rmax 4 --bins 200 --json', '')
      .example('$0 rdf --dump runs/md/trajectory.dump --every 10 --rmax 4 --bins 200 --out runs/rdf', ''),
  handler: (argv: RdfArgs) => {
    checkBins(argv.bins);
    positive('smooth', argv.smooth);
    const input = loadStructureInput(argv, 'rdf');
    checkRmax(argv.rmax, input);
    const t0 = performance.now();
    const rdf = radialDistribution(input.frames, argv.rmax, argv.bins);
    const smooth = argv.smooth ?? defaultSmoothing(rdf);
    const coordination = coordinationNumbers(rdf, smooth);
    const seconds = (performance.now() - t0) / 1000;
    const L = input.units.labels;
    const record = {
      source: input.source,
      natoms: input.frames[0].type.length,
      frames: rdf.frames,
      ntypes: rdf.ntypes,
      type_counts: rdf.typeCount,
      density: rdf.density,
      rmax: rdf.rmax,
      bins: rdf.bins,
      dr: rdf.dr,
      smooth,
      units: { system: input.units.name, length: L.length, density: L.density },
      r: Array.from(rdf.r),
      g: Object.fromEntries(gKeys(rdf.ntypes).map((k) => [k, Array.from(rdf.g[k])])),
      coordination: Object.fromEntries(Object.entries(coordination).map(([k, c]) => [k, { r_peak: round(c.rPeak), r_min: round(c.rMin), n: round(c.n) }])),
      n_cumulative: Object.fromEntries(Object.entries(rdf.cumulative).map(([k, c]) => [k, Array.from(c)])),
      seconds,
    };
    if (argv.out !== undefined) {
      const dir = ensureDir(argv.out);
      writeFileSync(join(dir, 'rdf.csv'), rdfCsv(rdf, input.source, L.length));
      writeFileSync(join(dir, 'rdf.json'), JSON.stringify(record) + '\n');
    }
    if (argv.json) {
      console.log(JSON.stringify(record));
      return;
    }
    console.log(`rdf: ${record.natoms} atoms of ${rdf.ntypes} type(s) (${rdf.typeCount.map((c) => Number(c.toPrecision(6))).join(', ')}), ${input.source}; ` +
      `rmax ${rdf.rmax} ${L.length}, ${rdf.bins} bins, ${seconds.toFixed(2)} s`);
    console.log(coordinationTable(coordination));
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

/** r, g of 'all' and every pair a ≤ b, then the running coordination n(r) of 'all' and every ordered pair. */
function rdfCsv(rdf: Rdf, source: string, length: string): string {
  const gk = gKeys(rdf.ntypes);
  const nk = Object.keys(rdf.cumulative);
  const lines = [
    `# betascape rdf: ${source}; r (${length}) at bin centres, g normalised as LAMMPS compute rdf; n_a-b = mean number of b atoms within the bin's upper edge of an a atom`,
    ['r', ...gk.map((k) => `g_${k}`), ...nk.map((k) => `n_${k}`)].join(','),
  ];
  for (let i = 0; i < rdf.bins; i++) lines.push([rdf.r[i], ...gk.map((k) => rdf.g[k][i]), ...nk.map((k) => rdf.cumulative[k][i])].join(','));
  return lines.join('\n') + '\n';
}
