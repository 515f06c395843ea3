import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { compareSpectra, loadLossSpectrum, type LossSpectrum, type TemperatureAxis } from '../../analysis/measured/compare.js';
import { activationDensity, invertLossSpectrum, selectForInversion, type InversionRange } from '../../analysis/measured/inversion.js';
import { activationSpectrumFigure, spectrumFigure, type ActivationSeries } from '../../analysis/plots/spectra.js';
import { saveFigure } from '../../analysis/plots/figure.js';
import { InputError } from '../../sim/errors.js';
import { unitsByName } from '../../sim/units.js';
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

type TgSource = 'option' | 'file' | 'alpha-peak';

/** Tg of one side: the flag, else the file's Tg, else (labelled) its α-peak temperature. */
function resolveTg(flag: number | undefined, s: LossSpectrum, which: string): { Tg: number; source: TgSource } {
  if (flag !== undefined) {
    if (!(flag > 0 && Number.isFinite(flag))) throw new InputError(`--Tg-${which} must be > 0, got ${flag}`);
    return { Tg: flag, source: 'option' };
  }
  if (s.Tg !== undefined) return { Tg: s.Tg, source: 'file' };
  let k = 0;
  s.loss.forEach((v, i) => (v > s.loss[k] ? (k = i) : 0));
  return { Tg: s.T[k], source: 'alpha-peak' };
}

function parseLambda(text: string): number | 'gcv' | 'lcurve' {
  if (text === 'auto' || text === 'gcv') return 'gcv';
  if (text === 'lcurve') return 'lcurve';
  const v = Number(text);
  if (text.trim() === '' || !(v >= 0) || !Number.isFinite(v)) throw new InputError(`--lambda: expected a number >= 0, auto, gcv or lcurve, got '${text}'`);
  return v;
}

/** The frequency to invert at, and the rows measured at it. */
function inversionFrequency(meas: LossSpectrum, flag: number | undefined): { f: number; source: 'option' | 'file' | 'default'; T: number[]; loss: number[] } {
  if (flag !== undefined && !(flag > 0 && Number.isFinite(flag))) throw new InputError(`--frequency must be > 0, got ${flag}`);
  const fs = meas.frequency;
  if (!fs || fs.length === 0) return { f: flag ?? 1, source: flag !== undefined ? 'option' : 'default', T: meas.T, loss: meas.loss };
  if (fs.length === 1) return { f: flag ?? fs[0], source: flag !== undefined ? 'option' : 'file', T: meas.T, loss: meas.loss };
  const lo = Math.min(...fs);
  const hi = Math.max(...fs);
  if (flag === undefined) {
    if (hi > 1.01 * lo) throw new InputError(`${meas.file}: frequency: the file holds several frequencies (${lo}..${hi} Hz); --invert needs one: pass --frequency to use the rows at that frequency`);
    return { f: fs.reduce((a, v) => a + v, 0) / fs.length, source: 'file', T: meas.T, loss: meas.loss };
  }
  const rows = fs.map((v, i) => (Math.abs(v - flag) <= 0.01 * flag ? i : -1)).filter((i) => i >= 0);
  if (rows.length === 0) throw new InputError(`${meas.file}: frequency: no rows at --frequency ${flag} (the file has ${lo}..${hi} Hz)`);
  return { f: flag, source: 'option', T: rows.map((i) => meas.T[i]), loss: rows.map((i) => meas.loss[i]) };
}

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

function runInversion(argv: CompareArgs, sim: LossSpectrum, meas: LossSpectrum) {
  const lambda = parseLambda(argv.lambda);
  if (!(argv.tau0 > 0 && Number.isFinite(argv.tau0))) throw new InputError(`--tau0 must be > 0, got ${argv.tau0}`);
  const freq = inversionFrequency(meas, argv.frequency);
  const k = measuredBoltzmann(meas);
  const TgM = resolveTg(argv['Tg-measured'], meas, 'measured');
  const alphaShape = meas.alphaLoss && freq.T === meas.T ? meas.alphaLoss : undefined;
  if (freq.T.length < 7 && (argv['invert-range'] === 'below-alpha' || argv['subtract-alpha'])) {
    throw new InputError(`${meas.file}: ${freq.T.length} points; finding the α peak needs at least 7 (or use --invert-range all)`);
  }
  const sel = selectForInversion(freq.T, freq.loss, { range: argv['invert-range'], subtractAlpha: argv['subtract-alpha'], alphaShape });
  if (sel.T.length < 3) throw new InputError(`${meas.file}: only ${sel.T.length} points ${argv['invert-range'] === 'below-alpha' ? 'below the α peak' : ''} to invert; need at least 3`);
  const inv = invertLossSpectrum(sel.T, sel.loss, { frequency: freq.f, tau0: argv.tau0, boltzmann: k, lambda });
  const kTg = k * TgM.Tg;
  const x = inv.E.map((e) => e / kTg);
  const crudeX = inv.crude.E.map((e) => e / kTg);
  const stats = peakAndMean(x, inv.g);

  // The simulated side: event energies in units of its own k Tg.
  let simulated: Record<string, unknown> | null = null;
  let note: string | undefined;
  if (!sim.activation) note = `${sim.file} has no activation_spectrum: measured inversion only`;
  else if (sim.Tg === undefined && argv['Tg-simulated'] === undefined) note = `${sim.file} has no Tg (and no --Tg-simulated): measured inversion only`;
  let simSeries: ActivationSeries | undefined;
  if (!note) {
    const TgS = resolveTg(argv['Tg-simulated'], sim, 'simulated');
    const kS = sim.boltzmann!;
    const ex = sim.activation!.E.map((e) => e / (kS * TgS.Tg));
    const first = activationDensity(ex, sim.activation!.weight, [0], undefined);
    const h = first.bandwidth;
    const lo = Math.min(x[0], Math.min(...ex) - 3 * h);
    const hi = Math.max(x[x.length - 1], Math.max(...ex) + 3 * h);
    const grid = Array.from({ length: 300 }, (_, j) => lo + ((hi - lo) * j) / 299);
    const dens = activationDensity(ex, sim.activation!.weight, grid, h).density;
    const st = peakAndMean(grid, dens);
    simulated = {
      file: sim.file, Tg: TgS.Tg, Tg_source: TgS.source, boltzmann: kS, units: sim.units ?? null, n_events: ex.length,
      bandwidth_kTg: h, peak_E_over_kTg: st.peak, mean_E_over_kTg: st.mean, E_over_kTg: grid, density: dens,
    };
    simSeries = { label: 'simulated events', x: grid, g: dens };
  }
  const report = {
    measured: meas.file, frequency: freq.f, frequency_source: freq.source, tau0: argv.tau0, L: inv.L, boltzmann: k,
    Tg_measured: TgM.Tg, Tg_measured_source: TgM.source, range: argv['invert-range'], alpha_subtracted: sel.subtracted,
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
  const tgLabel = TgM.source === 'alpha-peak' ? 'Tg = measured T_α-peak (no --Tg-measured)' : `Tg = ${TgM.Tg.toPrecision(4)}`;
  const series: ActivationSeries[] = [
    { label: 'measured (inverted)', x, g: inv.g },
    { label: 'measured (crude)', x: crudeX, g: inv.crude.g, dashed: true },
  ];
  if (simSeries) series.push(simSeries);
  const fig = () => activationSpectrumFigure(series, { title: `Activation spectrum, f = ${freq.f} Hz, ${tgLabel}`, note });
  return { report, fig, TgM, note };
}

export const compareCommand = {
  command: 'compare <simulated> <measured>',
  describe: "Compare two loss spectra normalised like the paper's Fig. 2 (E''/E''_max vs T/T_α-peak or T/Tg); --invert: the measured activation-energy spectrum",
  builder: (y: Argv) =>
    withImportOptions(
      y
        .positional('simulated', { type: 'string', demandOption: true, describe: 'spectrum JSON (spectrum barriers/events --out, MD-DMA results.json) or a DMA export' })
        .positional('measured', { type: 'string', demandOption: true, describe: 'DMA export (CSV/TSV/TXT) or spectrum JSON' }),
    )
      .option('out', { type: 'string', describe: 'write compare.json and compare.svg here (with --invert also inversion.json and activation-spectrum.svg)' })
      .option('json', { type: 'boolean', default: false })
      .option('axis', { choices: ['alpha-peak', 'Tg'] as const, default: 'alpha-peak' as TemperatureAxis, describe: 'temperature axis: T/T_α-peak, or T/Tg with each side\'s Tg' })
      .option('Tg-simulated', { type: 'number', describe: "Tg of the simulated spectrum (its temperature units); default: the file's Tg, else its α-peak temperature (labelled)" })
      .option('Tg-measured', { alias: 'Tg', type: 'number', describe: 'Tg of the measured spectrum (K); default: its α-peak temperature (labelled Tg_measured_source: alpha-peak)' })
      .option('invert', { type: 'boolean', default: false, describe: "invert the measured E''(T) into an activation-energy spectrum g(E), overlaid on the simulated events in E/kTg" })
      .option('frequency', { type: 'number', describe: "frequency of the measured E''(T) (Hz); default: the file's frequency, else 1" })
      .option('tau0', { type: 'number', default: 1e-13, describe: 'attempt time τ0 (s) of the relaxators, for the inversion' })
      .option('invert-range', { choices: ['below-alpha', 'all'] as const, default: 'below-alpha' as InversionRange, describe: 'invert T < T_α-peak only (the fixed-barrier part), or the whole curve' })
      .option('subtract-alpha', { type: 'boolean', default: true, describe: 'subtract the α part of the α/β decomposition before inverting (--no-subtract-alpha keeps it)' })
      .option('lambda', { type: 'string', default: 'auto', describe: 'regularisation λ of the inversion (dimensionless, docs/spectra.md), or auto (= gcv) or lcurve' })
      .example('$0 compare sim/spectrum.json dma.csv --axis Tg --Tg-measured 455 --out cmp', 'overlay on T/Tg (simulated Tg from the file)')
      .example('$0 compare sim/spectrum.json dma.csv --invert --Tg-measured 455 --frequency 1 --out cmp', 'also write inversion.json and activation-spectrum.svg'),
  handler: (argv: CompareArgs) => {
    const opts = importOptions(argv);
    const sim = loadLossSpectrum(argv.simulated, opts);
    const meas = loadLossSpectrum(argv.measured, opts);
    const notes: string[] = [];
    let TgS: ReturnType<typeof resolveTg> | undefined;
    let TgM: ReturnType<typeof resolveTg> | undefined;
    if (argv.axis === 'Tg') {
      TgS = resolveTg(argv['Tg-simulated'], sim, 'simulated');
      TgM = resolveTg(argv['Tg-measured'], meas, 'measured');
      for (const [t, name] of [[TgS, 'simulated'], [TgM, 'measured']] as const) {
        if (t.source === 'alpha-peak') notes.push(`no ${name} Tg (--Tg-${name}${name === 'simulated' ? ' or a Tg field' : ''}): using its α-peak temperature ${t.Tg.toPrecision(4)} as Tg`);
      }
    }
    const c = compareSpectra(sim, meas, 200, { axis: argv.axis, TgSimulated: TgS?.Tg, TgMeasured: TgM?.Tg });
    const d = (x: typeof c.simulatedDecomposition) => ({ alpha_peak_T: x.alphaPeakT, beta_peak_T: x.betaPeakT, beta_intensity: x.betaIntensity, kind: x.kind });
    const report: Record<string, unknown> = {
      simulated: argv.simulated, measured: argv.measured, axis: argv.axis, rmse: c.rmse, beta_peak_shift: c.betaPeakShift, beta_intensity_difference: c.betaIntensityDifference,
      simulated_decomposition: d(c.simulatedDecomposition), measured_decomposition: d(c.measuredDecomposition),
    };
    if (argv.axis === 'Tg') {
      Object.assign(report, {
        Tg_simulated: TgS!.Tg, Tg_simulated_source: TgS!.source, Tg_measured: TgM!.Tg, Tg_measured_source: TgM!.source,
        grid_T_over_Tg: c.grid,
      });
    } else report.grid_T_over_Talpha = c.grid;
    Object.assign(report, { simulated_normalised: c.simulated, measured_normalised: c.measured });
    const inversion = argv.invert ? runInversion(argv, sim, meas) : undefined;
    if (inversion) {
      if (inversion.TgM.source === 'alpha-peak' && argv.axis !== 'Tg') notes.push(`no measured Tg (--Tg-measured): E is scaled by k T_α-peak = k·${inversion.TgM.Tg.toPrecision(4)} K`);
      if (inversion.note) notes.push(inversion.note);
      if (inversion.report.lambda_at_scan_edge) {
        notes.push(`inversion: ${inversion.report.lambda_rule} chose λ = ${inversion.report.lambda.toPrecision(2)} at the end of its scan (1e-4..1e2): no interior optimum (noise-free or correlated data?); consider --lambda`);
      }
    }
    if (argv.out) {
      const dir = ensureDir(argv.out);
      writeFileSync(join(dir, 'compare.json'), JSON.stringify(report, null, 2) + '\n');
      const tg = argv.axis === 'Tg';
      const fig = spectrumFigure([
        { label: 'simulated', T: sim.T, loss: sim.loss, Tscale: tg ? TgS!.Tg : undefined },
        { label: 'measured', T: meas.T, loss: meas.loss, markers: true, Tscale: tg ? TgM!.Tg : undefined },
      ], { title: `RMSE ${c.rmse.toFixed(3)}`, normalise: argv.axis });
      saveFigure(fig, join(dir, 'compare.svg'));
      if (inversion) {
        writeFileSync(join(dir, 'inversion.json'), JSON.stringify(inversion.report, null, 2) + '\n');
        saveFigure(inversion.fig(), join(dir, 'activation-spectrum.svg'));
      }
    }
    for (const n of notes) process.stderr.write(`betascape: note: ${n}\n`);
    if (argv.json) process.stdout.write(JSON.stringify(inversion ? { ...report, inversion: inversion.report } : report, null, 2) + '\n');
    else {
      const shift = c.betaPeakShift === null ? '-' : c.betaPeakShift.toFixed(3);
      const unit = argv.axis === 'Tg' ? 'Tg' : 'T_α';
      process.stdout.write(
        `RMSE ${c.rmse.toFixed(4)} (E''/E''_max on T/${argv.axis === 'Tg' ? 'Tg' : 'T_α-peak'}); β: simulated ${c.simulatedDecomposition.kind}, measured ${c.measuredDecomposition.kind}; ` +
          `β peak shift ${shift} ${unit}; β intensity difference ${c.betaIntensityDifference.toFixed(3)}\n`,
      );
      if (inversion) {
        const r = inversion.report;
        const sp = r.simulated as { peak_E_over_kTg: number } | null;
        process.stdout.write(
          `inversion (${r.n_points} points, ${r.range}, f = ${r.frequency} Hz, L = ${r.L.toFixed(2)}, λ = ${r.lambda.toPrecision(2)} by ${r.lambda_rule}): ` +
            `g(E) peaks at ${r.peak_E_over_kTg.toFixed(1)} kTg (Tg ${r.Tg_measured.toPrecision(4)} K, ${r.Tg_measured_source})` +
            `${sp ? `; simulated events peak at ${sp.peak_E_over_kTg.toFixed(1)} kTg` : ''}\n`,
        );
      }
    }
  },
};
