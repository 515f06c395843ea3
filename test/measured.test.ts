import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIN_ROWS, describeImport, importDmaFile, parseDmaText, parseColumnsOption } from '../analysis/measured/import.js';
import { betaShiftText, compareSpectra, loadLossSpectrum } from '../analysis/measured/compare.js';
import { InputError } from '../sim/errors.js';

const dir = fileURLToPath(new URL('./fixtures/dma/', import.meta.url));
// The curve every good fixture was written from (fixtures/dma/README.md).
const T = Array.from({ length: 12 }, (_, i) => 300 + 20 * i);
const E1 = (t: number) => 30e9 * (1 - 0.5 / (1 + Math.exp(-(t - 480) / 10)));
const E2 = (t: number) => 1e9 * Math.exp(-(((t - 490) / 15) ** 2)) + 0.05e9 + (0.02e9 * (t - 300)) / 200;

const close = (a: number, b: number, rel: number, what: string) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b}`);

const good: [string, Parameters<typeof importDmaFile>[1]?, boolean?][] = [
  ['ta-instruments.csv'], ['netzsch-units-row.txt', undefined, true], ['german-semicolon.csv'], ['kelvin-gpa-no-tan.csv'],
  ['tab-frequency.tsv', undefined, true], ['mettler-space.txt'], ['storage-tan-only.csv'], ['spreadsheet-quoted.csv', undefined, true],
  ['needs-columns.csv', { columns: parseColumnsOption('T=Temp1,E1=Modulus_A,E2=Modulus_B') }],
  ['suffix-units.csv'], ['suffix-units-celsius.tsv'], ['bracket-units.csv'],
];

for (const [name, opts, hasFrequency] of good) {
  test(`imports ${name} in SI units`, () => {
    const s = importDmaFile(dir + name, opts);
    assert.is(s.temperature_K.length, 12);
    s.temperature_K.forEach((t, i) => assert.ok(Math.abs(t - T[i]) < 0.006, `T ${t} vs ${T[i]}`));
    T.forEach((t, i) => {
      close(s.storage_modulus_Pa![i], E1(t), 2e-4, 'E\'');
      close(s.loss_modulus_Pa[i], E2(t), 2e-3, 'E\'\'');
      close(s.tan_delta![i], E2(t) / E1(t), 2e-3, 'tan δ');
    });
    if (hasFrequency) assert.equal(s.frequency_Hz, new Array(12).fill(1));
    else assert.is(s.frequency_Hz, undefined);
    assert.equal(s.detected.unavailable, []);
    assert.is(s.detected.rows, 12);
  });
}

test('unit suffixes and bracketed units: temp_K, E_loss_Pa, Storage [MPa], (°C); tan_delta is no unit', () => {
  const a = importDmaFile(dir + 'suffix-units.csv');
  assert.equal(a.detected.columns, {
    temperature: { column: 1, header: 'temp_K', unit: 'K', unit_from: 'column name' },
    storage_modulus: { column: 2, header: 'E_storage_Pa', unit: 'Pa', unit_from: 'column name' },
    loss_modulus: { column: 3, header: 'E_loss_Pa', unit: 'Pa', unit_from: 'column name' },
  });
  assert.equal(a.detected.computed, ['tan_delta']);
  const b = importDmaFile(dir + 'suffix-units-celsius.tsv');
  assert.equal(Object.values(b.detected.columns).map((c) => c.unit), ['C', 'MPa', 'MPa', null]);
  assert.is(b.detected.columns.tan_delta!.header, 'tan_delta');
  const c = importDmaFile(dir + 'bracket-units.csv');
  assert.equal(Object.values(c.detected.columns).map((x) => x.unit), ['°C', 'MPa', 'MPa']);
  // The suffix counts only where it is a unit of the quantity the rest names.
  assert.throws(() => parseDmaText('temp_X,E_loss_Pa\n300,1\n', 'x.csv'), (e: Error) => /x\.csv:1: the temperature column names no unit/.test(e.message));
  // A suffix written whole in --columns still finds the column.
  const d = importDmaFile(dir + 'suffix-units.csv', { columns: { T: 'temp_K', E2: 'E_loss' } });
  assert.is(d.detected.columns.loss_modulus!.column, 3);
});

test('the import reports separator, decimal mark, header and units row', () => {
  const g = importDmaFile(dir + 'german-semicolon.csv');
  assert.equal([g.detected.encoding, g.detected.separator, g.detected.decimal_mark, g.detected.header_line, g.detected.units_row_line], ['latin-1', 'semicolon', ',', 3, null]);
  assert.equal(g.detected.data_lines, [4, 15]);
  const n = importDmaFile(dir + 'netzsch-units-row.txt');
  assert.equal([n.detected.separator, n.detected.decimal_mark, n.detected.header_line, n.detected.units_row_line], ['tab', '.', 4, 5]);
  assert.equal(n.detected.columns.temperature, { column: 1, header: 'Temp.', unit: '°C', unit_from: 'units row' });
  assert.is(importDmaFile(dir + 'mettler-space.txt').detected.separator, 'whitespace');
  const lines = describeImport(g);
  assert.match(lines[0], /german-semicolon\.csv: latin-1, semicolon-separated, decimal mark ',', header on line 3, 12 data rows \(lines 4–15\)/);
  assert.match(lines[1], /temperature = column 1 "Temperatur \[°C\]" \[°C\]/);
});

test('a loss-modulus-only export imports, says what it cannot compute, and compares', () => {
  const s = importDmaFile(dir + 'loss-only.csv');
  assert.is(s.storage_modulus_Pa, undefined);
  assert.is(s.tan_delta, undefined);
  assert.equal(s.detected.unavailable, ['storage_modulus', 'tan_delta']);
  assert.equal(s.detected.computed, []);
  assert.equal(s.frequency_Hz, new Array(12).fill(1));
  T.forEach((t, i) => {
    assert.ok(Math.abs(s.temperature_K[i] - t) < 0.006);
    close(s.loss_modulus_Pa[i], E2(t), 2e-3, 'E\'\'');
  });
  assert.ok(describeImport(s).some((l) => /cannot compute E' or tan δ: the file has the loss modulus only/.test(l)));
  const full = loadLossSpectrum(dir + 'ta-instruments.csv');
  const c = compareSpectra(loadLossSpectrum(dir + 'loss-only.csv'), full);
  assert.ok(c.rmse < 1e-3, `rmse ${c.rmse}`);
});

test('compare says which spectrum has no β peak instead of a placeholder shift', () => {
  const full = loadLossSpectrum(dir + 'ta-instruments.csv');
  const c = compareSpectra(full, full, 200, { axis: 'Tg', TgSimulated: 400, TgMeasured: 400 });
  const text = betaShiftText(c);
  if (c.betaPeakShift === null) assert.match(text, /^no β peak shift \(no β peak in the simulated or the measured spectrum\)$/);
  else assert.match(text, /^β peak shift -?0\.000 Tg$/);
  const noSimulated = { ...c, betaPeakShift: null, simulatedDecomposition: { ...c.simulatedDecomposition, betaPeakT: null }, measuredDecomposition: { ...c.measuredDecomposition, betaPeakT: 300 } };
  assert.is(betaShiftText(noSimulated), 'no β peak shift (no β peak in the simulated spectrum)');
  assert.not.match(betaShiftText(noSimulated), / - /);
});

const broken: [string, RegExp][] = [
  ['broken-text-cell.csv', /broken-text-cell\.csv:7: temperature: 'n\/a' is not a number/],
  ['broken-short-row.csv', /broken-short-row\.csv:5: expected 4 columns, got 2/],
  ['broken-no-header.csv', /broken-no-header\.csv: no header row/],
  ['broken-unknown-unit.csv', /broken-unknown-unit\.csv:1: unknown temperature unit 'Rankine'/],
  ['broken-one-modulus.csv', /broken-one-modulus\.csv:1: need the loss modulus, or two of storage modulus, loss modulus and tan delta; found storage modulus/],
  ['broken-below-zero.csv', /broken-below-zero\.csv:3: temperature -5 K is below absolute zero/],
  ['no-such-file.csv', /no-such-file\.csv: cannot read \(ENOENT\)/],
];
for (const [name, message] of broken) {
  test(`refuses ${name} with a one-line message naming file and line`, () => {
    try {
      importDmaFile(dir + name);
      assert.unreachable('accepted');
    } catch (e) {
      assert.instance(e, InputError);
      assert.match((e as Error).message, message);
      assert.not.match((e as Error).message, /\n/);
    }
  });
}

test('--columns: bad syntax and unknown names are InputErrors', () => {
  assert.throws(() => parseColumnsOption('Temp'), (e: Error) => e instanceof InputError && /KEY=COLUMN/.test(e.message));
  assert.throws(() => importDmaFile(dir + 'ta-instruments.csv', { columns: { T: 'Nope' } }), (e: Error) => e instanceof InputError);
  assert.throws(() => importDmaFile(dir + 'needs-columns.csv'), (e: Error) => /no header row/.test(e.message));
});

test('units: a file without units needs the unit flags', () => {
  const text = 'Temperature,Storage,Loss\n300,1,0.1\n310,2,0.2\n';
  assert.throws(() => parseDmaText(text, 'x.csv'), (e: Error) => /x\.csv:1: the temperature column names no unit/.test(e.message));
  const s = parseDmaText(text, 'x.csv', { temperatureUnit: 'K', modulusUnit: 'GPa' });
  assert.equal(s.storage_modulus_Pa, [1e9, 2e9]);
  assert.equal(s.tan_delta, [0.1, 0.1]);
  assert.equal(s.detected.columns.temperature, { column: 1, header: 'Temperature', unit: 'K', unit_from: 'option' });
  // The file: units as suffixes.
  const u = parseDmaText('temp_K,E_storage_Pa,E_loss_Pa\n300,1e10,1e8\n310,1e10,2e8\n', 'u.csv');
  assert.equal(u.tan_delta, [0.01, 0.02]);
});

test('fuzz: arbitrary text and mangled exports raise nothing but InputError', () => {
  const base = `Temperature (°C),Storage Modulus (MPa),Loss Modulus (MPa),Tan Delta\n25,30000,1000,0.033\n45,29000,1200,0.041\n`;
  const check = (text: string) => {
    try {
      parseDmaText(text, 'fuzz.csv');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      if (e.message.includes('\n')) throw new Error(`multi-line message: ${e.message}`);
    }
  };
  fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 300, seed: 11 });
  const chars = fc.constantFrom(',', ';', '\t', ' ', '\n', '\r', '.', '-', 'e', '°', 'K', '(', ')', '"', '#', 'E', "'", '1', '0', 'x');
  fc.assert(
    fc.property(fc.nat(base.length), fc.nat(base.length), fc.array(chars, { maxLength: 8 }), (a, b, ins) => {
      const [i, j] = a < b ? [a, b] : [b, a];
      check(base.slice(0, i) + ins.join('') + base.slice(j));
    }),
    { numRuns: 500, seed: 12 },
  );
});

test('exports no DMA can make are refused: negative moduli, fewer than MIN_ROWS rows, one temperature', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'betascape-measured-'));
  const file = (name: string, rows: string[]) => {
    const f = join(tmp, name);
    writeFileSync(f, ['Temperature (K),Storage (GPa),Loss (GPa)', ...rows].join('\n') + '\n');
    return f;
  };
  const rows = (n: number, T = (k: number) => 300 + 10 * k) => Array.from({ length: n }, (_, k) => `${T(k)},30,${1 + k}`);
  assert.is(importDmaFile(file('ok.csv', rows(MIN_ROWS))).temperature_K.length, MIN_ROWS);
  const negative = rows(MIN_ROWS);
  negative[2] = '320,30,-0.5';
  assert.throws(() => importDmaFile(file('neg.csv', negative)), (e: Error) => e instanceof InputError && /neg\.csv:4: loss modulus -500000000 is negative/.test(e.message));
  assert.throws(() => importDmaFile(file('few.csv', rows(MIN_ROWS - 1))), (e: Error) => e instanceof InputError && new RegExp(`few\\.csv: ${MIN_ROWS - 1} data rows; a loss spectrum needs at least ${MIN_ROWS}`).test(e.message));
  assert.throws(() => importDmaFile(file('flat.csv', rows(MIN_ROWS, () => 350))), (e: Error) => e instanceof InputError && /every row is at 350 K/.test(e.message));
});

test.run();
