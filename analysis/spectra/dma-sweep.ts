/**
 * The bookkeeping of an MD-DMA sweep: the glass, which members are already done (resume) and which
 * must run, the results table of all of them. Running the members is the caller's (the CLI runs
 * them on worker threads).
 */
import { InputError } from '../../sim/errors.js';
import { lockRunDir } from '../../sim/io/run-lock.js';
import type { DmaConfig, DmaMember } from './dma-config.js';
import { memberSettings, prepareGlass, readFinished, writeResultsTable, type DmaResult } from './dma-member.js';

/** Runs members on the glass; a member that fails is a line in failures, not an exception. */
export type DmaMemberRunner = (members: DmaMember[], glass: string) => Promise<{ results: DmaResult[]; failures: string[] }>;

/**
 * Prepares the glass, runs the members not yet done (a finished member made with other settings
 * is refused before anything runs) and writes OUTPUT/results.csv of all finished members. The
 * output directory is locked for the run (sim/io/run-lock.ts).
 */
export async function runDmaSweep(
  config: DmaConfig, members: DmaMember[], runMembers: DmaMemberRunner, log: (line: string) => void,
): Promise<{ results: DmaResult[]; failures: string[] }> {
  const lock = lockRunDir(config.output, 'betascape spectrum dma', log);
  try {
    return await runLocked(config, members, runMembers, log);
  } finally {
    lock.release();
  }
}

async function runLocked(
  config: DmaConfig, members: DmaMember[], runMembers: DmaMemberRunner, log: (line: string) => void,
): Promise<{ results: DmaResult[]; failures: string[] }> {
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
  const { results, failures } = await runMembers(todo, glass);
  const all = [...finished, ...results];
  writeResultsTable(config.output, all);
  return { results: all, failures };
}

/** The results as --json prints them (without the settings fingerprint). */
export function dmaResultRows(results: DmaResult[]): Omit<DmaResult, 'settings'>[] {
  return results.map(({ settings: _s, ...r }) => r);
}
