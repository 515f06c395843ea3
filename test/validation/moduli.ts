/**
 * Validation of the local-modulus maps (issue 6) on Kob–Andersen glasses:
 *  1. the distribution of local shear moduli narrows as the voxel W grows;
 *  2. faster-quenched glasses have wider distributions than slower-quenched ones.
 *
 * Quenches N = 2000 KA glasses (T 1.0 -> 0.1 at two rates, several seeds) with `betascape sweep`
 * (resumes: finished members are kept), then runs localElasticity once per glass and re-bins it
 * to several voxel sizes (coarseGrain), and maps the surface through the CR-AFM model.
 *
 *   node --import tsx test/validation/moduli.ts [outdir]        (default runs/moduli-validation)
 *
 * Environment: MODULI_N (2000), MODULI_RATES ("0.1,0.001"), MODULI_SEEDS (4).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLammpsDataFile } from '../../sim/io/lammps-data.js';
import { createForceField } from '../../sim/forces.js';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { LJ_UNITS } from '../../sim/units.js';
import { coarseGrain, localElasticity } from '../../analysis/heterogeneity/local-elasticity.js';
import { autocorrelation, summarize } from '../../analysis/heterogeneity/statistics.js';
import { surfaceMap } from '../../analysis/heterogeneity/fields.js';
import { frequencyMap, TAP300AL_G } from '../../analysis/crafm/forward.js';

const out = resolve(process.argv[2] ?? 'runs/moduli-validation');
const N = Number(process.env.MODULI_N ?? 2000);
const RATES = (process.env.MODULI_RATES ?? '0.1,0.001').split(',').map(Number);
const SEEDS = Number(process.env.MODULI_SEEDS ?? 4);
const bin = fileURLToPath(new URL('../../cli/betascape.js', import.meta.url));
mkdirSync(out, { recursive: true });

const config = `name: moduli-validation
model: ka
n: ${N}
density: 1.2
ensemble: nvt
thermostat: { damp: 0.5, chain: 3 }
dt: 0.005
melt: { T: 2.0, duration: 20 }
quench: { T_start: 1.0, T_end: 0.1, hold: 20, rates: [${RATES.join(', ')}] }
seeds: ${SEEDS}
sampling: { thermo_every: 200 }
minimize: { method: cg, ftol: 1.0e-8 }
output: ${join(out, 'glasses')}
`;
writeFileSync(join(out, 'config.yaml'), config);
const t0 = performance.now();
const sweep = spawnSync(process.execPath, [bin, 'sweep', join(out, 'config.yaml'), '--jobs', '2', '--quiet'], { stdio: 'inherit' });
if (sweep.status !== 0) throw new Error(`sweep failed (${sweep.status})`);
console.log(`quenches done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

const rateLabel = (r: number) => `rate-${r.toExponential(0)}`;
const ff = () => createForceField(new LennardJones(kobAndersen()), 0.3);
const sigmaNm = 0.25, epsilonEv = 0.1;
const pascals = (epsilonEv * 1.602176634e-19) / (sigmaNm * 1e-9) ** 3;

interface Row { rate: number; seed: number; L: number; G: number; byW: { W: number; mean: number; std: number; rel: number; xi: number | null }[]; fStdKHz: number; fMeanKHz: number }
const rows: Row[] = [];
for (const rate of RATES) {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const dir = join(out, 'glasses', `${rateLabel(rate)}_seed-${seed}`);
    const path = join(dir, 'inherent.data');
    if (!existsSync(path)) throw new Error(`missing ${path}`);
    const state = parseLammpsDataFile(path, { typeNames: ['A', 'B'] });
    const L = state.box.lx;
    const t = performance.now();
    const le = localElasticity(state, ff(), { voxel: L / 6, units: LJ_UNITS, delta: 1e-5, ftol: 1e-10, method: 'lbfgs', relaxReference: true });
    const byW = [6, 5, 4, 3, 2].map((k) => {
      const g = coarseGrain(le, L / k);
      const s = summarize(g.localModuli.G);
      const a = autocorrelation(g.localModuli.G, [k, k, k], g.grid.cell);
      return { W: L / k, mean: s.mean, std: s.std, rel: s.relativeWidth, xi: a.correlationLength };
    });
    // CR-AFM on the W = L/6 surface map of E (top 2 layers), sigma 0.25 nm, epsilon 0.1 eV.
    const E = { nx: le.grid.nx, ny: le.grid.ny, nz: le.grid.nz, cell: le.grid.cell, values: le.localModuli.E };
    const surf = surfaceMap(E, 2);
    const fm = frequencyMap({ ...surf, cell: [surf.cell[0] * sigmaNm * 1e-9, surf.cell[1] * sigmaNm * 1e-9], values: surf.values.map((v) => v * pascals) }, le.globalModuli.nu, TAP300AL_G, { tipAverage: false });
    const fs = summarize(fm.frequency.values);
    rows.push({ rate, seed, L, G: le.globalModuli.G, byW, fStdKHz: fs.std / 1e3, fMeanKHz: fs.mean / 1e3 });
    console.log(`rate ${rate} seed ${seed}: G ${le.globalModuli.G.toFixed(2)}, rel. width of local G at W = ${byW.map((b) => `${b.W.toFixed(2)}: ${(100 * b.rel).toFixed(1)}%`).join(', ')}; CR-AFM std ${(fs.std / 1e3).toFixed(2)} kHz (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
}

const meanSd = (a: number[]) => {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  const sd = a.length > 1 ? Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1)) : 0;
  return { mean: m, sd };
};
const table = RATES.map((rate) => {
  const rs = rows.filter((r) => r.rate === rate);
  return {
    rate,
    G: meanSd(rs.map((r) => r.G)),
    byW: rs[0].byW.map((_, k) => ({ W: rs[0].byW[k].W, std: meanSd(rs.map((r) => r.byW[k].std)), rel: meanSd(rs.map((r) => r.byW[k].rel)) })),
    crafmStdKHz: meanSd(rs.map((r) => r.fStdKHz)),
  };
});
writeFileSync(join(out, 'results.json'), JSON.stringify({ N, rates: RATES, seeds: SEEDS, rows, table }, null, 1));
console.log('\nrate     G (mean ± sd)    std of local G at W (mean ± sd over seeds)');
for (const t of table) {
  console.log(`${t.rate.toExponential(0).padEnd(8)} ${t.G.mean.toFixed(2)} ± ${t.G.sd.toFixed(2)}   ${t.byW.map((b) => `W ${b.W.toFixed(2)}: ${b.std.mean.toFixed(2)} ± ${b.std.sd.toFixed(2)} (${(100 * b.rel.mean).toFixed(1)}%)`).join(' | ')}   CR-AFM std ${t.crafmStdKHz.mean.toFixed(2)} ± ${t.crafmStdKHz.sd.toFixed(2)} kHz`);
}
const narrows = table.every((t) => t.byW.every((b, k) => k === 0 || b.std.mean < t.byW[k - 1].std.mean));
const fastWider = table[0].byW.every((b, k) => b.std.mean > table[table.length - 1].byW[k].std.mean);
console.log(`\nnarrows with W: ${narrows ? 'yes' : 'NO'}; faster quench wider at every W: ${fastWider ? 'yes' : 'NO'}`);
console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s; results in ${join(out, 'results.json')}`);
