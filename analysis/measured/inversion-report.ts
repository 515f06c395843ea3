/**
 * `compare --invert`: the measured E''(T) at one frequency inverted into an activation-energy
 * spectrum g(E) (below its α peak, the α part subtracted, by default), in units of its k Tg, and
 * the simulated events' energies in units of their own k Tg as a kernel density beside it; the
 * report (inversion.json) and the figure (activation-spectrum.svg).
 */
import { InputError } from '../../sim/errors.js';
import { unitsByName } from '../../sim/units.js';
import { activationSpectrumFigure, type ActivationSeries } from '../plots/spectra.js';
import type { Figure } from '../plots/figure.js';
import type { LossSpectrum } from './compare.js';
import { activationDensity, invertLossSpectrum, selectForInversion, type InversionRange } from './inversion.js';
import { resolveTg, type TgSource } from './spectrum-tg.js';

export interface InversionSettings {
  /** Frequency of the measured E''(T) (Hz); default: the file's, else 1. */
  frequency?: number;
  /** Attempt time τ0 (s) of the relaxators. */
  tau0: number;
  range: InversionRange;
  subtractAlpha: boolean;
  /** A number >= 0, or auto (= gcv), gcv or lcurve. */
  lambda: string;
  TgSimulated?: number;
  TgMeasured?: number;
}

export interface InversionResult {
  report: ReturnType<typeof inversionRecord>;
  figure: () => Figure;
  /** The measured side's Tg, and why g(E) has no simulated overlay (if it has none). */
  TgMeasured: { Tg: number; source: TgSource };
  note?: string;
}

function parseLambda(text: string): number | 'gcv' | 'lcurve' {
  if (text === 'auto' || text === 'gcv') return 'gcv';
  if (text === 'lcurve') return 'lcurve';
  const v = Number(text);
  if (text.trim() === '' || !(v >= 0) || !Number.isFinite(v)) throw new InputError(`--lambda: expected a number >= 0, auto, gcv or lcurve, got '${text}'`);
  return v;
}

/** The frequency to invert at, and the rows measured at it. */
function inversionFrequency(meas: LossSpectrum, given: number | undefined): { f: number; source: 'option' | 'file' | 'default'; T: number[]; loss: number[] } {
  if (given !== undefined && !(given > 0 && Number.isFinite(given))) throw new InputError(`--frequency must be > 0, got ${given}`);
  const fs = meas.frequency;
  if (!fs || fs.length === 0) return { f: given ?? 1, source: given !== undefined ? 'option' : 'default', T: meas.T, loss: meas.loss };
  if (fs.length === 1) return { f: given ?? fs[0], source: given !== undefined ? 'option' : 'file', T: meas.T, loss: meas.loss };
  const lo = Math.min(...fs);
  const hi = Math.max(...fs);
  if (given === undefined) {
    if (hi > 1.01 * lo) throw new InputError(`${meas.file}: frequency: the file holds several frequencies (${lo}..${hi} Hz); --invert needs one: pass --frequency to use the rows at that frequency`);
    return { f: fs.reduce((a, v) => a + v, 0) / fs.length, source: 'file', T: meas.T, loss: meas.loss };
  }
  const rows = fs.map((v, i) => (Math.abs(v - given) <= 0.01 * given ? i : -1)).filter((i) => i >= 0);
  if (rows.length === 0) throw new InputError(`${meas.file}: frequency: no rows at --frequency ${given} (the file has ${lo}..${hi} Hz)`);
  return { f: given, source: 'option', T: rows.map((i) => meas.T[i]), loss: rows.map((i) => meas.loss[i]) };
}

/** Position of the maximum of g(x) and its mean ∫x g / ∫g (trapezoids). */
function peakAndMean(x: number[], g: number[]): { peak: number; mean: number } {
  let k = 0;
  g.forEach((v, i) => (v > g[k] ? (k = i) : 0));
  let a = 0;
  let m = 0;
  for (let j = 1; j < x.length; j++) {
    const d = 0.5 * (g[j] + g[j - 1]) * (x[j] - x[j - 1]);
    a += d;
    m += d * 0.5 * (x[j] + x[j - 1]);
  }
  return { peak: x[k], mean: a > 0 ? m / a : NaN };
}

/** Boltzmann constant of the measured side: its JSON's boltzmann/units, else eV/K (a DMA export is in K). */
function measuredBoltzmann(meas: LossSpectrum): number {
  return meas.boltzmann ?? (meas.units ? unitsByName(meas.units).boltz : unitsByName('metal').boltz);
}

/** The simulated events as a density over E/kTg on a grid covering them and the measured g(E). */
function simulatedDensity(sim: LossSpectrum, TgSimulated: number | undefined, x: number[]) {
  const TgS = resolveTg(TgSimulated, sim, 'simulated');
  const kS = sim.boltzmann!;
  const ex = sim.activation!.E.map((e) => e / (kS * TgS.Tg));
  const h = activationDensity(ex, sim.activation!.weight, [0], undefined).bandwidth;
  const lo = Math.min(x[0], Math.min(...ex) - 3 * h);
  const hi = Math.max(x[x.length - 1], Math.max(...ex) + 3 * h);
  const grid = Array.from({ length: 300 }, (_, j) => lo + ((hi - lo) * j) / 299);
  const dens = activationDensity(ex, sim.activation!.weight, grid, h).density;
  const st = peakAndMean(grid, dens);
  return {
    file: sim.file, Tg: TgS.Tg, Tg_source: TgS.source, boltzmann: kS, units: sim.units ?? null, n_events: ex.length,
    bandwidth_kTg: h, peak_E_over_kTg: st.peak, mean_E_over_kTg: st.mean, E_over_kTg: grid, density: dens,
  };
}

/** Inverts the measured spectrum and sets the simulated events beside it. */
export function invertMeasured(sim: LossSpectrum, meas: LossSpectrum, o: InversionSettings): InversionResult {
  const lambda = parseLambda(o.lambda);
  if (!(o.tau0 > 0 && Number.isFinite(o.tau0))) throw new InputError(`--tau0 must be > 0, got ${o.tau0}`);
  const freq = inversionFrequency(meas, o.frequency);
  const k = measuredBoltzmann(meas);
  const TgM = resolveTg(o.TgMeasured, meas, 'measured');
  const alphaShape = meas.alphaLoss && freq.T === meas.T ? meas.alphaLoss : undefined;
  if (freq.T.length < 7 && (o.range === 'below-alpha' || o.subtractAlpha)) {
    throw new InputError(`${meas.file}: ${freq.T.length} points; finding the α peak needs at least 7 (or use --invert-range all)`);
  }
  const sel = selectForInversion(freq.T, freq.loss, { range: o.range, subtractAlpha: o.subtractAlpha, alphaShape });
  if (sel.T.length < 3) throw new InputError(`${meas.file}: only ${sel.T.length} points ${o.range === 'below-alpha' ? 'below the α peak' : ''} to invert; need at least 3`);
  const inv = invertLossSpectrum(sel.T, sel.loss, { frequency: freq.f, tau0: o.tau0, boltzmann: k, lambda });
  const kTg = k * TgM.Tg;
  const x = inv.E.map((e) => e / kTg);
  const crudeX = inv.crude.E.map((e) => e / kTg);

  // The simulated side: event energies in units of its own k Tg.
  let note: string | undefined;
  if (!sim.activation) note = `${sim.file} has no activation_spectrum: measured inversion only`;
  else if (sim.Tg === undefined && o.TgSimulated === undefined) note = `${sim.file} has no Tg (and no --Tg-simulated): measured inversion only`;
  const simulated = note ? null : simulatedDensity(sim, o.TgSimulated, x);
  const report = inversionRecord(meas, o, freq, k, TgM, sel, inv, peakAndMean(x, inv.g), x, crudeX, simulated, note);
  const tgLabel = TgM.source === 'alpha-peak' ? 'Tg = measured T_α-peak (no --Tg-measured)' : `Tg = ${TgM.Tg.toPrecision(4)}`;
  const series: ActivationSeries[] = [
    { label: 'measured (inverted)', x, g: inv.g },
    { label: 'measured (crude)', x: crudeX, g: inv.crude.g, dashed: true },
  ];
  if (simulated) series.push({ label: 'simulated events', x: simulated.E_over_kTg, g: simulated.density });
  const figure = () => activationSpectrumFigure(series, { title: `Activation spectrum, f = ${freq.f} Hz, ${tgLabel}`, note });
  return { report, figure, TgMeasured: TgM, note };
}

function inversionRecord(
  meas: LossSpectrum, o: InversionSettings, freq: ReturnType<typeof inversionFrequency>, k: number, TgM: { Tg: number; source: TgSource },
  sel: ReturnType<typeof selectForInversion>, inv: ReturnType<typeof invertLossSpectrum>, stats: { peak: number; mean: number },
  x: number[], crudeX: number[], simulated: ReturnType<typeof simulatedDensity> | null, note: string | undefined,
) {
  return {
    measured: meas.file, frequency: freq.f, frequency_source: freq.source, tau0: o.tau0, L: inv.L, boltzmann: k,
    Tg_measured: TgM.Tg, Tg_measured_source: TgM.source, range: o.range, alpha_subtracted: sel.subtracted,
    alpha_peak_T: sel.alphaPeakT, n_points: sel.T.length, T_min: sel.T[0], T_max: sel.T[sel.T.length - 1],
    lambda: inv.lambda, lambda_rule: inv.lambdaRule, lambda_at_scan_edge: inv.lambdaAtScanEdge, residual_norm: inv.residualNorm,
    relative_residual: inv.residualNorm / Math.sqrt(sel.loss.reduce((a, v) => a + v * v, 0)), area: inv.area,
    peak_E_over_kTg: stats.peak, mean_E_over_kTg: stats.mean,
    E: inv.E, E_over_kTg: x, g: inv.g,
    data: { T: sel.T, loss: sel.loss, fitted: inv.fitted },
    crude: { E: inv.crude.E, E_over_kTg: crudeX, g: inv.crude.g },
    lambda_scan: inv.scan,
    simulated, note: note ?? null,
  };
}
