import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { ensureDir } from '../common.js';
import { loadStructureInput, withStructureInput, type StructureInputArgs } from '../structure-input.js';
import { MAX_EDGES, voronoiTessellation, type TessellationStats, type VoronoiTessellation } from '../../analysis/structure/voronoi.js';
import { formatIndex, summarizeVoronoi, type VoronoiGroupSummary } from '../../analysis/structure/voronoi-summary.js';

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

const round = (x: number) => Number(x.toPrecision(12));

function groupRecord(g: VoronoiGroupSummary) {
  return {
    atoms: g.atoms,
    mean_volume: round(g.meanVolume),
    mean_faces: round(g.meanFaces),
    icosahedral_fraction: round(g.icosahedral),
    top: g.top.map((c) => ({ index: c.index, count: c.count, fraction: round(c.fraction) })),
  };
}

export const voronoiCommand = {
  command: 'voronoi',
  describe: 'Voronoi or radical (Laguerre) tessellation: per-atom cell volume, faces and Voronoi index <n3,n4,n5,n6>; icosahedra and common indices per type',
  builder: (y: Argv) =>
    withStructureInput(y)
      .option('radii', { type: 'string', describe: 'radius of every type for the radical tessellation, length units, e.g. 1:0.5,2:0.44 (default: plain Voronoi)' })
      .option('face-area-fraction', { type: 'number', default: 0, describe: 'leave faces smaller than this fraction of the cell’s surface out of the face count and the index (as OVITO’s relative face area threshold)' })
      .option('min-edge', { type: 'number', default: 0, describe: 'leave edges shorter than this (length units) out when counting a face’s edges (as OVITO’s edge length threshold)' })
      .option('top', { type: 'number', default: 10, describe: 'how many of the most common indices to list per type' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .option('out', { type: 'string', describe: 'directory for voronoi.csv (per atom) and voronoi.json (summary)' })
      .example('$0 voronoi --data test/reference/ka864.data --json', '')
      .example('$0 voronoi --data glass.data --radii 1:0.5,2:0.44 --out runs/voronoi', '')
      .example('$0 voronoi --dump runs/md/trajectory.dump --every 10 --face-area-fraction 0.01 --out runs/voronoi', ''),
  handler: (argv: VoronoiArgs) => {
    const fraction = argv['face-area-fraction'], minEdge = argv['min-edge'];
    if (!(Number.isFinite(fraction) && fraction >= 0 && fraction < 1)) throw new InputError(`--face-area-fraction: must be a number >= 0 and < 1, got ${fraction}`);
    if (!(Number.isFinite(minEdge) && minEdge >= 0)) throw new InputError(`--min-edge: must be a number >= 0, got ${minEdge}`);
    if (!(Number.isInteger(argv.top) && argv.top > 0)) throw new InputError(`--top: must be a whole number > 0, got ${argv.top}`);
    const input = loadStructureInput(argv, 'voronoi');
    const radii = argv.radii === undefined ? undefined : parseRadii(argv.radii, input.ntypes, input.file);
    const t0 = performance.now();
    const stats: TessellationStats = { cuts: 0, widened: 0, failedCuts: 0, empty: 0 };
    const tessellations = input.frames.map((frame) => {
      const t = voronoiTessellation(frame, { radii, faceAreaFraction: fraction, minEdgeLength: minEdge });
      for (const k of Object.keys(stats) as (keyof TessellationStats)[]) stats[k] += t.stats[k];
      return t;
    });
    const summary = summarizeVoronoi(tessellations, argv.top);
    const seconds = (performance.now() - t0) / 1000;
    if (stats.failedCuts > 0) process.stderr.write(`voronoi: warning: ${stats.failedCuts} cut(s) did not close and were skipped; those cells are wrong (volumes add up to ${summary.volumeClosure.toExponential(1)} off the box)\n`);
    const L = input.units.labels.length;
    const record = {
      source: input.source,
      natoms: input.frames[0].type.length,
      frames: summary.frames,
      ntypes: input.ntypes,
      tessellation: radii ? 'radical' : 'voronoi',
      radii: radii ? Object.fromEntries(Array.from(radii, (r, t) => [String(t + 1), r])) : null,
      face_area_fraction: fraction,
      min_edge: minEdge,
      units: { system: input.units.name, length: L, volume: `${L}^3` },
      volume_closure: summary.volumeClosure,
      groups: Object.fromEntries(Object.entries(summary.groups).map(([k, g]) => [k, groupRecord(g)])),
      stats,
      seconds,
    };
    if (argv.out !== undefined) {
      const dir = ensureDir(argv.out);
      writeFileSync(join(dir, 'voronoi.csv'), perAtomCsv(tessellations, input.ids, input.timesteps, input.source, L, record.tessellation));
      writeFileSync(join(dir, 'voronoi.json'), JSON.stringify(record) + '\n');
    }
    if (argv.json) {
      console.log(JSON.stringify(record));
      return;
    }
    const how = radii ? `radical, radii ${Array.from(radii, (r, t) => `${t + 1}:${r}`).join(',')}` : 'plain Voronoi';
    const left = [fraction > 0 ? `faces below ${fraction} of the cell surface` : '', minEdge > 0 ? `edges below ${minEdge} ${L}` : ''].filter(Boolean);
    const thresholds = left.length > 0 ? `; ${left.join(' and ')} not counted` : '';
    console.log(`voronoi: ${record.natoms} atoms of ${input.ntypes} type(s), ${input.source}; ${how}${thresholds}; ${seconds.toFixed(2)} s`);
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

/** One row per atom (and frame): id, type, volume, faces counted, n3 … n6, faces of 7 or more edges. */
function perAtomCsv(ts: VoronoiTessellation[], ids: Int32Array[], steps: number[], source: string, length: string, kind: string): string {
  const several = ts.length > 1;
  const lines = [
    `# betascape voronoi (${kind}): ${source}; volume in ${length}^3; faces = faces counted; n3..n6 = counted faces with 3..6 counted edges, n7plus = 7 or more`,
    [...(several ? ['timestep'] : []), 'id', 'type', 'volume', 'faces', 'n3', 'n4', 'n5', 'n6', 'n7plus'].join(','),
  ];
  ts.forEach((t, f) => {
    const h = t.edgeHistogram;
    for (let i = 0; i < t.n; i++) {
      const o = i * MAX_EDGES;
      let n7 = 0;
      for (let k = 7; k < MAX_EDGES; k++) n7 += h[o + k];
      const row = [ids[f][i], t.type[i] + 1, t.volume[i], t.faces[i], h[o + 3], h[o + 4], h[o + 5], h[o + 6], n7];
      lines.push((several ? `${steps[f]},` : '') + row.join(','));
    }
  });
  return lines.join('\n') + '\n';
}
