/**
 * What the study's figures read from a glass's analysis: GlassAnalysis (analysis/study/results.ts)
 * and the fields issue 19 adds to it (saturation and convergence of the sampling, the voxel-size
 * scan, CR-AFM units, the spectrum at the MD frequency, MD-DMA). Only the parts the figures read,
 * named as analysis.json writes them, each optional here so the figures of older runs still draw;
 * a figure whose field no glass has is left out.
 */
import type { GlassAnalysis } from '../study/results.js';
import type { CrafmResult, HeterogeneityResult } from '../study/stages.js';

/** Distinct saddles and distinct minima adjacent to the IS found after each attempt. */
export interface SaturationCurve { attempts: number[]; distinct_events: number[]; adjacent_minima: number[] }

/** The β measures (1 Hz event spectrum) and the sub-basin density from the first attempts[i] attempts. */
export interface ConvergenceCurve { attempts: number[]; beta_intensity: number[]; beta_peak_T_over_Tg: (number | null)[]; density: number[] }

/** The event spectrum at the MD-DMA frequency 1/period (time units), on the 1 Hz spectrum's T/Tg grid. */
export interface MdSpectrum { period: number; loss: number[] }

export interface DmaPoint {
  T_over_Tg: number;
  loss: number;
  loss_err: number;
  tan_delta: number;
  tan_delta_err: number;
  /** tan δ of the event spectrum at the same T and frequency. */
  event_tan_delta: number | null;
}

export interface DmaResult { period: number; time_unit: string; stress_unit: string; points: DmaPoint[] }

export type FigureGlass = GlassAnalysis & {
  subbasins: { saturation?: SaturationCurve };
  spectrum: { md?: MdSpectrum };
  heterogeneity: { voxel_scan?: HeterogeneityResult['voxel_scan'] };
  crafm: Partial<Pick<CrafmResult, 'units' | 'fluctuation_relative' | 'caveat'>>;
  convergence?: ConvergenceCurve | null;
  dma?: DmaResult | null;
};
