/**
 * Checkpoints: the file format (atomic write, checksum, previous checkpoint kept and used when
 * the newest is corrupt or truncated), the state codec, and the property everything rests on: a
 * protocol continued from a checkpoint is bit for bit the uninterrupted one, and taking
 * checkpoints does not disturb a run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHECKPOINT_FILE, PREVIOUS_CHECKPOINT_FILE, loadState, readCheckpoint, restoreForceOutput, restoreNeighborList, saveForceOutput,
  saveNeighborList, saveState, writeCheckpoint, type SavedForceOutput, type SavedNeighborList, type SavedState,
} from '../sim/io/checkpoint.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { createForceField } from '../sim/forces.js';
import { buildSample } from '../sim/init.js';
import { createRng } from '../sim/random.js';
import { initVelocities } from '../sim/velocities.js';
import { LJ_UNITS } from '../sim/units.js';
import { noseHoover } from '../sim/integrate/nose-hoover.js';
import { langevin } from '../sim/integrate/langevin.js';
import { noseHooverNpt } from '../sim/integrate/nose-hoover-npt.js';
import type { Thermostat } from '../sim/integrate/thermostat.js';
import type { State } from '../sim/state.js';
import type { ThermoRow } from '../sim/md.js';
import { quenchStages } from '../sim/protocols/stages.js';
import { runStages, type ProtocolPosition } from '../sim/protocols/run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'betascape-ckpt-'));
const units = LJ_UNITS;

test('checkpoint files: newest wins, previous kept, corrupt or truncated ones fall back with a warning', () => {
  const dir = tmp();
  assert.is(readCheckpoint(dir), null);
  writeCheckpoint(dir, { k: 1 });
  writeCheckpoint(dir, { k: 2 });
  assert.ok(existsSync(join(dir, PREVIOUS_CHECKPOINT_FILE)));
  assert.not.ok(existsSync(join(dir, `${CHECKPOINT_FILE}.tmp`)));
  assert.equal(readCheckpoint(dir)!.payload, { k: 2 });

  // One flipped byte in the body: the checksum catches it, the previous checkpoint is used.
  const file = join(dir, CHECKPOINT_FILE);
  const good = readFileSync(file);
  const bad = Buffer.from(good);
  bad[bad.length - 3] ^= 1;
  writeFileSync(file, bad);
  const warnings: string[] = [];
  const r = readCheckpoint(dir, (m) => warnings.push(m))!;
  assert.equal(r.payload, { k: 1 });
  assert.is(r.file, join(dir, PREVIOUS_CHECKPOINT_FILE));
  assert.is(warnings.length, 1);
  assert.match(warnings[0], /checksum mismatch.*trying the previous checkpoint/);

  // Truncated (a crash mid-write without the atomic rename would leave this).
  writeFileSync(file, good.subarray(0, good.length - 5));
  warnings.length = 0;
  assert.equal(readCheckpoint(dir, (m) => warnings.push(m))!.payload, { k: 1 });
  assert.match(warnings[0], /truncated/);

  // Both bad: nothing usable, two warnings. A header that is not ours is named as such.
  writeFileSync(join(dir, PREVIOUS_CHECKPOINT_FILE), 'hello\n{}');
  warnings.length = 0;
  assert.is(readCheckpoint(dir, (m) => warnings.push(m)), null);
  assert.is(warnings.length, 2);
  assert.match(warnings[1], /bad header.*no good checkpoint left/);

  // Only the previous one left (a crash between the two renames of a write).
  writeCheckpoint(dir, { k: 3 });
  writeCheckpoint(dir, { k: 4 });
  rmSync(file);
  assert.equal(readCheckpoint(dir)!.payload, { k: 3 });
  rmSync(dir, { recursive: true });
});

test('state codec: every number comes back bit for bit (-0, NaN, subnormals)', () => {
  const s = sample(256, 3);
  s.v[0] = -0;
  s.v[1] = 5e-324;
  s.f[2] = NaN;
  s.time = 0.1 + 0.2;
  const back = loadState(JSON.parse(JSON.stringify(saveState(s))) as SavedState);
  for (const k of ['x', 'v', 'f'] as const) {
    assert.equal(Buffer.from(back[k].buffer), Buffer.from(s[k].buffer), k);
  }
  assert.ok(Object.is(back.v[0], -0));
  assert.equal(Array.from(back.image), Array.from(s.image));
  assert.equal(Array.from(back.type), Array.from(s.type));
  assert.is(back.time, s.time);
  assert.equal(back.box, s.box);
});

function sample(n: number, seed: number): State {
  const model = kobAndersen();
  const rng = createRng(seed);
  const s = buildSample({ n, composition: model.composition, masses: [1, 1], typeNames: ['A', 'B'], density: 1.2, placement: 'lattice' }, rng);
  initVelocities(s, 2.0, rng, units);
  return s;
}

const field = () => createForceField(new LennardJones(kobAndersen()), 0.3);
const stages = quenchStages({ dt: 0.005, melt: { T: 2.0, duration: 2 }, hold: 1, tStart: 1.0, tEnd: 0.2, rate: 0.4, anneal: { T: 0.3, duration: 1 } });

interface Saved {
  position: ProtocolPosition;
  state: SavedState;
  neighbor: SavedNeighborList;
  forces: SavedForceOutput;
  thermostat: unknown;
}

/** Runs the protocol, optionally checkpointing every `every` steps and "crashing" after the checkpoint at step `crashAt`. */
function run(thermostat: () => Thermostat, every = 0, crashAt = -1) {
  const s = sample(256, 5);
  const ff = field();
  const th = thermostat();
  const rows: ThermoRow[] = [];
  let saved: Saved | undefined;
  try {
    runStages(s, ff, th, stages, {
      dt: 0.005, units, thermoEvery: 25, zeroMomentumEvery: 100,
      onThermo: (r) => rows.push(r),
      afterStep: (st, position) => {
        if (every > 0 && st.step % every === 0) {
          saved = JSON.parse(JSON.stringify({
            position, state: saveState(st), neighbor: saveNeighborList(ff.nlist), forces: saveForceOutput(ff.out), thermostat: th.save(),
          }));
          if (st.step === crashAt) throw new Error('crash');
        }
      },
    });
  } catch (e) {
    if ((e as Error).message !== 'crash') throw e;
  }
  return { state: s, rows, saved };
}

/** Continues a run from its last checkpoint in fresh objects. */
function resume(thermostat: () => Thermostat, saved: Saved) {
  const s = loadState(saved.state);
  const ff = field();
  const th = thermostat();
  th.restore(saved.thermostat);
  restoreForceOutput(ff.out, saved.forces);
  assert.ok(restoreNeighborList(s, ff.nlist, saved.neighbor), 'the neighbour list is rebuilt at the same positions');
  const rows: ThermoRow[] = [];
  runStages(s, ff, th, stages, { dt: 0.005, units, thermoEvery: 25, zeroMomentumEvery: 100, from: saved.position, onThermo: (r) => rows.push(r) });
  return { state: s, rows };
}

const bits = (a: Float64Array) => Buffer.from(a.buffer).toString('base64');

for (const [name, make] of [
  ['Nose-Hoover', () => noseHoover({ damp: 0.5 })],
  ['Langevin', () => langevin({ damp: 0.5, seed: 77 })],
  // The barostat moves the box: the list is rebuilt in its build box, the virial carried over.
  ['Nose-Hoover NPT', () => noseHooverNpt({ damp: 0.5, pdamp: 2.5, pStart: 5.0 })],
] as const) {
  test(`${name}: checkpoints do not disturb the run, and a resumed run is bit for bit the uninterrupted one`, () => {
    const plain = run(make);
    const withCheckpoints = run(make, 70);
    assert.is(bits(withCheckpoints.state.x), bits(plain.state.x));
    assert.is(bits(withCheckpoints.state.v), bits(plain.state.v));
    assert.equal(withCheckpoints.rows, plain.rows);

    // Crash in the middle of the quench (stage 2), and at a stage boundary (end of the melt, step 400).
    for (const crashAt of [770, 400]) {
      const crashed = run(make, crashAt === 400 ? 400 : 70, crashAt);
      assert.ok(crashed.saved && crashed.saved.state.step === crashAt);
      const resumed = resume(make, crashed.saved!);
      assert.is(resumed.state.step, plain.state.step);
      assert.is(bits(resumed.state.x), bits(plain.state.x), `positions after a crash at ${crashAt}`);
      assert.is(bits(resumed.state.v), bits(plain.state.v));
      assert.is(bits(resumed.state.f), bits(plain.state.f));
      assert.equal([...crashed.rows, ...resumed.rows], plain.rows, 'thermo rows before + after = uninterrupted');
    }
  });
}

test.run();
