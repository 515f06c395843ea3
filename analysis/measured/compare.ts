/**
 * Comparison of two loss spectra as the paper plots them: each normalised (E''/E''_max against
 * T/T_α-peak, both taken at the largest data point, as the figure draws them), interpolated linearly onto a common grid over the overlap of their scaled ranges;
 * RMSE of the normalised loss; β peak shift (in T/T_α) and β intensity difference from the α/β
 * decomposition of each (analysis/spectra/decompose.ts).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../sim/errors.js';
import { decomposeSpectrum, type Decomposition } from '../spectra/decompose.js';
import { importDmaFile, type ImportOptions } from './import.js';

export interface LossSpectrum {
  file: string;
  T: number[];
  loss: number[];
  /** The α part when the file holds it (a model spectrum): the decomposition's α form. */
  alphaLoss?: number[];
}

/**
 * A spectrum from any file the project writes or imports: `spectrum barriers` JSON
 * ({temperature, loss_modulus}), `measured --json` ({temperature_K, loss_modulus_Pa}), an MD-DMA
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
    else [T, loss] = [j?.temperature ?? j?.temperature_K, j?.loss_modulus ?? j?.loss_modulus_Pa];
    if (!Array.isArray(T) || !Array.isArray(loss) || T.length !== loss.length || T.some((x) => typeof x !== 'number') || loss.some((x) => typeof x !== 'number')) {
      throw new InputError(`${file}: expected temperature and loss_modulus arrays (spectrum JSON), temperature_K and loss_modulus_Pa, or rows with T and loss`);
    }
    const alpha = Array.isArray(j) ? undefined : j?.alpha_loss;
    const alphaLoss = Array.isArray(alpha) && alpha.length === T.length && alpha.every((x) => typeof x === 'number') && alpha.some((x) => x > 0) ? (alpha as number[]) : undefined;
    return { file, T: T as number[], loss: loss as number[], alphaLoss };
  }
  const m = importDmaFile(file, opts);
  return { file, T: m.temperature_K, loss: m.loss_modulus_Pa };
}

function interpolate(x: number[], y: number[], at: number): number {
  let k = 0;
  while (k < x.length - 2 && x[k + 1] < at) k++;
  const f = (at - x[k]) / (x[k + 1] - x[k]);
  return y[k] + f * (y[k + 1] - y[k]);
}

export interface Comparison {
  grid: number[];
  simulated: number[];
  measured: number[];
  rmse: number;
  betaPeakShift: number | null;
  betaIntensityDifference: number;
  simulatedDecomposition: Decomposition;
  measuredDecomposition: Decomposition;
}

/** E''/E''_max against T/T_α-peak, both from the largest data point (as the paper and the figure scale). */
function sortedScaled(s: LossSpectrum): { x: number[]; y: number[] } {
  const idx = s.T.map((_, i) => i).sort((a, b) => s.T[a] - s.T[b]);
  const top = idx.reduce((a, i) => (s.loss[i] > s.loss[a] ? i : a));
  return { x: idx.map((i) => s.T[i] / s.T[top]), y: idx.map((i) => s.loss[i] / s.loss[top]) };
}

export function compareSpectra(sim: LossSpectrum, meas: LossSpectrum, points = 200): Comparison {
  const ds = decomposeSpectrum(sim.T, sim.loss, { alphaShape: sim.alphaLoss });
  const dm = decomposeSpectrum(meas.T, meas.loss, { alphaShape: meas.alphaLoss });
  const a = sortedScaled(sim);
  const b = sortedScaled(meas);
  const lo = Math.max(a.x[0], b.x[0]);
  const hi = Math.min(a.x[a.x.length - 1], b.x[b.x.length - 1]);
  if (!(hi > lo)) throw new InputError(`${sim.file} and ${meas.file}: the scaled temperature ranges (T/T_α-peak) do not overlap`);
  const grid = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const ys = grid.map((x) => interpolate(a.x, a.y, x));
  const ym = grid.map((x) => interpolate(b.x, b.y, x));
  const rmse = Math.sqrt(ys.reduce((acc, v, i) => acc + (v - ym[i]) ** 2, 0) / points);
  const shift = ds.betaPeakT !== null && dm.betaPeakT !== null ? ds.betaPeakT / ds.alphaPeakT - dm.betaPeakT / dm.alphaPeakT : null;
  return {
    grid, simulated: ys, measured: ym, rmse, betaPeakShift: shift, betaIntensityDifference: ds.betaIntensity - dm.betaIntensity,
    simulatedDecomposition: ds, measuredDecomposition: dm,
  };
}
