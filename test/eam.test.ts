/**
 * EAM (pair_style eam/alloy and eam/fs): reading potential files and their errors, the LAMMPS
 * spline, metal units, and cross-checks with LAMMPS run here and now on a fresh Cu64Zr36
 * configuration (CuZr_mm.eam.fs, Mendelev et al. 2009), a ternary setfl file (NiAlH_jea.eam.alloy)
 * and synthetic eam/alloy and eam/fs files whose densities exceed rhomax (F extrapolated linearly)
 * and whose Finnis–Sinclair density blocks are asymmetric, also in a triclinic box. File, spline
 * and unit tests need nothing installed; finite differences and NVE energy conservation need
 * CuZr_mm.eam.fs but not LAMMPS; comparisons are skipped, with a message, without `lmp`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EAM, loadEam } from '../sim/potentials/eam.js';
import { splineCoefficients } from '../sim/potentials/eam-tables.js';
import { eamStyleFromFileName, parseEamFile, readEamFile, type EamStyle } from '../sim/io/eam-file.js';
import { computeForces, createForceField } from '../sim/forces.js';
import { runMD, type ThermoRow } from '../sim/md.js';
import { nve } from '../sim/integrate/thermostat.js';
import { langevin } from '../sim/integrate/langevin.js';
import { buildSample } from '../sim/init.js';
import { initVelocities } from '../sim/velocities.js';
import { createRng } from '../sim/random.js';
import { METAL_UNITS, LJ_UNITS, unitsByName, pressureToGPa, pressureFromGPa } from '../sim/units.js';
import { pressureTensor, zeroMomentum } from '../sim/thermo.js';
import { deformBox, wrapPositions } from '../sim/box.js';
import { cloneState, type State } from '../sim/state.js';
import { InputError } from '../sim/errors.js';
import { parseLammpsDataFile, writeLammpsData } from '../sim/io/lammps-data.js';
import { positionDeviation, readDump, vectorDeviation } from './helpers/compare.js';
import { numericalForce } from './helpers/finite-difference.js';
import { lammpsPreamble, lammpsAvailable, lastThermo, runLammps, LMP } from './helpers/lammps.js';
import { entriesOff, withoutAnalyticHessian } from './helpers/hessian.js';
import type { Potential } from '../sim/potentials/potential.js';
import { EnergySurface, atomsNear, localHessian } from '../landscape/saddles/index.js';

const units = METAL_UNITS;
const POTENTIALS = process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials';
const CUZR = join(POTENTIALS, 'CuZr_mm.eam.fs');
const NIALH = join(POTENTIALS, 'NiAlH_jea.eam.alloy');
const haveFiles = existsSync(CUZR) && existsSync(NIALH);
const withLammps = lammpsAvailable() && haveFiles;
if (!haveFiles) console.log(`SKIP (no ${CUZR} / ${NIALH}): tests with LAMMPS's EAM files`);
else if (!withLammps) console.log(`SKIP (${LMP} not found): EAM cross-checks with LAMMPS (test/eam.test.ts)`);

const SEED = 3141;
const DT = 0.001; // ps
const SKIN = 2.0; // Å

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// ---------------------------------------------------------------------------------------------
// Synthetic potential files: analytic functions tabulated in the setfl layout.

/**
 * A two-element file (A, B) with smooth Morse-like pairs, exponential densities and
 * F(rho) = -E sqrt(rho) + G rho^2. In the fs variant the density that A adds at B differs from
 * what B adds at A by a factor of about 2, so a swapped block would show. `perLine` numbers per
 * line, and tables start on new lines (as LAMMPS reads them).
 */
function syntheticEam(style: EamStyle, o: { nrho: number; drho: number; nr: number; dr: number; cutoff: number; perLine: number }): string {
  const rc = o.cutoff;
  const cut = (r: number) => (r < rc ? (1 - r / rc) ** 4 : 0);
  const amp = [[1.0, 1.7], [0.8, 1.3]]; // amp[a][b]: density element a adds at an atom of element b (fs)
  const beta = [1.2, 0.9];
  const density = (a: number, b: number) => (r: number) => amp[a][b] * Math.exp(-beta[a] * (r - 2.6)) * cut(r);
  const r0 = [[2.5, 2.8], [2.8, 3.1]], D = [[0.4, 0.5], [0.5, 0.6]], alpha = [[1.6, 1.5], [1.5, 1.3]];
  const rphi = (a: number, b: number) => (r: number) => {
    const e = Math.exp(-alpha[a][b] * (r - r0[a][b]));
    return r * D[a][b] * (e * e - 2 * e) * cut(r);
  };
  const E = [2.0, 3.0], G = [0.02, 0.01];
  const F = (a: number) => (rho: number) => -E[a] * Math.sqrt(rho) + G[a] * rho * rho;
  const lines = ['synthetic EAM file for betascape tests', 'A-B, analytic functions', `style ${style}`, '2 A B'];
  lines.push(`${o.nrho} ${o.drho.toExponential(16)} ${o.nr} ${o.dr.toExponential(16)} ${rc}`);
  const table = (f: (x: number) => number, n: number, dx: number) => {
    for (let k = 0; k < n; k += o.perLine) {
      const row: string[] = [];
      for (let m = k; m < Math.min(n, k + o.perLine); m++) row.push(f(m * dx).toExponential(16));
      lines.push(row.join(' '));
    }
  };
  const masses = [40.0, 90.0];
  for (let a = 0; a < 2; a++) {
    lines.push(`${a + 1} ${masses[a]} 3.5 fcc`);
    table(F(a), o.nrho, o.drho);
    if (style === 'eam/alloy') table(density(a, a), o.nr, o.dr);
    else for (let b = 0; b < 2; b++) table(density(a, b), o.nr, o.dr);
  }
  for (let a = 0; a < 2; a++) for (let b = 0; b <= a; b++) table(rphi(a, b), o.nr, o.dr);
  return lines.join('\n') + '\n';
}

const SMALL = { nrho: 101, drho: 0.05, nr: 801, dr: 0.0069, cutoff: 5.5, perLine: 7 };

// ---------------------------------------------------------------------------------------------
// Files, spline, units: no LAMMPS needed.

test('metal units are LAMMPS update.cpp constants; GPa conversion; unitsByName', () => {
  assert.is(units.boltz, 8.617343e-5);
  assert.is(units.mvv2e, 1.0364269e-4);
  assert.is(units.ftm2v, 1 / 1.0364269e-4);
  assert.is(units.nktv2p, 1.6021765e6);
  assert.equal(units.defaults, { dt: 0.001, skin: 2.0 });
  assert.is(unitsByName('metal'), METAL_UNITS);
  assert.is(unitsByName('lj'), LJ_UNITS);
  assert.throws(() => unitsByName('real'), /unknown unit system 'real' \(known: lj, metal\)/);
  assert.is(pressureToGPa(1e4, units), 1);
  assert.is(pressureFromGPa(2.5, units), 25000);
  assert.throws(() => pressureToGPa(1, LJ_UNITS), /lj units has no value in GPa/);
  // 1 eV/Å^3 = 160.21765 GPa: nktv2p is that in bar.
  assert.ok(rel(pressureToGPa(units.nktv2p, units), 160.21765) < 1e-12);
});

test('the LAMMPS spline reproduces the table at knots and a cubic between interior knots', () => {
  const n = 40, delta = 0.1;
  const cubic = (x: number) => 0.3 * x ** 3 - x * x + 2 * x - 1;
  const dcubic = (x: number) => 0.9 * x * x - 2 * x + 2;
  const f = Float64Array.from({ length: n }, (_, k) => cubic(k * delta));
  const s = splineCoefficients(f, delta);
  for (let m = 1; m <= n; m++) assert.is(s[m * 7 + 6], f[m - 1]);
  // Interior intervals (slopes from the 5-point stencil are exact for a cubic).
  for (let m = 3; m <= n - 3; m++) {
    for (const p of [0.25, 0.5, 0.9]) {
      const c = m * 7, x = (m - 1 + p) * delta;
      const value = ((s[c + 3] * p + s[c + 4]) * p + s[c + 5]) * p + s[c + 6];
      const slope = (s[c] * p + s[c + 1]) * p + s[c + 2];
      assert.ok(Math.abs(value - cubic(x)) < 1e-12, `value at ${x}`);
      assert.ok(Math.abs(slope - dcubic(x)) < 1e-11, `slope at ${x}`);
    }
  }
});

test('synthetic eam/alloy and eam/fs files: layout, masses, element mapping, file-name styles', () => {
  const alloy = parseEamFile(syntheticEam('eam/alloy', SMALL), 'syn.eam.alloy', 'eam/alloy');
  assert.equal(alloy.elements, ['A', 'B']);
  assert.equal(alloy.masses, [40, 90]);
  assert.equal([alloy.nrho, alloy.nr, alloy.cutoff], [101, 801, 5.5]);
  assert.is(alloy.rhor.length, 2);
  assert.is(alloy.z2r.length, 3);
  const fs = parseEamFile(syntheticEam('eam/fs', SMALL), 'syn.eam.fs', 'eam/fs');
  assert.is(fs.rhor.length, 4);
  // Species may come in any order and map to the same element twice.
  const eam = new EAM(fs, ['B', 'A', 'B']);
  assert.equal(eam.masses, [90, 40, 90]);
  assert.is(eam.cutoff(), 5.5);
  // What A adds at B (block A, function B) is about twice what B adds at A, at r = 3.
  const aAtB = eam.pairFunctions(0, 1, 3.0).rho, bAtA = eam.pairFunctions(1, 0, 3.0).rho;
  const expected = (amp: number, beta: number) => amp * Math.exp(-beta * 0.4) * (1 - 3 / 5.5) ** 4;
  assert.ok(rel(aAtB, expected(1.7, 1.2)) < 1e-6, `rho A->B ${aAtB}`);
  assert.ok(rel(bAtA, expected(0.8, 0.9)) < 1e-6, `rho B->A ${bAtA}`);
  assert.is(eam.pairFunctions(0, 2, 6.0).phi, 0);
  assert.throws(() => new EAM(fs, ['A', 'Cu']), /no element 'Cu' in this EAM file \(it has A, B\)/);
  assert.is(eamStyleFromFileName('/x/CuZr_mm.eam.fs'), 'eam/fs');
  assert.is(eamStyleFromFileName('NiAlH_jea.eam.alloy'), 'eam/alloy');
  assert.is(eamStyleFromFileName('Cu_u3.eam'), undefined);
  assert.throws(() => readEamFile('/tmp/potential.txt'), /cannot tell eam\/alloy from eam\/fs/);
  assert.throws(() => readEamFile('/no/such/file.eam.fs'), /cannot read \/no\/such\/file\.eam\.fs: no such file, and no file\.eam\.fs in \$LAMMPS_POTENTIALS .* or \/usr\/share\/lammps\/potentials/);
});

test('the embedding function is extrapolated linearly beyond rhomax, continuously', () => {
  const eam = new EAM(parseEamFile(syntheticEam('eam/alloy', SMALL), 'syn', 'eam/alloy'), ['A']);
  const rhomax = (SMALL.nrho - 1) * SMALL.drho;
  const [Fmax, slope] = eam.embedding(0, rhomax);
  const [Fjust] = eam.embedding(0, rhomax * (1 - 1e-12));
  assert.ok(Math.abs(Fjust - Fmax) < 1e-9);
  const [F2, fp2] = eam.embedding(0, rhomax + 1.5);
  assert.is(fp2, slope);
  assert.ok(Math.abs(F2 - (Fmax + 1.5 * slope)) < 1e-12);
  // Inside the table the interpolation follows the analytic function closely.
  const [F1, fp1] = eam.embedding(0, 2.0);
  assert.ok(Math.abs(F1 - (-2 * Math.sqrt(2) + 0.02 * 4)) < 1e-6);
  assert.ok(Math.abs(fp1 - (-1 / Math.sqrt(2) + 0.08)) < 1e-4);
});

/** Asserts that parsing `text` fails with "FILE:LINE: ..." matching `pattern`. */
test('the analytic region Hessian (eam/alloy and eam/fs with asymmetric densities) is the finite-difference one, but where a pair straddles a spline knot', () => {
  for (const style of ['eam/alloy', 'eam/fs'] as const) {
    const eam = new EAM(parseEamFile(syntheticEam(style, SMALL), 'syn', style), ['A', 'B']);
    // The same potential without its analytic Hessian: finite differences of forces.
    const fd = withoutAnalyticHessian(eam);
    const surface = (p: Potential) => {
      const s = buildSample({ n: 500, composition: [0.6, 0.4], masses: eam.masses, typeNames: eam.elements, density: 0.059, placement: 'lattice' }, createRng(SEED));
      const rng = createRng(SEED + 1);
      for (let k = 0; k < s.x.length; k++) s.x[k] += 0.4 * (rng.uniform() - 0.5);
      return new EnergySurface(s, createForceField(p, 1.0));
    };
    const a = surface(eam), b = surface(fd);
    const region = atomsNear(a.box, a.current(), [7, 250], 4.0);
    const H = localHessian(a, a.current(), region), reference = localHessian(b, b.current(), region);
    const dim = 3 * region.length;
    assert.is(a.evaluations, 0, 'no force evaluations');
    const { off, top } = entriesOff(H, reference, dim);
    // A pair within h = 1e-6 Å of a knot (spacing 0.0069 Å) is differenced across two pieces: rare.
    assert.ok(off < 1e-3 * dim * dim, `${style}: ${off} of ${dim * dim} entries differ by more than 1e-6 of the largest (${top})`);
  }
});

function assertFileError(text: string, style: EamStyle, line: number, pattern: RegExp) {
  try {
    parseEamFile(text, 'bad.eam', style);
  } catch (e) {
    assert.ok(e instanceof InputError, `not an InputError: ${e}`);
    const msg = (e as Error).message;
    assert.match(msg, new RegExp(`^bad\\.eam:${line}: `), msg);
    assert.match(msg, pattern, msg);
    return;
  }
  assert.unreachable(`no error for ${pattern}`);
}

test('malformed and truncated files: InputError naming the file and line', () => {
  const good = syntheticEam('eam/alloy', SMALL);
  const lines = good.split('\n');
  const set = (k: number, s: string) => lines.map((l, i) => (i === k - 1 ? s : l)).join('\n');
  assertFileError('a\nb\n', 'eam/alloy', 2, /file ends early: expected comment line 3 of 3/);
  assertFileError(set(4, '2 A'), 'eam/alloy', 4, /expected 2 element names after the element count, found 1/);
  assertFileError(set(4, 'two A B'), 'eam/alloy', 4, /expected the number of elements/);
  assertFileError(set(5, '101 0.05 801 0.0069'), 'eam/alloy', 5, /expected 5 values on the grid line \(Nrho drho Nr dr cutoff\), found 4/);
  assertFileError(set(5, '101 0.05 3 0.0069 5.5'), 'eam/alloy', 5, /expected Nr \(a whole number >= 5\), found '3'/);
  assertFileError(set(5, '101 -0.05 801 0.0069 5.5'), 'eam/alloy', 5, /expected drho \(a number > 0\)/);
  assertFileError(set(6, '1 heavy 3.5 fcc'), 'eam/alloy', 6, /expected the mass of A \(a number > 0\), found 'heavy'/);
  // A bad number inside a table: the line of that number.
  const broken = lines[9].split(' ');
  broken[3] = '1.0x-3';
  assertFileError(set(10, broken.join(' ')), 'eam/alloy', 10, /expected a number in F\(rho\) of A, found '1\.0x-3'/);
  // Truncated in the last pair table.
  const kept = lines.length - 20;
  const cut = lines.slice(0, kept).join('\n') + '\n';
  assertFileError(cut, 'eam/alloy', kept, /file ends early: r\*phi\(r\) of B-B has \d+ of its 801 values/);
  // An fs file read as alloy leaves data over; an alloy file read as fs runs out.
  const fsText = syntheticEam('eam/fs', SMALL);
  try {
    parseEamFile(fsText, 'bad.eam', 'eam/alloy');
    assert.unreachable('fs as alloy');
  } catch (e) {
    assert.ok(e instanceof InputError);
    assert.match((e as Error).message, /^bad\.eam:\d+: /);
  }
  const headerB = lines.findIndex((l) => l.startsWith('2 90 ')) + 1;
  assertFileError(good, 'eam/fs', headerB, /expected a number in rho\(r\) of A block 2 \(B\), found 'fcc' \(an element header line\? is this an eam\/alloy file\?\)/);
});

test('every eam/alloy and eam/fs file shipped with LAMMPS reads', () => {
  if (!existsSync(POTENTIALS)) {
    console.log(`SKIP (no ${POTENTIALS}): reading LAMMPS's EAM files`);
    return;
  }
  const files = readdirSync(POTENTIALS).filter((f) => eamStyleFromFileName(f) !== undefined);
  assert.ok(files.length > 0);
  for (const f of files) {
    const eam = readEamFile(join(POTENTIALS, f));
    assert.ok(eam.elements.length >= 1 && eam.cutoff > 0, f);
  }
  const cuzr = readEamFile(CUZR);
  assert.equal(cuzr.elements, ['Cu', 'Zr']);
  assert.equal(cuzr.masses, [63.546, 91.224]);
  assert.equal([cuzr.nrho, cuzr.drho, cuzr.nr, cuzr.dr, cuzr.cutoff], [10000, 0.03, 10000, 7.6e-4, 7.6]);
});

// ---------------------------------------------------------------------------------------------
// Configurations

/**
 * Cu64Zr36, N = 1000 at 0.059 atoms/Å^3 (about the zero-pressure liquid at 1500 K, by LAMMPS NPT
 * with this potential): random fcc occupation, then Langevin at dt = 2 fs, 200 steps cooling
 * 3000 -> 1500 K and 200 at 1500 K. (It is still relaxing: NVE from here warms up a little.)
 */
function cuZrConfiguration(eam: EAM): State {
  const s = buildSample(
    { n: 1000, composition: [0.64, 0.36], masses: eam.masses, typeNames: eam.elements, density: 0.059, placement: 'lattice' },
    createRng(SEED),
  );
  initVelocities(s, 2000, createRng(SEED + 1), units);
  const ff = createForceField(eam, SKIN);
  const melt = { dt: 0.002, units, steps: 200 };
  runMD(s, ff, { ...melt, thermostat: langevin({ damp: 0.02, seed: SEED + 2 }), tStart: 3000, tStop: 1500 });
  runMD(s, ff, { ...melt, thermostat: langevin({ damp: 0.02, seed: SEED + 3 }), tStart: 1500 });
  return finish(s);
}

/** Ni70Al25H5 ternary, N = 864 on fcc sites at 0.085 atoms/Å^3, displaced up to 0.2 Å, 600 K velocities. */
function niAlHConfiguration(eam: EAM, order: string[]): State {
  const frac: Record<string, number> = { Ni: 0.7, Al: 0.25, H: 0.05 };
  const s = buildSample(
    { n: 864, composition: order.map((e) => frac[e]), masses: eam.masses, typeNames: eam.elements, density: 0.085, placement: 'lattice' },
    createRng(SEED + 3),
  );
  const rng = createRng(SEED + 4);
  for (let k = 0; k < s.x.length; k++) s.x[k] += 0.4 * (rng.uniform() - 0.5);
  initVelocities(s, 600, createRng(SEED + 5), units);
  return finish(s);
}

function finish(s: State): State {
  zeroMomentum(s);
  wrapPositions(s.box, s.x, s.image); // inside the box: LAMMPS read_data does not remap any coordinate
  s.step = 0;
  s.time = 0;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Comparisons with LAMMPS

const preamble = (pairStyle: string, file: string, elements: string[]) => lammpsPreamble({ units: 'metal', pair: `pair_style ${pairStyle}\npair_coeff * * ${file} ${elements.join(' ')}`, skin: SKIN, dt: DT });

/**
 * Writes `state` to dir/start.data; LAMMPS `run 0` and betascape compute energy, per-atom energies,
 * forces and the pressure tensor on the same numbers. Returns the relative deviations.
 */
function compareRun0(dir: string, state: State, eam: EAM, file: string) {
  writeLammpsData(join(dir, 'start.data'), state);
  const { log } = runLammps(
    `${preamble(eam.name, file, eam.elements)}compute peatom all pe/atom
thermo_style custom step pe press pxx pyy pzz pxy pxz pyz
thermo_modify norm no format float %.17g
dump d all custom 1 forces.dump id type x y z fx fy fz c_peatom
dump_modify d format float %.17g sort id
run 0
`,
    dir,
  );
  const s = parseLammpsDataFile(join(dir, 'start.data'));
  s.mass.set(eam.masses);
  const peAtom = new Float64Array(s.n);
  const out = computeForces(s, createForceField(eam, SKIN), { energyVirial: true, perAtomEnergy: peAtom });
  const p = pressureTensor(s, out.virial, units);
  const dump = readDump(join(dir, 'forces.dump'), s);
  const ref = ['Pxx', 'Pyy', 'Pzz', 'Pxy', 'Pxz', 'Pyz'].map((c) => lastThermo(log, c));
  // Off-diagonal components can be small: measure them against the largest diagonal one.
  const scale = Math.max(...ref.slice(0, 3).map(Math.abs));
  const pe = dump.col('c_peatom');
  let dpe = 0, maxPe = 0;
  dump.index.forEach((i, row) => {
    dpe = Math.max(dpe, Math.abs(peAtom[i] - pe[row]));
    maxPe = Math.max(maxPe, Math.abs(pe[row]));
  });
  return {
    energy: rel(out.energy, lastThermo(log, 'PotEng')),
    pressure: Math.max(...ref.map((r, k) => Math.abs(p[k] - r) / Math.max(Math.abs(r), scale))),
    forces: vectorDeviation(s.f, (d) => dump.col(['fx', 'fy', 'fz'][d]), dump.index),
    peAtom: dpe / maxPe,
    /** Fraction of atoms whose density is beyond the end of the F table. */
    beyondRhomax: eam.densities().rho.filter((r) => r > (eam.file.nrho - 1) * eam.file.drho).length / s.n,
  };
}

function assertRun0(name: string, d: ReturnType<typeof compareRun0>, tol = 1e-8) {
  console.log(`      ${name}: rel. energy ${d.energy.toExponential(1)}, pressure ${d.pressure.toExponential(1)}, forces ${d.forces.toExponential(1)}, pe/atom ${d.peAtom.toExponential(1)}`);
  for (const k of ['energy', 'pressure', 'forces', 'peAtom'] as const) assert.ok(d[k] < tol, `${name}: ${k} deviates by ${d[k]}`);
}

/** Positions (minimum image) and velocities after the same NVE run in both codes. */
function compareNve(dir: string, eam: EAM, file: string, steps: number) {
  const { log } = runLammps(
    `${preamble(eam.name, file, eam.elements)}fix 1 all nve
thermo_style custom step pe ke etotal
thermo_modify norm no format float %.17g
run ${steps}
write_dump all custom final.dump id x y z vx vy vz modify sort id format float %.17g
`,
    dir,
  );
  const s = parseLammpsDataFile(join(dir, 'start.data'));
  s.mass.set(eam.masses);
  const last: ThermoRow = runMD(s, createForceField(eam, SKIN), { steps, dt: DT, units, thermostat: nve() });
  const dump = readDump(join(dir, 'final.dump'), s);
  const dx = positionDeviation(s, dump);
  return {
    dx,
    dv: vectorDeviation(s.v, (d) => dump.col(['vx', 'vy', 'vz'][d]), dump.index),
    pe: rel(last.pe * s.n, lastThermo(log, 'PotEng')),
    ke: rel(last.ke * s.n, lastThermo(log, 'KinEng')),
  };
}

let dir = '';
let cuzr: EAM;
let cuzrStart: State;

if (haveFiles) {
  test.before(() => {
    dir = mkdtempSync(join(tmpdir(), 'betascape-eam-'));
    cuzr = loadEam(CUZR, ['Cu', 'Zr']);
    cuzrStart = cuZrConfiguration(cuzr);
  });
  test.after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('Cu64Zr36 forces agree with finite differences of the energy', () => {
    const s = cloneState(cuzrStart);
    const ff = createForceField(cuzr, SKIN);
    computeForces(s, ff);
    const f = s.f.slice();
    const rng = createRng(SEED + 9);
    let worst = 0, scale = 0;
    for (let a = 0; a < 12; a++) {
      const k = Math.floor(rng.uniform() * 3 * s.n);
      worst = Math.max(worst, Math.abs(numericalForce(s, ff, k, 1e-4) - f[k]));
      scale = Math.max(scale, Math.abs(f[k]));
    }
    console.log(`      finite differences: max |dF| ${worst.toExponential(1)} eV/Å (max |F| ${scale.toFixed(2)})`);
    assert.ok(worst < 1e-6 * Math.max(scale, 1), `max |F - F_fd| = ${worst}`);
  });

  test('NVE in metal units, Cu64Zr36 at ~1500 K, dt 1 fs, 400 steps: total energy conserved', () => {
    const s = cloneState(cuzrStart);
    const rows: ThermoRow[] = [];
    runMD(s, createForceField(cuzr, SKIN), { steps: 400, dt: DT, units, thermostat: nve(), thermoEvery: 10, onThermo: (r) => rows.push(r) });
    const e = rows.map((r) => r.etotal);
    const spread = Math.max(...e) - Math.min(...e);
    const drift = e[e.length - 1] - e[0];
    const T = rows.reduce((a, r) => a + r.temperature, 0) / rows.length;
    console.log(`      NVE: <T> ${T.toFixed(0)} K, max-min of E/N ${spread.toExponential(2)} eV, drift ${drift.toExponential(2)} eV/atom, |pe| fluctuation ${(Math.max(...rows.map((r) => r.pe)) - Math.min(...rows.map((r) => r.pe))).toExponential(2)} eV`);
    assert.ok(T > 1300 && T < 2000, `temperature ${T}`);
    assert.ok(spread < 5e-5, `total energy per atom varies by ${spread} eV`);
  });
}

if (withLammps) {
  test('Cu64Zr36, eam/fs CuZr_mm: energy, pressure tensor, forces, per-atom energies match LAMMPS run 0', () => {
    assert.ok(cuzrStart.v.some((v) => v !== 0));
    assertRun0('CuZr_mm eam/fs', compareRun0(dir, cuzrStart, cuzr, CUZR));
  });

  test('Cu64Zr36 NVE, 20 steps: positions, velocities, PE and KE match LAMMPS fix nve', () => {
    writeLammpsData(join(dir, 'start.data'), cuzrStart);
    const d = compareNve(dir, cuzr, CUZR, 20);
    console.log(`      NVE 20 steps: max |dx| ${d.dx.toExponential(1)} Å, |dv|/max|v| ${d.dv.toExponential(1)}, rel. pe ${d.pe.toExponential(1)}, ke ${d.ke.toExponential(1)}`);
    assert.ok(d.dx < 1e-8, `positions differ by ${d.dx} Å`);
    assert.ok(d.dv < 1e-8 && d.pe < 1e-8 && d.ke < 1e-8, JSON.stringify(d));
  });

  test('Cu64Zr36 in a triclinic box (sheared affinely, xy xz yz tilts): matches LAMMPS run 0', () => {
    const s = cloneState(cuzrStart);
    const L = s.box.lx;
    deformBox(s.box, { ...s.box, xy: 0.15 * L, xz: -0.1 * L, yz: 0.12 * L }, s.x);
    wrapPositions(s.box, s.x, s.image);
    assertRun0('CuZr_mm eam/fs, triclinic', compareRun0(dir, s, cuzr, CUZR));
  });

  test('ternary eam/alloy NiAlH_jea, species in another order than the file (Al H Ni): matches LAMMPS run 0', () => {
    const order = ['Al', 'H', 'Ni'];
    const eam = loadEam(NIALH, order);
    assertRun0('NiAlH_jea eam/alloy', compareRun0(dir, niAlHConfiguration(eam, order), eam, NIALH));
  });

  test('synthetic eam/alloy and eam/fs with rho beyond rhomax and asymmetric fs densities: match LAMMPS run 0', () => {
    for (const style of ['eam/alloy', 'eam/fs'] as const) {
      // First pass: a wide F table, to find the densities of this configuration ...
      const s = cloneState(cuzrStart);
      const wide = new EAM(parseEamFile(syntheticEam(style, { ...SMALL, drho: 0.1 }), 'wide', style), ['A', 'B']);
      s.mass.set(wide.masses);
      computeForces(s, createForceField(wide, SKIN));
      const rho = Array.from(wide.densities().rho).sort((a, b) => a - b);
      // ... then a table that ends at the median density, so half the atoms are beyond rhomax.
      const drho = rho[Math.floor(rho.length / 2)] / (SMALL.nrho - 1);
      const file = join(dir, `synthetic.${style === 'eam/fs' ? 'eam.fs' : 'eam.alloy'}`);
      writeFileSync(file, syntheticEam(style, { ...SMALL, drho }));
      const eam = loadEam(file, ['A', 'B']);
      const d = compareRun0(dir, s, eam, file);
      assert.ok(d.beyondRhomax > 0.3 && d.beyondRhomax < 0.7, `fraction beyond rhomax ${d.beyondRhomax}`);
      assertRun0(`synthetic ${style} (${(100 * d.beyondRhomax).toFixed(0)} % of atoms beyond rhomax)`, d);
      // Energy and forces stay consistent beyond rhomax.
      const ff = createForceField(eam, SKIN);
      computeForces(s, ff);
      const f = s.f.slice();
      let worst = 0;
      for (const k of [0, 301, 1502, 2999]) worst = Math.max(worst, Math.abs(numericalForce(s, ff, k, 1e-4) - f[k]));
      assert.ok(worst < 1e-6, `${style}: finite-difference force error ${worst}`);
    }
  });
}

test.run();
