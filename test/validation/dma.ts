/**
 * MD-DMA validation, on demand: node --import tsx test/validation/dma.ts [cold] [scan[=T1,T2,..]] [liquid] [tension] [--write-fixture]
 * (no section: all; sections can run as separate processes, they share the cached glass).
 * Glass: Kob–Andersen, N = BETASCAPE_DMA_N (default 1000), quenched T 1.0 → 0.01 in 20000 steps, inherent
 * structure; cached in runs/dma-validation/ka<N>-glass.data. Shear unless said otherwise, NH thermostat.
 *  cold     T → 0 (T = 0.001): G' equals the static finite-strain modulus (±γ0, minimized) within 3%
 *           and tan δ < 0.01. Linear response needs a small amplitude and a long period: γ0 = 0.25%,
 *           P = 40 τ. At γ0 = 1% the N = 1000 glass is already non-linear (the static ±1% modulus
 *           is 2.5% below the ±0.25% one: the inherent structures rearrange), and at P = 10 τ the
 *           slowest sound modes of the box (period ≈ L/c_t ≈ 2.4 τ) lag the drive (G' −2.5%).
 *  scan     temperature scan at P = 10 τ, γ0 = 1%, 30 fitted cycles: G'' rises toward T_g (≈ 0.4);
 *           one point repeated at γ0 = 0.5% checks linearity.
 *  liquid   T = 1.0 (above T_g), γ0 = 20%: δ near 90° at P = 50 τ.
 *  tension  T = 0.001, γ0 = 0.25%, P = 40 τ, 7 fitted cycles: E' within 3% of the static Young's
 *           modulus in the same geometry (each lateral stress relaxed to its unstrained value), also
 *           printed against 9BG/(3B + G), for lateral control times τ_p = 0.1 and 0.5.
 * Numbers of the last run are in docs/spectra.md.
 * --write-fixture writes the glass to test/fixtures/dma/ka256-glass.data (with BETASCAPE_DMA_N=256).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { LJ_UNITS } from '../../sim/units.js';
import { cloneState, type State } from '../../sim/state.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { runMD } from '../../sim/md.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { parseLammpsDataFile, writeLammpsData } from '../../sim/io/lammps-data.js';
import { createForceField, computeForces } from '../../sim/forces.js';
import { deformBox } from '../../sim/box.js';
import { pressureTensor } from '../../sim/thermo.js';
import { minimize } from '../../landscape/minimize/index.js';
import {
  runOscillation, staticShearModulus, staticBulkModulus, staticTensionModulus, type DeformationMode, type LateralControl,
} from '../../analysis/spectra/oscillate.js';
import { quenchGlass } from '../../analysis/spectra/sample.js';

const N = Number(process.env.BETASCAPE_DMA_N ?? 1000);
const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
const dt = 0.005;
const started = performance.now();
const clock = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const want = (s: string) => args.length === 0 || args.some((a) => a === s || a.startsWith(`${s}=`));

function loadGlass(n: number): State {
  const file = n === 256 && !process.argv.includes('--write-fixture')
    ? fileURLToPath(new URL('../fixtures/dma/ka256-glass.data', import.meta.url))
    : fileURLToPath(new URL(`../../runs/dma-validation/ka${n}-glass.data`, import.meta.url));
  if (existsSync(file) && !process.argv.includes('--write-fixture')) return parseLammpsDataFile(file, { typeNames: ['A', 'B'] });
  const glass = quenchGlass({ n, composition: [0.8, 0.2], masses: [1, 1], typeNames: ['A', 'B'], density: 1.2, seed: 7, dt, tMelt: 1.0, meltSteps: 2000, tStop: 0.01, quenchSteps: 20000, damp: 0.5 }, ff, LJ_UNITS);
  const out = process.argv.includes('--write-fixture') ? fileURLToPath(new URL('../fixtures/dma/ka256-glass.data', import.meta.url)) : file;
  mkdirSync(dirname(out), { recursive: true });
  writeLammpsData(out, glass, { title: `KA glass N=${n}, quenched T 1.0 -> 0.01 in 20000 steps (dt 0.005, seed 7), inherent structure (test/validation/dma.ts)` });
  console.log(`glass N=${n} quenched and minimized, written to ${out} (${clock()})`);
  return glass;
}

interface Run { T: number; period: number; e0: number; cycles: number; equilibrate: number; seed: number; mode?: DeformationMode; lateral?: LateralControl; samples?: number }

function dma(glass: State, r: Run) {
  const s = cloneState(glass);
  initVelocities(s, r.T, createRng(r.seed), LJ_UNITS);
  runMD(s, ff, { steps: r.equilibrate, dt, units: LJ_UNITS, thermostat: noseHoover({ damp: 0.5 }), tStart: r.T });
  const m = runOscillation(s, ff, {
    mode: r.mode ?? 'shear', strainAmplitude: r.e0, period: r.period, cycles: r.cycles, transientCycles: 1, dt, units: LJ_UNITS, temperature: r.T,
    thermostat: noseHoover({ damp: 0.5 }), samplesPerCycle: r.samples ?? 100, lateral: r.lateral,
  }).moduli;
  console.log(
    `${r.mode ?? 'shear'} T=${r.T} P=${r.period} γ0=${r.e0}${r.lateral ? ` τp=${r.lateral.damp}` : ''}: M' = ${m.storage.toFixed(3)} ± ${m.storageErr.toFixed(3)}, ` +
      `M'' = ${m.loss.toFixed(4)} ± ${m.lossErr.toFixed(4)}, tan δ = ${m.tanDelta.toFixed(4)} ± ${m.tanDeltaErr.toFixed(4)}, δ = ${m.phaseDeg.toFixed(1)}° ± ${m.phaseDegErr.toFixed(1)}° (${clock()})`,
  );
  return m;
}

let failures = 0;
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};

if (process.argv.includes('--write-fixture')) loadGlass(N);

if (want('cold')) {
  const glass = loadGlass(N);
  const e0 = 0.0025;
  const G = staticShearModulus(glass, ff, LJ_UNITS, e0).modulus;
  const G1 = staticShearModulus(glass, ff, LJ_UNITS, 0.01).modulus;
  console.log(`N=${N}: static G (±0.25%) = ${G.toFixed(3)}, (±1%) = ${G1.toFixed(3)} (${clock()})`);
  const m = dma(glass, { T: 0.001, period: 40, e0, cycles: 7, equilibrate: 400, seed: 1 });
  check(Math.abs(m.storage / G - 1) < 0.03, `G'(T=0.001) within 3% of the static modulus (${(100 * (m.storage / G - 1)).toFixed(2)}%)`);
  check(Math.abs(m.tanDelta) < 0.01, `|tan δ(T=0.001)| < 0.01 (${m.tanDelta.toFixed(4)} ± ${m.tanDeltaErr.toFixed(4)})`);
}

if (want('scan')) {
  const glass = loadGlass(N);
  const arg = args.find((a) => a.startsWith('scan='));
  const temps = arg ? arg.slice(5).split(',').map(Number) : [0.05, 0.2, 0.3, 0.4, 0.45];
  const scan = temps.map((T, k) => ({ T, m: dma(glass, { T, period: 10, e0: 0.01, cycles: 31, equilibrate: 2000, seed: 10 + k }) }));
  if (!arg || args.includes('linear')) dma(glass, { T: 0.4, period: 10, e0: 0.005, cycles: 31, equilibrate: 2000, seed: 40 });
  if (scan.length >= 2) {
    const [lo, hi] = [scan[0].m, scan[scan.length - 1].m];
    check(hi.loss > lo.loss + 3 * Math.hypot(lo.lossErr, hi.lossErr), `G'' at T=${temps[temps.length - 1]} above G'' at T=${temps[0]} by more than 3 error bars`);
  }
}

if (want('liquid')) {
  const glass = loadGlass(N);
  const m = dma(glass, { T: 1.0, period: 50, e0: 0.2, cycles: 5, equilibrate: 2000, seed: 80, samples: 50 });
  check(m.phaseDeg > 75, `liquid δ near 90° at P = 50 (${m.phaseDeg.toFixed(1)}° ± ${m.phaseDegErr.toFixed(1)}°)`);
}

if (want('tension')) {
  const glass = loadGlass(N);
  const e0 = 0.0025;
  const G = staticShearModulus(glass, ff, LJ_UNITS, e0).modulus;
  const B = staticBulkModulus(glass, ff, LJ_UNITS, e0);
  const formula = (9 * B * G) / (3 * B + G);
  const st = staticTensionModulus(glass, ff, LJ_UNITS, e0, { bulk: B, shear: G });
  // Uniaxial-strain modulus C11 (lateral lengths fixed): the limit of a lateral control that lags.
  const c11 = (() => {
    const sigma = (e: number) => {
      const s = cloneState(glass);
      deformBox(s.box, { ...glass.box, lx: glass.box.lx * (1 + e) }, s.x);
      minimize(s, ff, { method: 'cg', ftol: 1e-10, units: LJ_UNITS });
      computeForces(s, ff, { energyVirial: true });
      return -pressureTensor(s, ff.out.virial, LJ_UNITS)[0];
    };
    return (sigma(e0) - sigma(-e0)) / (2 * e0);
  })();
  console.log(`N=${N}: static G_xy = ${G.toFixed(3)}, B = ${B.toFixed(3)}, 9BG/(3B+G) = ${formula.toFixed(3)}; static tension E_x = ${st.modulus.toFixed(3)} (Poisson ${(-st.lateralStrain / e0).toFixed(3)}), C11 = ${c11.toFixed(3)} (${clock()})`);
  for (const damp of [0.1, 0.5]) {
    const m = dma(glass, { T: 0.001, period: 40, e0, cycles: 8, equilibrate: 400, seed: 90, mode: 'tension', lateral: { damp, modulus: 50 } });
    // Berendsen lag: the lateral strain relaxes with τ' = τ_p M / (C22 + C23), C22 + C23 ≈ 2B + 2G/3;
    // to first order in ωτ' it adds tan δ ≈ (C11/E - 1) ω τ' (docs/spectra.md).
    const lag = (c11 / st.modulus - 1) * ((2 * Math.PI) / 40) * ((damp * 50) / (2 * B + (2 * G) / 3));
    console.log(`  τp = ${damp}: Berendsen-lag estimate of tan δ ${lag.toFixed(4)}`);
    if (damp === 0.1) check(Math.abs(m.storage / st.modulus - 1) < 0.03, `tension E'(τp = 0.1) within 3% of the static tension modulus (${(100 * (m.storage / st.modulus - 1)).toFixed(2)}%)`);
    if (damp === 0.1) check(Math.abs(m.tanDelta) < 0.01 + 2 * m.tanDeltaErr, `tension tan δ(τp = 0.1) ≈ 0 (${m.tanDelta.toFixed(4)} ± ${m.tanDeltaErr.toFixed(4)})`);
  }
}

console.log(failures === 0 ? 'dma validation: all passed' : `dma validation: ${failures} failed`);
process.exitCode = failures === 0 ? 0 : 1;
