/** A worker thread of an MD-DMA sweep: runs the members it is sent and reports each result. */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../sim/errors.js';
import { runDmaMember } from '../analysis/spectra/dma-member.js';
import type { DmaConfig, DmaMember } from '../analysis/spectra/dma-config.js';

const port = parentPort!;
port.on('message', (job: { config: DmaConfig; member: DmaMember; glass: string }) => {
  try {
    port.postMessage({ type: 'done', result: runDmaMember(job.config, job.member, job.glass) });
  } catch (e) {
    port.postMessage({ type: 'error', member: job.member.name, message: e instanceof Error ? e.message : String(e), input: e instanceof InputError });
  }
});
