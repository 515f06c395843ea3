import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Compiled (dist/<build>/sim/worker-thread.js, scripts/build.mjs), or run from the sources through tsx. */
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = new URL('./worker-entry.js', import.meta.url);

/**
 * A worker thread running the TypeScript module `module`: compiled, its JavaScript next to it in the
 * same build; otherwise the source through the one tsx entry, worker-entry.js.
 */
export function startWorker(module: URL, options: Omit<WorkerOptions, 'argv'> = {}): Worker {
  if (COMPILED) return new Worker(new URL(module.href.replace(/\.ts$/, '.js')), options);
  return new Worker(ENTRY, { ...options, argv: [module.href] });
}
