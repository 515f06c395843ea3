/**
 * The rdf analysis of a set of frames: total and partial g(r), coordination numbers, the record
 * `betascape rdf` prints as JSON, and its files rdf.csv and rdf.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { columnUnits, writeCsvUnits } from '../../sim/io/csv-units.js';
import { radialDistribution, type Rdf } from './rdf.js';
import { coordinationNumbers, defaultSmoothing, type Coordination } from './coordination.js';
import { checkRmax, type StructureInput } from './input.js';

export interface RdfOptions {
  rmax: number;
  bins: number;
  /** Width of the Gaussian that smooths g to find its first minimum (default: defaultSmoothing). */
  smooth?: number;
}

export interface RdfReport {
  rdf: Rdf;
  coordination: Record<string, Coordination>;
  smooth: number;
  seconds: number;
  /** What --json prints and rdf.json holds. */
  record: ReturnType<typeof rdfRecord>;
}

/** The g(r) keys reported: 'all' and the pairs a ≤ b. */
function gKeys(ntypes: number): string[] {
  const keys = ['all'];
  for (let a = 1; a <= ntypes; a++) for (let b = a; b <= ntypes; b++) keys.push(`${a}-${b}`);
  return keys;
}

const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(12)));

/** g(r) and coordination numbers of the frames (rmax checked against every box). */
export function rdfReport(input: StructureInput, o: RdfOptions): RdfReport {
  checkRmax(o.rmax, input);
  const t0 = performance.now();
  const rdf = radialDistribution(input.frames, o.rmax, o.bins);
  const smooth = o.smooth ?? defaultSmoothing(rdf);
  const coordination = coordinationNumbers(rdf, smooth);
  const seconds = (performance.now() - t0) / 1000;
  return { rdf, coordination, smooth, seconds, record: rdfRecord(input, rdf, coordination, smooth, seconds) };
}

function rdfRecord(input: StructureInput, rdf: Rdf, coordination: Record<string, Coordination>, smooth: number, seconds: number) {
  const L = input.units.labels;
  return {
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
}

/** Writes rdf.csv and rdf.json into dir (made if missing). */
export function writeRdfFiles(dir: string, report: RdfReport, input: StructureInput): void {
  mkdirSync(dir, { recursive: true });
  const csv = rdfCsv(report.rdf);
  writeFileSync(join(dir, 'rdf.csv'), csv);
  writeCsvUnits(join(dir, 'rdf.csv'), {
    description: `betascape rdf: ${input.source}; r at bin centres, g normalised as LAMMPS compute rdf; n_a-b = mean number of b atoms within the bin's upper edge of an a atom`,
    units: input.units.name, columns: columnUnits(csv, (c) => (c === 'r' ? input.units.labels.length : '')),
  });
  writeFileSync(join(dir, 'rdf.json'), JSON.stringify(report.record) + '\n');
}

/** r, g of 'all' and every pair a ≤ b, then the running coordination n(r) of 'all' and every ordered pair. */
function rdfCsv(rdf: Rdf): string {
  const gk = gKeys(rdf.ntypes);
  const nk = Object.keys(rdf.cumulative);
  const lines = [['r', ...gk.map((k) => `g_${k}`), ...nk.map((k) => `n_${k}`)].join(',')];
  for (let i = 0; i < rdf.bins; i++) lines.push([rdf.r[i], ...gk.map((k) => rdf.g[k][i]), ...nk.map((k) => rdf.cumulative[k][i])].join(','));
  return lines.join('\n') + '\n';
}
