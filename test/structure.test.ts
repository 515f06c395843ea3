/**
 * Structure (analysis/structure): pair histograms against a brute-force count, g(r) of an fcc
 * crystal (neighbour shells, orthorhombic and triclinic boxes) and of an ideal gas, coordination
 * numbers, the direct S(q) against a brute-force double sum, the Fourier S(q) against the direct
 * one, large-q limits, and (where `lmp` exists) every bin of every partial g(r) and running
 * coordination number against LAMMPS `compute rdf` on ka864, on a tilted copy and averaged over
 * the frames of a dump; the CLI's answers to bad input.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deformBox, minimumImage, wrapPositions, type Box } from '../sim/box.js';
import { createState, type State } from '../sim/state.js';
import { createRng } from '../sim/random.js';
import { writeLammpsData } from '../sim/io/lammps-data.js';
import { formatDumpFrames, stateToFrame } from '../sim/io/lammps-dump.js';
import { pairHistogram, largestRmax } from '../analysis/structure/pair-histogram.js';
import { histogramInput, radialDistribution, type Rdf } from '../analysis/structure/rdf.js';
import { coordinationNumbers, cumulativeAt } from '../analysis/structure/coordination.js';
import { fourierStructureFactors } from '../analysis/structure/fourier-sq.js';
import { allowedQVectors, directStructureFactors, reciprocalVectors } from '../analysis/structure/direct-sq.js';
import { loadStructureInput } from '../analysis/structure/input.js';
import { rdfReport } from '../analysis/structure/rdf-report.js';
import { sqReport } from '../analysis/structure/sq-report.js';
import { loadKa864, referenceDir } from './helpers/reference.js';
import { InputError } from '../sim/errors.js';
import { requireLammps, runLammps } from './helpers/lammps.js';
import { assertOneLineError } from './helpers/one-line-error.js';

/** An fcc crystal of m³ cubic cells of edge a, one species, in a cubic box. */
function fccCubic(m: number, a: number): State {
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const s = createState(4 * m ** 3, { xlo: 0, ylo: 0, zlo: 0, lx: m * a, ly: m * a, lz: m * a, xy: 0, xz: 0, yz: 0 }, [1]);
  let i = 0;
  for (let x = 0; x < m; x++) for (let y = 0; y < m; y++) for (let z = 0; z < m; z++)
    for (const b of basis) [x + b[0], y + b[1], z + b[2]].forEach((c, k) => (s.x[3 * i + k] = (c + 0.1) * a)), i++;
  return s;
}

/**
 * The same crystal on its primitive (rhombohedral, 60°) cell repeated m times along each edge, in
 * a LAMMPS triclinic box: edges of length m a/√2 with xy = lx/2, xz = lx/2, yz = ly/3.
 */
function fccRhombohedral(m: number, a: number): State {
  const A = (m * a) / Math.SQRT2;
  const box: Box = { xlo: 0, ylo: 0, zlo: 0, lx: A, ly: (A * Math.sqrt(3)) / 2, lz: A * Math.sqrt(2 / 3), xy: A / 2, xz: A / 2, yz: A / (2 * Math.sqrt(3)) };
  const s = createState(m ** 3, box, [1]);
  let i = 0;
  for (let u = 0; u < m; u++) for (let v = 0; v < m; v++) for (let w = 0; w < m; w++, i++) {
    const [f1, f2, f3] = [(u + 0.3) / m, (v + 0.3) / m, (w + 0.3) / m];
    s.x[3 * i] = f1 * box.lx + f2 * box.xy + f3 * box.xz;
    s.x[3 * i + 1] = f2 * box.ly + f3 * box.yz;
    s.x[3 * i + 2] = f3 * box.lz;
  }
  return s;
}

/** Ordered pair counts by brute force over all pairs, nearest image. */
function bruteHistogram(s: State, ntypes: number, rmax: number, bins: number): Float64Array {
  const hist = new Float64Array(ntypes * ntypes * bins);
  const d = [0, 0, 0];
  for (let i = 0; i < s.n; i++)
    for (let j = i + 1; j < s.n; j++) {
      for (let k = 0; k < 3; k++) d[k] = s.x[3 * i + k] - s.x[3 * j + k];
      minimumImage(s.box, d);
      const bin = Math.floor(Math.hypot(d[0], d[1], d[2]) / (rmax / bins));
      if (bin >= bins) continue;
      hist[(s.type[i] * ntypes + s.type[j]) * bins + bin]++;
      hist[(s.type[j] * ntypes + s.type[i]) * bins + bin]++;
    }
  return hist;
}

/** ka864 sheared affinely into a tilted box, positions wrapped into it. */
function tiltedKa864(): State {
  const s = loadKa864();
  deformBox(s.box, { ...s.box, xy: 2.5, xz: -3.0, yz: 1.5 }, s.x);
  wrapPositions(s.box, s.x, s.image);
  return s;
}

/** n random points of three types in a tilted box of edge L (a cell list of rmax/3 at half its width). */
function tiltedGas(n: number, L: number): State {
  const rng = createRng(17);
  const s = createState(n, { xlo: -1, ylo: 0, zlo: 2, lx: L, ly: L, lz: L, xy: 2, xz: -1.5, yz: 1 }, [1, 1, 1]);
  for (let i = 0; i < n; i++) {
    const [f1, f2, f3] = [rng.uniform(), rng.uniform(), rng.uniform()];
    s.x[3 * i] = -1 + f1 * L + f2 * 2 - f3 * 1.5;
    s.x[3 * i + 1] = f2 * L + f3;
    s.x[3 * i + 2] = 2 + f3 * L;
    s.type[i] = i % 3;
  }
  return s;
}

test('pair histogram (cell list) equals the brute-force count: ka864, tilted, a tilted gas, up to half the width', () => {
  // Cells rmax/k thick with k = 1, 2 (ka864 at half its width) and 3 (the gas at half its width).
  for (const [s, ntypes] of [[loadKa864(), 2], [tiltedKa864(), 2], [tiltedGas(2500, 14), 3]] as const) {
    for (const rmax of [1.7, largestRmax(s.box)]) {
      const fast = pairHistogram(histogramInput(s), rmax, 50);
      const slow = bruteHistogram(s, ntypes, rmax, 50);
      assert.equal(Array.from(fast), Array.from(slow), `rmax ${rmax}`);
    }
  }
  assert.throws(() => pairHistogram(histogramInput(loadKa864()), 4.5, 10), /exceeds half the box/);
});

test('fcc: 12 neighbours at a/√2, 6 at a (cubic box and triclinic primitive-cell box)', () => {
  const a = 1.6;
  for (const s of [fccCubic(5, a), fccRhombohedral(8, a)]) {
    const rmax = Math.min(3.4, 0.999 * largestRmax(s.box));
    const rdf = radialDistribution([histogramInput(s)], rmax, 340);
    const c = coordinationNumbers(rdf);
    const first = c['1-1'];
    assert.ok(first.rPeak !== null && Math.abs(first.rPeak - a / Math.SQRT2) < rdf.dr, `first peak ${first.rPeak}`);
    assert.ok(first.rMin !== null && first.rMin > a / Math.SQRT2 && first.rMin < a, `first minimum ${first.rMin}`);
    assert.ok(Math.abs(first.n! - 12) < 1e-9, `first shell ${first.n}`);
    // Second shell: 6 more between a and a√(3/2), the third shell.
    const mid = 0.5 * (a + a * Math.sqrt(1.5));
    assert.ok(Math.abs(cumulativeAt(rdf.cumulative['1-1'], rdf.dr, mid) - 18) < 1e-9);
    assert.equal(c.all, c['1-1']);
  }
});

test('ideal gas: g = 1 within counting noise in every bin; coordination = density × sphere volume', () => {
  const rng = createRng(11);
  const L = 10;
  const n = 4000;
  const s = createState(n, { xlo: 0, ylo: 0, zlo: 0, lx: L, ly: L, lz: L, xy: 0, xz: 0, yz: 0 }, [1, 1]);
  for (let i = 0; i < 3 * n; i++) s.x[i] = rng.uniform() * L;
  for (let i = 0; i < n; i++) s.type[i] = i % 4 === 0 ? 1 : 0;
  const rdf = radialDistribution([histogramInput(s)], 4, 40);
  const V = L ** 3;
  const N = [3000, 1000];
  for (const [key, pairs] of [['all', (n * (n - 1)) / 2], ['1-1', (N[0] * (N[0] - 1)) / 2], ['1-2', N[0] * N[1]], ['2-2', (N[1] * (N[1] - 1)) / 2]] as const) {
    for (let k = 2; k < rdf.bins; k++) {
      const shell = ((4 * Math.PI) / 3) * (((k + 1) * rdf.dr) ** 3 - (k * rdf.dr) ** 3);
      const sigma = 1 / Math.sqrt((pairs * shell) / V); // relative Poisson error of the pair count
      assert.ok(Math.abs(rdf.g[key][k] - 1) < 5 * sigma, `${key} bin ${k}: g = ${rdf.g[key][k]}, σ = ${sigma}`);
    }
  }
  const expected = (N[1] / V) * ((4 * Math.PI) / 3) * 4 ** 3;
  assert.ok(Math.abs(rdf.cumulative['1-2'][39] / expected - 1) < 0.03);
});

test('direct S(q): allowed vectors are reciprocal-lattice vectors; values equal a brute-force double sum (tilted box)', () => {
  const rng = createRng(5);
  const box: Box = { xlo: -1, ylo: 0.5, zlo: 2, lx: 6, ly: 5, lz: 4.5, xy: 1.5, xz: -2, yz: 1 };
  const n = 60;
  const s = createState(n, box, [1, 1]);
  for (let i = 0; i < n; i++) {
    const f = [rng.uniform(), rng.uniform(), rng.uniform()];
    s.x[3 * i] = box.xlo + f[0] * box.lx + f[1] * box.xy + f[2] * box.xz;
    s.x[3 * i + 1] = box.ylo + f[1] * box.ly + f[2] * box.yz;
    s.x[3 * i + 2] = box.zlo + f[2] * box.lz;
    s.type[i] = i % 3 === 0 ? 1 : 0;
  }
  const B = reciprocalVectors(box);
  const edges = [[box.lx, 0, 0], [box.xy, box.ly, 0], [box.xz, box.yz, box.lz]];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    const dot = B[i][0] * edges[j][0] + B[i][1] * edges[j][1] + B[i][2] * edges[j][2];
    assert.ok(Math.abs(dot - (i === j ? 2 * Math.PI : 0)) < 1e-12);
  }
  const qmax = 6, dq = 0.5;
  const vecs = allowedQVectors(box, qmax, dq, 1e9);
  const sf = directStructureFactors([histogramInput(s)], { qmax, dq, maxPerBin: 1e9 });
  // Brute force: S_ab = 1 + (N / (N_a N_b)) Σ_{i in a, j in b, i ≠ j} cos(q·(r_i − r_j)), per vector, bin means.
  const Na = [40, 20];
  const sums: Record<string, number[]> = { '1-1': [], '1-2': [], '2-2': [], all: [], CC: [] };
  const count: number[] = [];
  for (let v = 0; v < vecs.h.length; v++) {
    const q = [0, 1, 2].map((c) => vecs.h[v] * B[0][c] + vecs.k[v] * B[1][c] + vecs.l[v] * B[2][c]);
    assert.ok(Math.abs(Math.hypot(q[0], q[1], q[2]) - vecs.q[v]) < 1e-12);
    const pair = [[0, 0], [0, 0]];
    let cc = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const c = Math.cos(q[0] * (s.x[3 * i] - s.x[3 * j]) + q[1] * (s.x[3 * i + 1] - s.x[3 * j + 1]) + q[2] * (s.x[3 * i + 2] - s.x[3 * j + 2]));
      if (i !== j) pair[s.type[i]][s.type[j]] += c;
      // ρ_C = c2 ρ_1 − c1 ρ_2 (Bhatia–Thornton); |ρ_C|² as a double sum.
      const w = (t: number) => (t === 0 ? Na[1] / n : -Na[0] / n);
      cc += w(s.type[i]) * w(s.type[j]) * c;
    }
    const j = vecs.bin[v];
    count[j] = (count[j] ?? 0) + 1;
    const add = (key: string, x: number) => (sums[key][j] = (sums[key][j] ?? 0) + x);
    add('1-1', 1 + (n * pair[0][0]) / (Na[0] * Na[0]));
    add('1-2', 1 + (n * pair[0][1]) / (Na[0] * Na[1]));
    add('2-2', 1 + (n * pair[1][1]) / (Na[1] * Na[1]));
    add('all', 1 + (pair[0][0] + pair[1][1] + 2 * pair[0][1]) / n);
    add('CC', cc / n);
  }
  let compared = 0;
  for (let j = 0; j < sf.q.length; j++) {
    if (!count[j]) {
      assert.ok(Number.isNaN(sf.S.all[j]));
      continue;
    }
    for (const key of ['1-1', '1-2', '2-2', 'all']) assert.ok(Math.abs(sf.S[key][j] - sums[key][j] / count[j]) < 1e-11, `${key} bin ${j}`);
    assert.ok(Math.abs(sf.bhatiaThornton!.CC[j] - sums.CC[j] / count[j]) < 1e-11);
    assert.ok(Math.abs(sf.bhatiaThornton!.NN[j] - sf.S.all[j]) < 1e-11);
    compared++;
  }
  assert.ok(compared > 5);
});

/**
 * Fourier (a) against direct (b) on ka864. The Lorch-windowed transform is exactly the running
 * mean of q(S − 1) over q ± π/R of the unwindowed one (E. Lorch, J. Phys. C 2, 229 (1969)), so it
 * is compared with the direct S averaged in the same way (linear interpolation between bin
 * means). Where both are valid (q at least 3·2π/L + π/R, within π/R of qmax) the difference must
 * lie within 4 standard errors of the direct bin (measured: at most 2.1 for S_NN, 1.3 for S_11,
 * 0.8 for S_12, 1.0 for S_22, i.e. |ΔS| at most 0.07, 0.11, 0.06, 0.14): the direct value of one
 * q-vector scatters by about S itself, and a bin averages a few hundred to a thousand vectors.
 * Without the window the transform carries termination ripples (±0.1 below the main peak for a
 * box of 9 σ); above the main peak it too agrees within 4 standard errors (measured: 1.6).
 */
test('S(q): Fourier transform of g(r) agrees with the direct sum over q-vectors (ka864); S → 1 at large q', () => {
  const s = loadKa864();
  const L = s.box.lx, R = L / 2, qmax = 30;
  const rdf: Rdf = radialDistribution([histogramInput(s)], R, 448);
  const direct = directStructureFactors([histogramInput(s)], { qmax, dq: Math.PI / L, maxPerBin: 1000 });
  const qs = Array.from(direct.q, (q) => (Number.isNaN(q) ? 1 : q));
  const lorch = fourierStructureFactors(rdf, qs, 'lorch');
  const plain = fourierStructureFactors(rdf, qs, 'none');
  const filled = direct.q.map((_, j) => j).filter((j) => !Number.isNaN(direct.q[j]));
  const averaged = (key: string, q: number) => {
    const xs = filled.map((j) => direct.q[j]), ys = filled.map((j) => direct.q[j] * (direct.S[key][j] - 1));
    const at = (x: number) => {
      let k = 0;
      while (k < xs.length - 2 && xs[k + 1] < x) k++;
      return ys[k] + ((x - xs[k]) / (xs[k + 1] - xs[k])) * (ys[k + 1] - ys[k]);
    };
    const D = Math.PI / R, m = 200;
    let sum = 0;
    for (let i = 0; i <= m; i++) sum += (i === 0 || i === m ? 0.5 : 1) * at(q - D + (2 * D * i) / m);
    return 1 + sum / m / q;
  };
  let compared = 0;
  for (const key of ['all', '1-1', '1-2', '2-2']) {
    for (const j of filled) {
      const q = direct.q[j];
      const err = direct.error[key][j];
      if (q > 3 * (2 * Math.PI) / L + Math.PI / R && q < qmax - Math.PI / R - Math.PI / L) {
        const d = lorch.S[key][j] - averaged(key, q);
        assert.ok(Math.abs(d) < 4 * err, `lorch ${key} q = ${q.toFixed(2)}: ${lorch.S[key][j]} vs ${averaged(key, q)} ± ${err}`);
        compared++;
      }
      if (q > 8.5) assert.ok(Math.abs(plain.S[key][j] - direct.S[key][j]) < 4 * err, `none ${key} q = ${q.toFixed(2)}`);
    }
  }
  assert.ok(compared > 200);
  // The main peak of S_NN: q ≈ 7.2 (Kob–Andersen at density 1.2) in both.
  const peakAt = (S: Float64Array) => filled.reduce((b, j) => (S[j] > S[b] ? j : b), filled[0]);
  assert.ok(Math.abs(direct.q[peakAt(direct.S.all)] - 7.2) < 0.4);
  assert.ok(Math.abs(direct.q[peakAt(plain.S.all)] - 7.2) < 0.4);
  // Large q: the direct S averaged over 20 < q < 30 is 1 (S_NN, S_ab) within 0.02 (what is left
  // of the oscillations there) plus 3 standard errors of that mean (0.006 for S_NN … 0.03 for
  // S_22, whose 172 B atoms make it the noisiest), and S_CC is c1 c2, S_NC 0, within 0.01. The
  // transform tends to 1 down to the counting noise of g(r), which it carries to every q and which
  // grows as 1/√(pairs): at q = 80 … 100, |S − 1| < 0.01 for S_NN and S_11 (measured 0.004), 0.02
  // for S_12 (0.010), 0.04 for S_22 (0.025).
  const c1 = direct.concentration[0], c2 = direct.concentration[1];
  const far = filled.filter((j) => direct.q[j] > 20);
  const mean = (S: Float64Array) => far.reduce((a, j) => a + S[j], 0) / far.length;
  for (const key of ['all', '1-1', '1-2', '2-2']) {
    const error = Math.sqrt(far.reduce((a, j) => a + direct.error[key][j] ** 2, 0)) / far.length;
    assert.ok(Math.abs(mean(direct.S[key]) - 1) < 0.02 + 3 * error, `${key}: ${mean(direct.S[key])} ± ${error}`);
  }
  assert.ok(Math.abs(mean(direct.bhatiaThornton!.CC) - c1 * c2) < 0.01, `S_CC ${mean(direct.bhatiaThornton!.CC)} vs ${c1 * c2}`);
  assert.ok(Math.abs(mean(direct.bhatiaThornton!.NC)) < 0.01, `S_NC ${mean(direct.bhatiaThornton!.NC)}`);
  const high = fourierStructureFactors(rdf, Array.from({ length: 21 }, (_, k) => 80 + k), 'lorch');
  for (const [key, tol] of [['all', 0.01], ['1-1', 0.01], ['1-2', 0.02], ['2-2', 0.04]] as const) {
    high.S[key].forEach((v) => assert.ok(Math.abs(v - 1) < tol, `${key}: ${v}`));
  }
});

// ---------------------------------------------------------------------------------------------
// LAMMPS compute rdf

/** Rows of the first block of a `fix ave/time ... mode vector` file: [row, c1, c2, ...] per bin. */
function readAveTimeVector(path: string): number[][] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const nrows = Number(lines[0].trim().split(/\s+/)[1]);
  return lines.slice(1, 1 + nrows).map((l) => l.trim().split(/\s+/).map(Number));
}

/** Our g and running coordination in LAMMPS's column order for the groups all, 1-1, 1-2, 2-1, 2-2. */
function compareWithLammps(rdf: Rdf, rows: number[][]): number {
  const keys = ['all', '1-1', '1-2', '2-1', '2-2'];
  let worst = 0;
  assert.is(rows.length, rdf.bins);
  rows.forEach((row, k) => {
    assert.ok(Math.abs(row[1] - rdf.r[k]) <= 1e-15 * rdf.rmax, `r of bin ${k}`);
    keys.forEach((key, m) => {
      for (const [theirs, ours] of [[row[2 + 2 * m], rdf.g[key][k]], [row[3 + 2 * m], rdf.cumulative[key][k]]]) {
        const rel = Math.abs(theirs - ours) / Math.max(Math.abs(theirs), 1e-300);
        if (theirs === 0) assert.is(ours, 0, `${key} bin ${k}`);
        else assert.ok(rel < 1e-10, `${key} bin ${k}: LAMMPS ${theirs}, betascape ${ours}`);
        worst = Math.max(worst, theirs === 0 ? 0 : rel);
      }
    });
  });
  return worst;
}

const lammpsRdfInput = (data: string, rmax: number, bins: number, body: string) => `units lj
atom_style atomic
boundary p p p
read_data ${data}
pair_style zero ${rmax}
pair_coeff * *
neighbor 0.3 bin
compute g all rdf ${bins} 1*2 1*2 1 1 1 2 2 1 2 2
${body}
`;

if (requireLammps('g(r) against LAMMPS compute rdf (test/structure.test.ts)')) {
  let dir = '';
  test.before(() => {
    dir = mkdtempSync(join(tmpdir(), 'betascape-rdf-'));
  });
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  test('every bin of every partial g(r) and coordination equals LAMMPS compute rdf (ka864; tilted box)', () => {
    for (const [name, s, rmax, bins] of [['ka864', loadKa864(), 4, 200], ['tilted', tiltedKa864(), 0, 150]] as const) {
      const r = rmax || 0.999 * largestRmax(s.box);
      writeLammpsData(join(dir, `${name}.data`), s);
      runLammps(lammpsRdfInput(`${name}.data`, r, bins, `fix f all ave/time 1 1 1 c_g[*] file ${name}.rdf mode vector format " %.17g"\nrun 0`), dir);
      const worst = compareWithLammps(radialDistribution([histogramInput(s)], r, bins), readAveTimeVector(join(dir, `${name}.rdf`)));
      console.log(`  ${name}: largest relative difference from LAMMPS over all bins of g and n: ${worst.toExponential(1)}`);
    }
  });

  test('averaged over the frames of a dump: equal to LAMMPS rerun + fix ave/time', () => {
    const base = loadKa864();
    const rng = createRng(8);
    const frames = [1, 2, 3].map((step) => {
      const s = loadKa864();
      for (let i = 0; i < 3 * s.n; i++) s.x[i] = base.x[i] + 0.2 * (rng.uniform() - 0.5);
      wrapPositions(s.box, s.x, s.image);
      s.step = step;
      return s;
    });
    writeFileSync(join(dir, 'frames.dump'), formatDumpFrames(frames.map((s) => stateToFrame(s, ['id', 'type', 'x', 'y', 'z']))));
    writeLammpsData(join(dir, 'start.data'), base);
    runLammps(lammpsRdfInput('start.data', 4, 100, `fix f all ave/time 1 3 3 c_g[*] file frames.rdf mode vector format " %.17g"\nrerun frames.dump dump x y z`), dir);
    const worst = compareWithLammps(radialDistribution(frames.map((s) => histogramInput(s)), 4, 100), readAveTimeVector(join(dir, 'frames.rdf')));
    console.log(`  3 frames: largest relative difference from LAMMPS: ${worst.toExponential(1)}`);
  });
}

// ---------------------------------------------------------------------------------------------
// The rdf and sq reports (in process) and the command line

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const data = referenceDir + 'ka864.data';

function betascape(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The record as --json prints it (NaN becomes null). */
const asJson = <T>(record: T) => JSON.parse(JSON.stringify(record));

test('rdf and sq records: keys by 1-based type pairs, coordination, both S(q) methods', () => {
  const input = loadStructureInput({ data, every: 1, units: 'lj' }, 'rdf');
  const out = asJson(rdfReport(input, { rmax: 4, bins: 100 }).record);
  assert.equal(Object.keys(out.g), ['all', '1-1', '1-2', '2-2']);
  assert.equal(Object.keys(out.coordination), ['all', '1-1', '1-2', '2-1', '2-2']);
  assert.is(out.r.length, 100);
  assert.ok(Math.abs(out.r[0] - 0.02) < 1e-15);
  // Coordination numbers of the Kob–Andersen liquid: about 13 around an atom, and N_1 n_12 = N_2 n_21.
  assert.ok(out.coordination.all.n > 12 && out.coordination.all.n < 14);
  const [n1, n2] = out.type_counts;
  assert.ok(Math.abs(n1 * out.coordination['1-2'].n - n2 * out.coordination['2-1'].n) < 1e-6);
  const sq = asJson(sqReport(input, { qmax: 12, method: 'both', window: 'lorch', maxVectors: 100 }).record);
  assert.equal(Object.keys(sq.fourier.S), ['all', '1-1', '1-2', '2-2']);
  assert.equal(Object.keys(sq.direct.bhatia_thornton), ['NN', 'NC', 'CC']);
  assert.is(sq.q.length, sq.direct.S.all.length);
  assert.is(sq.direct.S.all[0], null); // no allowed vector below 2π/L
});

test('rdf and sq: bad input ends in one line naming the flag or file, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-rdf-cli-'));
  try {
    const header = 'ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 5\n0 5\n0 5\n';
    const noPositions = join(dir, 'no-xyz.dump');
    writeFileSync(noPositions, `${header}ITEM: ATOMS id type vx\n1 1 0\n2 1 0\n`);
    const noType = join(dir, 'no-type.dump');
    writeFileSync(noType, `${header}ITEM: ATOMS id x y z\n1 1 1 1\n2 2 2 2\n`);
    // A tilted box: half its smallest perpendicular width is well below half its edges.
    const tilted = join(dir, 'tilted.data');
    const t = tiltedKa864();
    writeLammpsData(tilted, t);
    const limit = largestRmax(t.box);
    assert.ok(1.1 * limit < 0.5 * Math.min(t.box.lx, t.box.ly, t.box.lz));
    const cases: [string[], RegExp][] = [
      [['rdf', '--data', data, '--rmax', '4.5', '--bins', '100'], /--rmax 4\.5: must not exceed half the box's smallest perpendicular width/],
      [['rdf', '--data', tilted, '--rmax', (1.1 * limit).toFixed(3), '--bins', '100'], new RegExp(`--rmax ${(1.1 * limit).toFixed(3)}: must not exceed half the box's smallest perpendicular width, ${limit} in .*tilted\\.data`)],
      [['rdf', '--data', data, '--rmax', '4', '--bins', '0'], /--bins: must be a whole number > 0, got 0/],
      [['rdf', '--data', data, '--rmax', '4', '--bins', '-3'], /--bins: must be a whole number > 0, got -3/],
      [['rdf', '--data', data, '--rmax', '4', '--bins', '12.5'], /--bins: must be a whole number > 0, got 12\.5/],
      [['rdf', '--dump', noPositions, '--rmax', '2', '--bins', '10'], /no-xyz\.dump:9: expected position columns/],
      [['rdf', '--dump', noType, '--rmax', '2', '--bins', '10'], /no-type\.dump:9: expected 'id' and 'type' columns/],
      [['sq', '--data', data, '--qmax', '0.5'], /--qmax 0\.5: must exceed the \|q\| bin width, the default width 0\.70/],
    ];
    for (const [args, pattern] of cases) assertOneLineError(betascape(...args), pattern, args.join(' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sq: q ranges that make no sense, or would take minutes, are refused before any work (InputError)', () => {
  const input = loadStructureInput({ data, every: 1, units: 'lj' }, 'sq');
  const o = { qmax: 12, method: 'both', window: 'lorch', maxVectors: 500 } as const;
  const cases: [Partial<Parameters<typeof sqReport>[1]>, RegExp][] = [
    [{ dq: 20 }, /--dq 20: must be smaller than --qmax 12/],
    [{ dq: 1e-7 }, /--dq 1e-7: 120000000 bins of \|q\| of width 1e-7 up to --qmax 12 \(at most 100000\)/],
    [{ qmax: 1e5, method: 'fourier' }, /--qmax 100000: 142648 bins of \|q\| of the default width/],
    [{ qmax: 1000, method: 'fourier', bins: 200000 }, /--qmax 1000: the Fourier transform would sum 1427 q bins × 200000 r bins/],
    [{ qmax: 1000, method: 'direct' }, /--qmax 1000: the direct method would visit about 2\.9e\+9 q-vectors/],
    [{ rmax: 4.5 }, /--rmax 4\.5: must not exceed half the box's smallest perpendicular width/],
  ];
  for (const [change, pattern] of cases) {
    assert.throws(() => sqReport(input, { ...o, ...change }), (e: Error) => e instanceof InputError && pattern.test(e.message), JSON.stringify(change));
  }
});

/**
 * The allowed vectors by the plain recipe: every (h, k, l) of the half space in a cube that holds
 * the sphere, |q| by Math.hypot, bin ⌊|q|/dq + 1e-9⌋, then per bin all or the evenly strided
 * maxPerBin of them.
 */
function plainQVectors(box: Box, qmax: number, dq: number, maxPerBin: number): number[][] {
  const B = reciprocalVectors(box);
  const m = Math.ceil((qmax * Math.hypot(box.lx, box.ly, box.lz, box.xy, box.xz, box.yz)) / (2 * Math.PI));
  const perBin: number[][][] = Array.from({ length: Math.ceil(qmax / dq) }, () => []);
  for (let h = 0; h <= m; h++)
    for (let k = -m; k <= m; k++)
      for (let l = -m; l <= m; l++) {
        if (h === 0 && (k < 0 || (k === 0 && l <= 0))) continue;
        const q = Math.hypot(h * B[0][0], h * B[0][1] + k * B[1][1], h * B[0][2] + k * B[1][2] + l * B[2][2]);
        const j = Math.floor(q / dq + 1e-9);
        if (q < qmax && j < perBin.length) perBin[j].push([h, k, l, q, j]);
      }
  return perBin.flatMap((list) => list.length <= maxPerBin ? list : Array.from({ length: maxPerBin }, (_, i) => list[Math.floor(((i + 0.5) * list.length) / maxPerBin)]));
}

test('allowed q-vectors: the same as the plain recipe, bin edges included (cubic and tilted boxes), without storing the unused ones', () => {
  const cubic = loadKa864().box;
  const tilted: Box = { xlo: 0, ylo: 0, zlo: 0, lx: 7, ly: 6, lz: 8, xy: 2, xz: -3, yz: 1.5 };
  // dq = 2π/L puts the shells of the cubic box exactly on bin edges.
  for (const [box, dq, per] of [[cubic, (2 * Math.PI) / cubic.lx, 40], [cubic, 0.37, 500], [tilted, 0.5, 25]] as const) {
    const vecs = allowedQVectors(box, 16, dq, per);
    const plain = plainQVectors(box, 16, dq, per);
    assert.is(vecs.h.length, plain.length);
    plain.forEach(([h, k, l, q, j], v) => assert.equal([vecs.h[v], vecs.k[v], vecs.l[v], vecs.q[v], vecs.bin[v]], [h, k, l, q, j]));
  }
});

test.run();
