/**
 * Flexural modes of a clamped Euler–Bernoulli cantilever (length L, static spring constant
 * k_c = 3 EI / L^3) whose free end rests on a tip–sample spring k* (normal contact, tip at the end;
 * the model of Rabe & Arnold, APL 64, 1493 (1994) and Rabe, Janser & Arnold, Rev. Sci. Instrum. 67,
 * 3281 (1996), without lateral contact or damping). With y = A(cos - cosh)(kx) + B(sin - sinh)(kx)
 * (clamped at x = 0), EI y''(L) = 0 and EI y'''(L) = k* y(L) give, with t = kL,
 *
 *   k* / k_c = (t^3 / 3) (1 + cos t cosh t) / (cos t sinh t - sin t cosh t),
 *
 * and f_n = f_0 (t_n / t_free)^2 since f ∝ k^2 for a beam. k* = 0 gives the free modes
 * (1 + cos t cosh t = 0, t_free = 1.8751), k* → ∞ the clamped–pinned ones (tan t = tanh t,
 * t = 3.9266): the first contact mode lies between them.
 */
function bisect(g: (t: number) => number, lo: number, hi: number): number {
  let glo = g(lo);
  for (let k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
    const mid = 0.5 * (lo + hi);
    const gm = g(mid);
    if (gm === 0) return mid;
    if (Math.sign(gm) === Math.sign(glo)) { lo = mid; glo = gm; } else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** First root of 1 + cos t cosh t = 0 (free cantilever, first mode). */
export const T_FREE = bisect((t) => 1 + Math.cos(t) * Math.cosh(t), 1.5, 2.2);
/** First root of tan t = tanh t (clamped–pinned beam, first mode). */
export const T_PINNED = bisect((t) => Math.cos(t) * Math.sinh(t) - Math.sin(t) * Math.cosh(t), 3.5, 4.2);

/** k* / k_c for a first-mode wavenumber t (the characteristic equation solved for the spring). */
export function stiffnessRatioAt(t: number): number {
  const c = Math.cos(t), s = Math.sin(t), C = Math.cosh(t), S = Math.sinh(t);
  return ((t ** 3 / 3) * (1 + c * C)) / (c * S - s * C);
}

/**
 * First-mode wavenumber t = kL for a contact stiffness ratio k* / k_c >= 0, by bisection on
 * (t^3/3)(1 + cos t cosh t) - ratio (cos t sinh t - sin t cosh t) over [t_free, t_pinned], where it
 * changes sign exactly once (both terms are of fixed sign there).
 */
export function firstModeWavenumber(ratio: number): number {
  if (!(ratio >= 0)) throw new RangeError(`contact stiffness ratio must be >= 0, got ${ratio}`);
  if (ratio === 0) return T_FREE;
  if (ratio === Infinity) return T_PINNED;
  return bisect((t) => (t ** 3 / 3) * (1 + Math.cos(t) * Math.cosh(t)) - ratio * (Math.cos(t) * Math.sinh(t) - Math.sin(t) * Math.cosh(t)), T_FREE, T_PINNED);
}

/** First contact-resonance frequency (units of f0) for contact stiffness kStar on a cantilever (kc, f0). */
export function contactResonanceFrequency(kStar: number, kc: number, f0: number): number {
  const t = firstModeWavenumber(kStar / kc);
  return f0 * (t / T_FREE) ** 2;
}
