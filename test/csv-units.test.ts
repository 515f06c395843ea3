/** CSV tables header-first with a units sidecar; readers take older files with `#` lines too. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../sim/errors.js';
import { readCsvColumns, readCsvUnits, unitsSidecarPath, writeCsvUnits } from '../sim/io/csv-units.js';
import { coolingCurve } from '../analysis/sweep/quench-tg.js';
import type { SweepConfig } from '../sim/protocols/sweep-config.js';

const dir = mkdtempSync(join(tmpdir(), 'betascape-csv-'));
const rows = '0,1.0,1.01,-6.5,900,2.1\n100,0.8,0.79,-6.8,880,1.2\n';

test('quench.csv read by column name, new (header first) and old (# line above) alike', () => {
  const fresh = join(dir, 'quench.csv'), old = join(dir, 'old-quench.csv');
  writeFileSync(fresh, `step,T_target,T,PE,volume,P\n${rows}`);
  writeFileSync(old, `# E(T) and V(T) during the quench; units lj\nstep,T_target,T,PE,volume,P\n${rows}`);
  const nvt = { ensemble: 'nvt' } as SweepConfig, npt = { ensemble: 'npt' } as SweepConfig;
  for (const f of [fresh, old]) {
    assert.equal(coolingCurve(f, nvt), { T: [1, 0.8], y: [-6.5, -6.8], from: 'energy' });
    assert.equal(coolingCurve(f, npt).y, [900, 880]);
  }
  assert.throws(() => readCsvColumns(fresh, ['enthalpy']), (e: Error) => e instanceof InputError && /quench\.csv: no column enthalpy/.test(e.message));
});

test('the sidecar sits beside its table and names every column\'s unit', () => {
  const csv = join(dir, 'thermo.csv');
  assert.is(unitsSidecarPath(csv), join(dir, 'thermo.units.json'));
  assert.is(readCsvUnits(csv), undefined);
  writeCsvUnits(csv, { description: 'd', units: 'lj', columns: { step: '', T: 'epsilon/k_B' } });
  assert.equal(readCsvUnits(csv), { table: 'thermo.csv', description: 'd', units: 'lj', columns: { step: '', T: 'epsilon/k_B' } });
});

test.run();
