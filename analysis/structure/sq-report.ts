/**
 * The S(q) analysis of a set of frames: Faber–Ziman partials and Bhatia–Thornton by Fourier
 * transform of g(r), directly on the box's q-vectors, or both; the record `betascape sq` prints as
 * JSON, and its files sq.csv and sq.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { columnUnits, writeCsvUnits } from '../../sim/io/csv-units.js';
import { perpendicularWidths } from '../../sim/box.js';
import { radialDistribution } from './rdf.js';
import { fourierStructureFactors, type StructureFactors, type Window } from './fourier-sq.js';
import { directStructureFactors, type DirectStructureFactors } from './direct-sq.js';
import { checkRmax, rmaxLimit, type StructureInput } from './input.js';

export type SqMethod = 'both' | 'fourier' | 'direct';

/** Most reciprocal-lattice points the direct S(q) may visit (seconds of work, little memory). */
const MAX_Q_VECTORS = 1e8;
/** Most |q| bins. */
const MAX_Q_BINS = 100_000;
/** Most terms of the Fourier transform of one g(r) (q bins × r bins; a second or two each). */
const MAX_TRANSFORM_TERMS = 1e8;

export interface SqOptions {
  qmax: number;
  /** Width of the |q| bins (default 2π / the largest perpendicular width of any frame's box). */
  dq?: number;
  method: SqMethod;
  /** Fourier: range and bins of g(r) (defaults: the largest range the boxes allow; 10 qmax rmax / π bins). */
  rmax?: number;
  bins?: number;
  window: Window;
  /** Direct: most q-vectors averaged per |q| bin. */
  maxVectors: number;
}

export type FourierResult = StructureFactors & { rmax: number; bins: number; window: Window };

export interface SqReport {
  q: Float64Array;
  dq: number;
  fourier?: FourierResult;
  direct?: DirectStructureFactors;
  seconds: number;
  /** What --json prints and sq.json holds. */
  record: ReturnType<typeof sqRecord>;
}

/** S(q) of the frames by the chosen method(s), on |q| bins of width dq up to qmax. */
export function sqReport(input: StructureInput, o: SqOptions): SqReport {
  const widest = Math.max(...input.frames.map((f) => Math.max(...perpendicularWidths(f.box))));
  const dq = o.dq ?? (2 * Math.PI) / widest;
  // The flag to blame: the --dq given, or --qmax against the default width of the bins.
  const width = o.dq === undefined ? `the default width ${dq} (2π / the box's largest perpendicular width)` : `width ${dq}`;
  const flag = o.dq === undefined ? `--qmax ${o.qmax}` : `--dq ${dq}`;
  if (dq >= o.qmax) throw new InputError(o.dq === undefined ? `${flag}: must exceed the |q| bin width, ${width}` : `--dq ${dq}: must be smaller than --qmax ${o.qmax}`);
  // The direct method enumerates the box's reciprocal lattice up to qmax.
  const vectors = (o.qmax * widest / (2 * Math.PI)) ** 3;
  if (o.method !== 'fourier' && vectors > MAX_Q_VECTORS) {
    throw new InputError(`--qmax ${o.qmax}: the direct method would visit about ${vectors.toExponential(1)} q-vectors (at most ${MAX_Q_VECTORS}); lower --qmax or use --method fourier`);
  }
  const nbins = Math.ceil(o.qmax / dq);
  if (nbins > MAX_Q_BINS) throw new InputError(`${flag}: ${nbins} bins of |q| of ${width} up to --qmax ${o.qmax} (at most ${MAX_Q_BINS}); lower --qmax or raise --dq`);
  const q = Float64Array.from({ length: nbins }, (_, j) => (j + 0.5) * dq);
  const t0 = performance.now();
  let fourier: FourierResult | undefined;
  if (o.method !== 'direct') {
    const rmax = o.rmax ?? rmaxLimit(input);
    checkRmax(rmax, input);
    // Ten bins per half period of sin(qmax r).
    const bins = o.bins ?? Math.ceil((10 * o.qmax * rmax) / Math.PI);
    if (nbins * bins > MAX_TRANSFORM_TERMS) {
      throw new InputError(`--qmax ${o.qmax}: the Fourier transform would sum ${nbins} q bins × ${bins} r bins (${(nbins * bins).toExponential(1)} terms, at most ${MAX_TRANSFORM_TERMS}); lower --qmax or --bins, or use --method direct`);
    }
    const rdf = radialDistribution(input.frames, rmax, bins);
    fourier = { ...fourierStructureFactors(rdf, q, o.window), rmax, bins, window: o.window };
  }
  const direct = o.method !== 'fourier' ? directStructureFactors(input.frames, { qmax: o.qmax, dq, maxPerBin: o.maxVectors }) : undefined;
  const seconds = (performance.now() - t0) / 1000;
  return { q, dq, fourier, direct, seconds, record: sqRecord(input, o, q, dq, fourier, direct, seconds) };
}

/** Plain arrays for JSON (NaN becomes null there). */
function factorsRecord(sf: StructureFactors) {
  const bt = sf.bhatiaThornton;
  return {
    S: Object.fromEntries(Object.entries(sf.S).map(([k, v]) => [k, Array.from(v)])),
    ...(bt ? { bhatia_thornton: { NN: Array.from(bt.NN), NC: Array.from(bt.NC), CC: Array.from(bt.CC) } } : {}),
  };
}

function sqRecord(input: StructureInput, o: SqOptions, q: Float64Array, dq: number, fourier: FourierResult | undefined, direct: DirectStructureFactors | undefined, seconds: number) {
  const L = input.units.labels;
  return {
    source: input.source,
    natoms: input.frames[0].type.length,
    frames: input.frames.length,
    ntypes: input.ntypes,
    concentration: (fourier ?? direct)!.concentration,
    units: { system: input.units.name, length: L.length, q: `1/${L.length}` },
    qmax: o.qmax,
    dq,
    q: Array.from(q),
    ...(fourier ? {
      fourier: {
        rmax: fourier.rmax, bins: fourier.bins, window: fourier.window,
        // Below 4π/rmax the truncation of g(r) dominates.
        valid_above_q: (4 * Math.PI) / fourier.rmax,
        ...factorsRecord(fourier),
      },
    } : {}),
    ...(direct ? {
      direct: {
        q_mean: Array.from(direct.q), vectors: Array.from(direct.vectors), max_vectors: o.maxVectors, ...factorsRecord(direct),
        error: Object.fromEntries(Object.entries(direct.error).map(([k, v]) => [k, Array.from(v)])),
      },
    } : {}),
    seconds,
  };
}

/** Position of the highest value of S at q above qmin (the main peak). */
export function mainPeak(q: ArrayLike<number>, S: ArrayLike<number>, qmin: number): number | null {
  let best = -Infinity, at: number | null = null;
  for (let j = 0; j < q.length; j++) if (q[j] > qmin && S[j] > best) [best, at] = [S[j], q[j]];
  return at;
}

/** Writes sq.csv and sq.json into dir (made if missing). */
export function writeSqFiles(dir: string, report: SqReport, input: StructureInput): void {
  mkdirSync(dir, { recursive: true });
  const csv = sqCsv(report);
  const inverseLength = `1/${input.units.labels.length}`;
  writeFileSync(join(dir, 'sq.csv'), csv);
  writeCsvUnits(join(dir, 'sq.csv'), {
    description: `betascape sq: ${input.source}; q at bin centres; direct_q_mean = mean |q| of the vectors averaged, direct_error_* = standard error of a bin; Faber-Ziman partials S_a-b, number-number S_NN, Bhatia-Thornton BT_*`,
    units: input.units.name, columns: columnUnits(csv, (c) => (c === 'q' || c === 'direct_q_mean' ? inverseLength : '')),
  });
  writeFileSync(join(dir, 'sq.json'), JSON.stringify(report.record) + '\n');
}

/** One row per |q| bin: the centre, then each structure factor of each method. */
function sqCsv({ q, fourier, direct }: SqReport): string {
  const columns: [string, ArrayLike<number>][] = [['q', q]];
  for (const [name, sf] of [['fourier', fourier], ['direct', direct]] as const) {
    if (!sf) continue;
    if (name === 'direct') columns.push(['direct_q_mean', direct!.q], ['direct_vectors', direct!.vectors]);
    for (const [k, S] of Object.entries(sf.S)) columns.push([`${name}_S_${k === 'all' ? 'NN' : k}`, S]);
    if (name === 'direct') for (const [k, e] of Object.entries(direct!.error)) columns.push([`direct_error_S_${k === 'all' ? 'NN' : k}`, e]);
    const bt = sf.bhatiaThornton;
    if (bt) columns.push([`${name}_BT_NN`, bt.NN], [`${name}_BT_NC`, bt.NC], [`${name}_BT_CC`, bt.CC]);
  }
  const lines = [columns.map(([name]) => name).join(',')];
  for (let j = 0; j < q.length; j++) lines.push(columns.map(([, v]) => (Number.isNaN(v[j]) ? '' : String(v[j]))).join(','));
  return lines.join('\n') + '\n';
}
