/**
 * `plot map RUN_DIR`: a heat map from a run directory: the simulated CR-AFM frequency map
 * (frequency.csv of `betascape crafm`), or one z slice of a local-modulus field of moduli.json
 * (`betascape modulus-map`, or a study glass's directory).
 */
import { dirname } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { readCsvColumns } from '../../sim/io/csv-units.js';
import { readModuliFile, fieldOf } from '../heterogeneity/report.js';
import { sliceZ, type Map2D } from '../heterogeneity/fields.js';
import { MODULUS_NAMES, type ModulusName } from '../heterogeneity/moduli.js';
import { mapFigure } from './maps.js';
import { runFile, writeRunFigure } from './run-figure.js';

export interface MapPlotSettings {
  /** Modulus field of moduli.json (default G). */
  field?: string;
  /** Voxel layer of the slice, 0 at the bottom (default: the middle one). */
  slice?: number;
  out?: string;
}

/** The pixel map of a crafm frequency.csv (ix,iy,x,y,f_kHz; x and y in nm). */
function crafmMap(file: string): Map2D {
  const c = readCsvColumns(file, ['ix', 'iy', 'x', 'y', 'f_kHz']);
  const nx = Math.max(...c.ix) + 1, ny = Math.max(...c.iy) + 1;
  if (!(c.ix.length === nx * ny)) throw new InputError(`${file}: ${c.ix.length} rows for a ${nx} × ${ny} map`);
  const values = new Float64Array(nx * ny);
  c.ix.forEach((ix, k) => { values[c.iy[k] * nx + ix] = c.f_kHz[k]; });
  return { nx, ny, cell: [2 * c.x[0], 2 * c.y[0]], values };
}

export function mapReport(dir: string, o: MapPlotSettings = {}) {
  const file = runFile(dir, ['frequency.csv', 'moduli.json'], "plot map needs the --out directory of 'betascape crafm' or 'betascape modulus-map' (or a study glass's)");
  if (file.endsWith('frequency.csv')) {
    if (o.field !== undefined || o.slice !== undefined) throw new InputError(`--field/--slice: ${file} is a CR-AFM surface map, with no fields or slices`);
    const m = crafmMap(file);
    const fig = mapFigure(m, { valueLabel: 'contact resonance (kHz)', lengthUnit: 'nm', title: `simulated CR-AFM: ${dir}` });
    return { file, kind: 'crafm', nx: m.nx, ny: m.ny, files: writeRunFigure(fig, dir, 'map', o.out) };
  }
  const moduli = readModuliFile(dirname(file));
  const name = (o.field ?? 'G') as ModulusName;
  if (!MODULUS_NAMES.includes(name)) throw new InputError(`--field: one of ${MODULUS_NAMES.join(', ')}, got '${o.field}'`);
  const f = fieldOf(moduli, name);
  const k = o.slice ?? Math.floor(f.nz / 2);
  const m = sliceZ(f, k);
  const fig = mapFigure(m, {
    valueLabel: `${name} (${moduli.stressUnit})`, lengthUnit: moduli.lengthUnit,
    title: `${name}, slice ${k} of ${f.nz} (z ${(k * f.cell[2]).toPrecision(3)} to ${((k + 1) * f.cell[2]).toPrecision(3)} ${moduli.lengthUnit})`,
  });
  return { file, kind: 'moduli', field: name, slice: k, layers: f.nz, files: writeRunFigure(fig, dir, `map-${name}`, o.out) };
}
