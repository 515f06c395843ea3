/**
 * A queue of tasks run on worker threads, at most `jobs` at a time, each worker taking the next
 * task when it reports the current one finished. Sweeps, saddle searches, MD-DMA and the study
 * all run their members this way; each supplies the worker script and what to do with messages.
 */
import { startWorker as startThread } from '../sim/worker-thread.js';

export interface WorkQueue<T, M> {
  /** The worker module (TypeScript). */
  url: URL;
  tasks: T[];
  jobs: number;
  /** Passed to every worker at start-up. */
  workerData?: unknown;
  /** What is posted to the worker for a task (default: the task itself). */
  post?: (task: T) => unknown;
  /** Every message of a worker about its current task; return true when the task is finished. */
  onMessage: (message: M, task: T) => boolean;
  /** The worker died (an uncaught error, or it exited) while running the task; the task fails. */
  onCrash: (task: T, reason: string) => void;
}

/** Runs every task; resolves when all are done and the workers have exited. A dead worker is replaced while tasks wait. */
export function runWorkQueue<T, M>(q: WorkQueue<T, M>): Promise<void> {
  const queue = [...q.tasks];
  const workers = Math.min(q.jobs, queue.length);
  if (workers === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let running = workers;
    const startWorker = () => {
      const worker = startThread(q.url, q.workerData === undefined ? {} : { workerData: q.workerData });
      let current: T | undefined;
      const next = () => {
        current = queue.shift();
        if (current === undefined) void worker.terminate();
        else worker.postMessage(q.post ? q.post(current) : current);
      };
      worker.on('message', (m: M) => {
        if (current !== undefined && q.onMessage(m, current)) next();
      });
      worker.on('error', (e: Error) => {
        if (current !== undefined) q.onCrash(current, e.message);
        current = undefined;
      });
      worker.on('exit', () => {
        if (current !== undefined) q.onCrash(current, 'worker exited unexpectedly');
        current = undefined;
        if (queue.length > 0) startWorker();
        else if (--running === 0) resolve();
      });
      next();
    };
    for (let k = 0; k < workers; k++) startWorker();
  });
}
