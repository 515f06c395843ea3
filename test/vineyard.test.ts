import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { createForceField } from '../sim/forces.js';
import { createState, type State } from '../sim/state.js';
import { orthoBox } from '../sim/box.js';
import { symmetricEigenvalues, symmetricLogSpectrum } from '../sim/linalg.js';
import { LennardJones, kobAndersen, type LJModel } from '../sim/potentials/lj.js';
import type { ComputeFlags, ForceOutput, Potential } from '../sim/potentials/potential.js';
import type { NeighborList } from '../sim/neighbor.js';
import { LJ_UNITS, METAL_UNITS } from '../sim/units.js';
import { minimizeFrom } from '../landscape/minimize/index.js';
import {
  EnergySurface, activate, defaultActivationOptions, einsteinFrequency, eventRegion, localHessian, normalModes, vineyardPrefactors,
  DEFAULT_HESSIAN_STEP, type Configuration, type VineyardResult,
} from '../landscape/saddles/index.js';
import { symmetricEigenvalues as jacobiEigenvalues } from './helpers/jacobi.js';
import { saddleTestSystem } from './helpers/saddle-system.js';
import { ForceShiftedLennardJones } from './helpers/smooth-lj.js';
import { entriesOff, withoutAnalyticHessian } from './helpers/hessian.js';

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

// ---- symmetricEigenvalues ----

/** Q diag(λ) Q^T with Q a product of random Householder reflections (orthogonal by construction). */
function withEigenvalues(lambda: number[], seed: number): Float64Array {
  const n = lambda.length, rng = createRng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[i];
  const u = new Float64Array(n), au = new Float64Array(n);
  for (let r = 0; r < 3; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (u[i] = rng.gaussian()) ** 2;
    for (let i = 0; i < n; i++) u[i] /= Math.sqrt(s);
    // A ← P A P with P = I - 2 u u^T: A - 2 u (A u)^T - 2 (A u) u^T + 4 (u·Au) u u^T.
    let uau = 0;
    for (let i = 0; i < n; i++) {
      au[i] = 0;
      for (let j = 0; j < n; j++) au[i] += a[i * n + j] * u[j];
      uau += u[i] * au[i];
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] += -2 * u[i] * au[j] - 2 * au[i] * u[j] + 4 * uau * u[i] * u[j];
  }
  return a;
}

test('symmetricEigenvalues: Q diag(λ) Q^T gives λ back (sorted), the sum the trace; agrees with Jacobi', () => {
  const rng = createRng(11);
  for (const n of [1, 2, 3, 12, 80]) {
    // Mixed signs, magnitudes over 4 decades, and a degenerate pair.
    const lambda = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1) * 10 ** (4 * rng.uniform() - 2));
    if (n > 4) lambda[4] = lambda[2];
    const a = withEigenvalues(lambda, n);
    const ev = symmetricEigenvalues(a, n);
    const want = [...lambda].sort((x, y) => x - y);
    const scale = Math.max(...lambda.map(Math.abs));
    for (let i = 0; i < n; i++) assert.ok(Math.abs(ev[i] - want[i]) < 1e-12 * scale, `n ${n}: λ${i} ${ev[i]} vs ${want[i]}`);
    let trace = 0, sum = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    for (const v of ev) sum += v;
    assert.ok(Math.abs(sum - trace) < 1e-12 * scale * n, `n ${n}: sum ${sum} vs trace ${trace}`);
    const jacobi = jacobiEigenvalues(a, n);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(ev[i] - jacobi[i]) < 1e-12 * scale);
  }
  // A diagonal matrix (nothing to reflect) and a tridiagonal one (Householder steps with nothing below).
  assert.equal(Array.from(symmetricEigenvalues(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3)), [-1, 2, 3]);
  const tri = symmetricEigenvalues(Float64Array.of(2, -1, 0, -1, 2, -1, 0, -1, 2), 3);
  [2 - Math.SQRT2, 2, 2 + Math.SQRT2].forEach((v, i) => assert.ok(Math.abs(tri[i] - v) < 1e-14));
});

test('symmetricLogSpectrum: Σ ln λ₊, the negative count and the lowest from the factors, as the eigenvalues give them; null where it cannot tell', () => {
  const rng = createRng(5);
  for (const n of [3, 40, 200]) {
    for (const negative of [0, 1]) {
      // A Hessian-like spectrum: 0.5 .. 500, and an unstable mode −2 for a saddle.
      const lambda = Array.from({ length: n }, () => 0.5 * 1000 ** rng.uniform());
      if (negative) lambda[n >> 1] = -2;
      const f = symmetricLogSpectrum(withEigenvalues(lambda, n + negative), n)!;
      assert.ok(f !== null, `n ${n}`);
      const want = lambda.filter((v) => v > 0).reduce((sum, v) => sum + Math.log(v), 0);
      assert.is(f.negative, negative);
      assert.ok(Math.abs(f.logPositive - want) < 1e-12 * n, `n ${n}: ${f.logPositive} vs ${want}`);
      if (negative) assert.ok(Math.abs(f.lowest + 2) < 1e-11, `λ₋ ${f.lowest}`);
      else assert.ok(Number.isNaN(f.lowest));
    }
  }
  // Two unstable modes, and a singular matrix: not decided here (the caller takes every eigenvalue).
  assert.is(symmetricLogSpectrum(withEigenvalues([1, -1, 3, -2, 5], 1), 5), null);
  assert.is(symmetricLogSpectrum(withEigenvalues([1, 0, 3, 2, 5], 2), 5), null);
});

// ---- localHessian against the analytic Lennard-Jones Hessian ----

/** One species, 4 [(1/r)^12 - (1/r)^6] cut at 2.5 (engine lj/cut; no pair near the cut-off here). */
function ljSurface(positions: number[][]): EnergySurface {
  const model: LJModel = {
    name: 'lj', species: [{ name: 'A', mass: 1 }], pairs: [[{ epsilon: 1, sigma: 1, cutoff: 2.5 }]], shift: true, composition: [1], density: 1,
  };
  const state = createState(positions.length, orthoBox(12, 12, 12), [1]);
  positions.forEach((p, i) => state.x.set(p, 3 * i));
  return new EnergySurface(state, createForceField(new LennardJones(model), 0.3));
}

/** The 3×3 pair block K = V'' r̂r̂^T + (V'/r)(I - r̂r̂^T) of V = 4 (r^-12 - r^-6). */
function ljPairBlock(d: number[]): number[][] {
  const r = Math.hypot(d[0], d[1], d[2]);
  const v1 = 4 * (-12 * r ** -13 + 6 * r ** -7), v2 = 4 * (156 * r ** -14 - 42 * r ** -8);
  return [0, 1, 2].map((a) => [0, 1, 2].map((b) => (v2 - v1 / r) * (d[a] / r) * (d[b] / r) + (a === b ? v1 / r : 0)));
}

test('localHessian: the Lennard-Jones trimer, analytic (lj/cut), to 1e-12 of the pair blocks, on any region; X restored', () => {
  const pos = [[6, 6, 6], [6.7, 6.6, 6.5], [5.6, 7.05, 6.3]];
  const surface = ljSurface(pos);
  const X = surface.current();
  const before = X.slice();
  // H_ii = Σ_j K_ij, H_ij = -K_ij.
  const analytic = (i: number, j: number, a: number, b: number): number => {
    if (i !== j) return -ljPairBlock(pos[i].map((v, c) => v - pos[j][c]))[a][b];
    let s = 0;
    for (let k = 0; k < 3; k++) if (k !== i) s += ljPairBlock(pos[i].map((v, c) => v - pos[k][c]))[a][b];
    return s;
  };
  for (const atoms of [[0, 1, 2], [2, 0], [1]]) {
    const H = localHessian(surface, X, atoms, DEFAULT_HESSIAN_STEP);
    const dim = 3 * atoms.length;
    assert.is(H.length, dim * dim);
    let scale = 0;
    for (const v of H) scale = Math.max(scale, Math.abs(v));
    for (let p = 0; p < dim; p++) {
      for (let q = 0; q < dim; q++) {
        const want = analytic(atoms[p / 3 | 0], atoms[q / 3 | 0], p % 3, q % 3);
        assert.ok(Math.abs(H[p * dim + q] - want) < 1e-12 * scale, `region ${atoms}: H[${p}][${q}] ${H[p * dim + q]} vs ${want}`);
      }
    }
  }
  assert.equal(Array.from(X), Array.from(before));
  assert.is(surface.evaluations, 0, 'no force evaluations');
  assert.throws(() => localHessian(surface, X, [0, 0], 1e-4), /listed twice/);
  assert.throws(() => localHessian(surface, X, [3], 1e-4), /not an atom index/);
  assert.throws(() => localHessian(surface, X, [], 1e-4), /no atoms/);
});

test('lj/cut: the analytic region Hessian is the finite-difference one, but where a pair straddles the cut-off', () => {
  const model = kobAndersen();
  const lj = new LennardJones(model);
  const whole = withoutAnalyticHessian(lj);
  const glass = (potential: Potential) => {
    const state = buildSample({ n: 300, composition: model.composition, masses: [1, 1], density: 1.2, placement: 'random' }, createRng(3));
    const surface = new EnergySurface(state, createForceField(potential, 0.3));
    const x = surface.current();
    minimizeFrom(surface, x, { method: 'lbfgs', ftol: 1e-3 });
    return { surface, x };
  };
  const analytic = glass(lj), fd = glass(whole);
  assert.equal(Array.from(analytic.x), Array.from(fd.x));
  const region = eventRegion(analytic.surface.box, analytic.x, analytic.x.map((v, k) => (k === 3 * 7 ? v + 1 : v)), 0.5, 2.0);
  assert.ok(region.length > 10 && region.length < 100, `${region.length} atoms`);
  const before = analytic.surface.evaluations;
  const H = localHessian(analytic.surface, analytic.x, region), reference = localHessian(fd.surface, fd.x, region);
  assert.is(analytic.surface.evaluations, before, 'no force evaluations');
  const dim = 3 * region.length;
  const { off, top } = entriesOff(H, reference, dim);
  // Only a pair within h = 1e-6 σ of the cut-off (the force jump, seen by the difference) may differ.
  assert.ok(off <= 18, `${off} of ${dim * dim} entries differ by more than 1e-6 of the largest (${top})`);
});

// ---- the whole 64-atom glass ----

const small = saddleTestSystem(1);

test('whole-system Hessian of a minimized glass: symmetric, exactly 3 zero eigenvalues, the rest positive; a region is its principal submatrix', () => {
  const { surface, initial } = small;
  const all = Array.from({ length: surface.n }, (_, i) => i);
  const dim = 3 * surface.n;
  const H = localHessian(surface, initial.x, all);
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) assert.is(H[i * dim + j], H[j * dim + i]);
  const ev = symmetricEigenvalues(H, dim);
  const top = ev[dim - 1];
  const zero = ev.filter((v) => Math.abs(v) < 1e-6 * top).length;
  assert.is(zero, 3, `lowest ${Array.from(ev.slice(0, 5))}`);
  assert.ok(ev[3] > 1e-3 * top, `lowest non-zero ${ev[3]} of ${top}`);
  // normalModes (unit masses, lj units) removes the three translations and keeps the rest.
  const modes = normalModes(surface, LJ_UNITS, initial.x, all);
  assert.is(modes.length, dim - 3);
  for (let i = 0; i < dim - 3; i++) assert.ok(Math.abs(modes[i] - ev[i + 3]) < 1e-8 * top);
  // Holding the other atoms fixed takes the principal submatrix.
  const region = [5, 17, 40];
  const sub = localHessian(surface, initial.x, region);
  for (let p = 0; p < 9; p++) {
    for (let q = 0; q < 9; q++) {
      const full = H[(3 * region[p / 3 | 0] + (p % 3)) * dim + 3 * region[q / 3 | 0] + (q % 3)];
      assert.ok(Math.abs(sub[p * 9 + q] - full) < 1e-7 * top);
    }
  }
});

test('the whole-system saddle of the 64-atom glass: one negative mode, equal to the Lanczos eigenvalue', () => {
  const { surface, initial, options } = small;
  const e = activate(surface, initial, 1, options);
  assert.is(e.status, 'ok', e.message);
  const all = Array.from({ length: surface.n }, (_, i) => i);
  const v = vineyardPrefactors(surface, LJ_UNITS, e.minus!.x, e.plus!.x, e.saddle!.x, all);
  assert.is(v.zeroModes, 3);
  assert.is(v.negativeModes, 1);
  assert.is(v.unstableAtMinimum, 0);
  // Unit masses: ω^2 of the unstable mode is the curvature Lanczos found.
  assert.ok(relDiff(v.lowestSaddle, e.saddle!.eigenvalue) < 1e-4, `${v.lowestSaddle} vs ${e.saddle!.eigenvalue}`);
  assert.ok(v.nuForward > 0 && Number.isFinite(v.nuForward) && v.nuBackward > 0 && Number.isFinite(v.nuBackward));
});

// ---- a local event in a 256-atom glass ----

/** As saddleTestSystem, with 256 atoms: 6 σ across, room for regions a few σ wide. */
function glass256(): { surface: EnergySurface; initial: Configuration } {
  const model = kobAndersen();
  model.pairs = model.pairs.map((row) => row.map((p) => ({ ...p, cutoff: 1.75 * p.sigma })));
  const state = buildSample({ n: 256, composition: model.composition, masses: [1, 1], density: 1.2, placement: 'random' }, createRng(1));
  const surface = new EnergySurface(state, createForceField(new ForceShiftedLennardJones(model), 0.1));
  const x = surface.current();
  const r = minimizeFrom(surface, x, { method: 'lbfgs', ftol: 1e-10 });
  if (!r.converged) throw new Error('glass256: the minimization did not converge');
  return { surface, initial: { x, energy: r.energy } };
}

test('Vineyard prefactors of a local event: one unstable mode on every region, ν* of the order of the Einstein frequency, converged by 2.5 σ', () => {
  const { surface, initial } = glass256();
  const options = { ...defaultActivationOptions(LJ_UNITS), forceTolerance: 1e-6 };
  // Seed 3 gives a local event: 4 atoms move more than 0.1 σ between the two minima.
  const e = activate(surface, initial, 3, options);
  assert.is(e.status, 'ok', e.message);
  const A = e.minus!.x, B = e.plus!.x, S = e.saddle!.x;
  assert.is(eventRegion(surface.box, A, B, options.moveThreshold, 0).length, 4, 'the movers themselves');
  assert.equal(eventRegion(surface.box, A, A, options.moveThreshold, 2.5), [], 'no movers, no region');

  const radii = [1.0, 1.5, 2.5, 3.5];
  const results: VineyardResult[] = [];
  let previous: number[] = [];
  for (const radius of radii) {
    const atoms = eventRegion(surface.box, A, B, options.moveThreshold, radius);
    assert.ok(previous.every((i) => atoms.includes(i)) && atoms.length > previous.length, 'regions grow, nested');
    assert.ok(atoms.length < surface.n);
    previous = atoms;
    const v = vineyardPrefactors(surface, LJ_UNITS, A, B, S, atoms);
    assert.is(v.forceEvaluations, 3 * 2 * 3 * atoms.length);
    assert.is(v.zeroModes, 0);
    assert.is(v.negativeModes, 1, `radius ${radius}`);
    assert.is(v.unstableAtMinimum, 0, `radius ${radius}`);
    assert.ok(v.nuForward > 0 && Number.isFinite(v.nuForward), `radius ${radius}: ν forward ${v.nuForward}`);
    assert.ok(v.nuBackward > 0 && Number.isFinite(v.nuBackward), `radius ${radius}: ν backward ${v.nuBackward}`);
    results.push(v);
  }
  // Cauchy interlacing: a larger region can only lower the saddle's lowest ω^2, never below the
  // whole system's (Lanczos, unit masses); by 3.5 σ it is within 1% of it.
  for (let k = 1; k < results.length; k++) assert.ok(results[k].lowestSaddle <= results[k - 1].lowestSaddle + 1e-6);
  const last = results[results.length - 1];
  assert.ok(last.lowestSaddle >= e.saddle!.eigenvalue - 1e-3 && relDiff(last.lowestSaddle, e.saddle!.eigenvalue) < 0.01, `${last.lowestSaddle} vs ${e.saddle!.eigenvalue}`);
  // The Einstein frequency of the region at A, sqrt(<ω^2>) / 2π, is about 3.1 / τ; ν* forward is about 1 / τ.
  const modesA = normalModes(surface, LJ_UNITS, A, previous);
  const nuE = Math.sqrt(modesA.reduce((s, w2) => s + w2, 0) / modesA.length) / (2 * Math.PI);
  assert.ok(nuE > 2 && nuE < 5, `Einstein ν ${nuE}`);
  // einsteinFrequency samples four small regions of the same glass: the same scale within 15 %.
  const sampled = einsteinFrequency(surface, LJ_UNITS, A, 1.2);
  assert.ok(relDiff(sampled, nuE) < 0.15, `Einstein ν sampled ${sampled} vs ${nuE} on the event region`);
  for (const v of results) assert.ok(v.nuForward > 0.1 * nuE && v.nuForward < 10 * nuE, `ν forward ${v.nuForward} vs Einstein ${nuE}`);
  // The sums from the factors against those of every eigenvalue: ν* the same to 1e-10.
  const atoms = eventRegion(surface.box, A, B, options.moveThreshold, 2.5);
  const byModes = (X: Float64Array) => normalModes(surface, LJ_UNITS, X, atoms).filter((v) => v > 0).reduce((sum, v) => sum + Math.log(v), 0);
  const nuByModes = Math.exp(0.5 * (byModes(A) - byModes(S))) / (2 * Math.PI);
  assert.ok(relDiff(results[2].nuForward, nuByModes) < 1e-10, `${results[2].nuForward} vs ${nuByModes}`);
  // Measured: ν forward 1.32, 1.19, 1.12, 1.03 / τ at 1.0, 1.5, 2.5, 3.5 σ (2.5 vs 3.5: 9%).
  const [, , at25, at35] = results;
  assert.ok(relDiff(at25.nuForward, at35.nuForward) < 0.2, `ν forward ${at25.nuForward} at 2.5 σ vs ${at35.nuForward} at 3.5 σ`);
  // ν backward is not converged in this box: B lies 1.3 ε below the saddle and its relaxation
  // (~0.08 σ per atom) reaches across the 6 σ box, stiffening B's modes everywhere (measured
  // 1.3, 2.5, 5.5, 21 / τ); it only has to keep growing, as the stiffer modes come in.
  for (let k = 1; k < results.length; k++) assert.ok(results[k].nuBackward > results[k - 1].nuBackward);
});

// ---- units and the formula on an analytic surface ----

/**
 * Atoms tethered by springs k to fixed sites; atom `well` instead sits in a double well along x,
 * a (x - x0)^2 - b^2)^2, minima x0 ± b (curvature 8 a b^2), saddle x0 (-4 a b^2).
 */
class Tethers implements Potential {
  readonly name = 'tethers';
  readonly ntypes = 2;
  constructor(readonly sites: Float64Array, readonly k: number, readonly well: { atom: number; a: number; b: number }) {}
  cutoff(): number {
    return 1;
  }
  compute(state: State, _nlist: NeighborList, _flags: ComputeFlags, out: ForceOutput): void {
    const { x, f } = state;
    let energy = 0;
    for (let c = 0; c < x.length; c++) {
      const u = x[c] - this.sites[c];
      if (c === 3 * this.well.atom) {
        const { a, b } = this.well;
        energy += a * (u * u - b * b) ** 2;
        f[c] = -4 * a * u * (u * u - b * b);
      } else {
        energy += 0.5 * this.k * u * u;
        f[c] = -this.k * u;
      }
    }
    out.energy = energy;
    out.virial.fill(0);
  }
}

test('metal units: ω^2 = k/m · ftm2v (an Einstein oscillator); Vineyard ν* = sqrt(V\'\'/m · ftm2v) / 2π on a double well', () => {
  const masses = [63.546, 26.9815];
  const state = createState(3, orthoBox(30, 30, 30), masses, ['Cu', 'Al']);
  state.type.set([0, 1, 0]);
  const sites = Float64Array.of(10, 10, 10, 15, 12, 11, 20, 20, 20);
  state.x.set(sites);
  const k = 2.5, well = { atom: 2, a: 0.8, b: 0.3 };
  const surface = new EnergySurface(state, createForceField(new Tethers(sites, k, well), 1));
  // ftm2v from SI: (1 eV / 1 Å^2 / 1 g mol^-1) in ps^-2 = 1.602176634e-19 / 1e-20 / 1.66053906660e-27 / 1e24.
  const perPs2 = 1.602176634e-19 / 1e-20 / 1.6605390666e-27 / 1e24;
  assert.ok(relDiff(METAL_UNITS.ftm2v, perPs2) < 1e-6, `${METAL_UNITS.ftm2v} vs ${perPs2}`);
  const modes = normalModes(surface, METAL_UNITS, surface.current(), [0, 1], { translationalZeroModes: false });
  const want = [k / masses[0], k / masses[0], k / masses[0], k / masses[1], k / masses[1], k / masses[1]].map((w2) => w2 * perPs2);
  for (let i = 0; i < 6; i++) assert.ok(relDiff(modes[i], want[i]) < 1e-6, `ω^2 ${modes[i]} vs ${want[i]} ps^-2`);
  // ω for Cu on a 2.5 eV/Å^2 spring: about 19.5 / ps (3.1 THz).
  assert.ok(Math.abs(Math.sqrt(modes[0]) - 19.483) < 1e-3, `ω ${Math.sqrt(modes[0])}`);

  // The double well: only its x mode differs between minimum and saddle, so
  // ν* = sqrt(8 a b^2 / m · ftm2v) / 2π from either minimum (3 of the 2π above, 2 below, one left).
  const at = (dx: number) => {
    const X = sites.slice();
    X[3 * well.atom] += dx;
    return X;
  };
  const all = [0, 1, 2];
  const v = vineyardPrefactors(surface, METAL_UNITS, at(-well.b), at(well.b), at(0), all, { translationalZeroModes: false });
  const nu = Math.sqrt((8 * well.a * well.b ** 2 / masses[0]) * perPs2) / (2 * Math.PI);
  assert.ok(relDiff(v.nuForward, nu) < 1e-6 && relDiff(v.nuBackward, nu) < 1e-6, `${v.nuForward}, ${v.nuBackward} vs ${nu} / ps`);
  assert.ok(relDiff(v.lowestSaddle, (-4 * well.a * well.b ** 2 / masses[0]) * perPs2) < 1e-6);
  assert.equal([v.negativeModes, v.unstableAtMinimum, v.zeroModes], [1, 0, 0]);
  // Counts, not exceptions: no saddle, or a "minimum" that is the saddle, leave ν* undefined.
  const none = vineyardPrefactors(surface, METAL_UNITS, at(-well.b), at(well.b), at(well.b), all, { translationalZeroModes: false });
  assert.is(none.negativeModes, 0);
  assert.ok(Number.isNaN(none.nuForward) && Number.isNaN(none.nuBackward));
  const bad = vineyardPrefactors(surface, METAL_UNITS, at(0), at(well.b), at(0), all, { translationalZeroModes: false });
  assert.equal([bad.unstableAtA, bad.unstableAtB, bad.unstableAtMinimum], [1, 0, 1]);
  assert.ok(Number.isNaN(bad.nuForward) && relDiff(bad.nuBackward, nu) < 1e-6);
});

test.run();
