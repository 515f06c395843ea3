/**
 * Barrier lists for the loss model: a landscape.json of the landscape stage
 * ({units, n_atoms, minima: [{id, energy}], saddles: [{id, energy, minA, minB, initial}], events}),
 * a run directory holding one, or a plain list: JSON (array of numbers, or {units?, barriers: [...],
 * weights?}) or CSV with a `barrier` (or `E_a`, `activation_energy`) column and an optional
 * `weight` column. From a landscape the barriers are those of the saddles adjacent to the glass IS
 * (landscape/subbasins.ts: E_saddle - E_IS, or E_saddle - E_minus for a saddle adjacent where its
 * event happens); a landscape without such saddles falls back to events' activation energies.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, fileError } from '../../sim/errors.js';
import { unitsByName } from '../../sim/units.js';
import { parseLandscapeJson } from '../../landscape/landscape-json.js';
import { analyseSubBasins } from '../../landscape/subbasins.js';

export interface BarrierFile {
  file: string;
  units: string;
  boltzmann: number;
  barriers: number[];
  weights?: number[];
  /** Tg from a run directory's summary.json, when there is one. */
  Tg?: number;
}

function boltzmannOf(units: string, file: string): number {
  try {
    return unitsByName(units).boltz;
  } catch {
    throw new InputError(`${file}: unknown units '${units}' (expected lj or metal)`);
  }
}

function checkBarriers(file: string, barriers: unknown[]): number[] {
  barriers.forEach((b, i) => {
    if (typeof b !== 'number' || !(b > 0) || !Number.isFinite(b)) throw new InputError(`${file}: barrier ${i + 1} must be a number > 0, got ${JSON.stringify(b)}`);
  });
  if (barriers.length === 0) throw new InputError(`${file}: no barriers`);
  return barriers as number[];
}

function fromLandscape(file: string, text: string): number[] {
  const db = parseLandscapeJson(text, file);
  const out = db.minima.length > 0 ? analyseSubBasins(db, { binWidth: 1 }).barriers : [];
  if (out.length === 0) {
    for (const e of db.events) {
      const b = e.barrier ?? e.activation_energy ?? e.activationEnergy;
      if (typeof b === 'number') out.push(b);
    }
  }
  return checkBarriers(file, out.filter((b) => b > 0));
}

function readCsv(file: string, text: string): { barriers: number[]; weights?: number[] } {
  const lines = text.split(/\r?\n/).map((l, i) => ({ l: l.trim(), n: i + 1 })).filter((x) => x.l !== '' && !x.l.startsWith('#'));
  if (lines.length < 2) throw new InputError(`${file}: expected a header line and at least one barrier`);
  const head = lines[0].l.split(/[,;\t]/).map((c) => c.trim().toLowerCase());
  const kb = head.findIndex((c) => /^(barrier|e_a|ea|activation_energy)/.test(c));
  const kw = head.findIndex((c) => c.startsWith('weight'));
  if (kb < 0) throw fileError(file, lines[0].n, `no barrier column (name it barrier, E_a or activation_energy); columns: ${head.join(', ')}`);
  const barriers: number[] = [];
  const weights: number[] = [];
  for (const { l, n } of lines.slice(1)) {
    const cells = l.split(/[,;\t]/);
    const b = Number(cells[kb]);
    if (!(b > 0)) throw fileError(file, n, `barrier must be a number > 0, got '${cells[kb] ?? ''}'`);
    barriers.push(b);
    if (kw >= 0) {
      const w = Number(cells[kw]);
      if (!(w >= 0)) throw fileError(file, n, `weight must be a number >= 0, got '${cells[kw] ?? ''}'`);
      weights.push(w);
    }
  }
  return { barriers, weights: kw >= 0 ? weights : undefined };
}

/** Reads barriers from a run directory (landscape.json), landscape.json, or a barrier list. */
export function readBarrierFile(path: string, unitsFlag?: string): BarrierFile {
  const units = unitsFlag ?? 'lj';
  if (!existsSync(path)) throw new InputError(`${path}: no such file or directory`);
  const file = statSync(path).isDirectory() ? join(path, 'landscape.json') : path;
  if (!existsSync(file)) throw new InputError(`${path}: no landscape.json in this run directory`);
  const text = readFileSync(file, 'utf8');
  const summary = join(dirname(file), 'summary.json');
  let Tg: number | undefined;
  if (basename(file) === 'landscape.json' && existsSync(summary)) {
    const s = JSON.parse(readFileSync(summary, 'utf8'));
    if (typeof s.Tg === 'number') Tg = s.Tg;
  }
  if (/\.csv$|\.txt$/i.test(file)) {
    const { barriers, weights } = readCsv(file, text);
    return { file, units, boltzmann: boltzmannOf(units, file), barriers, weights, Tg };
  }
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (Array.isArray(j)) return { file, units, boltzmann: boltzmannOf(units, file), barriers: checkBarriers(file, j), Tg };
  if (j === null || typeof j !== 'object') throw new InputError(`${file}: expected a landscape (minima, saddles) or a barrier list`);
  const o = j as Record<string, unknown>;
  const u = unitsFlag ?? (typeof o.units === 'string' ? o.units : units);
  if (Array.isArray(o.barriers)) {
    const weights = Array.isArray(o.weights) ? (o.weights as number[]) : undefined;
    return { file, units: u, boltzmann: boltzmannOf(u, file), barriers: checkBarriers(file, o.barriers), weights, Tg };
  }
  return { file, units: u, boltzmann: boltzmannOf(u, file), barriers: fromLandscape(file, text), Tg };
}
