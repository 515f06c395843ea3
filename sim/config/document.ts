/**
 * Config files as documents: reading YAML or JSON with the line of every key, key paths, and the
 * `--set KEY=VALUE` overrides that every config-driven command accepts. Shared by the sweep, study
 * and DMA configs (each keeps its schema next to its workflow).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, parse as parseYaml } from 'yaml';
import { InputError } from '../errors.js';
import { ConfigError } from './problems.js';

/** A path of keys and list indices into a config, e.g. ['quench', 'rates', 0]. */
export type KeyPath = (string | number)[];

/** `quench.rates[0]`; the empty path is `(top level)`. */
export function formatPath(path: KeyPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(top level)';
}

export function isPrefix(a: KeyPath, b: KeyPath): boolean {
  return a.length <= b.length && a.every((p, i) => p === b[i]);
}

export function valueAt(obj: unknown, path: KeyPath): unknown {
  let v = obj;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/**
 * Reads a YAML/JSON config file: its contents as plain data, and the line of any key path (or of
 * its nearest present parent) for error messages. Unreadable or malformed files throw one line.
 */
export function readConfigDocument(file: string): { raw: unknown; lineOf: (path: KeyPath) => number | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => `${file}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`));
  }
  const lineOf = (path: KeyPath): number | undefined => {
    for (let k = path.length; k >= 0; k--) {
      const node = k === 0 ? doc.contents : doc.getIn(path.slice(0, k), true);
      const r = (node as { range?: [number, number, number] } | undefined)?.range;
      if (r) return lineCounter.linePos(r[0]).line;
    }
    return undefined;
  };
  return { raw: doc.toJS() ?? {}, lineOf };
}

/** An override from the command line: the key path and its value. */
export interface Override {
  path: KeyPath;
  value: unknown;
}

/** Parses `KEY=VALUE` (KEY a dotted path with optional [i]; VALUE read as YAML). */
export function parseOverride(arg: string): Override {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new InputError(`--set ${arg}: expected KEY=VALUE, e.g. --set quench.rates=[0.01]`);
  const key = arg.slice(0, eq).trim();
  const path: KeyPath = [];
  for (const part of key.split('.')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new InputError(`--set ${arg}: '${key}' is not a key path (like quench.rates or quench.rates[0])`);
    path.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  let value: unknown;
  try {
    value = parseYaml(arg.slice(eq + 1));
  } catch (e) {
    throw new InputError(`--set ${key}: cannot read the value (${(e as Error).message.split('\n')[0]})`);
  }
  return { path, value: value === null && arg.slice(eq + 1).trim() === '' ? undefined : value };
}

/** Sets obj at a key path, creating objects/arrays on the way; undefined deletes the key. */
export function setAt(obj: Record<string, unknown>, path: KeyPath, value: unknown): void {
  let o: Record<string | number, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const next = o[path[i]];
    if (next === null || typeof next !== 'object') o[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
    o = o[path[i]] as Record<string | number, unknown>;
  }
  if (value === undefined) delete o[path[path.length - 1]];
  else o[path[path.length - 1]] = value;
}
