import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeGsf, encodeGsf, readGsf, writeGsf, GSF_MAGIC } from '../sim/io/gsf.js';
import { InputError } from '../sim/errors.js';

/** The expected bytes, built by hand from the Gwyddion spec: magic, header lines, NULs to a multiple of 4, LE f32. */
function expectedBytes(header: string, values: number[]): Buffer {
  const text = Buffer.from(header, 'utf8');
  const pad = 4 - (text.length % 4);
  const data = new DataView(new ArrayBuffer(4 * values.length));
  values.forEach((v, k) => data.setFloat32(4 * k, v, true));
  return Buffer.concat([text, Buffer.alloc(pad), Buffer.from(data.buffer)]);
}

test('a 3 x 2 field is written byte for byte as the Gwyddion spec says', () => {
  const values = [1, -2.5, 3.25, 1e9, 0, 7];
  const bytes = encodeGsf({ xres: 3, yres: 2, values, xreal: 3e-9, yreal: 2e-9, xyUnits: 'm', zUnits: 'Pa', title: 'local E' });
  const header = `${GSF_MAGIC}XRes = 3\nYRes = 2\nXReal = 3e-9\nYReal = 2e-9\nXYUnits = m\nZUnits = Pa\nTitle = local E\n`;
  assert.ok(bytes.equals(expectedBytes(header, values)));
  assert.is(bytes.subarray(0, 26).toString('latin1'), 'Gwyddion Simple Field 1.0\n');
  // Data start on a multiple of 4 after 1..4 NULs; the first value is little-endian 1.0f = 00 00 80 3f.
  const start = bytes.length - 4 * values.length;
  assert.is(start % 4, 0);
  const nuls = start - Buffer.from(header).length;
  assert.ok(nuls >= 1 && nuls <= 4);
  for (let k = start - nuls; k < start; k++) assert.is(bytes[k], 0);
  assert.equal([...bytes.subarray(start, start + 4)], [0x00, 0x00, 0x80, 0x3f]);
});

test('a header whose length is a multiple of 4 gets four NULs (at least one is required)', () => {
  // Grow the title until the header text is a multiple of 4 long.
  let title = 'x';
  let header = '';
  for (;;) {
    header = `${GSF_MAGIC}XRes = 1\nYRes = 1\nTitle = ${title}\n`;
    if (Buffer.byteLength(header) % 4 === 0) break;
    title += 'x';
  }
  const bytes = encodeGsf({ xres: 1, yres: 1, values: [2], title });
  assert.is(bytes.length, Buffer.byteLength(header) + 4 + 4);
  assert.equal([...bytes.subarray(bytes.length - 8, bytes.length - 4)], [0, 0, 0, 0]);
});

test('write, read back: header fields and f32 values (row 0 first)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gsf-'));
  const values = Array.from({ length: 12 }, (_, k) => Math.fround(k * 0.1 - 0.3));
  writeGsf(join(dir, 'a.gsf'), { xres: 4, yres: 3, values, xyUnits: 'm', zUnits: 'Hz', title: 'f' });
  const r = readGsf(join(dir, 'a.gsf'));
  assert.is(r.xres, 4);
  assert.is(r.yres, 3);
  assert.equal(Array.from(r.values), values);
  assert.is(r.header.ZUnits, 'Hz');
  assert.is(r.header.Title, 'f');
  assert.ok(readFileSync(join(dir, 'a.gsf')).subarray(0, 26).toString() === GSF_MAGIC);
});

test('bad files and bad fields are refused', () => {
  assert.throws(() => decodeGsf(Buffer.from('Gwyddion Simple Field 2.0\n\0\0'), 'x.gsf'), (e: Error) => e instanceof InputError && /x\.gsf:1/.test(e.message));
  const good = encodeGsf({ xres: 2, yres: 2, values: [1, 2, 3, 4] });
  assert.throws(() => decodeGsf(good.subarray(0, good.length - 4), 'y.gsf'), (e: Error) => e instanceof InputError && /data bytes/.test(e.message));
  assert.throws(() => encodeGsf({ xres: 2, yres: 2, values: [1, 2, 3] }), /3 values/);
  assert.throws(() => encodeGsf({ xres: 1, yres: 1, values: [1], title: 'a\nb' }), /newline/);
});

test.run();
