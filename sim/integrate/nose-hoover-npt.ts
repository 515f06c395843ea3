import { InputError } from '../errors.js';
import type { State } from '../state.js';
import type { StepContext, Thermostat } from './thermostat.js';
import { degreesOfFreedom, kineticTensor, temperature } from '../thermo.js';
import { boxVolume, deformBox } from '../box.js';
import { drift, scaleVelocities } from './verlet.js';
import { chainEnergy, chainHalfStep, createChain, initChainForces, restoreChain, saveChain } from './nh-chain.js';
import { setTemperatureMasses, temperatureChain } from './nose-hoover.js';

export interface NoseHooverNptOptions {
  /** Thermostat damping time (LAMMPS Tdamp). */
  damp: number;
  /** Barostat damping time (LAMMPS Pdamp). */
  pdamp: number;
  /** Target pressure at the start and end of the run (linear ramp), in pressure units. */
  pStart: number;
  pStop?: number;
  /** `iso`: one strain rate for the whole box (P = trace / 3); `aniso`: each axis follows its own P_ii. */
  coupling?: 'iso' | 'aniso';
  /** Thermostat and barostat-thermostat chain lengths (LAMMPS tchain, pchain; default 3). */
  chain?: number;
  pchain?: number;
}

/**
 * Isothermal-isobaric MD with the Martyna–Tobias–Klein equations (J. Chem. Phys. 101, 4177, 1994)
 * in the Shinoda et al. (PRB 69, 134103, 2004) splitting, as LAMMPS `fix npt ... iso|aniso`:
 * barostat strain rates omega_dot with mass W = (N + 1) k T / w_p^2, their own Nose-Hoover chain, the
 * MTK correction terms, and box dilation by half steps around the drift. Orthogonal axes only
 * (tilts, if any, are scaled with the box as LAMMPS does).
 */
export function noseHooverNpt(opts: NoseHooverNptOptions): Thermostat {
  const { chain: tchain, freq: tfreq } = temperatureChain({ damp: opts.damp, chain: opts.chain });
  if (!(opts.pdamp > 0)) throw new InputError(`barostat damp must be > 0, got ${opts.pdamp}`);
  const pchainLength = opts.pchain ?? 3;
  if (!(Number.isInteger(pchainLength) && pchainLength >= 1)) throw new InputError(`barostat chain length must be a positive integer`);
  const pchain = createChain(pchainLength);
  const pfreq = 1 / opts.pdamp;
  const iso = (opts.coupling ?? 'iso') === 'iso';
  const pStop = opts.pStop ?? opts.pStart;
  const pdim = 3;

  const omega = new Float64Array(3);
  const omegaDot = new Float64Array(3);
  const omegaMass = new Float64Array(3);
  const pCurrent = new Float64Array(3);
  let pHydro = opts.pStart;
  let tCurrent = 0;
  let vol0 = 0;
  let mtkTerm2 = 0;

  const kT = (ctx: StepContext) => ctx.units.boltz * ctx.targetT;

  /** Current pressure (kinetic + virial) coupled as the barostat sees it. */
  const couple = (state: State, ctx: StepContext) => {
    if (!ctx.virial) throw new Error('the NPT integrator needs the virial every step');
    const ke = kineticTensor(state);
    const inv = ctx.units.nktv2p / boxVolume(state.box);
    for (let i = 0; i < 3; i++) pCurrent[i] = (ke[i] * ctx.units.mvv2e + ctx.virial[i]) * inv;
    if (iso) pCurrent.fill((pCurrent[0] + pCurrent[1] + pCurrent[2]) / 3);
  };

  const pressTarget = (ctx: StepContext) => {
    pHydro = opts.pStart + (ctx.fraction ?? 0) * (pStop - opts.pStart);
  };

  /** Half-step force on the strain rates: (P - P_target) V / W plus the MTK term. */
  const omegaDotHalfStep = (state: State, ctx: StepContext) => {
    const volume = boxVolume(state.box);
    let mtkTerm1: number;
    if (iso) mtkTerm1 = (degreesOfFreedom(state) * ctx.units.boltz * tCurrent) / (pdim * state.n);
    else {
      const ke = kineticTensor(state);
      mtkTerm1 = ((ke[0] + ke[1] + ke[2]) * ctx.units.mvv2e) / (pdim * state.n);
    }
    for (let i = 0; i < 3; i++) {
      const f = ((pCurrent[i] - pHydro) * volume) / (omegaMass[i] * ctx.units.nktv2p) + mtkTerm1 / omegaMass[i];
      omegaDot[i] += f * 0.5 * ctx.dt;
    }
    mtkTerm2 = (omegaDot[0] + omegaDot[1] + omegaDot[2]) / (pdim * state.n);
  };

  /** Velocity scaling by the strain rates over half a step (LAMMPS nh_v_press). */
  const velocityHalfStep = (state: State, ctx: StepContext) => {
    const f = [0, 1, 2].map((i) => Math.exp(-0.25 * ctx.dt * (omegaDot[i] + mtkTerm2)));
    const v = state.v;
    for (let k = 0; k < v.length; k += 3) {
      v[k] = v[k] * f[0] * f[0];
      v[k + 1] = v[k + 1] * f[1] * f[1];
      v[k + 2] = v[k + 2] * f[2] * f[2];
    }
  };

  /** Dilates box and atoms by exp(omega_dot dt/2) about the box centre (LAMMPS remap). */
  const remap = (state: State, ctx: StepContext) => {
    const dto = 0.5 * ctx.dt;
    for (let i = 0; i < 3; i++) omega[i] += dto * omegaDot[i];
    const b = state.box;
    const e = [0, 1, 2].map((i) => Math.exp(dto * omegaDot[i]));
    // Lower and upper bounds scale about the centre, as LAMMPS does it (same roundings).
    const scaled = (lo: number, len: number, f: number) => {
      const hi = lo + len;
      const ctr = 0.5 * (lo + hi);
      const nlo = (lo - ctr) * f + ctr;
      return [nlo, (hi - ctr) * f + ctr - nlo];
    };
    const [xlo, lx] = scaled(b.xlo, b.lx, e[0]);
    const [ylo, ly] = scaled(b.ylo, b.ly, e[1]);
    const [zlo, lz] = scaled(b.zlo, b.lz, e[2]);
    const next = { xlo, ylo, zlo, lx, ly, lz, xy: b.xy * e[1], xz: b.xz * e[2], yz: b.yz * e[2] };
    deformBox(state.box, next, state.x);
  };

  const barostatKinetic = () => omegaMass[0] * omegaDot[0] ** 2 + omegaMass[1] * omegaDot[1] ** 2 + omegaMass[2] * omegaDot[2] ** 2;

  // The barostat chain pulls the strain-rate kinetic energy towards k T (iso) or pdim k T (aniso), as LAMMPS.
  const barostatChainHalfStep = (ctx: StepContext) =>
    chainHalfStep(pchain, ctx.dt, kT(ctx), (iso ? 1 : pdim) * kT(ctx), barostatKinetic, (factor) => {
      for (let i = 0; i < 3; i++) omegaDot[i] *= factor;
    });

  const temperatureChainHalfStep = (state: State, ctx: StepContext) => {
    const dof = degreesOfFreedom(state);
    setTemperatureMasses(tchain, tfreq, dof, kT(ctx));
    chainHalfStep(tchain, ctx.dt, kT(ctx), dof * kT(ctx), () => dof * ctx.units.boltz * tCurrent, (factor) => {
      scaleVelocities(state, factor);
      tCurrent *= factor * factor;
    });
  };

  return {
    kind: 'nose-hoover-npt',
    needsVirial: true,
    setup(state, ctx) {
      pressTarget(ctx);
      tCurrent = temperature(state, ctx.units);
      couple(state, ctx);
      setTemperatureMasses(tchain, tfreq, degreesOfFreedom(state), kT(ctx));
      initChainForces(tchain, kT(ctx));
      omegaMass.fill(((state.n + 1) * kT(ctx)) / (pfreq * pfreq)); // W = (N + 1) k T / w_p^2, as LAMMPS
      pchain.mass.fill(kT(ctx) / (pfreq * pfreq));
      initChainForces(pchain, kT(ctx));
      if (vol0 === 0) vol0 = boxVolume(state.box);
    },
    initialIntegrate(state, ctx) {
      barostatChainHalfStep(ctx);
      temperatureChainHalfStep(state, ctx);
      couple(state, ctx);
      pressTarget(ctx);
      omegaDotHalfStep(state, ctx);
      velocityHalfStep(state, ctx);
    },
    drift(state, ctx) {
      remap(state, ctx);
      drift(state, ctx.dt);
      remap(state, ctx);
    },
    postForce() {},
    finalIntegrate(state, ctx) {
      velocityHalfStep(state, ctx);
      tCurrent = temperature(state, ctx.units);
      couple(state, ctx);
      omegaDotHalfStep(state, ctx);
      temperatureChainHalfStep(state, ctx);
      barostatChainHalfStep(ctx);
    },
    reservoirEnergy(state, ctx) {
      const dof = degreesOfFreedom(state);
      setTemperatureMasses(tchain, tfreq, dof, kT(ctx));
      let e = chainEnergy(tchain, dof * kT(ctx), kT(ctx));
      const volume = boxVolume(state.box);
      for (let i = 0; i < 3; i++) {
        e += 0.5 * omegaDot[i] * omegaDot[i] * omegaMass[i] + (pHydro * (volume - vol0)) / (pdim * ctx.units.nktv2p);
      }
      // LAMMPS counts k T per barostatted dimension in the first barostat-chain term.
      return e + chainEnergy(pchain, pdim * kT(ctx), kT(ctx));
    },
    save: () => ({
      tchain: saveChain(tchain), pchain: saveChain(pchain), omega: [...omega], omegaDot: [...omegaDot],
      omegaMass: [...omegaMass], tCurrent, vol0, mtkTerm2, pHydro,
    }),
    restore(saved) {
      const r = saved as {
        tchain: ReturnType<typeof saveChain>; pchain: ReturnType<typeof saveChain>; omega: number[]; omegaDot: number[];
        omegaMass: number[]; tCurrent: number; vol0: number; mtkTerm2: number; pHydro: number;
      };
      restoreChain(tchain, r.tchain);
      restoreChain(pchain, r.pchain);
      omega.set(r.omega);
      omegaDot.set(r.omegaDot);
      omegaMass.set(r.omegaMass);
      ({ tCurrent, vol0, mtkTerm2, pHydro } = r);
    },
  };
}
