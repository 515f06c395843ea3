/**
 * `plot spectrum RUN_DIR`: the loss spectrum of a spectrum.json, whichever wrote it: `spectrum
 * events --out` (E''(T) from an event catalogue), `spectrum barriers --out` (the barrier model), or
 * a study glass's spectrum stage (E''/E_u against T/Tg); α and β parts dotted and dashed where given.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../sim/errors.js';
import { eventSpectrumFigure } from '../spectra/event-report.js';
import type { SpectrumResult } from '../study/stages.js';
import { lineChart, seriesColor, type Series } from './charts.js';
import type { Figure } from './figure.js';
import { runFile, writeRunFigure } from './run-figure.js';

interface BarrierRecord { temperature: number[]; loss_modulus: number[]; alpha_loss?: number[]; beta_loss?: number[]; temperature_unit: string; frequency: number; Tg: number }

/** The loss and its α and β parts, one colour, parts dotted and dashed. */
function lossSeries(x: number[], loss: number[], alpha?: number[], beta?: number[]): Series[] {
  const color = seriesColor(0);
  return [
    { label: "E''", x, y: loss, color },
    ...(alpha ? [{ label: 'α part', x, y: alpha, color, dash: 'dotted' as const }] : []),
    ...(beta ? [{ label: 'β part', x, y: beta, color, dash: 'dashed' as const }] : []),
  ];
}

function spectrumOf(file: string, j: Record<string, unknown>): { figure: Figure; kind: string } {
  if (j.kind === 'event-spectrum') return { figure: eventSpectrumFigure(j as unknown as Parameters<typeof eventSpectrumFigure>[0]), kind: 'events' };
  if (Array.isArray(j.temperature) && Array.isArray(j.loss_modulus)) {
    const b = j as unknown as BarrierRecord;
    return {
      kind: 'barrier-model',
      figure: lineChart({
        series: lossSeries(b.temperature, b.loss_modulus, b.alpha_loss, b.beta_loss), title: `barrier model at ${b.frequency} Hz, Tg ${b.Tg.toPrecision(4)} ${b.temperature_unit}`,
        xLabel: `T (${b.temperature_unit})`, yLabel: "E'' / E_u",
      }),
    };
  }
  const r = (j.result ?? {}) as Partial<SpectrumResult>;
  if (Array.isArray(r.T_over_Tg) && Array.isArray(r.loss)) {
    return {
      kind: 'study',
      figure: lineChart({
        series: lossSeries(r.T_over_Tg, r.loss, r.alpha, r.beta), title: `study glass: ${r.n_events} events, β ${r.kind}`, xLabel: 'T / Tg', yLabel: "E'' / E_u",
      }),
    };
  }
  throw new InputError(`${file}: not a spectrum of betascape spectrum events|barriers or of a study glass`);
}

export function spectrumReport(dir: string, o: { out?: string } = {}) {
  const file = runFile(dir, ['spectrum.json'], "plot spectrum needs the --out directory of 'betascape spectrum events|barriers' or a study glass's directory");
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: not JSON (${(e as Error).message})`);
  }
  const { figure, kind } = spectrumOf(file, j);
  return { file, kind, files: writeRunFigure(figure, dir, 'spectrum-plot', o.out) };
}
