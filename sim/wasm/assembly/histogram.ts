/**
 * The pair loop of a radial distribution histogram (analysis/structure/pair-histogram.ts) in
 * WebAssembly, two candidates at a time (f64x2), with the arithmetic of the TypeScript it
 * replaces: d = x_i − (x_j + shift), r² = (dx² + dy²) + dz², bin ⌊√r² · delrinv⌋.
 *
 * For each home cell of the nx × ny × nz grid (x fastest), its candidates are gathered into the
 * scratch `cand`: its own atoms, then those of each stencil cell (offsets, 3 i32 each, a forward
 * half stencil), shifted by the periodic image of that cell. Each own atom i is paired with the
 * candidates after it; a pair with r² < cutSq and bin k < bins adds 1 to hist at
 * column(i)·ntypes + column(j) + k, where column = type·bins (each pair once, under the type of
 * the atom whose cell is the home cell).
 *
 * Pointers are byte offsets into the imported memory (laid out by sim/wasm/histogram-kernel.ts):
 *   sx, sy, sz: f64 binned positions; column: i32 type·bins per binned atom; cellStart: i32
 *   (cells + 1); offsets: 3 i32 per stencil cell; cand: scratch of `room` candidates (x, y, z f64,
 *   then column i32); hist: ntypes² · bins f64 (added into). Returns 0, or -2 when a home cell has
 *   more than `room` candidates.
 */

export function pairHistogram(
  sx: usize, sy: usize, sz: usize, column: usize, cellStart: usize, offsets: usize, nstencil: i32,
  nx: i32, ny: i32, nz: i32, lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
  cutSq: f64, delrinv: f64, bins: i32, ntypes: i32, cand: usize, room: i32, hist: usize,
): i32 {
  const cx = cand, cy = cx + (<usize>room << 3), cz = cy + (<usize>room << 3), cc = cz + (<usize>room << 3);
  const CUT = f64x2.splat(cutSq);
  for (let kz = 0; kz < nz; kz++)
    for (let ky = 0; ky < ny; ky++)
      for (let kx = 0; kx < nx; kx++) {
        const c = (kz * ny + ky) * nx + kx;
        const own0 = load<i32>(cellStart + (<usize>c << 2)), own1 = load<i32>(cellStart + (<usize>c << 2), 4);
        if (own0 == own1) continue;
        if (own1 - own0 > room) return -2;
        let m = gather(sx, sy, sz, column, own0, own1, 0.0, 0.0, 0.0, cx, cy, cz, cc, 0);
        for (let s = 0; s < nstencil; s++) {
          const o = offsets + (<usize>(3 * s) << 2);
          const ux = kx + load<i32>(o), uy = ky + load<i32>(o, 4), uz = kz + load<i32>(o, 8);
          const wx = floorDiv(ux, nx), wy = floorDiv(uy, ny), wz = floorDiv(uz, nz);
          const d = ((uz - wz * nz) * ny + (uy - wy * ny)) * nx + (ux - wx * nx);
          const a0 = load<i32>(cellStart + (<usize>d << 2)), a1 = load<i32>(cellStart + (<usize>d << 2), 4);
          if (a0 == a1) continue;
          if (m + a1 - a0 > room) return -2;
          // The periodic image of the stencil cell: shift by wx a + wy b + wz c.
          const shx = <f64>wx * lx + <f64>wy * xy + <f64>wz * xz, shy = <f64>wy * ly + <f64>wz * yz, shz = <f64>wz * lz;
          m = gather(sx, sy, sz, column, a0, a1, shx, shy, shz, cx, cy, cz, cc, m);
        }
        for (let i = 0; i < own1 - own0; i++) {
          const xi = load<f64>(cx + (<usize>i << 3)), yi = load<f64>(cy + (<usize>i << 3)), zi = load<f64>(cz + (<usize>i << 3));
          const row = load<i32>(cc + (<usize>i << 2)) * ntypes;
          const XI = f64x2.splat(xi), YI = f64x2.splat(yi), ZI = f64x2.splat(zi);
          let j = i + 1;
          for (; j + 1 < m; j += 2) {
            const o8 = <usize>j << 3;
            const dx = f64x2.sub(XI, v128.load(cx + o8)), dy = f64x2.sub(YI, v128.load(cy + o8)), dz = f64x2.sub(ZI, v128.load(cz + o8));
            const rsq = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
            const inside = i64x2.bitmask(f64x2.lt(rsq, CUT));
            if (inside == 0) continue;
            if (inside & 1) tally(f64x2.extract_lane(rsq, 0), delrinv, bins, hist, row + load<i32>(cc + (<usize>j << 2)));
            if (inside & 2) tally(f64x2.extract_lane(rsq, 1), delrinv, bins, hist, row + load<i32>(cc + (<usize>j << 2), 4));
          }
          if (j < m) {
            const o8 = <usize>j << 3;
            const dx = xi - load<f64>(cx + o8), dy = yi - load<f64>(cy + o8), dz = zi - load<f64>(cz + o8);
            const rsq = dx * dx + dy * dy + dz * dz;
            if (rsq < cutSq) tally(rsq, delrinv, bins, hist, row + load<i32>(cc + (<usize>j << 2)));
          }
        }
      }
  return 0;
}

/** Copies atoms a0 .. a1, shifted, to the candidates from m on; returns the new count. */
@inline function gather(
  sx: usize, sy: usize, sz: usize, column: usize, a0: i32, a1: i32, shx: f64, shy: f64, shz: f64,
  cx: usize, cy: usize, cz: usize, cc: usize, m: i32,
): i32 {
  for (let a = a0; a < a1; a++, m++) {
    store<f64>(cx + (<usize>m << 3), load<f64>(sx + (<usize>a << 3)) + shx);
    store<f64>(cy + (<usize>m << 3), load<f64>(sy + (<usize>a << 3)) + shy);
    store<f64>(cz + (<usize>m << 3), load<f64>(sz + (<usize>a << 3)) + shz);
    store<i32>(cc + (<usize>m << 2), load<i32>(column + (<usize>a << 2)));
  }
  return m;
}

/** ⌊u / n⌋ as the TypeScript Math.floor(u / n). */
@inline function floorDiv(u: i32, n: i32): i32 {
  return <i32>Math.floor(<f64>u / <f64>n);
}

/** Adds the pair at r² to its bin of the histogram row at `at`, if below `bins`. */
@inline function tally(rsq: f64, delrinv: f64, bins: i32, hist: usize, at: i32): void {
  const k = <i32>Math.floor(Math.sqrt(rsq) * delrinv);
  if (k < bins) {
    const p = hist + (<usize>(at + k) << 3);
    store<f64>(p, load<f64>(p) + 1.0);
  }
}
