/**
 * Gwyddion Simple Field files (.gsf, Gwyddion ≥ 2.20; gwyddion.net user guide, "Simple Field
 * Files"): the magic line "Gwyddion Simple Field 1.0\n", header lines "Name = value\n" (XRes and
 * YRes mandatory; XReal, YReal, XOffset, YOffset, XYUnits, ZUnits, Title optional), one to four NUL
 * bytes so that the data start at a multiple of 4, then XRes × YRes little-endian IEEE f32 values,
 * row by row (row 0 first), each row from left to right. Units are base SI units ("m", "Pa", "Hz").
 *
 * Row k of the file is written from values[k * xres ...]: row 0 holds the points at y = YOffset,
 * which Gwyddion draws at the top of the image (its y axis points down).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileError } from '../errors.js';

export const GSF_MAGIC = 'Gwyddion Simple Field 1.0\n';

export interface GsfField {
  xres: number;
  yres: number;
  /** Row-major values, values[iy * xres + ix]. */
  values: ArrayLike<number>;
  /** Physical size of the whole field (default 1 each), its offset and units. */
  xreal?: number;
  yreal?: number;
  xoffset?: number;
  yoffset?: number;
  xyUnits?: string;
  zUnits?: string;
  title?: string;
  /** Further header fields (name -> value); names must be identifiers. */
  extra?: Record<string, string | number>;
}

function headerValue(name: string, v: string | number): string {
  const s = String(v);
  if (/[\n\0]/.test(s)) throw new Error(`GSF header field ${name}: value may not hold a newline or NUL`);
  return s;
}

/** The bytes of a .gsf file. */
export function encodeGsf(field: GsfField): Buffer {
  const { xres, yres, values } = field;
  if (!(Number.isInteger(xres) && xres > 0 && Number.isInteger(yres) && yres > 0)) {
    throw new Error(`GSF: XRes and YRes must be positive integers, got ${xres} × ${yres}`);
  }
  if (values.length !== xres * yres) throw new Error(`GSF: ${values.length} values for a ${xres} × ${yres} field`);
  const fields: [string, string | number | undefined][] = [
    ['XRes', xres], ['YRes', yres], ['XReal', field.xreal], ['YReal', field.yreal],
    ['XOffset', field.xoffset], ['YOffset', field.yoffset], ['XYUnits', field.xyUnits], ['ZUnits', field.zUnits],
    ['Title', field.title], ...Object.entries(field.extra ?? {}),
  ];
  let header = GSF_MAGIC;
  for (const [name, v] of fields) {
    if (v === undefined) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`GSF: header name '${name}' is not an identifier`);
    header += `${name} = ${headerValue(name, v)}\n`;
  }
  const text = Buffer.from(header, 'utf8');
  const pad = 4 - (text.length % 4); // 1..4 NUL bytes
  const out = Buffer.alloc(text.length + pad + 4 * values.length);
  text.copy(out, 0);
  const data = text.length + pad;
  for (let k = 0; k < values.length; k++) out.writeFloatLE(values[k], data + 4 * k);
  return out;
}

export function writeGsf(path: string, field: GsfField): void {
  writeFileSync(path, encodeGsf(field));
}

export interface GsfRead {
  xres: number;
  yres: number;
  values: Float32Array;
  /** Every header field as written (strings). */
  header: Record<string, string>;
}

/** Parses .gsf bytes; `name` is used in error messages. */
export function decodeGsf(bytes: Buffer, name = 'gsf'): GsfRead {
  const magic = Buffer.from(GSF_MAGIC, 'utf8');
  if (bytes.length < magic.length || !bytes.subarray(0, magic.length).equals(magic)) {
    throw fileError(name, 1, "not a Gwyddion Simple Field file (no 'Gwyddion Simple Field 1.0' line)");
  }
  const nul = bytes.indexOf(0, magic.length);
  if (nul < 0) throw fileError(name, 1, 'header not terminated by NUL bytes');
  const header: Record<string, string> = {};
  const lines = bytes.subarray(magic.length, nul).toString('utf8').split('\n');
  lines.forEach((line, k) => {
    if (line.trim() === '') return;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) throw fileError(name, k + 2, `expected 'Name = value', got '${line}'`);
    header[m[1]] = m[2];
  });
  const xres = Number(header.XRes), yres = Number(header.YRes);
  if (!(Number.isInteger(xres) && xres > 0 && Number.isInteger(yres) && yres > 0)) {
    throw fileError(name, 2, 'XRes and YRes must be positive integers');
  }
  const data = nul + (4 - (nul % 4));
  for (let k = nul; k < data; k++) if (bytes[k] !== 0) throw fileError(name, lines.length + 1, 'NUL padding expected before the data');
  if (bytes.length !== data + 4 * xres * yres) {
    throw fileError(name, lines.length + 1, `expected ${4 * xres * yres} data bytes after the header, found ${bytes.length - data}`);
  }
  const values = new Float32Array(xres * yres);
  for (let k = 0; k < values.length; k++) values[k] = bytes.readFloatLE(data + 4 * k);
  return { xres, yres, values, header };
}

export function readGsf(path: string): GsfRead {
  return decodeGsf(readFileSync(path), path);
}
