/**
 * Local elastic constants on a voxel grid at T = 0, after Tsamados, Tanguy, Goldenberg & Barrat,
 * PRE 80, 026112 (2009): starting from an energy minimum, each of the six strains is applied as a
 * small affine deformation of the box (+delta and -delta), the atoms relax non-affinely at fixed box,
 * and the stress of every voxel, sigma_v = -(sum of the per-atom virials of its atoms) / V_v, is
 * differentiated by central differences:
 *
 *   C_v[a][b] = (sigma_v,a(+delta e_b) - sigma_v,a(-delta e_b)) / (2 delta)     (Voigt order)
 *
 * The non-affine relaxation is included (the minimizer finds it), so these are the full, not the
 * Born (affine), constants. The box-level constants come from the potential's total virial in the
 * same runs; since voxels have equal volumes they equal the voxel average of the local ones.
 * Stress units: the units' energy / length^3 (epsilon / sigma^3 in lj), converted to GPa in metal.
 */
import { InputError } from '../../sim/errors.js';
import { boxVolume, deformBox, type Box } from '../../sim/box.js';
import { cloneState, type State } from '../../sim/state.js';
import { createForceField, type ForceField } from '../../sim/forces.js';
import type { Units } from '../../sim/units.js';
import { minimize, type MinMethod, type MinimizeResult } from '../../landscape/minimize/index.js';
import { perAtomVirial } from './per-atom-virial.js';
import { sumByVoxel, voxelCount, voxelGrid, type VoxelGrid } from './voxels.js';
import { moduliFromVoigt, MODULUS_NAMES, type Moduli, type ModulusName } from './moduli.js';

/** Voigt component -> index in the virial layout xx yy zz xy xz yz. */
const VIRIAL_OF_VOIGT = [0, 1, 2, 5, 4, 3];

/**
 * The box after the strain delta in Voigt component b (shear as engineering strain), applied as a
 * deformation gradient F = I + delta e_i e_j to the edge vectors a = (lx,0,0), b = (xy,ly,0),
 * c = (xz,yz,lz): xx scales x components, yz moves u_y = delta z, xz u_x = delta z, xy u_x = delta y.
 */
export function strainedBox(box: Box, voigt: number, delta: number): Box {
  const b = { ...box };
  switch (voigt) {
    case 0: b.lx *= 1 + delta; b.xy *= 1 + delta; b.xz *= 1 + delta; break;
    case 1: b.ly *= 1 + delta; b.yz *= 1 + delta; break;
    case 2: b.lz *= 1 + delta; break;
    case 3: b.yz += delta * box.lz; break;
    case 4: b.xz += delta * box.lz; break;
    case 5: b.xy += delta * box.ly; b.xz += delta * box.yz; break;
    default: throw new Error(`Voigt index ${voigt}`);
  }
  return b;
}

export interface LocalElasticityOptions {
  /** Voxel edge W (length units); each box edge is divided into round(L / W) voxels. */
  voxel: number;
  /** Strain amplitude (default 1e-4). */
  delta?: number;
  /** Minimizer for the reference and the strained states (default 'cg'), force tolerance (max |F_i|, default 1e-9). */
  method?: MinMethod;
  ftol?: number;
  maxIterations?: number;
  /** Minimize the given configuration first (default true; it must be a minimum for C to be the T = 0 response). */
  relaxReference?: boolean;
  units: Units;
  /** Called after each of the 12 strained relaxations. */
  onStrain?: (done: number, total: number, r: MinimizeResult) => void;
}

export interface LocalElasticity {
  grid: VoxelGrid;
  delta: number;
  /** Stress unit of every modulus: 'epsilon/sigma^3' (lj) or 'GPa' (metal). */
  unit: string;
  /** Local constants: C[36 v + 6 a + b] (Voigt). */
  local: Float64Array;
  /**
   * Per-atom share of the box constants, (sum over atoms = global): any voxel grid's local constants
   * are (number of voxels) × the sum over its atoms (see coarseGrain).
   */
  atomic: Float64Array;
  /** Box-level constants from the potential's total virial: C[6 a + b]. */
  global: Float64Array;
  /** Derived moduli per voxel (one array per name) and of the box. */
  localModuli: Record<ModulusName, Float64Array>;
  globalModuli: Moduli;
  /** Reference (relaxed) configuration, its energy and stress (stress unit, Voigt order). */
  reference: State;
  referenceEnergy: number;
  referenceStress: number[];
  /** Largest residual max |F_i| over the 13 minimizations, and how many did not reach ftol. */
  worstForce: number;
  unconverged: number;
}

export function stressFactor(units: Units): { factor: number; unit: string } {
  if (units.name === 'lj') return { factor: 1, unit: 'epsilon/sigma^3' };
  // energy / volume -> pressure unit (bar) -> GPa
  return { factor: units.nktv2p * (units.gpaPerPressureUnit ?? NaN), unit: 'GPa' };
}

/** The minimizer settings of the reference and strained relaxations (the reference's atoms fix the voxel assignment). */
export function minimizerOptions(o: Pick<LocalElasticityOptions, 'method' | 'ftol' | 'maxIterations' | 'units'>) {
  return { method: o.method ?? 'cg', ftol: o.ftol ?? 1e-9, fnorm: 'max' as const, maxIterations: o.maxIterations ?? 100000, units: o.units };
}

export function localElasticity(input: State, ff: ForceField, o: LocalElasticityOptions): LocalElasticity {
  const delta = o.delta ?? 1e-4;
  if (!(delta > 0 && delta < 0.05)) throw new InputError(`strain amplitude must be > 0 and < 0.05, got ${delta}`);
  const minOpts = minimizerOptions(o);
  const { factor, unit } = stressFactor(o.units);
  const skin = ff.nlist.skin;

  const ref = cloneState(input);
  let worstForce = 0, unconverged = 0;
  const note = (r: MinimizeResult) => {
    worstForce = Math.max(worstForce, r.maxForce);
    if (!r.converged) unconverged++;
  };
  const refFF = createForceField(ff.potential, skin);
  if (o.relaxReference ?? true) note(minimize(ref, refFF, minOpts));
  perAtomVirial(ref, refFF);
  const refVolume = boxVolume(ref.box);
  const referenceStress = VIRIAL_OF_VOIGT.map((c) => (-refFF.out.virial[c] / refVolume) * factor);
  const referenceEnergy = refFF.out.energy;

  const global = new Float64Array(36);
  const atomic = new Float64Array(36 * ref.n);
  const wAtom = new Float64Array(6 * ref.n);
  let done = 0;
  for (let b = 0; b < 6; b++) {
    for (const sign of [1, -1]) {
      const s = cloneState(ref);
      deformBox(s.box, strainedBox(ref.box, b, sign * delta), s.x);
      const sff = createForceField(ff.potential, skin);
      const r = minimize(s, sff, minOpts);
      note(r);
      perAtomVirial(s, sff, wAtom);
      // sigma = -W / V; the derivative picks up sign / (2 delta).
      const scale = (-sign * factor) / (2 * delta) / boxVolume(s.box);
      for (let a = 0; a < 6; a++) {
        const c = VIRIAL_OF_VOIGT[a];
        global[6 * a + b] += scale * sff.out.virial[c];
        for (let i = 0; i < ref.n; i++) atomic[36 * i + 6 * a + b] += scale * wAtom[6 * i + c];
      }
      o.onStrain?.(++done, 12, r);
    }
  }
  return {
    ...onGrid(ref, atomic, o.voxel), delta, unit, atomic, global, globalModuli: moduliFromVoigt(global),
    reference: ref, referenceEnergy, referenceStress, worstForce, unconverged,
  };
}

/** Local constants and moduli of voxels about W wide from the per-atom shares (voxels of equal volume V / nv). */
export function onGrid(ref: State, atomic: Float64Array, voxel: number): Pick<LocalElasticity, 'grid' | 'local' | 'localModuli'> {
  const grid = voxelGrid(ref, voxel);
  const nv = voxelCount(grid);
  const local = sumByVoxel(grid, atomic, 36);
  for (let k = 0; k < local.length; k++) local[k] *= nv;
  const localModuli = Object.fromEntries(MODULUS_NAMES.map((m) => [m, new Float64Array(nv)])) as Record<ModulusName, Float64Array>;
  for (let v = 0; v < nv; v++) {
    const m = moduliFromVoigt(local, 36 * v);
    for (const name of MODULUS_NAMES) localModuli[name][v] = m[name];
  }
  return { grid, local, localModuli };
}

/** The same strain runs seen on another voxel grid (no new relaxations). */
export function coarseGrain(le: LocalElasticity, voxel: number): LocalElasticity {
  return { ...le, ...onGrid(le.reference, le.atomic, voxel) };
}
