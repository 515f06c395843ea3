/**
 * MD-DMA validation (run on demand: node --import tsx test/validation/dma.ts [--write-fixture]).
 * A Kob–Andersen glass (N = 256 by default, BETASCAPE_DMA_N to change) quenched from T = 1.0 to 0.01
 * in 20000 steps, then:
 *  1. T → 0: G' equals the static finite-strain modulus (±1% shear, minimized) within 3%, tan δ < 0.01;
 *  2. temperature scan at P = 10 τ, γ0 = 3%, 12 cycles: G'' rises toward the glass transition (T_g ≈ 0.4 here);
 *  3. the liquid (T = 1.0, above T_g), γ0 = 20%: δ near 90° at long periods.
 * Numbers of a run with BETASCAPE_DMA_N=1000 are in docs/spectra.md.
 * --write-fixture writes the glass to test/fixtures/dma/ka256-glass.data (the glass of test/spectra.test.ts).
 */
import { fileURLToPath } from 'node:url';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { createForceField } from '../../sim/forces.js';
import { LJ_UNITS } from '../../sim/units.js';
import { cloneState, type State } from '../../sim/state.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { runMD } from '../../sim/md.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { writeLammpsData } from '../../sim/io/lammpsData.js';
import { runOscillation, staticShearModulus } from '../../analysis/spectra/oscillate.js';
import { quenchGlass } from '../../analysis/spectra/sample.js';

const N = Number(process.env.BETASCAPE_DMA_N ?? 256);
const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
const dt = 0.005;
let clock = performance.now();
const lap = () => {
  const s = (performance.now() - clock) / 1000;
  clock = performance.now();
  return `${s.toFixed(1)} s`;
};
const glass = quenchGlass({ n: N, composition: [0.8, 0.2], masses: [1, 1], typeNames: ['A', 'B'], density: 1.2, seed: 7, dt, tMelt: 1.0, meltSteps: 2000, tStop: 0.01, quenchSteps: 20000, damp: 0.5 }, ff, LJ_UNITS);
console.log(`glass N=${N} quenched and minimized (${lap()})`);
if (process.argv.includes('--write-fixture')) {
  const file = fileURLToPath(new URL('../fixtures/dma/ka256-glass.data', import.meta.url));
  writeLammpsData(file, glass, { title: `KA glass N=${N}, quenched T 1.0 -> 0.01 in 20000 steps (dt 0.005, seed 7), inherent structure (test/validation/dma.ts)` });
  console.log(`wrote ${file}`);
}

function dma(T: number, period: number, e0: number, cycles: number, equilibrate: number, seed: number) {
  const s: State = cloneState(glass);
  initVelocities(s, T, createRng(seed), LJ_UNITS);
  runMD(s, ff, { steps: equilibrate, dt, units: LJ_UNITS, thermostat: noseHoover({ damp: 0.5 }), tStart: T });
  const r = runOscillation(s, ff, {
    mode: 'shear', strainAmplitude: e0, period, cycles, transientCycles: 1, dt, units: LJ_UNITS, temperature: T,
    thermostat: noseHoover({ damp: 0.5 }), samplesPerCycle: 50,
  });
  return r;
}

let failures = 0;
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};

// 1. T -> 0
const st = staticShearModulus(glass, ff, LJ_UNITS, 0.01);
const cold = dma(0.01, 10, 0.01, 6, 400, 1).moduli;
console.log(`static G (±1%) = ${st.modulus.toFixed(3)}; MD-DMA T=0.01 P=10: G' = ${cold.storage.toFixed(3)} ± ${cold.storageErr.toFixed(3)}, G'' = ${cold.loss.toFixed(4)} ± ${cold.lossErr.toFixed(4)}, tan δ = ${cold.tanDelta.toFixed(4)} ± ${cold.tanDeltaErr.toFixed(4)} (${lap()})`);
check(Math.abs(cold.storage / st.modulus - 1) < 0.03, `G'(T=0.01) within 3% of the static modulus (${(100 * (cold.storage / st.modulus - 1)).toFixed(2)}%)`);
check(Math.abs(cold.tanDelta) < 0.01, `tan δ(T=0.01) < 0.01 (${cold.tanDelta.toFixed(4)})`);

// 2. temperature scan
const temps = [0.05, 0.15, 0.25, 0.35, 0.45];
const scan = temps.map((T, k) => {
  const m = dma(T, 10, 0.03, 12, 2000, 10 + k).moduli;
  console.log(`T=${T} P=10: G' = ${m.storage.toFixed(3)} ± ${m.storageErr.toFixed(3)}, G'' = ${m.loss.toFixed(4)} ± ${m.lossErr.toFixed(4)}, tan δ = ${m.tanDelta.toFixed(4)} (${lap()})`);
  return m;
});
check(scan[scan.length - 1].loss > scan[0].loss + 3 * Math.hypot(scan[0].lossErr, scan[scan.length - 1].lossErr), `G'' at T=0.45 above G'' at T=0.05 by more than 3 error bars`);
check(scan[scan.length - 1].tanDelta > scan[scan.length - 2].tanDelta && scan[scan.length - 2].tanDelta > scan[0].tanDelta, 'tan δ rises toward T_g (0.05 < 0.35 < 0.45)');

// 3. the liquid at long periods
for (const P of [20, 50]) {
  const m = dma(1.0, P, 0.2, 5, 2000, 30 + P).moduli;
  console.log(`liquid T=1.0 P=${P}: G' = ${m.storage.toFixed(3)} ± ${m.storageErr.toFixed(3)}, G'' = ${m.loss.toFixed(3)} ± ${m.lossErr.toFixed(3)}, δ = ${m.phaseDeg.toFixed(1)}° ± ${m.phaseDegErr.toFixed(1)}° (${lap()})`);
  if (P === 50) check(m.phaseDeg > 75, `liquid δ near 90° at P = 50 (${m.phaseDeg.toFixed(1)}°)`);
}
console.log(failures === 0 ? 'dma validation: all passed' : `dma validation: ${failures} failed`);
process.exitCode = failures === 0 ? 0 : 1;
