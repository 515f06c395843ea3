import { saveFigure } from './analysis/plots/figure.js';
import { fig4SubBasins, quenchCurves, isDistributions } from './analysis/plots/study.js';
import { disconnectivityGraph } from './landscape/graph.js';
import { analyseSubBasins } from './landscape/subbasins.js';
import { SAMPLES, syntheticGlasses } from './test/helpers/study-glasses.js';
const ms = syntheticGlasses({ full: true });
const db = { minima: [{ id: 1, energy: -10 }, { id: 2, energy: -9.4 }, { id: 3, energy: -9.7 }, { id: 4, energy: -9.2 }], saddles: [{ id: 1, energy: -9, minA: 1, minB: 2, initial: 1 }, { id: 2, energy: -8.8, minA: 1, minB: 3, initial: 1 }, { id: 3, energy: -8.5, minA: 2, minB: 4, initial: 2 }], events: [] };
const sb = analyseSubBasins(db, { binWidth: 0.2, start: 1 });
for (const f of [fig4SubBasins('ka', disconnectivityGraph(db, { deltaE: 0.2 }), sb, 1), quenchCurves(SAMPLES.map((s, k) => ({ sample: s, T: [1, 0.8, 0.6, 0.4], E: [-6, -6.4, -6.8, -7.1 - 0.001 * k] }))), isDistributions(ms, SAMPLES)])
  saveFigure(f.fig, `/tmp/figs/${f.id}.svg`, { png: true });
