/**
 * The figures `betascape plot` draws from a run directory besides dgraph: for each, its name, help
 * text, extra options, and what it runs and prints (the cli stays a thin loop over this list).
 */
import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { thermoReport } from './thermo-report.js';
import { tgReport } from './tg-report.js';
import { spectrumReport } from './spectrum-report.js';
import { mapReport } from './map-report.js';

type Args = Record<string, unknown>;
const out = (a: Args) => a.out as string | undefined;
const fixed = (v: number | null | undefined, p = 4) => (v === null || v === undefined ? 'none' : v.toPrecision(p));

export interface RunPlot {
  name: string;
  describe: string;
  dir: string;
  example: string;
  options: (y: Argv) => Argv;
  run: (a: Args) => { files: string[] };
  summary: (r: { files: string[] }) => string;
}

const plot = <R extends { files: string[] }>(p: Omit<RunPlot, 'run' | 'summary'> & { run: (a: Args) => R; summary: (r: R) => string }) => p as unknown as RunPlot;

export const RUN_PLOTS: RunPlot[] = [
  plot({
    name: 'thermo', describe: 'T, potential energy and pressure against time from RUN_DIR/thermo.csv (units in the labels)',
    dir: "directory of a 'betascape md' run or of a sweep member", example: '$0 plot thermo runs/md', options: (y) => y,
    run: (a) => thermoReport(a.dir as string, { out: out(a) }),
    summary: (r) => `thermo: ${r.rows} rows, time ${fixed(r.time[0])} to ${fixed(r.time[1])}`,
  }),
  plot({
    name: 'tg', describe: "A sweep member's cooling curve (quench.csv) with the two fitted lines, Tg and the fit's quality",
    dir: 'directory of a sweep member', example: '$0 plot tg runs/sweep/rate-1e-2_seed-1', options: (y) => y,
    run: (a) => tgReport(a.dir as string, { out: out(a) }),
    summary: (r) => `Tg ${fixed(r.Tg)} from ${r.from}, ${r.tg_fit ? `glass R² ${r.tg_fit.glass.r2.toFixed(4)}, liquid R² ${r.tg_fit.liquid.r2.toFixed(4)}, kink contrast ${fixed(r.tg_fit.kinkSigma, 3)}: ${r.tg_fit.quality}` : 'no fit'}`,
  }),
  plot({
    name: 'spectrum', describe: 'The loss spectrum of RUN_DIR/spectrum.json (spectrum events|barriers --out, or a study glass)',
    dir: 'directory holding spectrum.json', example: '$0 plot spectrum runs/spectrum', options: (y) => y,
    run: (a) => spectrumReport(a.dir as string, { out: out(a) }),
    summary: (r) => `spectrum (${r.kind}) from ${r.file}`,
  }),
  plot({
    name: 'map', describe: 'A CR-AFM frequency map (crafm --out), or a z slice of a modulus field of RUN_DIR/moduli.json',
    dir: 'directory of crafm or modulus-map output, or a study glass', example: '$0 plot map runs/modmap --field E --slice 0',
    options: (y) => y.option('field', { type: 'string', describe: 'moduli.json field: G, G_V, K, E, nu or M (default G)' })
      .option('slice', { type: 'number', describe: 'voxel layer, 0 at the bottom (default: the middle one)' }),
    run: (a) => {
      if (a.slice !== undefined && !Number.isInteger(a.slice)) throw new InputError(`--slice: must be a layer index, got ${a.slice}`);
      return mapReport(a.dir as string, { out: out(a), field: a.field as string | undefined, slice: a.slice as number | undefined });
    },
    summary: (r) => (r.kind === 'crafm' ? `CR-AFM map, ${r.nx} × ${r.ny} pixels` : `${r.field}, slice ${r.slice} of ${r.layers} layers`),
  }),
];
