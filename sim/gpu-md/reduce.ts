/**
 * Reductions on the device: block sums (md-kernels.ts, reduceSource), level after level, until at
 * most `keep` texels per part are left; those come back and are summed (or maxed) in f64.
 * keep = 1 reads one texel per part: the few scalars of a non-thermo step.
 */
import type { Buffer, ResidentDevice } from './device.js';
import { reducedLength, reduceSource } from './md-kernels.js';

/** Texels summed per thread and level. */
const BLOCK = 64;

/**
 * Sums of channels 0..2 and, with 'max', the maximum of channel 3 (else its sum) over each of
 * `parts` runs of `len` texels of `buf`: 4 numbers per part. `buf` is left as it is.
 */
export function reduceToHost(device: ResidentDevice, buf: Buffer, parts: number, len: number, mode: 'sum' | 'max', keep = 1): Float64Array {
  const max = mode === 'max';
  let cur = buf;
  while (len > keep) {
    const next = reducedLength(len, BLOCK);
    const out = device.run(reduceSource(len, BLOCK, max, device.vec4), { length: parts * next, vec4: true }, [cur]);
    if (cur !== buf) device.release(cur);
    cur = out;
    len = next;
  }
  const flat = device.read(cur, parts * len, true);
  if (cur !== buf) device.release(cur);
  const sums = new Float64Array(4 * parts);
  for (let p = 0; p < parts; p++) {
    for (let t = 0; t < len; t++) {
      const k = 4 * (p * len + t);
      sums[4 * p] += flat[k];
      sums[4 * p + 1] += flat[k + 1];
      sums[4 * p + 2] += flat[k + 2];
      sums[4 * p + 3] = max ? Math.max(sums[4 * p + 3], flat[k + 3]) : sums[4 * p + 3] + flat[k + 3];
    }
  }
  return sums;
}
