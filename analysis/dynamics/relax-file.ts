/**
 * A `betascape relax --temperatures` result read back for its VFT fit τ_α(T) (relax.json, or the
 * directory that holds it), as the loss spectra take their α process from it. Files written before
 * relax.json named its model and units come from the only workflow there was: Kob–Andersen, lj units.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import type { RelaxResult } from './relax-workflow.js';
import type { VftFit } from './relaxation-time.js';

export interface RelaxFit {
  file: string;
  model: string;
  units: string;
  vft: VftFit;
  /** The temperatures the fit rests on (τ_α found). */
  temperatures: number[];
}

/** The VFT fit of a relax result; `key` names the option or config key in errors. */
export function readRelaxFit(path: string, key: string): RelaxFit {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'relax.json') : path;
  if (!existsSync(file)) throw new InputError(`${key}: no relax result at ${file} (betascape relax --temperatures LIST --out DIR writes DIR/relax.json)`);
  let r: Partial<RelaxResult>;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as Partial<RelaxResult>;
  } catch {
    throw new InputError(`${key}: ${file} is not JSON`);
  }
  const v = r?.vft;
  if (!v) throw new InputError(`${key}: ${file} has no VFT fit${r?.vft_note ? ` (${r.vft_note})` : ''}`);
  for (const k of ['tau0', 'D', 'T0'] as const) {
    if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) throw new InputError(`${key}: ${file}: vft.${k} must be a number, got ${JSON.stringify(v[k])}`);
  }
  const temperatures = (r.temperatures ?? []).filter((t) => t.tau_alpha !== null).map((t) => t.T);
  return { file, model: r.model ?? 'ka', units: r.units ?? 'lj', vft: v, temperatures };
}
