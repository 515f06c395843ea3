/**
 * A worker thread of the threads backend (workers 1 .. W-1; worker 0 is the host thread): waits
 * for a command from the host, runs its share (threads-role.ts), reports done, waits again. See
 * threads-shared.ts for the protocol. Between commands it first spins on the sequence number for
 * a while (the host's work between the commands of consecutive MD steps is short, and a futex
 * wake-up costs tens of microseconds), then sleeps on it.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { Command, CMD, DONE, FAILED, PROFILE, SEQ, busySlot, placeShared, type SharedSizes, type WorkerInit } from './threads-shared.js';
import { Abandoned, spinWhile } from './threads-barrier.js';
import { WorkerRole } from './threads-role.js';

const init = workerData as WorkerInit & { port: MessagePort };
const { index: me, workers, control, params, port } = init;
const role = new WorkerRole(init);

/**
 * The buffers the host laid out before this command (it posts their sizes: the views are made here
 * on the shared memory). The host posts, then commands, but the message
 * can reach this side of the port a moment after the command (seen under load): wait up to 10 s.
 */
function takeBuffers(): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let message = receiveMessageOnPort(port);
  for (let waited = 0; !message && waited < 10000; waited++) {
    Atomics.wait(pause, 0, 0, 1);
    message = receiveMessageOnPort(port);
  }
  if (!message) throw new Error('threads backend: no buffers were posted');
  role.take(placeShared(init.memory, message.message as SharedSizes));
}

// Read the sequence number before saying ready: the host's first command may follow at once.
let seen = Atomics.load(control, SEQ);
parentPort!.postMessage('ready');
for (;;) {
  spinWhile(control, SEQ, seen);
  Atomics.wait(control, SEQ, seen);
  seen = Atomics.load(control, SEQ);
  const command = control[CMD];
  if (command === Command.Quit) break;
  const profiling = control[PROFILE] === 1, t0 = profiling ? performance.now() : 0;
  try {
    if (command === Command.Buffers) takeBuffers();
    else role.run(command);
  } catch (e) {
    if (!(e instanceof Abandoned)) {
      Atomics.store(control, FAILED, 1);
      role.barrier.release();
      port.postMessage(`worker ${me}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
  if (profiling) params[busySlot(workers) + me] = performance.now() - t0;
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}
port.close();
