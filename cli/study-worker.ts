/**
 * A worker thread of `betascape study`: analyses the members it is sent (activations, local moduli,
 * CR-AFM, sub-basins, spectrum; analysis/study/glass-analysis.ts), or a large glass's local moduli
 * and CR-AFM (large-glass.ts), one at a time.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../sim/errors.js';
import { analyseGlass, type StudyTask } from '../analysis/study/glass-analysis.js';
import { analyseLargeGlass, type LargeGlassAnalysis } from '../analysis/study/large-glass.js';
import type { GlassAnalysis } from '../analysis/study/results.js';

export type StudyWorkerMessage =
  | { type: 'log'; message: string }
  | { type: 'done'; analysis: GlassAnalysis }
  | { type: 'large'; analysis: LargeGlassAnalysis }
  | { type: 'error'; message: string; input: boolean };

const port = parentPort!;
port.on('message', (task: StudyTask) => {
  try {
    const log = (message: string) => port.postMessage({ type: 'log', message } satisfies StudyWorkerMessage);
    if (task.large) port.postMessage({ type: 'large', analysis: analyseLargeGlass(task, log) } satisfies StudyWorkerMessage);
    else port.postMessage({ type: 'done', analysis: analyseGlass(task, log) } satisfies StudyWorkerMessage);
  } catch (e) {
    const message = e instanceof Error ? (process.env.BETASCAPE_DEBUG ? e.stack ?? e.message : e.message) : String(e);
    port.postMessage({ type: 'error', message, input: e instanceof InputError } satisfies StudyWorkerMessage);
  }
});
