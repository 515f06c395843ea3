/**
 * One place that turns an ensemble and its damping settings into a thermostat hook: NVE,
 * Nosé–Hoover chains (LAMMPS `fix nvt`), MTK NPT (`fix npt`) or Langevin (`fix langevin`).
 *
 * Langevin noise comes from its own stream, `noiseSeed(seed)`, where `seed` is the run's seed (the
 * one its sample and velocities are drawn from): far enough from the run's own stream that the
 * noise of seed k is never the sample of seed k + 1.
 */
import { langevin } from './langevin.js';
import { noseHoover } from './nose-hoover.js';
import { noseHooverNpt, type NoseHooverNptOptions } from './nose-hoover-npt.js';
import { nve, type Thermostat } from './thermostat.js';

export type Ensemble = 'nve' | 'nvt' | 'langevin' | 'npt';

export interface EnsembleSettings {
  ensemble: Ensemble;
  /** Thermostat damping time (LAMMPS `Tdamp`; Langevin `damp`). */
  damp: number;
  /** Nosé–Hoover chain length (default 3, as LAMMPS). */
  chain?: number;
  /** The run's seed (Langevin only). */
  seed?: number;
  /** Barostat of ensemble npt. */
  barostat?: Pick<NoseHooverNptOptions, 'pdamp' | 'pStart' | 'pStop' | 'coupling' | 'pchain'>;
}

/** The Langevin noise stream of a run with this seed. */
export function noiseSeed(seed: number): number {
  return seed + 1_000_003;
}

export function createThermostat(s: EnsembleSettings): Thermostat {
  switch (s.ensemble) {
    case 'nve':
      return nve();
    case 'nvt':
      return noseHoover({ damp: s.damp, chain: s.chain });
    case 'langevin':
      return langevin({ damp: s.damp, seed: noiseSeed(s.seed ?? 0) });
    case 'npt':
      return noseHooverNpt({ damp: s.damp, chain: s.chain, ...s.barostat! });
  }
}
