import type { Argv } from 'yargs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { loadDmaConfig, type DmaConfig, type DmaMember } from '../../analysis/spectra/dma-config.js';
import { memberDoneLine, type DmaResult } from '../../analysis/spectra/dma-member.js';
import { dmaResultRows, runDmaSweep } from '../../analysis/spectra/dma-sweep.js';
import { readCatalogue } from '../../analysis/spectra/event-catalogue.js';
import { CATALOGUE_SPECTRUM_DEFAULTS as EVENTS, catalogueSpectrum, writeCatalogueSpectrum } from '../../analysis/spectra/catalogue-spectrum.js';
import { BARRIER_MODEL_DEFAULTS as BARRIERS, barrierModelSpectrum, writeBarrierModelSpectrum } from '../../analysis/spectra/barrier-model-spectrum.js';
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
        log(memberDoneLine(msg.result));
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
  /** Global (cli/main.ts). */
  quiet?: boolean;
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
    const log = (s: string) => (argv.quiet ? undefined : process.stderr.write(s + '\n'));
    const { results, failures } = await runDmaSweep(config, members, (todo, glass) => runMembers(config, todo, glass, log), log);
    if (argv.json) process.stdout.write(JSON.stringify(dmaResultRows(results), null, 2) + '\n');
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
  alpha?: string;
  asymmetry: 'exact' | 'smoothed';
  'asymmetry-bandwidth'?: number;
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
        type: 'number', default: EVENTS.minBarrierKT,
        describe: 'leave out, at each T, events whose lower barrier is below this many kT (two states must outlive a vibration; matters at MD frequencies)',
      })
      .option('T-min', { type: 'number', describe: 'lowest temperature (default 0.05 Tg)' })
      .option('T-max', { type: 'number', describe: 'highest temperature (default 1.2 Tg)' })
      .option('points', { type: 'number', default: EVENTS.points, describe: 'temperatures, equally spaced from T-min to T-max, both included' })
      .option('units', { choices: ['lj', 'metal'], describe: "the catalogue's units when its header does not say" })
      .option('mode', { choices: ['shear', 'tension'] as const, default: EVENTS.mode, describe: "shear: G', G''; tension: E', E''" })
      .option('orientation', {
        choices: ['box', 'average'] as const, default: EVENTS.orientation,
        describe: "box: the simulation box's xy (shear) or x (tension) axis, as spectrum dma drives it; average: an isotropic sample",
      })
      .option('volume', { type: 'number', describe: 'box volume (length³) for a catalogue without one' })
      .option('shear-modulus', { type: 'number', describe: 'isotropic G (stress unit) instead of the catalogue\'s elastic constants' })
      .option('bulk-modulus', { type: 'number', describe: 'isotropic K (stress unit), with --shear-modulus; needed for tension' })
      .option('Tg', { type: 'number', describe: 'glass transition (temperature units): α process and the default range' })
      .option('fragility', { type: 'number', default: EVENTS.fragility, describe: 'α process: fragility index m' })
      .option('gamma', { type: 'number', default: EVENTS.gamma, describe: 'α process: Cole–Davidson exponent' })
      .option('tau-inf', { type: 'number', default: EVENTS.tauInf, describe: 'α process: VFT prefactor τ∞ (s)' })
      .option('heating-rate', { type: 'number', default: EVENTS.heatingRate, describe: 'α process: heating rate (temperature units per minute)' })
      .option('tau-seconds', { type: 'number', default: EVENTS.tauSeconds, describe: 'lj units: seconds per τ for a laboratory frequency (metal: 1 ps)' })
      .option('alpha', {
        type: 'string',
        describe: 'relax.json of `betascape relax` (or its directory): α process τ_α(T) from its VFT fit (× --tau-seconds) instead of --Tg, --fragility, --tau-inf',
      })
      .option('asymmetry', { choices: ['exact', 'smoothed'] as const, default: EVENTS.asymmetry, describe: 'exact sum, or each asymmetry kernel-smoothed (a density estimate for sampled events)' })
      .option('asymmetry-bandwidth', { type: 'number', describe: "with --asymmetry smoothed: the kernel's width (energy units); default Silverman's rule" })
      .option('out', { type: 'string', describe: 'write spectrum.json and spectrum.svg into this directory' })
      .option('json', { type: 'boolean', default: false, describe: 'print {T, storage, loss, ...} as JSON' })
      .example('$0 spectrum events runs/act --frequency 0.1 --T-min 0.02 --T-max 0.35 --orientation box --json', "G', G'' at the MD-DMA frequency 0.1/τ")
      .example('$0 spectrum events runs/act --frequency-hz 1 --Tg 0.42 --out runs/lab', "the laboratory spectrum at 1 Hz and 3 K/min, with the α process")
      .example('$0 spectrum events runs/act --frequency-hz 1 --alpha runs/relax --out runs/lab', 'the same with τ_α(T) of the MD liquid (the VFT of betascape relax)'),
  handler: (argv: EventArgs) => {
    const cat = readCatalogue(argv.catalogue);
    const { units, record: out } = catalogueSpectrum(cat, {
      units: argv.units, frequency: argv.frequency, frequencyHz: argv['frequency-hz'], attemptFrequency: argv['attempt-frequency'],
      minBarrierKT: argv['min-barrier-kT'], TMin: argv['T-min'], TMax: argv['T-max'], points: argv.points, mode: argv.mode,
      orientation: argv.orientation, volume: argv.volume, shearModulus: argv['shear-modulus'], bulkModulus: argv['bulk-modulus'],
      Tg: argv.Tg, fragility: argv.fragility, gamma: argv.gamma, tauInf: argv['tau-inf'], heatingRate: argv['heating-rate'], tauSeconds: argv['tau-seconds'],
      alphaFrom: argv.alpha, asymmetry: argv.asymmetry, asymmetryBandwidth: argv['asymmetry-bandwidth'],
    });
    if (argv.out) writeCatalogueSpectrum(argv.out, out);
    if (argv.json) process.stdout.write(JSON.stringify(out, null, 1) + '\n');
    else {
      const k = out.loss.indexOf(Math.max(...out.loss));
      const c = out.classification;
      const name = argv.mode === 'shear' ? 'G' : 'E';
      const a = out.alpha;
      if (a && 'from' in a) {
        const kA = out.alpha_loss.indexOf(Math.max(...out.alpha_loss));
        process.stdout.write(`α from ${a.from}: τ_α = 100 s at T = ${a.Tg.toPrecision(4)} (m = ${a.fragility.toPrecision(3)}), α peak at T = ${out.T[kA].toPrecision(4)}\n`);
      }
      if (c) process.stdout.write(`β ${c.kind}${c.beta_peak_T === null ? '' : ` at T = ${c.beta_peak_T.toPrecision(4)} (${(c.beta_peak_T / out.Tg!).toFixed(3)} Tg)`}, β intensity ${c.beta_intensity.toPrecision(3)} of the loss maximum\n`);
      process.stdout.write(
        `${cat.events.length} events (weight ${out.weight_sum.toPrecision(4)}), ${argv.mode} (${argv.orientation}), f = ${out.frequency.toPrecision(4)}/${units.labels.time}: ` +
          `${name}'' max ${out.loss[k].toPrecision(4)} ${out.modulus_unit} at T = ${out.T[k].toPrecision(4)} ${units.labels.temperature}, tan δ there ${out.tan_delta[k].toPrecision(3)}\n`,
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
      .option('frequency', { type: 'number', default: BARRIERS.frequency, describe: 'frequency f (Hz, or 1/time unit of tau0)' })
      .option('heating-rate', { type: 'number', default: BARRIERS.heatingRate, describe: 'heating rate (temperature units per minute): fixes the α fictive temperature' })
      .option('tau0', { type: 'number', default: BARRIERS.tau0, describe: 'attempt time τ0 of the β relaxators (s)' })
      .option('Tg', { type: 'number', describe: "glass transition (τ_α = 100 s); default: the run's summary.json Tg, else <E_a>/(26 k)" })
      .option('fragility', { type: 'number', default: BARRIERS.fragility, describe: 'fragility index m of the α process' })
      .option('gamma', { type: 'number', default: BARRIERS.gamma, describe: 'Cole–Davidson exponent of the α process (1 = Debye)' })
      .option('beta-strength', { type: 'number', default: BARRIERS.betaStrength, describe: 'relaxation strength of the β part (fraction of the unrelaxed modulus)' })
      .option('tau-inf', { type: 'number', default: BARRIERS.tauInf, describe: 'VFT prefactor τ∞ (s)' })
      .option('T-min', { type: 'number', describe: 'lowest temperature (default 0.5 Tg)' })
      .option('T-max', { type: 'number', describe: 'highest temperature (default 1.3 Tg)' })
      .option('points', { type: 'number', default: BARRIERS.points })
      .option('units', { choices: ['lj', 'metal'], describe: 'energy units of a barrier list without them (default lj; landscape.json says)' })
      .option('out', { type: 'string', describe: 'write spectrum.json and spectrum.svg into this directory' })
      .option('json', { type: 'boolean', default: false }),
  handler: (argv: BarrierArgs) => {
    const out = barrierModelSpectrum(argv.run, {
      units: argv.units, frequency: argv.frequency, heatingRate: argv['heating-rate'], tau0: argv.tau0, Tg: argv.Tg, fragility: argv.fragility,
      gamma: argv.gamma, betaStrength: argv['beta-strength'], tauInf: argv['tau-inf'], TMin: argv['T-min'], TMax: argv['T-max'], points: argv.points,
    });
    if (argv.out) writeBarrierModelSpectrum(argv.out, out);
    if (argv.json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    else {
      const d = out.decomposition;
      const T = out.temperature_unit;
      process.stdout.write(
        `${out.n_barriers} barriers (mean ${out.mean_barrier.toPrecision(4)}), f = ${argv.frequency}, Tg = ${out.Tg.toPrecision(4)} ${T} (${out.Tg_source}): α peak at T = ${d.alpha_peak_T.toPrecision(4)} ${T}, ` +
          `β ${d.kind}${d.beta_peak_T !== null ? ` at T = ${d.beta_peak_T.toPrecision(4)} ${T}` : ''}, β intensity ${d.beta_intensity.toFixed(3)}\n`,
      );
    }
  },
};

export const spectrumCommand = {
  builder: (y: Argv) => y.command(dmaCommand).command(eventsCommand).command(barriersCommand).demandCommand(1, 'name a spectrum kind: dma, events or barriers'),
  handler: () => {},
};
