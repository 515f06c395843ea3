import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { compareSpectra, loadLossSpectrum } from '../../analysis/measured/compare.js';
import { spectrumFigure } from '../../analysis/plots/spectra.js';
import { saveFigure } from '../../analysis/plots/figure.js';
import { ensureDir } from '../common.js';
import { importOptions, withImportOptions } from './measured.js';

interface CompareArgs {
  simulated: string;
  measured: string;
  out?: string;
  json: boolean;
  columns?: string;
  'temperature-unit'?: string;
  'modulus-unit'?: string;
}

export const compareCommand = {
  command: 'compare <simulated> <measured>',
  describe: "Compare two loss spectra normalised like the paper's Fig. 2 (E''/E''_max vs T/T_α-peak)",
  builder: (y: Argv) =>
    withImportOptions(
      y
        .positional('simulated', { type: 'string', demandOption: true, describe: 'spectrum JSON (spectrum barriers --out, MD-DMA results.json) or a DMA export' })
        .positional('measured', { type: 'string', demandOption: true, describe: 'DMA export (CSV/TSV/TXT) or spectrum JSON' }),
    )
      .option('out', { type: 'string', describe: 'write compare.json and compare.svg here' })
      .option('json', { type: 'boolean', default: false }),
  handler: (argv: CompareArgs) => {
    const opts = importOptions(argv);
    const sim = loadLossSpectrum(argv.simulated, opts);
    const meas = loadLossSpectrum(argv.measured, opts);
    const c = compareSpectra(sim, meas);
    const d = (x: typeof c.simulatedDecomposition) => ({ alpha_peak_T: x.alphaPeakT, beta_peak_T: x.betaPeakT, beta_intensity: x.betaIntensity, kind: x.kind });
    const report = {
      simulated: argv.simulated, measured: argv.measured, rmse: c.rmse, beta_peak_shift: c.betaPeakShift, beta_intensity_difference: c.betaIntensityDifference,
      simulated_decomposition: d(c.simulatedDecomposition), measured_decomposition: d(c.measuredDecomposition),
      grid_T_over_Talpha: c.grid, simulated_normalised: c.simulated, measured_normalised: c.measured,
    };
    if (argv.out) {
      const dir = ensureDir(argv.out);
      writeFileSync(join(dir, 'compare.json'), JSON.stringify(report, null, 2) + '\n');
      const fig = spectrumFigure([
        { label: 'simulated', T: sim.T, loss: sim.loss },
        { label: 'measured', T: meas.T, loss: meas.loss, markers: true },
      ], { title: `RMSE ${c.rmse.toFixed(3)}` });
      saveFigure(fig, join(dir, 'compare.svg'));
    }
    if (argv.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else {
      const shift = c.betaPeakShift === null ? '-' : c.betaPeakShift.toFixed(3);
      process.stdout.write(
        `RMSE ${c.rmse.toFixed(4)} (E''/E''_max on T/T_α-peak); β: simulated ${c.simulatedDecomposition.kind}, measured ${c.measuredDecomposition.kind}; ` +
          `β peak shift ${shift} T_α; β intensity difference ${c.betaIntensityDifference.toFixed(3)}\n`,
      );
    }
  },
};
