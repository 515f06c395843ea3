/**
 * Silverman's rule-of-thumb width of a Gaussian kernel density estimate (Silverman, *Density
 * Estimation for Statistics and Data Analysis*, 1986): h = 0.9 min(σ, IQR/1.34) n_eff^(−1/5), with
 * the weighted standard deviation σ, the weighted interquartile range (σ alone where that is 0) and
 * n_eff = (Σw)²/Σw² (n for equal weights). Null where the values do not spread.
 */
export function silvermanBandwidth(values: number[], weights?: number[]): number | null {
  const n = values.length;
  const w = weights ?? new Array<number>(n).fill(1);
  const W = w.reduce((a, v) => a + v, 0);
  if (n === 0 || !(W > 0)) return null;
  const mean = values.reduce((a, x, i) => a + w[i] * x, 0) / W;
  const sd = Math.sqrt(values.reduce((a, x, i) => a + w[i] * (x - mean) ** 2, 0) / W);
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const quantile = (q: number) => {
    let acc = 0;
    for (const i of order) {
      acc += w[i];
      if (acc >= q * W) return values[i];
    }
    return values[order[n - 1]];
  };
  const iqr = quantile(0.75) - quantile(0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  const nEff = (W * W) / w.reduce((a, v) => a + v * v, 0);
  const h = 0.9 * spread * nEff ** -0.2;
  return h > 0 ? h : null;
}
