/**
 * The resident MD path (docs/gpu.md): positions, velocities, forces and the neighbour list live on
 * the device across steps (gpu.js pipeline buffers); the host runs the thermostat on one kinetic
 * energy per step and reads thermo sums and dump frames. `betascape md --backend gpu --resident`
 * runs through it:
 *
 *   const resident = openResident(spec, skin);
 *   resident.run(state, { steps, dt, units, thermostat: noseHoover({ damp }), tStart: T, ... });
 *   resident.dispose();
 */
import type { PotentialSpec } from '../potentials/spec.js';
import { buildPotential } from '../potentials/registry.js';
import { ResidentDevice, type ResidentMode } from './device.js';
import { residentForces } from './forces.js';
import { ResidentRunner } from './runner.js';

export function openResident(spec: PotentialSpec, skin: number, mode: ResidentMode = 'gpu'): ResidentRunner {
  const forces = residentForces(buildPotential(spec));
  return new ResidentRunner(new ResidentDevice(mode), forces, skin);
}
