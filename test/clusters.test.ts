import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minimize, MIN_METHODS } from '../landscape/minimize/index.js';
import { createForceField } from '../sim/forces.js';
import { LennardJones, type LJModel } from '../sim/potentials/lj.js';
import { createState, type State } from '../sim/state.js';
import { cubicBox } from '../sim/box.js';
import { createRng } from '../sim/random.js';

/**
 * Lennard-Jones clusters with known global minima (Cambridge Cluster Database, Wales & Doye,
 * J. Phys. Chem. A 101, 5111 (1997)), reduced units: LJ13 (icosahedron) -44.326801 and LJ38 (fcc
 * truncated octahedron) -173.928427. Free boundaries = a box far larger than the cluster and a
 * cut-off (100) longer than any distance in it, energy unshifted.
 */
const LJ13 = -44.326801;
const LJ38 = -173.928427;

const freeLJ: LJModel = {
  name: 'lj-free', species: [{ name: 'A', mass: 1 }], pairs: [[{ epsilon: 1, sigma: 1, cutoff: 100 }]], shift: false,
  composition: [1], density: 1,
};

function cluster(points: number[][], spacing: number): State {
  const L = 400;
  const s = createState(points.length, cubicBox(L), [1], ['A']);
  points.forEach((p, i) => p.forEach((c, k) => (s.x[3 * i + k] = L / 2 + spacing * c)));
  return s;
}

/** Centre + the 12 vertices (0, ±1, ±φ) and cyclic permutations, on the unit sphere. */
function icosahedron(): number[][] {
  const phi = (1 + Math.sqrt(5)) / 2;
  const r = Math.hypot(1, phi);
  const v: number[][] = [[0, 0, 0]];
  for (const a of [-1, 1]) {
    for (const b of [-phi, phi]) v.push([0, a / r, b / r], [a / r, b / r, 0], [b / r, 0, a / r]);
  }
  return v;
}

/**
 * The 38 fcc sites nearest an octahedral hole: fcc = integer points with an even coordinate sum
 * (nearest neighbours √2 apart), hole at (1, 0, 0); shells of 6, 8 and 24 sites at distances 1, √3,
 * √5 make the truncated octahedron. Scaled to unit nearest-neighbour distance.
 */
function truncatedOctahedron(): number[][] {
  const pts: number[][] = [];
  for (let i = -3; i <= 5; i++) for (let j = -4; j <= 4; j++) for (let k = -4; k <= 4; k++) {
    if ((((i + j + k) % 2) + 2) % 2 === 0) pts.push([i - 1, j, k]);
  }
  pts.sort((a, b) => Math.hypot(...a) - Math.hypot(...b));
  const cut = pts.slice(0, 38);
  assert.ok(Math.hypot(...pts[38]) > Math.hypot(...pts[37]) + 0.5, 'the 38th site closes a shell');
  return cut.map((p) => p.map((c) => c / Math.SQRT2));
}

function relax(s: State, method: (typeof MIN_METHODS)[number]) {
  return minimize(s, createForceField(new LennardJones(freeLJ), 0.3), { method, ftol: 1e-10 });
}

test('LJ13 icosahedron reaches the Cambridge Cluster Database energy with every minimizer', () => {
  for (const method of MIN_METHODS) {
    const r = relax(cluster(icosahedron(), 1.1), method);
    assert.ok(r.converged, `${method}: ${r.reason}`);
    assert.ok(Math.abs(r.energy - LJ13) < 1e-6, `${method}: E = ${r.energy}`);
  }
  // A randomly distorted icosahedron falls back into the same minimum.
  const s = cluster(icosahedron(), 1.1);
  const rng = createRng(13);
  for (let k = 0; k < s.x.length; k++) s.x[k] += 0.05 * (rng.uniform() - 0.5);
  assert.ok(Math.abs(relax(s, 'lbfgs').energy - LJ13) < 1e-6);
});

test('LJ38 fcc truncated octahedron reaches the Cambridge Cluster Database energy', () => {
  const r = relax(cluster(truncatedOctahedron(), 1.1), 'cg');
  assert.ok(r.converged, r.reason);
  assert.ok(Math.abs(r.energy - LJ38) < 1e-6, `E = ${r.energy}`);
  const l = relax(cluster(truncatedOctahedron(), 1.12), 'lbfgs');
  assert.ok(Math.abs(l.energy - LJ38) < 1e-6, `L-BFGS: E = ${l.energy}`);
});

test.run();
