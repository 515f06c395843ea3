/**
 * The direct cross-check of the event spectrum (docs/spectra.md): one Kob–Andersen glass, its loss
 * measured by MD-DMA and computed from its sampled events, at the same frequencies and temperatures.
 *
 *   node --import tsx test/validation/event-spectrum.ts [EVENTS]      (EVENTS: activations, default 600)
 *
 * 1. glass: N = 1000, density 1.2, NVT, melt at 2.0, hold at 1.0, quench to 0.05 at 1e-3/τ, Tg
 *    from E(T), inherent structure (`betascape sweep`, about 2 min);
 * 2. MD-DMA in shear xy (`betascape spectrum dma`): γ0 = 1 %, periods 10 τ and 100 τ, T = 0.005 and
 *    0.04 … 0.34 (T/Tg ≈ 0.01, 0.1 … 0.8), 30 fitted cycles each (about 1 min per P = 10 member and 5–10 min per
 *    P = 100 member on one core);
 * 3. activations from the glass IS (`betascape activate`, seed 1, Vineyard ν0 on 2.5 σ regions;
 *    2–10 s per event on one core), then the event spectrum at f = 1/P, shear xy (`--orientation box`).
 * Every step resumes where it stopped. Prints the table of G″ from both and their ratio, with the
 * MD-DMA standard errors and the sampling estimate. Results in runs/crosscheck/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCatalogue } from '../../analysis/spectra/event-catalogue.js';
import { attemptFallbacks, eventSpectrum, typicalAttemptFrequency } from '../../analysis/spectra/event-spectrum.js';

const events = Number(process.argv[2] ?? 600);
const dir = resolve('runs/crosscheck');
mkdirSync(dir, { recursive: true });
// T = 0.005: nearly no activated events can relax; what MD-DMA still measures there is not from barriers.
const temperatures = [0.005, 0.04, 0.08, 0.13, 0.21, 0.29, 0.34];
const periods = [10, 100];

function betascape(...args: string[]): string {
  const r = spawnSync(process.execPath, ['cli/betascape.js', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`betascape ${args.join(' ')} failed (exit ${r.status})`);
  return r.stdout;
}

writeFileSync(join(dir, 'sweep.yaml'), `name: crosscheck-ka1000
model: ka
n: 1000
density: 1.2
ensemble: nvt
thermostat: { damp: 0.5, chain: 3 }
dt: 0.005
melt: { T: 2.0, duration: 20 }
quench: { T_start: 1.0, T_end: 0.05, hold: 20, rates: [1.0e-3] }
seeds: [1]
sampling: { thermo_every: 100 }
minimize: { method: cg, ftol: 1.0e-10 }
output: ${join(dir, 'glass')}
`);
betascape('sweep', join(dir, 'sweep.yaml'), '--jobs', '1');
const member = join(dir, 'glass', 'rate-1e-3_seed-1');
const Tg = JSON.parse(readFileSync(join(member, 'summary.json'), 'utf8')).Tg as number;
const glass = join(member, 'inherent.data');

writeFileSync(join(dir, 'dma.yaml'), `output: dma
model: ka
sample: { data: glass/rate-1e-3_seed-1/inherent.data }
mode: shear
strain_amplitude: 0.01
dt: 0.005
thermostat: { kind: nose-hoover, damp: 0.5 }
equilibrate_steps: 4000
cycles: 31
transient_cycles: 1
samples_per_cycle: 50
seed: 1
jobs: 1
scans:
  - { temperatures: [${temperatures.join(', ')}], periods: [10] }
  - { temperatures: [${temperatures.join(', ')}], periods: [100] }
`);
const dma = JSON.parse(betascape('spectrum', 'dma', join(dir, 'dma.yaml'), '--json')) as { T: number; period: number; loss: number; loss_err: number; storage: number; storage_err: number }[];

const act = join(dir, 'events');
const summary = JSON.parse(betascape('activate', '--data', glass, '--model', 'ka', '--events', String(events), '--seed', '1', '--jobs', '1', '--out', act, '--json'));
const sampling = JSON.parse(readFileSync(join(act, 'sampling.json'), 'utf8'));

console.log(`glass: KA N = 1000, Tg = ${Tg.toFixed(3)} (quench 1e-3/τ); ${summary.events} activations: ${summary.ok} saddles, ${summary.no_saddle} without saddle, ` +
  `${summary.same_minimum} back to the same minimum, ${summary.not_from_start} not out of the start; ${sampling.distinct} distinct events out of the glass ` +
  `(found once ${sampling.singletons}, twice ${sampling.doubletons}); Chao1 ${sampling.estimated.toFixed(0)} (95 % ${sampling.interval.map((v: number) => v.toFixed(0)).join('–')}), weight ${sampling.weight.toFixed(2)}`);
const catalogue = readCatalogue(act);
const typicalNu = typicalAttemptFrequency(catalogue)!;
console.log(`ν0 (Vineyard, 2.5 σ regions): geometric mean ${typicalNu.toFixed(3)}/τ over ${catalogue.events.length - attemptFallbacks(catalogue)} of ${catalogue.events.length} events`);
console.log('| P (τ) | T | T/Tg | G″ MD-DMA | G″ events | events / MD-DMA | G″ events, barriers ≥ 1 kT | ≥ 3 kT | G″ events, ν0 × 10 | ν0 / 10 | G′ MD-DMA | G′ events |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const P of periods) {
  const spectrum = (o: { attemptFrequency?: number; minBarrierKT?: number } = {}) => eventSpectrum(catalogue, {
    mode: 'shear', orientation: 'box', frequency: 1 / P, temperatures, boltzmann: 1, stressPerEnergyDensity: 1, ...o,
  });
  const own = spectrum(), above1 = spectrum({ minBarrierKT: 1 }), above3 = spectrum({ minBarrierKT: 3 });
  const fast = spectrum({ attemptFrequency: 10 * typicalNu }), slow = spectrum({ attemptFrequency: 0.1 * typicalNu });
  temperatures.forEach((T, k) => {
    const row = dma.find((r) => r.T === T && r.period === P);
    const g = (v: number, e: number) => `${v.toFixed(3)} ± ${e.toFixed(3)}`;
    const ratio = row ? own[k].loss / row.loss : NaN;
    const p3 = (v: number) => v.toPrecision(3);
    console.log(`| ${P} | ${T} | ${(T / Tg).toFixed(2)} | ${row ? g(row.loss, row.loss_err) : '–'} | ${p3(own[k].loss)} | ` +
      `${row ? `${p3(ratio)} ± ${(ratio * row.loss_err / row.loss).toPrecision(2)}` : '–'} | ${p3(above1[k].loss)} | ${p3(above3[k].loss)} | ` +
      `${p3(fast[k].loss)} | ${p3(slow[k].loss)} | ${row ? g(row.storage, row.storage_err) : '–'} | ${own[k].storage.toFixed(2)} |`);
  });
}
