/**
 * The Voronoi analysis of a set of frames: the plain or radical tessellation of each, the summary
 * per type, the record `betascape voronoi` prints as JSON, and its files voronoi.csv (per atom) and
 * voronoi.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { columnUnits, writeCsvUnits } from '../../sim/io/csv-units.js';
import { MAX_EDGES, voronoiTessellation, type TessellationStats, type VoronoiTessellation } from './voronoi.js';
import { summarizeVoronoi, type VoronoiGroupSummary, type VoronoiSummary } from './voronoi-summary.js';
import type { StructureInput } from './input.js';

export interface VoronoiReportOptions {
  /** Radius of every type (radical tessellation); plain Voronoi without. */
  radii?: Float64Array;
  /** Faces below this fraction of the cell's surface are not counted. */
  faceAreaFraction: number;
  /** Edges shorter than this (length units) are not counted. */
  minEdge: number;
  /** How many of the commonest indices to list per type. */
  top: number;
}

export interface VoronoiReport {
  tessellations: VoronoiTessellation[];
  summary: VoronoiSummary;
  /** Summed over the frames. */
  stats: TessellationStats;
  seconds: number;
  /** What --json prints and voronoi.json holds. */
  record: ReturnType<typeof voronoiRecord>;
}

/** Tessellates every frame and summarises per type. */
export function voronoiReport(input: StructureInput, o: VoronoiReportOptions): VoronoiReport {
  const t0 = performance.now();
  const stats: TessellationStats = { cuts: 0, widened: 0, failedCuts: 0, empty: 0 };
  const tessellations = input.frames.map((frame) => {
    const t = voronoiTessellation(frame, { radii: o.radii, faceAreaFraction: o.faceAreaFraction, minEdgeLength: o.minEdge });
    for (const k of Object.keys(stats) as (keyof TessellationStats)[]) stats[k] += t.stats[k];
    return t;
  });
  const summary = summarizeVoronoi(tessellations, o.top);
  const seconds = (performance.now() - t0) / 1000;
  return { tessellations, summary, stats, seconds, record: voronoiRecord(input, o, summary, stats, seconds) };
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

function voronoiRecord(input: StructureInput, o: VoronoiReportOptions, summary: VoronoiSummary, stats: TessellationStats, seconds: number) {
  const L = input.units.labels.length;
  return {
    source: input.source,
    natoms: input.frames[0].type.length,
    frames: summary.frames,
    ntypes: input.ntypes,
    tessellation: o.radii ? 'radical' : 'voronoi',
    radii: o.radii ? Object.fromEntries(Array.from(o.radii, (r, t) => [String(t + 1), r])) : null,
    face_area_fraction: o.faceAreaFraction,
    min_edge: o.minEdge,
    units: { system: input.units.name, length: L, volume: `${L}^3` },
    volume_closure: summary.volumeClosure,
    groups: Object.fromEntries(Object.entries(summary.groups).map(([k, g]) => [k, groupRecord(g)])),
    stats,
    seconds,
  };
}

/** Writes voronoi.csv (per atom) and voronoi.json into dir (made if missing). */
export function writeVoronoiFiles(dir: string, report: VoronoiReport, input: StructureInput): void {
  mkdirSync(dir, { recursive: true });
  const csv = perAtomCsv(report.tessellations, input);
  writeFileSync(join(dir, 'voronoi.csv'), csv);
  writeCsvUnits(join(dir, 'voronoi.csv'), {
    description: `betascape voronoi (${report.record.tessellation}): ${input.source}; one row per atom; faces = faces counted; n3..n6 = counted faces with 3..6 counted edges, n7plus = 7 or more`,
    units: input.units.name, columns: columnUnits(csv, (c) => (c === 'volume' ? `${input.units.labels.length}^3` : '')),
  });
  writeFileSync(join(dir, 'voronoi.json'), JSON.stringify(report.record) + '\n');
}

/** One row per atom (and frame): id, type, volume, faces counted, n3 … n6, faces of 7 or more edges. */
function perAtomCsv(ts: VoronoiTessellation[], input: StructureInput): string {
  const several = ts.length > 1;
  const lines = [[...(several ? ['timestep'] : []), 'id', 'type', 'volume', 'faces', 'n3', 'n4', 'n5', 'n6', 'n7plus'].join(',')];
  ts.forEach((t, f) => {
    const h = t.edgeHistogram;
    for (let i = 0; i < t.n; i++) {
      const o = i * MAX_EDGES;
      let n7 = 0;
      for (let k = 7; k < MAX_EDGES; k++) n7 += h[o + k];
      const row = [input.ids[f][i], t.type[i] + 1, t.volume[i], t.faces[i], h[o + 3], h[o + 4], h[o + 5], h[o + 6], n7];
      lines.push((several ? `${input.timesteps[f]},` : '') + row.join(','));
    }
  });
  return lines.join('\n') + '\n';
}
