/**
 * What the config-driven commands (validate, quench, sweep) share: the CONFIG positional, the
 * repeatable `--set KEY=VALUE`, reading a member directory's earlier config, and run times in words.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { parse as parseYaml } from 'yaml';
import { sweepConfigSchema, type SweepConfig } from '../sim/protocols/sweep-config.js';
import { loadSweepConfig, type LoadedSweep, type Member } from '../sim/protocols/sweep.js';
import { checkMemberDir, FILES } from '../sim/protocols/quench-member.js';

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

/** The config a member directory was run with, if any (undefined when absent or unreadable). */
export function previousMemberConfig(dir: string): SweepConfig | undefined {
  const file = join(dir, FILES.config);
  if (!existsSync(file)) return undefined;
  const r = sweepConfigSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  return r.success ? r.data : undefined;
}

/** Refuses, before anything runs, member directories that hold a run of a different config. */
export function checkExistingMembers(members: Member[]): void {
  for (const m of members) checkMemberDir(m, previousMemberConfig(m.dir));
}

/** A run-time estimate in words: seconds, minutes or hours. */
export function formatDuration(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
