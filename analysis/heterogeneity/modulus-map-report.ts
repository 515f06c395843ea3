/**
 * `betascape modulus-map`: the local elastic constants of a glass on a voxel grid, and the files
 * they go to: moduli.json and voxels.csv, the surface maps of G and E (.csv, .gsf, .svg), a slice
 * of G (.gsf), the histogram and autocorrelation of G (.svg), and summary.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeGsf } from '../../sim/io/gsf.js';
import { InputError } from '../../sim/errors.js';
import { boxVolume } from '../../sim/box.js';
import { gridDivisions } from './voxels.js';
import type { ForceField } from '../../sim/forces.js';
import type { State } from '../../sim/state.js';
import type { Units } from '../../sim/units.js';
import type { MinMethod, MinimizeResult } from '../../landscape/minimize/index.js';
import { localElasticity, type LocalElasticity, type LocalElasticityOptions } from './local-elasticity.js';
import { linearityCheck, LINEARITY_TOLERANCE, type LinearityCheck } from './linearity.js';
import { fluctuationElasticity, type FluctuationElasticity } from './fluctuation.js';
import { layersForDepth, sliceZ, surfaceMap, type Map2D } from './fields.js';
import { fieldOf, fieldStatistics, moduliFile, writeMapCsv, writeVoxelCsv, MODULI_FILE } from './report.js';
import { summarize } from './statistics.js';
import { acfFigure, distributionFigure, mapFigure } from '../plots/maps.js';
import { saveFigure } from '../plots/figure.js';

export interface ModulusMapOptions {
  /** The configuration's file, as the outputs name it. */
  source: string;
  /** The potential's one-line description. */
  potential: string;
  units: Units;
  /** Voxel edge W (length units); each edge gets round(L/W) voxels. */
  voxel: number;
  /** T = 0: strain amplitude of the central differences, force tolerance and minimizer of the relaxations. */
  delta: number;
  ftol: number;
  method: MinMethod;
  /** T = 0: repeat the strains at δ/10 and flag the voxels whose G moves (linearity.ts). */
  checkDelta?: boolean;
  /** T > 0: constants from the stress fluctuations of an NVT run at this temperature. */
  temperature: number;
  steps: number;
  every: number;
  equilibrate: number;
  seed: number;
  /** Depth averaged into the surface maps (default 2 voxels). */
  surfaceDepth?: number;
  /** Soft zones: voxels below this percentile of G. */
  softPercentile: number;
  bins: number;
  /** Progress of the MD ('step') or of the strains ('strain'). */
  onProgress?: (stage: 'step' | 'strain', k: number, n: number) => void;
}

/** Metres per length unit for .gsf files (reduced units stay as they are, labelled sigma). */
function gsfLength(units: 'lj' | 'metal'): { scale: number; unit: string } {
  return units === 'metal' ? { scale: 1e-10, unit: 'm' } : { scale: 1, unit: 'sigma' };
}

function writeMapGsf(path: string, m: Map2D, units: 'lj' | 'metal', title: string): void {
  const len = gsfLength(units);
  const z = units === 'metal' ? { scale: 1e9, unit: 'Pa' } : { scale: 1, unit: 'epsilon/sigma^3' };
  writeGsf(path, {
    xres: m.nx, yres: m.ny, values: Array.from(m.values, (v) => v * z.scale), xreal: m.nx * m.cell[0] * len.scale, yreal: m.ny * m.cell[1] * len.scale,
    xyUnits: len.unit, zUnits: z.unit, title,
  });
}

/** The command-line settings of a map that its flags' types do not check (one-line InputError naming the flag). */
export function checkMapFlags(a: {
  delta: number; 'soft-percentile': number; bins: number; temperature: number; steps: number; every: number; equilibrate: number; 'check-delta': boolean;
}): void {
  if (!(a.delta > 0 && a.delta < 0.05)) throw new InputError(`--delta: must be > 0 and < 0.05, got ${a.delta}`);
  if (a['check-delta'] && a.temperature > 0) throw new InputError('--check-delta: goes with the finite strains of --temperature 0, not with stress fluctuations');
  const sp = a['soft-percentile'];
  if (!(sp > 0 && sp < 100)) throw new InputError(`--soft-percentile: must be between 0 and 100, got ${sp}`);
  if (!(Number.isInteger(a.bins) && a.bins > 0)) throw new InputError(`--bins: must be a whole number > 0, got ${a.bins}`);
  if (!(a.temperature >= 0)) throw new InputError(`--temperature: must be >= 0, got ${a.temperature}`);
  for (const key of ['steps', 'every', 'equilibrate'] as const) {
    if (!(Number.isInteger(a[key]) && a[key] >= (key === 'equilibrate' ? 0 : 1))) throw new InputError(`--${key}: must be a whole number${key === 'equilibrate' ? ' >= 0' : ' > 0'}, got ${a[key]}`);
  }
}

/** Maps the local constants of the state (at T = 0 from its minimum, else by MD), writes the files into out, returns the summary. */
export function modulusMapReport(state: State, ff: ForceField, out: string, o: ModulusMapOptions) {
  const units = o.units.name;
  const lengthUnit = units === 'metal' ? 'Å' : 'sigma';
  const progress = (stage: 'step' | 'strain') => o.onProgress && ((k: number, n: number) => o.onProgress!(stage, k, n));
  // A voxel must hold atoms to have constants: refuse grids with far more voxels than atoms.
  const voxels = gridDivisions(state.box, o.voxel).reduce((a, b) => a * b, 1);
  if (voxels > state.n) throw new InputError(`--voxel ${o.voxel}: makes ${voxels} voxels for ${state.n} atoms; use a voxel of at least ${Number(Math.cbrt(boxVolume(state.box) / state.n).toPrecision(3))} ${lengthUnit}`);
  const t0 = performance.now();
  const fluct: FluctuationElasticity | null = o.temperature > 0
    ? fluctuationElasticity(state, ff, {
      temperature: o.temperature, steps: o.steps, every: o.every, equilibrate: o.equilibrate, seed: o.seed,
      dt: o.units.defaults.dt, damp: 100 * o.units.defaults.dt, voxel: o.voxel, units: o.units, onProgress: progress('step'),
    })
    : null;
  // Iterations of each strained relaxation: their growth with the box is what makes the cost per atom grow.
  const iterations: number[] = [];
  const onStrain = (k: number, n: number, r: MinimizeResult) => {
    iterations.push(r.iterations);
    progress('strain')?.(k, n);
  };
  const strainOptions: LocalElasticityOptions = {
    voxel: o.voxel, delta: o.delta, ftol: o.ftol, method: o.method, units: o.units, onStrain,
  };
  const le: LocalElasticity = fluct ?? localElasticity(state, ff, strainOptions);
  const linearity = o.checkDelta && !fluct ? linearityCheck(le, ff, strainOptions) : null;
  const finiteT = fluct
    ? {
      method: 'stress fluctuations', temperature: fluct.temperature, measured_temperature: fluct.measuredTemperature, samples: fluct.samples, steps: o.steps,
      global_sem: fluct.globalModuliSem, global_C_sem: Array.from(fluct.globalSem),
    }
    : { method: 'finite strain, T = 0' };
  const seconds = (performance.now() - t0) / 1000;
  mkdirSync(out, { recursive: true });
  const file = moduliFile(le, o.source, units, lengthUnit);
  writeFileSync(join(out, MODULI_FILE), JSON.stringify(file));
  writeVoxelCsv(join(out, 'voxels.csv'), le);
  if (linearity) writeLinearityCsv(join(out, 'linearity.csv'), le, linearity);

  const g = le.grid;
  const dims: [number, number, number] = [g.nx, g.ny, g.nz];
  const opts = { bins: o.bins, softPercentile: o.softPercentile };
  const Gfield = fieldOf(file, 'G');
  const local = { G: fieldStatistics(Gfield.values, dims, g.cell, opts), E: summarize(le.localModuli.E), K: summarize(le.localModuli.K), M: summarize(le.localModuli.M) };
  const layers = layersForDepth(Gfield, o.surfaceDepth ?? 2 * g.cell[2]);
  const surfaces = { G: surfaceMap(Gfield, layers), E: surfaceMap(fieldOf(file, 'E'), layers) };
  const surfaceStats = fieldStatistics(surfaces.G.values, [g.nx, g.ny, 1], [g.cell[0], g.cell[1], 1], opts);
  const unitLabel = le.unit;
  for (const name of ['G', 'E'] as const) {
    const m = surfaces[name];
    writeMapCsv(join(out, `surface-${name}.csv`), m, name);
    writeMapGsf(join(out, `surface-${name}.gsf`), m, units, `local ${name} averaged over the top ${layers} voxel layers`);
    saveFigure(mapFigure(m, { valueLabel: `${name} (${unitLabel})`, lengthUnit, title: `local ${name}, top ${layers} layer(s)` }), join(out, `surface-${name}.svg`));
  }
  const mid = Math.floor(g.nz / 2);
  writeMapGsf(join(out, 'slice-G.gsf'), sliceZ(Gfield, mid), units, `local G, voxel layer ${mid}`);
  saveFigure(distributionFigure(local.G.histogram, { label: 'voxels', xLabel: `local G (${unitLabel})`, title: `W = ${o.voxel} ${lengthUnit}` }), join(out, 'hist-G.svg'));
  saveFigure(acfFigure(local.G.autocorrelation, { lengthUnit, title: 'autocorrelation of local G' }), join(out, 'acf-G.svg'));

  const summary = {
    data: o.source, potential: o.potential, units, stress_unit: unitLabel, length_unit: lengthUnit, natoms: state.n,
    voxel: { requested: o.voxel, grid: dims, cell: g.cell, mean_atoms: state.n / dims.reduce((a, b) => a * b, 1), empty: g.atoms.filter((a) => a === 0).length },
    ...finiteT, strain: fluct ? null : o.delta, reference_energy: le.referenceEnergy, reference_stress: le.referenceStress,
    relaxation: fluct ? null : { method: o.method, worst_max_force: le.worstForce, unconverged: le.unconverged, iterations },
    linearity: linearity && {
      small_delta: linearity.smallDelta, tolerance: LINEARITY_TOLERANCE, voxels_off: linearity.offCount,
      largest_shift: linearity.largestShift, global_shift: linearity.globalShift,
    },
    global: file.global, global_C: file.globalC,
    local: {
      G: { ...local.G.summary, correlation_length: local.G.autocorrelation.correlationLength, soft_zones: local.G.softZones, histogram: local.G.histogram },
      E: local.E, K: local.K, M: local.M,
    },
    surface: { layers, depth: layers * g.cell[2], G: { ...surfaceStats.summary, correlation_length: surfaceStats.autocorrelation.correlationLength } },
    seconds,
  };
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1));
  return summary;
}

/** Per voxel: G at δ and at δ/10, and whether it moved by more than the tolerance (1 = off). */
function writeLinearityCsv(path: string, le: LocalElasticity, check: LinearityCheck): void {
  const g = le.grid;
  const lines = ['ix,iy,iz,G,G_small_delta,off'];
  for (let iz = 0, v = 0; iz < g.nz; iz++) {
    for (let iy = 0; iy < g.ny; iy++) {
      for (let ix = 0; ix < g.nx; ix++, v++) lines.push(`${ix},${iy},${iz},${le.localModuli.G[v]},${check.smallDeltaG[v]},${check.off[v]}`);
    }
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** One line on the δ/10 check of a summary. */
export function linearityText(l: { voxels_off: number; tolerance: number; largest_shift: number; global_shift: number }): string {
  const pct = (x: number, digits: number) => (100 * x).toFixed(digits);
  return `${l.voxels_off} voxels' G moved by > ${pct(l.tolerance, 0)} % of the mean (largest ${pct(l.largest_shift, 2)} %, box ${pct(l.global_shift, 3)} %): linearity.csv`;
}
