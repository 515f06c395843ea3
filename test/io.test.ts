import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfiguration } from '../sim/io/configuration.js';
import { kobAndersen } from '../sim/potentials/lj-model.js';
import { mutate, mutations } from './helpers/mutate.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cloneState, type State } from '../sim/state.js';
import { InputError } from '../sim/errors.js';
import { formatLammpsData, readLammpsData } from '../sim/io/lammps-data.js';
import { formatDumpFrame, formatDumpFrames, frameToState, readLammpsDump } from '../sim/io/lammps-dump.js';

const refDir = new URL('./reference/', import.meta.url);
const dataPath = fileURLToPath(new URL('ka864.data', refDir));
const dumpPath = fileURLToPath(new URL('ka864.forces.dump', refDir));
const dataText = readFileSync(dataPath, 'utf8');
const dumpText = readFileSync(dumpPath, 'utf8');
const L = 8.96280949311433;

/** Index of the atom with the given id. */
const indexOf = (s: State, id: number) => s.id.indexOf(id);

function assertStatesEqual(a: State, b: State): void {
  assert.is(b.n, a.n);
  assert.equal(b.box, a.box);
  assert.equal(Array.from(b.id), Array.from(a.id));
  assert.equal(Array.from(b.type), Array.from(a.type));
  assert.equal(Array.from(b.x), Array.from(a.x));
  assert.equal(Array.from(b.v), Array.from(a.v));
  assert.equal(Array.from(b.image), Array.from(a.image));
  assert.equal(Array.from(b.mass), Array.from(a.mass));
  assert.equal(b.typeNames, a.typeNames);
}

// ---------------------------------------------------------------------------------------------
// LAMMPS data files

test('reads ka864.data', () => {
  const s = readLammpsData(dataText, dataPath);
  assert.is(s.n, 864);
  assert.is(s.mass.length, 2);
  assert.equal(Array.from(s.mass), [1, 1]);
  assert.equal(s.box, { xlo: 0, ylo: 0, zlo: 0, lx: L, ly: L, lz: L, xy: 0, xz: 0, yz: 0 });
  assert.is(s.step, 4000);
  // File order is kept: the Atoms section starts 728, 7, 145, 2.
  assert.equal(Array.from(s.id.slice(0, 4)), [728, 7, 145, 2]);
  assert.equal(Array.from(s.x.slice(0, 3)), [0.7151768969327388, 0.5278407536128019, 0.27964923292153593]);
  assert.equal(Array.from(s.image.slice(0, 3)), [0, 0, 1]);
  const i148 = indexOf(s, 148);
  assert.is(s.type[i148], 0);
  assert.equal(Array.from(s.image.slice(3 * i148, 3 * i148 + 3)), [-1, 0, 0]);
  assert.is(s.type[indexOf(s, 2)], 1); // type 2 in the file → 1
  assert.equal(Array.from(s.image.slice(3 * indexOf(s, 135), 3 * indexOf(s, 135) + 3)), [0, 1, 0]);
  assert.ok(s.v.every((v) => v === 0));
  assert.equal(new Set(s.id).size, 864);
});

test('data file round trip is exact', () => {
  const s = readLammpsData(dataText, dataPath, { typeNames: ['A', 'B'] });
  // Awkward values: velocities with full mantissas, a negative zero, large/small exponents.
  for (let k = 0; k < s.v.length; k++) s.v[k] = Math.sin(k + 0.5) * 1e-3 * (1 + k / 7);
  s.v[5] = -0;
  s.x[0] = 1e-300;
  s.v[6] = 1.5e21;
  const text = formatLammpsData(s, { title: 'round trip\nwith a newline' });
  const back = readLammpsData(text, 'rt.data');
  assertStatesEqual(s, back); // species names come back from the Masses comments
  assert.ok(Object.is(back.v[5], -0));
  assert.is(formatLammpsData(back, { title: 'round trip\nwith a newline' }), text);
  assert.ok(text.includes('\nAtoms # atomic\n'));

  // Without velocities, and a triclinic box (stored, not rejected).
  const t = cloneState(s);
  t.box = { ...t.box, xy: 0.5, xz: -0.25, yz: 0.125 };
  const back2 = readLammpsData(formatLammpsData(t, { velocities: false }), 'rt2.data');
  assert.equal(back2.box, t.box);
  assert.ok(back2.v.every((v) => v === 0));
});

// A small data file with known line numbers for the malformed-input tests.
const tiny = [
  'tiny test file', //                 1
  '', //                               2
  '3 atoms', //                        3
  '2 atom types', //                   4
  '', //                               5
  '0 10 xlo xhi', //                   6
  '0 10 ylo yhi', //                   7
  '0 10 zlo zhi', //                   8
  '', //                               9
  'Masses', //                         10
  '', //                               11
  '1 1.0', //                          12
  '2 2.0  # heavier', //               13
  '', //                               14
  'Atoms # atomic', //                 15
  '', //                               16
  '3 1 1.0 2.0 3.0 0 0 0', //          17
  '1 2 4.0 5.0 6.0 1 -1 0  # comment', // 18
  '2 1 7.0 8.0 9.0', //                19
  '', //                               20
  'Velocities', //                     21
  '', //                               22
  '1 0.1 0.2 0.3', //                  23
  '2 0 0 0', //                        24
  '3 0 0 0', //                        25
];
const tinyText = tiny.join('\n') + '\n';
const withLine = (no: number, text: string) => tiny.map((s, k) => (k === no - 1 ? text : s)).join('\n') + '\n';

test('reads a small data file with comments and mixed image columns', () => {
  const s = readLammpsData(tinyText, 'tiny.data');
  assert.equal(Array.from(s.id), [3, 1, 2]);
  assert.equal(Array.from(s.type), [0, 1, 0]);
  assert.equal(Array.from(s.image), [0, 0, 0, 1, -1, 0, 0, 0, 0]);
  assert.equal(Array.from(s.mass), [1, 2]);
  assert.equal(Array.from(s.v.slice(3, 6)), [0.1, 0.2, 0.3]); // velocity of id 1 → index 1
  assert.equal(s.typeNames, ['1', '2']); // "# heavier" on one line only: not used as names
});

const badData: [string, string, number, RegExp][] = [
  ['too few columns', withLine(17, '3 1 1.0 2.0'), 17, /5 or 8 columns/],
  ['non-numeric coordinate', withLine(18, '1 2 4.0 abc 6.0'), 18, /number.*abc/],
  ['type out of range', withLine(19, '2 3 7 8 9'), 19, /type from 1 to 2/],
  ['duplicate id', withLine(19, '3 1 7 8 9'), 19, /duplicate atom id 3.*line 17/],
  ['fewer atoms than declared', withLine(3, '4 atoms'), 20, /4 lines in the Atoms section, found only 3/],
  ['more atoms than declared', withLine(3, '2 atoms'), 19, /more than the 2 lines/],
  ['nonzero bonds', withLine(5, '2 bonds'), 5, /0 bonds/],
  ['unknown velocity id', withLine(23, '9 0.1 0.2 0.3'), 23, /atom id 9/],
  ['other atom style', withLine(15, 'Atoms # full'), 15, /atom style 'full'/],
  ['unsupported section', withLine(15, 'Bonds'), 15, /not supported/],
  ['inverted bounds', withLine(6, '10 0 xlo xhi'), 6, /xhi > xlo/],
  ['negative mass', withLine(12, '1 -1'), 12, /positive mass/],
  ['fractional count', withLine(3, '3.5 atoms'), 3, /integer count/],
  ['unknown header keyword', withLine(6, '0 10 xlo'), 6, /unknown header keyword 'xlo'/],
  ['hex number', withLine(17, '3 1 0x10 2.0 3.0'), 17, /number.*0x10/],
  ['missing masses', tiny.map((s, k) => (k >= 9 && k <= 12 ? '' : s)).join('\n'), 25, /Masses.*missing/],
  ['truncated file', tiny.slice(0, 24).join('\n'), 24, /end of file.*Velocities section has 2 of 3/],
  ['missing box', withLine(8, ''), 10, /zlo zhi/],
];

for (const [name, text, line, re] of badData) {
  test(`malformed data file: ${name}`, () => {
    try {
      readLammpsData(text, 'tiny.data');
    } catch (e) {
      assert.instance(e, InputError);
      const msg = (e as Error).message;
      assert.match(msg, new RegExp(`^tiny\\.data:${line}: `));
      assert.match(msg, re);
      assert.not.match(msg, /\n/);
      return;
    }
    assert.unreachable('should have thrown');
  });
}

// ---------------------------------------------------------------------------------------------
// Dumps

test('reads ka864.forces.dump', () => {
  const frames = readLammpsDump(dumpText, dumpPath);
  assert.is(frames.length, 1);
  const [fr] = frames;
  assert.is(fr.timestep, 4000);
  assert.is(fr.natoms, 864);
  assert.is(fr.boundary, 'pp pp pp');
  assert.equal(fr.columns, ['id', 'type', 'x', 'y', 'z', 'fx', 'fy', 'fz', 'c_peatom']);
  assert.ok(Math.abs(fr.box.lx - L) < 1e-14);
  const a = Array.from(fr.data[0]).indexOf(728);
  const row = fr.data.map((col) => col[a]);
  assert.equal(row, [728, 1, 0.71517689693274, 0.5278407536128, 0.27964923292154, -20.369855706068, 14.453805862372, 17.35150182402, -6.6835739427696]);

  // As a State, its positions agree with the data file's (to the dump's 14 digits).
  const s = frameToState(fr, dumpPath, [1, 1], ['A', 'B']);
  const d = readLammpsData(dataText, dataPath);
  assert.is(s.step, 4000);
  for (let i = 0; i < s.n; i++) {
    const j = indexOf(d, s.id[i]);
    assert.is(s.type[i], d.type[j]);
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(s.x[3 * i + k] - d.x[3 * j + k]) < 1e-11);
  }
  assert.is(s.f[3 * indexOf(s, 728)], -20.369855706068);
});

test('dump round trip with several frames', () => {
  const s = readLammpsData(dataText, dataPath, { typeNames: ['A', 'B'] });
  for (let k = 0; k < s.f.length; k++) s.f[k] = Math.cos(k) * 17.3;
  for (let k = 0; k < s.v.length; k++) s.v[k] = Math.sin(k) / 3;
  const pe = Float64Array.from({ length: s.n }, (_, i) => -5 - i / 1000);
  const cols = ['id', 'type', 'x', 'y', 'z', 'ix', 'iy', 'iz', 'vx', 'vy', 'vz', 'fx', 'fy', 'fz', 'c_peatom'];

  const frames = [0, 1, 2].map((k) => {
    const t = cloneState(s);
    t.step = 4000 + 100 * k;
    t.time = 0.005 * t.step;
    for (let j = 0; j < t.x.length; j++) t.x[j] = (t.x[j] + 0.01 * k) % L;
    return t;
  });
  const text = frames.map((t, k) => formatDumpFrame(t, cols, { c_peatom: pe }, { time: k === 1 })).join('');
  const back = readLammpsDump(text, 'rt.dump');
  assert.is(back.length, 3);
  assert.is(back[1].time, 0.005 * 4100);
  assert.is(back[0].time, undefined);
  assert.is(formatDumpFrames(back), text);
  back.forEach((fr, k) => {
    assert.is(fr.timestep, 4000 + 100 * k);
    const r = frameToState(fr, 'rt.dump', s.mass, s.typeNames);
    const t = frames[k];
    assert.equal(Array.from(fr.data[0]), Array.from({ length: s.n }, (_, i) => i + 1)); // sorted by id
    for (let i = 0; i < r.n; i++) {
      const j = indexOf(t, r.id[i]);
      assert.is(r.type[i], t.type[j]);
      for (let c = 0; c < 3; c++) {
        assert.is(r.x[3 * i + c], t.x[3 * j + c]);
        assert.is(r.v[3 * i + c], t.v[3 * j + c]);
        assert.is(r.f[3 * i + c], t.f[3 * j + c]);
        assert.is(r.image[3 * i + c], t.image[3 * j + c]);
      }
      assert.is(fr.data[14][i], pe[j]);
    }
  });
});

test('dump unwrapped, scaled and triclinic frames', () => {
  const s = readLammpsData(dataText, dataPath);
  for (const box of [s.box, { ...s.box, xy: 0.7, xz: -0.3, yz: 0.2 }]) {
    const t = cloneState(s);
    t.box = box;
    for (const cols of [['id', 'type', 'xu', 'yu', 'zu'], ['id', 'type', 'xs', 'ys', 'zs', 'ix', 'iy', 'iz'], ['id', 'type', 'xsu', 'ysu', 'zsu']]) {
      const [fr] = readLammpsDump(formatDumpFrame(t, cols, {}, { sortById: false }), 'u.dump');
      for (const key of ['lx', 'ly', 'lz', 'xy', 'xz', 'yz', 'xlo'] as const) assert.ok(Math.abs(fr.box[key] - box[key]) < 1e-14);
      const r = frameToState(fr, 'u.dump', t.mass);
      assert.equal(Array.from(r.image), Array.from(t.image), cols.join(' '));
      for (let k = 0; k < r.x.length; k++) assert.ok(Math.abs(r.x[k] - t.x[k]) < 1e-12);
    }
  }
  const tri = cloneState(s);
  tri.box = { ...s.box, xy: 0.7, xz: -0.3, yz: 0.2 };
  const head = formatDumpFrame(tri, ['id', 'type', 'x', 'y', 'z']).split('\n');
  assert.is(head[4], 'ITEM: BOX BOUNDS xy xz yz pp pp pp');
  assert.is(head[5], `-0.3 ${L + 0.7} 0.7`);
});

const tinyDump = [
  'ITEM: TIMESTEP', //             1
  '5', //                          2
  'ITEM: NUMBER OF ATOMS', //      3
  '2', //                          4
  'ITEM: BOX BOUNDS pp pp pp', //  5
  '0 10', //                       6
  '0 10', //                       7
  '0 10', //                       8
  'ITEM: ATOMS id type x y z', //  9
  '1 1 1 2 3', //                  10
  '2 2 4 5 6', //                  11
];
const dumpWithLine = (no: number, text: string) => tinyDump.map((s, k) => (k === no - 1 ? text : s)).join('\n') + '\n';

const badDumps: [string, string, number, RegExp][] = [
  ['non-numeric timestep', dumpWithLine(2, 'abc'), 2, /integer timestep/],
  ['short atom line', dumpWithLine(11, '2 2 4 5'), 11, /expected 5 values/],
  ['short bounds line', dumpWithLine(7, '0'), 7, /ylo yhi/],
  ['bad boundary', dumpWithLine(5, 'ITEM: BOX BOUNDS pp pp'), 5, /BOX BOUNDS/],
  ['items out of order', dumpWithLine(3, 'ITEM: ATOMS id'), 3, /NUMBER OF ATOMS/],
  ['truncated', tinyDump.slice(0, 10).join('\n'), 10, /end of file/],
  ['garbage value', dumpWithLine(10, '1 1 1 2 z'), 10, /column 'z'/],
];
for (const [name, text, line, re] of badDumps) {
  test(`malformed dump: ${name}`, () => {
    assert.throws(() => readLammpsDump(text, 'tiny.dump'), (e: Error) =>
      e instanceof InputError && new RegExp(`^tiny\\.dump:${line}: `).test(e.message) && re.test(e.message));
  });
}

test('frameToState reports the offending dump line', () => {
  const [fr] = readLammpsDump(dumpWithLine(11, '2 3 4 5 6'), 'tiny.dump');
  assert.throws(() => frameToState(fr, 'tiny.dump', [1, 1]), (e: Error) => e instanceof InputError && /^tiny\.dump:11: .*type/.test(e.message));
  const noZ = tinyDump.slice(0, 8).concat(['ITEM: ATOMS id type x y', '1 1 1 2', '2 2 4 5']).join('\n');
  const [fr2] = readLammpsDump(noZ, 'tiny.dump');
  assert.throws(() => frameToState(fr2, 'tiny.dump', [1, 1]), (e: Error) => e instanceof InputError && /x y z/.test(e.message));
});

// extxyz: test/extxyz.test.ts

// ---------------------------------------------------------------------------------------------
// Fuzzing: corrupted files either parse or throw a one-line InputError "FILE:LINE: ...".

function parsesOrInputError(parse: () => unknown, file: string): boolean {
  try {
    parse();
    return true;
  } catch (e) {
    return e instanceof InputError && new RegExp(`^${file.replace('.', '\\.')}:\\d+: [^\\n]+$`).test(e.message);
  }
}

test('fuzz: mutated data files parse or throw InputError', () => {
  fc.assert(fc.property(mutations, (muts) =>
    parsesOrInputError(() => readLammpsData(mutate(tinyText, muts), 'f.data'), 'f.data')), { numRuns: 1500, seed: 31 });
});

test('fuzz: mutated dumps parse (and convert) or throw InputError', () => {
  const twoFrames = tinyDump.join('\n') + '\n' + tinyDump.join('\n').replace('ATOMS id type x y z', 'ATOMS id type xu yu zu ix iy iz').replace(/(\d) (\d) (\d)$/gm, '$1 $2 $3 0 0 0') + '\n';
  assert.is(readLammpsDump(twoFrames, 'f.dump').length, 2);
  fc.assert(fc.property(mutations, (muts) =>
    parsesOrInputError(() => readLammpsDump(mutate(twoFrames, muts), 'f.dump').map((fr) => frameToState(fr, 'f.dump', [1, 1])), 'f.dump')), { numRuns: 1500, seed: 32 });
});

test('a configuration to compute with has atoms, coordinates near its box and a box twice the cut-off + skin wide, or the error names the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-conf-'));
  const ka = { name: 'ka', species: kobAndersen().species, cutoff: 2.5, skin: 0.3 };
  const small = join(dir, 'small.data');
  writeFileSync(small, withLine(6, '0 5 xlo xhi'));
  assert.throws(() => readConfiguration(small, ka), (e: Error) => e instanceof InputError && /^.*small\.data: box width 5 along x is shorter than twice the cut-off \+ skin \(5\.6\); use a larger system$/.test(e.message));
  const far = join(dir, 'far.data');
  writeFileSync(far, withLine(17, '3 1 1e308 2.0 3.0 0 0 0'));
  assert.throws(() => readConfiguration(far, ka), (e: Error) => e instanceof InputError && /far\.data: atom id 3 has x = 1e\+308, more than 1000000 box lengths from the box/.test(e.message));
  const empty = join(dir, 'empty.data');
  writeFileSync(empty, 'empty\n\n0 atoms\n2 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n1 1\n2 1\n');
  assert.throws(() => readConfiguration(empty, ka), (e: Error) => e instanceof InputError && /empty\.data: has no atoms/.test(e.message));
});

test.run();
