/**
 * What `betascape modulus-map` writes and `betascape crafm` reads back: the voxel fields of the
 * local moduli (moduli.json), a per-voxel CSV with every constant, and the statistics summary.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../sim/errors.js';
import type { Box } from '../../sim/box.js';
import type { LocalElasticity } from './local-elasticity.js';
import { voigtLabel, MODULUS_NAMES, type Moduli, type ModulusName } from './moduli.js';
import type { Field3D, Map2D } from './fields.js';
import { autocorrelation, histogram, softZones, summarize, type Autocorrelation, type SoftZones, type Summary } from './statistics.js';

export const MODULI_FILE = 'moduli.json';

/** The content of moduli.json. */
export interface ModuliFile {
  format: 'betascape-moduli-1';
  source: string;
  units: 'lj' | 'metal';
  /** Modulus unit ('epsilon/sigma^3' or 'GPa') and length unit ('sigma' or 'Å'). */
  stressUnit: string;
  lengthUnit: string;
  natoms: number;
  box: Box;
  delta: number;
  grid: { nx: number; ny: number; nz: number; cell: [number, number, number] };
  /** Box-level constants (6 × 6, Voigt order xx yy zz yz xz xy) and moduli. */
  globalC: number[][];
  global: Moduli & { G_yz: number; G_xz: number; G_xy: number };
  /** Per-voxel fields, index (iz * ny + iy) * nx + ix. */
  fields: Record<ModulusName | 'atoms', number[]>;
}

const moduliSchema = z.object({
  format: z.literal('betascape-moduli-1'),
  units: z.enum(['lj', 'metal']),
  stressUnit: z.string(),
  lengthUnit: z.string(),
  grid: z.object({ nx: z.number().int().positive(), ny: z.number().int().positive(), nz: z.number().int().positive(), cell: z.tuple([z.number(), z.number(), z.number()]) }),
  global: z.object({ E: z.number(), nu: z.number(), G: z.number() }).passthrough(),
  fields: z.object({ E: z.array(z.number().nullable()), G: z.array(z.number().nullable()) }).passthrough(),
}).passthrough();

export function moduliFile(le: LocalElasticity, source: string, units: 'lj' | 'metal', lengthUnit: string): ModuliFile {
  const g = le.grid;
  const C = Array.from({ length: 6 }, (_, a) => Array.from(le.global.subarray(6 * a, 6 * a + 6)));
  const fields = Object.fromEntries(MODULUS_NAMES.map((m) => [m, Array.from(le.localModuli[m])])) as ModuliFile['fields'];
  fields.atoms = Array.from(g.atoms);
  return {
    format: 'betascape-moduli-1', source, units, stressUnit: le.unit, lengthUnit, natoms: le.reference.n, box: { ...le.reference.box },
    delta: le.delta, grid: { nx: g.nx, ny: g.ny, nz: g.nz, cell: g.cell }, globalC: C,
    global: { ...le.globalModuli, G_yz: C[3][3], G_xz: C[4][4], G_xy: C[5][5] }, fields,
  };
}

export function readModuliFile(dir: string): ModuliFile {
  const path = join(dir, MODULI_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(`${path}: cannot read a modulus map (${(e as Error).message}); run 'betascape modulus-map --out ${dir}' first`);
  }
  const r = moduliSchema.safeParse(raw);
  if (!r.success) throw new InputError(`${path}: not a betascape modulus map (${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message})`);
  const f = raw as ModuliFile;
  const n = f.grid.nx * f.grid.ny * f.grid.nz;
  if (f.fields.E.length !== n) throw new InputError(`${path}: fields.E has ${f.fields.E.length} values for ${n} voxels`);
  return f;
}

export function fieldOf(f: ModuliFile, name: ModulusName): Field3D {
  return { nx: f.grid.nx, ny: f.grid.ny, nz: f.grid.nz, cell: f.grid.cell, values: Float64Array.from(f.fields[name], (v) => v ?? NaN) };
}

/** One row per voxel: indices, centre (fractional × edges), atoms, derived moduli, all 36 C_ab. */
export function writeVoxelCsv(path: string, le: LocalElasticity): void {
  const g = le.grid;
  const cols = ['ix', 'iy', 'iz', 'x', 'y', 'z', 'atoms', ...MODULUS_NAMES];
  for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) cols.push(voigtLabel(a, b));
  const lines = [cols.join(',')];
  for (let iz = 0, v = 0; iz < g.nz; iz++) {
    for (let iy = 0; iy < g.ny; iy++) {
      for (let ix = 0; ix < g.nx; ix++, v++) {
        const row: (number | string)[] = [ix, iy, iz, (ix + 0.5) * g.cell[0], (iy + 0.5) * g.cell[1], (iz + 0.5) * g.cell[2], g.atoms[v]];
        for (const m of MODULUS_NAMES) row.push(le.localModuli[m][v]);
        for (let k = 0; k < 36; k++) row.push(le.local[36 * v + k]);
        lines.push(row.join(','));
      }
    }
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** A 2-D map as CSV: ix, iy, x, y, value. */
export function writeMapCsv(path: string, m: Map2D, valueName: string): void {
  const lines = [`ix,iy,x,y,${valueName}`];
  for (let iy = 0; iy < m.ny; iy++) {
    for (let ix = 0; ix < m.nx; ix++) lines.push(`${ix},${iy},${(ix + 0.5) * m.cell[0]},${(iy + 0.5) * m.cell[1]},${m.values[iy * m.nx + ix]}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

export interface FieldStatistics {
  summary: Summary;
  histogram: { edges: number[]; counts: number[] };
  autocorrelation: Autocorrelation;
  softZones: SoftZones;
}

export function fieldStatistics(values: ArrayLike<number>, dims: [number, number, number], cell: [number, number, number], o: { bins?: number; softPercentile?: number } = {}): FieldStatistics {
  return {
    summary: summarize(values),
    histogram: histogram(values, o.bins ?? 30),
    autocorrelation: autocorrelation(values, dims, cell),
    softZones: softZones(values, dims, o.softPercentile ?? 10),
  };
}
