/** The Tg a comparison scales one spectrum by: given, else the file's, else (labelled) its α-peak temperature. */
import { InputError } from '../../sim/errors.js';
import type { LossSpectrum } from './compare.js';

export type TgSource = 'option' | 'file' | 'alpha-peak';

/** Tg of one side (`which`: simulated or measured): the option, else the file's Tg, else its α-peak temperature. */
export function resolveTg(given: number | undefined, s: LossSpectrum, which: string): { Tg: number; source: TgSource } {
  if (given !== undefined) {
    if (!(given > 0 && Number.isFinite(given))) throw new InputError(`--Tg-${which} must be > 0, got ${given}`);
    return { Tg: given, source: 'option' };
  }
  if (s.Tg !== undefined) return { Tg: s.Tg, source: 'file' };
  let k = 0;
  s.loss.forEach((v, i) => (v > s.loss[k] ? (k = i) : 0));
  return { Tg: s.T[k], source: 'alpha-peak' };
}
