import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimize, LAMMPS_FIRE, MIN_METHODS, type MinimizeOptions, type MinimizeResult, type MinMethod } from '../landscape/minimize/index.js';
import { computeForces, createForceField, type ForceField } from '../sim/forces.js';
import { LennardJones, kobAndersen, type LJModel } from '../sim/potentials/lj.js';
import { createState, cloneState, unwrappedPositions, type State } from '../sim/state.js';
import { cubicBox, minimumImage } from '../sim/box.js';
import { createRng } from '../sim/random.js';
import { InputError } from '../sim/errors.js';
import { parseLammpsDumpFile, frameToState } from '../sim/io/lammps-dump.js';
import { parseLammpsDataFile, writeLammpsData } from '../sim/io/lammps-data.js';
import { LJ_UNITS } from '../sim/units.js';
import { minimizeToFile } from '../landscape/minimize/minimize-file.js';
import { loadKa864, referenceDir } from './helpers/reference.js';
import { lammpsPreamble, lammpsAvailable, parseThermo, requireLammps, runLammps } from './helpers/lammps.js';

/** ka864 inherent structure from the reference README (LAMMPS min_style cg, minimize 0.0 1e-10). */
const IS_ENERGY = -6537.88369256664;
const IS_PRESSURE = -0.70898153;
const N = 864;

const kaField = (): ForceField => createForceField(new LennardJones(kobAndersen()), 0.3);
const tmp = () => mkdtempSync(join(tmpdir(), 'betascape-min-'));

/** The LAMMPS inherent structure (positions to 14 digits), masses 1. */
function loadIS(): State {
  const path = referenceDir + 'ka864.is.dump';
  return frameToState(parseLammpsDumpFile(path)[0], path, [1, 1], ['A', 'B']);
}

/** Largest distance between the positions of the same atom (matched by id) under the minimum image. */
function maxDistance(a: State, b: State): number {
  const row = new Map<number, number>();
  b.id.forEach((id, j) => row.set(id, j));
  const d = [0, 0, 0];
  let m = 0;
  for (let i = 0; i < a.n; i++) {
    const j = row.get(a.id[i])!;
    for (let k = 0; k < 3; k++) d[k] = a.x[3 * i + k] - b.x[3 * j + k];
    minimumImage(a.box, d);
    m = Math.max(m, Math.hypot(d[0], d[1], d[2]));
  }
  return m;
}

/** Largest unwrapped displacement between two states of the same atoms (image flags must be right). */
function maxUnwrappedDisplacement(a: State, b: State): number {
  const ua = unwrappedPositions(a), ub = unwrappedPositions(b);
  let m = 0;
  for (let i = 0; i < a.n; i++) m = Math.max(m, Math.hypot(ua[3 * i] - ub[3 * i], ua[3 * i + 1] - ub[3 * i + 1], ua[3 * i + 2] - ub[3 * i + 2]));
  return m;
}

// ---------------------------------------------------------------------------------------------
// (1) From the liquid snapshot ka864 to an inherent structure.

test('CG from ka864 reaches the LAMMPS inherent-structure energy (within 1e-6 per atom)', () => {
  const start = loadKa864();
  const s = cloneState(start);
  const ff = kaField();
  // As the reference: LAMMPS minimize 0.0 1.0e-10, i.e. the 2-norm of the force vector.
  const r = minimize(s, ff, { method: 'cg', ftol: 1e-10, fnorm: 'two' });
  assert.ok(r.converged && r.reason === 'ftol', `${r.reason}`);
  assert.ok(r.forceTwoNorm < 1e-10);
  // LAMMPS took 1574 iterations and 3148 evaluations; the same algorithm needs about as many.
  assert.ok(r.iterations > 1000 && r.iterations < 2500, `${r.iterations} iterations`);
  assert.ok(r.forceEvaluations <= 2 * r.iterations + 10, `${r.forceEvaluations} evaluations`);
  // The paths of both codes agree to rounding for ~100 line searches (see the step-by-step test
  // below), then rounding differences (summation order) grow and the end point is one of a cluster
  // of nearly degenerate minima that differ in which pairs sit just inside or outside the cut-off
  // (see section 2): this run ends 6e-5 below the reference, 1.5e-3 sigma from it at most; LAMMPS
  // itself, rerun with skin 0.2 or 0.4 instead of 0.3, ends 3.5e-5 below it, but with skin 0.5 at
  // -6537.307. The tolerance asked for holds for that cluster, not for every path.
  assert.ok(Math.abs(r.energy - IS_ENERGY) / N < 1e-6, `E = ${r.energy}, LAMMPS ${IS_ENERGY}`);
  // Result is consistent: energy and forces belong to the final positions, image flags follow the atoms.
  assert.ok(Math.abs(computeForces(cloneState(s), kaField()).energy - r.energy) < 1e-9);
  assert.ok(maxUnwrappedDisplacement(s, start) < 2, 'unwrapped displacement stays small (image flags kept)');
  assert.ok(maxDistance(s, loadIS()) < 0.01, 'same configuration as the LAMMPS inherent structure');
});

test('L-BFGS from ka864 reaches a minimum (max |F| < 1e-10) within 0.01 per atom of the inherent structure', () => {
  const s = loadKa864();
  const r = minimize(s, kaField(), { method: 'lbfgs', ftol: 1e-10 });
  assert.ok(r.converged && r.maxForce < 1e-10, `${r.reason} ${r.maxForce}`);
  assert.ok(Math.abs(r.energy - IS_ENERGY) / N < 0.01, `L-BFGS E/N = ${r.energy / N}`);
  assert.ok(r.forceEvaluations < 2000, `L-BFGS used ${r.forceEvaluations} evaluations (LAMMPS CG 3148)`);
});

/** LAMMPS input: a KA data file (default ka864.data), one minimization, thermo every 10 steps. */
const lammpsMinInput = (style: string, tolerance: string, maxiter: number, data = `${referenceDir}ka864.data`) => `${lammpsPreamble({ data, dt: 0.005 })}thermo_style custom step pe fnorm
thermo_modify norm no format float %.15g
thermo 10
min_style ${style}
minimize ${tolerance} ${maxiter} 1000000
`;

/** Minimizes ka864 and records the energy after every 10th iteration. */
function energyEvery10(method: MinMethod, opts: MinimizeOptions): { energies: number[]; result: MinimizeResult } {
  const energies: number[] = [];
  const result = minimize(loadKa864(), kaField(), {
    ...opts, method, onIteration: (it) => { if (it.iteration % 10 === 0) energies.push(it.energy); },
  });
  return { energies, result };
}

test('FIRE from ka864: a minimum near the inherent structure, the very one LAMMPS min_style fire reaches', () => {
  // LAMMPS's FIRE settings (LAMMPS_FIRE, dt 0.005) and stopping rule (2-norm), so that the runs can be
  // compared. With them FIRE converges slowly at the end (about 1400 steps per decade of force here),
  // so a loose tolerance.
  const { energies, result: r } = energyEvery10('fire', { ftol: 1e-3, fnorm: 'two', fire: LAMMPS_FIRE });
  assert.ok(r.converged && r.forceTwoNorm < 1e-3, `${r.reason} ${r.forceTwoNorm}`);
  // It lands 0.026 per atom above the CG minimum. Which of the many minima around a liquid
  // configuration a minimizer ends in depends on its path: FIRE with other time steps, L-BFGS and
  // CG land a few 0.01 per atom apart (see test/bench/minimize-bench.ts), and LAMMPS's FIRE lands
  // exactly here too. So the bound is 0.03 per atom here, not 0.01.
  assert.ok(Math.abs(r.energy - IS_ENERGY) / N < 0.03, `FIRE E/N = ${r.energy / N}`);
  if (!lammpsAvailable()) {
    console.log('SKIP (lmp not found): FIRE against LAMMPS min_style fire');
    return;
  }
  const { log } = runLammps(lammpsMinInput('fire', '0.0 1.0e-3', 100000), tmp());
  const ref = parseThermo(log).PotEng;
  // Step by step through the first 500 steps (with several uphill restarts), then the same minimum.
  for (let k = 0; k < 50; k++) {
    assert.ok(Math.abs(energies[k] - ref[k + 1]) < 1e-9 * Math.abs(ref[k + 1]), `step ${10 * (k + 1)}: ${energies[k]} vs LAMMPS ${ref[k + 1]}`);
  }
  assert.ok(Math.abs(r.energy - ref.at(-1)!) < 1e-5, `final ${r.energy} vs LAMMPS ${ref.at(-1)}`);
});

if (requireLammps('CG against LAMMPS min_style cg, line search by line search')) {
  test('CG follows LAMMPS min_style cg line search by line search (first 100, energies to 1e-10)', () => {
    const { log } = runLammps(lammpsMinInput('cg', '0.0 0.0', 100), tmp());
    const ref = parseThermo(log).PotEng.slice(1);
    const ours = energyEvery10('cg', { ftol: 0, maxIterations: 100 }).energies;
    assert.is(ours.length, ref.length);
    ref.forEach((e, k) => assert.ok(Math.abs(ours[k] - e) < 1e-10 * Math.abs(e), `iteration ${10 * (k + 1)}: ${ours[k]} vs LAMMPS ${e}`));
  });
}

// ---------------------------------------------------------------------------------------------
// (2) Back to a minimum after a small random displacement.

/** Moves every atom by `amplitude` in a random direction. */
function displace(s: State, amplitude: number, seed: string): void {
  const rng = createRng(seed);
  for (let i = 0; i < s.n; i++) {
    const g = [rng.gaussian(), rng.gaussian(), rng.gaussian()];
    const len = Math.hypot(g[0], g[1], g[2]);
    for (let k = 0; k < 3; k++) s.x[3 * i + k] += (amplitude * g[k]) / len;
  }
}

/*
 * The KA potential is cut and shifted: the energy is continuous at the cut-off but the pair force
 * jumps there (by 0.039 for AA), so the landscape has a ridge wherever a pair distance equals its
 * cut-off. In the LAMMPS inherent structure about 90 pairs lie within 2e-3 sigma of their cut-off
 * (the closest 4e-5 away), so a random displacement of 0.01 sigma carries some of them across, and
 * every minimizer (LAMMPS's too) then ends in a neighbouring minimum of the same structure, 1e-4
 * lower, a few 1e-3 sigma away, with those pairs on the other side. The test checks that, and that
 * CG ends in the very minimum LAMMPS's CG reaches from the same start; the return to within 1e-5 is
 * checked on a landscape without such ridges (the LJ38 cluster below).
 */
for (const method of MIN_METHODS) {
  test(`${method}: the LAMMPS inherent structure displaced by 0.01 sigma relaxes to the same structure`, () => {
    const is = loadIS();
    assert.ok(Math.abs(computeForces(cloneState(is), kaField()).energy - IS_ENERGY) < 1e-8, 'the dump is the minimum');
    const start = cloneState(is);
    displace(start, 0.01, `displace-${method}`);
    const s = cloneState(start);
    const ftol = 1e-8;
    const r = minimize(s, kaField(), { method, ftol });
    assert.ok(r.converged && r.maxForce < ftol, `${r.reason} ${r.maxForce}`);
    const d = maxDistance(s, is);
    assert.ok(d < 0.01, `max distance to the inherent structure ${d}`);
    assert.ok(Math.abs(r.energy - IS_ENERGY) < 1e-3, `E = ${r.energy}`);
    if (method !== 'cg') return;
    // LAMMPS's CG from the same displaced start ends in the same minimum (not the original one).
    if (!lammpsAvailable()) {
      console.log('SKIP (lmp not found): displaced inherent structure against LAMMPS min_style cg');
      return;
    }
    const dir = tmp();
    writeLammpsData(join(dir, 'start.data'), start);
    runLammps(`${lammpsMinInput('cg', '0.0 1.0e-10', 100000, 'start.data')}
write_dump all custom min.dump id type x y z modify format float %.15g sort id
`, dir);
    const lammpsMin = frameToState(parseLammpsDumpFile(join(dir, 'min.dump'))[0], 'min.dump', [1, 1]);
    const dl = maxDistance(s, lammpsMin);
    assert.ok(dl < 1e-6, `max distance to the LAMMPS minimum ${dl}`);
  });
}

// ---------------------------------------------------------------------------------------------
// (3) Lennard-Jones clusters: global minima of the Cambridge Cluster Database.

/** Plain LJ (eps = sigma = 1), cut at 10 and not shifted: every pair of a small cluster interacts. */
function clusterModel(): LJModel {
  return {
    name: 'lj-cluster', species: [{ name: 'A', mass: 1 }],
    pairs: [[{ epsilon: 1, sigma: 1, cutoff: 10 }]], shift: false, composition: [1], density: 0.01,
  };
}

/** A cluster in the middle of a periodic box much larger than cluster + cut-off (no image interacts). */
function clusterState(points: number[][], scale: number): State {
  const L = 30;
  const s = createState(points.length, cubicBox(L), [1], ['A']);
  points.forEach((p, i) => p.forEach((q, k) => (s.x[3 * i + k] = L / 2 + scale * q)));
  return s;
}

/** Centre and the 12 vertices (0, ±1, ±phi) and cyclic permutations, at distance 1 from it. */
function icosahedron13(): number[][] {
  const phi = (1 + Math.sqrt(5)) / 2;
  const norm = Math.hypot(1, phi);
  const pts: number[][] = [[0, 0, 0]];
  for (const a of [-1, 1]) {
    for (const b of [-phi, phi]) {
      pts.push([0, a / norm, b / norm], [a / norm, b / norm, 0], [b / norm, 0, a / norm]);
    }
  }
  return pts;
}

/**
 * The fcc truncated octahedron of 38 atoms, centred on an octahedral hole: in units of half the
 * cube edge, the fcc sites with odd coordinate sum within distance sqrt(5) of the origin: 6 at
 * distance 1 (the inner octahedron), 8 at sqrt(3) (centres of the (111) hexagons) and 24 at sqrt(5).
 */
function truncatedOctahedron38(): number[][] {
  const pts: number[][] = [];
  for (let i = -2; i <= 2; i++)
    for (let j = -2; j <= 2; j++)
      for (let k = -2; k <= 2; k++) {
        if ((((i + j + k) % 2) + 2) % 2 === 1 && i * i + j * j + k * k <= 5) pts.push([i, j, k]);
      }
  return pts;
}

const CLUSTERS = [
  // Nearest-neighbour distance a bit below the pair minimum 2^(1/6), as in the relaxed clusters.
  { name: 'LJ13 icosahedron', points: icosahedron13, scale: 1.09, energy: -44.326801 },
  { name: 'LJ38 truncated octahedron', points: truncatedOctahedron38, scale: 1.09 / Math.SQRT2, energy: -173.928427 },
];

test('cluster geometries have the right shells', () => {
  assert.is(icosahedron13().length, 13);
  const to = truncatedOctahedron38();
  assert.is(to.length, 38);
  const shells = new Map<number, number>();
  for (const p of to) shells.set(p[0] ** 2 + p[1] ** 2 + p[2] ** 2, (shells.get(p[0] ** 2 + p[1] ** 2 + p[2] ** 2) ?? 0) + 1);
  assert.equal([...shells.entries()].sort((a, b) => a[0] - b[0]), [[1, 6], [3, 8], [5, 24]]);
});

for (const c of CLUSTERS) {
  test(`${c.name}: every minimizer reaches the Cambridge Cluster Database energy ${c.energy}`, () => {
    for (const method of MIN_METHODS) {
      const s = clusterState(c.points(), c.scale);
      const ff = createForceField(new LennardJones(clusterModel()), 0.3);
      const r = minimize(s, ff, { method, ftol: 1e-10 });
      assert.ok(r.converged, `${method}: ${r.reason}`);
      assert.ok(Math.abs(r.energy - c.energy) < 1e-6, `${method}: E = ${r.energy}`);
    }
  });
}

/** Largest change of an interatomic distance between two configurations of the same cluster. */
function maxPairDistanceChange(a: State, b: State): number {
  let m = 0;
  const dist = (s: State, i: number, j: number) => Math.hypot(s.x[3 * i] - s.x[3 * j], s.x[3 * i + 1] - s.x[3 * j + 1], s.x[3 * i + 2] - s.x[3 * j + 2]);
  for (let i = 0; i < a.n; i++) for (let j = i + 1; j < a.n; j++) m = Math.max(m, Math.abs(dist(a, i, j) - dist(b, i, j)));
  return m;
}

test('LJ38 displaced by 0.01 sigma: every minimizer returns to the truncated octahedron (distances to 1e-5)', () => {
  const ff = () => createForceField(new LennardJones(clusterModel()), 0.3);
  const min = clusterState(truncatedOctahedron38(), 1.09 / Math.SQRT2);
  minimize(min, ff(), { method: 'cg', ftol: 1e-12 });
  for (const method of MIN_METHODS) {
    const s = cloneState(min);
    displace(s, 0.01, `lj38-${method}`);
    const r = minimize(s, ff(), { method, ftol: 1e-10 });
    assert.ok(r.converged, `${method}: ${r.reason}`);
    // A free cluster may come back translated or turned a little (FIRE's dynamics can turn it at
    // zero angular momentum), so compare all pair distances.
    const d = maxPairDistanceChange(s, min);
    assert.ok(d < 1e-5, `${method}: max change of a pair distance ${d}`);
    assert.ok(Math.abs(r.energy + 173.928427) < 1e-6, `${method}: E = ${r.energy}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Stopping rules and options.

test('stops on iteration and evaluation budgets and on the energy tolerance; state stays consistent', () => {
  for (const method of MIN_METHODS) {
    const s = loadKa864();
    const ff = kaField();
    const r = minimize(s, ff, { method, maxIterations: 5 });
    assert.is(r.reason, 'max-iterations');
    assert.is(r.iterations, 5);
    assert.not.ok(r.converged);
    // Energy and forces returned belong to the final positions.
    const check = cloneState(s);
    const e = computeForces(check, kaField()).energy;
    assert.ok(Math.abs(e - r.energy) < 1e-9, `${method}: ${e} vs ${r.energy}`);
    assert.ok(check.f.every((f, k) => Math.abs(f - s.f[k]) < 1e-9));

    const b = minimize(loadKa864(), kaField(), { method, maxForceEvaluations: 20 });
    assert.is(b.reason, 'max-evaluations');
    assert.ok(b.forceEvaluations >= 20 && b.forceEvaluations < 40);

    const et = minimize(loadKa864(), kaField(), { method, ftol: 0, etol: 1e-4 });
    assert.is(et.reason, 'etol');
    assert.ok(et.converged);
    assert.ok(et.energy / N < -7.4, `${method}: E/N ${et.energy / N}`);
  }
});

test('a converged configuration stops at once; bad options are InputErrors', () => {
  const s = loadIS();
  const r = minimize(s, kaField(), { method: 'lbfgs', ftol: 1e-6 });
  assert.is(r.iterations, 0);
  assert.is(r.forceEvaluations, 1);
  assert.ok(r.converged);
  const bad: MinimizeOptions[] = [
    { method: 'newton' as MinMethod }, { ftol: -1 }, { etol: 1 }, { maxIterations: 1.5 },
    { maxDisplacement: 0 }, { fnorm: 'inf' as 'max' }, { fire: { dt: -0.01 } }, { lbfgsMemory: 0 },
  ];
  for (const o of bad) assert.throws(() => minimize(loadKa864(), kaField(), o), (e: unknown) => e instanceof InputError, JSON.stringify(o));
});

// ---------------------------------------------------------------------------------------------
// (4) Command line.

/** What `betascape minimize --json` prints for a KA data file at fixed box, the minimum written to out. */
const minimizeFile = (data: string, method: MinMethod, ftol: number, out: string) =>
  minimizeToFile(parseLammpsDataFile(data), kaField(), { box: 'fixed', method, ftol, units: LJ_UNITS, source: data, out, backend: 'cpu' }).record;

test('minimize --json: a minimum of ka864, written as a data file; the inherent structure keeps its LAMMPS pressure', () => {
  const dir = tmp();
  const out = join(dir, 'is.data');
  const j = minimizeFile(referenceDir + 'ka864.data', 'lbfgs', 1e-6, out);
  for (const key of ['energy', 'energy_per_atom', 'max_force', 'force_evaluations', 'pressure', 'iterations', 'converged', 'method']) {
    assert.ok(key in j, `missing ${key}`);
  }
  assert.is(j.method, 'lbfgs');
  assert.is(j.converged, true);
  assert.ok(j.max_force < 1e-6 && j.iterations > 0 && j.force_evaluations >= j.iterations);
  assert.ok(Math.abs(j.energy_per_atom * N - j.energy) < 1e-9);
  assert.ok(Math.abs(j.energy_per_atom - IS_ENERGY / N) < 0.01, `${j.energy_per_atom}`);
  // The written file holds that minimum.
  const written = parseLammpsDataFile(out);
  assert.ok(Math.abs(computeForces(written, kaField()).energy - j.energy) < 1e-8);

  // The LAMMPS inherent structure as a data file: already converged, its LAMMPS energy and pressure.
  writeLammpsData(join(dir, 'lammps-is.data'), loadIS());
  const k = minimizeFile(join(dir, 'lammps-is.data'), 'cg', 1e-10, join(dir, 'again.data'));
  assert.is(k.iterations, 0);
  assert.ok(Math.abs(k.energy - IS_ENERGY) < 1e-8, `${k.energy}`);
  assert.ok(Math.abs(k.pressure - IS_PRESSURE) < 1e-7, `P = ${k.pressure} vs LAMMPS ${IS_PRESSURE}`);
});

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const betascape = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

test('minimize: bad flags give one-line errors', () => {
  const data = referenceDir + 'ka864.data';
  // A bad choice (yargs) and a bad value (InputError); the options themselves are checked above.
  for (const args of [['--min', 'newton'], ['--min', 'cg', '--ftol', '-1'], ['--min', 'cg', '--precondition', 'elastic']]) {
    const r = betascape('minimize', '--data', data, '--model', 'ka', '--out', join(tmp(), 'x.data'), ...args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.is(lines.length, 1, r.stderr);
    assert.match(lines[0], /^betascape: error: /);
  }
});

test.run();
