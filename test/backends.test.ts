/**
 * Backends (sim/backends): the threads backend gives the cpu backend's forces, energy, virial and
 * per-atom energies to 1e-12 on ka864 (LAMMPS reference data, also in a tilted box) and on a
 * Cu64Zr36 EAM configuration (CuZr_mm.eam.fs, Mendelev et al. 2009); its results do not depend on
 * timing (bit-identical repeats); NVE with it conserves energy as well as with cpu; its workers
 * never keep the process alive. The cpu backend itself is checked against LAMMPS's ka864 energy.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kobAndersen } from '../sim/potentials/lj.js';
import { computeForces, createForceField } from '../sim/forces.js';
import { backendFor, parseBackendName } from '../sim/backends/index.js';
import { buildPotential } from '../sim/potentials/registry.js';
import type { Backend } from '../sim/backends/backend.js';
import type { EamSpec, PotentialSpec } from '../sim/potentials/spec.js';
import { runMD } from '../sim/md.js';
import { nve } from '../sim/integrate/thermostat.js';
import { langevin } from '../sim/integrate/langevin.js';
import { buildSample } from '../sim/init.js';
import { initVelocities } from '../sim/velocities.js';
import { createRng } from '../sim/random.js';
import { LJ_UNITS, METAL_UNITS } from '../sim/units.js';
import { deformBox } from '../sim/box.js';
import { cloneState, type State } from '../sim/state.js';
import { InputError } from '../sim/errors.js';
import { loadKa864, KA864 } from './helpers/reference.js';
import { openFromArgs } from '../cli/backend-args.js';

const CUZR = join(process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials', 'CuZr_mm.eam.fs');
const haveCuZr = existsSync(CUZR);
if (!haveCuZr) console.log(`SKIP (no ${CUZR}): threads backend on EAM (test/backends.test.ts)`);

const KA: PotentialSpec = { kind: 'lj', model: kobAndersen() };
const CUZR_SPEC: PotentialSpec = { kind: 'eam', file: CUZR, elements: ['Cu', 'Zr'] };

interface Result { f: Float64Array; energy: number; virial: Float64Array; pe: Float64Array }

function evaluate(backend: Backend, state: State, skin: number): Result {
  const s = cloneState(state);
  const pe = new Float64Array(s.n);
  const out = computeForces(s, createForceField(backend.potential, skin), { energyVirial: true, perAtomEnergy: pe });
  return { f: s.f, energy: out.energy, virial: out.virial.slice(), pe };
}

/** Largest difference relative to the scale of the reference (rms for vectors). */
function deviation(a: Result, b: Result): { force: number; energy: number; virial: number; pe: number } {
  const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => {
    let m = 0;
    for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k] - y[k]));
    return m;
  };
  const rms = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0) / x.length);
  return {
    force: maxDiff(a.f, b.f) / rms(b.f),
    energy: Math.abs(a.energy - b.energy) / Math.abs(b.energy),
    virial: maxDiff(a.virial, b.virial) / rms(b.virial),
    pe: maxDiff(a.pe, b.pe) / rms(b.pe),
  };
}

function assertAgree(a: Result, b: Result, tol: number, what: string): void {
  const d = deviation(a, b);
  for (const [k, v] of Object.entries(d)) assert.ok(v < tol, `${what}: ${k} differs by ${v.toExponential(2)} (relative), more than ${tol}`);
}

/** A Cu64Zr36 liquid-like configuration: 1200 atoms, random fcc occupation, 1500 K velocities, 60 Langevin steps at 2000 K. */
let cuZrCache: State | undefined;
function cuZrSample(): State {
  if (cuZrCache) return cuZrCache;
  const n = 1200;
  const eam = buildPotential(CUZR_SPEC as EamSpec);
  const s = buildSample(
    { n, composition: [0.64, 0.36], masses: eam.masses, typeNames: eam.elements, density: 0.059, placement: 'lattice' }, createRng(11),
  );
  initVelocities(s, 1500, createRng(12), METAL_UNITS);
  runMD(s, createForceField(eam, 2.0), { steps: 60, dt: 0.002, units: METAL_UNITS, thermostat: langevin({ damp: 0.05, seed: 13 }), tStart: 2000 });
  cuZrCache = s;
  return s;
}

test('cpu backend: ka864 energy equals LAMMPS; the potential keeps its spec', async () => {
  const cpu = await backendFor('cpu', buildPotential(KA));
  const r = evaluate(cpu, loadKa864(), 0.3);
  assert.ok(Math.abs(r.energy - KA864.energy) < 1e-7 * Math.abs(KA864.energy), `energy ${r.energy} vs LAMMPS ${KA864.energy}`);
  assert.equal(cpu.potential.spec, KA);
});

test('threads equals cpu to 1e-12 on ka864 (1, 2 and 3 workers) and in a tilted box', async () => {
  const cpu = await backendFor('cpu', buildPotential(KA));
  const ka = loadKa864();
  const tilted = cloneState(ka);
  deformBox(tilted.box, { ...tilted.box, xy: 0.9, xz: -0.6, yz: 0.4 }, tilted.x);
  const refs = [evaluate(cpu, ka, 0.3), evaluate(cpu, tilted, 0.3)];
  for (const workers of [1, 2, 3]) {
    const threads = await backendFor('threads', buildPotential(KA), { workers });
    try {
      assert.is(threads.detail, `threads (${workers} worker${workers > 1 ? 's' : ''})`);
      assertAgree(evaluate(threads, ka, 0.3), refs[0], 1e-12, `ka864, ${workers} workers`);
      assertAgree(evaluate(threads, tilted, 0.3), refs[1], 1e-12, `tilted ka864, ${workers} workers`);
    } finally {
      threads.dispose();
    }
  }
});

/** The list a force field on `backend` builds for `state`, next to the serial build's (cpu backend). */
function listsOf(backend: Backend, state: State, skin: number) {
  const serial = createForceField(buildPotential(KA), skin), parallel = createForceField(backend.potential, skin);
  computeForces(cloneState(state), serial);
  computeForces(cloneState(state), parallel);
  return { serial: serial.nlist, parallel: parallel.nlist };
}

test('threads builds the neighbour list in its workers: the same list as the serial build', async () => {
  const ka = loadKa864();
  const tilted = cloneState(ka);
  deformBox(tilted.box, { ...tilted.box, xy: 0.9, xz: -0.6, yz: 0.4 }, tilted.x);
  // All atoms squeezed into the lower half along z: twice the density the first list size is
  // guessed from, so the workers' segments overflow and the search runs again with more room.
  const slab = cloneState(ka);
  for (let i = 0; i < slab.n; i++) slab.x[3 * i + 2] = slab.box.zlo + 0.5 * (slab.x[3 * i + 2] - slab.box.zlo);
  for (const workers of [2, 3]) {
    const threads = await backendFor('threads', buildPotential(KA), { workers });
    try {
      for (const [what, state] of [['ka864', ka], ['tilted', tilted], ['slab', slab]] as const) {
        const { serial, parallel } = listsOf(threads, state, 0.3);
        assert.is(parallel.search, (threads.potential as { pairSearch?: unknown }).pairSearch, 'the list uses the workers');
        assert.is(serial.search, undefined);
        assert.is(parallel.pairs, serial.pairs, `${what}, ${workers} workers: pair count`);
        for (const key of ['start', 'wrapStart', 'end', 'rowOrder'] as const) {
          assert.ok(parallel[key].every((v, i) => v === serial[key][i]), `${what}, ${workers} workers: ${key}`);
        }
        assert.ok(serial.neigh.subarray(0, serial.pairs).every((v, k) => v === parallel.neigh[k]), `${what}, ${workers} workers: neighbours`);
      }
    } finally {
      threads.dispose();
    }
  }
});

test('threads results do not depend on timing: repeats are bit-identical', async () => {
  const threads = await backendFor('threads', buildPotential(KA), { workers: 3 });
  try {
    const ka = loadKa864();
    const first = evaluate(threads, ka, 0.3);
    for (let k = 0; k < 5; k++) {
      const again = evaluate(threads, ka, 0.3);
      assert.ok(again.f.every((v, i) => v === first.f[i]), 'forces bit-identical');
      assert.is(again.energy, first.energy);
      assert.ok(again.virial.every((v, i) => v === first.virial[i]), 'virial bit-identical');
    }
  } finally {
    threads.dispose();
  }
});

test('threads equals cpu to 1e-12 on Cu64Zr36 with CuZr_mm.eam.fs (also tilted)', async () => {
  if (!haveCuZr) return;
  const cpu = await backendFor('cpu', buildPotential(CUZR_SPEC));
  const s = cuZrSample();
  const tilted = cloneState(s);
  deformBox(tilted.box, { ...tilted.box, xy: 2.1, yz: -1.3 }, tilted.x);
  const threads = await backendFor('threads', buildPotential(CUZR_SPEC), { workers: 2 });
  try {
    assertAgree(evaluate(threads, s, 2.0), evaluate(cpu, s, 2.0), 1e-12, 'Cu64Zr36');
    assertAgree(evaluate(threads, tilted, 2.0), evaluate(cpu, tilted, 2.0), 1e-12, 'tilted Cu64Zr36');
  } finally {
    threads.dispose();
  }
  // A vanishing skin: every listed pair lies within the cut-off, so pass 1 keeps every pair it
  // tests and its stores reach the end of each worker's room (they must not go past it).
  for (const workers of [2, 3]) {
    const edge = await backendFor('threads', buildPotential(CUZR_SPEC), { workers });
    try {
      assertAgree(evaluate(edge, s, 1e-6), evaluate(cpu, s, 1e-6), 1e-12, `Cu64Zr36, skin 1e-6, ${workers} workers`);
    } finally {
      edge.dispose();
    }
  }
});

/** Per-atom virials (ComputeFlags.perAtomVirial) of a force field on `backend`, with the total virial. */
function atomVirials(backend: Backend, state: State, skin: number): { w: Float64Array; virial: Float64Array } {
  const s = cloneState(state);
  const w = new Float64Array(6 * s.n);
  const out = computeForces(s, createForceField(backend.potential, skin), { energyVirial: true, perAtomVirial: w });
  return { w, virial: out.virial.slice() };
}

test('per-atom virials: threads equals cpu to 1e-12 and they sum to the total virial (KA, Cu64Zr36)', async () => {
  const cases: [PotentialSpec, State, number][] = [[KA, loadKa864(), 0.3]];
  if (haveCuZr) cases.push([CUZR_SPEC, cuZrSample(), 2.0]);
  for (const [spec, state, skin] of cases) {
    const cpu = atomVirials(await backendFor('cpu', buildPotential(spec)), state, skin);
    const threads = await backendFor('threads', buildPotential(spec), { workers: 2 });
    try {
      // The first call makes room for them in the workers' buffers, the second reuses it.
      for (const round of [1, 2]) {
        const par = atomVirials(threads, state, skin);
        const scale = Math.max(...Array.from(cpu.w, Math.abs));
        const worst = Math.max(...Array.from(par.w, (v, k) => Math.abs(v - cpu.w[k])));
        assert.ok(worst < 1e-12 * scale, `${spec.kind}, call ${round}: per-atom virials differ by ${worst / scale} (relative)`);
      }
      for (let c = 0; c < 6; c++) {
        let sum = 0;
        for (let i = 0; i < state.n; i++) sum += cpu.w[6 * i + c];
        assert.ok(Math.abs(sum - cpu.virial[c]) < 1e-10 * Math.abs(cpu.virial[0]), `${spec.kind}: component ${c} sums to ${sum}, virial ${cpu.virial[c]}`);
      }
    } finally {
      threads.dispose();
    }
  }
});

/** Total-energy drift (per atom, last minus first) of an NVE run, and the final state. */
function nveDrift(backend: Backend, start: State, steps: number, dt: number, skin: number, units = LJ_UNITS) {
  const s = cloneState(start);
  const rows: number[] = [];
  runMD(s, createForceField(backend.potential, skin), { steps, dt, units, thermostat: nve(), thermoEvery: 10, onThermo: (r) => rows.push(r.etotal) });
  return { drift: Math.abs(rows[rows.length - 1] - rows[0]), fluctuation: Math.max(...rows) - Math.min(...rows), state: s };
}

test('NVE with threads follows cpu (KA and EAM): same trajectory, same energy drift', async () => {
  const ka = loadKa864();
  initVelocities(ka, 1.0, createRng(5), LJ_UNITS);
  const cases: [PotentialSpec, State, number, number, typeof LJ_UNITS, number][] = [[KA, ka, 0.005, 0.3, LJ_UNITS, 200]];
  if (haveCuZr) cases.push([CUZR_SPEC, cuZrSample(), 0.002, 2.0, METAL_UNITS, 100]);
  for (const [spec, start, dt, skin, units, steps] of cases) {
    const cpu = await backendFor('cpu', buildPotential(spec));
    const threads = await backendFor('threads', buildPotential(spec), { workers: 2 });
    try {
      const a = nveDrift(cpu, start, steps, dt, skin, units);
      const b = nveDrift(threads, start, steps, dt, skin, units);
      let dx = 0;
      for (let k = 0; k < a.state.x.length; k++) dx = Math.max(dx, Math.abs(a.state.x[k] - b.state.x[k]));
      assert.ok(dx < 1e-8, `${spec.kind}: positions after ${steps} steps differ by ${dx}`);
      assert.ok(b.drift <= 2 * a.drift + 1e-12, `${spec.kind}: drift ${b.drift} (threads) vs ${a.drift} (cpu)`);
      assert.ok(b.fluctuation <= 2 * a.fluctuation + 1e-12, `${spec.kind}: fluctuation ${b.fluctuation} vs ${a.fluctuation}`);
    } finally {
      threads.dispose();
    }
  }
});

test('threads: unused after dispose, bad worker counts are InputErrors, names parse', async () => {
  const threads = await backendFor('threads', buildPotential(KA), { workers: 2 });
  threads.dispose();
  assert.throws(() => evaluate(threads, loadKa864(), 0.3), /after dispose/);
  for (const workers of [0, 1.5, -2]) {
    try {
      await backendFor('threads', buildPotential(KA), { workers });
      assert.unreachable(`workers ${workers} accepted`);
    } catch (e) {
      assert.instance(e, InputError);
    }
  }
  assert.is(parseBackendName('auto'), 'auto');
  assert.is(parseBackendName('threads'), 'threads');
  assert.throws(() => parseBackendName('cuda'), (e: unknown) => e instanceof InputError && /--backend/.test((e as Error).message));
});

test('threads workers do not keep the process alive when nobody disposes them', () => {
  const src = (rel: string) => JSON.stringify(fileURLToPath(new URL(rel, import.meta.url)));
  const dir = mkdtempSync(join(tmpdir(), 'betascape-backends-'));
  const script = join(dir, 'no-dispose.mts');
  writeFileSync(script, `
    import { openForceField } from ${src('../sim/open-force-field.ts')};
    import { computeForces } from ${src('../sim/forces.ts')};
    import { loadKa864 } from ${src('./helpers/reference.ts')};
    import { kobAndersen } from ${src('../sim/potentials/lj.ts')};
    const field = await openForceField({ kind: 'lj', model: kobAndersen() }, 'threads', { skin: 0.3, workers: 2 });
    process.stdout.write(String(computeForces(loadKa864(), field.ff).energy));
  `);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30000, cwd: fileURLToPath(new URL('..', import.meta.url)) });
    assert.is(r.status, 0, `exit status ${r.status}, signal ${r.signal} (a timeout means the workers kept it alive): ${r.stderr}`);
    assert.ok(Math.abs(Number(r.stdout.trim()) - KA864.energy) < 1e-6 * Math.abs(KA864.energy), JSON.stringify(r.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI flags: bad --threads and --threads without a threaded backend are InputErrors', async () => {
  for (const [args, message] of [
    [{ backend: 'threads', threads: 0 }, /--threads: must be a whole number >= 1, got 0/],
    [{ backend: 'cpu', threads: 2 }, /--threads goes with --backend threads or auto/],
    [{ backend: 'cuda' }, /--backend: expected one of/],
  ] as const) {
    try {
      await openFromArgs(args, { spec: KA, skin: 0.3 });
      assert.unreachable(JSON.stringify(args));
    } catch (e) {
      assert.instance(e, InputError);
      assert.match((e as Error).message, message);
    }
  }
});

test('CLI: eval and minimize take --backend/--threads and report the backend', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const cli = (args: string[]) => spawnSync(process.execPath, ['cli/betascape.js', ...args], { encoding: 'utf8', cwd: root, timeout: 60000 });
  const data = 'test/reference/ka864.data';
  const cpu = JSON.parse(cli(['eval', '--data', data, '--model', 'ka', '--json']).stdout);
  const threads = JSON.parse(cli(['eval', '--data', data, '--model', 'ka', '--backend', 'threads', '--threads', '2', '--json']).stdout);
  assert.is(cpu.backend, 'cpu (f64, 1 thread)');
  assert.is(threads.backend, 'threads (2 workers)');
  assert.ok(Math.abs(threads.energy - cpu.energy) < 1e-12 * Math.abs(cpu.energy));
  threads.pressure_tensor.forEach((p: number, k: number) => assert.ok(Math.abs(p - cpu.pressure_tensor[k]) < 1e-11 * Math.abs(cpu.pressure)));
  const dir = mkdtempSync(join(tmpdir(), 'betascape-backends-'));
  try {
    const min = cli(['minimize', '--data', data, '--model', 'ka', '--min', 'cg', '--ftol', '1e-8', '--backend', 'threads', '--threads', '2', '--out', join(dir, 'is.data'), '--json']);
    const r = JSON.parse(min.stdout);
    assert.is(r.backend, 'threads (2 workers)');
    // The inherent structure of ka864 from LAMMPS (test/reference/README.md): -7.566995 per atom.
    assert.ok(Math.abs(r.energy_per_atom - -7.566995) < 2e-6, `e_IS ${r.energy_per_atom}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
