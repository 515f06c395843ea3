import type { Argv } from 'yargs';
import { describeImport, importDmaFile, parseColumnsOption } from '../../analysis/measured/import.js';

interface MeasuredArgs {
  file: string;
  columns?: string;
  'temperature-unit'?: string;
  'modulus-unit'?: string;
  json: boolean;
}

export function importOptions(argv: { columns?: string; 'temperature-unit'?: string; 'modulus-unit'?: string }) {
  return {
    columns: argv.columns ? parseColumnsOption(argv.columns) : undefined,
    temperatureUnit: argv['temperature-unit'],
    modulusUnit: argv['modulus-unit'],
  };
}

export function withImportOptions<T>(y: Argv<T>) {
  return y
    .option('columns', { type: 'string', describe: 'column names (or 1-based numbers) per quantity: T=Temp,E1=Storage,E2=Loss,tan=TanD,f=Freq' })
    .option('temperature-unit', { choices: ['C', 'K', 'F'], describe: 'temperature unit when the file names none' })
    .option('modulus-unit', { choices: ['Pa', 'kPa', 'MPa', 'GPa'], describe: 'modulus unit when the file names none' });
}

export const measuredCommand = {
  builder: (y: Argv) =>
    withImportOptions(y.positional('file', { type: 'string', demandOption: true, describe: 'DMA export' }))
      .option('json', { type: 'boolean', default: false, describe: 'print the spectrum as JSON, with what was detected under "detected"' })
      .example('$0 measured examples/my-dma-export.csv --json', '')
      .example('$0 measured examples/my-dma-export.csv --columns "T=Temperature (°C),E1=Storage Modulus (MPa),E2=Loss Modulus (MPa)"', ''),
  handler: (argv: MeasuredArgs) => {
    const s = importDmaFile(argv.file, importOptions(argv));
    const { file: _f, ...data } = s;
    if (argv.json) process.stdout.write(JSON.stringify(data) + '\n');
    else {
      for (const line of describeImport(s)) process.stderr.write(`measured: ${line}\n`);
      let k = 0;
      s.loss_modulus_Pa.forEach((v, i) => (v > s.loss_modulus_Pa[k] ? (k = i) : 0));
      process.stdout.write(
        `${s.temperature_K.length} points, T ${s.temperature_K[0].toFixed(1)}..${s.temperature_K[s.temperature_K.length - 1].toFixed(1)} K; ` +
          `E''_max ${(s.loss_modulus_Pa[k] / 1e6).toPrecision(4)} MPa at ${s.temperature_K[k].toFixed(1)} K\n`,
      );
    }
  },
};
