/**
 * A worker thread of `betascape study`: analyses the members it is sent (activations, local moduli,
 * CR-AFM, sub-basins, spectrum; analysis/study/glass-analysis.ts), one at a time.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../sim/errors.js';
import { analyseGlass, type StudyTask } from '../analysis/study/glass-analysis.js';
import type { GlassAnalysis } from '../analysis/study/results.js';

export type StudyWorkerMessage =
  | { type: 'log'; message: string }
  | { type: 'done'; analysis: GlassAnalysis }
  | { type: 'error'; message: string; input: boolean };

const port = parentPort!;
port.on('message', (task: StudyTask) => {
  try {
    const analysis = analyseGlass(task, (message) => port.postMessage({ type: 'log', message } satisfies StudyWorkerMessage));
    port.postMessage({ type: 'done', analysis } satisfies StudyWorkerMessage);
  } catch (e) {
    const message = e instanceof Error ? (process.env.BETASCAPE_DEBUG ? e.stack ?? e.message : e.message) : String(e);
    port.postMessage({ type: 'error', message, input: e instanceof InputError } satisfies StudyWorkerMessage);
  }
});
