import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/** A JSON file a run wrote and reads back; a damaged one is one line naming it. */
export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message}); remove it to start that part again`);
  }
}
