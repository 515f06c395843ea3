/**
 * A database of minima and first-order saddles of one system, filled from activation events, and
 * its files:
 *
 *   landscape.json  the records (type LandscapeJson, landscape-json.ts); a saddle's adjacency
 *                   ('exact' | 'local' | 'none') says whether its − side (minA) is the initial
 *                   minimum, exactly or where the event happens
 *   min.data, ts.data  PATHSAMPLE / pele text format: line k of min.data is minimum k,
 *                   "energy fvib pgorder Ix Iy Iz"; ts.data "energy fvib pgorder minA minB Ix Iy Iz".
 *                   Vibrational free energies, point groups and moments of inertia are not computed
 *                   here: fvib is written as 0, pgorder 1 and the moments 1 1 1 (as pele writes
 *                   missing values), so only energies and connectivity carry information
 *   events.csv      one row per activation event
 *   minima.dump, saddles.dump  LAMMPS dumps, one frame per record, TIMESTEP = its id
 *
 * A new minimum (saddle) is the same as a stored one when their energies differ by less than
 * `energyTolerance` and no atom is displaced by more than `displacementTolerance` between them
 * (minimum image); saddles must also join the same pair of minima.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minimumImageDisplacement, type Box } from '../sim/box.js';
import type { State } from '../sim/state.js';
import type { UnitsName } from '../sim/units.js';
import { formatDumpFrame } from '../sim/io/lammps-dump.js';
import { writeFileAtomic } from '../sim/io/checkpoint.js';
import { maxAtomNormSq } from './vec.js';
import type { LandscapeJson } from './landscape-json.js';

export interface DedupCriteria {
  energyTolerance: number;
  displacementTolerance: number;
}

export type Extras = Record<string, number | string | boolean | null>;

export interface MinimumRecord {
  id: number;
  energy: number;
  /** Unwrapped coordinates (3N). */
  x: Float64Array;
  /** How many times an event reached it. */
  hits: number;
  extras: Extras;
}

export interface SaddleRecord {
  id: number;
  energy: number;
  minA: number;
  minB: number;
  /** The minimum the activation that found it started from. */
  initial: number;
  x: Float64Array;
  hits: number;
  extras: Extras;
}

export type EventRecord = Record<string, number | string | boolean | null>;

export class LandscapeDatabase {
  readonly minima: MinimumRecord[] = [];
  readonly saddles: SaddleRecord[] = [];
  readonly events: EventRecord[] = [];

  constructor(
    readonly box: Box, readonly nAtoms: number, readonly units: UnitsName, readonly criteria: DedupCriteria,
    /** Event-region radius of the adjacency judgement (landscape/saddles/adjacency.ts), recorded in landscape.json. */
    readonly adjacencyRadius?: number,
  ) {}

  /** The id of an equal stored minimum, or of a new record. */
  addMinimum(x: Float64Array, energy: number, extras: Extras = {}): number {
    const same = this.minima.find((m) => this.same(m, x, energy));
    if (same) {
      same.hits++;
      return same.id;
    }
    const id = this.minima.length + 1;
    this.minima.push({ id, energy, x: x.slice(), hits: 1, extras });
    return id;
  }

  /** The id of an equal stored saddle joining the same minima, or of a new record; `isNew` says which. */
  addSaddle(x: Float64Array, energy: number, minA: number, minB: number, initial: number, extras: Extras = {}): { id: number; isNew: boolean } {
    const pair = (s: SaddleRecord) => (s.minA === minA && s.minB === minB) || (s.minA === minB && s.minB === minA);
    const same = this.saddles.find((s) => pair(s) && this.same(s, x, energy));
    if (same) {
      same.hits++;
      return { id: same.id, isNew: false };
    }
    const id = this.saddles.length + 1;
    this.saddles.push({ id, energy, minA, minB, initial, x: x.slice(), hits: 1, extras });
    return { id, isNew: true };
  }

  addEvent(e: EventRecord): void {
    this.events.push(e);
  }

  private same(r: { energy: number; x: Float64Array }, x: Float64Array, energy: number): boolean {
    if (Math.abs(r.energy - energy) >= this.criteria.energyTolerance) return false;
    return Math.sqrt(maxAtomNormSq(minimumImageDisplacement(this.box, r.x, x))) <= this.criteria.displacementTolerance;
  }

  toJSON(): LandscapeJson {
    return {
      units: this.units,
      n_atoms: this.nAtoms,
      dedup: { energy_tolerance: this.criteria.energyTolerance, displacement_tolerance: this.criteria.displacementTolerance },
      ...(this.adjacencyRadius === undefined ? {} : { adjacency_radius: this.adjacencyRadius }),
      minima: this.minima.map((m) => ({ id: m.id, energy: m.energy, hits: m.hits, ...m.extras })),
      saddles: this.saddles.map((s) => ({
        id: s.id, energy: s.energy, minA: s.minA, minB: s.minB, initial: s.initial, hits: s.hits, ...s.extras,
      })),
      events: this.events,
    };
  }

  /** Writes landscape.json, min.data, ts.data, events.csv and the two dumps into `dir`. */
  write(dir: string, template: State): void {
    writeFileAtomic(join(dir, 'landscape.json'), JSON.stringify(this.toJSON(), null, 1) + '\n');
    const g = (v: number) => v.toPrecision(17);
    writeFileSync(join(dir, 'min.data'), this.minima.map((m) => `${g(m.energy)} 0.0 1 1.0 1.0 1.0\n`).join(''));
    writeFileSync(join(dir, 'ts.data'), this.saddles.map((s) => `${g(s.energy)} 0.0 1 ${s.minA} ${s.minB} 1.0 1.0 1.0\n`).join(''));
    writeFileSync(join(dir, 'events.csv'), toCsv(this.events));
    writeFileSync(join(dir, 'minima.dump'), this.minima.map((m) => frame(template, m.x, m.id)).join(''));
    writeFileSync(join(dir, 'saddles.dump'), this.saddles.map((s) => frame(template, s.x, s.id)).join(''));
  }
}

const DUMP_COLUMNS = ['id', 'type', 'xu', 'yu', 'zu'];

/** One dump frame of the configuration x (unwrapped) with the template's box, types and ids. */
function frame(template: State, x: Float64Array, id: number): string {
  const s: State = { ...template, x, image: new Int32Array(x.length), step: id };
  return formatDumpFrame(s, DUMP_COLUMNS);
}

function toCsv(rows: EventRecord[]): string {
  if (rows.length === 0) return '';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
