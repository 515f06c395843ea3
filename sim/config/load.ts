/**
 * Loading a config file with its `--set` overrides: the plain data with the overrides applied and
 * the source every problem line refers to. Validation is `parseConfig` (problems.ts) with the
 * workflow's own schema.
 */
import { readConfigDocument, parseOverride, setAt, type Override } from './document.js';
import type { ConfigSource } from './problems.js';

export interface ConfigInput {
  /** The file's contents with the overrides applied (a fresh object). */
  raw: unknown;
  source: ConfigSource;
  overrides: Override[];
}

/** Reads `file` and applies the `KEY=VALUE` overrides (unreadable files and bad overrides: one line). */
export function readConfigInput(file: string, overrides: string[] = []): ConfigInput {
  const { raw, lineOf } = readConfigDocument(file);
  const sets = overrides.map(parseOverride);
  const data = structuredClone(raw);
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) for (const s of sets) setAt(data as Record<string, unknown>, s.path, s.value);
  return { raw: data, source: { file, lineOf, overridden: sets.map((s) => s.path) }, overrides: sets };
}
