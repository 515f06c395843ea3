import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { loadDmaConfig, type DmaConfig, type DmaMember } from '../../analysis/spectra/config.js';
import { memberSettings, prepareGlass, readFinished, writeResultsTable, type DmaResult } from '../../analysis/spectra/member.js';
import { readBarrierFile } from '../../analysis/spectra/barrier-file.js';
import { barrierSpectrum, debyePeakTemperature } from '../../analysis/spectra/barriers.js';
import { decomposeSpectrum } from '../../analysis/spectra/decompose.js';
import { spectrumFigure } from '../../analysis/plots/spectra.js';
import { saveFigure } from '../../analysis/plots/figure.js';
import { ensureDir } from '../common.js';
import { runWorkQueue } from '../work-queue.js';

const WORKER_URL = new URL('../dma-worker.js', import.meta.url);

type DmaWorkerMessage = { type: 'done'; result: DmaResult } | { type: 'error'; member: string; message: string; input: boolean };

/** Runs the members on worker threads, `jobs` at a time. */
async function runMembers(config: DmaConfig, members: DmaMember[], glass: string, log: (s: string) => void): Promise<{ results: DmaResult[]; failures: string[] }> {
  const results: DmaResult[] = [];
  const failures: string[] = [];
  let inputFailure = false;
  await runWorkQueue<DmaMember, DmaWorkerMessage>({
    url: WORKER_URL, tasks: members, jobs: config.jobs, post: (member) => ({ config, member, glass }),
    onMessage: (msg) => {
      if (msg.type === 'done') {
        results.push(msg.result);
        log(`done ${msg.result.member}: E' ${msg.result.storage.toFixed(3)} ± ${msg.result.storage_err.toFixed(3)}, E'' ${msg.result.loss.toFixed(4)} ± ${msg.result.loss_err.toFixed(4)}, tan δ ${msg.result.tan_delta.toFixed(4)} (${msg.result.wall_s.toFixed(1)} s)`);
      } else {
        failures.push(`${msg.member}: ${msg.message}`);
        inputFailure ||= msg.input;
        log(`failed ${msg.member}: ${msg.message}`);
      }
      return true;
    },
    onCrash: (member, reason) => {
      failures.push(`${member.name}: ${reason}`);
      log(`failed ${member.name}: ${reason}`);
    },
  });
  if (inputFailure && results.length === 0) throw new InputError(failures[0]);
  return { results, failures };
}

interface DmaArgs {
  config: string;
  set?: string | string[];
  json: boolean;
}

interface BarrierArgs {
  run: string;
  frequency: number;
  'heating-rate': number;
  tau0: number;
  Tg?: number;
  fragility: number;
  gamma: number;
  'beta-strength': number;
  'tau-inf': number;
  'T-min'?: number;
  'T-max'?: number;
  points: number;
  units?: string;
  out?: string;
  json: boolean;
}

const dmaCommand = {
  command: 'dma <config>',
  describe: 'MD mechanical spectroscopy sweep: oscillatory strain at each (T, period) of the config (resumable)',
  builder: (y: Argv) =>
    y
      .positional('config', { type: 'string', demandOption: true, describe: 'YAML config, e.g. configs/dma-ka.yaml' })
      .option('set', { type: 'string', describe: 'override a config key: --set cycles=8 --set output=/tmp/dma' })
      .option('json', { type: 'boolean', default: false, describe: 'print the results table as JSON' }),
  handler: async (argv: DmaArgs) => {
    const sets = argv.set === undefined ? [] : ([] as string[]).concat(argv.set);
    const { config, members } = loadDmaConfig(argv.config, sets);
    ensureDir(config.output);
    const log = (s: string) => process.stderr.write(s + '\n');
    const glass = prepareGlass(config);
    const settings = memberSettings(config, glass);
    const finished: DmaResult[] = [];
    const todo: DmaMember[] = [];
    for (const m of members) {
      const r = readFinished(m);
      if (r && r.settings !== settings) throw new InputError(`${m.dir}: holds a member run with other settings; choose another output or remove it`);
      if (r) finished.push(r);
      else todo.push(m);
    }
    if (finished.length > 0) log(`${finished.length} of ${members.length} members already done; running ${todo.length}`);
    const { results, failures } = await runMembers(config, todo, glass, log);
    const all = [...finished, ...results];
    writeResultsTable(config.output, all);
    if (argv.json) process.stdout.write(JSON.stringify(all.map(({ settings: _s, ...r }) => r), null, 2) + '\n');
    else log(`results: ${join(config.output, 'results.csv')}`);
    if (failures.length > 0) throw new Error(`${failures.length} member(s) failed: ${failures.join('; ')}`);
  },
};

const barriersCommand = {
  command: 'barriers <run>',
  describe: "Loss spectrum E''(T) of a barrier distribution (Debye relaxators) plus a VFT α process",
  builder: (y: Argv) =>
    y
      .positional('run', { type: 'string', demandOption: true, describe: 'run directory with landscape.json, or a landscape.json / barrier CSV / JSON file' })
      .option('frequency', { type: 'number', default: 1, describe: 'frequency f (Hz, or 1/time unit of tau0)' })
      .option('heating-rate', { type: 'number', default: 3, describe: 'heating rate (temperature units per minute): fixes the α fictive temperature' })
      .option('tau0', { type: 'number', default: 1e-13, describe: 'attempt time τ0 of the β relaxators (s)' })
      .option('Tg', { type: 'number', describe: "glass transition (τ_α = 100 s); default: the run's summary.json Tg, else <E_a>/(26 k)" })
      .option('fragility', { type: 'number', default: 40, describe: 'fragility index m of the α process' })
      .option('gamma', { type: 'number', default: 0.5, describe: 'Cole–Davidson exponent of the α process (1 = Debye)' })
      .option('beta-strength', { type: 'number', default: 0.1, describe: 'relaxation strength of the β part (fraction of the unrelaxed modulus)' })
      .option('tau-inf', { type: 'number', default: 1e-14, describe: 'VFT prefactor τ∞ (s)' })
      .option('T-min', { type: 'number', describe: 'lowest temperature (default 0.5 Tg)' })
      .option('T-max', { type: 'number', describe: 'highest temperature (default 1.3 Tg)' })
      .option('points', { type: 'number', default: 161 })
      .option('units', { choices: ['lj', 'metal'], describe: 'energy units of a barrier list without them (default lj; landscape.json says)' })
      .option('out', { type: 'string', describe: 'write spectrum.json and spectrum.svg into this directory' })
      .option('json', { type: 'boolean', default: false }),
  handler: (argv: BarrierArgs) => {
    const b = readBarrierFile(argv.run, argv.units);
    const k = b.boltzmann;
    const Tg = argv.Tg ?? b.Tg ?? b.barriers.reduce((a, x) => a + x, 0) / b.barriers.length / (26 * k);
    if (!(Tg > 0)) throw new InputError(`--Tg must be > 0, got ${Tg}`);
    const tMin = argv['T-min'] ?? 0.5 * Tg;
    const tMax = argv['T-max'] ?? 1.3 * Tg;
    if (!(tMax > tMin && tMin > 0)) throw new InputError('--T-min and --T-max must satisfy 0 < T-min < T-max');
    if (!(Number.isInteger(argv.points) && argv.points >= 7)) throw new InputError('--points must be a whole number >= 7');
    const temps = Array.from({ length: argv.points }, (_, i) => tMin + ((tMax - tMin) * i) / (argv.points - 1));
    const model = {
      barriers: b.barriers, weights: b.weights, boltzmann: k, tau0: argv.tau0, betaStrength: argv['beta-strength'],
      alpha: { Tg, fragility: argv.fragility, tauG: 100, tauInf: argv['tau-inf'], gamma: argv.gamma },
    };
    const sp = barrierSpectrum(model, temps, argv.frequency, argv['heating-rate']);
    // The model's own α loss is the α form of the decomposition (no sech bias from a broad α).
    const alphaLoss = sp.map((p) => p.alphaLoss);
    const d = decomposeSpectrum(temps, sp.map((p) => p.loss), { alphaShape: alphaLoss.some((v) => v > 0) ? alphaLoss : undefined });
    const meanE = b.barriers.reduce((a, x) => a + x, 0) / b.barriers.length;
    const out = {
      source: b.file, units: b.units, n_barriers: b.barriers.length, frequency: argv.frequency, heating_rate: argv['heating-rate'], tau0: argv.tau0,
      Tg, fragility: argv.fragility, gamma: argv.gamma, beta_strength: argv['beta-strength'],
      mean_barrier: meanE, debye_peak_T_of_mean_barrier: debyePeakTemperature(meanE, k, argv.frequency, argv.tau0),
      temperature: temps, storage_modulus: sp.map((p) => p.storage), loss_modulus: sp.map((p) => p.loss),
      alpha_loss: alphaLoss, beta_loss: sp.map((p) => p.betaLoss),
      decomposition: { alpha_peak_T: d.alphaPeakT, beta_peak_T: d.betaPeakT, beta_intensity: d.betaIntensity, kind: d.kind },
    };
    if (argv.out) {
      const dir = ensureDir(argv.out);
      writeFileSync(join(dir, 'spectrum.json'), JSON.stringify(out, null, 2) + '\n');
      const fig = spectrumFigure([{ label: `model (${b.barriers.length} barriers)`, T: temps, loss: out.loss_modulus }], { normalise: 'alpha-peak', title: `E''(T) at ${argv.frequency} Hz` });
      saveFigure(fig, join(dir, 'spectrum.svg'));
    }
    if (argv.json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    else {
      process.stdout.write(
        `${b.barriers.length} barriers (mean ${meanE.toPrecision(4)}), f = ${argv.frequency}, Tg = ${Tg.toPrecision(4)}: α peak at T = ${d.alphaPeakT.toPrecision(4)}, ` +
          `β ${d.kind}${d.betaPeakT !== null ? ` at T = ${d.betaPeakT.toPrecision(4)}` : ''}, β intensity ${d.betaIntensity.toFixed(3)}\n`,
      );
    }
  },
};

export const spectrumCommand = {
  command: 'spectrum <kind>',
  describe: 'Loss spectra: MD-DMA sweeps (dma) and barrier-spectrum models (barriers)',
  builder: (y: Argv) => y.command(dmaCommand).command(barriersCommand).demandCommand(1, 'name a spectrum kind: dma or barriers'),
  handler: () => {},
};
