import { Worker, type WorkerOptions } from 'node:worker_threads';

const ENTRY = new URL('./worker-entry.js', import.meta.url);

/** A worker thread running the TypeScript module `module` (through the one tsx entry, worker-entry.js). */
export function startWorker(module: URL, options: Omit<WorkerOptions, 'argv'> = {}): Worker {
  return new Worker(ENTRY, { ...options, argv: [module.href] });
}
