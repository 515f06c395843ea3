/**
 * Comparison of two loss spectra as the paper plots them: each normalised (E''/E''_max against
 * T/T_α-peak, both taken at the largest data point, as the figure draws them; or against T/Tg with
 * each spectrum's own Tg, `axis: 'Tg'`), interpolated linearly onto a common grid over the overlap of
 * their scaled ranges; RMSE of the normalised loss; β peak shift (in the same scaled temperature) and
 * β intensity difference from the α/β decomposition of each (analysis/spectra/decompose.ts).
 * A spectrum JSON may also carry `Tg`, `boltzmann`, `units` and an `activation_spectrum`
 * {E, weight} (the `spectrum events` output): they are read and checked here (one-line InputError
 * naming the file and the field), for the T/Tg axis and the activation-spectrum overlay.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../sim/errors.js';
import { unitsByName } from '../../sim/units.js';
import { decomposeSpectrum, type Decomposition } from '../spectra/decompose.js';
import { importDmaFile, type ImportOptions } from './import.js';

export interface LossSpectrum {
  file: string;
  T: number[];
  loss: number[];
  /** The α part when the file holds it (a model spectrum): the decomposition's α form. */
  alphaLoss?: number[];
  /** Frequencies (Hz or 1/time unit): a DMA export's frequency column, or a spectrum JSON's `frequency`. */
  frequency?: number[];
  /** From a spectrum JSON, when it has them. */
  Tg?: number;
  boltzmann?: number;
  units?: 'lj' | 'metal';
  /** Event energies (energy units) and their relaxation strengths (`activation_spectrum`). */
  activation?: { E: number[]; weight: number[] };
}

const isNumberArray = (a: unknown): a is number[] => Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Tg, boltzmann, units and activation_spectrum of a spectrum JSON, each checked when present. */
function spectrumExtras(file: string, j: Record<string, unknown>): Pick<LossSpectrum, 'Tg' | 'boltzmann' | 'units' | 'activation'> {
  const positive = (key: string): number | undefined => {
    const v = j[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new InputError(`${file}: ${key}: expected a positive number, got ${JSON.stringify(v)}`);
    return v;
  };
  const Tg = positive('Tg');
  let boltzmann = positive('boltzmann');
  let units: LossSpectrum['units'];
  if (j.units !== undefined && j.units !== null) {
    if (j.units !== 'lj' && j.units !== 'metal') throw new InputError(`${file}: units: expected 'lj' or 'metal', got ${JSON.stringify(j.units)}`);
    units = j.units;
  }
  let activation: LossSpectrum['activation'];
  const a = j.activation_spectrum as Record<string, unknown> | undefined | null;
  if (a !== undefined && a !== null) {
    if (typeof a !== 'object' || Array.isArray(a)) throw new InputError(`${file}: activation_spectrum: expected an object {E: [...], weight: [...]}`);
    if (a.E === undefined) throw new InputError(`${file}: activation_spectrum.E: missing (expected an array of event energies)`);
    if (!isNumberArray(a.E) || a.E.length === 0) throw new InputError(`${file}: activation_spectrum.E: expected a non-empty array of finite numbers`);
    if (a.weight === undefined) throw new InputError(`${file}: activation_spectrum.weight: missing (expected one relaxation strength per energy in activation_spectrum.E)`);
    if (!isNumberArray(a.weight) || a.weight.some((w) => w < 0)) throw new InputError(`${file}: activation_spectrum.weight: expected an array of numbers >= 0`);
    if (a.weight.length !== a.E.length) throw new InputError(`${file}: activation_spectrum.weight: ${a.weight.length} values for ${a.E.length} energies`);
    if (!a.weight.some((w) => w > 0)) throw new InputError(`${file}: activation_spectrum.weight: all zero`);
    activation = { E: a.E, weight: a.weight };
    if (boltzmann === undefined && units !== undefined) boltzmann = unitsByName(units).boltz;
    if (boltzmann === undefined) throw new InputError(`${file}: boltzmann: missing (needed to scale activation_spectrum.E by k Tg; or give units 'lj' or 'metal')`);
  }
  return { Tg, boltzmann, units, activation };
}

/**
 * A spectrum from any file the project writes or imports: `spectrum barriers` JSON
 * ({temperature, loss_modulus}), `spectrum events` JSON ({T, loss} arrays), `measured --json` ({temperature_K, loss_modulus_Pa}), an MD-DMA
 * results.json (rows with T, loss), or a DMA export (CSV/TSV/TXT). A spectrum JSON's `alpha_loss`
 * array, when present, is kept as the α form for the decomposition.
 */
export function loadLossSpectrum(file: string, opts: ImportOptions = {}): LossSpectrum {
  if (/\.json$/i.test(file)) {
    let j: any;
    try {
      j = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new InputError(`${file}: ${(e as NodeJS.ErrnoException).code ? `cannot read (${(e as NodeJS.ErrnoException).code})` : 'not valid JSON'}`);
    }
    let T: unknown, loss: unknown;
    if (Array.isArray(j)) [T, loss] = [j.map((r: any) => r?.T), j.map((r: any) => r?.loss)];
    else [T, loss] = [j?.temperature ?? j?.temperature_K ?? j?.T, j?.loss_modulus ?? j?.loss_modulus_Pa ?? j?.loss];
    if (!Array.isArray(T) || !Array.isArray(loss) || T.length !== loss.length || T.some((x) => typeof x !== 'number') || loss.some((x) => typeof x !== 'number')) {
      throw new InputError(`${file}: expected temperature and loss_modulus arrays (spectrum JSON), temperature_K and loss_modulus_Pa, T and loss arrays, or rows with T and loss`);
    }
    const alpha = Array.isArray(j) ? undefined : j?.alpha_loss;
    const alphaLoss = Array.isArray(alpha) && alpha.length === T.length && alpha.every((x) => typeof x === 'number') && alpha.some((x) => x > 0) ? (alpha as number[]) : undefined;
    if (Array.isArray(j) || typeof j !== 'object' || j === null) return { file, T: T as number[], loss: loss as number[], alphaLoss };
    const f = j.frequency;
    const frequency = typeof f === 'number' && f > 0 ? [f] : isNumberArray(f) && f.length === (T as number[]).length ? f : undefined;
    return { file, T: T as number[], loss: loss as number[], alphaLoss, frequency, ...spectrumExtras(file, j) };
  }
  const m = importDmaFile(file, opts);
  return { file, T: m.temperature_K, loss: m.loss_modulus_Pa, frequency: m.frequency_Hz };
}

function interpolate(x: number[], y: number[], at: number): number {
  let k = 0;
  while (k < x.length - 2 && x[k + 1] < at) k++;
  const f = (at - x[k]) / (x[k + 1] - x[k]);
  return y[k] + f * (y[k + 1] - y[k]);
}

export type TemperatureAxis = 'alpha-peak' | 'Tg';

export interface CompareOptions {
  /** 'alpha-peak' (default): T / T_α-peak; 'Tg': T / Tg with each spectrum's Tg. */
  axis?: TemperatureAxis;
  TgSimulated?: number;
  TgMeasured?: number;
}

export interface Comparison {
  axis: TemperatureAxis;
  /** The temperature each spectrum was divided by (its T_α-peak, or its Tg). */
  scaleSimulated: number;
  scaleMeasured: number;
  grid: number[];
  simulated: number[];
  measured: number[];
  rmse: number;
  betaPeakShift: number | null;
  betaIntensityDifference: number;
  simulatedDecomposition: Decomposition;
  measuredDecomposition: Decomposition;
}

/**
 * E''/E''_max against T/Tscale; Tscale defaults to the temperature of the largest data point
 * (T_α-peak, as the paper and the figure scale).
 */
function sortedScaled(s: LossSpectrum, Tscale?: number): { x: number[]; y: number[]; scale: number } {
  const idx = s.T.map((_, i) => i).sort((a, b) => s.T[a] - s.T[b]);
  const top = idx.reduce((a, i) => (s.loss[i] > s.loss[a] ? i : a));
  const scale = Tscale ?? s.T[top];
  return { x: idx.map((i) => s.T[i] / scale), y: idx.map((i) => s.loss[i] / s.loss[top]), scale };
}

export function compareSpectra(sim: LossSpectrum, meas: LossSpectrum, points = 200, o: CompareOptions = {}): Comparison {
  const axis = o.axis ?? 'alpha-peak';
  if (axis === 'Tg') {
    for (const [Tg, which] of [[o.TgSimulated, 'simulated'], [o.TgMeasured, 'measured']] as const) {
      if (!(typeof Tg === 'number' && Tg > 0 && Number.isFinite(Tg))) throw new InputError(`the T/Tg axis needs the ${which} Tg (> 0), got ${Tg}`);
    }
  }
  const ds = decomposeSpectrum(sim.T, sim.loss, { alphaShape: sim.alphaLoss });
  const dm = decomposeSpectrum(meas.T, meas.loss, { alphaShape: meas.alphaLoss });
  const a = sortedScaled(sim, axis === 'Tg' ? o.TgSimulated : undefined);
  const b = sortedScaled(meas, axis === 'Tg' ? o.TgMeasured : undefined);
  const lo = Math.max(a.x[0], b.x[0]);
  const hi = Math.min(a.x[a.x.length - 1], b.x[b.x.length - 1]);
  const label = axis === 'Tg' ? 'T/Tg' : 'T/T_α-peak';
  if (!(hi > lo)) throw new InputError(`${sim.file} and ${meas.file}: the scaled temperature ranges (${label}) do not overlap`);
  const grid = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const ys = grid.map((x) => interpolate(a.x, a.y, x));
  const ym = grid.map((x) => interpolate(b.x, b.y, x));
  const rmse = Math.sqrt(ys.reduce((acc, v, i) => acc + (v - ym[i]) ** 2, 0) / points);
  const sScale = axis === 'Tg' ? a.scale : ds.alphaPeakT;
  const mScale = axis === 'Tg' ? b.scale : dm.alphaPeakT;
  const shift = ds.betaPeakT !== null && dm.betaPeakT !== null ? ds.betaPeakT / sScale - dm.betaPeakT / mScale : null;
  return {
    axis, scaleSimulated: a.scale, scaleMeasured: b.scale, grid, simulated: ys, measured: ym, rmse, betaPeakShift: shift, betaIntensityDifference: ds.betaIntensity - dm.betaIntensity,
    simulatedDecomposition: ds, measuredDecomposition: dm,
  };
}

/** The β peak shift in words: the shift in units of the axis, or which spectrum has no β peak. */
export function betaShiftText(c: Comparison): string {
  if (c.betaPeakShift !== null) return `β peak shift ${c.betaPeakShift.toFixed(3)} ${c.axis === 'Tg' ? 'Tg' : 'T_α-peak'}`;
  const none = [c.simulatedDecomposition.betaPeakT === null ? 'simulated' : '', c.measuredDecomposition.betaPeakT === null ? 'measured' : ''].filter(Boolean);
  return `no β peak shift (no β peak in the ${none.join(' or the ')} spectrum)`;
}
