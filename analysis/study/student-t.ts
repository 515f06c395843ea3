/**
 * Student's t distribution for the study's intervals: its CDF through the regularized incomplete
 * beta function, and its quantile by bisection on the CDF (any real df > 0, so Welch's df too).
 *
 *   F(t; ν) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, and F(−t) = 1 − F(t)   (DLMF 8.17.2, A&S 26.7.1)
 */

/**
 * ln Γ(x) for x > 0: Stirling's series (DLMF 5.11.1, terms to x⁻⁹) at x + k ≥ 12, brought down by
 * Γ(x) = Γ(x + k) / (x (x + 1) … (x + k − 1)); absolute error about 1e-14.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new Error(`logGamma: x must be > 0 (got ${x})`);
  let shift = 0;
  while (x < 12) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x, inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/**
 * The continued fraction of I_x(a, b) (DLMF 8.17.22), evaluated by the modified Lentz method:
 * 1/(1 + d₁/(1 + d₂/(1 + …))) with d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and
 * d_{2m} = m(b−m)x / ((a+2m−1)(a+2m)). Converges fast for x < (a+1)/(a+b+2).
 */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let f = tiny, c = f, d = 0;
  const step = (coefficient: number) => {
    d = 1 + coefficient * d;
    d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
    c = 1 + coefficient / c;
    if (Math.abs(c) < tiny) c = tiny;
    f *= c * d;
    return Math.abs(c * d - 1);
  };
  step(1); // the leading "1 +" of the fraction
  for (let m = 0; m < 100_000; m++) {
    const odd = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    const change = step(odd);
    const even = ((m + 1) * (b - m - 1) * x) / ((a + 2 * m + 1) * (a + 2 * m + 2));
    if (step(even) < 1e-15 && change < 1e-15) return f;
  }
  throw new Error(`betaFraction: no convergence (x ${x}, a ${a}, b ${b})`);
}

/** The regularized incomplete beta function I_x(a, b) for 0 ≤ x ≤ 1, a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // x^a (1−x)^b / B(a, b), B = Γ(a)Γ(b)/Γ(a+b)
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // I_x(a, b) = 1 − I_{1−x}(b, a) keeps the fraction on its fast side.
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** P(T ≤ t) for Student's t with df > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new Error(`studentTCdf: df must be > 0 (got ${df})`);
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p (0 < p < 1) for df > 0: bisection on the CDF to 1e-12 relative. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must be in (0, 1) (got ${p})`);
  if (!(df > 0) || !Number.isFinite(df)) return NaN;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  let lo = 0, hi = 1;
  while (studentTCdf(hi, df) < p) [lo, hi] = [hi, 2 * hi];
  while (hi - lo > 1e-12 * hi) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
