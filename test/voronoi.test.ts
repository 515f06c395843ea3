/**
 * Voronoi and radical tessellation (analysis/structure/voronoi.ts): fcc and bcc crystals in cubic,
 * tilted and primitive (one-atom) boxes against their exact cells; the regular dodecahedron of
 * an icosahedral cluster; on ka864 and a tilted copy, plain and radical: the volumes fill the box,
 * every cell is a closed polyhedron (each edge in two faces, once each way; V − E + F = 2), and
 * every vertex is a true vertex (no atom nearer in power, at least three others as near); equal
 * radii give plain Voronoi; vanishing radical cells; OVITO-style face and edge thresholds on a
 * slightly disordered fcc; the CLI's output and its answers to bad input.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deformBox, minimumImage, toFractional, wrapPositions, type Box } from '../sim/box.js';
import { createRng } from '../sim/random.js';
import { formatDumpFrames, stateToFrame } from '../sim/io/lammps-dump.js';
import type { State } from '../sim/state.js';
import { forEachVoronoiCell, voronoiIndex, voronoiTessellation, type VoronoiInput, type VoronoiOptions, type VoronoiTessellation } from '../analysis/structure/voronoi.js';
import { summarizeVoronoi } from '../analysis/structure/voronoi-summary.js';
import { parseRadii } from '../cli/commands/voronoi.js';
import { InputError } from '../sim/errors.js';
import type { ConvexCell } from '../analysis/structure/convex-cell.js';
import { loadStructureInput } from '../analysis/structure/input.js';
import { voronoiReport, writeVoronoiFiles } from '../analysis/structure/voronoi-report.js';
import { loadKa864, referenceDir } from './helpers/reference.js';
import { assertOneLineError } from './helpers/one-line-error.js';

const FCC = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
const BCC = [[0, 0, 0], [0.5, 0.5, 0.5]];

/** Every site of the cubic lattice (edge a, basis in cube units, shifted by `shift`) inside the box. */
function latticeInBox(box: Box, a: number, basis: number[][], shift = [0.1, 0.13, 0.17]): VoronoiInput {
  const corners = [0, 1].flatMap((i) => [0, 1].flatMap((j) => [0, 1].map((k) => [
    i * box.lx + j * box.xy + k * box.xz, j * box.ly + k * box.yz, k * box.lz])));
  const lo = [0, 1, 2].map((d) => Math.floor(Math.min(...corners.map((c) => c[d])) / a) - 1);
  const hi = [0, 1, 2].map((d) => Math.ceil(Math.max(...corners.map((c) => c[d])) / a) + 1);
  const x: number[] = [];
  const s = [0, 0, 0];
  for (let u = lo[0]; u <= hi[0]; u++) for (let v = lo[1]; v <= hi[1]; v++) for (let w = lo[2]; w <= hi[2]; w++)
    for (const b of basis) {
      const p = [(u + b[0] + shift[0]) * a, (v + b[1] + shift[1]) * a, (w + b[2] + shift[2]) * a];
      toFractional(box, p[0], p[1], p[2], s);
      if (s.every((f) => f >= 0 && f < 1)) x.push(...p);
    }
  return { box, x: Float64Array.from(x), type: new Int32Array(x.length / 3), ntypes: 1 };
}

const cubic = (L: number): Box => ({ xlo: 0, ylo: 0, zlo: 0, lx: L, ly: L, lz: L, xy: 0, xz: 0, yz: 0 });

/** The box of three edge vectors of lengths A with the pairwise angle cos⁻¹(c), in LAMMPS form. */
function rhombohedralBox(A: number, c: number): Box {
  const xy = A * c, ly = Math.sqrt(A * A - xy * xy);
  const xz = A * c, yz = (A * A * c - xy * xz) / ly;
  return { xlo: 0, ylo: 0, zlo: 0, lx: A, ly, lz: Math.sqrt(A * A - xz * xz - yz * yz), xy, xz, yz };
}

/** The lattice of the box's edge vectors divided by m: m³ atoms at fractional ((u + 0.3) / m, …). */
function primitiveLattice(box: Box, m: number): VoronoiInput {
  const x = new Float64Array(3 * m ** 3);
  let i = 0;
  for (let u = 0; u < m; u++) for (let v = 0; v < m; v++) for (let w = 0; w < m; w++, i++) {
    const [f1, f2, f3] = [(u + 0.3) / m, (v + 0.3) / m, (w + 0.3) / m];
    x[3 * i] = f1 * box.lx + f2 * box.xy + f3 * box.xz;
    x[3 * i + 1] = f2 * box.ly + f3 * box.yz;
    x[3 * i + 2] = f3 * box.lz;
  }
  return { box, x, type: new Int32Array(m ** 3), ntypes: 1 };
}

/** Asserts every cell has this index, face count, volume and V/E/F. */
function assertAllCells(t: VoronoiTessellation, index: number[], volume: number, topology: number[], what: string): void {
  let worst = 0;
  for (let i = 0; i < t.n; i++) {
    assert.equal(voronoiIndex(t, i), index, `${what}: atom ${i}`);
    assert.is(t.faces[i], index.reduce((p, q) => p + q, 0), `${what}: faces of atom ${i}`);
    assert.equal(Array.from(t.topology.subarray(3 * i, 3 * i + 3)), topology, `${what}: V/E/F of atom ${i}`);
    worst = Math.max(worst, Math.abs(t.volume[i] / volume - 1));
  }
  assert.ok(worst < 1e-12, `${what}: volume off by ${worst}`);
}

const sum = (a: Float64Array) => a.reduce((p, q) => p + q, 0);

test('fcc and bcc in cubic boxes: every cell <0,12,0,0> of volume a³/4 (14 vertices, 24 edges), <0,6,0,8> of a³/2 (24, 36)', () => {
  const a = 1.5;
  assertAllCells(voronoiTessellation(latticeInBox(cubic(3 * a), a, FCC)), [0, 12, 0, 0], a ** 3 / 4, [14, 24, 12], 'fcc');
  assertAllCells(voronoiTessellation(latticeInBox(cubic(3 * a), a, BCC)), [0, 6, 0, 8], a ** 3 / 2, [24, 36, 14], 'bcc');
  // Radii change nothing when all atoms are alike.
  assertAllCells(voronoiTessellation(latticeInBox(cubic(3 * a), a, FCC), { radii: [0.6] }), [0, 12, 0, 0], a ** 3 / 4, [14, 24, 12], 'fcc, radius 0.6');
});

test('the same crystals in triclinic boxes: tilted supercells and the one-atom primitive cells', () => {
  const a = 1.2;
  // Tilted supercells spanned by lattice vectors: (4,0,0)a, (1,4,0)a, (1/2,0 or 1/2,7/2)a.
  const fccBox: Box = { xlo: 0, ylo: 0, zlo: 0, lx: 4 * a, ly: 4 * a, lz: 3.5 * a, xy: a, xz: 0.5 * a, yz: 0 };
  const bccBox: Box = { ...fccBox, yz: 0.5 * a };
  const fcc = latticeInBox(fccBox, a, FCC), bcc = latticeInBox(bccBox, a, BCC);
  assert.is(fcc.type.length, 224);
  assert.is(bcc.type.length, 112);
  assertAllCells(voronoiTessellation(fcc), [0, 12, 0, 0], a ** 3 / 4, [14, 24, 12], 'tilted fcc');
  assertAllCells(voronoiTessellation(bcc), [0, 6, 0, 8], a ** 3 / 2, [24, 36, 14], 'tilted bcc');
  // Primitive cells, one atom and 2×2×2 of them: fcc's rhombohedron (edges a/√2 at 60°), bcc's (edges √3 a/2 at 109.47°).
  for (const m of [1, 2]) {
    const fccPrim = primitiveLattice(rhombohedralBox((m * a) / Math.SQRT2, 0.5), m);
    assertAllCells(voronoiTessellation(fccPrim), [0, 12, 0, 0], a ** 3 / 4, [14, 24, 12], `fcc primitive cell ×${m}`);
    const bccPrim = primitiveLattice(rhombohedralBox((m * Math.sqrt(3) * a) / 2, -1 / 3), m);
    assertAllCells(voronoiTessellation(bccPrim), [0, 6, 0, 8], a ** 3 / 2, [24, 36, 14], `bcc primitive cell ×${m}`);
  }
});

test('an icosahedral cluster: the centre’s cell is the regular dodecahedron <0,0,12,0>', () => {
  // 12 atoms at distance 1 on the vertices of an icosahedron (0, ±1, ±φ) and cyclic, normalised.
  const phi = (1 + Math.sqrt(5)) / 2, norm = Math.hypot(1, phi);
  const sites = [[0, 0, 0]];
  for (const s1 of [-1, 1]) for (const s2 of [-1, 1]) sites.push([0, s1, s2 * phi], [s1, s2 * phi, 0], [s2 * phi, 0, s1]);
  const L = 6;
  const x = Float64Array.from(sites.flatMap((p, k) => p.map((c) => (k === 0 ? 0 : c / norm) + L / 2)));
  const t = voronoiTessellation({ box: cubic(L), x, type: new Int32Array(13), ntypes: 1 });
  assert.equal(voronoiIndex(t, 0), [0, 0, 12, 0]);
  assert.equal(Array.from(t.topology.subarray(0, 3)), [20, 30, 12]);
  // Inradius 1/2, so the edge is s = 2 r / √((25 + 11√5)/10) and V = (15 + 7√5) s³ / 4.
  const s = 1 / Math.sqrt((25 + 11 * Math.sqrt(5)) / 10);
  assert.ok(Math.abs(t.volume[0] / (((15 + 7 * Math.sqrt(5)) / 4) * s ** 3) - 1) < 1e-12, `${t.volume[0]}`);
  assert.ok(Math.abs(sum(t.volume) / L ** 3 - 1) < 1e-12);
  const summary = summarizeVoronoi([t]);
  assert.is(summary.groups.all.icosahedral, 1 / 13);
  assert.is(summary.groups['1'].atoms, 13);
});

/**
 * Every cell closed and consistent (each directed edge once, its reverse once; V − E + F = 2) and
 * every vertex a true vertex of the radical tessellation: no atom has a lower power there than
 * the cell's atom (1e-9), and at least three others have the same power (within 1e-8), by brute
 * force over all atoms at the nearest image. Returns the number of cells checked.
 */
function checkCells(input: VoronoiInput, options: VoronoiOptions = {}, every = 1): number {
  const { box, x, type } = input;
  const n = type.length;
  const radii = options.radii ?? new Float64Array(input.ntypes);
  const d = [0, 0, 0];
  let checked = 0;
  forEachVoronoiCell(input, options, (i, cell: ConvexCell) => {
    if (cell.nf === 0) return;
    const edges = new Map<string, number>();
    for (let f = 0; f < cell.nf; f++) {
      const s = cell.fs[f], len = cell.fl[f];
      if (len < 3) assert.unreachable(`atom ${i}: a face with ${len} vertices`);
      for (let q = 0; q < len; q++) {
        const key = `${cell.fv[s + q]}>${cell.fv[s + ((q + 1) % len)]}`;
        edges.set(key, (edges.get(key) ?? 0) + 1);
      }
    }
    for (const [key, count] of edges) {
      const [u, w] = key.split('>');
      if (count !== 1 || edges.get(`${w}>${u}`) !== 1) assert.unreachable(`atom ${i}: edge ${key} ${count} times, its reverse ${edges.get(`${w}>${u}`) ?? 0}`);
    }
    if (cell.nv - edges.size / 2 + cell.nf !== 2) assert.unreachable(`atom ${i}: V − E + F = ${cell.nv - edges.size / 2 + cell.nf}`);
    if (i % every !== 0) return;
    checked++;
    const ri = radii[type[i]];
    for (let v = 0; v < cell.nv; v++) {
      const px = x[3 * i] + cell.vx[v], py = x[3 * i + 1] + cell.vy[v], pz = x[3 * i + 2] + cell.vz[v];
      const own = cell.vx[v] ** 2 + cell.vy[v] ** 2 + cell.vz[v] ** 2 - ri * ri;
      let tied = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        d[0] = px - x[3 * j];
        d[1] = py - x[3 * j + 1];
        d[2] = pz - x[3 * j + 2];
        minimumImage(box, d);
        const rj = radii[type[j]];
        const power = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] - rj * rj;
        if (!(power > own - 1e-9)) assert.unreachable(`atom ${i}, vertex ${v}: atom ${j} is nearer (${power} < ${own})`);
        if (power < own + 1e-8) tied++;
      }
      if (tied < 3) assert.unreachable(`atom ${i}, vertex ${v}: only ${tied} other atoms as near`);
    }
  });
  return checked;
}

function input(s: State): VoronoiInput {
  return { box: s.box, x: s.x, type: s.type, ntypes: s.mass.length };
}

/** ka864 sheared affinely into a tilted box, positions wrapped into it. */
function tiltedKa864(): State {
  const s = loadKa864();
  deformBox(s.box, { ...s.box, xy: 2.5, xz: -3.0, yz: 1.5 }, s.x);
  wrapPositions(s.box, s.x, s.image);
  return s;
}

test('ka864 and a tilted copy: volumes fill the box to 1e-9, closed cells, true vertices', () => {
  for (const [name, s] of [['ka864', loadKa864()], ['tilted ka864', tiltedKa864()]] as const) {
    const t = voronoiTessellation(input(s));
    const rel = Math.abs(sum(t.volume) / t.boxVolume - 1);
    console.log(`  ${name}: Σ V_cell / V_box − 1 = ${rel.toExponential(1)}; ${t.stats.cuts} cuts, ${t.stats.widened} searches widened`);
    assert.ok(rel < 1e-9, `${name}: ${rel}`);
    assert.is(t.stats.failedCuts, 0);
    for (let i = 0; i < t.n; i++) assert.is(t.topology[3 * i] - t.topology[3 * i + 1] + t.topology[3 * i + 2], 2);
    // Every cell's topology; the vertices of every third (ka864) or sixth (tilted) cell by brute force.
    assert.ok(checkCells(input(s), {}, name === 'ka864' ? 3 : 6) >= 144);
  }
});

test('radical tessellation: ka864 with radii 0.5 and 0.44 fills the box; equal radii are plain Voronoi', () => {
  const s = loadKa864();
  const plain = voronoiTessellation(input(s));
  const radical = voronoiTessellation(input(s), { radii: [0.5, 0.44] });
  const rel = Math.abs(sum(radical.volume) / radical.boxVolume - 1);
  console.log(`  radical: Σ V − V_box relative ${rel.toExponential(1)}; mean volume A ${mean(radical, 0).toFixed(4)}, B ${mean(radical, 1).toFixed(4)} (plain ${mean(plain, 0).toFixed(4)}, ${mean(plain, 1).toFixed(4)})`);
  assert.ok(rel < 1e-9);
  // The larger A atoms gain volume from the smaller B atoms.
  assert.ok(mean(radical, 0) > mean(plain, 0) && mean(radical, 1) < mean(plain, 1));
  assert.ok(checkCells(input(s), { radii: [0.5, 0.44] }, 4) >= 216);
  const equal = voronoiTessellation(input(s), { radii: [0.37, 0.37] });
  let worst = 0;
  for (let i = 0; i < s.n; i++) worst = Math.max(worst, Math.abs(equal.volume[i] - plain.volume[i]) / plain.volume[i]);
  assert.ok(worst < 1e-12, `equal radii: volumes differ by ${worst}`);
  assert.equal(Array.from(equal.edgeHistogram), Array.from(plain.edgeHistogram));
  assert.equal(Array.from(equal.faces), Array.from(plain.faces));
});

function mean(t: VoronoiTessellation, type: number): number {
  let s = 0, c = 0;
  for (let i = 0; i < t.n; i++) if (t.type[i] === type) (s += t.volume[i]), c++;
  return s / c;
}

test('radical tessellation with very unequal radii: cells may vanish, the rest still fill the box', () => {
  const s = loadKa864();
  const t = voronoiTessellation(input(s), { radii: [0.1, 1.2] });
  const rel = Math.abs(sum(t.volume) / t.boxVolume - 1);
  let zero = 0;
  for (let i = 0; i < t.n; i++) if (t.volume[i] === 0) zero++;
  console.log(`  radii 0.1 / 1.2: ${t.stats.empty} empty cells, Σ V − V_box relative ${rel.toExponential(1)}`);
  assert.ok(t.stats.empty > 0);
  assert.is(zero, t.stats.empty);
  assert.ok(rel < 1e-9);
  checkCells(input(s), { radii: [0.1, 1.2] }, 8);
});

test('thresholds: a slightly disordered fcc is <0,12,0,0> again without faces below 1% and edges below a/10', () => {
  const a = 1.5;
  const crystal = latticeInBox(cubic(3 * a), a, FCC);
  const rng = createRng(7);
  for (let k = 0; k < crystal.x.length; k++) crystal.x[k] += 0.004 * a * (rng.uniform() - 0.5);
  const raw = voronoiTessellation(crystal);
  const kept = voronoiTessellation(crystal, { faceAreaFraction: 0.01, minEdgeLength: 0.1 * a });
  let perfect = 0;
  for (let i = 0; i < raw.n; i++) if (voronoiIndex(raw, i).join() === '0,12,0,0' && raw.faces[i] === 12) perfect++;
  console.log(`  disordered fcc: ${perfect} of ${raw.n} cells <0,12,0,0> with 12 faces unfiltered, mean faces ${(raw.faces.reduce((p, q) => p + q, 0) / raw.n).toFixed(2)}`);
  assert.ok(perfect < raw.n / 2);
  for (let i = 0; i < kept.n; i++) {
    assert.equal(voronoiIndex(kept, i), [0, 12, 0, 0], `atom ${i}`);
    assert.is(kept.faces[i], 12);
  }
  assert.equal(Array.from(kept.volume), Array.from(raw.volume));
  const summary = summarizeVoronoi([kept]);
  assert.equal(summary.groups.all.top, [{ index: [0, 12, 0, 0], count: 108, fraction: 1 }]);
  assert.ok(Math.abs(summary.groups.all.meanVolume / (a ** 3 / 4) - 1) < 1e-12);
});

// ---------------------------------------------------------------------------------------------
// The report (in process) and the command line

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const data = referenceDir + 'ka864.data';

function betascape(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('voronoi report and files of a two-frame dump: summary per type, per-atom CSV with a timestep column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-voronoi-cli-'));
  try {
    const a = loadKa864(), b = tiltedKa864();
    b.step = a.step + 100;
    const dump = join(dir, 'two.dump');
    writeFileSync(dump, formatDumpFrames([stateToFrame(a, ['id', 'type', 'x', 'y', 'z']), stateToFrame(b, ['id', 'type', 'x', 'y', 'z'])]));
    const input = loadStructureInput({ dump, every: 1, units: 'lj' }, 'voronoi');
    const report = voronoiReport(input, { radii: parseRadii('1:0.5,2:0.44', input.ntypes, input.file), faceAreaFraction: 0, minEdge: 0, top: 10 });
    writeVoronoiFiles(join(dir, 'v'), report, input);
    const out = JSON.parse(JSON.stringify(report.record));
    assert.is(out.frames, 2);
    assert.equal(Object.keys(out.groups).sort(), ['1', '2', 'all']);
    assert.is(out.groups['1'].atoms + out.groups['2'].atoms, 2 * 864);
    assert.ok(out.volume_closure < 1e-9);
    assert.equal(out.radii, { 1: 0.5, 2: 0.44 });
    assert.ok(Math.abs(out.groups.all.mean_volume - 720 / 864) < 1e-9);
    assert.equal(Object.keys(out.groups.all.top[0]), ['index', 'count', 'fraction']);
    assert.equal(JSON.parse(readFileSync(join(dir, 'v', 'voronoi.json'), 'utf8')).groups, out.groups);
    // Per atom: 2 × 864 rows whose volumes add up to each frame's box.
    const lines = readFileSync(join(dir, 'v', 'voronoi.csv'), 'utf8').trim().split('\n');
    assert.is(lines[0], 'timestep,id,type,volume,faces,n3,n4,n5,n6,n7plus');
    assert.is(lines.length, 1 + 2 * 864);
    assert.is(JSON.parse(readFileSync(join(dir, 'v', 'voronoi.units.json'), 'utf8')).columns.volume, 'sigma^3');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    for (const step of [a.step, b.step]) assert.ok(Math.abs(rows.filter((row) => row[0] === step).reduce((p, row) => p + row[3], 0) / 720 - 1) < 1e-9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--radii: every type once, radii >= 0', () => {
  assert.equal(Array.from(parseRadii('2:0.44, 1:0.5', 2, 'f')), [0.5, 0.44]);
  const cases: [string, RegExp][] = [
    ['1:0.5,3:0.4', /--radii: '3' is not an atom type of f \(1 … 2\)/],
    ['1:0.5,1:0.4,2:1', /--radii: type 1 is given twice/],
    ['1:0.5', /--radii: no radius for type 2/],
    ['1:abc,2:1', /--radii: the radius of type 1 must be a number >= 0, got 'abc'/],
    ['0.5', /--radii: expected TYPE:RADIUS pairs/],
  ];
  for (const [text, pattern] of cases) assert.throws(() => parseRadii(text, 2, 'f'), (e: Error) => e instanceof InputError && pattern.test(e.message), text);
});

test('voronoi: bad input ends in one line naming the flag or file, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-voronoi-bad-'));
  try {
    const noId = join(dir, 'no-id.dump');
    writeFileSync(noId, formatDumpFrames(stateToFrame(loadKa864(), ['type', 'x', 'y', 'z'])));
    const cases: [string[], RegExp][] = [
      [['--data', data, '--radii', '1:0.5,2'], /--radii: expected TYPE:RADIUS pairs .* got '2'/],
      [['--data', data, '--radii', '1:-0.5,2:0.44'], /--radii: the radius of type 1 must be a number >= 0, got '-0\.5'/],
      [['--dump', noId], /no-id\.dump:9: expected 'id' and 'type' columns/],
    ];
    for (const [args, pattern] of cases) assertOneLineError(betascape('voronoi', ...args), pattern, args.join(' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
