import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseModel, resolveModel } from '../sim/io/model-file.js';
import { InputError } from '../sim/errors.js';
import { kobAndersen } from '../sim/potentials/lj.js';

const kaFile = fileURLToPath(new URL('../configs/models/ka-mixture.yaml', import.meta.url));
const kaText = readFileSync(kaFile, 'utf8');

test('the shipped KA model file equals the ka preset', () => {
  const m = resolveModel(kaFile);
  const ka = kobAndersen();
  assert.equal(m.species.map(({ name, mass }) => ({ name, mass })), ka.species);
  // The file names KA's origin, Ni80P20, for extended XYZ output; the preset uses Z = type.
  assert.equal(m.species.map((s) => s.element), ['Ni', 'P']);
  assert.equal(ka.species.map((s) => s.element), [undefined, undefined]);
  assert.equal(m.composition, ka.composition);
  assert.is(m.density, ka.density);
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 2; j++) {
      assert.is(m.pairs[i][j].epsilon, ka.pairs[i][j].epsilon);
      assert.ok(Math.abs(m.pairs[i][j].cutoff - ka.pairs[i][j].cutoff) < 1e-12);
    }
});

test('a three-species mixture with absolute cut-offs and a missing composition entry', () => {
  const m = parseModel(
    `name: ternary
species: [{name: A, mass: 1}, {name: B, mass: 2}, {name: C, mass: 3}]
pairs:
  A-A: {epsilon: 1, sigma: 1, cutoff: 2.5}
  B-A: {epsilon: 1.2, sigma: 1.1, cutoff: 2.7}
  A-C: {epsilon: 0.8, sigma: 0.9, cutoff: 2.2}
  B-B: {epsilon: 1, sigma: 1.2, cutoff: 3}
  B-C: {epsilon: 1, sigma: 1, cutoff: 2.5}
  C-C: {epsilon: 0.5, sigma: 0.8, cutoff: 2}
composition: {A: 0.5, B: 0.5}
density: 1.0
`,
    'ternary.yaml',
  );
  assert.is(m.pairs[0][1].cutoff, 2.7);
  assert.is(m.pairs[1][0], m.pairs[0][1]);
  assert.equal(m.composition, [0.5, 0.5, 0]);
  assert.is(m.shift, true);
});

const broken: [string, string, RegExp][] = [
  ['unknown key', kaText.replace('shift: true', 'shfit: true'), /ka\.yaml: \(top level\): Unrecognized key.*shfit/],
  ['missing pair', kaText.replace(/ {2}B-B:.*\n/, ''), /pairs: missing pair B-B/],
  ['unknown species', kaText.replace('A-B:', 'A-X:'), /pairs\.A-X: unknown species 'X'/],
  ['negative sigma', kaText.replace('sigma: 0.8', 'sigma: -0.8'), /pairs\.A-B\.sigma: .*>0/],
  ['both cut-offs', kaText.replace('cutoff_sigma: 2.5 }\n  A-B', 'cutoff_sigma: 2.5, cutoff: 2 }\n  A-B'), /pairs\.A-A: give exactly one of cutoff or cutoff_sigma/],
  ['YAML syntax', kaText.replace('density: 1.2', 'density: [1.2'), /ka\.yaml:\d+: /],
  ['mass type', kaText.replace('mass: 1.0, element: Ni }', 'mass: heavy, element: Ni }'), /species\[0\]\.mass: /],
  ['not an element', kaText.replace('element: Ni', 'element: A'), /species\[0\]\.element: an element symbol/],
  ['element on one species only', kaText.replace(', element: P', ''), /species\[1\]\.element: give an element for every species or for none/],
  ['element twice', kaText.replace('element: P', 'element: Ni'), /species\[1\]\.element: 'Ni' is already the element of another species/],
];
for (const [what, text, pattern] of broken) {
  test(`model file error: ${what}`, () => {
    try {
      parseModel(text, 'ka.yaml');
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, InputError);
      assert.match((e as Error).message, pattern);
      assert.not.match((e as Error).message, /\n/);
    }
  });
}

test.run();
