/**
 * The disconnectivity graph of a run directory's landscape.json beside the sub-basin density and
 * barriers around its starting IS (`plot dgraph`): level spacing and histogram bins chosen from
 * the energies when not given, the figure written, and a summary of what it shows.
 */
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { disconnectivityGraph } from '../../landscape/graph.js';
import { readLandscapeJson } from '../../landscape/landscape-json.js';
import { analyseSubBasins } from '../../landscape/subbasins.js';
import { subBasinFigure } from './landscape-plots.js';
import { saveFigure } from './figure.js';

export interface DGraphSettings {
  /** Energy spacing of the graph levels (default: 1/30 of the energy range). */
  deltaE?: number;
  /** Energy interval of the density and barrier histograms (default: 1/10 of the barrier range). */
  bin?: number;
  /** Id of the starting IS (default: the minimum most activations started from). */
  start?: number;
  /** SVG file (default RUN_DIR/dgraph.svg); png: also a PNG beside it. */
  out?: string;
  png?: boolean;
}

/** Level spacing for about `parts` levels over the energies (minima and saddles), to two digits. */
function defaultSpacing(energies: number[], parts: number): number {
  const span = Math.max(...energies) - Math.min(...energies);
  return span > 0 ? Number((span / parts).toPrecision(2)) : 1;
}

/** Draws the figure of DIR/landscape.json and returns the summary (`--json`), with the files written. */
export function dgraphReport(dir: string, o: DGraphSettings) {
  const db = readLandscapeJson(join(dir, 'landscape.json'));
  if (db.minima.length === 0) throw new InputError(`${join(dir, 'landscape.json')}: no minima`);
  const energies = [...db.minima.map((m) => m.energy), ...db.saddles.map((s) => s.energy)];
  const deltaE = o.deltaE ?? defaultSpacing(energies, 30);
  const graph = disconnectivityGraph(db, { deltaE });
  const first = analyseSubBasins(db, { binWidth: 1, start: o.start });
  const bin = o.bin ?? (first.barriers.length > 0 ? defaultSpacing([0, ...first.barriers], 10) : deltaE);
  const sb = analyseSubBasins(db, { binWidth: bin, start: first.start });
  const out = o.out ?? join(dir, 'dgraph.svg');
  if (!out.endsWith('.svg')) throw new InputError(`--out: expected a file name ending in .svg, got '${out}'`);
  const written = saveFigure(subBasinFigure(graph, sb, { units: db.units, nAtoms: db.n_atoms }), out, { png: o.png ?? false });
  return {
    start: sb.start, start_energy: sb.startEnergy, minima: db.minima.length, saddles: db.saddles.length,
    adjacent_minima: sb.adjacent.length, bin, density: sb.density, barriers: sb.barrierHistogram,
    mean_barrier: Number.isFinite(sb.meanBarrier) ? sb.meanBarrier : null,
    mean_distance: Number.isFinite(sb.meanDistance) ? sb.meanDistance : null,
    delta_e: deltaE, graph_levels: graph.levels.length, graph_components: graph.roots.length, excluded_minima: graph.excluded.length,
    files: written,
  };
}
