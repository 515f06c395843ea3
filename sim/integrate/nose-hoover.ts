import { InputError } from '../errors.js';
import type { StepContext, Thermostat, UniformScaling } from './thermostat.js';
import { degreesOfFreedom, temperature } from '../thermo.js';
import { scaleVelocities } from './verlet.js';
import { chainEnergy, chainHalfStep, createChain, initChainForces, restoreChain, saveChain, type NHChain } from './nh-chain.js';

export interface NoseHooverOptions {
  /** Damping time (LAMMPS `Tdamp`), in time units; the thermostat frequency is 1 / damp. */
  damp: number;
  /** Chain length (LAMMPS `tchain`, default 3). */
  chain?: number;
}

/**
 * Nosé–Hoover chain thermostat with the same equations, masses and update order as LAMMPS
 * `fix nvt` (Martyna, Tuckerman & Klein 1996 chains; Suzuki–Yoshida order 1, one loop): a half
 * step of the chain before the first half kick and after the second. Chain masses follow the
 * target temperature: Q_0 = N_f k T / w^2, Q_k = k T / w^2.
 */
export function noseHoover(opts: NoseHooverOptions): Thermostat {
  const { chain, freq } = temperatureChain(opts);
  const scaling = chainScaling(chain, freq);
  return {
    kind: 'nose-hoover',
    scaling,
    setup(state, ctx) {
      scaling.setup(temperature(state, ctx.units), degreesOfFreedom(state), ctx);
    },
    initialIntegrate(state, ctx) {
      scaleVelocities(state, scaling.initial(degreesOfFreedom(state), ctx));
    },
    postForce() {},
    finalIntegrate(state, ctx) {
      scaleVelocities(state, scaling.final(temperature(state, ctx.units), degreesOfFreedom(state), ctx));
    },
    reservoirEnergy(state, ctx) {
      const kT = ctx.units.boltz * ctx.targetT;
      const dof = degreesOfFreedom(state);
      setTemperatureMasses(chain, freq, dof, kT);
      return chainEnergy(chain, dof * kT, kT);
    },
    save: () => ({ chain: saveChain(chain), tCurrent: scaling.tCurrent }),
    restore(saved) {
      const s = saved as { chain: ReturnType<typeof saveChain>; tCurrent: number };
      restoreChain(chain, s.chain);
      scaling.tCurrent = s.tCurrent;
    },
  };
}

/**
 * The chain's half steps on the temperature alone: it tracks the temperature through its own
 * scalings (tCurrent), so the velocities are needed only after the second half kick.
 */
function chainScaling(chain: NHChain, freq: number): UniformScaling & { tCurrent: number } {
  const halfStep = (dof: number, ctx: StepContext): number => {
    const kT = ctx.units.boltz * ctx.targetT;
    setTemperatureMasses(chain, freq, dof, kT);
    let total = 1;
    chainHalfStep(chain, ctx.dt, kT, dof * kT, () => dof * ctx.units.boltz * s.tCurrent, (factor) => {
      total *= factor;
      s.tCurrent *= factor * factor;
    });
    return total;
  };
  const s = {
    tCurrent: 0,
    setup(t: number, dof: number, ctx: StepContext) {
      s.tCurrent = t;
      const kT = ctx.units.boltz * ctx.targetT;
      setTemperatureMasses(chain, freq, dof, kT);
      initChainForces(chain, kT);
    },
    initial: halfStep,
    final(t: number, dof: number, ctx: StepContext) {
      s.tCurrent = t;
      return halfStep(dof, ctx);
    },
  };
  return s;
}

/** Validates the options and creates the chain; the frequency is 1 / damp. */
export function temperatureChain(opts: NoseHooverOptions): { chain: NHChain; freq: number } {
  if (!(opts.damp > 0)) throw new InputError(`Nose-Hoover damp must be > 0, got ${opts.damp}`);
  const m = opts.chain ?? 3;
  if (!(Number.isInteger(m) && m >= 1)) throw new InputError(`Nose-Hoover chain length must be a positive integer, got ${opts.chain}`);
  return { chain: createChain(m), freq: 1 / opts.damp };
}

/** Chain masses follow the target temperature: Q_0 = N_f k T / w^2, Q_k = k T / w^2. */
export function setTemperatureMasses(chain: NHChain, freq: number, dof: number, kT: number): void {
  chain.mass[0] = (dof * kT) / (freq * freq);
  for (let k = 1; k < chain.length; k++) chain.mass[k] = kT / (freq * freq);
}
