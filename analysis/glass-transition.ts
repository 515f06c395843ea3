/**
 * Glass transition temperature from a cooling curve: the intersection of two straight lines, one
 * fitted to the glass (low T) and one to the supercooled liquid (high T), of the potential energy
 * E(T) (NVT) or the volume V(T) (NPT).
 *
 * Without fixed windows the two lines are fitted together, joined where they meet (a broken line
 * y = a + b (T - Tb) + c max(0, T - Tb), least squares); the break Tb is the one, among candidates
 * that leave at least `minFraction` of the points on either side, with the smallest squared
 * residual, and Tg = Tb is where the glass line (slope b) meets the liquid line (slope b + c).
 * Joining the lines keeps noise from pulling the break into a stretch of scattered points. With
 * `glass` and `liquid` windows [T_low, T_high] the two lines are fitted separately to the points
 * inside them and Tg is their intersection.
 *
 * Quality: R² of each line, and the kink contrast, the change of slope in units of its standard
 * error (broken line: from the joint fit's covariance; windows: |b_l − b_g| / √(se_g² + se_l²) of
 * the two independent fits). A fit is 'unclear' when the contrast is below CLEAR_KINK_SIGMA, when
 * the lines do not cross inside the data, or (windows) when they cross outside the gap between them.
 */

export interface LineFit {
  slope: number;
  intercept: number;
  /** Temperature range of the points fitted. */
  tMin: number;
  tMax: number;
  points: number;
  /** Root-mean-square residual. */
  rms: number;
  /** Coefficient of determination 1 − SSE/SST of the points fitted. */
  r2: number;
}

/** Below this kink contrast (slope change / its standard error) a Tg fit counts as unclear. */
export const CLEAR_KINK_SIGMA = 3;

export interface GlassTransition {
  /** Intersection of the two lines; null when they do not cross inside the data's range. */
  Tg: number | null;
  glass: LineFit;
  liquid: LineFit;
  method: 'broken-line' | 'windows';
  /**
   * The change of slope at Tg in units of its standard error (the kink contrast); below about
   * CLEAR_KINK_SIGMA the data hardly show a transition and Tg is poorly defined.
   */
  kinkSigma: number;
  /** 'unclear': contrast below CLEAR_KINK_SIGMA, no crossing, or (windows) a crossing outside the windows' gap. */
  quality: 'clear' | 'unclear';
}

export interface GlassTransitionOptions {
  glass?: [number, number];
  liquid?: [number, number];
  /** Smallest share of the points on each side of the break (default 0.15). */
  minFraction?: number;
  /** Break candidates tried, evenly spaced in rank (default 200). */
  candidates?: number;
}

/** Running sums for least squares: n, Σx, Σy, Σxx, Σxy, Σyy. */
type Sums = [number, number, number, number, number, number];

function addPoint(s: Sums, x: number, y: number): void {
  s[0]++; s[1] += x; s[2] += y; s[3] += x * x; s[4] += x * y; s[5] += y * y;
}

/** Slope, intercept and residual sum of squares of a least-squares line. */
function solve(s: Sums): { slope: number; intercept: number; sse: number } {
  const [n, sx, sy, sxx, sxy, syy] = s;
  const dxx = sxx - (sx * sx) / n, dxy = sxy - (sx * sy) / n, dyy = syy - (sy * sy) / n;
  const slope = dxx > 0 ? dxy / dxx : 0;
  const intercept = (sy - slope * sx) / n;
  return { slope, intercept, sse: Math.max(0, dyy - slope * dxy) };
}

/** 1 − SSE/SST (1 for a flat, exactly fitted set). */
function rSquared(y: number[], sse: number): number {
  const mean = y.reduce((a, v) => a + v, 0) / y.length;
  const sst = y.reduce((a, v) => a + (v - mean) ** 2, 0);
  return sst > 0 ? 1 - sse / sst : 1;
}

/** The line through the points and the standard error of its slope, √(SSE/(n−2) / Σ(x − x̄)²). */
function lineFit(T: number[], y: number[]): LineFit & { slopeSe: number } {
  const s: Sums = [0, 0, 0, 0, 0, 0];
  T.forEach((t, k) => addPoint(s, t, y[k]));
  const { slope, intercept, sse } = solve(s);
  const dxx = s[3] - (s[1] * s[1]) / s[0];
  return {
    slope, intercept, tMin: Math.min(...T), tMax: Math.max(...T), points: T.length, rms: Math.sqrt(sse / T.length), r2: rSquared(y, sse),
    slopeSe: dxx > 0 ? Math.sqrt(sse / Math.max(1, T.length - 2) / dxx) : Infinity,
  };
}

/** Contrast of a slope change dSlope with standard error se (Infinity for an exact kink, 0 for none). */
const contrast = (dSlope: number, se: number, kink: boolean) => (se > 0 ? Math.abs(dSlope) / se : kink ? Infinity : 0);

const qualityOf = (Tg: number | null, kinkSigma: number, inGap = true): 'clear' | 'unclear' =>
  Tg !== null && kinkSigma >= CLEAR_KINK_SIGMA && inGap ? 'clear' : 'unclear';

function intersection(glass: LineFit, liquid: LineFit, tLo: number, tHi: number): number | null {
  const ds = glass.slope - liquid.slope;
  if (ds === 0) return null;
  const Tg = (liquid.intercept - glass.intercept) / ds;
  return Number.isFinite(Tg) && Tg >= tLo && Tg <= tHi ? Tg : null;
}

export function fitGlassTransition(T: number[], y: number[], opts: GlassTransitionOptions = {}): GlassTransition | null {
  if (T.length !== y.length) throw new Error('fitGlassTransition: T and y differ in length');
  const tLo = Math.min(...T), tHi = Math.max(...T);
  if (opts.glass || opts.liquid) {
    const inside = ([a, b]: [number, number]) => T.flatMap((t, k) => (t >= a && t <= b ? [k] : []));
    const g = inside(opts.glass ?? [tLo, (tLo + tHi) / 2]);
    const l = inside(opts.liquid ?? [(tLo + tHi) / 2, tHi]);
    if (g.length < 3 || l.length < 3) return null;
    const { slopeSe: seG, ...glass } = lineFit(g.map((k) => T[k]), g.map((k) => y[k]));
    const { slopeSe: seL, ...liquid } = lineFit(l.map((k) => T[k]), l.map((k) => y[k]));
    const Tg = intersection(glass, liquid, tLo, tHi);
    const dSlope = liquid.slope - glass.slope;
    const kinkSigma = contrast(dSlope, Math.hypot(seG, seL), dSlope !== 0);
    const gap = [Math.min(glass.tMax, liquid.tMin), Math.max(glass.tMax, liquid.tMin)];
    const inGap = Tg !== null && Tg >= gap[0] && Tg <= gap[1];
    return { Tg, glass, liquid, method: 'windows', kinkSigma, quality: qualityOf(Tg, kinkSigma, inGap) };
  }

  const order = T.map((_, k) => k).sort((a, b) => T[a] - T[b]);
  const n = order.length;
  const minPoints = Math.max(3, Math.ceil((opts.minFraction ?? 0.15) * n));
  if (n < 2 * minPoints) return null;
  const ncand = Math.min(opts.candidates ?? 200, n - 2 * minPoints + 1);
  let best: { tb: number; coef: number[]; sse: number; varC: number } | undefined;
  const tried: number[] = [];
  for (let k = 0; k < ncand; k++) {
    const rank = minPoints + Math.round((k * (n - 2 * minPoints)) / Math.max(1, ncand - 1));
    const tb = T[order[rank]];
    tried.push(tb);
    const fit = brokenLine(T, y, tb);
    if (fit && (!best || fit.sse < best.sse)) best = { tb, ...fit };
  }
  if (best) {
    // Refine the break between the neighbouring candidates (golden-section search).
    const k = tried.indexOf(best.tb);
    let lo = tried[Math.max(0, k - 1)], hi = tried[Math.min(tried.length - 1, k + 1)];
    const g = (Math.sqrt(5) - 1) / 2;
    for (let it = 0; it < 60 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); it++) {
      const a1 = hi - g * (hi - lo), a2 = lo + g * (hi - lo);
      const f1 = brokenLine(T, y, a1), f2 = brokenLine(T, y, a2);
      if (!f1 || !f2) break;
      if (f1.sse < f2.sse) hi = a2;
      else lo = a1;
      const f = f1.sse < f2.sse ? { tb: a1, ...f1 } : { tb: a2, ...f2 };
      if (f.sse < best.sse) best = f;
    }
  }
  if (!best) return null;
  const [a, b, c] = best.coef;
  const seC = Math.sqrt((best.sse / Math.max(1, n - 3)) * best.varC);
  const side = (cold: boolean): LineFit => {
    const idx = order.filter((k) => (T[k] <= best!.tb) === cold);
    const slope = cold ? b : b + c;
    const intercept = a - slope * best!.tb;
    const ts = idx.map((k) => T[k]);
    const sse = idx.reduce((sum, k) => sum + (y[k] - intercept - slope * T[k]) ** 2, 0);
    return {
      slope, intercept, tMin: Math.min(...ts), tMax: Math.max(...ts), points: idx.length, rms: Math.sqrt(sse / idx.length),
      r2: rSquared(idx.map((k) => y[k]), sse),
    };
  };
  // The lines meet at the break by construction (unless their slopes are equal: no transition).
  const kink = Math.abs(c) > 1e-9 * Math.max(Math.abs(b), Math.abs(b + c));
  const Tg = kink ? best.tb : null;
  const kinkSigma = contrast(c, seC, kink);
  return { Tg, glass: side(true), liquid: side(false), method: 'broken-line', kinkSigma, quality: qualityOf(Tg, kinkSigma) };
}

/**
 * Least squares of y = a + b (T - tb) + c max(0, T - tb): coefficients, squared residual, and
 * the (M^-1)_cc element that scales the variance of c.
 */
function brokenLine(T: number[], y: number[], tb: number): { coef: number[]; sse: number; varC: number } | null {
  // Normal equations M p = r for the basis (1, T - tb, max(0, T - tb)).
  const M = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const r = [0, 0, 0];
  for (let k = 0; k < T.length; k++) {
    const u = T[k] - tb;
    const f = [1, u, u > 0 ? u : 0];
    for (let i = 0; i < 3; i++) {
      r[i] += f[i] * y[k];
      for (let j = 0; j < 3; j++) M[i][j] += f[i] * f[j];
    }
  }
  const p = solve3(M, r);
  if (!p) return null;
  let sse = 0;
  for (let k = 0; k < T.length; k++) {
    const u = T[k] - tb;
    sse += (y[k] - p[0] - p[1] * u - p[2] * (u > 0 ? u : 0)) ** 2;
  }
  const unitC = solve3(M, [0, 0, 1]);
  return { coef: p, sse, varC: unitC ? unitC[2] : Infinity };
}

/** Solves a 3 × 3 system by Cramer's rule; null when singular. */
function solve3(m: number[][], r: number[]): number[] | null {
  const det = (a: number[][]) =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const d = det(m);
  if (!(Math.abs(d) > 0)) return null;
  return [0, 1, 2].map((c) => det(m.map((row, i) => row.map((v, j) => (j === c ? r[i] : v)))) / d);
}

