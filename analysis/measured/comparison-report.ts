/**
 * `compare`: a simulated and a measured loss spectrum normalised as the paper's Fig. 2 draws them,
 * on T/T_α-peak or on T/Tg, with the optional inversion of the measured one into an
 * activation-energy spectrum; the report (compare.json, and --json), the notes the user should
 * read, and the files compare.json, compare.svg (with the inversion also inversion.json and
 * activation-spectrum.svg).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spectrumFigure } from '../plots/spectra.js';
import { saveFigure, type Figure } from '../plots/figure.js';
import type { Decomposition } from '../spectra/decompose.js';
import type { ImportOptions } from './import.js';
import { compareSpectra, loadLossSpectrum, type Comparison, type TemperatureAxis } from './compare.js';
import { invertMeasured, type InversionResult, type InversionSettings } from './inversion-report.js';
import { resolveTg } from './spectrum-tg.js';

/** The settings `compare` takes (its flags); the defaulted ones are in COMPARISON_DEFAULTS. */
export interface ComparisonSettings extends Partial<InversionSettings> {
  axis?: TemperatureAxis;
  /** Invert the measured spectrum too (the InversionSettings apply). */
  invert?: boolean;
  /** How to read a DMA export. */
  import?: ImportOptions;
}

export const COMPARISON_DEFAULTS = {
  axis: 'alpha-peak', invert: false, tau0: 1e-13, range: 'below-alpha', subtractAlpha: true, lambda: 'auto',
} as const;

export interface ComparisonResult {
  comparison: Comparison;
  /** compare.json. */
  report: Record<string, unknown>;
  inversion?: InversionResult;
  /** What --json prints: the report, with the inversion's under `inversion`. */
  record: Record<string, unknown>;
  /** Things the user should know (a Tg taken from the α peak, a missing overlay, λ at its scan's end). */
  notes: string[];
  figure: () => Figure;
}

const decompositionRecord = (x: Decomposition) => ({ alpha_peak_T: x.alphaPeakT, beta_peak_T: x.betaPeakT, beta_intensity: x.betaIntensity, kind: x.kind });

/** Compares the spectra in the files `simulated` and `measured`. */
export function compareLossSpectra(simulated: string, measured: string, settings: ComparisonSettings): ComparisonResult {
  const s = { ...COMPARISON_DEFAULTS, ...settings };
  const sim = loadLossSpectrum(simulated, s.import);
  const meas = loadLossSpectrum(measured, s.import);
  const notes: string[] = [];
  const byTg = s.axis === 'Tg';
  const TgS = byTg ? resolveTg(s.TgSimulated, sim, 'simulated') : undefined;
  const TgM = byTg ? resolveTg(s.TgMeasured, meas, 'measured') : undefined;
  if (byTg) {
    for (const [t, name] of [[TgS!, 'simulated'], [TgM!, 'measured']] as const) {
      if (t.source === 'alpha-peak') notes.push(`no ${name} Tg (--Tg-${name}${name === 'simulated' ? ' or a Tg field' : ''}): using its α-peak temperature ${t.Tg.toPrecision(4)} as Tg`);
    }
  }
  const c = compareSpectra(sim, meas, 200, { axis: s.axis, TgSimulated: TgS?.Tg, TgMeasured: TgM?.Tg });
  const report: Record<string, unknown> = {
    simulated, measured, axis: s.axis, rmse: c.rmse, beta_peak_shift: c.betaPeakShift, beta_intensity_difference: c.betaIntensityDifference,
    simulated_decomposition: decompositionRecord(c.simulatedDecomposition), measured_decomposition: decompositionRecord(c.measuredDecomposition),
  };
  if (byTg) {
    Object.assign(report, {
      Tg_simulated: TgS!.Tg, Tg_simulated_source: TgS!.source, Tg_measured: TgM!.Tg, Tg_measured_source: TgM!.source,
      grid_T_over_Tg: c.grid,
    });
  } else report.grid_T_over_Talpha = c.grid;
  Object.assign(report, { simulated_normalised: c.simulated, measured_normalised: c.measured });
  const inversion = s.invert ? invertMeasured(sim, meas, s) : undefined;
  if (inversion) {
    if (inversion.TgMeasured.source === 'alpha-peak' && !byTg) notes.push(`no measured Tg (--Tg-measured): E is scaled by k T_α-peak = k·${inversion.TgMeasured.Tg.toPrecision(4)} K`);
    if (inversion.note) notes.push(inversion.note);
    if (inversion.report.lambda_at_scan_edge) {
      notes.push(`inversion: ${inversion.report.lambda_rule} chose λ = ${inversion.report.lambda.toPrecision(2)} at the end of its scan (1e-4..1e2): no interior optimum (noise-free or correlated data?); consider --lambda`);
    }
  }
  const figure = () => spectrumFigure([
    { label: 'simulated', T: sim.T, loss: sim.loss, Tscale: TgS?.Tg },
    { label: 'measured', T: meas.T, loss: meas.loss, markers: true, Tscale: TgM?.Tg },
  ], { title: `RMSE ${c.rmse.toFixed(3)}`, normalise: s.axis });
  const record = inversion ? { ...report, inversion: inversion.report } : report;
  return { comparison: c, report, inversion, record, notes, figure };
}

/** Writes compare.json and compare.svg (with the inversion inversion.json and activation-spectrum.svg) into dir. */
export function writeComparison(dir: string, result: ComparisonResult): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compare.json'), JSON.stringify(result.report, null, 2) + '\n');
  saveFigure(result.figure(), join(dir, 'compare.svg'));
  if (result.inversion) {
    writeFileSync(join(dir, 'inversion.json'), JSON.stringify(result.inversion.report, null, 2) + '\n');
    saveFigure(result.inversion.figure(), join(dir, 'activation-spectrum.svg'));
  }
}
