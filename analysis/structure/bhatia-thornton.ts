/**
 * Bhatia–Thornton structure factors of a binary mixture from its Faber–Ziman partials
 * (A. B. Bhatia and D. E. Thornton, Phys. Rev. B 2, 3004 (1970)). With concentrations c1, c2 =
 * 1 − c1 and Faber–Ziman partials S11, S12, S22:
 *
 *   S_NN = c1² S11 + c2² S22 + 2 c1 c2 S12                (number–number)
 *   S_NC = c1 c2 [c1 (S11 − S12) − c2 (S22 − S12)]         (number–concentration)
 *   S_CC = c1 c2 [1 + c1 c2 (S11 + S22 − 2 S12)]           (concentration–concentration)
 *
 * equal to ⟨|ρ_N(q)|²⟩/N, Re⟨ρ_N ρ_C*⟩/N and ⟨|ρ_C(q)|²⟩/N with ρ_N = ρ_1 + ρ_2 and
 * ρ_C = c2 ρ_1 − c1 ρ_2. At large q they tend to 1, 0 and c1 c2.
 */

export interface BhatiaThornton {
  NN: Float64Array;
  NC: Float64Array;
  CC: Float64Array;
}

export function bhatiaThornton(S11: ArrayLike<number>, S12: ArrayLike<number>, S22: ArrayLike<number>, c1: number): BhatiaThornton {
  const c2 = 1 - c1;
  const n = S11.length;
  const NN = new Float64Array(n), NC = new Float64Array(n), CC = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    NN[k] = c1 * c1 * S11[k] + c2 * c2 * S22[k] + 2 * c1 * c2 * S12[k];
    NC[k] = c1 * c2 * (c1 * (S11[k] - S12[k]) - c2 * (S22[k] - S12[k]));
    CC[k] = c1 * c2 * (1 + c1 * c2 * (S11[k] + S22[k] - 2 * S12[k]));
  }
  return { NN, NC, CC };
}
