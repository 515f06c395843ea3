/**
 * A worker thread of a sweep: runs the members it is sent, one at a time, and reports progress,
 * warnings and results to the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../sim/errors.js';
import { runMember } from '../analysis/sweep/member.js';
import type { Member } from '../sim/protocols/sweep.js';
import type { WorkerMessage } from './pool.js';

const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

port.on('message', async (member: Member) => {
  try {
    const summary = await runMember(member, {
      progress: (progress) => post({ type: 'progress', progress }),
      warn: (message) => post({ type: 'warn', member: member.name, message }),
      info: (message) => post({ type: 'info', member: member.name, message }),
    });
    post({ type: 'done', member: member.name, summary });
  } catch (e) {
    const message = e instanceof Error ? (process.env.BETASCAPE_DEBUG ? e.stack ?? e.message : e.message) : String(e);
    post({ type: 'error', member: member.name, message, input: e instanceof InputError });
  }
});
