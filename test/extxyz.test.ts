import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloneState, type State } from '../sim/state.js';
import { InputError } from '../sim/errors.js';
import { readLammpsData } from '../sim/io/lammps-data.js';
import { formatExtxyz, parseExtxyzFile, readExtxyz, writeExtxyz } from '../sim/io/extxyz.js';
import { defaultElement, elementsOfTypes } from '../sim/elements.js';
import { LJ_UNITS, METAL_UNITS, type Units } from '../sim/units.js';
import { createRng } from '../sim/random.js';
import { initVelocities } from '../sim/velocities.js';
import { kineticEnergy } from '../sim/thermo.js';
import { referenceDir } from './helpers/reference.js';
import { requireAse, runPython } from './helpers/python.js';

const dataPath = referenceDir + 'ka864.data';
const L = 8.96280949311433;
const tmp = () => mkdtempSync(join(tmpdir(), 'betascape-xyz-'));

/** ka864 with the given names and masses, velocities drawn at T, a tilted box off the origin. */
function sample(names: string[], masses: number[], units: Units, T: number): State {
  const s = readLammpsData(readFileSync(dataPath, 'utf8'), dataPath, { typeNames: names });
  s.mass.set(masses);
  initVelocities(s, T, createRng(7), units);
  s.box = { ...s.box, xlo: -1.25, ylo: 0.5, zlo: 2, xy: 0.75, xz: -0.5, yz: 0.25 };
  s.step = 1200;
  s.time = units.name === 'lj' ? 6 : 1.2;
  return s;
}

/** key=value pairs of an extxyz comment line (values possibly double-quoted). */
function parseHeader(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) out[m[1]] = m[2] ?? m[3];
  return out;
}

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('default elements: the type names when all are symbols, else Z = type', () => {
  assert.equal(elementsOfTypes(['Cu', 'Zr']), ['Cu', 'Zr']);
  assert.equal(elementsOfTypes(['A', 'B']), ['H', 'He']);
  assert.equal(elementsOfTypes(['A', 'B', 'C']), ['H', 'He', 'Li']); // one non-symbol: Z = type for all
  assert.equal(elementsOfTypes(['1', '2']), ['H', 'He']);
  assert.equal(elementsOfTypes(['A', 'B'], ['Ni', 'P']), ['Ni', 'P']);
  assert.is(defaultElement(28), 'Cu');
});

test('extxyz header and rows (metal units, element type names)', () => {
  const s = readLammpsData(readFileSync(dataPath, 'utf8'), dataPath, { typeNames: ['Cu', 'Zr'] });
  s.mass.set([63.546, 91.224]);
  s.step = 12;
  s.time = 0.06;
  const pe = new Float64Array(s.n).fill(-4.5);
  const text = formatExtxyz(s, { units: METAL_UNITS, extra: { peatom: pe }, comment: { note: 'a "quoted" word', T: 0.45 } });
  const lines = text.trimEnd().split('\n');
  assert.is(lines.length, 864 + 2);
  assert.is(lines[0], '864');
  const h = parseHeader(lines[1]);
  assert.is(h.Lattice, `${L} 0 0 0 ${L} 0 0 0 ${L}`);
  assert.is(h.Properties, 'species:S:1:pos:R:3:id:I:1:lammps_type:I:1:masses:R:1:momenta:R:3:peatom:R:1');
  assert.is(h.pbc, 'T T T');
  assert.is(h.Origin, '0 0 0');
  assert.is(h.Step, '12');
  assert.is(h.Time, '0.06');
  assert.is(h.units, 'metal');
  assert.is(h.length_unit, 'Angstrom');
  assert.is(h.time_unit, 'ps');
  assert.is(h.mass_unit, 'amu');
  assert.is(h.momenta_unit, 'sqrt(amu*eV)');
  assert.is(h.lammps_type_names, 'Cu Zr');
  assert.is(h.T, '0.45');
  assert.is(h.note, 'a \\"quoted\\" word');
  assert.equal(lines[2].split(' '), ['Cu', '0.7151768969327388', '0.5278407536128019', '0.27964923292153593', '728', '1', '63.546', '0', '0', '0', '-4.5']);
  // Property widths add up to the number of columns on every row.
  const width = h.Properties.split(':').filter((_, k) => k % 3 === 2).reduce((a, b) => a + Number(b), 0);
  assert.ok(lines.slice(2).every((l) => l.split(' ').length === width));

  const t = cloneState(s);
  t.box = { ...t.box, xy: 1, xz: 2, yz: 3, xlo: -1 };
  const h2 = parseHeader(formatExtxyz(t, { units: METAL_UNITS, velocities: false, forces: true }).split('\n')[1]);
  assert.is(h2.Lattice, `${L} 0 0 1 ${L} 0 2 3 ${L}`);
  assert.is(h2.Properties, 'species:S:1:pos:R:3:id:I:1:lammps_type:I:1:masses:R:1:forces:R:3');
  assert.is(h2.Origin, '-1 0 0');
});

test('LJ species are written as elements (Z = type, or the model file\'s), the type and names kept', () => {
  const s = sample(['A', 'B'], [1, 1], LJ_UNITS, 1.0);
  const lines = formatExtxyz(s, { units: LJ_UNITS }).trimEnd().split('\n');
  const h = parseHeader(lines[1]);
  assert.is(h.units, 'lj');
  assert.is(h.length_unit, 'sigma');
  assert.is(h.momenta_unit, 'm*sigma/tau');
  assert.is(h.lammps_type_names, 'A B');
  for (let i = 0; i < s.n; i++) {
    const [sym, , , , , type] = lines[2 + i].split(' ');
    assert.is(sym, ['H', 'He'][s.type[i]]);
    assert.is(Number(type), s.type[i] + 1);
  }
  const ni = formatExtxyz(s, { units: LJ_UNITS, elements: ['Ni', 'P'] }).split('\n');
  assert.ok(ni.slice(2, -1).every((l, i) => l.startsWith(['Ni ', 'P '][s.type[i]])));
  assert.throws(() => formatExtxyz(s, { units: LJ_UNITS, elements: ['Ni', 'X'] }), /'X' \(type 2\) is not an element symbol/);
});

for (const [units, names, masses, T] of [[LJ_UNITS, ['A', 'B'], [1, 0.5], 0.8], [METAL_UNITS, ['Cu', 'Zr'], [63.546, 91.224], 1200]] as const) {
  test(`extxyz round trip (${units.name} units, triclinic box, velocities)`, () => {
    const s = sample([...names], [...masses], units, T);
    const dir = tmp();
    const file = join(dir, 'a.xyz');
    writeExtxyz(file, s, { units, sortById: true });
    const [frame] = parseExtxyzFile(file);
    const r = frame.state;
    assert.is(frame.units, units.name);
    assert.ok(frame.masses && frame.velocities);
    assert.equal(frame.elements, elementsOfTypes(s.typeNames));
    assert.is(r.n, s.n);
    assert.equal(r.box, s.box);
    assert.equal(r.typeNames, s.typeNames);
    assert.equal(Array.from(r.mass), Array.from(s.mass));
    assert.is(r.step, s.step);
    assert.is(r.time, s.time);
    // Sorted by id on the way out: compare atom by atom through the ids.
    for (let k = 0; k < r.n; k++) {
      const i = s.id.indexOf(r.id[k]);
      assert.is(r.type[k], s.type[i]);
      for (let d = 0; d < 3; d++) {
        assert.is(r.x[3 * k + d], s.x[3 * i + d]);
        assert.ok(close(r.v[3 * k + d], s.v[3 * i + d], 1e-14), `v ${r.v[3 * k + d]} vs ${s.v[3 * i + d]}`);
      }
    }
    assert.ok(close(kineticEnergy(r, units), kineticEnergy(s, units), 1e-13));

    // Frames concatenated in one file (a trajectory) read back in order.
    const traj = join(dir, 'traj.xyz');
    const s2 = cloneState(s);
    s2.step += 10;
    writeFileSync(traj, formatExtxyz(s, { units }) + formatExtxyz(s2, { units, velocities: false }));
    const frames = parseExtxyzFile(traj);
    assert.equal(frames.map((f) => [f.state.step, f.velocities, f.line]), [[s.step, true, 1], [s.step + 10, false, s.n + 3]]);
  });
}

test('a species at mole fraction 0 keeps its type; the older vel column reads as velocities', () => {
  const s = sample(['A', 'B'], [1, 1], LJ_UNITS, 1);
  s.type.fill(0);
  const [frame] = readExtxyz(formatExtxyz(s, { units: LJ_UNITS }), 'one.xyz');
  assert.equal(frame.state.typeNames, ['A', 'B']);
  assert.is(frame.state.mass.length, 2);

  const old = '2\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3:id:I:1:lammps_type:I:1:vel:R:3 Time=0 Step=5 pbc="T T T" Origin="0 0 0"\n' +
    'A 0 0 0 1 1 0.5 0 0\nB 1 1 1 2 2 0 -0.25 0\n';
  const [f] = readExtxyz(old, 'old.xyz');
  assert.equal(f.state.typeNames, ['A', 'B']);
  assert.equal(Array.from(f.state.v), [0.5, 0, 0, 0, -0.25, 0]);
  assert.is(f.state.step, 5);
  assert.not.ok(f.masses);
});

const broken: [string, string, RegExp][] = [
  ['count', 'two\n', /^x\.xyz:1: expected the number of atoms/],
  ['short row', '1\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3\nH 0 0\n', /^x\.xyz:3: expected 4 columns/],
  ['number', '1\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3\nH 0 zero 0\n', /^x\.xyz:3: pos: expected a number, got "zero"/],
  ['no lattice', '1\nProperties=species:S:1:pos:R:3\nH 0 0 0\n', /^x\.xyz:2: expected Lattice=/],
  ['rotated lattice', '1\nLattice="3 1 0 0 3 0 0 0 3"\nH 0 0 0\n', /^x\.xyz:2: Lattice: expected a along x/],
  ['not periodic', '1\nLattice="3 0 0 0 3 0 0 0 3" pbc="T T F"\nH 0 0 0\n', /^x\.xyz:2: pbc="T T F"/],
  ['missing atoms', '3\nLattice="3 0 0 0 3 0 0 0 3"\nH 0 0 0\n', /^x\.xyz:4: the frame at line 1 has 1 atom lines, expected 3/],
  ['momenta without masses', '1\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3:momenta:R:3\nH 0 0 0 1 1 1\n', /^x\.xyz:2: Properties: momenta need a masses column/],
  ['two symbols, one type', '2\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3:lammps_type:I:1\nH 0 0 0 1\nHe 1 1 1 1\n', /^x\.xyz:4: type 1 is 'H' on earlier lines but 'He' here/],
];
for (const [what, text, pattern] of broken) {
  test(`extxyz reader error: ${what}`, () => {
    try {
      readExtxyz(text, 'x.xyz');
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, InputError);
      assert.match((e as Error).message, pattern);
      assert.not.match((e as Error).message, /\n/);
    }
  });
}

test('fuzz: mangled extxyz raises nothing but a one-line InputError', () => {
  const s = sample(['A', 'B'], [1, 1], LJ_UNITS, 1);
  const base = formatExtxyz(s, { units: LJ_UNITS }).split('\n').slice(0, 6).join('\n').replace(/^864/, '4') + '\n';
  readExtxyz(base, 'fuzz.xyz');
  const chars = fc.constantFrom(' ', '\n', '"', '=', ':', '1', '0', '-', 'e', 'x', 'T', 'F', 'R', 'I', 'S', '9999999', 'H');
  fc.assert(
    fc.property(fc.nat(base.length), fc.nat(base.length), fc.array(chars, { maxLength: 8 }), (a, b, ins) => {
      const [i, j] = a < b ? [a, b] : [b, a];
      try {
        readExtxyz(base.slice(0, i) + ins.join('') + base.slice(j), 'fuzz.xyz');
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        if (e.message.includes('\n')) throw new Error(`multi-line message: ${e.message}`);
      }
    }),
    { numRuns: 1000, seed: 21 },
  );
});

// ---------------------------------------------------------------------------------------------
// The real ASE reads what betascape writes.

/** What ASE makes of each file: symbols, positions, cell, pbc, velocities, masses, arrays, info. */
const ASE_SCRIPT = `
import json, sys
import ase.io
out = []
for path in sys.argv[1:]:
    a = ase.io.read(path, format='extxyz')
    out.append({
        'symbols': a.get_chemical_symbols(),
        'positions': a.get_positions().tolist(),
        'cell': a.get_cell().tolist(),
        'pbc': [bool(p) for p in a.get_pbc()],
        'masses': a.get_masses().tolist(),
        'velocities': a.get_velocities().tolist(),
        'kinetic_energy': float(a.get_kinetic_energy()),
        'lammps_type': a.arrays['lammps_type'].tolist(),
        'id': a.arrays['id'].tolist(),
        'units': str(a.info.get('units')),
    })
print(json.dumps(out))
`;

if (requireAse('ASE reads betascape extxyz (LJ and metal units, md final.xyz)')) {
  test('ASE reads the symbols, positions, cell, pbc, masses and velocities betascape wrote', () => {
    const dir = tmp();
    const lj = sample(['A', 'B'], [1, 1], LJ_UNITS, 1.0);
    const metal = sample(['Cu', 'Zr'], [63.546, 91.224], METAL_UNITS, 1500);
    const files = [join(dir, 'lj.xyz'), join(dir, 'cuzr.xyz')];
    writeExtxyz(files[0], lj, { units: LJ_UNITS });
    writeExtxyz(files[1], metal, { units: METAL_UNITS });
    const got = JSON.parse(runPython(ASE_SCRIPT, files));
    for (const [k, [s, units, symbols]] of ([[lj, LJ_UNITS, ['H', 'He']], [metal, METAL_UNITS, ['Cu', 'Zr']]] as const).entries()) {
      const a = got[k];
      const b = s.box;
      assert.is(a.units, units.name);
      assert.equal(a.cell, [[b.lx, 0, 0], [b.xy, b.ly, 0], [b.xz, b.yz, b.lz]]);
      assert.equal(a.pbc, [true, true, true]);
      // ASE's velocity unit is Å / (Å sqrt(amu/eV)): sqrt(mvv2e) per Å/ps; the reduced units themselves in lj.
      const scale = Math.sqrt(units.mvv2e);
      for (let i = 0; i < s.n; i++) {
        assert.is(a.symbols[i], symbols[s.type[i]]);
        assert.is(a.lammps_type[i], s.type[i] + 1);
        assert.is(a.id[i], s.id[i]);
        assert.is(a.masses[i], s.mass[s.type[i]]);
        for (let d = 0; d < 3; d++) {
          assert.is(a.positions[i][d], s.x[3 * i + d]);
          assert.ok(close(a.velocities[i][d], s.v[3 * i + d] * scale, 1e-14), `atom ${i}: ASE v ${a.velocities[i][d]}, expected ${s.v[3 * i + d] * scale}`);
        }
      }
      // Kinetic energy in eV (metal) or epsilon (lj) equal to betascape's.
      assert.ok(close(a.kinetic_energy, kineticEnergy(s, units), 1e-12), `KE ${a.kinetic_energy} vs ${kineticEnergy(s, units)}`);
    }
  });

  test('md final.xyz with a model file that names elements reads in ASE as those elements', () => {
    const out = tmp();
    const model = fileURLToPath(new URL('../configs/models/ka-mixture.yaml', import.meta.url));
    const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'md', '--data', dataPath, '--model', model, '--ensemble', 'nvt', '--T', '1.0', '--steps', '20', '--out', out, '--quiet'], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const [a] = JSON.parse(runPython(ASE_SCRIPT, [join(out, 'final.xyz')]));
    const [frame] = parseExtxyzFile(join(out, 'final.xyz'));
    assert.equal(frame.elements, ['Ni', 'P']);
    assert.equal(a.symbols, a.lammps_type.map((t: number) => ['Ni', 'P'][t - 1]));
    assert.ok(close(a.kinetic_energy, kineticEnergy(frame.state, LJ_UNITS), 1e-12));
    // and betascape reads it back as a starting configuration
    const again = spawnSync(process.execPath, [bin, 'md', '--data', join(out, 'final.xyz'), '--model', model, '--ensemble', 'nve', '--steps', '0', '--out', join(out, 'again'), '--quiet'], { encoding: 'utf8' });
    assert.is(again.status, 0, again.stderr);
  });
}

test.run();
