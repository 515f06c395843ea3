/**
 * The pair search of a neighbour-list build (sim/neighbor.ts, buildNeighbors) in WebAssembly, with
 * the distance tests two candidates at a time (f64x2). It lists, for each atom of cells c0 .. c1
 * (binned order), the candidates within cutneighsq of its species pair: the later atoms of its
 * own cell, then the atoms of the forward stencil cells, first those reached without crossing a
 * periodic boundary, then (from wrapStart on) those that cross one. The atom at binned position a
 * is named ids[a]: its row is start[ids[a]] .., and it is written as ids[a] in other rows.
 *
 * Pointers are byte offsets into the imported memory (laid out by sim/wasm/list-memory.ts):
 *   sx, sy, sz: f64 binned positions; stype, ids: i32; cellStart: i32 (ncells + 1);
 *   cutneighsq: f64 ntypes²; offsets: i32 3 per stencil cell; runs: i32 (the stencil as runs of
 *   cells adjacent along z, for cells whose stencil lies inside the grid);
 *   start, wrapStart, end: i32 rows (by id); neigh: i32 output from index `first` below `capacity`;
 *   candidates: scratch for one cell's candidates (f64 x, y, z then i32 type, id, each `room` long;
 *   returns -2 when a cell has more candidates than that);
 *   stencilCell, stencilShift: scratch, per stencil cell its index (i32) and periodic shift (3 f64).
 */

/** Cells per neighbour cut-off along each axis (CELLS_PER_CUTOFF in sim/neighbor.ts). */
const K = 2;

/** Tests candidates m0 .. m1 (SoA at cx, cy, cz, ct, cid) against atom (xi, yi, zi); returns the new count. */
@inline function scan(
  xi: f64, yi: f64, zi: f64, row: i32, cutneighsq: usize, cx: usize, cy: usize, cz: usize, ct: usize, cid: usize,
  m0: i32, m1: i32, neigh: usize, count: i32,
): i32 {
  const XI = f64x2.splat(xi), YI = f64x2.splat(yi), ZI = f64x2.splat(zi);
  let m = m0;
  for (; m + 1 < m1; m += 2) {
    const o8 = <usize>m << 3, o4 = <usize>m << 2;
    const dx = f64x2.sub(XI, v128.load(cx + o8)), dy = f64x2.sub(YI, v128.load(cy + o8)), dz = f64x2.sub(ZI, v128.load(cz + o8));
    const rsq = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
    const c0 = load<f64>(cutneighsq + (<usize>(row + load<i32>(ct + o4)) << 3));
    const c1 = load<f64>(cutneighsq + (<usize>(row + load<i32>(ct + o4, 4)) << 3));
    const inside = i64x2.bitmask(f64x2.lt(rsq, f64x2.replace_lane(f64x2.splat(c0), 1, c1)));
    // Store every candidate, keep it (count + 1) only when inside: no unpredictable branch.
    store<i32>(neigh + (<usize>count << 2), load<i32>(cid + o4));
    count += inside & 1;
    store<i32>(neigh + (<usize>count << 2), load<i32>(cid + o4, 4));
    count += inside >> 1;
  }
  if (m < m1) {
    const o8 = <usize>m << 3, o4 = <usize>m << 2;
    const dx = xi - load<f64>(cx + o8), dy = yi - load<f64>(cy + o8), dz = zi - load<f64>(cz + o8);
    store<i32>(neigh + (<usize>count << 2), load<i32>(cid + o4));
    count += i32(dx * dx + dy * dy + dz * dz < load<f64>(cutneighsq + (<usize>(row + load<i32>(ct + o4)) << 3)));
  }
  return count;
}

/** scan with the minimum image per pair (grids with a single cell along some axis). */
function scanWrapped(
  xi: f64, yi: f64, zi: f64, row: i32, cutneighsq: usize, cx: usize, cy: usize, cz: usize, ct: usize, cid: usize,
  m0: i32, m1: i32, neigh: usize, count: i32, lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): i32 {
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  for (let m = m0; m < m1; m++) {
    const o8 = <usize>m << 3, o4 = <usize>m << 2;
    let dx = xi - load<f64>(cx + o8), dy = yi - load<f64>(cy + o8), dz = zi - load<f64>(cz + o8);
    if (dz > hz) { dz -= lz; dy -= yz; dx -= xz; } else if (dz < -hz) { dz += lz; dy += yz; dx += xz; }
    if (dy > hy) { dy -= ly; dx -= xy; } else if (dy < -hy) { dy += ly; dx += xy; }
    if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
    store<i32>(neigh + (<usize>count << 2), load<i32>(cid + o4));
    count += i32(dx * dx + dy * dy + dz * dz < load<f64>(cutneighsq + (<usize>(row + load<i32>(ct + o4)) << 3)));
  }
  return count;
}

export function searchCells(
  sx: usize, sy: usize, sz: usize, stype: usize, ids: usize, cellStart: usize, cutneighsq: usize, offsets: usize, runs: usize,
  start: usize, wrapStart: usize, end: usize, neigh: usize, candidates: usize, room: i32, stencilCell: usize, stencilShift: usize,
  c0: i32, c1: i32, nx: i32, ny: i32, nz: i32, ns: i32, nruns: i32, allWrap: bool, nt: i32, first: i32, capacity: i32,
  lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): i32 {
  const cx = candidates, cy = cx + (<usize>room << 3), cz = cy + (<usize>room << 3);
  const ct = cz + (<usize>room << 3), cid = ct + (<usize>room << 2);
  let count = first;
  for (let c = c0; c < c1; c++) {
    const own0 = load<i32>(cellStart + (<usize>c << 2)), own1 = load<i32>(cellStart + (<usize>c << 2), 4);
    if (own0 == own1) continue;
    const kz = c % nz, ky = (c / nz) % ny, kx = c / (ny * nz);
    const interior = !allWrap && kx >= K && kx < nx - K && ky >= K && ky < ny - K && kz >= K && kz < nz - K;
    let total = own1 - own0, inside = 0;
    if (interior) {
      for (let q = 0; q < nruns; q += 2) {
        total += load<i32>(cellStart + (<usize>(c + load<i32>(runs + (<usize>q << 2), 4)) << 2))
          - load<i32>(cellStart + (<usize>(c + load<i32>(runs + (<usize>q << 2))) << 2));
      }
    } else {
      inside = cellStencil(c, nx, ny, nz, offsets, ns, allWrap, stencilCell, stencilShift, lx, ly, lz, xy, xz, yz);
      for (let s = 0; s < ns; s++) {
        const cj = load<i32>(stencilCell + (<usize>s << 2));
        total += load<i32>(cellStart + (<usize>cj << 2), 4) - load<i32>(cellStart + (<usize>cj << 2));
      }
    }
    if (total > room) return -2;
    // Gather the candidates (own cell, then stencil cells) into contiguous arrays, shifted to the
    // periodic image next to cell c; an interior cell's stencil is copied run by run.
    let m = 0, mWrap = 0;
    const sources = interior ? nruns : ns, step = interior ? 2 : 1;
    for (let s = -1; s < sources; s = s < 0 ? 0 : s + step) {
      let a0: i32, a1: i32, shx = 0.0, shy = 0.0, shz = 0.0;
      if (s < 0) {
        a0 = own0; a1 = own1;
      } else if (interior) {
        a0 = load<i32>(cellStart + (<usize>(c + load<i32>(runs + (<usize>s << 2))) << 2));
        a1 = load<i32>(cellStart + (<usize>(c + load<i32>(runs + (<usize>s << 2), 4)) << 2));
      } else {
        if (s == inside) mWrap = m;
        const cj = load<i32>(stencilCell + (<usize>s << 2));
        a0 = load<i32>(cellStart + (<usize>cj << 2)); a1 = load<i32>(cellStart + (<usize>cj << 2), 4);
        shx = load<f64>(stencilShift + (<usize>s * 24)); shy = load<f64>(stencilShift + (<usize>s * 24), 8); shz = load<f64>(stencilShift + (<usize>s * 24), 16);
      }
      for (let a = a0; a < a1; a++, m++) {
        store<f64>(cx + (<usize>m << 3), load<f64>(sx + (<usize>a << 3)) + shx);
        store<f64>(cy + (<usize>m << 3), load<f64>(sy + (<usize>a << 3)) + shy);
        store<f64>(cz + (<usize>m << 3), load<f64>(sz + (<usize>a << 3)) + shz);
        store<i32>(ct + (<usize>m << 2), load<i32>(stype + (<usize>a << 2)));
        store<i32>(cid + (<usize>m << 2), load<i32>(ids + (<usize>a << 2)));
      }
    }
    if (interior || inside == ns) mWrap = m;
    if (allWrap) mWrap = 0;
    for (let ai = own0; ai < own1; ai++) {
      const xi = load<f64>(sx + (<usize>ai << 3)), yi = load<f64>(sy + (<usize>ai << 3)), zi = load<f64>(sz + (<usize>ai << 3));
      const row = load<i32>(stype + (<usize>ai << 2)) * nt;
      // Own-cell candidates after this atom only, so that each pair is listed once.
      const m0 = ai - own0 + 1;
      if (count + total - m0 > capacity) return -1;
      const slot = <usize>load<i32>(ids + (<usize>ai << 2)) << 2;
      store<i32>(start + slot, count);
      count = scan(xi, yi, zi, row, cutneighsq, cx, cy, cz, ct, cid, m0, mWrap, neigh, count);
      store<i32>(wrapStart + slot, count);
      const w0 = max(m0, mWrap);
      count = allWrap
        ? scanWrapped(xi, yi, zi, row, cutneighsq, cx, cy, cz, ct, cid, w0, total, neigh, count, lx, ly, lz, xy, xz, yz)
        : scan(xi, yi, zi, row, cutneighsq, cx, cy, cz, ct, cid, w0, total, neigh, count);
      store<i32>(end + slot, count);
    }
  }
  return count;
}

/**
 * The forward stencil of cell c: cells reached without crossing a boundary first, then those that
 * cross, with the shift (in box vectors) that brings their atoms next to c; returns how many are
 * of the first kind.
 */
function cellStencil(
  c: i32, nx: i32, ny: i32, nz: i32, offsets: usize, ns: i32, allWrap: bool, cells: usize, shifts: usize,
  lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): i32 {
  const kz = c % nz, ky = (c / nz) % ny, kx = c / (ny * nz);
  let inside = 0, crossing = ns;
  for (let s = 0; s < ns; s++) {
    const px = kx + load<i32>(offsets + (<usize>s * 12)), py = ky + load<i32>(offsets + (<usize>s * 12), 4), pz = kz + load<i32>(offsets + (<usize>s * 12), 8);
    const wx = (px + nx) % nx, wy = (py + ny) % ny, wz = (pz + nz) % nz;
    const k = !allWrap && px == wx && py == wy && pz == wz ? inside++ : --crossing;
    store<i32>(cells + (<usize>k << 2), (wx * ny + wy) * nz + wz);
    if (allWrap) continue;
    // Periodic image of the stencil cell, -1, 0 or 1 box vectors along each axis.
    const ix = <f64>(<i32>(px > wx) - <i32>(px < wx)), iy = <f64>(<i32>(py > wy) - <i32>(py < wy)), iz = <f64>(<i32>(pz > wz) - <i32>(pz < wz));
    store<f64>(shifts + (<usize>k * 24), ix * lx + iy * xy + iz * xz);
    store<f64>(shifts + (<usize>k * 24), iy * ly + iz * yz, 8);
    store<f64>(shifts + (<usize>k * 24), iz * lz, 16);
  }
  return inside;
}
