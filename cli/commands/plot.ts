import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { disconnectivityGraph, readLandscapeJson } from '../../landscape/graph.js';
import { analyseSubBasins } from '../../landscape/subbasins.js';
import { subBasinFigure } from '../../analysis/plots/landscape-plots.js';
import { saveFigure } from '../../analysis/plots/figure.js';

interface DGraphArgs {
  dir: string;
  out?: string;
  png: boolean;
  'delta-e'?: number;
  bin?: number;
  start?: number;
  json: boolean;
}

/** Level spacing for about `parts` levels over the energies of the database (minima and saddles). */
function defaultSpacing(energies: number[], parts: number): number {
  const span = Math.max(...energies) - Math.min(...energies);
  return span > 0 ? Number((span / parts).toPrecision(2)) : 1;
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
    const db = readLandscapeJson(join(argv.dir, 'landscape.json'));
    if (db.minima.length === 0) throw new InputError(`${join(argv.dir, 'landscape.json')}: no minima`);
    const energies = [...db.minima.map((m) => m.energy), ...db.saddles.map((s) => s.energy)];
    const deltaE = argv['delta-e'] ?? defaultSpacing(energies, 30);
    const graph = disconnectivityGraph(db, { deltaE });
    const first = analyseSubBasins(db, { binWidth: 1, start: argv.start });
    const bin = argv.bin ?? (first.barriers.length > 0 ? defaultSpacing([0, ...first.barriers], 10) : deltaE);
    const sb = analyseSubBasins(db, { binWidth: bin, start: first.start });
    const out = argv.out ?? join(argv.dir, 'dgraph.svg');
    if (!out.endsWith('.svg')) throw new InputError(`--out: expected a file name ending in .svg, got '${out}'`);
    const written = saveFigure(subBasinFigure(graph, sb, { units: db.units, nAtoms: db.nAtoms }), out, { png: argv.png });
    const summary = {
      start: sb.start, start_energy: sb.startEnergy, minima: db.minima.length, saddles: db.saddles.length,
      adjacent_minima: sb.adjacent.length, bin, density: sb.density, barriers: sb.barrierHistogram,
      mean_barrier: Number.isFinite(sb.meanBarrier) ? sb.meanBarrier : null,
      mean_distance: Number.isFinite(sb.meanDistance) ? sb.meanDistance : null,
      delta_e: deltaE, graph_levels: graph.levels.length, graph_components: graph.roots.length, excluded_minima: graph.excluded.length,
      files: written,
    };
    if (argv.json) {
      console.log(JSON.stringify(summary));
      return;
    }
    console.log(`dgraph: ${db.minima.length} minima, ${db.saddles.length} saddles; ${graph.levels.length} levels of ΔE = ${deltaE} (${graph.roots.length} component(s))`);
    console.log(`  around minimum ${sb.start}: ${sb.adjacent.length} adjacent minima, mean barrier ${sb.meanBarrier.toPrecision(4)}` +
      (Number.isFinite(sb.meanDistance) ? `, mean distance ${sb.meanDistance.toPrecision(4)}` : ''));
    console.log(`wrote ${written.join(', ')}`);
  },
};

export const plotCommand = {
  command: 'plot',
  describe: 'Figures from run directories (SVG, optionally PNG)',
  builder: (y: Argv) => y.command(dgraphCommand).demandCommand(1, 'name a figure (dgraph)'),
  handler: () => {},
};
