import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { createForceField } from '../sim/forces.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { minimumImageDisplacement, wrapPositions } from '../sim/box.js';
import { writeLammpsData } from '../sim/io/lammps-data.js';
import { minimize } from '../landscape/minimize/index.js';
import { maxAtomNormSq } from '../landscape/vec.js';
import {
  activate, adjacencyToStart, descendFromSaddle, EnergySurface, ensureTrueMinimum, lowestMode, sameMinimum, DEFAULT_MINIMUM_CHECK, type ActivationResult,
} from '../landscape/saddles/index.js';
import { InputError } from '../sim/errors.js';
import { orthoBox } from '../sim/box.js';
import { LandscapeDatabase } from '../landscape/database.js';
import { symmetricEigenvalues } from './helpers/jacobi.js';
import { saddleTestSystem } from './helpers/saddle-system.js';
import { Wells } from './helpers/wells.js';
import { createState } from '../sim/state.js';

const { surface, initial, options } = saddleTestSystem(1);

/** Full Hessian by central differences of the forces, symmetrised. */
function hessianEigenvalues(s: EnergySurface, X: Float64Array, h = 1e-5): Float64Array {
  const d = X.length;
  const H = new Float64Array(d * d);
  const fp = new Float64Array(d), fm = new Float64Array(d);
  const Y = X.slice();
  for (let k = 0; k < d; k++) {
    Y[k] = X[k] + h;
    s.energy(Y, fp);
    Y[k] = X[k] - h;
    s.energy(Y, fm);
    Y[k] = X[k];
    for (let j = 0; j < d; j++) H[j * d + k] = -(fp[j] - fm[j]) / (2 * h);
  }
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) H[i * d + j] = H[j * d + i] = 0.5 * (H[i * d + j] + H[j * d + i]);
  return symmetricEigenvalues(H, d);
}

/** Eigenvalues below -tol (the three translations of the periodic box are zero). */
const negatives = (ev: Float64Array, tol = 1e-4) => ev.filter((v) => v < -tol).length;

const events: ActivationResult[] = [];
for (let seed = 1; events.length < 2 && seed <= 6; seed++) {
  const r = activate(surface, initial, seed, options);
  if (r.status === 'ok') events.push(r);
}

test('activations find saddles: max |F| below tolerance, exactly one negative Hessian eigenvalue', () => {
  assert.is(events.length, 2, 'two successful events among seeds 1..6');
  const f = new Float64Array(initial.x.length);
  for (const e of events) {
    const sd = e.saddle!;
    surface.energy(sd.x, f);
    assert.ok(Math.sqrt(maxAtomNormSq(f)) < options.forceTolerance, `max |F| ${Math.sqrt(maxAtomNormSq(f))}`);
    const ev = hessianEigenvalues(surface, sd.x);
    assert.is(negatives(ev), 1, `eigenvalues ${ev.slice(0, 5).join(' ')}`);
    // The Lanczos eigenvalue is the lowest eigenvalue of the full Hessian.
    assert.ok(Math.abs(ev[0] - sd.eigenvalue) < 1e-3 * Math.max(1, Math.abs(ev[0])), `${ev[0]} vs ${sd.eigenvalue}`);
    assert.ok(e.metrics!.activationEnergy > 0);
  }
});

test('descending ± from each saddle reaches two distinct minima (no negative eigenvalue there)', () => {
  for (const e of events) {
    assert.not.ok(sameMinimum(surface, e.minus!, e.plus!, options.sameMinimum));
    const d = minimumImageDisplacement(surface.box, e.minus!.x, e.plus!.x);
    assert.ok(Math.sqrt(maxAtomNormSq(d)) > options.sameMinimum.displacementTolerance);
    assert.ok(e.saddle!.energy > Math.max(e.minus!.energy, e.plus!.energy));
    for (const m of [e.minus!, e.plus!]) assert.is(negatives(hessianEigenvalues(surface, m.x)), 0);
    const m = e.metrics!;
    assert.ok(Math.abs(m.activationEnergy - m.asymmetry - m.relaxationEnergy) < 1e-12);
    assert.ok(m.betweenMinima.maxAtom <= m.betweenMinima.distance + 1e-15);
    assert.ok(m.modeParticipation >= 1 && m.modeParticipation <= 64);
  }
});

test('Lanczos at the minimum gives the lowest non-zero eigenvalue of the full Hessian', () => {
  const f = new Float64Array(initial.x.length);
  surface.energy(initial.x, f);
  const start = new Float64Array(f.length).map((_, k) => Math.sin(k + 1));
  const m = lowestMode(surface, initial.x, f, start, { tolerance: 1e-10, maxIterations: 150 });
  const ev = hessianEigenvalues(surface, initial.x);
  // Three translations sit at zero; Lanczos works without them.
  const lowest = ev.filter((v) => v > 1e-4)[0];
  assert.ok(Math.abs(m.value - lowest) < 1e-4 * lowest, `${m.value} vs ${lowest}`);
});

test('Lanczos across a truncated cut-off: a product that straddles the force jump is taken from the other side', () => {
  // Two lj/cut atoms (sigma = epsilon = 1, cut 2.5) 2.5 - 5e-7 apart: the forward difference along the
  // stretch (h = 1e-6) carries the pair past the cut-off, where the force jumps by V'(2.5) = 0.039,
  // a false curvature of about -3e4. The lowest eigenvalue is 2 V''(r), the stretch of the unit
  // vector (-1, 1)/√2 along the bond (< 0 here, beyond the inflection point).
  const model = kobAndersen();
  const state = createState(2, orthoBox(20, 20, 20), [1, 1]);
  const r = 2.5 - 5e-7;
  state.x.set([5, 5, 5, 5 + r, 5, 5]);
  const pair = new EnergySurface(state, createForceField(new LennardJones(model), 0.3));
  const X = pair.current();
  const f = new Float64Array(6);
  pair.energy(X, f);
  const stretch = Float64Array.of(-1, 0, 0, 1, 0, 0);
  const m = lowestMode(pair, X, f, stretch, { maxIterations: 6 });
  const d2 = 2 * 4 * (156 / r ** 14 - 42 / r ** 8);
  assert.ok(Math.abs(m.value - d2) < 1e-4, `${m.value} vs 2 V'' ${d2}`);
  assert.ok(Math.abs(Math.abs(m.vector[3] - m.vector[0]) - Math.SQRT2) < 1e-6, 'the stretch');
  // Without the check the same product reads the jump as curvature.
  const naive = lowestMode(pair, X, f, stretch, { maxIterations: 6, maxCurvature: Infinity });
  assert.ok(naive.value < -1e4, `${naive.value}`);
});

test('the same seed gives the same event, to the last digit', () => {
  const again = activate(surface, initial, events[0].seed, options);
  assert.is(again.status, events[0].status);
  assert.is(again.saddle!.energy, events[0].saddle!.energy);
  assert.is(again.plus!.energy, events[0].plus!.energy);
  assert.equal(Array.from(again.saddle!.x), Array.from(events[0].saddle!.x));
});

test('database: duplicates merge by energy window and largest displacement; saddles point at minima ids', () => {
  const db = new LandscapeDatabase(surface.box, 64, 'lj', options.sameMinimum);
  const a = db.addMinimum(initial.x, initial.energy);
  assert.is(a, 1);
  const shifted = initial.x.slice();
  shifted[0] += 0.5 * options.sameMinimum.displacementTolerance;
  assert.is(db.addMinimum(shifted, initial.energy), 1);
  shifted[0] += 2 * options.sameMinimum.displacementTolerance;
  assert.is(db.addMinimum(shifted, initial.energy), 2, 'displaced beyond the tolerance: a new minimum');
  assert.is(db.addMinimum(initial.x, initial.energy + 2 * options.sameMinimum.energyTolerance), 3, 'outside the energy window');
  const e = events[0];
  const ida = db.addMinimum(e.minus!.x, e.minus!.energy), idb = db.addMinimum(e.plus!.x, e.plus!.energy);
  const s = db.addSaddle(e.saddle!.x, e.saddle!.energy, ida, idb, 1);
  assert.ok(s.isNew);
  assert.equal(db.addSaddle(e.saddle!.x, e.saddle!.energy, idb, ida, 1), { id: s.id, isNew: false });
  const json = db.toJSON();
  assert.is(json.units, 'lj');
  assert.is(json.n_atoms, 64);
  assert.equal(json.saddles[0], { id: 1, energy: e.saddle!.energy, minA: ida, minB: idb, initial: 1, hits: 2 });
  assert.is(json.minima.length, 3 + (ida === 1 ? 0 : 1) + 1);
});

test('local activation: push and climb on the atoms near the centre, then a first-order saddle of the whole system', () => {
  // 128 atoms (box 4.7 σ): a local radius of 2.5 σ holds about 40 % of them.
  const big = saddleTestSystem(2, 128);
  const o = { ...big.options, localRadius: 2.5 };
  let e: ActivationResult | undefined;
  for (let seed = 4; seed <= 8 && e?.status !== 'ok'; seed++) e = activate(big.surface, big.initial, seed, o);
  assert.is(e!.status, 'ok', e!.message);
  assert.ok(e!.activeAtoms > 30 && e!.activeAtoms < 100, `${e!.activeAtoms} active`);
  const p = e!.phaseEvaluations;
  assert.ok(p.push > 0 && p.climb > 0 && p.release > 0 && p.descent > 0);
  assert.is(p.push + p.climb + p.release + p.descent, e!.forceEvaluations);
  const sd = e!.saddle!;
  const f = new Float64Array(sd.x.length);
  big.surface.energy(sd.x, f);
  assert.ok(Math.sqrt(maxAtomNormSq(f)) < o.forceTolerance, `max |F| ${Math.sqrt(maxAtomNormSq(f))}`);
  const ev = hessianEigenvalues(big.surface, sd.x);
  assert.is(negatives(ev), 1, `eigenvalues ${ev.slice(0, 5).join(' ')}`);
  assert.ok(Math.abs(ev[0] - sd.eigenvalue) < 1e-3 * Math.max(1, Math.abs(ev[0])), `${ev[0]} vs ${sd.eigenvalue}`);
});

test('true-minimum check: a saddle as the start is detected and relaxed into a true minimum; a real minimum passes unchanged', () => {
  const check = { ...DEFAULT_MINIMUM_CHECK, amplitude: options.descentStep, ftol: 1e-10, seed: 3 };
  const x = initial.x.slice();
  const real = ensureTrueMinimum(surface, x, check);
  assert.is(real.check.perturbations, 0);
  assert.equal(Array.from(x), Array.from(initial.x), 'a true minimum is kept as it is');
  const lowest = hessianEigenvalues(surface, initial.x).filter((v) => v > 1e-4)[0];
  assert.ok(Math.abs(real.check.lowest_eigenvalue - lowest) < 1e-4 * lowest, `${real.check.lowest_eigenvalue} vs ${lowest}`);

  const sd = events[0].saddle!;
  const y = sd.x.slice();
  const fixed = ensureTrueMinimum(surface, y, check);
  assert.ok(fixed.check.given_lowest_eigenvalue < -check.tolerance, `the saddle is seen: ${fixed.check.given_lowest_eigenvalue}`);
  assert.ok(Math.abs(fixed.check.given_lowest_eigenvalue - sd.eigenvalue) < 1e-3 * Math.abs(sd.eigenvalue));
  assert.ok(fixed.check.perturbations >= 1 && fixed.energy < sd.energy);
  assert.is(negatives(hessianEigenvalues(surface, y)), 0, 'and left for a true minimum');
  assert.ok(fixed.check.lowest_eigenvalue > 0 && fixed.check.max_force < 1e-9);
  assert.throws(() => ensureTrueMinimum(surface, sd.x.slice(), { ...check, maxTries: 0 }), (e: Error) => e instanceof InputError && /not a true minimum/.test(e.message));
});

test('capped descent follows the steepest-descent path into the basin next to the saddle; an uncapped L-BFGS jumps past it', () => {
  // Along x: a bump (the saddle), a narrow shallow well A just below it on the − side, a deep well
  // D beyond A, and a well on the + side; harmonic across. The path down the − side must end in A.
  const pot = new Wells([{ a: 0.5, c: 0, s: 0.03 }, { a: -1, c: -0.06, s: 0.015 }, { a: -6, c: -0.25, s: 0.06 }, { a: -1, c: 0.08, s: 0.03 }], [10, 10, 10], 5);
  const state = createState(1, orthoBox(20, 20, 20), [1]);
  state.x.set([10, 10, 10]);
  const wells = new EnergySurface(state, createForceField(pot, 0.3));
  const dE = (u: number) => (pot.energyAt(u + 1e-7) - pot.energyAt(u - 1e-7)) / 2e-7;
  let top = 0;
  for (let it = 0; it < 50; it++) top -= dE(top) / ((dE(top + 1e-5) - dE(top - 1e-5)) / 2e-5);
  // The first minimum down the − side (where E' changes sign): the basin the path leads to.
  let a = top - 1e-3;
  while (dE(a) > 0) a -= 1e-5;
  const saddle = { x: Float64Array.of(10 + top, 10, 10), mode: Float64Array.of(1, 0, 0) };
  const o = { ...options, descentStep: 0.01 };
  const start = descendFromSaddle(wells, saddle, -1, { ...o, descentMaxStep: 0.005 });
  assert.ok(Math.abs(start.x[0] - 10 - a) < 1e-4, `capped: ${start.x[0] - 10} vs A at ${a}`);
  const jumped = descendFromSaddle(wells, saddle, -1, { ...o, descentMaxStep: 0 });
  assert.ok(Math.abs(jumped.x[0] - 10 + 0.25) < 1e-4, `uncapped: ${jumped.x[0] - 10} (the deep well D)`);
  // With A as the start, the capped descent judges the saddle adjacent and the uncapped one does not.
  const plus = descendFromSaddle(wells, saddle, +1, { ...o, descentMaxStep: 0.005 });
  const c = { ...options.sameMinimum, moveThreshold: options.moveThreshold, radius: 2.5 };
  assert.is(adjacencyToStart(wells.box, start, start, plus, c).adjacency, 'exact');
  assert.is(adjacencyToStart(wells.box, start, jumped, plus, c).adjacency, 'none');
});

// ---- the command line ----

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'betascape-activate-'));

/** A 256-atom KA glass (random placement, minimized), the smallest box the 2.5 sigma cut-off allows. */
function kaGlass(): string {
  const model = kobAndersen();
  const s = buildSample({ n: 256, composition: model.composition, masses: [1, 1], typeNames: ['A', 'B'], density: 1.2, placement: 'random' }, createRng(4));
  minimize(s, createForceField(new LennardJones(model), 0.3), { method: 'lbfgs', ftol: 1e-6 });
  wrapPositions(s.box, s.x, s.image);
  const path = join(tmp, 'ka256.data');
  writeLammpsData(path, s, { velocities: false });
  return path;
}

test('activate: bad input ends in one line, exit 2', () => {
  const data = kaGlass();
  const cases: [string[], RegExp][] = [
    [['--events', '0'], /--events: must be a whole number >= 1/],
    [['--jobs', '1.5'], /--jobs: must be a whole number >= 1/],
    [['--push-radius', '-1'], /--push-radius: must be a number > 0/],
    [['--eigen-threshold', '0.1'], /--eigen-threshold: must be a number < 0/],
    [['--local-radius', '1'], /--local-radius: must exceed the push radius 1.5/],
    [['--descent-max-step', '-0.1'], /--descent-max-step: must be a number >= 0/],
    [['--lanczos-every', '0'], /--lanczos-every: must be a whole number >= 1/],
    [['--climb', 'bfgs'], /climb.*"bfgs".*"fire", "lbfgs"/],
  ];
  for (const [extra, pattern] of cases) {
    const r = run('activate', '--data', data, '--model', 'ka', '--out', join(tmp, 'bad'), ...extra);
    assert.is(r.code, 2, r.stderr);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  const missing = run('activate', '--data', join(tmp, 'nope.data'), '--model', 'ka', '--out', join(tmp, 'bad'));
  assert.is(missing.code, 2);
  assert.is(missing.stderr.trim().split('\n').length, 1, missing.stderr);
});

test('activate: parallel events, landscape.json / min.data / ts.data, resume skips finished events', () => {
  const data = join(tmp, 'ka256.data');
  const out = join(tmp, 'run');
  const r1 = run('activate', '--data', data, '--model', 'ka', '--events', '2', '--jobs', '2', '--seed', '7', '--max-climb-steps', '400', '--local-radius', '0', '--out', out, '--json');
  assert.is(r1.code, 0, r1.stderr);
  const s1 = JSON.parse(r1.stdout);
  assert.is(s1.events, 2);
  assert.is(s1.run_now, 2);
  // The minimized glass is a true minimum: checked, recorded, nothing to fix.
  assert.ok(s1.initial_check.lowest_eigenvalue > 0 && s1.initial_check.perturbations === 0, JSON.stringify(s1.initial_check));
  const e1 = JSON.parse(readFileSync(join(out, 'events', 'event-000001.json'), 'utf8'));
  assert.is(Object.values(e1.phase_evaluations as Record<string, number>).reduce((a, b) => a + b, 0), e1.force_evaluations);
  const event1 = readFileSync(join(out, 'events', 'event-000001.json'), 'utf8');
  const land = JSON.parse(readFileSync(join(out, 'landscape.json'), 'utf8'));
  assert.is(land.units, 'lj');
  assert.is(land.n_atoms, 256);
  assert.is(land.minima[0].id, 1);
  assert.is(land.events.length, 2);
  const minLines = readFileSync(join(out, 'min.data'), 'utf8').trim().split('\n');
  assert.is(minLines.length, land.minima.length);
  assert.is(Number(minLines[0].split(/\s+/)[0]), land.minima[0].energy);
  const tsLines = readFileSync(join(out, 'ts.data'), 'utf8').split('\n').filter(Boolean);
  assert.is(tsLines.length, land.saddles.length);
  land.saddles.forEach((s: { minA: number; minB: number }, k: number) => {
    assert.equal(tsLines[k].split(/\s+/).slice(3, 5).map(Number), [s.minA, s.minB]);
  });
  // Resume with one more event, in this thread: events 1 and 2 are kept as they were.
  writeFileSync(join(tmp, 'marker'), '');
  const r2 = run('activate', '--data', data, '--model', 'ka', '--events', '3', '--jobs', '1', '--seed', '7', '--max-climb-steps', '400', '--local-radius', '0', '--out', out, '--json');
  assert.is(r2.code, 0, r2.stderr);
  const s2 = JSON.parse(r2.stdout);
  assert.is(s2.run_now, 1);
  assert.is(readFileSync(join(out, 'events', 'event-000001.json'), 'utf8'), event1);
  const changed = run('activate', '--data', data, '--model', 'ka', '--events', '3', '--seed', '8', '--max-climb-steps', '400', '--local-radius', '0', '--out', out);
  assert.is(changed.code, 2);
  assert.match(changed.stderr, /different settings \('seed' differs/);
  // Another climb is another campaign.
  const lbfgs = run('activate', '--data', data, '--model', 'ka', '--events', '3', '--seed', '7', '--max-climb-steps', '400', '--local-radius', '0', '--climb', 'lbfgs', '--out', out);
  assert.is(lbfgs.code, 2);
  assert.match(lbfgs.stderr, /different settings \('options' differs/);
  // Another adjacency radius only re-judges the saved events.
  const rejudged = run('activate', '--data', data, '--model', 'ka', '--events', '3', '--seed', '7', '--max-climb-steps', '400', '--local-radius', '0', '--adjacency-radius', '1', '--out', out, '--json');
  assert.is(rejudged.code, 0, rejudged.stderr);
  assert.is(JSON.parse(rejudged.stdout).run_now, 0);
  const judged = JSON.parse(readFileSync(join(out, 'landscape.json'), 'utf8'));
  assert.is(judged.adjacency_radius, 1);
  for (const e of judged.events.filter((x: { status: string }) => x.status === 'ok')) assert.ok(['exact', 'local', 'none'].includes(e.adjacency), e.adjacency);

  // neb: the band between the starting glass and the minimum beyond an adjacent saddle, started
  // through the saddle, finds its barrier (to 1e-3 here: lj/cut's kinks blur stationary points by
  // ~1e-5..1e-4; neb.test.ts checks 1e-4 on a potential with continuous forces).
  const final = JSON.parse(readFileSync(join(out, 'landscape.json'), 'utf8'));
  const sd = final.saddles.find((x: { minA: number }) => x.minA === 1);
  assert.ok(sd, 'the events found a saddle adjacent to the glass');
  const energy = (id: number) => final.minima.find((m: { id: number }) => m.id === id).energy;
  const nb = run('neb', '--landscape', out, '--minima', `${sd.minA},${sd.minB}`, '--saddle', String(sd.id), '--model', 'ka', '--images', '5', '--json');
  assert.is(nb.code, 0, nb.stderr);
  const band = JSON.parse(nb.stdout);
  assert.ok(band.converged && band.climbing, `band max |F| ${band.max_force}`);
  assert.ok(Math.abs(band.barrier - (sd.energy - energy(sd.minA))) < 1e-3, `NEB ${band.barrier} vs saddle ${sd.energy - energy(sd.minA)}`);
  const bad = run('neb', '--from', data, '--model', 'ka');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /give either --from and --to/);
});


test('adjacency: exact when the − side is the start; local when it differs only far from the event; none when near it', () => {
  // Atom 0 moves 0.3 between the two minima; atom 1 is 1 σ from it, atom 3 1.5 σ across the periodic
  // boundary, atom 2 about 16 σ away.
  const box = orthoBox(20, 20, 20);
  const start = { x: Float64Array.from([1, 1, 1, 2, 1, 1, 10, 10, 10, 19.5, 1, 1]), energy: -3 };
  const shifted = (atom: number, dx: number, energy: number) => {
    const x = start.x.slice();
    x[3 * atom] += dx;
    return { x, energy };
  };
  const c = { energyTolerance: 1e-4, displacementTolerance: 0.02, moveThreshold: 0.1, radius: 2.5 };
  const across = (minus: { x: Float64Array; energy: number }) => {
    const x = minus.x.slice();
    x[1] += 0.3;
    return { x, energy: minus.energy + 0.1 };
  };
  const exact = adjacencyToStart(box, start, start, across(start), c);
  assert.is(exact.adjacency, 'exact');
  assert.is(exact.region.length, 3, 'atoms 0, 1 and 3 (through the boundary)');
  const remote = shifted(2, 0.1, -3.2);
  const local = adjacencyToStart(box, start, remote, across(remote), c);
  assert.is(local.adjacency, 'local');
  assert.ok(Math.abs(local.maxDisplacement - 0.1) < 1e-12 && local.regionMaxDisplacement === 0);
  const nearby = shifted(3, 0.1, -3.2);
  assert.is(adjacencyToStart(box, start, nearby, across(nearby), c).adjacency, 'none');
  assert.is(adjacencyToStart(box, start, nearby, across(nearby), { ...c, radius: 1.2 }).adjacency, 'local', 'outside a smaller region');
  // The real events of the 64-atom glass come down on the start itself.
  for (const e of events) assert.is(adjacencyToStart(surface.box, initial, e.minus!, e.plus!, c).adjacency, 'exact');
});

test.run();
