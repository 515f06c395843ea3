/**
 * Loops over flat 3N vectors (positions, forces, search directions, modes) for the minimizers and
 * saddle searches. Each is a small function that ends in a plain return, as the hot-loop
 * convention asks.
 */

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** Largest |a_k| over all components (the LAMMPS `dmax` measure of a step). */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) {
    const v = Math.abs(a[k]);
    if (v > m) m = v;
  }
  return m;
}

/** Largest squared per-atom vector norm |a_i|^2 (a interleaved xyz). */
export function maxAtomNormSq(a: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k += 3) {
    const s = a[k] * a[k] + a[k + 1] * a[k + 1] + a[k + 2] * a[k + 2];
    if (s > m) m = s;
  }
  return m;
}

/** x = x0 + alpha h. */
export function placeAlong(x: Float64Array, x0: Float64Array, alpha: number, h: Float64Array): void {
  for (let k = 0; k < x.length; k++) x[k] = x0[k] + alpha * h[k];
}

/** y += a x. */
export function axpy(y: Float64Array, a: number, x: Float64Array): void {
  for (let k = 0; k < y.length; k++) y[k] += a * x[k];
}

/** y = a x. */
export function scaleInto(y: Float64Array, a: number, x: Float64Array): void {
  for (let k = 0; k < y.length; k++) y[k] = a * x[k];
}

/** y = x - y (used for the gradient difference f_old - f_new). */
export function subtractFrom(y: Float64Array, x: Float64Array): void {
  for (let k = 0; k < y.length; k++) y[k] = x[k] - y[k];
}

/** Removes the uniform translation (the mean of each Cartesian component) from a 3N vector. */
export function removeTranslation(v: Float64Array): void {
  const n = v.length / 3;
  let sx = 0, sy = 0, sz = 0;
  for (let k = 0; k < v.length; k += 3) {
    sx += v[k];
    sy += v[k + 1];
    sz += v[k + 2];
  }
  sx /= n;
  sy /= n;
  sz /= n;
  for (let k = 0; k < v.length; k += 3) {
    v[k] -= sx;
    v[k + 1] -= sy;
    v[k + 2] -= sz;
  }
  return;
}

/** Scales v to unit 2-norm; returns the norm it had. */
export function normalize(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  const norm = Math.sqrt(s);
  if (norm > 0) for (let k = 0; k < v.length; k++) v[k] /= norm;
  return norm;
}
