/**
 * The counts and barriers of an activation campaign, from its landscape.json: what `betascape
 * activate` prints and writes to summary.json (with the catalogue's estimates added there).
 */
import type { LandscapeJson } from '../landscape-json.js';
import { analyseSubBasins } from '../subbasins.js';

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);

function median(v: number[]): number | null {
  if (!v.length) return null;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/**
 * Event counts by status, and the barriers of the distinct saddles adjacent to the initial minimum
 * (landscape/subbasins.ts); `runNow` events ran in this call, taking `wall` seconds.
 */
export function campaignSummary(db: LandscapeJson, events: number, runNow: number, wall: number) {
  const count = (s: string) => db.events.filter((e) => e.status === s).length;
  const sb = analyseSubBasins(db, { binWidth: 1, start: 1 });
  const barriers = sb.barriers;
  return {
    units: db.units, n_atoms: db.n_atoms, initial_energy: sb.startEnergy, events, run_now: runNow, wall_s: wall,
    ok: count('ok'), same_minimum: count('same-minimum'), no_saddle: count('no-saddle'),
    saddles: db.saddles.length, minima: db.minima.length, adjacent_saddles: barriers.length, adjacent_minima: sb.adjacent.length,
    barrier_mean: mean(barriers), barrier_median: median(barriers),
    barrier_min: barriers.length ? Math.min(...barriers) : null, barrier_max: barriers.length ? Math.max(...barriers) : null,
    event_barrier_mean: mean(db.events.filter((e) => e.status === 'ok').map((e) => e.activation_energy as number)),
  };
}
