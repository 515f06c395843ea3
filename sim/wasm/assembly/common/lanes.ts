/** Helpers of the f64x2 pair loops (lj.ts, eam.ts): gathers, masks and sums in pair order. */

/** x, y, z (byte offset 0, 8, 16) of atoms j0 and j1 as lanes. */
@inline export function gather(x: usize, j0: usize, j1: usize, offset: usize): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(x + j0 * 24 + offset)), 1, load<f64>(x + j1 * 24 + offset));
}

/** len where the mask `above` is set, -len where `below` is, else 0 (a minimum-image shift). */
@inline export function shift(len: v128, above: v128, below: v128): v128 {
  return f64x2.sub(v128.and(len, above), v128.and(len, below));
}

/** sum + lane 0 + lane 1, in that order. */
@inline export function plusLanes(sum: f64, v: v128): f64 {
  return sum + f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}
