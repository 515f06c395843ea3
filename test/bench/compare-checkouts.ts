/**
 * Is one checkout faster than another? Times the force evaluations (or MD steps) of two checkouts
 * of betascape on the same configuration, alternating them in one process, and says whether
 * their forces are the same bits. On these machines the speed drifts by tens of per cent within
 * minutes, so two checkouts timed one after the other can differ by chance; alternating them in
 * rounds (every other round in the reverse order) and taking the ratio within each round cancels
 * the drift, and the sign test says how often the difference is in one direction.
 *
 *   node --import tsx test/bench/compare-checkouts.ts --a ../main --b .            Cu64Zr36, N = 16000, cpu
 *   node --import tsx test/bench/compare-checkouts.ts --a A --b B --model ka --n 32000 --backend threads
 *   ... --rounds 16 --evals 5     rounds, and force evaluations per checkout and round
 *   ... --md 40                   whole NVE steps from the same start instead of force evaluations
 *
 * Both checkouts need their kernels built (`npm run build` in each). The configuration is a liquid
 * made by checkout A: KA at T = 2 (200 Nosé–Hoover steps), Cu64Zr36 at 2000 K (100 Langevin steps),
 * as `npm run bench` makes them.
 */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { summariseRounds } from './paired-rounds.js';

const args = process.argv.slice(2);
function option(name: string, fallback?: string): string {
  const k = args.indexOf(`--${name}`);
  if (k >= 0 && k + 1 < args.length) return args[k + 1];
  if (fallback === undefined) fail(`--${name} is required`);
  return fallback;
}
function whole(name: string, fallback: number): number {
  const v = Number(option(name, String(fallback)));
  if (!Number.isInteger(v) || v < 1) fail(`--${name} takes a whole number of at least 1`);
  return v;
}
function fail(message: string): never {
  console.error(`compare-checkouts: ${message}`);
  process.exit(2);
}

// A checkout that fails (kernels not built, say) ends the comparison with its one-line message.
process.on('uncaughtException', (e) => fail(e instanceof Error ? e.message : String(e)));

const roots = [resolve(option('a')), resolve(option('b'))];
for (const r of roots) if (!existsSync(`${r}/sim/open-force-field.ts`)) fail(`${r} is not a betascape checkout (no sim/open-force-field.ts)`);
const MODEL = option('model', 'cu64zr36');
if (MODEL !== 'ka' && MODEL !== 'cu64zr36') fail(`--model: ka or cu64zr36, got ${MODEL}`);
const BACKEND = option('backend', 'cpu');
if (BACKEND !== 'cpu' && BACKEND !== 'threads') fail(`--backend: cpu or threads, got ${BACKEND}`);
const N = whole('n', MODEL === 'ka' ? 4000 : 16000);
const ROUNDS = whole('rounds', 16), EVALS = whole('evals', 5);
const MD_STEPS = args.includes('--md') ? whole('md', 40) : 0;
const POTENTIAL = `${process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials'}/CuZr_mm.eam.fs`;

/** The modules of one checkout this comparison uses. */
async function checkout(root: string) {
  const m = (path: string) => import(`${root}/sim/${path}`);
  return {
    open: (await m('open-force-field.ts')).openForceField, computeForces: (await m('forces.ts')).computeForces, runMD: (await m('md.ts')).runMD,
    nve: (await m('integrate/thermostat.ts')).nve, noseHoover: (await m('integrate/nose-hoover.ts')).noseHoover,
    langevin: (await m('integrate/langevin.ts')).langevin, buildSample: (await m('init.ts')).buildSample,
    initVelocities: (await m('velocities.ts')).initVelocities, createRng: (await m('random.ts')).createRng,
    kobAndersen: (await m('potentials/lj-model.ts')).kobAndersen, loadEam: (await m('potentials/eam.ts')).loadEam, units: await m('units.ts'),
  };
}
type Checkout = Awaited<ReturnType<typeof checkout>>;

const [A, B] = await Promise.all(roots.map(checkout));
const ka = MODEL === 'ka';
const model = ka ? A.kobAndersen() : null;
const spec = ka ? { kind: 'lj', model } : { kind: 'eam', file: POTENTIAL, elements: ['Cu', 'Zr'] };
const units = ka ? A.units.LJ_UNITS : A.units.METAL_UNITS;
const dt = ka ? 0.005 : 0.001, skin = ka ? 0.3 : 2.0;

const start = await (async () => {
  const s = A.buildSample(
    ka
      ? { n: N, composition: model.composition, masses: model.species.map((x: { mass: number }) => x.mass), typeNames: model.species.map((x: { name: string }) => x.name), density: model.density, placement: 'lattice' }
      : { n: N, composition: [0.64, 0.36], masses: A.loadEam(POTENTIAL, ['Cu', 'Zr']).masses, typeNames: ['Cu', 'Zr'], density: 0.059, placement: 'lattice' },
    A.createRng(1000 + N),
  );
  A.initVelocities(s, ka ? 2.0 : 1500, A.createRng(1001 + N), units);
  const melt = await A.open(spec, 'cpu', { skin });
  const thermostat = ka ? A.noseHoover({ damp: 0.5 }) : A.langevin({ damp: 0.05, seed: 7 });
  A.runMD(s, melt.ff, { steps: ka ? 200 : 100, dt, units, thermostat, tStart: ka ? 2.0 : 2000 });
  melt.dispose();
  return s;
})();

const fields = await Promise.all([A, B].map((c) => c.open(spec, BACKEND, { skin, workers: 2 })));
const states = [structuredClone(start), structuredClone(start)];

/** Milliseconds per force evaluation or MD step of checkout k. */
function time(k: number): number {
  const c: Checkout = [A, B][k], ff = fields[k].ff;
  if (MD_STEPS > 0) {
    const s = structuredClone(start);
    const opts = { dt, units, thermostat: c.nve(), thermoEvery: 100 };
    c.runMD(s, ff, { ...opts, steps: 5 });
    const t0 = performance.now();
    c.runMD(s, ff, { ...opts, steps: MD_STEPS });
    states[k] = s;
    return (performance.now() - t0) / MD_STEPS;
  }
  const t0 = performance.now();
  for (let e = 0; e < EVALS; e++) c.computeForces(states[k], ff, { energyVirial: false });
  return (performance.now() - t0) / EVALS;
}

console.log(`${MODEL} N = ${N}, ${BACKEND}, ${MD_STEPS > 0 ? `${MD_STEPS} NVE steps` : `${EVALS} force evaluations`} per checkout and round; A = ${roots[0]}, B = ${roots[1]}`);
time(0);
time(1);
const ratios: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const ms = [0, 0];
  for (const k of r % 2 === 0 ? [0, 1] : [1, 0]) ms[k] = time(k);
  ratios.push(ms[0] / ms[1]);
  console.log(`round ${r + 1}: A ${ms[0].toFixed(2)} ms, B ${ms[1].toFixed(2)} ms, A/B ${(ms[0] / ms[1]).toFixed(3)}`);
}
const sum = summariseRounds(ratios);
console.log(`time A / time B: median ${sum.median.toFixed(3)}, range ${sum.min.toFixed(3)}–${sum.max.toFixed(3)}; B faster in ${sum.bFaster} of ${sum.rounds} rounds (sign test p = ${sum.p.toPrecision(2)}, two-sided)`);
let largest = 0;
for (let i = 0; i < states[0].f.length; i++) largest = Math.max(largest, Math.abs(states[0].f[i] - states[1].f[i]));
console.log(MD_STEPS > 0 ? `forces after the last segment: largest |F_A - F_B| = ${largest.toExponential(2)}` : `the same forces: ${largest === 0 ? 'yes, bit for bit' : `no, largest |F_A - F_B| = ${largest.toExponential(2)}`}`);
fields.forEach((f) => f.dispose());
