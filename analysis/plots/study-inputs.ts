/**
 * What the study's figures read from a glass: its analysis.json (GlassAnalysis). The fields issue
 * 19 added (saturation, convergence, voxel scan, CR-AFM units, the MD-frequency spectrum, MD-DMA)
 * are absent in older files; a figure whose field no glass has is left out.
 */
import type { GlassAnalysis } from '../study/results.js';
import type { DmaResult } from '../study/dma-stage.js';

export type FigureGlass = GlassAnalysis;
export type DmaPoint = DmaResult['points'][number];
