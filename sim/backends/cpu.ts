import type { Potential } from '../potentials/potential.js';
import type { Backend } from './backend.js';

/** The cpu backend: the reference loops of sim/potentials on the calling thread. */
export function cpuBackendOf(potential: Potential): Backend {
  return { name: 'cpu', detail: 'cpu (f64, 1 thread)', potential, dispose() {} };
}
