/**
 * Runs sweep members on worker threads, at most `jobs` at a time, each worker taking the next
 * member when it finishes one.
 */
import type { Member } from '../sim/protocols/sweep.js';
import type { MemberProgress } from '../sim/protocols/quench-member.js';
import type { MemberSummary } from '../analysis/sweep/member.js';
import type { ProgressView } from './progress.js';
import { runWorkQueue } from './work-queue.js';

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

const WORKER_URL = new URL('./sweep-worker.ts', import.meta.url);

/** One line saying how a member ended. */
export function doneLine(s: MemberSummary): string {
  const tg = s.Tg === null ? 'Tg -' : `Tg ${s.Tg.toFixed(3)}`;
  return `done ${s.member}: e_IS ${s.e_is_per_atom.toFixed(5)} per atom, ${tg} (${s.wall_s.toFixed(1)} s)`;
}

export async function runPool(members: Member[], jobs: number, view: ProgressView): Promise<PoolResult> {
  const summaries: MemberSummary[] = [];
  const failures: Failure[] = [];
  await runWorkQueue<Member, WorkerMessage>({
    url: WORKER_URL, tasks: members, jobs,
    onMessage: (m) => {
      switch (m.type) {
        case 'progress':
          view.update(m.progress);
          return false;
        case 'warn':
          view.warn(`betascape: warning: ${m.message}`);
          return false;
        case 'info':
          view.info(m.message);
          return false;
        case 'done':
          summaries.push(m.summary);
          view.finish(m.member, doneLine(m.summary));
          return true;
        case 'error':
          failures.push({ member: m.member, message: m.message, input: m.input });
          view.finish(m.member, `failed ${m.member}: ${m.message}`);
          return true;
      }
    },
    // The worker died (a member's own errors are reported as messages): its member fails.
    onCrash: (member, reason) => failures.push({ member: member.name, message: reason, input: false }),
  });
  return { summaries, failures };
}
