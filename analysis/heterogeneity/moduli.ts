/**
 * Moduli from a 6 × 6 elastic matrix in Voigt notation (order xx, yy, zz, yz, xz, xy; shear
 * strains engineering, gamma = 2 eps), row-major C[6 a + b] = d sigma_a / d eps_b.
 *
 *  - G: the mean of the three shear constants (C44 + C55 + C66) / 3, the local shear modulus
 *    mapped by default (for an isotropic glass each is G);
 *  - Voigt averages (Hill, Proc. Phys. Soc. A 65, 349 (1952)):
 *      K_V = [(C11 + C22 + C33) + 2 (C12 + C13 + C23)] / 9,
 *      G_V = [(C11 + C22 + C33) - (C12 + C13 + C23) + 3 (C44 + C55 + C66)] / 15,
 *    with the off-diagonal constants symmetrised ((C_ab + C_ba) / 2);
 *  - E = 9 K_V G_V / (3 K_V + G_V), nu = (3 K_V - 2 G_V) / (2 (3 K_V + G_V)), and the
 *    indentation modulus of an isotropic solid M = E / (1 - nu^2) (what a Hertz contact probes).
 */
export interface Moduli {
  G: number;
  G_V: number;
  K: number;
  E: number;
  nu: number;
  M: number;
}

export const MODULUS_NAMES = ['G', 'G_V', 'K', 'E', 'nu', 'M'] as const;
export type ModulusName = (typeof MODULUS_NAMES)[number];

/** Voigt labels of the matrix entries, e.g. 'C11', 'C44'. */
export function voigtLabel(a: number, b: number): string {
  return `C${a + 1}${b + 1}`;
}

export function moduliFromVoigt(c: ArrayLike<number>, offset = 0): Moduli {
  const at = (a: number, b: number) => c[offset + 6 * a + b];
  const diag = at(0, 0) + at(1, 1) + at(2, 2);
  const off = 0.5 * (at(0, 1) + at(1, 0) + at(0, 2) + at(2, 0) + at(1, 2) + at(2, 1));
  const shear = at(3, 3) + at(4, 4) + at(5, 5);
  const K = (diag + 2 * off) / 9;
  const GV = (diag - off + 3 * shear) / 15;
  const E = (9 * K * GV) / (3 * K + GV);
  const nu = (3 * K - 2 * GV) / (2 * (3 * K + GV));
  return { G: shear / 3, G_V: GV, K, E, nu, M: E / (1 - nu * nu) };
}
