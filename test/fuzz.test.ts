/**
 * Fuzzing the inputs not fuzzed next to their own tests (data files, dumps, extended XYZ and DMA
 * exports are, in io, extxyz and measured.test.ts): EAM tables and YAML configs, corrupted at random
 * with fixed seeds, either load or end in an InputError (the CLI's one-line error), never anything
 * else.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../sim/errors.js';
import { parseEamFile } from '../sim/io/eam-file.js';
import { eamTables } from '../sim/potentials/eam-tables.js';
import { loadSweepConfig } from '../sim/protocols/sweep.js';
import { mutate, mutations, mutationsWith } from './helpers/mutate.js';

const dir = mkdtempSync(join(tmpdir(), 'betascape-fuzz-'));

/** Runs `load`; true when it loads or throws an InputError of one line. */
function loadsOrInputError(load: () => unknown): boolean {
  try {
    load();
    return true;
  } catch (e) {
    if (e instanceof InputError && !e.message.trim().includes('\n')) return true;
    if (e instanceof InputError && e.name === 'ConfigError') return true; // one line per problem
    throw e;
  }
}

/** A two-element eam/alloy file on 6-point grids (the smallest the splines take is 5). */
const SETFL = [
  'comment 1', 'comment 2', 'comment 3',
  '2 Cu Zr',
  '6 0.1 6 0.8 4.0',
  '29 63.546 3.61 fcc', '0 -1 -1.4 -1.7 -1.9 -2.0', '0.5 0.4 0.3 0.2 0.1 0',
  '40 91.224 3.23 hcp', '0 -1.5 -2.1 -2.5 -2.7 -2.8', '0.6 0.5 0.4 0.2 0.1 0',
  '9 3 1 0.2 0 0', '8 2.5 0.8 0.1 0 0', '10 3.5 1.2 0.3 0 0',
].join('\n') + '\n';

test('fuzz: mutated EAM tables load or throw InputError', () => {
  const file = parseEamFile(SETFL, 'f.eam.alloy', 'eam/alloy');
  assert.equal(file.elements, ['Cu', 'Zr']);
  fc.assert(fc.property(mutations, (muts) => loadsOrInputError(() => {
    const f = parseEamFile(mutate(SETFL, muts), 'f.eam.alloy', 'eam/alloy');
    return eamTables(f, f.elements.map((_, k) => k));
  })), { numRuns: 4000, seed: 41 });
});

const CONFIG = `name: fuzz
model: ka
n: 256
melt: { T: 2.0, duration: 1 }
quench: { T_start: 1.0, T_end: 0.1, rates: [0.1, 0.01] }
anneal: [{ T: 0.3, duration: 0 }, { T: 0.3, duration: 10 }]
seeds: 2
sampling: { thermo_every: 10 }
`;

test('fuzz: mutated YAML sweep configs load or throw InputError', () => {
  let k = 0;
  const load = (text: string) => {
    const f = join(dir, `c${k++ % 8}.yaml`);
    writeFileSync(f, text);
    return loadSweepConfig(f);
  };
  assert.is(load(CONFIG).members.length, 8);
  const yamlTokens = [':', ' ', '\n', '-', '[', ']', '{', '}', ',', '&a', '*a', '!x', '"', "'", '1e400', '-1', 'NaN', '~', 'null', 'seeds: 1e9'];
  fc.assert(fc.property(mutationsWith(yamlTokens), (muts) => loadsOrInputError(() => load(mutate(CONFIG, muts)))), { numRuns: 1500, seed: 42 });
});

test.run();
