import { LennardJones } from '../potentials/lj.js';
import { EAM, loadEam } from '../potentials/eam.js';
import type { Potential } from '../potentials/potential.js';
import type { Backend, PotentialSpec } from './backend.js';

/** The f64 reference potential a spec describes. */
export function potentialFromSpec(spec: PotentialSpec): LennardJones | EAM {
  return spec.kind === 'lj' ? new LennardJones(spec.model) : loadEam(spec.file, spec.elements, spec.style);
}

/** The spec of a cpu potential, so that another backend can rebuild it (undefined for other kinds). */
export function specOfPotential(p: Potential): PotentialSpec | undefined {
  if (p instanceof LennardJones) return { kind: 'lj', model: p.model };
  if (p instanceof EAM) return { kind: 'eam', file: p.file.file, elements: p.elements, style: p.file.style };
  return undefined;
}

/** The cpu backend: the reference loops of sim/potentials on the calling thread. */
export function createCpuBackend(spec: PotentialSpec): Backend {
  return cpuBackendOf(potentialFromSpec(spec));
}

/** Any potential as the cpu backend (for potentials that have no spec). */
export function cpuBackendOf(potential: Potential): Backend {
  return { name: 'cpu', detail: 'cpu (f64, 1 thread)', potential, dispose() {} };
}
