/**
 * The event catalogue's collector (landscape/catalogue.ts): a saddle a hair below one of its minima
 * (a nearly flat saddle, within the same-minimum energy resolution) counts as a zero barrier; one
 * clearly below is no barrier between them and is not counted; repeats of one event are one event.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { EventCollector, type AcceptedEvent } from '../landscape/catalogue.js';
import { EnergySurface } from '../landscape/energy-surface.js';
import { LennardJones, kobAndersen } from '../sim/potentials/lj.js';
import { createForceField } from '../sim/forces.js';
import { parseLammpsDataFile } from '../sim/io/lammps-data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const state = parseLammpsDataFile(join(root, 'test/fixtures/dma/ka256-glass.data'), { typeNames: ['A', 'B'] });
const surface = new EnergySurface(state, createForceField(new LennardJones(kobAndersen()), 0.3));
const tolerance = { energyTolerance: 1e-4, displacementTolerance: 0.02 };

/** An event whose saddle lies `forward` above its − side and `backward` above its + side; the saddle moved by `shift` on atom 0. */
function event(k: number, forward: number, backward: number, shift = 0): AcceptedEvent {
  const x = surface.current();
  const saddle = Float64Array.from(x);
  saddle[0] += shift;
  const e0 = -1000;
  return {
    event: k, saddle: { x: saddle, energy: e0 + forward }, minus: { x, energy: e0 }, plus: { x, energy: e0 + forward - backward },
    region: [0, 1, 2], adjacency: 'local', movedAtoms: 1, minimaDistance: 0.2, maxAtomDisplacement: 0.1,
  };
}

test('barriers: zero within the energy resolution, refused below it, kept as they are above zero', () => {
  const c = new EventCollector(surface, tolerance);
  assert.is(c.add(event(1, 0.3, 0.1)), 1);
  assert.is(c.add(event(2, -5e-5, 0.023, 0.5)), 2); // the − side 5e-5 above the saddle: a flat saddle
  assert.is(c.events[1].forward, 0);
  assert.ok(Math.abs(c.events[1].backward - 0.023) < 1e-12);
  assert.is(c.add(event(3, -0.01, 0.2, 1.0)), null); // the − side 0.01 above: this saddle does not join them
  assert.is(c.add(event(4, 0.2, -2e-4, 1.5)), null); // the same on the + side
  assert.is(c.events.length, 2);
  for (const d of c.events) assert.ok(d.forward >= 0 && d.backward >= 0);
});

test('the same event found twice is one event with two hits; a saddle elsewhere is another', () => {
  const c = new EventCollector(surface, tolerance);
  assert.is(c.add(event(1, 0.3, 0.1)), 1);
  assert.is(c.add(event(2, 0.3 + 5e-5, 0.1, 0.01)), 1); // within both tolerances
  assert.is(c.add(event(3, 0.3, 0.1, 0.05)), 2); // atom 0 of the region 0.05 away
  assert.equal(c.events.map((d) => d.hits), [2, 1]);
});

test.run();
