/**
 * The toy barrier model as `spectrum barriers` reports it: E''(T) of a barrier list as Debye
 * relaxators of a free strength plus a VFT α process, its α/β decomposition, the record it prints
 * as JSON and its files spectrum.json and spectrum.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { unitsByName } from '../../sim/units.js';
import { spectrumFigure } from '../plots/spectra.js';
import { saveFigure } from '../plots/figure.js';
import { readBarrierFile } from './barrier-file.js';
import { barrierSpectrum, debyePeakTemperature } from './barriers.js';
import { decomposeSpectrum } from './decompose.js';
import { MAX_SPECTRUM_POINTS } from './event-spectrum.js';

/** The settings `spectrum barriers` takes (its flags); the defaulted ones are in BARRIER_MODEL_DEFAULTS. */
export interface BarrierModelSettings {
  /** Energy units of a barrier list that does not say. */
  units?: string;
  /** f (Hz, or per time unit of tau0). */
  frequency?: number;
  /** Temperature units per minute: fixes the α fictive temperature. */
  heatingRate?: number;
  /** Attempt time τ0 of the β relaxators (s). */
  tau0?: number;
  /** Default: the run's summary.json Tg, else <E_a>/(26 k). */
  Tg?: number;
  fragility?: number;
  gamma?: number;
  betaStrength?: number;
  tauInf?: number;
  /** Temperature range (default 0.5 Tg .. 1.3 Tg) and how many temperatures. */
  TMin?: number;
  TMax?: number;
  points?: number;
}

export const BARRIER_MODEL_DEFAULTS = {
  frequency: 1, heatingRate: 3, tau0: 1e-13, fragility: 40, gamma: 0.5, betaStrength: 0.1, tauInf: 1e-14, points: 161,
} as const;

/** What --json prints and spectrum.json holds. */
export type BarrierModelRecord = ReturnType<typeof barrierModelSpectrum>;

/** The model spectrum of the barriers in `run` (a run directory, landscape.json, or a barrier CSV/JSON). */
export function barrierModelSpectrum(run: string, settings: BarrierModelSettings) {
  const s = { ...BARRIER_MODEL_DEFAULTS, ...settings };
  const b = readBarrierFile(run, s.units);
  const k = b.boltzmann;
  const meanE = b.barriers.reduce((a, x) => a + x, 0) / b.barriers.length;
  const Tg = s.Tg ?? b.Tg ?? meanE / (26 * k);
  const TgSource = s.Tg !== undefined ? '--Tg' : b.Tg !== undefined ? 'summary.json' : 'estimate <E_a>/(26 k_B)';
  if (!(Tg > 0)) throw new InputError(`--Tg must be > 0, got ${Tg}`);
  const tMin = s.TMin ?? 0.5 * Tg;
  const tMax = s.TMax ?? 1.3 * Tg;
  if (!(tMax > tMin && tMin > 0)) throw new InputError('--T-min and --T-max must satisfy 0 < T-min < T-max');
  if (!(Number.isInteger(s.points) && s.points >= 7 && s.points <= MAX_SPECTRUM_POINTS)) throw new InputError(`--points must be a whole number from 7 to ${MAX_SPECTRUM_POINTS}`);
  if (!(s.gamma > 0 && s.gamma <= 1)) throw new InputError(`--gamma: the KWW stretching must be in (0, 1], got ${s.gamma}`);
  const temps = Array.from({ length: s.points }, (_, i) => tMin + ((tMax - tMin) * i) / (s.points - 1));
  const model = {
    barriers: b.barriers, weights: b.weights, boltzmann: k, tau0: s.tau0, betaStrength: s.betaStrength,
    alpha: { Tg, fragility: s.fragility, tauG: 100, tauInf: s.tauInf, gamma: s.gamma },
  };
  const sp = barrierSpectrum(model, temps, s.frequency, s.heatingRate);
  // The model's own α loss is the α form of the decomposition (no sech bias from a broad α).
  const alphaLoss = sp.map((p) => p.alphaLoss);
  const d = decomposeSpectrum(temps, sp.map((p) => p.loss), { alphaShape: alphaLoss.some((v) => v > 0) ? alphaLoss : undefined });
  return {
    source: b.file, units: b.units, n_barriers: b.barriers.length, frequency: s.frequency, heating_rate: s.heatingRate, tau0: s.tau0,
    Tg, Tg_source: TgSource, temperature_unit: unitsByName(b.units).labels.temperature, fragility: s.fragility, gamma: s.gamma, beta_strength: s.betaStrength,
    mean_barrier: meanE, debye_peak_T_of_mean_barrier: debyePeakTemperature(meanE, k, s.frequency, s.tau0),
    temperature: temps, storage_modulus: sp.map((p) => p.storage), loss_modulus: sp.map((p) => p.loss),
    alpha_loss: alphaLoss, beta_loss: sp.map((p) => p.betaLoss),
    decomposition: { alpha_peak_T: d.alphaPeakT, beta_peak_T: d.betaPeakT, beta_intensity: d.betaIntensity, kind: d.kind },
  };
}

/** Writes spectrum.json and spectrum.svg (E''(T) normalised at its α peak) into dir (made if missing). */
export function writeBarrierModelSpectrum(dir: string, record: BarrierModelRecord): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'spectrum.json'), JSON.stringify(record, null, 2) + '\n');
  const fig = spectrumFigure([{ label: `model (${record.n_barriers} barriers)`, T: record.temperature, loss: record.loss_modulus }], {
    normalise: 'alpha-peak', title: `E''(T) at ${record.frequency} Hz`,
  });
  saveFigure(fig, join(dir, 'spectrum.svg'));
}
