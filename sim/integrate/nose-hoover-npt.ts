import { InputError } from '../errors.js';
import type { State } from '../state.js';
import type { StepContext, Thermostat } from './thermostat.js';
import { degreesOfFreedom, kineticTensor, temperature } from '../thermo.js';
import { boxVolume, deformBox, isTriclinic } from '../box.js';
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
  /**
   * `iso`: one strain rate for the whole box (P = trace / 3); `aniso`: each axis follows its own
   * P_ii; `tri`: also the tilts xy, xz, yz follow the shear stresses towards zero (needs a
   * triclinic box).
   */
  coupling?: 'iso' | 'aniso' | 'tri';
  /** Thermostat and barostat-thermostat chain lengths (LAMMPS tchain, pchain; default 3). */
  chain?: number;
  pchain?: number;
}

/**
 * Isothermal-isobaric MD with the Martyna–Tobias–Klein equations (J. Chem. Phys. 101, 4177, 1994)
 * in the Shinoda et al. (PRB 69, 134103, 2004) splitting, as LAMMPS `fix npt ... iso|aniso`:
 * barostat strain rates omega_dot with mass W = (N + 1) k T / w_p^2, their own Nose-Hoover chain, the
 * MTK correction terms, and box dilation by half steps around the drift. With `tri` the strain
 * rate is the upper-triangular 3x3 tensor (Voigt order xx, yy, zz, yz, xz, xy) and the cell h
 * follows dh/dt = omega_dot h, as `fix npt ... tri`; box flips are not done (a run whose tilt
 * passes 0.6 of the edge stops with an error). With iso/aniso, tilts are scaled with the box.
 */
export function noseHooverNpt(opts: NoseHooverNptOptions): Thermostat {
  const { chain: tchain, freq: tfreq } = temperatureChain({ damp: opts.damp, chain: opts.chain });
  if (!(opts.pdamp > 0)) throw new InputError(`barostat damp must be > 0, got ${opts.pdamp}`);
  const pchainLength = opts.pchain ?? 3;
  if (!(Number.isInteger(pchainLength) && pchainLength >= 1)) throw new InputError(`barostat chain length must be a positive integer`);
  const pchain = createChain(pchainLength);
  const pfreq = 1 / opts.pdamp;
  const iso = (opts.coupling ?? 'iso') === 'iso';
  const tri = opts.coupling === 'tri';
  const pStop = opts.pStop ?? opts.pStart;
  const pdim = 3;
  /** Barostatted components: 3 axes, plus the 3 tilts with tri. */
  const ncomp = tri ? 6 : 3;

  // Voigt order: xx, yy, zz, yz, xz, xy (LAMMPS omega, omega_dot, p_current).
  const omega = new Float64Array(6);
  const omegaDot = new Float64Array(6);
  const omegaMass = new Float64Array(6);
  const pCurrent = new Float64Array(6);
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
    if (iso) pCurrent.fill((pCurrent[0] + pCurrent[1] + pCurrent[2]) / 3, 0, 3);
    if (tri) {
      // Tensor order xy, xz, yz (indices 3, 4, 5) to Voigt yz, xz, xy.
      for (let k = 3; k < 6; k++) pCurrent[8 - k] = (ke[k] * ctx.units.mvv2e + ctx.virial[k]) * inv;
    }
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
    // Shear components: the target shear stress is zero, and there is no MTK term.
    for (let i = 3; i < ncomp; i++) omegaDot[i] += ((pCurrent[i] * volume) / (omegaMass[i] * ctx.units.nktv2p)) * 0.5 * ctx.dt;
  };

  /** Velocity scaling by the strain rates over half a step (LAMMPS nh_v_press). */
  const velocityHalfStep = (state: State, ctx: StepContext) => {
    const f = [0, 1, 2].map((i) => Math.exp(-0.25 * ctx.dt * (omegaDot[i] + mtkTerm2)));
    const v = state.v;
    if (tri) {
      // Scale, shear by the off-diagonal strain rates over dt/2 (x from the scaled y, z; then y), scale.
      const h = 0.5 * ctx.dt, syz = omegaDot[3], sxz = omegaDot[4], sxy = omegaDot[5];
      for (let k = 0; k < v.length; k += 3) {
        let vx = v[k] * f[0], vy = v[k + 1] * f[1];
        const vz = v[k + 2] * f[2];
        vx += -h * (vy * sxy + vz * sxz);
        vy += -h * vz * syz;
        v[k] = vx * f[0];
        v[k + 1] = vy * f[1];
        v[k + 2] = vz * f[2];
      }
      return;
    }
    for (let k = 0; k < v.length; k += 3) {
      v[k] = v[k] * f[0] * f[0];
      v[k + 1] = v[k + 1] * f[1] * f[1];
      v[k + 2] = v[k + 2] * f[2] * f[2];
    }
  };

  /**
   * The tilts over half a step of dh/dt = omega_dot h (h upper triangular), split symmetrically
   * in time as LAMMPS does; edge lengths are those at the start of the half step.
   */
  const tiltHalfStep = (t: { yz: number; xz: number; xy: number }, b: { lx: number; ly: number; lz: number }, dto: number) => {
    const [d0, d1] = [omegaDot[0], omegaDot[1]];
    const [syz, sxz, sxy] = [omegaDot[3], omegaDot[4], omegaDot[5]];
    const xzStep = () => {
      const e = Math.exp((dto / 8) * d0);
      t.xz = (t.xz * e + (dto / 4) * (sxy * t.yz + sxz * b.lz)) * e;
    };
    xzStep();
    let e = Math.exp((dto / 4) * d1);
    t.yz = (t.yz * e + (dto / 2) * (syz * b.lz)) * e;
    e = Math.exp((dto / 4) * d0);
    t.xy = (t.xy * e + (dto / 2) * (sxy * b.ly)) * e;
    xzStep();
  };

  /** Dilates box and atoms by exp(omega_dot dt/2) about the box centre (LAMMPS remap). */
  const remap = (state: State, ctx: StepContext) => {
    const dto = 0.5 * ctx.dt;
    for (let i = 0; i < ncomp; i++) omega[i] += dto * omegaDot[i];
    const b = state.box;
    if (tri) {
      const t = { yz: b.yz, xz: b.xz, xy: b.xy };
      tiltHalfStep(t, b, dto);
      const [xlo, lx] = scaledAxis(b.xlo, b.lx, Math.exp(dto * omegaDot[0]));
      const [ylo, ly] = scaledAxis(b.ylo, b.ly, Math.exp(dto * omegaDot[1]));
      const [zlo, lz] = scaledAxis(b.zlo, b.lz, Math.exp(dto * omegaDot[2]));
      tiltHalfStep(t, b, dto);
      if (Math.abs(t.xy) > 0.6 * lx || Math.abs(t.xz) > 0.6 * lx || Math.abs(t.yz) > 0.6 * ly) {
        throw new InputError(`npt tri: the box tilted beyond 0.6 of an edge at step ${state.step} (xy ${t.xy}, xz ${t.xz}, yz ${t.yz}); box flips are not supported`);
      }
      deformBox(state.box, { xlo, ylo, zlo, lx, ly, lz, ...t }, state.x);
      return;
    }
    const e = [0, 1, 2].map((i) => Math.exp(dto * omegaDot[i]));
    const [xlo, lx] = scaledAxis(b.xlo, b.lx, e[0]);
    const [ylo, ly] = scaledAxis(b.ylo, b.ly, e[1]);
    const [zlo, lz] = scaledAxis(b.zlo, b.lz, e[2]);
    const next = { xlo, ylo, zlo, lx, ly, lz, xy: b.xy * e[1], xz: b.xz * e[2], yz: b.yz * e[2] };
    deformBox(state.box, next, state.x);
  };

  const barostatKinetic = () => {
    let k = 0;
    for (let i = 0; i < ncomp; i++) k += omegaMass[i] * omegaDot[i] ** 2;
    return k;
  };

  // The barostat chain pulls the strain-rate kinetic energy towards k T (iso) or k T per
  // barostatted component (aniso: 3, tri: 6), as LAMMPS.
  const barostatChainHalfStep = (ctx: StepContext) =>
    chainHalfStep(pchain, ctx.dt, kT(ctx), (iso ? 1 : ncomp) * kT(ctx), barostatKinetic, (factor) => {
      for (let i = 0; i < ncomp; i++) omegaDot[i] *= factor;
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
      if (tri && !isTriclinic(state.box)) throw new InputError('npt tri needs a triclinic box (tilt factors in the data file), as LAMMPS');
      pressTarget(ctx);
      tCurrent = temperature(state, ctx.units);
      couple(state, ctx);
      setTemperatureMasses(tchain, tfreq, degreesOfFreedom(state), kT(ctx));
      initChainForces(tchain, kT(ctx));
      omegaMass.fill(((state.n + 1) * kT(ctx)) / (pfreq * pfreq), 0, ncomp); // W = (N + 1) k T / w_p^2, as LAMMPS
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
      for (let i = 3; i < ncomp; i++) e += 0.5 * omegaDot[i] * omegaDot[i] * omegaMass[i];
      // LAMMPS counts k T per barostatted component in the first barostat-chain term.
      return e + chainEnergy(pchain, ncomp * kT(ctx), kT(ctx));
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

/** Scales the edge [lo, lo + len] by f about its centre, as LAMMPS does it (same roundings). */
function scaledAxis(lo: number, len: number, f: number): [number, number] {
  const hi = lo + len;
  const ctr = 0.5 * (lo + hi);
  const nlo = (lo - ctr) * f + ctr;
  return [nlo, (hi - ctr) * f + ctr - nlo];
}
