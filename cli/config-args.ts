/**
 * What the config-driven commands (validate, quench, sweep) share: the CONFIG positional, the
 * repeatable `--set KEY=VALUE`, `--force`, and run times in words.
 */
import type { Argv } from 'yargs';
import { loadSweepConfig, type LoadedSweep } from '../sim/protocols/sweep.js';

export interface ConfigArgs {
  config: string;
  /** One --set, or several (yargs collects repeated flags into a list). */
  set?: string | string[];
}

/** The --set overrides as a list. */
export function overrides(argv: ConfigArgs): string[] {
  return argv.set === undefined ? [] : ([] as string[]).concat(argv.set);
}

/** Loads the sweep config of CONFIG and --set; its warnings go to stderr. */
export function loadSweepArgs(argv: ConfigArgs): LoadedSweep {
  const loaded = loadSweepConfig(argv.config, overrides(argv));
  for (const w of loaded.warnings) process.stderr.write(`betascape: warning: ${w}\n`);
  return loaded;
}

export function withConfigArgs<T>(y: Argv<T>) {
  return y
    .positional('config', { type: 'string', demandOption: true, describe: 'config file (YAML or JSON), e.g. configs/quench-small.yaml' })
    .option('set', {
      type: 'string',
      describe: 'override a config key, validated like the file: --set quench.rates=[0.01] --set seeds=2 --set output=/tmp/run',
    });
}

/** --force: write into a directory that holds files betascape did not write for this run. */
export function withForce<T>(y: Argv<T>) {
  return y.option('force', { type: 'boolean', default: false, describe: 'write into an output directory that holds other files (they may be overwritten)' });
}

/** A run-time estimate in words: seconds, minutes or hours. */
export function formatDuration(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
