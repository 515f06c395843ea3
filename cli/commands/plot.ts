import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { dgraphReport } from '../../analysis/plots/dgraph-report.js';
import { RUN_PLOTS } from '../../analysis/plots/run-plots.js';

interface DGraphArgs {
  dir: string;
  out?: string;
  png: boolean;
  'delta-e'?: number;
  bin?: number;
  start?: number;
  json: boolean;
}

const dgraphCommand = {
  command: 'dgraph <dir>',
  describe: 'Disconnectivity graph of RUN_DIR/landscape.json with the sub-basin density and barriers around the starting IS',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'run directory holding landscape.json (from betascape activate)' })
      .option('out', { type: 'string', describe: 'SVG file to write (default RUN_DIR/dgraph.svg)' })
      .option('png', { type: 'boolean', default: false, describe: 'also write a PNG beside the SVG' })
      .option('delta-e', { type: 'number', describe: 'energy spacing of the graph levels (default: 1/30 of the energy range)' })
      .option('bin', { type: 'number', describe: 'energy interval of the sub-basin density and barrier histograms (default: 1/10 of the barrier range)' })
      .option('start', { type: 'number', describe: 'id of the starting IS (default: the minimum most activations started from)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the sub-basin summary as JSON' })
      .example('$0 plot dgraph runs/art-ka --png', ''),
  handler: (argv: DGraphArgs) => {
    if (argv['delta-e'] !== undefined && !(argv['delta-e'] > 0)) throw new InputError(`--delta-e: must be a number > 0, got ${argv['delta-e']}`);
    if (argv.bin !== undefined && !(argv.bin > 0)) throw new InputError(`--bin: must be a number > 0, got ${argv.bin}`);
    if (argv.start !== undefined && !Number.isInteger(argv.start)) throw new InputError(`--start: must be a minimum id, got ${argv.start}`);
    const summary = dgraphReport(argv.dir, { deltaE: argv['delta-e'], bin: argv.bin, start: argv.start, out: argv.out, png: argv.png });
    if (argv.json) {
      console.log(JSON.stringify(summary));
      return;
    }
    console.log(`dgraph: ${summary.minima} minima, ${summary.saddles} saddles; ${summary.graph_levels} levels of ΔE = ${summary.delta_e} (${summary.graph_components} component(s))`);
    const mean = summary.mean_barrier ?? NaN;
    console.log(`  around minimum ${summary.start}: ${summary.adjacent_minima} adjacent minima, mean barrier ${mean.toPrecision(4)}` +
      (summary.mean_distance !== null ? `, mean distance ${summary.mean_distance.toPrecision(4)}` : ''));
    console.log(`wrote ${summary.files.join(', ')}`);
  },
};

/** plot thermo|tg|spectrum|map RUN_DIR: SVG and PNG (analysis/plots/run-plots.ts). */
const runPlotCommands = RUN_PLOTS.map((p) => ({
  command: `${p.name} <dir>`, describe: p.describe,
  builder: (y: Argv) => p.options(y.positional('dir', { type: 'string', demandOption: true, describe: p.dir })
    .option('out', { type: 'string', describe: `SVG file to write, a PNG beside it (default RUN_DIR/${p.name}….svg)` })
    .option('json', { type: 'boolean', default: false, describe: 'print what was plotted as JSON' }).example(p.example, '')),
  handler: (a: Record<string, unknown>) => {
    const r = p.run(a);
    console.log(a.json ? JSON.stringify(r) : `${p.summary(r)}\nwrote ${r.files.join(', ')}`);
  },
}));

export const plotCommand = {
  builder: (y: Argv) => [dgraphCommand, ...runPlotCommands].reduce((a, c) => a.command(c as never), y).demandCommand(1, 'name a figure (dgraph, thermo, tg, spectrum, map)'),
  handler: () => {},
};
