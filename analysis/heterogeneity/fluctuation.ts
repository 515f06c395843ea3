/**
 * Local elastic constants at finite temperature from stress fluctuations, for pair potentials
 * (Squire, Holt & Hoover, Physica 42, 388 (1969); the local form of Lutsko, J. Appl. Phys. 65, 2991
 * (1989), as used by Yoshimoto et al., PRL 93, 175501 (2004)). A Langevin run at temperature T samples
 *
 *   C_v = <Born_v> - (V / kT) Cov(sigma_v, sigma) + kinetic_v
 *
 * per voxel v: the Born term (1/V_v) sum_pairs (r^2 phi'' - r phi') n_a n_b n_c n_d over the voxel's
 * half-pairs; the covariance of the voxel's configurational stress with the box's (the box is
 * strained as a whole, so the local response couples to the global stress); and the kinetic term
 * (N_v kT / V_v)(delta_ac delta_bd + delta_ad delta_bc). These are the isothermal constants for
 * Lagrangian strain. To compare with the T = 0 maps (local-elasticity.ts, which differentiate the
 * Cauchy stress under F = I + delta e_i e_j), each column gets the pre-stress terms of that
 * deformation, H sigma0 + sigma0 H^T - tr(H) sigma0 (first order of sigma = F S F^T / det F), with
 * sigma0 the mean local stress, kinetic part included.
 *
 * lj/cut has a force jump -phi'(rc) at the cut-off, which puts a delta function into phi'' (an
 * "impulsive" Born term, ~5 % of G for Kob–Andersen). It is estimated from the pairs in a thin shell
 * [rc - shell, rc): each adds rc^3 (F/r)(rc) n_a n_b n_c n_d / shell.
 *
 * Every quantity is a sum of per-atom shares (each pair half to each atom), so the result has the
 * same form as the T = 0 one: per-atom shares that any voxel grid re-bins (coarseGrain).
 */
import { InputError } from '../../sim/errors.js';
import { boxVolume } from '../../sim/box.js';
import { cloneState, type State } from '../../sim/state.js';
import { computeForces, type ForceField } from '../../sim/forces.js';
import type { Units } from '../../sim/units.js';
import { runMD } from '../../sim/md.js';
import { createThermostat } from '../../sim/integrate/ensemble.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { ljCurvature, ljForce, ljTables, type LJTables } from '../../sim/potentials/lj-pair.js';
import type { NeighborList } from '../../sim/neighbor.js';
import { onGrid, stressFactor, type LocalElasticity } from './local-elasticity.js';
import { moduliFromVoigt, MODULUS_NAMES, type Moduli } from './moduli.js';

export interface FluctuationOptions {
  /** Temperature of the NVT run (Nosé–Hoover). */
  temperature: number;
  /** Steps run before sampling, and sampled steps. */
  equilibrate: number;
  steps: number;
  /** Sample every this many steps. */
  every: number;
  dt: number;
  /** Thermostat damping time (time units). */
  damp: number;
  /** Seed of the initial velocities. */
  seed: number;
  voxel: number;
  units: Units;
  /** Width of the shell below each cut-off for the impulsive term (length; default 0.05; 0 leaves the term out). */
  shell?: number;
  onProgress?: (step: number, total: number) => void;
}

export interface FluctuationElasticity extends LocalElasticity {
  temperature: number;
  samples: number;
  /** Mean temperature measured over the sampled steps. */
  measuredTemperature: number;
  /** Standard errors of the box constants (36, Voigt) and of the box moduli, from 10 blocks of the run. */
  globalSem: Float64Array;
  globalModuliSem: Moduli;
}

/** Sums over samples of the box's Born term (36), virial W (6), W W (36) and sum m v v (6). */
interface BoxSums {
  count: number;
  born: Float64Array;
  W: Float64Array;
  WW: Float64Array;
  mvv: Float64Array;
}

const BLOCKS = 10;

/** Voigt component -> Cartesian index pair (xx yy zz yz xz xy). */
const PAIR = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]] as const;
/** The LAMMPS-order (xx yy zz xy xz yz) index of each Voigt component. */
const VOIGT_OF_LAMMPS = [0, 1, 2, 5, 4, 3];
/** Kinetic term (delta_ac delta_bd + delta_ad delta_bc) in Voigt form. */
const KINETIC = PAIR.map(([a, b]) => PAIR.map(([c, d]) => (a === c && b === d ? 1 : 0) + (a === d && b === c ? 1 : 0)));

export function fluctuationElasticity(input: State, ff: ForceField, o: FluctuationOptions): FluctuationElasticity {
  const spec = ff.potential.spec;
  if (spec?.kind !== 'lj') throw new InputError(`finite-temperature moduli need a Lennard-Jones pair potential (got ${ff.potential.name})`);
  if (!(o.temperature > 0)) throw new InputError(`temperature must be > 0, got ${o.temperature}`);
  for (const [k, v] of [['steps', o.steps], ['every', o.every]] as const) {
    if (!(Number.isInteger(v) && v > 0)) throw new InputError(`${k} must be a whole number > 0, got ${v}`);
  }
  if (Math.floor(o.steps / o.every) < BLOCKS) throw new InputError(`steps / every must give at least ${BLOCKS} samples (the error bars use ${BLOCKS} blocks)`);
  const t = ljTables(spec.model);
  const shell = o.shell ?? 0.05;
  const n = input.n;
  const s = cloneState(input);
  initVelocities(s, o.temperature, createRng(o.seed), o.units);
  // Langevin, not Nosé–Hoover: a nearly harmonic glass barely exchanges energy between its modes,
  // and NH's one global friction would leave each mode at the energy of its initial draw, so the
  // stress fluctuations would not be canonical.
  const thermostat = createThermostat({ ensemble: 'langevin', damp: o.damp, seed: o.seed });
  runMD(s, ff, { steps: o.equilibrate, dt: o.dt, units: o.units, thermostat, tStart: o.temperature });

  // Running sums over samples: per atom Born (36), virial (6), virial x box virial (36), m v v (6);
  // the box's sums per block of the run. Virials W = sum r (x) F in Voigt order.
  const born = new Float64Array(36 * n), w = new Float64Array(6 * n), wW = new Float64Array(36 * n), mvv = new Float64Array(6 * n);
  const W = new Float64Array(6);
  const wNow = new Float64Array(6 * n), wAtom = new Float64Array(6 * n), bornNow = new Float64Array(36), mvvNow = new Float64Array(6);
  const expected = Math.floor(o.steps / o.every);
  const blocks = Array.from({ length: BLOCKS }, () => emptySums());
  const cut = Float64Array.from(t.cutsq, Math.sqrt);
  // rc^3 (F/r)(rc) / shell: the impulsive coefficient per type pair.
  const impulse = cut.map((rc, p) => (shell > 0 ? (rc ** 3 * ljForce(t, p, 1 / (rc * rc))) / shell : 0));
  let samples = 0, kineticSum = 0;

  const sample = (st: State) => {
    const { type, v, mass } = st;
    bornNow.fill(0);
    mvvNow.fill(0);
    // The potential's per-atom virials (LAMMPS order xx yy zz xy xz yz), in Voigt order.
    computeForces(st, ff, { energyVirial: true, perAtomVirial: wAtom });
    for (let i = 0; i < n; i++) for (let a = 0; a < 6; a++) wNow[6 * i + a] = wAtom[6 * i + VOIGT_OF_LAMMPS[a]];
    forEachPair(st, ff.nlist, t, (i, j, d, rsq, p) => {
      const r2inv = 1 / rsq;
      // (r^2 phi'' - r phi') / r^4 = (phi'' + (-phi'/r)) / r^2: the Born weight of d_a d_b d_c d_d.
      let weight = (ljCurvature(t, p, r2inv) + ljForce(t, p, r2inv)) * r2inv;
      if (shell > 0 && Math.sqrt(rsq) > cut[p] - shell) weight += impulse[p] * r2inv * r2inv;
      addHalves(born, bornNow, i, j, d, 0.5 * weight);
    });
    W.fill(0);
    for (let i = 0; i < n; i++) for (let a = 0; a < 6; a++) W[a] += wNow[6 * i + a];
    let twiceKinetic = 0;
    for (let i = 0; i < n; i++) {
      const m = mass[type[i]] * o.units.mvv2e;
      for (let a = 0; a < 6; a++) {
        const wa = wNow[6 * i + a];
        w[6 * i + a] += wa;
        for (let b = 0; b < 6; b++) wW[36 * i + 6 * a + b] += wa * W[b];
        const k = m * v[3 * i + PAIR[a][0]] * v[3 * i + PAIR[a][1]];
        mvv[6 * i + a] += k;
        mvvNow[a] += k;
      }
      twiceKinetic += m * (v[3 * i] ** 2 + v[3 * i + 1] ** 2 + v[3 * i + 2] ** 2);
    }
    kineticSum += twiceKinetic / (3 * n * o.units.boltz);
    addSample(blocks[Math.min(BLOCKS - 1, Math.floor((samples * BLOCKS) / expected))], bornNow, W, mvvNow);
    samples++;
  };

  let step = 0;
  runMD(s, ff, {
    steps: o.steps, dt: o.dt, units: o.units, thermostat, tStart: o.temperature,
    onStep: (st) => {
      if (++step % o.every === 0) sample(st);
      if (step % 1000 === 0) o.onProgress?.(step, o.steps);
    },
  });

  const volume = boxVolume(s.box);
  const kT = o.units.boltz * o.temperature;
  const { factor, unit } = stressFactor(o.units);
  const atomic = new Float64Array(36 * n);
  const Wmean = new Float64Array(6);
  const kineticMean = new Float64Array(6);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 6; a++) {
      Wmean[a] += w[6 * i + a] / samples;
      kineticMean[a] += mvv[6 * i + a] / samples;
    }
  }
  const sigma0 = new Float64Array(6);
  for (let i = 0; i < n; i++) {
    const base = 36 * i;
    // Mean Cauchy stress share of atom i (Voigt), kinetic part included: -(W_i + m v v) / V.
    for (let a = 0; a < 6; a++) sigma0[a] = -(w[6 * i + a] + mvv[6 * i + a]) / samples / volume;
    for (let a = 0; a < 6; a++) {
      for (let b = 0; b < 6; b++) {
        const cov = wW[base + 6 * a + b] / samples - (w[6 * i + a] / samples) * Wmean[b];
        const lagrangian = (born[base + 6 * a + b] / samples - cov / kT + KINETIC[a][b] * kT) / volume;
        atomic[base + 6 * a + b] = factor * (lagrangian + preStress(sigma0, a, b));
      }
    }
  }
  const global = new Float64Array(36);
  for (let i = 0; i < n; i++) for (let k = 0; k < 36; k++) global[k] += atomic[36 * i + k];
  // Error bars from the one run: the scatter of the box constants over its blocks.
  const perBlock = blocks.map((b) => boxConstants(b, { volume, kT, n, factor }));
  const sem = (values: number[]) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) / values.length);
  };
  const globalSem = Float64Array.from({ length: 36 }, (_, k) => sem(perBlock.map((c) => c[k])));
  const blockModuli = perBlock.map((c) => moduliFromVoigt(c));
  const globalModuliSem = Object.fromEntries(MODULUS_NAMES.map((m) => [m, sem(blockModuli.map((b) => b[m]))])) as unknown as Moduli;
  const referenceStress = Array.from(Wmean, (wa, a) => (-(wa + kineticMean[a]) / volume) * factor);
  computeForces(s, ff, { energyVirial: true });
  return {
    ...onGrid(s, atomic, o.voxel), delta: 0, unit, atomic, global, globalModuli: moduliFromVoigt(global),
    reference: s, referenceEnergy: ff.out.energy, referenceStress, worstForce: 0, unconverged: 0,
    temperature: o.temperature, samples, measuredTemperature: kineticSum / samples, globalSem, globalModuliSem,
  };
}

/**
 * Calls visit(i, j, d, rsq, p) for every listed pair inside its cut-off: d = x_i - x_j (minimum
 * image where the list says it may be needed; the array is reused), p the pair's table index.
 */
function forEachPair(
  state: State, nl: NeighborList, t: LJTables, visit: (i: number, j: number, d: Float64Array, rsq: number, p: number) => void,
): void {
  const { x, type, box } = state;
  const { lx, ly, lz, xy, xz, yz } = box;
  const d = new Float64Array(3);
  const { start, end, neigh, wrapStart } = nl;
  for (let i = 0; i < state.n; i++) {
    const row = type[i] * t.ntypes;
    for (let k = start[i]; k < end[i]; k++) {
      const j = neigh[k];
      let dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1], dz = x[3 * i + 2] - x[3 * j + 2];
      if (k >= wrapStart[i]) {
        if (dz > 0.5 * lz) { dz -= lz; dy -= yz; dx -= xz; } else if (dz < -0.5 * lz) { dz += lz; dy += yz; dx += xz; }
        if (dy > 0.5 * ly) { dy -= ly; dx -= xy; } else if (dy < -0.5 * ly) { dy += ly; dx += xy; }
        if (dx > 0.5 * lx) dx -= lx; else if (dx < -0.5 * lx) dx += lx;
      }
      const rsq = dx * dx + dy * dy + dz * dz;
      const p = row + type[j];
      if (rsq < t.cutsq[p]) {
        d[0] = dx; d[1] = dy; d[2] = dz;
        visit(i, j, d, rsq, p);
      }
    }
  }
}

function emptySums(): BoxSums {
  return { count: 0, born: new Float64Array(36), W: new Float64Array(6), WW: new Float64Array(36), mvv: new Float64Array(6) };
}

function addSample(b: BoxSums, born: Float64Array, W: Float64Array, mvv: Float64Array): void {
  b.count++;
  for (let k = 0; k < 36; k++) b.born[k] += born[k];
  for (let a = 0; a < 6; a++) {
    b.W[a] += W[a];
    b.mvv[a] += mvv[a];
    for (let c = 0; c < 6; c++) b.WW[6 * a + c] += W[a] * W[c];
  }
}

/** The box constants of one set of samples: the same formula as the per-atom shares, summed. */
function boxConstants(b: BoxSums, c: { volume: number; kT: number; n: number; factor: number }): Float64Array {
  const out = new Float64Array(36);
  const sigma0 = Float64Array.from(b.W, (w, a) => -(w + b.mvv[a]) / b.count / c.volume);
  for (let a = 0; a < 6; a++) {
    for (let k = 0; k < 6; k++) {
      const cov = b.WW[6 * a + k] / b.count - (b.W[a] / b.count) * (b.W[k] / b.count);
      const lagrangian = (b.born[6 * a + k] / b.count - cov / c.kT + KINETIC[a][k] * c.n * c.kT) / c.volume;
      out[6 * a + k] = c.factor * (lagrangian + preStress(sigma0, a, k));
    }
  }
  return out;
}

/** Adds weight × d_a d_b d_c d_d (Voigt a, b) to both atoms' Born sums, and twice that to the box's. */
function addHalves(born: Float64Array, box: Float64Array, i: number, j: number, d: Float64Array, weight: number): void {
  for (let a = 0; a < 6; a++) {
    const da = weight * d[PAIR[a][0]] * d[PAIR[a][1]];
    for (let b = a; b < 6; b++) {
      const term = da * d[PAIR[b][0]] * d[PAIR[b][1]];
      born[36 * i + 6 * a + b] += term;
      born[36 * j + 6 * a + b] += term;
      box[6 * a + b] += 2 * term;
      if (b !== a) {
        born[36 * i + 6 * b + a] += term;
        born[36 * j + 6 * b + a] += term;
        box[6 * b + a] += 2 * term;
      }
    }
  }
}

/**
 * Column b's pre-stress term, row a: (H sigma0 + sigma0 H^T - tr(H) sigma0)_a for H = e_i (x) e_j,
 * (i, j) = PAIR[b], i.e. delta_ki sigma0_jl + sigma0_kj delta_li - delta_ij sigma0_kl, (k, l) = PAIR[a].
 */
function preStress(sigma0: Float64Array, a: number, b: number): number {
  const [k, l] = PAIR[a];
  const [i, j] = PAIR[b];
  const sig = (p: number, q: number) => sigma0[voigtIndex(p, q)];
  return (k === i ? sig(j, l) : 0) + (l === i ? sig(k, j) : 0) - (i === j ? sig(k, l) : 0);
}

function voigtIndex(p: number, q: number): number {
  return p === q ? p : 6 - p - q;
}
