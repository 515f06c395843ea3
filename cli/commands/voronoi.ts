import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { withStructureInput, type StructureInputArgs } from '../structure-input.js';
import { loadStructureInput } from '../../analysis/structure/input.js';
import { formatIndex, type VoronoiGroupSummary } from '../../analysis/structure/voronoi-summary.js';
import { voronoiReport, writeVoronoiFiles } from '../../analysis/structure/voronoi-report.js';

interface VoronoiArgs extends StructureInputArgs {
  radii?: string;
  'face-area-fraction': number;
  'min-edge': number;
  top: number;
  json: boolean;
  out?: string;
}

/**
 * --radii "1:0.5,2:0.44": a radius (length units, >= 0) for every type 1 … ntypes, once each.
 */
export function parseRadii(text: string, ntypes: number, file: string): Float64Array {
  const radii = new Float64Array(ntypes).fill(NaN);
  for (const part of text.split(',')) {
    const m = /^\s*(\S+?)\s*:\s*(\S+)\s*$/.exec(part);
    if (!m) throw new InputError(`--radii: expected TYPE:RADIUS pairs separated by commas (e.g. 1:0.5,2:0.44), got '${part.trim()}'`);
    const t = Number(m[1]), r = Number(m[2]);
    if (!(Number.isInteger(t) && t >= 1 && t <= ntypes)) throw new InputError(`--radii: '${m[1]}' is not an atom type of ${file} (1 … ${ntypes})`);
    if (!(m[2].trim() !== '' && Number.isFinite(r) && r >= 0)) throw new InputError(`--radii: the radius of type ${t} must be a number >= 0, got '${m[2]}'`);
    if (!Number.isNaN(radii[t - 1])) throw new InputError(`--radii: type ${t} is given twice`);
    radii[t - 1] = r;
  }
  const missing = Array.from(radii.keys()).filter((t) => Number.isNaN(radii[t]));
  if (missing.length > 0) throw new InputError(`--radii: no radius for type ${missing.map((t) => t + 1).join(', ')} (give one for every type of ${file})`);
  return radii;
}

export const voronoiCommand = {
  builder: (y: Argv) =>
    withStructureInput(y)
      .option('radii', { type: 'string', describe: 'radius of every type for the radical tessellation, length units, e.g. 1:0.5,2:0.44 (default: plain Voronoi)' })
      .option('face-area-fraction', { type: 'number', default: 0, describe: 'leave faces smaller than this fraction of the cell’s surface out of the face count and the index (as OVITO’s relative face area threshold)' })
      .option('min-edge', { type: 'number', default: 0, describe: 'leave edges shorter than this (length units) out when counting a face’s edges (as OVITO’s edge length threshold)' })
      .option('top', { type: 'number', default: 10, describe: 'how many of the most common indices to list per type' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .option('out', { type: 'string', describe: 'directory for voronoi.csv (per atom) and voronoi.json (summary)' })
      .example('$0 voronoi --data test/reference/ka864.data --json', '')
      .example('$0 voronoi --data examples/glass.data --radii 1:0.5,2:0.44 --out runs/voronoi', '')
      .example('$0 voronoi --dump examples/traj.dump --face-area-fraction 0.01 --out runs/voronoi', ''),
  handler: (argv: VoronoiArgs) => {
    const fraction = argv['face-area-fraction'], minEdge = argv['min-edge'];
    if (!(Number.isFinite(fraction) && fraction >= 0 && fraction < 1)) throw new InputError(`--face-area-fraction: must be a number >= 0 and < 1, got ${fraction}`);
    if (!(Number.isFinite(minEdge) && minEdge >= 0)) throw new InputError(`--min-edge: must be a number >= 0, got ${minEdge}`);
    if (!(Number.isInteger(argv.top) && argv.top > 0)) throw new InputError(`--top: must be a whole number > 0, got ${argv.top}`);
    const input = loadStructureInput(argv, 'voronoi');
    const radii = argv.radii === undefined ? undefined : parseRadii(argv.radii, input.ntypes, input.file);
    const report = voronoiReport(input, { radii, faceAreaFraction: fraction, minEdge, top: argv.top });
    const { summary, stats, record } = report;
    if (stats.failedCuts > 0) process.stderr.write(`voronoi: warning: ${stats.failedCuts} cut(s) did not close and were skipped; those cells are wrong (volumes add up to ${summary.volumeClosure.toExponential(1)} off the box)\n`);
    if (argv.out !== undefined) writeVoronoiFiles(argv.out, report, input);
    if (argv.json) {
      console.log(JSON.stringify(record));
      return;
    }
    const L = input.units.labels.length;
    const how = radii ? `radical, radii ${Array.from(radii, (r, t) => `${t + 1}:${r}`).join(',')}` : 'plain Voronoi';
    const left = [fraction > 0 ? `faces below ${fraction} of the cell surface` : '', minEdge > 0 ? `edges below ${minEdge} ${L}` : ''].filter(Boolean);
    const thresholds = left.length > 0 ? `; ${left.join(' and ')} not counted` : '';
    console.log(`voronoi: ${record.natoms} atoms of ${input.ntypes} type(s), ${input.source}; ${how}${thresholds}; ${report.seconds.toFixed(2)} s`);
    console.log(`  cell volumes add up to the box volume within ${summary.volumeClosure.toExponential(1)} (relative)`);
    console.log(summaryTable(summary.groups, L));
    if (argv.out !== undefined) console.log(`results in ${argv.out}/: voronoi.csv (per atom), voronoi.json`);
  },
};

function summaryTable(groups: Record<string, VoronoiGroupSummary>, length: string): string {
  const rows = [['  type', 'atoms', `mean volume (${length}^3)`, 'mean faces', '<0,0,12,0>', 'most common <n3,n4,n5,n6>']];
  // 'all' first (an object lists integer-like keys such as '1' before the others).
  for (const k of ['all', ...Object.keys(groups)].filter((k, j, keys) => groups[k] !== undefined && keys.indexOf(k) === j)) {
    const g = groups[k];
    rows.push([`  ${k}`, String(g.atoms), g.meanVolume.toFixed(4), g.meanFaces.toFixed(2), g.icosahedral.toFixed(4),
      g.top.slice(0, 4).map((c) => `${formatIndex(c.index)} ${c.fraction.toFixed(3)}`).join(', ')]);
  }
  const width = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((s, j) => s.padEnd(width[j])).join('  ').trimEnd()).join('\n');
}
