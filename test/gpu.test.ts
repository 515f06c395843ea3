/**
 * The gpu.js backend (sim/backends/gpu.ts) against the f64 cpu potentials: Kob–Andersen ka864
 * (test/reference), the same after a box change (NPT-like scaling plus a tilt) that the kernels
 * must follow without a list rebuild, a Cu–Zr EAM configuration (CuZr_mm.eam.fs), and NVE energy
 * conservation. f32 tolerances: max|dF| / rms|F| < 2e-4, energy and virial 1e-5 relative.
 *
 * The mode is whatever gpu.js can run here (GL under `xvfb-run -a` when the `gl` module built,
 * else webasm), or BETASCAPE_GPU_MODE (gpu, headlessgl, webasm, cpu); the mode that really ran
 * is printed. When no mode works the tests skip with a message.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { createGpuBackend } from '../sim/backends/gpu.js';
import type { PotentialSpec } from '../sim/potentials/spec.js';
import { buildPotential } from '../sim/potentials/registry.js';
import { kobAndersen, LennardJones } from '../sim/potentials/lj.js';
import { loadEam } from '../sim/potentials/eam.js';
import type { Potential } from '../sim/potentials/potential.js';
import { computeForces, createForceField } from '../sim/forces.js';
import { runMD, type ThermoRow } from '../sim/md.js';
import { nve } from '../sim/integrate/thermostat.js';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { LJ_UNITS } from '../sim/units.js';
import { cloneState, type State } from '../sim/state.js';
import { InputError } from '../sim/errors.js';
import { loadKa864 } from './helpers/reference.js';

const MODE = process.env.BETASCAPE_GPU_MODE ?? 'gpu';
const CUZR = `${process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials'}/CuZr_mm.eam.fs`;
const KA: PotentialSpec = { kind: 'lj', model: kobAndersen() };

/** Opens a backend and runs one force call, or says why not. */
async function probe(): Promise<string | null> {
  try {
    const b = await createGpuBackend(buildPotential(KA), { mode: MODE });
    const s = loadKa864();
    computeForces(s, createForceField(b.potential, 0.3));
    const detail = b.detail;
    b.dispose();
    return detail;
  } catch (e) {
    console.log(`SKIP (gpu.js mode '${MODE}' does not run here: ${(e as Error).message.split('\n')[0]}): test/gpu.test.ts`);
    return null;
  }
}
const detail = await probe();
if (detail) console.log(`      gpu backend: ${detail}`);

interface Comparison { dF: number; dE: number; dW: number; dPe: number }

/**
 * Forces, energy, virial and per-atom energies of `gpu` and `cpu` on copies of `state`. dF is
 * max|dF_i| / rms|F|; dE, dPe relative to |E| and max|e_i|; dW is max|dW_ab| over `virialScale`.
 */
function compare(state: State, gpu: Potential, cpu: Potential, skin: number, virialScale: (w: Float64Array, e: number) => number): Comparison {
  const a = cloneState(state), b = cloneState(state);
  const pa = new Float64Array(state.n), pb = new Float64Array(state.n);
  const oa = computeForces(a, createForceField(gpu, skin), { energyVirial: true, perAtomEnergy: pa });
  const ob = computeForces(b, createForceField(cpu, skin), { energyVirial: true, perAtomEnergy: pb });
  return summarize(a, b, oa, ob, pa, pb, virialScale);
}

function summarize(
  a: State, b: State, oa: { energy: number; virial: Float64Array }, ob: { energy: number; virial: Float64Array },
  pa: Float64Array, pb: Float64Array, virialScale: (w: Float64Array, e: number) => number,
): Comparison {
  let worst = 0, sq = 0;
  for (let k = 0; k < b.f.length; k++) {
    worst = Math.max(worst, Math.abs(a.f[k] - b.f[k]));
    sq += b.f[k] ** 2;
  }
  const dW = Math.max(...ob.virial.map((w, k) => Math.abs(oa.virial[k] - w)));
  const dPe = Math.max(...pb.map((e, i) => Math.abs(pa[i] - e))) / Math.max(...pb.map(Math.abs));
  return {
    dF: worst / Math.sqrt(sq / b.n),
    dE: Math.abs(oa.energy - ob.energy) / Math.abs(ob.energy),
    dW: dW / virialScale(ob.virial, ob.energy),
    dPe,
  };
}

function assertAgree(label: string, c: Comparison): void {
  console.log(`      ${label}: max|dF|/rms|F| ${c.dF.toExponential(1)}, dE/|E| ${c.dE.toExponential(1)}, dW ${c.dW.toExponential(1)}, de_i ${c.dPe.toExponential(1)}`);
  assert.ok(c.dF < 2e-4, `forces: ${c.dF}`);
  assert.ok(c.dE < 1e-5, `energy: ${c.dE}`);
  assert.ok(c.dW < 1e-5, `virial: ${c.dW}`);
  assert.ok(c.dPe < 1e-5, `per-atom energy: ${c.dPe}`);
}

/** The LJ virial (pressure 8.9 in LJ units) relative to its largest diagonal element. */
const diagonalScale = (w: Float64Array) => Math.max(Math.abs(w[0]), Math.abs(w[1]), Math.abs(w[2]));

test('mode names: an unknown mode is an input error; a forced cpu mode reports itself', async () => {
  try {
    await createGpuBackend(buildPotential(KA), { mode: 'cuda' });
    assert.unreachable('accepted mode cuda');
  } catch (e) {
    assert.instance(e, InputError);
    assert.match((e as Error).message, /gpu, headlessgl, webasm, cpu/);
  }
  const b = await createGpuBackend(buildPotential(KA), { mode: 'cpu' });
  const s = loadKa864();
  computeForces(s, createForceField(b.potential, 0.3));
  assert.is(b.detail, 'gpu.js cpu');
  b.dispose();
});

if (detail) {
  test('ka864 (Kob–Andersen): forces, energy, virial, per-atom energies agree with cpu f64', async () => {
    const b = await createGpuBackend(buildPotential(KA), { mode: MODE });
    const c = compare(loadKa864(), b.potential, new LennardJones(kobAndersen()), 0.3, diagonalScale);
    b.dispose();
    assertAgree('ka864', c);
  });

  test('ka864: per-atom virials sum to the virial and agree with cpu f64', async () => {
    const b = await createGpuBackend(buildPotential(KA), { mode: MODE });
    const per = (p: Potential) => {
      const s = loadKa864(), w = new Float64Array(6 * s.n);
      const out = computeForces(s, createForceField(p, 0.3), { energyVirial: true, perAtomVirial: w });
      return { w, virial: out.virial.slice() };
    };
    const g = per(b.potential), c = per(new LennardJones(kobAndersen()));
    b.dispose();
    const scale = Math.max(...Array.from(c.w, Math.abs));
    const worst = Math.max(...Array.from(g.w, (v, k) => Math.abs(v - c.w[k])));
    assert.ok(worst < 1e-4 * scale, `per-atom virials differ by ${worst / scale} (relative)`);
    for (let a = 0; a < 6; a++) {
      let sum = 0;
      for (let k = a; k < g.w.length; k += 6) sum += g.w[k];
      assert.ok(Math.abs(sum - g.virial[a]) < 1e-9 * Math.abs(g.virial[0]), `component ${a}`);
    }
  });

  test('ka864 after a box change without a list rebuild (scaled by 1.002, tilt xy 0.02): agrees with cpu', async () => {
    const b = await createGpuBackend(buildPotential(KA), { mode: MODE });
    const s = loadKa864();
    const ff = createForceField(b.potential, 0.3);
    computeForces(s, ff);
    // Affine map x -> x0 + h' h^-1 (x - x0): the NPT/deformation motion the kernels see as u plus (h' - h) n.
    const { box } = s;
    const scale = 1.002, tilt = 0.02;
    for (let i = 0; i < s.n; i++) {
      const y = s.x[3 * i + 1] - box.ylo;
      s.x[3 * i] = box.xlo + scale * (s.x[3 * i] - box.xlo) + (tilt * y) / box.ly;
      s.x[3 * i + 1] = box.ylo + scale * y;
      s.x[3 * i + 2] = box.zlo + scale * (s.x[3 * i + 2] - box.zlo);
    }
    s.box = { ...box, lx: scale * box.lx, ly: scale * box.ly, lz: scale * box.lz, xy: tilt * scale };
    const pa = new Float64Array(s.n), pb = new Float64Array(s.n);
    const oa = computeForces(s, ff, { energyVirial: true, perAtomEnergy: pa });
    assert.is(ff.nlist.builds, 1, 'the list was rebuilt: the box-change path was not exercised');
    const r = cloneState(s);
    const ob = computeForces(r, createForceField(new LennardJones(kobAndersen()), 0.3), { energyVirial: true, perAtomEnergy: pb });
    const c = summarize(s, r, oa, ob, pa, pb, diagonalScale);
    b.dispose();
    assertAgree('ka864, box changed', c);
  });

  if (!existsSync(CUZR)) console.log(`SKIP (no ${CUZR}): gpu EAM test`);
  else {
    test('Cu64Zr36 EAM (CuZr_mm.eam.fs, N = 1000, displaced fcc): forces, energy, virial agree with cpu f64', async () => {
      const eam = loadEam(CUZR, ['Cu', 'Zr']);
      const s = buildSample({ n: 1000, composition: [0.64, 0.36], masses: eam.masses, typeNames: eam.elements, density: 0.059, placement: 'lattice' }, createRng(71));
      const rng = createRng(72);
      for (let k = 0; k < s.x.length; k++) s.x[k] += 0.4 * (rng.uniform() - 0.5);
      const b = await createGpuBackend(buildPotential({ kind: 'eam', file: CUZR, elements: ['Cu', 'Zr'] }), { mode: MODE });
      // Near zero pressure the virial is a sum with large cancellations: its error is measured
      // against the potential energy (same units), i.e. per atom, as the energy's.
      const c = compare(s, b.potential, eam, 2.0, (_w, e) => Math.abs(e));
      b.dispose();
      assertAgree('Cu64Zr36', c);
    });
  }

  test('NVE on ka864 (dt 0.005, 400 steps): energy drift within 2x of the cpu backend', async () => {
    const b = await createGpuBackend(buildPotential(KA), { mode: MODE });
    const drift = (p: Potential) => {
      const s = loadKa864();
      const rows: ThermoRow[] = [];
      runMD(s, createForceField(p, 0.3), { steps: 400, dt: 0.005, units: LJ_UNITS, thermostat: nve(), thermoEvery: 20, onThermo: (r) => rows.push(r) });
      return { worst: Math.max(...rows.map((r) => Math.abs(r.etotal - rows[0].etotal))), end: Math.abs(rows[rows.length - 1].etotal - rows[0].etotal) };
    };
    const g = drift(b.potential), c = drift(new LennardJones(kobAndersen()));
    b.dispose();
    console.log(`      NVE max|E(t) - E(0)|/N: gpu ${g.worst.toExponential(2)}, cpu ${c.worst.toExponential(2)}; at the end ${g.end.toExponential(2)} vs ${c.end.toExponential(2)}`);
    assert.ok(g.worst <= 2 * c.worst, `gpu energy drift ${g.worst} vs cpu ${c.worst}`);
  });
}

test.run();
