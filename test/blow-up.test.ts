/**
 * Runs that blow up stop with one line instead of writing NaN: MD (an atom flying across the box,
 * non-finite numbers), minimizations (a non-finite energy), and checkpoints (a bad newest one gives
 * way to the previous one).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { createForceField } from '../sim/forces.js';
import { runMD } from '../sim/md.js';
import { nve } from '../sim/integrate/thermostat.js';
import { LJ_UNITS } from '../sim/units.js';
import { BlowUpError } from '../sim/errors.js';
import { minimize } from '../landscape/minimize/index.js';
import { CHECKPOINT_FILE, PREVIOUS_CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from '../sim/io/checkpoint.js';
import { loadKa864 } from './helpers/reference.js';
import { writeLammpsData } from '../sim/io/lammps-data.js';

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'betascape-blowup-'));
const kaField = () => createForceField(new LennardJones(kobAndersen()), 0.3);

/** KA864 with atom 2 put 0.01 σ from atom 1: the pair force flings them apart. */
function overlapping() {
  const s = loadKa864();
  for (let d = 0; d < 3; d++) s.x[3 + d] = s.x[d] + (d === 0 ? 0.01 : 0);
  return s;
}

test('MD with two atoms 0.01 σ apart stops with a BlowUpError naming the step, before any NaN row', () => {
  const rows: number[] = [];
  let error: unknown;
  try {
    runMD(overlapping(), kaField(), { steps: 200, dt: 0.005, units: LJ_UNITS, thermostat: nve(), thermoEvery: 1, onThermo: (r) => rows.push(r.pe) });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof BlowUpError, String(error));
  assert.match((error as Error).message, /^MD blew up at step \d+: .*; the time step \(dt 0.005\) is too large, or atoms overlap$/);
  assert.ok(rows.length > 0 && rows.every(Number.isFinite), 'every thermo row written is finite');
});

test('md from a file with overlapping atoms: one line, exit 2, no NaN in thermo.csv; too large a time step is refused before it runs', () => {
  const data = join(dir, 'overlap.data');
  writeLammpsData(data, overlapping(), { title: 'two atoms 0.01 sigma apart' });
  const out = join(dir, 'md');
  const r = spawnSync(process.execPath, [bin, 'md', '--data', data, '--model', 'ka', '--ensemble', 'nve', '--steps', '200', '--thermo-every', '1', '--out', out, '--quiet'], { encoding: 'utf8' });
  assert.is(r.status, 2, r.stderr);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /MD blew up at step \d+/);
  assert.not.match(readFileSync(join(out, 'thermo.csv'), 'utf8'), /NaN|Infinity/);
  const big = spawnSync(process.execPath, [bin, 'md', '--model', 'ka', '--n', '500', '--T', '1', '--dt', '0.03', '--steps', '2000', '--out', join(dir, 'md-dt'), '--quiet'], { encoding: 'utf8' });
  assert.is(big.status, 2, big.stderr);
  assert.match(big.stderr, /^betascape: error: --dt: 0\.03 tau is at or above 0\.02 tau, where velocity Verlet diverges/);
});

test('a minimization whose energy becomes non-finite stops with a BlowUpError', () => {
  const s = loadKa864();
  s.x.set(s.x.subarray(0, 3), 3); // atom 2 on top of atom 1: r = 0
  assert.throws(() => minimize(s, kaField(), { method: 'fire', ftol: 1e-8, units: LJ_UNITS }), (e: unknown) => e instanceof BlowUpError && /energy is no longer finite/.test((e as Error).message));
});

test('a checkpoint refused (another run\'s, or non-finite) gives way to the previous one', () => {
  const ck = join(dir, 'ck');
  mkdirSync(ck);
  writeCheckpoint(ck, { run: 'mine', k: 1 });
  writeCheckpoint(ck, { run: 'other', k: 2 });
  const warnings: string[] = [];
  const refuse = (p: unknown) => ((p as { run: string }).run === 'mine' ? undefined : 'it belongs to a different config');
  assert.equal(readCheckpoint(ck, (m) => warnings.push(m), refuse)!.payload, { run: 'mine', k: 1 });
  assert.match(warnings[0], new RegExp(`${CHECKPOINT_FILE}: it belongs to a different config; trying the previous checkpoint`));
  writeFileSync(join(ck, PREVIOUS_CHECKPOINT_FILE), 'garbage');
  assert.is(readCheckpoint(ck, () => {}, refuse), null);
});

test.run();
