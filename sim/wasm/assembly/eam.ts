/**
 * The two pair passes of EAM (sim/potentials/eam.ts, LAMMPS PairEAM::compute with newton on) in
 * WebAssembly, scalar: the same f64 operations in the same order as the TypeScript loops they
 * replace, so the same bits. Pass 1 sums host densities and keeps the pairs within the cut-off;
 * pass 2 computes -(F'_i rho_j->i' + F'_j rho_i->j' + phi') r_ij / r over the kept pairs.
 * Interval m and fraction p of r as LAMMPS: p = r/dr + 1, m = min(int p, nr - 1), p = min(p - m, 1).
 *
 * Pointers are byte offsets into the imported memory (laid out by sim/wasm/eam-kernel.ts):
 *   x: 3n f64; type: n i32; start, wrapStart, end: n i32 (rows by atom); neigh: i32;
 *   rowOrder: i32 (rows r0 .. r1 of it run); rho, fp: n f64; cutNeigh: i32 kept pairs;
 *   cutWrap, cutEnd: i32 by row; dens: 8 f64 per knot, pair: 16 f64 per knot (see EamTables);
 *   f: 3n f64, pe: n f64, vatom: 6n f64 (per-atom virials xx yy zz xy xz yz, half of each pair to
 *   each atom), out: 7 f64 (energy, virial xx yy zz xy xz yz), all added into; buf: room for
 *   `chunk` pairs of 48 bytes.
 *
 * Both passes take a row's kept pairs a chunk at a time: first the geometry of every pair of the
 * chunk (separation, r, knot; into buf), then the spline sums. The table reads of a chunk then no
 * longer wait, each, for its own pair's distance, and issue together: with chunks of 32 pairs the
 * whole EAM force evaluation of Cu64Zr36 ran 1.13× faster (docs/backends.md), with the same
 * operations in the same order, so the same bits.
 */

import { gather, shift } from './common/lanes';

/** The knot index m and fraction p of distance r; p is returned, m through the global. */
let knot: i32 = 0;
@inline function interval(r: f64, rdr: f64, nrm1: i32): f64 {
  let p = r * rdr + 1.0;
  let m = <i32>p;
  if (m > nrm1) m = nrm1;
  p -= <f64>m;
  if (p > 1.0) p = 1.0;
  knot = m;
  return p;
}

/** The separation r_i - r_j that `separation` leaves (globals: AssemblyScript returns one value). */
let sepX: f64 = 0, sepY: f64 = 0, sepZ: f64 = 0;

/** r_i - r_j of a kept pair, its minimum image (z, then y, then x with the tilts) if it is listed as wrapped. */
@inline function separation(
  x: usize, j: usize, xi: f64, yi: f64, zi: f64, wrapped: bool, hx: f64, hy: f64, hz: f64, lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): void {
  let dx = xi - load<f64>(x + j * 24), dy = yi - load<f64>(x + j * 24, 8), dz = zi - load<f64>(x + j * 24, 16);
  if (wrapped) {
    if (dz > hz) { dz -= lz; dy -= yz; dx -= xz; } else if (dz < -hz) { dz += lz; dy += yz; dx += xz; }
    if (dy > hy) { dy -= ly; dx -= xy; } else if (dy < -hy) { dy += ly; dx += xy; }
    if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
  }
  sepX = dx;
  sepY = dy;
  sepZ = dz;
}

/** The host density at i and at j of a pair at fraction p of knot k: rhoi gets the first, rho[j] the second. */
@inline function densityPair(p: f64, k: usize, rho: usize, j: usize): f64 {
  store<f64>(rho + (j << 3), load<f64>(rho + (j << 3)) + (((load<f64>(k, 32) * p + load<f64>(k, 40)) * p + load<f64>(k, 48)) * p + load<f64>(k, 56)));
  return ((load<f64>(k) * p + load<f64>(k, 8)) * p + load<f64>(k, 16)) * p + load<f64>(k, 24);
}

/**
 * Pass 1 over rows r0 .. r1; returns the number of kept pairs (cutNeigh from 0). Per row, first the
 * cut-off test, two listed pairs at a time (f64x2: with a 2 Å skin about half the listed pairs lie
 * beyond the cut-off), keeping each pair's j without a branch on the test (the store is always made,
 * the count moves only for a pair inside: the outcome is a coin toss a branch would mispredict); then
 * the densities of the kept pairs, a chunk at a time, with the distance taken again by the very
 * operations of the test (the same bits). Kept pairs and sums follow the list order.
 */
export function eamDensities(
  x: usize, type: usize, start: usize, wrapStart: usize, end: usize, neigh: usize, rowOrder: usize,
  rho: usize, cutNeigh: usize, cutWrap: usize, cutEnd: usize, dens: usize, buf: usize, chunk: i32,
  r0: i32, r1: i32, nt: i32, nr: i32, rdr: f64, cutforcesq: f64,
  lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): i32 {
  const LX = f64x2.splat(lx), LY = f64x2.splat(ly), LZ = f64x2.splat(lz);
  const XY = f64x2.splat(xy), XZ = f64x2.splat(xz), YZ = f64x2.splat(yz);
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  const HX = f64x2.splat(hx), HY = f64x2.splat(hy), HZ = f64x2.splat(hz);
  const NHX = f64x2.neg(HX), NHY = f64x2.neg(HY), NHZ = f64x2.neg(HZ);
  const CUT = f64x2.splat(cutforcesq);
  const nrm1 = nr - 1, stride = nr + 1;
  let w = 0;
  for (let r = r0; r < r1; r++) {
    const i = <usize>load<i32>(rowOrder + (<usize>r << 2));
    const xi = load<f64>(x + i * 24), yi = load<f64>(x + i * 24, 8), zi = load<f64>(x + i * 24, 16);
    const XI = f64x2.splat(xi), YI = f64x2.splat(yi), ZI = f64x2.splat(zi);
    const row = load<i32>(type + (i << 2)) * nt;
    const wrap = load<i32>(wrapStart + (i << 2));
    const stop = load<i32>(end + (i << 2));
    const kept0 = w;
    let firstWrapped = -1;
    for (let k = load<i32>(start + (i << 2)); k < stop; k += 2) {
      const two = k + 1 < stop;
      const j0 = <usize>load<i32>(neigh + (<usize>k << 2));
      const j1 = two ? <usize>load<i32>(neigh + (<usize>k << 2), 4) : j0;
      let dx = f64x2.sub(XI, gather(x, j0, j1, 0));
      let dy = f64x2.sub(YI, gather(x, j0, j1, 8));
      let dz = f64x2.sub(ZI, gather(x, j0, j1, 16));
      if (k + 1 >= wrap) {
        // Minimum image, z then y then x with the tilts (a pair listed as not crossing a boundary
        // is never shifted: its separation stays within half the box).
        const up = f64x2.gt(dz, HZ), down = f64x2.lt(dz, NHZ);
        dz = f64x2.sub(dz, shift(LZ, up, down));
        dy = f64x2.sub(dy, shift(YZ, up, down));
        dx = f64x2.sub(dx, shift(XZ, up, down));
        const north = f64x2.gt(dy, HY), south = f64x2.lt(dy, NHY);
        dy = f64x2.sub(dy, shift(LY, north, south));
        dx = f64x2.sub(dx, shift(XY, north, south));
        dx = f64x2.sub(dx, shift(LX, f64x2.gt(dx, HX), f64x2.lt(dx, NHX)));
      }
      const rsq = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
      const inside = i64x2.bitmask(f64x2.lt(rsq, CUT));
      // As the scalar loop: the first pair from wrapStart on marks where kept wrapped pairs begin.
      if (k >= wrap && firstWrapped < 0) firstWrapped = w;
      // A store goes at most to the slot of the pair being tested, so it stays within the rows' room.
      store<i32>(cutNeigh + (<usize>w << 2), <i32>j0);
      w += inside & 1;
      if (!two) continue;
      if (k + 1 == wrap && firstWrapped < 0) firstWrapped = w;
      store<i32>(cutNeigh + (<usize>w << 2), <i32>j1);
      w += inside >> 1;
    }
    if (firstWrapped < 0) firstWrapped = w;
    let rhoi = 0.0;
    for (let q0 = kept0; q0 < w; q0 += chunk) {
      const q1 = min(q0 + chunk, w);
      // The chunk's geometry: fraction p, knot address and j of each pair (16 bytes each).
      for (let q = q0; q < q1; q++) {
        const j = <usize>load<i32>(cutNeigh + (<usize>q << 2));
        separation(x, j, xi, yi, zi, q >= firstWrapped, hx, hy, hz, lx, ly, lz, xy, xz, yz);
        const b = buf + (<usize>(q - q0) << 4);
        store<f64>(b, interval(sqrt(sepX * sepX + sepY * sepY + sepZ * sepZ), rdr, nrm1));
        store<usize>(b, dens + (<usize>(((row + load<i32>(type + (j << 2))) * stride + knot) * 8) << 3), 8);
        store<i32>(b, <i32>j, 12);
      }
      for (let q = q0; q < q1; q++) {
        const b = buf + (<usize>(q - q0) << 4);
        rhoi += densityPair(load<f64>(b), load<usize>(b, 8), rho, <usize>load<i32>(b, 12));
      }
    }
    store<f64>(rho + (i << 3), load<f64>(rho + (i << 3)) + rhoi);
    store<i32>(cutWrap + (<usize>r << 2), firstWrapped);
    store<i32>(cutEnd + (<usize>r << 2), w);
  }
  return w;
}

/** Pass 2, forces only. */
export function eamForces(
  x: usize, type: usize, rowOrder: usize, fp: usize, cutNeigh: usize, cutWrap: usize, cutEnd: usize, pair: usize, f: usize, buf: usize, chunk: i32,
  r0: i32, r1: i32, nt: i32, nr: i32, rdr: f64, lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): void {
  pass2<i32>(x, type, rowOrder, fp, cutNeigh, cutWrap, cutEnd, pair, f, buf, chunk, 0, 0, 0, r0, r1, nt, nr, rdr, lx, ly, lz, xy, xz, yz);
}

/** Pass 2 with the pair energy and virial into out, per-atom energies into pe and virials into vatom unless 0. */
export function eamForcesEnergy(
  x: usize, type: usize, rowOrder: usize, fp: usize, cutNeigh: usize, cutWrap: usize, cutEnd: usize, pair: usize, f: usize, buf: usize, chunk: i32,
  pe: usize, vatom: usize, out: usize, r0: i32, r1: i32, nt: i32, nr: i32, rdr: f64, lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): void {
  pass2<f64>(x, type, rowOrder, fp, cutNeigh, cutWrap, cutEnd, pair, f, buf, chunk, pe, vatom, out, r0, r1, nt, nr, rdr, lx, ly, lz, xy, xz, yz);
}

/** *(a + c) += h and *(b + c) += h. */
@inline function addHalf(a: usize, b: usize, c: usize, h: f64): void {
  store<f64>(a + c, load<f64>(a + c) + h);
  store<f64>(b + c, load<f64>(b + c) + h);
}

/** Pass 2; with E = f64 it also sums energy and virial (E = i32 compiles those parts away). */
function pass2<E>(
  x: usize, type: usize, rowOrder: usize, fp: usize, cutNeigh: usize, cutWrap: usize, cutEnd: usize, pair: usize, f: usize, buf: usize, chunk: i32,
  pe: usize, vatom: usize, out: usize, r0: i32, r1: i32, nt: i32, nr: i32, rdr: f64, lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): void {
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  const nrm1 = nr - 1, stride = nr + 1;
  let energy = 0.0, v0 = 0.0, v1 = 0.0, v2 = 0.0, v3 = 0.0, v4 = 0.0, v5 = 0.0;
  let k = 0;
  for (let r = r0; r < r1; r++) {
    const i = <usize>load<i32>(rowOrder + (<usize>r << 2));
    const xi = load<f64>(x + i * 24), yi = load<f64>(x + i * 24, 8), zi = load<f64>(x + i * 24, 16);
    const row = load<i32>(type + (i << 2)) * nt;
    const fpi = load<f64>(fp + (i << 3));
    const wrap = load<i32>(cutWrap + (<usize>r << 2));
    const stop = load<i32>(cutEnd + (<usize>r << 2));
    let fxi = 0.0, fyi = 0.0, fzi = 0.0;
    // This row's virial, added to the totals once per row (as the TypeScript loop does).
    let vxx = 0.0, vyy = 0.0, vzz = 0.0, vxy = 0.0, vxz = 0.0, vyz = 0.0;
    while (k < stop) {
      const k1 = min(k + chunk, stop);
      // The chunk's geometry: separation, r, fraction p, knot address and j of each pair (48 bytes each).
      for (let q = k; q < k1; q++) {
        const j = <usize>load<i32>(cutNeigh + (<usize>q << 2));
        separation(x, j, xi, yi, zi, q >= wrap, hx, hy, hz, lx, ly, lz, xy, xz, yz);
        const rij = sqrt(sepX * sepX + sepY * sepY + sepZ * sepZ);
        const b = buf + <usize>(q - k) * 48;
        store<f64>(b, sepX); store<f64>(b, sepY, 8); store<f64>(b, sepZ, 16); store<f64>(b, rij, 24);
        store<f64>(b, interval(rij, rdr, nrm1), 32);
        store<usize>(b, pair + (<usize>(((row + load<i32>(type + (j << 2))) * stride + knot) * 16) << 3), 40);
        store<i32>(b, <i32>j, 44);
      }
      for (let b = buf, end = buf + <usize>(k1 - k) * 48; b < end; b += 48) {
        const dx = load<f64>(b), dy = load<f64>(b, 8), dz = load<f64>(b, 16), rij = load<f64>(b, 24), p = load<f64>(b, 32);
        const c = load<usize>(b, 40), j = <usize>load<i32>(b, 44);
        const rhoip = (load<f64>(c) * p + load<f64>(c, 8)) * p + load<f64>(c, 16);
        const rhojp = (load<f64>(c, 24) * p + load<f64>(c, 32)) * p + load<f64>(c, 40);
        const z2p = (load<f64>(c, 48) * p + load<f64>(c, 56)) * p + load<f64>(c, 64);
        const z2 = ((load<f64>(c, 72) * p + load<f64>(c, 80)) * p + load<f64>(c, 88)) * p + load<f64>(c, 96);
        const recip = 1.0 / rij;
        const phi = z2 * recip;
        const phip = z2p * recip - phi * recip;
        const psip = fpi * rhojp + load<f64>(fp + (j << 3)) * rhoip + phip;
        const fpair = -psip * recip;
        const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
        fxi += fx; fyi += fy; fzi += fz;
        const fj = f + j * 24;
        store<f64>(fj, load<f64>(fj) - fx);
        store<f64>(fj, load<f64>(fj, 8) - fy, 8);
        store<f64>(fj, load<f64>(fj, 16) - fz, 16);
        if (isFloat<E>()) {
          energy += phi;
          vxx += dx * fx; vyy += dy * fy; vzz += dz * fz;
          vxy += dx * fy; vxz += dx * fz; vyz += dy * fz;
          if (pe != 0) {
            store<f64>(pe + (i << 3), load<f64>(pe + (i << 3)) + 0.5 * phi);
            store<f64>(pe + (j << 3), load<f64>(pe + (j << 3)) + 0.5 * phi);
          }
          if (vatom != 0) {
            addHalf(vatom + i * 48, vatom + j * 48, 0, 0.5 * dx * fx);
            addHalf(vatom + i * 48, vatom + j * 48, 8, 0.5 * dy * fy);
            addHalf(vatom + i * 48, vatom + j * 48, 16, 0.5 * dz * fz);
            addHalf(vatom + i * 48, vatom + j * 48, 24, 0.5 * dx * fy);
            addHalf(vatom + i * 48, vatom + j * 48, 32, 0.5 * dx * fz);
            addHalf(vatom + i * 48, vatom + j * 48, 40, 0.5 * dy * fz);
          }
        }
      }
      k = k1;
    }
    const fi = f + i * 24;
    store<f64>(fi, load<f64>(fi) + fxi);
    store<f64>(fi, load<f64>(fi, 8) + fyi, 8);
    store<f64>(fi, load<f64>(fi, 16) + fzi, 16);
    if (isFloat<E>()) {
      v0 += vxx; v1 += vyy; v2 += vzz; v3 += vxy; v4 += vxz; v5 += vyz;
    }
  }
  if (!isFloat<E>()) return;
  store<f64>(out, load<f64>(out) + energy);
  store<f64>(out + 8, load<f64>(out + 8) + v0);
  store<f64>(out + 16, load<f64>(out + 16) + v1);
  store<f64>(out + 24, load<f64>(out + 24) + v2);
  store<f64>(out + 32, load<f64>(out + 32) + v3);
  store<f64>(out + 40, load<f64>(out + 40) + v4);
  store<f64>(out + 48, load<f64>(out + 48) + v5);
}
