/**
 * Anelastic relaxation spectrum of a glass from its sampled events, each a two-level relaxator
 * (Nowick & Berry, *Anelastic Relaxation in Crystalline Solids*, 1972, ch. 3–4). No free strength:
 * every number comes from the events themselves.
 *
 * Event i joins minima 1 and 2 through a saddle: barriers E_f = E_s − E_1 and E_b = E_s − E_2,
 * stress change Δσ = σ_2 − σ_1 of the box at fixed shape (from the virial), box volume V.
 *
 *  - Transformation strain of the box: Δε = −S : Δσ, S = C⁻¹ the glass's compliance (the sign does
 *    not matter, it enters squared). With only an isotropic G (and K) known, S is isotropic; in
 *    shear xy this is Δγ = Δσ_xy / G.
 *  - Populations: p_2/p_1 = e^{−A/kT}, A = E_2 − E_1, so p(1 − p) = 1/(4 cosh²(A/2kT)). (The
 *    vibrational entropy difference of the two minima, ln(ν_1/ν_2) in harmonic TST, is left out:
 *    on the event regions we can afford it does not converge with the region's size, docs/spectra.md.)
 *  - Compliance relaxation ΔJ = w V Δε_m² p(1 − p) / kT, where Δε_m is the strain the measurement
 *    sees (γ_xy in shear, ε_xx in tension, or its isotropic orientation average) and w the event's
 *    weight (the number of sites it stands for, analysis/spectra/sampling.ts).
 *  - Rate of approach to equilibrium 1/τ = ν0 (e^{−E_f/kT} + e^{−E_b/kT}), ν0 the event's attempt
 *    frequency (harmonic TST out of minimum 1, landscape/saddles/vineyard.ts).
 *  - J*(ω) = J_u + Σ ΔJ_i / (1 + iωτ_i), J* = J′ − iJ″; M* = 1/J* = (J′ + iJ″)/(J′² + J″²), so the
 *    storage modulus is J′/|J*|² and the loss J″/|J*|² > 0 (exact inversion, any strength).
 *
 * Validity: the two states must outlive a vibration, i.e. both barriers well above kT (harmonic TST
 * itself assumes E ≫ kT). At laboratory frequencies every event that relaxes has E ≈ 26 kT, but at
 * MD frequencies only barriers of order kT relax; `minBarrierKT` leaves out, at each temperature,
 * the events whose lower barrier is below that many kT (their states merge into one anharmonic
 * well). It defaults to 0: every event counts, as the formulas stand.
 *
 * With `asymmetryBandwidth` each event stands for wells of its mean barrier with asymmetries spread
 * around its own (asymmetry-smoothing.ts): a kernel estimate of the glass's double-well
 * distribution, for sampled rather than complete event lists.
 *
 * Orientation averages for an isotropic sample (random rotations of the event's strain tensor e):
 * ⟨e_nm²⟩ over orthonormal n, m is (3 e:e − (tr e)²)/30, so ⟨γ²⟩ = 4 ⟨e_nm²⟩; ⟨e_nn²⟩ is
 * ((tr e)² + 2 e:e)/15.
 *
 * Units: energies and kT in the energy unit, V in length³; stresses and moduli in one stress unit
 * (ε/σ³ in lj, GPa in metal), `stressPerEnergyDensity` converts energy/length³ to it (1 in lj).
 */
import { InputError } from '../../sim/errors.js';
import { solveDense } from '../../sim/linalg.js';
import { smoothedTerms } from './asymmetry-smoothing.js';

export type DeformationMode = 'shear' | 'tension';
/** `box`: the simulation box's xy (shear) or x (tension) axis, as MD-DMA drives it; `average`: an isotropic sample. */
export type Orientation = 'box' | 'average';

/** One event as the spectrum needs it. Stress order: xx yy zz xy xz yz (stress unit). */
export interface Relaxator {
  forward: number;
  backward: number;
  dsigma: ArrayLike<number>;
  volume: number;
  weight: number;
  /** Attempt frequency (per time unit). */
  nu0: number;
}

/** Elastic constants: a full Voigt matrix (order xx yy zz yz xz xy, engineering shear), or isotropic G and K. */
export type Elasticity = { voigt: ArrayLike<number> } | { G: number; K: number };

export interface AnelasticOptions {
  mode: DeformationMode;
  orientation: Orientation;
  elasticity: Elasticity;
  boltzmann: number;
  stressPerEnergyDensity: number;
  /** Cycles per time unit. */
  frequency: number;
  /** Leave out events whose lower barrier is below this many kT at the temperature (default 0). */
  minBarrierKT?: number;
  /** Spread each event's asymmetry by a Gaussian of this width (energy units; asymmetry-smoothing.ts); absent: the exact sum. */
  asymmetryBandwidth?: number;
}

export interface AnelasticPoint {
  T: number;
  storage: number;
  loss: number;
  tanDelta: number;
  /** Σ ΔJ_i (relaxed − unrelaxed compliance) and J_u, in 1/stress unit. */
  relaxation: number;
  unrelaxed: number;
}

/** Catalogue stress order (xx yy zz xy xz yz) → Voigt (xx yy zz yz xz xy). */
const VOIGT_OF_CATALOGUE = [0, 1, 2, 5, 4, 3];

/** 6 × 6 compliance S = C⁻¹ (Voigt, engineering shear), row-major. */
export function complianceMatrix(e: Elasticity): number[][] {
  if ('G' in e) {
    if (!(e.G > 0 && e.K > 0)) throw new InputError(`elastic moduli must be > 0 (G = ${e.G}, K = ${e.K})`);
    const E = (9 * e.K * e.G) / (3 * e.K + e.G);
    const nu = (3 * e.K - 2 * e.G) / (2 * (3 * e.K + e.G));
    return Array.from({ length: 6 }, (_, a) =>
      Array.from({ length: 6 }, (_, b) => (a < 3 && b < 3 ? (a === b ? 1 / E : -nu / E) : a === b ? 1 / e.G : 0)));
  }
  const C = Array.from({ length: 6 }, (_, a) => Array.from({ length: 6 }, (_, b) => 0.5 * (e.voigt[6 * a + b] + e.voigt[6 * b + a])));
  const S = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  for (let b = 0; b < 6; b++) {
    const col = solveDense(C, Array.from({ length: 6 }, (_, a) => (a === b ? 1 : 0)));
    if (!col) throw new InputError('the elastic constants are singular (no compliance)');
    for (let a = 0; a < 6; a++) S[a][b] = col[a];
  }
  return S;
}

/** Unrelaxed compliance of the measurement: S66 (shear xy), S11 (tension x), or the isotropic averages. */
export function unrelaxedCompliance(S: number[][], mode: DeformationMode, orientation: Orientation): number {
  if (orientation === 'box') return mode === 'shear' ? S[5][5] : S[0][0];
  // Voigt–Reuss: the isotropic compliances of an orientation average, J_G = 1/G_R, J_E = 1/E_R.
  const diag = S[0][0] + S[1][1] + S[2][2];
  const off = S[0][1] + S[0][2] + S[1][2];
  const shear = S[3][3] + S[4][4] + S[5][5];
  const JG = (4 * diag - 4 * off + 3 * shear) / 15;
  const JK = diag + 2 * off; // 1/K_R
  return mode === 'shear' ? JG : JG / 3 + JK / 9;
}

/** Square of the transformation strain the measurement couples to, Δε_m², from Δσ (catalogue order). */
export function strainCoupling(S: number[][], dsigma: ArrayLike<number>, mode: DeformationMode, orientation: Orientation): number {
  const ds = VOIGT_OF_CATALOGUE.map((c) => dsigma[c]);
  const e = S.map((row) => -row.reduce((acc, s, b) => acc + s * ds[b], 0)); // Voigt strain, engineering shear
  if (orientation === 'box') return mode === 'shear' ? e[5] ** 2 : e[0] ** 2;
  const tr = e[0] + e[1] + e[2];
  const ee = e[0] ** 2 + e[1] ** 2 + e[2] ** 2 + 0.5 * (e[3] ** 2 + e[4] ** 2 + e[5] ** 2); // e:e with e_ij = γ_ij / 2
  return mode === 'shear' ? (4 * (3 * ee - tr * tr)) / 30 : (tr * tr + 2 * ee) / 15;
}

/** ln(e^a + e^b) without overflow. */
function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Per-event compliance relaxation ΔJ (1/stress unit) and ln(1/τ) at temperature T. */
export function relaxatorAt(r: Relaxator, coupling: number, kT: number, stressPerEnergyDensity: number): { dJ: number; logRate: number } {
  const pq = 1 / (4 * Math.cosh((r.forward - r.backward) / (2 * kT)) ** 2); // E_f − E_b = A
  const dJ = (r.weight * r.volume * coupling * pq) / kT / stressPerEnergyDensity;
  return { dJ, logRate: Math.log(r.nu0) + logAddExp(-r.forward / kT, -r.backward / kT) };
}

/** Storage and loss modulus at each temperature (exact J* sum and inversion). */
export function anelasticSpectrum(events: Relaxator[], temperatures: number[], o: AnelasticOptions): AnelasticPoint[] {
  if (!(o.frequency > 0)) throw new InputError(`frequency must be > 0, got ${o.frequency}`);
  if (o.asymmetryBandwidth !== undefined && !(o.asymmetryBandwidth > 0)) throw new InputError(`asymmetry bandwidth must be > 0, got ${o.asymmetryBandwidth}`);
  const S = complianceMatrix(o.elasticity);
  const Ju = unrelaxedCompliance(S, o.mode, o.orientation);
  if (!(Ju > 0)) throw new InputError('the elastic constants give no positive compliance for this mode');
  const lnOmega = Math.log(2 * Math.PI * o.frequency);
  const coupling = events.map((e) => strainCoupling(S, e.dsigma, o.mode, o.orientation));
  return temperatures.map((T) => {
    if (!(T > 0)) throw new InputError(`temperatures must be > 0, got ${T}`);
    const kT = o.boltzmann * T;
    let J1 = Ju, J2 = 0, relaxation = 0;
    const minBarrier = (o.minBarrierKT ?? 0) * kT;
    const h = o.asymmetryBandwidth;
    events.forEach((e, i) => {
      if (h !== undefined) {
        const t = smoothedTerms((e.forward + e.backward) / 2, e.forward - e.backward, Math.log(e.nu0), kT, lnOmega, h, minBarrier);
        const scale = (e.weight * e.volume * coupling[i]) / o.stressPerEnergyDensity;
        relaxation += scale * t.strength;
        J1 += scale * t.storage;
        J2 += scale * t.loss;
        return;
      }
      if (Math.min(e.forward, e.backward) < minBarrier) return;
      const { dJ, logRate } = relaxatorAt(e, coupling[i], kT, o.stressPerEnergyDensity);
      relaxation += dJ;
      const x = lnOmega - logRate; // ln ωτ
      if (x > 350) return; // frozen: neither relaxed nor lossy at this frequency
      const wt = Math.exp(x);
      const d = 1 / (1 + wt * wt);
      J1 += dJ * d;
      J2 += dJ * wt * d;
    });
    const norm = J1 * J1 + J2 * J2;
    return { T, storage: J1 / norm, loss: J2 / norm, tanDelta: J2 / J1, relaxation, unrelaxed: Ju };
  });
}
