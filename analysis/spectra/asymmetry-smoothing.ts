/**
 * Asymmetry-smoothed relaxators: the sampled events as draws from the glass's distribution of
 * asymmetric double wells, not as its complete list.
 *
 * A two-level relaxator's strength carries p(1 − p)/kT = 1/(4kT cosh²(A/2kT)), a peak of unit area
 * and width ~kT around zero asymmetry A. In the exact sum (anelastic.ts) a glass's loss therefore
 * comes from the few sampled events with |A| ≲ kT at their own loss peak, and whether a search of
 * 80 attempts happens to hit one decides the glass's β by orders of magnitude. The asymmetric
 * double-well potential model of glass relaxations (Gilroy & Phillips, Phil. Mag. B 43, 735 (1981);
 * extended by Buchenau, PRB 63, 104203 (2001)) instead takes a density of wells smooth in A, so
 * that for kT much below its width the loss is set by the density at A = 0. Here each sampled event
 * stands for wells with its barrier Ē = (E_f + E_b)/2, its stress coupling and attempt frequency,
 * and asymmetries spread around its own A_i by a Gaussian kernel of width h, so Σ_i over the events
 * is a kernel density estimate of that distribution:
 *
 *   ΔJ_i(T) = w_i V Δε_i² ∫ dA K_h(A − A_i) / (4kT cosh²(A/2kT)),
 *   1/τ_i(A) = ν0 (e^{−(Ē + A/2)/kT} + e^{−(Ē − A/2)/kT}),
 *
 * the Debye terms integrated over A with the same weight. For h → 0 this is the exact sum; for
 * kT ≪ h the strength tends to w V Δε² K_h(A_i), independent of T. h is Silverman's rule of thumb
 * over the glass's events (analysis/kernel-bandwidth.ts).
 */

/** How far out the kernel and the population peak are followed, and the nodes per narrower width. */
const KERNEL_WIDTHS = 8;
const POPULATION_WIDTHS = 40;
const NODES_PER_WIDTH = 8;

export interface SmoothedTerms {
  /** ∫ K_h p(1 − p)/kT dA: multiplies w V Δε²/stress factor into ΔJ. */
  strength: number;
  /** The same with the Debye factors 1/(1 + ω²τ²) and ωτ/(1 + ω²τ²). */
  storage: number;
  loss: number;
}

/**
 * The A-integrals of one event with mean barrier `meanBarrier`, asymmetry `asymmetry` (E_f − E_b),
 * ln ν0 `logNu0`, at kT and ln ω, kernel width h; wells whose lower barrier is below `minBarrier`
 * are left out (anelastic.ts, minBarrierKT). Simpson's rule on a grid that resolves both the kernel and
 * the population peak.
 */
export function smoothedTerms(meanBarrier: number, asymmetry: number, logNu0: number, kT: number, lnOmega: number, h: number, minBarrier: number): SmoothedTerms {
  const lo = Math.max(asymmetry - KERNEL_WIDTHS * h, -POPULATION_WIDTHS * kT);
  const hi = Math.min(asymmetry + KERNEL_WIDTHS * h, POPULATION_WIDTHS * kT);
  const out = { strength: 0, storage: 0, loss: 0 };
  if (!(hi > lo)) return out;
  const step = Math.min(h, 2 * kT) / NODES_PER_WIDTH;
  const intervals = 2 * Math.ceil((hi - lo) / step / 2);
  const dA = (hi - lo) / intervals;
  const norm = 1 / (h * Math.sqrt(2 * Math.PI));
  for (let k = 0; k <= intervals; k++) {
    const A = lo + k * dA;
    if (meanBarrier - Math.abs(A) / 2 < minBarrier) continue;
    const simpson = (k === 0 || k === intervals ? 1 : k % 2 === 1 ? 4 : 2) * dA / 3;
    const kernel = norm * Math.exp(-0.5 * ((A - asymmetry) / h) ** 2);
    const population = 1 / (4 * kT * Math.cosh(A / (2 * kT)) ** 2);
    const weight = simpson * kernel * population;
    out.strength += weight;
    // ln ωτ = ln ω − ln ν0 + Ē/kT − ln(2 cosh(A/2kT))
    const x = lnOmega - logNu0 + meanBarrier / kT - Math.abs(A) / (2 * kT) - Math.log1p(Math.exp(-Math.abs(A) / kT));
    if (x > 350) continue; // frozen
    const wt = Math.exp(x), d = 1 / (1 + wt * wt);
    out.storage += weight * d;
    out.loss += weight * wt * d;
  }
  return out;
}
