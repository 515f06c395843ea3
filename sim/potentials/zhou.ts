/**
 * The Zhou–Johnson–Wadley analytic EAM (X. W. Zhou, R. A. Johnson, H. N. G. Wadley, Phys. Rev. B
 * 69, 144113 (2004)) and its tabulation as a LAMMPS setfl file (`pair_style eam/alloy`).
 *
 * With x = r / r_e, for each element (parameters in zhou-parameters.ts):
 *
 *   pair       phi(r) = A exp(-alpha (x-1)) / (1 + (x - kappa)^20) - B exp(-beta (x-1)) / (1 + (x - lambda)^20)
 *   density    f(r)   = f_e exp(-beta (x-1)) / (1 + (x - lambda)^20)
 *   embedding  F(rho) = sum_i F_ni (rho/rho_n - 1)^i          rho <  rho_n = 0.85 rho_e
 *                     = sum_i F_i  (rho/rho_e - 1)^i          rho_n <= rho < rho_o = 1.15 rho_e
 *                     = F_e (1 - eta ln(rho/rho_s)) (rho/rho_s)^eta     rho_o <= rho
 *   alloys     phi_ab(r) = [f_b(r)/f_a(r) phi_aa(r) + f_a(r)/f_b(r) phi_bb(r)] / 2
 *
 * (i = 0..3; Pt has rho_n = 0.25 rho_e, see zhou-parameters.ts.)
 *
 * Tabulation follows the conventions of Zhou's own generator (LAMMPS tools/eam_database): r and
 * rho grids start at 0; the cut-off defaults to sqrt(5) r_e of the largest element (its fifth
 * fcc-like neighbour shell, where all functions are negligible); the F(rho) table reaches the
 * largest of max f(r), 2 rho_e and 100; below R_MIN = 0.5 Å the r tables hold their value at
 * R_MIN (so phi = z2r / r grows as 1/r there instead of exponentially).
 */
import { InputError } from '../errors.js';
import { ZHOU_ELEMENTS, type ZhouElementParameters, type ZhouLattice } from './zhou-parameters.js';
import type { SetflTables } from '../io/eam-file.js';

export { ZHOU_ELEMENTS, type ZhouElementParameters, type ZhouLattice };

/** Below this distance (Å) the tabulated functions keep their value at R_MIN. */
export const ZHOU_R_MIN = 0.5;
/** Default numbers of grid points, as Zhou's generator. */
export const ZHOU_DEFAULT_NR = 2000;
export const ZHOU_DEFAULT_NRHO = 2000;

/** The parameters of one element; an unknown symbol is an InputError listing the known ones. */
export function zhouElement(symbol: string): ZhouElementParameters {
  const p = ZHOU_ELEMENTS.get(symbol);
  if (p) return p;
  const known = [...ZHOU_ELEMENTS.keys()];
  // Accept any capitalisation ("zr", "ZR") but report the symbol as given.
  const match = known.find((k) => k.toLowerCase() === symbol.toLowerCase());
  if (match) return ZHOU_ELEMENTS.get(match)!;
  throw new InputError(`unknown element '${symbol}' for the Zhou-Johnson-Wadley EAM (known: ${known.join(', ')})`);
}

/** Lattice constant a of the ground-state crystal with nearest-neighbour distance r_e (hcp: a = r_e, ideal c/a). */
export function zhouLatticeConstant(p: ZhouElementParameters): number {
  switch (p.lattice) {
    case 'fcc': return Math.SQRT2 * p.re;
    case 'bcc': return (2 * p.re) / Math.sqrt(3);
    case 'hcp': return p.re;
  }
}

/** exp(-b (x - 1)) / (1 + (x - c)^20): the common building block, x = r / r_e. */
function cutExp(x: number, b: number, c: number): number {
  return Math.exp(-b * (x - 1)) / (1 + (x - c) ** 20);
}

/** Electron density f(r) that an atom of this element contributes at distance r (Å). */
export function zhouDensity(p: ZhouElementParameters, r: number): number {
  return p.fe * cutExp(r / p.re, p.beta, p.lambda);
}

/** Pair potential phi_aa(r) (eV) between two atoms of the same element. */
export function zhouPairPure(p: ZhouElementParameters, r: number): number {
  const x = r / p.re;
  return p.A * cutExp(x, p.alpha, p.kappa) - p.B * cutExp(x, p.beta, p.lambda);
}

/** Pair potential phi_ab(r) (eV); for a != b the paper's density-weighted mixing rule. */
export function zhouPair(a: ZhouElementParameters, b: ZhouElementParameters, r: number): number {
  if (a === b) return zhouPairPure(a, r);
  const fa = zhouDensity(a, r), fb = zhouDensity(b, r);
  return 0.5 * ((fb / fa) * zhouPairPure(a, r) + (fa / fb) * zhouPairPure(b, r));
}

/** Embedding energy F(rho) (eV), the three-piece function of the paper. */
export function zhouEmbedding(p: ZhouElementParameters, rho: number): number {
  const rhoN = p.rhoLow * p.rhoE;
  const rhoO = p.rhoHigh * p.rhoE;
  if (rho < rhoN) {
    const t = rho / rhoN - 1;
    const [c0, c1, c2, c3] = p.Fn;
    return c0 + t * (c1 + t * (c2 + t * c3));
  }
  if (rho < rhoO) {
    const t = rho / p.rhoE - 1;
    const [c0, c1, c2, c3] = p.F;
    return c0 + t * (c1 + t * (c2 + t * c3));
  }
  const s = rho / p.rhoS;
  return p.Fe * (1 - p.eta * Math.log(s)) * s ** p.eta;
}

/** Grid choices; anything left out gets the generator's default (see the module comment). */
export interface SetflGridOptions {
  nr?: number;
  dr?: number;
  nrho?: number;
  drho?: number;
  cutoff?: number;
}

/**
 * The contents of a setfl file. Field names and layout match `EamFile` of sim/io/eam-file.ts:
 * tables at r = k dr and rho = k drho (k = 0, 1, ...), z2r[i (i + 1) / 2 + j] = r phi_ij(r) for i >= j.
 */

/** Largest table we write (a million points: 24 MB of text per table). */
const MAX_POINTS = 1_000_000;

function checkCount(name: string, v: number | undefined): void {
  // LAMMPS's splines need at least 5 knots.
  if (v !== undefined && !(Number.isInteger(v) && v >= 5 && v <= MAX_POINTS)) {
    throw new InputError(`${name}: must be a whole number from 5 to ${MAX_POINTS}, got ${v}`);
  }
}

function checkPositive(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new InputError(`${name}: must be a number > 0, got ${v}`);
}

/**
 * A grid 0, d, ..., (n-1) d that reaches `extent`: from n, from d, or checking both when both are given.
 * `what` names the options in messages (e.g. ['nr', 'dr']).
 */
function grid(n: number | undefined, d: number | undefined, extent: number, defaultN: number, what: [string, string, string]): { n: number; d: number } {
  const [nName, dName, extentName] = what;
  if (d === undefined) {
    const nn = n ?? defaultN;
    return { n: nn, d: extent / (nn - 1) };
  }
  if (n === undefined) {
    const nn = Math.ceil(extent / d - 1e-9) + 1;
    if (nn > MAX_POINTS) throw new InputError(`--${dName} ${d} would need ${nn} points to reach ${extentName} ${extent} (at most ${MAX_POINTS})`);
    return { n: nn, d };
  }
  if ((n - 1) * d < extent * (1 - 1e-12)) {
    throw new InputError(`--${nName} ${n} with --${dName} ${d} reaches ${(n - 1) * d}, short of ${extentName} ${extent}; give fewer options or larger values`);
  }
  return { n, d };
}

/** Normalised, checked element list: non-empty, known symbols, no repeats. */
export function zhouElementList(symbols: readonly string[]): ZhouElementParameters[] {
  if (symbols.length === 0) throw new InputError('no elements given (name one or more of the Zhou-Johnson-Wadley elements)');
  const params = symbols.map((s) => {
    if (s.trim() === '') throw new InputError(`empty element name in the element list '${symbols.join(',')}'`);
    return zhouElement(s.trim());
  });
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.symbol)) throw new InputError(`element ${p.symbol} is listed twice`);
    seen.add(p.symbol);
  }
  return params;
}

/** Tabulates the Zhou EAM for the given elements (in the given order) as setfl tables. */
export function zhouSetfl(symbols: readonly string[], options: SetflGridOptions = {}): SetflTables {
  const params = zhouElementList(symbols);
  checkCount('--nr', options.nr);
  checkCount('--nrho', options.nrho);
  checkPositive('--dr', options.dr);
  checkPositive('--drho', options.drho);
  checkPositive('--cutoff', options.cutoff);

  const reMax = Math.max(...params.map((p) => p.re));
  const cutoff = options.cutoff ?? Math.sqrt(5) * reMax;
  const rGrid = grid(options.nr, options.dr, cutoff, ZHOU_DEFAULT_NR, ['nr', 'dr', 'the cut-off']);
  const nr = rGrid.n, dr = rGrid.d;
  const rAt = (k: number) => Math.max(k * dr, ZHOU_R_MIN);

  const rhor = params.map((p) => Float64Array.from({ length: nr }, (_, k) => zhouDensity(p, rAt(k))));
  const z2r: Float64Array[] = [];
  for (let i = 0; i < params.length; i++) {
    for (let j = 0; j <= i; j++) {
      z2r.push(Float64Array.from({ length: nr }, (_, k) => rAt(k) * zhouPair(params[i], params[j], rAt(k))));
    }
  }

  // The F table must cover every density the r tables can produce, and at least 2 rho_e.
  const rhoEMax = Math.max(...params.map((p) => p.rhoE));
  const fMax = Math.max(...rhor.map((t) => t.reduce((m, v) => Math.max(m, v), -Infinity)));
  const rhoGrid = options.drho !== undefined && options.nrho !== undefined
    ? grid(options.nrho, options.drho, 2 * rhoEMax, ZHOU_DEFAULT_NRHO, ['nrho', 'drho', 'twice the largest rho_e'])
    : grid(options.nrho, options.drho, Math.max(fMax, 2 * rhoEMax, 100), ZHOU_DEFAULT_NRHO, ['nrho', 'drho', 'the largest density']);
  const nrho = rhoGrid.n, drho = rhoGrid.d;
  const frho = params.map((p) => Float64Array.from({ length: nrho }, (_, k) => zhouEmbedding(p, k * drho)));

  const names = params.map((p) => p.symbol);
  return {
    comments: [
      'UNITS: metal  Zhou-Johnson-Wadley EAM: X. W. Zhou, R. A. Johnson, H. N. G. Wadley, Phys. Rev. B 69, 144113 (2004)',
      `elements ${names.join(' ')}; cross pairs by the mixing rule phi_ab = (f_b/f_a phi_aa + f_a/f_b phi_bb) / 2`,
      `written by betascape (potential zhou); r tables below ${ZHOU_R_MIN} A hold their value at ${ZHOU_R_MIN} A`,
    ],
    elements: names,
    atomicNumbers: params.map((p) => p.atomicNumber),
    masses: params.map((p) => p.mass),
    latticeConstants: params.map(zhouLatticeConstant),
    latticeTypes: params.map((p) => p.lattice),
    nrho, drho, nr, dr, cutoff, frho, rhor, z2r,
  };
}
