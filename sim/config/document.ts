/**
 * Config files as documents: reading YAML or JSON with the line of every key, key paths, and the
 * `--set KEY=VALUE` overrides that every config-driven command accepts. Shared by the sweep, study
 * and DMA configs (each keeps its schema next to its workflow).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, parse as parseYaml } from 'yaml';
import { InputError } from '../errors.js';
import { ConfigError } from './problems.js';
import type { KeyPath } from './key-path.js';

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
  // Unknown tags (`!foo`) are warnings to the YAML parser; here they are mistakes like any other.
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    throw new ConfigError(problems.map((e) => `${file}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`));
  }
  const lineOf = (path: KeyPath): number | undefined => {
    for (let k = path.length; k >= 0; k--) {
      const node = k === 0 ? doc.contents : doc.getIn(path.slice(0, k), true);
      const r = (node as { range?: [number, number, number] } | undefined)?.range;
      if (r) return lineCounter.linePos(r[0]).line;
    }
    return undefined;
  };
  let raw: unknown;
  try {
    // Unresolved aliases, and alias expansion past the parser's bound (an "alias bomb"), throw here.
    raw = doc.toJS() ?? {};
  } catch (e) {
    throw new ConfigError([`${file}: ${(e as Error).message.split('\n')[0]}`]);
  }
  return { raw, lineOf };
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
    if (!m || ['__proto__', 'constructor', 'prototype'].includes(m[1])) throw new InputError(`--set ${arg}: '${key}' is not a key path (like quench.rates or quench.rates[0])`);
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
