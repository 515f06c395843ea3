import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { perpendicularWidths } from '../../sim/box.js';
import { ensureDir, positive } from '../common.js';
import { checkBins, checkRmax, loadStructureInput, rmaxLimit, withStructureInput, type StructureInputArgs } from '../structure-input.js';
import { radialDistribution } from '../../analysis/structure/rdf.js';
import { fourierStructureFactors, WINDOWS, type StructureFactors, type Window } from '../../analysis/structure/fourier-sq.js';
import { directStructureFactors, type DirectStructureFactors } from '../../analysis/structure/direct-sq.js';

interface SqArgs extends StructureInputArgs {
  qmax: number;
  dq?: number;
  method: string;
  rmax?: number;
  bins?: number;
  window: string;
  'max-vectors': number;
  json: boolean;
  out?: string;
}

/** Plain arrays for JSON (NaN becomes null there). */
function factorsRecord(sf: StructureFactors) {
  const bt = sf.bhatiaThornton;
  return {
    S: Object.fromEntries(Object.entries(sf.S).map(([k, v]) => [k, Array.from(v)])),
    ...(bt ? { bhatia_thornton: { NN: Array.from(bt.NN), NC: Array.from(bt.NC), CC: Array.from(bt.CC) } } : {}),
  };
}

/** Position of the highest value of S at q above qmin (the main peak). */
function mainPeak(q: ArrayLike<number>, S: ArrayLike<number>, qmin: number): number | null {
  let best = -Infinity, at: number | null = null;
  for (let j = 0; j < q.length; j++) if (q[j] > qmin && S[j] > best) [best, at] = [S[j], q[j]];
  return at;
}

export const sqCommand = {
  command: 'sq',
  describe: 'Structure factors S(q): Faber-Ziman partials and Bhatia-Thornton, from g(r) by Fourier transform and directly on the box’s q-vectors',
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
      .example('$0 sq --dump runs/md/trajectory.dump --every 10 --qmax 20 --method direct --out runs/sq', ''),
  handler: (argv: SqArgs) => {
    positive('qmax', argv.qmax);
    positive('dq', argv.dq);
    if (argv.bins !== undefined) checkBins(argv.bins);
    checkBins(argv['max-vectors'], 'max-vectors');
    if (argv.method === 'direct') {
      for (const k of ['rmax', 'bins'] as const) if (argv[k] !== undefined) throw new InputError(`--${k} goes with --method fourier or both, not direct`);
    }
    const input = loadStructureInput(argv, 'sq');
    const widest = Math.max(...input.frames.map((f) => Math.max(...perpendicularWidths(f.box))));
    const dq = argv.dq ?? (2 * Math.PI) / widest;
    if (dq >= argv.qmax) throw new InputError(`--dq ${dq}: must be smaller than --qmax ${argv.qmax}`);
    const nbins = Math.ceil(argv.qmax / dq);
    const qCentre = Float64Array.from({ length: nbins }, (_, j) => (j + 0.5) * dq);
    const L = input.units.labels;
    const t0 = performance.now();

    let fourier: (StructureFactors & { rmax: number; bins: number; window: Window }) | undefined;
    if (argv.method !== 'direct') {
      const rmax = argv.rmax ?? rmaxLimit(input);
      checkRmax(rmax, input);
      const bins = argv.bins ?? Math.ceil((10 * argv.qmax * rmax) / Math.PI);
      const rdf = radialDistribution(input.frames, rmax, bins);
      fourier = { ...fourierStructureFactors(rdf, qCentre, argv.window as Window), rmax, bins, window: argv.window as Window };
    }
    let direct: DirectStructureFactors | undefined;
    if (argv.method !== 'fourier') direct = directStructureFactors(input.frames, { qmax: argv.qmax, dq, maxPerBin: argv['max-vectors'] });
    const seconds = (performance.now() - t0) / 1000;

    const record = {
      source: input.source,
      natoms: input.frames[0].type.length,
      frames: input.frames.length,
      ntypes: input.ntypes,
      concentration: (fourier ?? direct)!.concentration,
      units: { system: input.units.name, length: L.length, q: `1/${L.length}` },
      qmax: argv.qmax,
      dq,
      q: Array.from(qCentre),
      ...(fourier ? {
        fourier: {
          rmax: fourier.rmax, bins: fourier.bins, window: fourier.window,
          valid_above_q: (4 * Math.PI) / fourier.rmax,
          ...factorsRecord(fourier),
        },
      } : {}),
      ...(direct ? {
        direct: {
          q_mean: Array.from(direct.q), vectors: Array.from(direct.vectors), max_vectors: argv['max-vectors'], ...factorsRecord(direct),
          error: Object.fromEntries(Object.entries(direct.error).map(([k, v]) => [k, Array.from(v)])),
        },
      } : {}),
      seconds,
    };
    if (argv.out !== undefined) {
      const dir = ensureDir(argv.out);
      writeFileSync(join(dir, 'sq.csv'), sqCsv(qCentre, fourier, direct, input.source, L.length));
      writeFileSync(join(dir, 'sq.json'), JSON.stringify(record) + '\n');
    }
    if (argv.json) {
      console.log(JSON.stringify(record));
      return;
    }
    console.log(`sq: ${record.natoms} atoms of ${input.ntypes} type(s), ${input.source}; q up to ${argv.qmax} 1/${L.length} in bins of ${Number(dq.toPrecision(4))}, ${seconds.toFixed(2)} s`);
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

/** One row per |q| bin: the centre, then each structure factor of each method. */
function sqCsv(q: Float64Array, fourier: StructureFactors | undefined, direct: DirectStructureFactors | undefined, source: string, length: string): string {
  const columns: [string, ArrayLike<number>][] = [['q', q]];
  for (const [name, sf] of [['fourier', fourier], ['direct', direct]] as const) {
    if (!sf) continue;
    if (name === 'direct') columns.push(['direct_q_mean', direct!.q], ['direct_vectors', direct!.vectors]);
    for (const [k, S] of Object.entries(sf.S)) columns.push([`${name}_S_${k === 'all' ? 'NN' : k}`, S]);
    if (name === 'direct') for (const [k, e] of Object.entries(direct!.error)) columns.push([`direct_error_S_${k === 'all' ? 'NN' : k}`, e]);
    const bt = sf.bhatiaThornton;
    if (bt) columns.push([`${name}_BT_NN`, bt.NN], [`${name}_BT_NC`, bt.NC], [`${name}_BT_CC`, bt.CC]);
  }
  const lines = [
    `# betascape sq: ${source}; q in 1/${length} (bin centres; direct_q_mean = mean |q| of the vectors averaged, direct_error_* = standard error of a bin); Faber-Ziman partials S_a-b, number-number S_NN, Bhatia-Thornton BT_*`,
    columns.map(([name]) => name).join(','),
  ];
  for (let j = 0; j < q.length; j++) lines.push(columns.map(([, v]) => (Number.isNaN(v[j]) ? '' : String(v[j]))).join(','));
  return lines.join('\n') + '\n';
}
