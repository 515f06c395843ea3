/**
 * The study's large glasses (config `large:`): a sample quenched again in a box big enough for its
 * correlation lengths (e.g. 32000 atoms, a 30 σ box), on which only the local moduli, the
 * simulated CR-AFM map and the voxel structure (structure-stage.ts) are computed; no activations, spectra or MD-DMA. Their numbers are reported
 * beside the sample's, per glass (one or a few seeds: no intervals).
 */
import { moduliStages, studyTask, type StudyTask } from './glass-analysis.js';
import type { CrafmResult, HeterogeneityResult } from './stages.js';
import type { StructureResult } from './structure-stage.js';
import { readSummary } from '../sweep/member.js';
import type { LoadedStudy } from './config.js';
import type { ReportTable } from './report.js';

export interface LargeGlassAnalysis {
  sample: string;
  seed: number;
  dir: string;
  n: number;
  e_IS: number;
  heterogeneity: HeterogeneityResult;
  crafm: CrafmResult;
  /** Absent in runs made before the structure stage. */
  structure?: StructureResult;
}

/** Local moduli and CR-AFM of one large glass (stages resumed from their files, as for the others). */
export function analyseLargeGlass(task: StudyTask, log: (m: string) => void = () => {}): LargeGlassAnalysis {
  const summary = readSummary(task.dir);
  const { heterogeneity, crafm, structure } = moduliStages(task, log);
  return { sample: task.sample, seed: task.seed, dir: task.dir, n: summary.n, e_IS: summary.e_is_per_atom, heterogeneity, crafm, structure };
}

/** The large glasses as tasks (their samples' analysis settings). */
export function largeTasks(study: LoadedStudy): StudyTask[] {
  return study.large.map((g) => studyTask(g, null, true));
}

/** One large glass in results.json. */
export function largeGlassRow(g: LargeGlassAnalysis) {
  const h = g.heterogeneity, c = g.crafm;
  return {
    sample: g.sample, seed: g.seed, n: g.n, dir: g.dir, e_IS: g.e_IS, grid: h.grid, voxel: h.cell[0],
    modulus_relative_width: h.modulus_relative_width, negative_voxels: h.negative_voxels,
    correlation_length: h.correlation_length, correlation_length_note: h.correlation_length_note,
    map_units: c.units, fluctuation_relative: c.fluctuation_relative, fluctuation_kHz: c.fluctuation_kHz,
    map_correlation_length_nm: c.correlation_length_nm, map_correlation_length_note: c.correlation_length_note,
    rho_G_volume: g.structure?.rho_G_volume ?? null, rho_G_icosahedral: g.structure?.rho_G_icosahedral ?? null,
    voxel_scan: h.voxel_scan ?? null,
  };
}

const g4 = (x: number | null) => (x !== null && Number.isFinite(x) ? String(Number(x.toPrecision(4))) : '–');
const g3 = (x: number) => String(Number(x.toPrecision(3)));

/** The report's table of the large glasses. */
export function largeGlassTable(large: LargeGlassAnalysis[]): ReportTable {
  return {
    title: 'Large glasses: correlation lengths',
    note: 'Each row is one glass (no interval); the voxel grid and the map are as for the other glasses of its sample, in a bigger box; the voxel scan gives each edge (in the sample\'s length unit) with the relative width of G on that grid.',
    head: ['sample', 'seed', 'atoms', 'voxel grid', 'e_IS', 'G relative width', 'G ≤ 0 voxels', 'G correlation length', 'frequency fluctuation (std/mean)', 'map correlation length (nm)', 'ρ(G, Voronoi volume)', 'voxel scan: edge → G relative width'],
    rows: large.map((g) => {
      const r = largeGlassRow(g);
      const length = (v: number | null, note: string | null) => (v === null && note ? `– (${note})` : g4(v));
      return [
        g.sample, String(g.seed), String(g.n), r.grid.join('×'), g4(r.e_IS), g4(r.modulus_relative_width), String(r.negative_voxels ?? '–'),
        length(r.correlation_length, r.correlation_length_note), g4(r.fluctuation_relative), length(r.map_correlation_length_nm, r.map_correlation_length_note), g4(r.rho_G_volume),
        r.voxel_scan?.map((p) => `${g3(p.voxel)} → ${g3(p.relative_width)}`).join(', ') || '–',
      ];
    }),
  };
}
