/**
 * Validation of `betascape relax` on the Kob–Andersen mixture at density 1.2
 * (`node --import tsx test/validation/ka-relax.ts [--out DIR] [--n N] [--seed S] [--temperatures LIST]
 * [--equilibrate T] [--production T] [--dump-every K]`).
 *
 * Runs the τ_α(T) workflow (NVT, seeded; F_s of the A atoms at q = 7.25, the wavenumber of
 * Kob & Andersen, PRE 52, 4134 (1995)) and prints, per temperature, q* (first peak of S_AA),
 * τ_α at q = 7.25, the A-atom MSD at the end of the production, and the VFT fit. Checks (exit 1
 * when one fails): q* within 0.4 of 7.25; τ_α grows as T falls; the production is at least 5 τ_α
 * long; the measured temperature within 2 % of the target. Compare the printed τ_α with the
 * literature by hand (docs/structure.md).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RELAX_DEFAULTS, runRelax } from '../../analysis/dynamics/relax-workflow.js';
import { loadTrajectory } from '../../analysis/dynamics/trajectory.js';
import { firstPeakQ } from '../../analysis/dynamics/peak-q.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const OUT = opt('--out') ?? mkdtempSync(join(tmpdir(), 'betascape-ka-relax-'));
const temperatures = (opt('--temperatures') ?? '1.0,0.8,0.7,0.6').split(',').map(Number);
const settings = { ...RELAX_DEFAULTS, n: Number(opt('--n') ?? 1000), seed: Number(opt('--seed') ?? RELAX_DEFAULTS.seed), q: 7.25,
  equilibrate: Number(opt('--equilibrate') ?? RELAX_DEFAULTS.equilibrate), production: Number(opt('--production') ?? RELAX_DEFAULTS.production),
  dumpEvery: Number(opt('--dump-every') ?? RELAX_DEFAULTS.dumpEvery) };

const t0 = performance.now();
const r = runRelax(temperatures, OUT, settings, (l) => console.log(l));
const failures: string[] = [];
console.log('T      T_meas  q*     tau_alpha(q=7.25)');
let previous = 0;
for (const row of r.temperatures) {
  const qStar = firstPeakQ(loadTrajectory(join(OUT, `T${row.T}.dump`), { dt: settings.dt }), 1);
  console.log(`${row.T.toFixed(3)}  ${row.T_measured.toFixed(3)}   ${qStar.toFixed(3)}  ${row.tau_alpha?.toPrecision(4) ?? 'not reached'}`);
  if (Math.abs(qStar - 7.25) > 0.4) failures.push(`T = ${row.T}: q* = ${qStar}`);
  if (Math.abs(row.T_measured / row.T - 1) > 0.02) failures.push(`T = ${row.T}: measured T ${row.T_measured}`);
  if (row.tau_alpha === null || row.tau_alpha * 5 > settings.production) failures.push(`T = ${row.T}: production shorter than 5 tau_alpha`);
  if (row.tau_alpha !== null && row.tau_alpha <= previous) failures.push(`T = ${row.T}: tau_alpha does not grow as T falls`);
  previous = row.tau_alpha ?? Infinity;
}
if (r.vft) console.log(`VFT: tau0 = ${r.vft.tau0.toPrecision(4)}, D = ${r.vft.D.toPrecision(4)}, T0 = ${r.vft.T0.toPrecision(4)}, rms ln tau = ${r.vft.rms.toPrecision(3)}`);
console.log(`N = ${settings.n}, seed ${settings.seed}, ${((performance.now() - t0) / 1000).toFixed(0)} s, results in ${OUT}`);
for (const f of failures) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
