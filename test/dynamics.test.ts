/**
 * Dynamics from trajectories: MSD and F_s against analytic limits (ballistic free particles,
 * Gaussian displacements), τ_α interpolation, VFT fit on synthetic data, bad input.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../sim/errors.js';
import { createState } from '../sim/state.js';
import { cubicBox } from '../sim/box.js';
import { createRng } from '../sim/random.js';
import { stateToFrame, formatDumpFrames, type DumpFrame } from '../sim/io/lammps-dump.js';
import { loadTrajectory, trajectoryFromFrames } from '../analysis/dynamics/trajectory.js';
import { selfDynamics } from '../analysis/dynamics/self-dynamics.js';
import { fitVft, relaxationTime } from '../analysis/dynamics/relaxation-time.js';
import { diffusionConstant } from '../analysis/dynamics/diffusion.js';
import { RELAX_DEFAULTS, runRelax } from '../analysis/dynamics/relax-workflow.js';
import { relaxCommand } from '../cli/commands/relax.js';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const L = 10, N = 400, kT = 0.7, mass = [1, 3];

/** Free particles (no forces) of two masses with Maxwell velocities, wrapped into the box each frame. */
function freeFlight(columns: string[], frames: number, dt: number): DumpFrame[] {
  const rng = createRng(5);
  const s = createState(N, cubicBox(L), mass);
  const x0 = new Float64Array(3 * N), v = new Float64Array(3 * N);
  for (let i = 0; i < N; i++) {
    s.id[i] = i + 1;
    s.type[i] = i % 2;
    for (let k = 0; k < 3; k++) {
      x0[3 * i + k] = rng.uniform() * L;
      v[3 * i + k] = rng.gaussian() * Math.sqrt(kT / mass[i % 2]);
    }
  }
  return Array.from({ length: frames }, (_, f) => {
    for (let c = 0; c < 3 * N; c++) {
      const u = x0[c] + v[c] * f * dt;
      const img = Math.floor(u / L);
      s.x[c] = u - img * L;
      s.image[c] = img;
    }
    s.step = f * 10;
    return stateToFrame(s, columns);
  });
}

test('ballistic free particles: MSD = 3 kT/m t² per type, with image flags, unwrapped columns (also beside wrapped ones) and by minimum-image unwrapping', () => {
  const sets = [['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz'], ['id', 'type', 'xu', 'yu', 'zu'], ['id', 'type', 'x', 'y', 'z', 'xu', 'yu', 'zu'], ['id', 'type', 'x', 'y', 'z']];
  for (const columns of sets) {
    const tr = trajectoryFromFrames(freeFlight(columns, 12, 0.5), 'free.dump', 0.05);
    assert.is(tr.unwrap, columns.includes('ix') || columns.includes('xu') ? 'image-flags' : 'minimum-image');
    const sd = selfDynamics(tr, 7);
    for (const ty of [1, 2]) {
      // Sample estimate vs 3 kT/m t²: 200 atoms, relative scatter of the mean √(2/3/200) ≈ 6 %.
      const r = sd.msd[String(ty)][11] / ((3 * kT / mass[ty - 1]) * sd.t[11] ** 2);
      assert.ok(Math.abs(r - 1) < 0.2, `type ${ty}, ${columns.join(' ')}: MSD / (3kT/m t²) = ${r}`);
      // Ballistic: MSD ∝ t² exactly for each atom, so the ratio at two lags is the square of theirs.
      assert.ok(Math.abs(sd.msd[String(ty)][10] / sd.msd[String(ty)][5] - 4) < 1e-9);
    }
    assert.is(sd.msd['1'][0], 0);
    assert.is(sd.origins[11], 1);
    assert.is(sd.origins[1], 11);
  }
});

/** n atoms on a random walk of Gaussian steps, variance s2 per axis per frame, one frame per time unit (unwrapped). */
function randomWalk(seed: number, frames: number, s2: number, n: number) {
  const rng = createRng(seed);
  const positions = Array.from({ length: frames }, () => new Float64Array(3 * n));
  for (let f = 1; f < frames; f++) for (let c = 0; c < 3 * n; c++) positions[f][c] = positions[f - 1][c] + Math.sqrt(s2) * rng.gaussian();
  return {
    file: 'walk', time: Float64Array.from({ length: frames }, (_, k) => k), type: new Int32Array(n), ntypes: 1, positions,
    unwrap: 'image-flags' as const, samples: [], box: cubicBox(1000),
  };
}

test('F_s of Gaussian displacements = exp(-q² MSD / 6); tau_alpha where it reaches 1/e', () => {
  const s2 = 0.002;
  const tr = randomWalk(9, 30, s2, 3000);
  const q = 7.25;
  const sd = selfDynamics(tr, q);
  for (const lag of [1, 5, 10, 20]) {
    const expect = Math.exp((-q * q * sd.msd['1'][lag]) / 6);
    assert.ok(Math.abs(sd.fs['1'][lag] - expect) < 0.01, `lag ${lag}: F_s ${sd.fs['1'][lag]} vs ${expect}`);
    assert.ok(Math.abs(sd.msd['1'][lag] - 3 * s2 * lag) < 0.05 * 3 * s2 * lag);
  }
  // exp(-q² 3 s² t / 6) = 1/e at t = 2 / (q² s²) ≈ 19.0 frames.
  const tau = relaxationTime(sd.t, sd.fs['1'])!;
  assert.ok(Math.abs(tau - 2 / (q * q * s2)) < 0.06 * tau, `tau ${tau}`);
});

test('diffusion constant: the MSD slope / 6 over a quarter to a half of the lags; null while caged', () => {
  // MSD = 3 s² t, D = s²/2.
  const s2 = 0.05;
  const sd = selfDynamics(randomWalk(4, 101, s2, 300), 7.25);
  const fit = diffusionConstant(sd.t, sd.msd['1'])!;
  assert.ok(Math.abs(fit.D / (s2 / 2) - 1) < 0.05, `D ${fit.D} vs ${s2 / 2}`);
  assert.equal([fit.from, fit.to], [25, 50]);
  // An exact line with an offset (a cage of 0.2 left behind) gives its slope exactly.
  const t = Array.from({ length: 41 }, (_, k) => 0.5 * k);
  assert.ok(Math.abs(diffusionConstant(t, t.map((x) => 0.2 + 6 * 0.05 * x))!.D - 0.05) < 1e-12);
  // Still caged: the MSD at the window's start is below 1.
  assert.is(diffusionConstant(t, t.map((x) => 0.3 * (1 - Math.exp(-x)))), null);
  assert.is(diffusionConstant([0, 1, 2], [0, 2, 4]), null, 'too few lags for a window');
});

test('relaxationTime: linear interpolation between the samples that bracket 1/e; null when not reached', () => {
  const e = Math.exp(-1);
  assert.ok(Math.abs(relaxationTime([0, 1, 2, 3], [1, 0.8, e + 0.1, e - 0.1])! - 2.5) < 1e-12);
  assert.is(relaxationTime([0, 1, 2], [1, 0.9, 0.5]), null);
  assert.is(relaxationTime([0, 1], [0.2, 0.1]), 0);
});

test('fitVft recovers tau0, D, T0 from exact synthetic data', () => {
  const [tau0, D, T0] = [0.3, 4.5, 0.3];
  const T = [1.0, 0.8, 0.7, 0.6, 0.55, 0.5];
  const fit = fitVft(T, T.map((t) => tau0 * Math.exp((D * T0) / (t - T0))));
  assert.ok(Math.abs(fit.T0 - T0) < 1e-4 && Math.abs(fit.D - D) < 1e-3 && Math.abs(fit.tau0 / tau0 - 1) < 1e-3, JSON.stringify(fit));
  assert.ok(fit.rms < 1e-6);
  assert.throws(() => fitVft([1, 0.8], [1, 2]), (e: unknown) => e instanceof InputError && /3 or more/.test((e as Error).message));
});

test('bad input: one-line errors for no or one frame, missing columns, q <= 0, no or bad --dt, uneven frames, --every leaving one frame, frames too far apart to unwrap, --temperatures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-dyn-'));
  try {
    const empty = join(dir, 'empty.dump');
    writeFileSync(empty, '');
    assert.throws(() => loadTrajectory(empty, { dt: 1 }), /0 frame\(s\): dynamics needs at least 2/);
    const noPos = join(dir, 'nopos.dump');
    writeFileSync(noPos, formatDumpFrames(freeFlight(['id', 'type', 'vx', 'vy', 'vz'], 2, 0.5)));
    assert.throws(() => loadTrajectory(noPos, { dt: 1 }), (e: unknown) => e instanceof InputError && /expected position columns/.test((e as Error).message));
    const frames = freeFlight(['id', 'type', 'x', 'y', 'z'], 3, 0.5);
    const tr = trajectoryFromFrames(frames, 'ok.dump', 1);
    assert.throws(() => selfDynamics(tr, 0), (e: unknown) => e instanceof InputError && /--q: must be a number > 0/.test((e as Error).message));
    assert.throws(() => trajectoryFromFrames(frames, 'x.dump'), /give --dt/);
    frames[2].timestep = 25;
    assert.throws(() => trajectoryFromFrames(frames, 'x.dump', 1), /evenly spaced/);
    const is = (pattern: RegExp) => (e: unknown) => e instanceof InputError && pattern.test((e as Error).message);
    const one = join(dir, 'one.dump');
    writeFileSync(one, formatDumpFrames(freeFlight(['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz'], 1, 0.5)));
    assert.throws(() => loadTrajectory(one, { dt: 1 }), is(/one\.dump: 1 frame\(s\): dynamics needs at least 2/));
    const three = join(dir, 'three.dump');
    writeFileSync(three, formatDumpFrames(freeFlight(['id', 'type', 'x', 'y', 'z'], 3, 0.5)));
    assert.throws(() => loadTrajectory(three, { dt: 0 }), is(/--dt: must be a number > 0, got 0/));
    assert.throws(() => loadTrajectory(three, { dt: 1, every: 3 }), is(/three\.dump: 3 frame\(s\), every 3-th of them is 1: dynamics needs at least 2 \(lower --every\)/));
    const noType = join(dir, 'notype.dump');
    writeFileSync(noType, formatDumpFrames(freeFlight(['id', 'x', 'y', 'z'], 2, 0.5)));
    assert.throws(() => loadTrajectory(noType, { dt: 1 }), is(/notype\.dump:9: expected 'id' and 'type' columns/));
    // Wrapped positions 8 time units apart: steps of ~6 per axis in a box of 10, too far to unwrap by the minimum image.
    assert.throws(() => trajectoryFromFrames(freeFlight(['id', 'type', 'x', 'y', 'z'], 3, 8), 'far.dump', 1),
      is(/far\.dump: frame 2: atom \d+ moved [\d.]+ since the previous frame, more than a quarter of the box's smallest width \(2\.5\), too far to unwrap by the minimum image/));
    const base = { every: 1, 'origin-every': 1, out: dir, n: 100, seed: 1, 'time-step': 0.005, damp: 1, melt: 0, equilibrate: 1, production: 1, 'dump-every': 10, json: false };
    for (const temperatures of ['', '0.6,,0.5', '0.6,x'])
      assert.throws(() => relaxCommand({ ...base, temperatures }, () => {}), is(/--temperatures: expected numbers separated by commas/), temperatures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('relax workflow (tiny): a file per temperature, reused on rerun; the CLI reads its dump', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-relax-'));
  try {
    const s = { ...RELAX_DEFAULTS, n: 256, melt: 0.5, equilibrate: 1, production: 3, dumpEvery: 20 };
    const lines: string[] = [];
    const r = runRelax([1.3, 1.2, 1.1], dir, s, (l) => lines.push(l));
    assert.is(r.temperatures.length, 3);
    for (const row of r.temperatures) assert.ok(row.tau_alpha! > 0 && row.q > 6 && row.q < 8.5, JSON.stringify(row));
    // 3 τ of production: the A atoms have not left their cages for long enough to give D.
    for (const row of r.temperatures) assert.equal(Object.keys(row.D).sort(), ['1', '2', 'all']);
    assert.ok(r.vft !== null || r.vft_note !== undefined);
    const file = join(dir, 'T1.2.json');
    const mtime = statSync(file).mtimeMs;
    const again: string[] = [];
    const r2 = runRelax([1.2], dir, s, (l) => again.push(l));
    assert.match(again[0], /reused/);
    assert.is(statSync(file).mtimeMs, mtime);
    assert.is(r2.temperatures[0].tau_alpha, r.temperatures[1].tau_alpha);
    assert.match(r2.vft_note!, /VFT needs 3/);
    const bin = join(import.meta.dirname, '..', 'cli', 'betascape.js');
    const cli = spawnSync(process.execPath, [bin, 'relax', '--dump', join(dir, 'T1.2.dump'), '--dt', '0.005', '--json'], { encoding: 'utf8' });
    assert.is(cli.status, 0, cli.stderr);
    const out = JSON.parse(cli.stdout);
    assert.is(out.unwrap, 'image-flags');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.is(out.q, saved.q);
    assert.equal(out.fs['1'], saved.fs['1']);
    assert.is(out.tau_alpha['1'], saved.tau_alpha);
    const bad = spawnSync(process.execPath, [bin, 'relax', '--dump', join(dir, 'T1.2.dump')], { encoding: 'utf8' });
    assert.is(bad.status, 2);
    assert.is(bad.stderr.trim().split('\n').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
