/**
 * `plot tg RUN_DIR`: a sweep member's cooling curve (quench.csv: E(T) under NVT, V(T) under NPT)
 * with the two fitted lines and Tg, fitted as the sweep fits it (analysis/sweep/quench-tg.ts, from
 * the member's resolved config.yaml), and the fit's quality (R² of each line, kink contrast).
 */
import { join } from 'node:path';
import { loadSweepConfig } from '../../sim/protocols/sweep.js';
import { InputError } from '../../sim/errors.js';
import { coolingCurve, fitQuenchTg } from '../sweep/quench-tg.js';
import type { LineFit } from '../glass-transition.js';
import { lineChart, seriesColor } from './charts.js';
import { csvUnitOf, runFile, withUnit, writeRunFigure } from './run-figure.js';

const MADE_BY = 'plot tg needs the directory of a sweep member (betascape sweep or quench)';

export function tgReport(dir: string, o: { out?: string } = {}) {
  const file = runFile(dir, ['quench.csv'], MADE_BY);
  const config = loadSweepConfig(runFile(dir, ['config.yaml'], MADE_BY)).members[0]?.config;
  if (!config) throw new InputError(`${join(dir, 'config.yaml')}: names no member`);
  const curve = coolingCurve(file, config);
  if (curve.T.length < 2) throw new InputError(`${file}: fewer than two rows to plot`);
  const fit = fitQuenchTg(curve.T, curve.y, config);
  const column = curve.from === 'energy' ? 'PE' : 'volume';
  const unit = csvUnitOf(file);
  const tUnit = unit('T_target', 'temperature');
  // Each line over its fitted points, extended to Tg.
  const line = (name: string, f: LineFit, k: number) => {
    const x = [Math.min(f.tMin, fit?.Tg ?? f.tMin), Math.max(f.tMax, fit?.Tg ?? f.tMax)];
    return { label: `${name} line (R² ${f.r2.toFixed(4)})`, x, y: x.map((t) => f.intercept + f.slope * t), color: seriesColor(k), dashed: true };
  };
  const ys = curve.y;
  const series = [
    { label: curve.from === 'energy' ? 'PE per atom' : 'volume', x: curve.T, y: ys, color: '#444', markers: 'open' as const },
    ...(fit ? [line('glass', fit.glass, 0), line('liquid', fit.liquid, 1)] : []),
    ...(fit?.Tg != null ? [{ label: `Tg = ${fit.Tg.toPrecision(4)}${tUnit ? ` ${tUnit}` : ''}`, x: [fit.Tg, fit.Tg], y: [Math.min(...ys), Math.max(...ys)], color: seriesColor(3) }] : []),
  ];
  const note = fit ? `kink contrast ${fit.kinkSigma.toPrecision(3)} standard errors (${fit.method}): ${fit.quality}` : 'no Tg fit (too few points inside the windows)';
  const fig = lineChart({
    series, title: `cooling curve: ${dir}`, note, xLabel: withUnit('target T', tUnit),
    yLabel: withUnit(curve.from === 'energy' ? 'PE per atom' : 'volume', unit(column, curve.from === 'energy' ? 'energy' : 'volume')),
  });
  return { file, from: curve.from, points: curve.T.length, Tg: fit?.Tg ?? null, tg_fit: fit, files: writeRunFigure(fig, dir, 'tg', o.out) };
}
