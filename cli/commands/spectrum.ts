import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { loadDmaConfig, type DmaConfig, type DmaMember } from '../../analysis/spectra/config.js';
import { memberSettings, prepareGlass, readFinished, writeResultsTable, type DmaResult } from '../../analysis/spectra/member.js';
import { readBarrierFile } from '../../analysis/spectra/barrier-file.js';
import { barrierSpectrum, debyePeakTemperature } from '../../analysis/spectra/barriers.js';
import { readCatalogue } from '../../analysis/spectra/event-catalogue.js';
import { attemptFallbacks, eventSpectrum, timeUnitSeconds } from '../../analysis/spectra/event-spectrum.js';
import { activationSpectrumOf, betaFeature, eventSpectrumFigure } from '../../analysis/spectra/event-report.js';
import { unitsByName } from '../../sim/units.js';
import { stressFactor } from '../../analysis/heterogeneity/local-elasticity.js';
import { decomposeSpectrum } from '../../analysis/spectra/decompose.js';
import { spectrumFigure } from '../../analysis/plots/spectra.js';
import { saveFigure } from '../../analysis/plots/figure.js';
import { ensureDir } from '../common.js';
import { runWorkQueue } from '../work-queue.js';

const WORKER_URL = new URL('../dma-worker.ts', import.meta.url);

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

interface EventArgs {
  catalogue: string;
  frequency?: number;
  'frequency-hz'?: number;
  'attempt-frequency'?: number;
  'min-barrier-kT': number;
  'T-min'?: number;
  'T-max'?: number;
  points: number;
  units?: string;
  mode: 'shear' | 'tension';
  orientation: 'box' | 'average';
  volume?: number;
  'shear-modulus'?: number;
  'bulk-modulus'?: number;
  Tg?: number;
  fragility: number;
  gamma: number;
  'tau-inf': number;
  'heating-rate': number;
  'tau-seconds': number;
  out?: string;
  json: boolean;
}

const eventsCommand = {
  command: 'events <catalogue>',
  describe: 'Anelastic loss spectrum of a glass from its event catalogue (two-level relaxators, exact J* sum; no free strength)',
  builder: (y: Argv) =>
    y
      .positional('catalogue', { type: 'string', demandOption: true, describe: 'catalogue CSV, or an activate run directory (its catalogue.csv)' })
      .option('frequency', { type: 'number', describe: 'frequency in cycles per time unit (1/τ in lj, 1/ps in metal): an MD spectrum, no α process' })
      .option('frequency-hz', { type: 'number', describe: 'laboratory frequency in Hz: adds the parametrised α process (needs --Tg)' })
      .option('attempt-frequency', { type: 'number', describe: "one attempt frequency ν0 for every event (per time unit); default: the catalogue's (harmonic TST)" })
      .option('min-barrier-kT', {
        type: 'number', default: 0,
        describe: 'leave out, at each T, events whose lower barrier is below this many kT (two states must outlive a vibration; matters at MD frequencies)',
      })
      .option('T-min', { type: 'number', describe: 'lowest temperature (default 0.05 Tg)' })
      .option('T-max', { type: 'number', describe: 'highest temperature (default 1.2 Tg)' })
      .option('points', { type: 'number', default: 101, describe: 'temperatures, equally spaced from T-min to T-max, both included' })
      .option('units', { choices: ['lj', 'metal'], describe: "the catalogue's units when its header does not say" })
      .option('mode', { choices: ['shear', 'tension'] as const, default: 'shear' as const, describe: "shear: G', G''; tension: E', E''" })
      .option('orientation', {
        choices: ['box', 'average'] as const, default: 'average' as const,
        describe: "box: the simulation box's xy (shear) or x (tension) axis, as spectrum dma drives it; average: an isotropic sample",
      })
      .option('volume', { type: 'number', describe: 'box volume (length³) for a catalogue without one' })
      .option('shear-modulus', { type: 'number', describe: 'isotropic G (stress unit) instead of the catalogue\'s elastic constants' })
      .option('bulk-modulus', { type: 'number', describe: 'isotropic K (stress unit), with --shear-modulus; needed for tension' })
      .option('Tg', { type: 'number', describe: 'glass transition (temperature units): α process and the default range' })
      .option('fragility', { type: 'number', default: 40, describe: 'α process: fragility index m' })
      .option('gamma', { type: 'number', default: 0.5, describe: 'α process: Cole–Davidson exponent' })
      .option('tau-inf', { type: 'number', default: 1e-14, describe: 'α process: VFT prefactor τ∞ (s)' })
      .option('heating-rate', { type: 'number', default: 3, describe: 'α process: heating rate (temperature units per minute)' })
      .option('tau-seconds', { type: 'number', default: 1e-12, describe: 'lj units: seconds per τ for a laboratory frequency (metal: 1 ps)' })
      .option('out', { type: 'string', describe: 'write spectrum.json and spectrum.svg into this directory' })
      .option('json', { type: 'boolean', default: false, describe: 'print {T, storage, loss, ...} as JSON' })
      .example('$0 spectrum events runs/act --frequency 0.1 --T-min 0.02 --T-max 0.35 --orientation box --json', "G', G'' at the MD-DMA frequency 0.1/τ")
      .example('$0 spectrum events runs/act --frequency-hz 1 --Tg 0.42 --out runs/lab', "the laboratory spectrum at 1 Hz and 3 K/min, with the α process"),
  handler: (argv: EventArgs) => {
    const cat = readCatalogue(argv.catalogue);
    const unitsName = cat.units ?? argv.units;
    if (!unitsName) throw new InputError(`${cat.file}: the catalogue does not say its units ('# units: lj|metal'); give --units`);
    if (cat.units && argv.units && argv.units !== cat.units) throw new InputError(`--units ${argv.units}: ${cat.file} says its units are ${cat.units}`);
    const units = unitsByName(unitsName);
    if ((argv.frequency === undefined) === (argv['frequency-hz'] === undefined)) throw new InputError('give one of --frequency (per time unit) or --frequency-hz (laboratory)');
    const lab = argv['frequency-hz'] !== undefined;
    const tau = lab ? timeUnitSeconds(units.name, argv['tau-seconds']) : undefined;
    const frequency = lab ? argv['frequency-hz']! * tau! : argv.frequency!;
    if (!(frequency > 0)) throw new InputError(`--frequency${lab ? '-hz' : ''}: must be > 0`);
    const Tg = argv.Tg;
    if (Tg !== undefined && !(Tg > 0)) throw new InputError(`--Tg: must be > 0, got ${Tg}`);
    if (lab && Tg === undefined) throw new InputError('--frequency-hz: the α process needs --Tg');
    const tMin = argv['T-min'] ?? (Tg !== undefined ? 0.05 * Tg : undefined);
    const tMax = argv['T-max'] ?? (Tg !== undefined ? 1.2 * Tg : undefined);
    if (tMin === undefined || tMax === undefined) throw new InputError('give --T-min and --T-max (or --Tg for the default range)');
    if (!(tMax > tMin && tMin > 0)) throw new InputError('--T-min and --T-max must satisfy 0 < T-min < T-max');
    if (!(Number.isInteger(argv.points) && argv.points >= 2)) throw new InputError('--points must be a whole number >= 2');
    const G = argv['shear-modulus'], K = argv['bulk-modulus'];
    if (G !== undefined && !(G > 0)) throw new InputError(`--shear-modulus: must be > 0, got ${G}`);
    if (K !== undefined && !(K > 0)) throw new InputError(`--bulk-modulus: must be > 0, got ${K}`);
    if (K !== undefined && G === undefined) throw new InputError('--bulk-modulus goes with --shear-modulus');
    if (G !== undefined && K === undefined && argv.mode === 'tension') throw new InputError('--mode tension with an isotropic modulus needs --bulk-modulus too');
    // In shear, an isotropic compliance couples only to the deviatoric stress: K drops out (any value will do).
    const elasticity = G !== undefined ? { G, K: K ?? G } : undefined;
    if (argv.volume !== undefined && !(argv.volume > 0)) throw new InputError(`--volume: must be > 0, got ${argv.volume}`);
    if (!(argv['min-barrier-kT'] >= 0)) throw new InputError(`--min-barrier-kT: must be >= 0, got ${argv['min-barrier-kT']}`);
    const temperatures = Array.from({ length: argv.points }, (_, i) => (i === argv.points - 1 ? tMax : tMin + ((tMax - tMin) * i) / (argv.points - 1)));
    const alpha = lab ? { Tg: Tg!, fragility: argv.fragility, tauG: 100, tauInf: argv['tau-inf'], gamma: argv.gamma } : undefined;
    const stress = stressFactor(units);
    const options = {
      mode: argv.mode, orientation: argv.orientation, frequency, temperatures, boltzmann: units.boltz, stressPerEnergyDensity: stress.factor,
      attemptFrequency: argv['attempt-frequency'], minBarrierKT: argv['min-barrier-kT'], elasticity, volume: argv.volume,
      alpha: alpha ? { process: alpha, timeUnitSeconds: tau!, heatingRate: argv['heating-rate'] } : undefined,
    };
    const sp = eventSpectrum(cat, options);
    if (sp.some((p) => !Number.isFinite(p.loss) || !Number.isFinite(p.storage))) throw new Error('the spectrum came out non-finite');
    const name = argv.mode === 'shear' ? 'G' : 'E';
    const out = {
      kind: 'event-spectrum', source: cat.file, units: units.name, modulus: `${name}' and ${name}''`, modulus_unit: stress.unit, mode: argv.mode, orientation: argv.orientation,
      frequency, frequency_unit: `1/${units.labels.time}`, ...(lab ? { frequency_hz: argv['frequency-hz'], time_unit_seconds: tau } : {}),
      min_barrier_kT: argv['min-barrier-kT'], attempt_frequency: argv['attempt-frequency'] ?? 'catalogue (harmonic TST, Vineyard)', attempt_fallbacks: argv['attempt-frequency'] ? 0 : attemptFallbacks(cat), n_events: cat.events.length,
      weight_sum: cat.events.reduce((a, e) => a + e.weight, 0), Tg: Tg ?? null, boltzmann: units.boltz, temperature_unit: units.labels.temperature,
      alpha: alpha ? { ...alpha, tau_g_s: 100, tau_inf_s: argv['tau-inf'], heating_rate_per_min: argv['heating-rate'] } : null,
      T: temperatures, storage: sp.map((p) => p.storage), loss: sp.map((p) => p.loss), tan_delta: sp.map((p) => p.tanDelta),
      beta_loss: sp.map((p) => p.betaLoss), alpha_loss: sp.map((p) => p.alphaLoss), compliance_relaxation: sp.map((p) => p.relaxation),
      unrelaxed_compliance: sp[0].unrelaxed,
      ...(alpha ? { classification: betaFeature(temperatures, sp) } : {}),
      activation_spectrum: activationSpectrumOf(cat, options),
    };
    if (argv.out) {
      const dir = ensureDir(argv.out);
      writeFileSync(join(dir, 'spectrum.json'), JSON.stringify(out, null, 1) + '\n');
      saveFigure(eventSpectrumFigure(out), join(dir, 'spectrum.svg'));
    }
    if (argv.json) process.stdout.write(JSON.stringify(out, null, 1) + '\n');
    else {
      const k = out.loss.indexOf(Math.max(...out.loss));
      const c = out.classification;
      if (c) process.stdout.write(`β ${c.kind}${c.beta_peak_T === null ? '' : ` at T = ${c.beta_peak_T.toPrecision(4)} (${(c.beta_peak_T / Tg!).toFixed(3)} Tg)`}, β intensity ${c.beta_intensity.toPrecision(3)} of the loss maximum\n`);
      process.stdout.write(
        `${cat.events.length} events (weight ${out.weight_sum.toPrecision(4)}), ${argv.mode} (${argv.orientation}), f = ${frequency.toPrecision(4)}/${units.labels.time}: ` +
          `${name}'' max ${out.loss[k].toPrecision(4)} ${stress.unit} at T = ${temperatures[k].toPrecision(4)} ${units.labels.temperature}, tan δ there ${out.tan_delta[k].toPrecision(3)}\n`,
      );
    }
  },
};

const barriersCommand = {
  command: 'barriers <run>',
  describe: "Toy model (free β strength; drives nothing): E''(T) of a barrier list as Debye relaxators plus a VFT α process",
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
  describe: 'Loss spectra: MD-DMA sweeps (dma), the anelastic spectrum of sampled events (events), a toy barrier model (barriers)',
  builder: (y: Argv) => y.command(dmaCommand).command(eventsCommand).command(barriersCommand).demandCommand(1, 'name a spectrum kind: dma, events or barriers'),
  handler: () => {},
};
