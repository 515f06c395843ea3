/**
 * Runs sweep members on worker threads, at most `jobs` at a time, each worker taking the next
 * member when it finishes one.
 */
import { Worker } from 'node:worker_threads';
import type { Member } from './config.js';
import type { MemberProgress, MemberSummary } from './member.js';
import type { ProgressView } from './progress.js';

export type WorkerMessage =
  | { type: 'progress'; progress: MemberProgress }
  | { type: 'warn'; member: string; message: string }
  | { type: 'info'; member: string; message: string }
  | { type: 'done'; member: string; summary: MemberSummary }
  | { type: 'error'; member: string; message: string; input: boolean };

export interface Failure {
  member: string;
  message: string;
  /** A problem with the input (exit 2) rather than a bug (exit 1). */
  input: boolean;
}

export interface PoolResult {
  summaries: MemberSummary[];
  failures: Failure[];
}

const WORKER_URL = new URL('./sweep-worker.js', import.meta.url);

/** One line saying how a member ended. */
export function doneLine(s: MemberSummary): string {
  const tg = s.Tg === null ? 'Tg -' : `Tg ${s.Tg.toFixed(3)}`;
  return `done ${s.member}: e_IS ${s.e_is_per_atom.toFixed(5)} per atom, ${tg} (${s.wall_s.toFixed(1)} s)`;
}

export function runPool(members: Member[], jobs: number, view: ProgressView): Promise<PoolResult> {
  const queue = [...members];
  const summaries: MemberSummary[] = [];
  const failures: Failure[] = [];
  const workers = Math.min(jobs, queue.length);
  if (workers === 0) return Promise.resolve({ summaries, failures });

  return new Promise((resolve) => {
    let running = workers;
    const startWorker = () => {
      const worker = new Worker(WORKER_URL);
      let current: Member | undefined;
      const next = () => {
        current = queue.shift();
        if (current) worker.postMessage(current);
        else void worker.terminate();
      };
      worker.on('message', (m: WorkerMessage) => {
        switch (m.type) {
          case 'progress':
            view.update(m.progress);
            return;
          case 'warn':
            view.warn(`betascape: warning: ${m.message}`);
            return;
          case 'info':
            view.info(m.message);
            return;
          case 'done':
            summaries.push(m.summary);
            view.finish(m.member, doneLine(m.summary));
            break;
          case 'error':
            failures.push({ member: m.member, message: m.message, input: m.input });
            view.finish(m.member, `failed ${m.member}: ${m.message}`);
            break;
        }
        next();
      });
      worker.on('error', (e: Error) => {
        // The worker died (a member's own errors are reported as messages): its member fails.
        if (current) failures.push({ member: current.name, message: e.message, input: false });
        current = undefined;
      });
      worker.on('exit', () => {
        if (current) failures.push({ member: current.name, message: 'worker exited unexpectedly', input: false });
        // A dead worker is replaced while members are waiting.
        if (queue.length > 0) startWorker();
        else if (--running === 0) resolve({ summaries, failures });
      });
      next();
    };
    for (let k = 0; k < workers; k++) startWorker();
  });
}
