/**
 * Energy minimization with the box relaxed to a target pressure (default 0), the inherent
 * structure at constant pressure: what LAMMPS `fix box/relax iso|aniso P` + `minimize` gives.
 *
 *   const r = minimizeWithBox(state, ff, { box: 'iso', method: 'cg', ftol: 1e-10, units });
 *
 * Nested rather than in an extended space: each cycle minimizes the atoms at fixed box
 * (`minimize`), measures the pressure of the minimum (the virial alone; no kinetic part) and
 * strains the box affinely about its centre by a quasi-Newton step on the residual
 * f(ε) = P(ε) − P_target, ε the logarithmic strain (one number for iso, one per axis for aniso).
 * The first Jacobian dP/dε is the affine (unrelaxed) one, from central differences; later ones
 * are Broyden updates from the relaxed pressures, so the steps adapt to the softer relaxed
 * response. It stops when |P − P_target| (iso: scalar pressure; aniso: each diagonal
 * component) is below `pressureTol` with the atoms converged. At a minimum at zero pressure,
 * dH/dV = P_target − P = 0: the same stationary point as LAMMPS's enthalpy minimization.
 */
import { boxVolume, deformBox, type Box } from '../../sim/box.js';
import type { State } from '../../sim/state.js';
import { computeForces, type ForceField } from '../../sim/forces.js';
import { InputError } from '../../sim/errors.js';
import { LJ_UNITS } from '../../sim/units.js';
import { minimize } from './index.js';
import type { MinimizeOptions, MinimizeResult } from './types.js';
import { solveDense } from '../../sim/linalg.js';

export type BoxMode = 'fixed' | 'iso' | 'aniso';
export const BOX_MODES: readonly BoxMode[] = ['fixed', 'iso', 'aniso'];

export interface BoxRelaxOptions extends MinimizeOptions {
  /** 'fixed' = plain `minimize`; 'iso' scales all edges alike; 'aniso' each axis on its own. Default 'iso'. */
  box?: BoxMode;
  /** Target pressure in the units' pressure unit (default 0). */
  pressure?: number;
  /** |P − target| to reach (default 1e-6 in lj units, 0.01 bar in metal units). */
  pressureTol?: number;
  /** Most minimize-then-strain cycles (default 100). */
  maxCycles?: number;
  /** Largest logarithmic strain of one cycle on any axis (default 0.02). */
  maxStrain?: number;
}

export interface BoxRelaxResult extends MinimizeResult {
  box: BoxMode;
  /** Virial pressure and pressure tensor (xx yy zz xy xz yz) at the final minimum. */
  pressure: number;
  pressureTensor: number[];
  volume: number;
  cycles: number;
  /** Whether |P − target| < pressureTol with the atoms converged (forceEvaluations and iterations count all cycles). */
  pressureConverged: boolean;
}

/** Virial pressure tensor of the current positions (forces, energy and virial refreshed). */
function virialPressure(state: State, ff: ForceField, nktv2p: number): number[] {
  const w = computeForces(state, ff, { energyVirial: true }).virial;
  const v = boxVolume(state.box);
  return Array.from(w, (x) => (x * nktv2p) / v);
}

/** Scales the box (and the atoms with it) by exp(eps) along x, y, z about its centre. */
function strainBox(state: State, eps: number[]): void {
  const b = state.box;
  const [fx, fy, fz] = eps.map(Math.exp);
  const next: Box = {
    lx: b.lx * fx, ly: b.ly * fy, lz: b.lz * fz,
    xy: b.xy * fx, xz: b.xz * fx, yz: b.yz * fy,
    xlo: b.xlo + (b.lx * (1 - fx)) / 2, ylo: b.ylo + (b.ly * (1 - fy)) / 2, zlo: b.zlo + (b.lz * (1 - fz)) / 2,
  };
  deformBox(b, next, state.x);
  Object.assign(state.box, next);
}

/** Per-dimension strain: iso spreads one number over the three axes. */
const axisStrain = (mode: BoxMode, e: number[]) => (mode === 'iso' ? [e[0], e[0], e[0]] : e);

function residual(mode: BoxMode, p: number[], target: number): number[] {
  return mode === 'iso' ? [(p[0] + p[1] + p[2]) / 3 - target] : [p[0] - target, p[1] - target, p[2] - target];
}

/** Affine Jacobian d(residual)/d(strain) by central differences at fixed fractional coordinates. */
function affineJacobian(state: State, ff: ForceField, mode: BoxMode, target: number, nktv2p: number): number[][] {
  const d = mode === 'iso' ? 1 : 3;
  const h = 1e-5;
  const x0 = state.x.slice();
  const image0 = state.image.slice();
  const box0 = { ...state.box };
  const J = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let k = 0; k < d; k++) {
    const f = (sign: number) => {
      const e = new Array<number>(d).fill(0);
      e[k] = sign * h;
      strainBox(state, axisStrain(mode, e));
      const r = residual(mode, virialPressure(state, ff, nktv2p), target);
      state.x.set(x0);
      state.image.set(image0);
      Object.assign(state.box, box0);
      return r;
    };
    const plus = f(1), minus = f(-1);
    for (let i = 0; i < d; i++) J[i][k] = (plus[i] - minus[i]) / (2 * h);
  }
  return J;
}

/** Solves J x = b (d ≤ 3). */
function solve(J: number[][], b: number[]): number[] {
  const x = solveDense(J, b);
  if (!x) throw new Error('box relaxation: singular pressure response');
  return x;
}

/**
 * Broyden update J + (Δf − J Δε) Δεᵀ / (Δεᵀ Δε); an update that makes the response non-stiff
 * (a diagonal entry >= 0: pressure rising on expansion) is refused and J kept.
 */
function broyden(J: number[][], de: number[], df: number[]): number[][] {
  const n2 = de.reduce((s, x) => s + x * x, 0);
  if (!(n2 > 0)) return J;
  const jd = J.map((row) => row.reduce((s, x, k) => s + x * de[k], 0));
  const next = J.map((row, i) => row.map((x, k) => x + ((df[i] - jd[i]) * de[k]) / n2));
  return next.every((row, i) => row[i] < 0) ? next : J;
}

export function minimizeWithBox(state: State, ff: ForceField, options: BoxRelaxOptions = {}): BoxRelaxResult {
  const mode = options.box ?? 'iso';
  if (!BOX_MODES.includes(mode)) throw new InputError(`unknown box relaxation '${mode}' (expected ${BOX_MODES.join(', ')})`);
  const units = options.units ?? LJ_UNITS;
  const target = options.pressure ?? 0;
  const ptol = options.pressureTol ?? (units.name === 'metal' ? 0.01 : 1e-6);
  const maxCycles = options.maxCycles ?? 100;
  const maxStrain = options.maxStrain ?? 0.02;
  if (!Number.isFinite(target)) throw new InputError(`box relaxation: target pressure must be a number, got ${target}`);
  if (!(ptol > 0)) throw new InputError(`box relaxation: pressure tolerance must be > 0, got ${ptol}`);
  if (!(Number.isInteger(maxCycles) && maxCycles >= 1)) throw new InputError(`box relaxation: maxCycles must be a whole number >= 1, got ${maxCycles}`);
  if (!(maxStrain > 0 && maxStrain < 1)) throw new InputError(`box relaxation: maxStrain must be in (0, 1), got ${maxStrain}`);

  let evaluations = 0, iterations = 0, cycles = 0;
  let J: number[][] | null = null;
  let last: { eps: number[]; f: number[] } | null = null;
  for (;;) {
    const r = minimize(state, ff, options);
    evaluations += r.forceEvaluations;
    iterations += r.iterations;
    cycles++;
    const p = virialPressure(state, ff, units.nktv2p);
    const f = residual(mode, p, target);
    const done = mode === 'fixed' || (r.converged && f.every((x) => Math.abs(x) < ptol));
    if (done || cycles >= maxCycles) {
      return {
        ...r, iterations, forceEvaluations: evaluations, box: mode,
        pressure: (p[0] + p[1] + p[2]) / 3, pressureTensor: p, volume: boxVolume(state.box), cycles, pressureConverged: done,
      };
    }
    J = J === null || last === null ? affineJacobian(state, ff, mode, target, units.nktv2p) : broyden(J, last.eps, f.map((x, i) => x - last!.f[i]));
    let step = solve(J, f.map((x) => -x));
    const big = Math.max(...step.map(Math.abs));
    if (big > maxStrain) step = step.map((x) => (x * maxStrain) / big);
    strainBox(state, axisStrain(mode, step));
    last = { eps: step, f };
  }
}
