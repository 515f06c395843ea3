import type { Argv } from 'yargs';
import { betaShiftText, type TemperatureAxis } from '../../analysis/measured/compare.js';
import type { InversionRange } from '../../analysis/measured/inversion.js';
import { COMPARISON_DEFAULTS as DEFAULTS, compareLossSpectra, writeComparison } from '../../analysis/measured/comparison-report.js';
import { importOptions, withImportOptions } from './measured.js';

interface CompareArgs {
  simulated: string;
  measured: string;
  out?: string;
  json: boolean;
  columns?: string;
  'temperature-unit'?: string;
  'modulus-unit'?: string;
  axis: TemperatureAxis;
  'Tg-simulated'?: number;
  'Tg-measured'?: number;
  frequency?: number;
  tau0: number;
  invert: boolean;
  'invert-range': InversionRange;
  'subtract-alpha': boolean;
  lambda: string;
}

export const compareCommand = {
  builder: (y: Argv) =>
    withImportOptions(
      y
        .positional('simulated', { type: 'string', demandOption: true, describe: 'spectrum JSON (spectrum barriers/events --out, MD-DMA results.json) or a DMA export' })
        .positional('measured', { type: 'string', demandOption: true, describe: 'DMA export (CSV/TSV/TXT) or spectrum JSON' }),
    )
      .option('out', { type: 'string', describe: 'write compare.json and compare.svg here (with --invert also inversion.json and activation-spectrum.svg)' })
      .option('json', { type: 'boolean', default: false })
      .option('axis', { choices: ['alpha-peak', 'Tg'] as const, default: DEFAULTS.axis as TemperatureAxis, describe: 'temperature axis: T/T_α-peak, or T/Tg with each side\'s Tg' })
      .option('Tg-simulated', { type: 'number', describe: "Tg of the simulated spectrum (its temperature units); default: the file's Tg, else its α-peak temperature (labelled)" })
      .option('Tg-measured', { alias: 'Tg', type: 'number', describe: 'Tg of the measured spectrum (K); default: its α-peak temperature (labelled Tg_measured_source: alpha-peak)' })
      .option('invert', { type: 'boolean', default: DEFAULTS.invert, describe: "invert the measured E''(T) into an activation-energy spectrum g(E), overlaid on the simulated events in E/kTg" })
      .option('frequency', { type: 'number', describe: "frequency of the measured E''(T) (Hz); default: the file's frequency, else 1" })
      .option('tau0', { type: 'number', default: DEFAULTS.tau0, describe: 'attempt time τ0 (s) of the relaxators, for the inversion' })
      .option('invert-range', { choices: ['below-alpha', 'all'] as const, default: DEFAULTS.range as InversionRange, describe: 'invert T < T_α-peak only (the fixed-barrier part), or the whole curve' })
      .option('subtract-alpha', { type: 'boolean', default: DEFAULTS.subtractAlpha, describe: 'subtract the α part of the α/β decomposition before inverting (--no-subtract-alpha keeps it)' })
      .option('lambda', { type: 'string', default: DEFAULTS.lambda, describe: 'regularisation λ of the inversion (dimensionless, docs/spectra.md), or auto (= gcv) or lcurve' })
      .example('$0 compare runs/lab/spectrum.json examples/my-dma-export.csv --axis Tg --Tg-measured 455 --out cmp', 'overlay on T/Tg (simulated Tg from the file)')
      .example('$0 compare runs/lab/spectrum.json examples/my-dma-export.csv --invert --Tg-measured 455 --frequency 1 --out cmp', 'also write inversion.json and activation-spectrum.svg'),
  handler: (argv: CompareArgs) => {
    const result = compareLossSpectra(argv.simulated, argv.measured, {
      axis: argv.axis, TgSimulated: argv['Tg-simulated'], TgMeasured: argv['Tg-measured'], invert: argv.invert, frequency: argv.frequency,
      tau0: argv.tau0, range: argv['invert-range'], subtractAlpha: argv['subtract-alpha'], lambda: argv.lambda, import: importOptions(argv),
    });
    if (argv.out) writeComparison(argv.out, result);
    for (const n of result.notes) process.stderr.write(`betascape: note: ${n}\n`);
    if (argv.json) {
      process.stdout.write(JSON.stringify(result.record, null, 2) + '\n');
      return;
    }
    const c = result.comparison;
    process.stdout.write(
      `RMSE ${c.rmse.toFixed(4)} (E''/E''_max on T/${argv.axis === 'Tg' ? 'Tg' : 'T_α-peak'}); β: simulated ${c.simulatedDecomposition.kind}, measured ${c.measuredDecomposition.kind}; ` +
        `${betaShiftText(c)}; β intensity difference ${c.betaIntensityDifference.toFixed(3)}\n`,
    );
    if (result.inversion) {
      const r = result.inversion.report;
      process.stdout.write(
        `inversion (${r.n_points} points, ${r.range}, f = ${r.frequency} Hz, L = ${r.L.toFixed(2)}, λ = ${r.lambda.toPrecision(2)} by ${r.lambda_rule}): ` +
          `g(E) peaks at ${r.peak_E_over_kTg.toFixed(1)} kTg (Tg ${r.Tg_measured.toPrecision(4)} K, ${r.Tg_measured_source})` +
          `${r.simulated ? `; simulated events peak at ${r.simulated.peak_E_over_kTg.toFixed(1)} kTg` : ''}\n`,
      );
    }
  },
};
