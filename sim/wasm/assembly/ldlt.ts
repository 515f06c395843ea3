/**
 * The LDLᵀ factorisation of a symmetric n×n matrix without pivoting (sim/linalg.ts,
 * symmetricLogSpectrum), in place, by rows: for each row i and j < i,
 *   w_j = a_ij − Σ_{k<j} w_k L_jk,   L_ij = w_j / d_j,   d_i = a_ii − Σ_{k<i} w_k L_ik,
 * with w_k = L_ik d_k. Each sum runs over two lanes (f64x2: even k in one, odd k in the other, then
 * lane 0 + lane 1, then the odd last term), so it is not the order of a scalar loop, but it is the
 * same on every run.
 *
 * Pointers are byte offsets into the imported memory (laid out by sim/wasm/ldlt-kernel.ts):
 *   a: n×n f64 row-major, its strict lower triangle overwritten by L; d: n f64, the pivots;
 *   w: n f64 scratch. Returns the number of negative pivots, or -1 as soon as a pivot has
 *   |d_i| <= tiny (the factorisation is then not carried on).
 */

export function ldltFactor(a: usize, d: usize, w: usize, n: i32, tiny: f64): i32 {
  let negative = 0;
  for (let i = 0; i < n; i++) {
    const row = a + (<usize>i * <usize>n << 3);
    for (let j = 0; j < i; j++) {
      const lj = a + (<usize>j * <usize>n << 3);
      const t = load<f64>(row + (<usize>j << 3)) - dot(w, lj, j);
      store<f64>(w + (<usize>j << 3), t);
      store<f64>(row + (<usize>j << 3), t / load<f64>(d + (<usize>j << 3)));
    }
    const di = load<f64>(row + (<usize>i << 3)) - dot(w, row, i);
    if (!(Math.abs(di) > tiny)) return -1;
    store<f64>(d + (<usize>i << 3), di);
    if (di < 0) negative++;
  }
  return negative;
}

/** Σ_{k<m} x_k y_k over two lanes (even and odd k), then the odd last term. */
function dot(x: usize, y: usize, m: i32): f64 {
  let s = f64x2.splat(0.0);
  let k = 0;
  for (; k + 1 < m; k += 2) s = f64x2.add(s, f64x2.mul(v128.load(x + (<usize>k << 3)), v128.load(y + (<usize>k << 3))));
  let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  if (k < m) sum += load<f64>(x + (<usize>k << 3)) * load<f64>(y + (<usize>k << 3));
  return sum;
}
