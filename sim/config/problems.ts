/**
 * Config problems as one line each, naming the file, the line and the key path
 * (`configs/x.yaml:4: melt.duraton: unknown key (did you mean 'duration'?)`), or `--set:` for a key
 * set on the command line. `parseConfig` validates plain data against a zod schema and reports
 * every problem at once.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { formatPath, isPrefix, valueAt, type KeyPath } from './key-path.js';

/** A config with problems: `problems` holds one line per problem; the CLI prints each, exit 2. */
export class ConfigError extends InputError {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Where a config came from: the file (for line numbers) and the key paths set with --set. */
export interface ConfigSource {
  file: string;
  lineOf: (path: KeyPath) => number | undefined;
  overridden: KeyPath[];
}

/** One problem as its line: `FILE:LINE: key.path: message`, or `--set: key.path: message`. */
export function problemLine(src: ConfigSource, path: KeyPath, message: string): string {
  if (src.overridden.some((o) => isPrefix(o, path) || isPrefix(path, o))) return `--set: ${formatPath(path)}: ${message}`;
  const line = src.lineOf(path);
  return `${src.file}${line !== undefined ? `:${line}` : ''}: ${formatPath(path)}: ${message}`;
}

/**
 * Validates `raw` against `schema`; throws ConfigError with every problem. `topLevel` names the
 * main keys, for the message when the file is not a mapping at all.
 */
export function parseConfig<S extends z.ZodType>(schema: S, raw: unknown, src: ConfigSource, topLevel: string): z.output<S> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([`${src.file}: (top level): must be a mapping of keys (${topLevel}, ...)`]);
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((i) => describeIssue(schema, i, raw));
  throw new ConfigError([...new Set(problems.map((p) => problemLine(src, p.path, p.message)))]);
}

interface Problem {
  path: KeyPath;
  message: string;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number', int: 'a whole number', string: 'a string', array: 'a list', object: 'a mapping of keys',
  boolean: 'true or false', tuple: 'a list',
};

/** Turns one zod issue into problems with full paths and plain messages. */
function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue, raw: unknown, base: KeyPath = []): Problem[] {
  const path = [...base, ...(issue.path as KeyPath)];
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path: [...path, k], message: unknownKeyMessage(schema, path, k) }));
    case 'invalid_type': {
      if (value === undefined) return [{ path, message: 'is required' }];
      const custom = !issue.message.startsWith('Invalid input');
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return [{ path, message: `${custom ? issue.message : `must be ${expected}`}, got ${show(value)}` }];
    }
    case 'invalid_value':
      return [{ path, message: `must be one of ${issue.values.map((v) => String(v)).join(', ')}, got ${show(value)}` }];
    case 'invalid_union': {
      // The branch whose top-level type matched the value says what is wrong inside it.
      const matching = issue.errors.filter((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (value !== undefined && matching.length === 1) return matching[0].flatMap((e) => describeIssue(schema, e, raw, path));
      if (value === undefined) return [{ path, message: 'is required' }];
      return [{ path, message: `${issue.message}, got ${show(value)}` }];
    }
    case 'too_small':
    case 'too_big': {
      if (!issue.message.startsWith('Too ')) return [{ path, message: issue.message }];
      const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const what = issue.origin === 'array' ? 'entries' : issue.origin === 'string' ? 'characters' : '';
      return [{ path, message: what ? `must have ${op} ${bound} ${what}` : `must be ${op} ${bound}` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** Keys the schema allows in the object at `path` (for unknown-key messages). */
function knownKeys(schema: z.ZodType, path: KeyPath): string[] {
  const unwrap = (s: any): any[] => {
    const def = s?._zod?.def;
    if (!def) return [];
    if (['default', 'optional', 'nullable', 'prefault', 'readonly'].includes(def.type)) return unwrap(def.innerType);
    if (def.type === 'pipe') return unwrap(def.in);
    if (def.type === 'union') return def.options.flatMap(unwrap);
    return [s];
  };
  let nodes: any[] = [schema];
  for (const p of path) {
    nodes = nodes.flatMap(unwrap).flatMap((s) => {
      const def = s._zod.def;
      if (typeof p === 'number') return def.type === 'array' ? [def.element] : [];
      return def.type === 'object' && def.shape[p] ? [def.shape[p]] : [];
    });
  }
  const keys = nodes.flatMap(unwrap).flatMap((s) => (s._zod.def.type === 'object' ? Object.keys(s._zod.def.shape) : []));
  return [...new Set(keys)];
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function unknownKeyMessage(schema: z.ZodType, path: KeyPath, key: string): string {
  const known = knownKeys(schema, path);
  const close = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  if (close.length > 0) return `unknown key (did you mean ${close.map((k) => `'${k}'`).join(' or ')}?)`;
  return known.length > 0 ? `unknown key (allowed: ${known.join(', ')})` : 'unknown key';
}
