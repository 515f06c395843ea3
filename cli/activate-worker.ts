/**
 * A worker thread of `betascape activate`: builds the potential and the initial minimum once (from
 * workerData), then runs the events it is sent, each saving its own file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../sim/errors.js';
import { createEventRunner, type ActivationSetup } from '../landscape/activation/events.js';

export type ActivateMessage =
  | { type: 'done'; event: number; status: string; activation_energy: number | null; wall_s: number }
  | { type: 'error'; event: number; message: string; input: boolean };

const port = parentPort!;
const runner = createEventRunner(workerData as ActivationSetup);

port.on('message', (k: number) => {
  try {
    const e = runner.run(k);
    port.postMessage({ type: 'done', event: k, status: e.status, activation_energy: e.metrics?.activationEnergy ?? null, wall_s: e.wall_s } satisfies ActivateMessage);
  } catch (err) {
    const message = err instanceof Error ? (process.env.BETASCAPE_DEBUG ? err.stack ?? err.message : err.message) : String(err);
    port.postMessage({ type: 'error', event: k, message, input: err instanceof InputError } satisfies ActivateMessage);
  }
});
