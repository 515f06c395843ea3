/**
 * The Lennard-Jones pair loop of sim/potentials/lj.ts in WebAssembly (AssemblyScript), two
 * neighbours at a time in 128-bit SIMD lanes (f64x2). Same list, same formulas, same f64
 * arithmetic per pair as LAMMPS `lj/cut`, and the sums taken pair after pair (lane 0, then lane 1:
 * plusLanes), so the same bits as a scalar loop over the same list.
 *
 * All pointers are byte offsets into the imported memory (laid out by sim/wasm/list-memory.ts):
 *   x: 3n f64 positions; type: n i32; start, wrapStart, end: n i32 (rows by atom); neigh: i32;
 *   rowOrder: the atoms whose rows to run, rows r0 .. r1 of it; f: 3n f64 (added into);
 *   tables: ntypes² f64 each of cutsq, lj1, lj2, lj3, lj4, offset (see ljTables);
 *   out: 7 f64 (energy, then virial xx yy zz xy xz yz, added into); pe: n f64 and vatom: 6n f64
 *   (per-atom energies and virials, xx yy zz xy xz yz, half of each pair to each atom; added into).
 *
 * The pair law is the evaluator ljForce / ljEnergy (the formulas of sim/potentials/lj-pair.ts),
 * inlined into the one loop `rows`.
 */

import { gather, shift, plusLanes } from './common/lanes';


/** The pair constant of table `t` for the pairs at byte offsets p0 and p1, one per lane. */
@inline function perLane(t: usize, p0: usize, p1: usize): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(t + p0)), 1, load<f64>(t + p1));
}

/** *p0 -= lane 0 of v, then *p1 -= lane 1 (p1 may equal p0). */
@inline function subtractLanes(p0: usize, p1: usize, v: v128): void {
  store<f64>(p0, load<f64>(p0) - f64x2.extract_lane(v, 0));
  store<f64>(p1, load<f64>(p1) - f64x2.extract_lane(v, 1));
}

/**
 * Per-atom shares: a[i] and a[j0] += lane 0 of h, then a[i] and a[j1] += lane 1 (j1 may equal
 * j0), for atoms `stride` bytes apart from `a` on.
 */
@inline function addHalves(a: usize, stride: usize, i: usize, j0: usize, j1: usize, h: v128): void {
  const h0 = f64x2.extract_lane(h, 0), h1 = f64x2.extract_lane(h, 1);
  store<f64>(a + i * stride, load<f64>(a + i * stride) + h0);
  store<f64>(a + j0 * stride, load<f64>(a + j0 * stride) + h0);
  store<f64>(a + i * stride, load<f64>(a + i * stride) + h1);
  store<f64>(a + j1 * stride, load<f64>(a + j1 * stride) + h1);
}

/**
 * The evaluator: the Lennard-Jones terms of two pairs (one per lane) at 1/r^2 and r^-6, with the
 * constants of each pair per lane (the formulas of sim/potentials/lj-pair.ts).
 */
/** -phi'(r)/r = r6inv (lj1 r6inv - lj2) r^-2. */
@inline function ljForce(r2inv: v128, r6inv: v128, lj1: v128, lj2: v128): v128 {
  return f64x2.mul(f64x2.mul(r6inv, f64x2.sub(f64x2.mul(lj1, r6inv), lj2)), r2inv);
}

/** phi(r) = r6inv (lj3 r6inv - lj4) - offset. */
@inline function ljEnergy(r6inv: v128, lj3: v128, lj4: v128, offset: v128): v128 {
  return f64x2.sub(f64x2.mul(r6inv, f64x2.sub(f64x2.mul(lj3, r6inv), lj4)), offset);
}

/** Forces only (every MD step). */
export function ljForces(
  x: usize, type: usize, start: usize, wrapStart: usize, end: usize, neigh: usize, rowOrder: usize,
  f: usize, tables: usize, r0: i32, r1: i32, nt: i32, lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): void {
  rows<i32>(x, type, start, wrapStart, end, neigh, rowOrder, f, 0, 0, tables, 0, r0, r1, nt, lx, ly, lz, xy, xz, yz);
}

/** Forces, energy and virial into out, per-atom energies into pe and virials into vatom unless 0. */
export function ljForcesEnergy(
  x: usize, type: usize, start: usize, wrapStart: usize, end: usize, neigh: usize, rowOrder: usize,
  f: usize, pe: usize, vatom: usize, tables: usize, out: usize, r0: i32, r1: i32, nt: i32,
  lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): void {
  rows<f64>(x, type, start, wrapStart, end, neigh, rowOrder, f, pe, vatom, tables, out, r0, r1, nt, lx, ly, lz, xy, xz, yz);
}

/**
 * The loop of both: with E = f64 it also sums energy and virial, with E = i32 those parts are not
 * compiled at all (a compile-time switch: the forces-only loop keeps its registers for the forces).
 */
function rows<E>(
  x: usize, type: usize, start: usize, wrapStart: usize, end: usize, neigh: usize, rowOrder: usize,
  f: usize, pe: usize, vatom: usize, tables: usize, out: usize, r0: i32, r1: i32, nt: i32,
  lx: f64, ly: f64, lz: f64, xy: f64, xz: f64, yz: f64,
): void {
  const tsize = <usize>(nt * nt) << 3;
  const cutsq = tables, lj1 = tables + tsize, lj2 = tables + 2 * tsize;
  const lj3 = tables + 3 * tsize, lj4 = tables + 4 * tsize, offset = tables + 5 * tsize;
  const perAtom = pe != 0, perAtomVirial = vatom != 0;
  const LX = f64x2.splat(lx), LY = f64x2.splat(ly), LZ = f64x2.splat(lz);
  const XY = f64x2.splat(xy), XZ = f64x2.splat(xz), YZ = f64x2.splat(yz);
  const HX = f64x2.splat(0.5 * lx), HY = f64x2.splat(0.5 * ly), HZ = f64x2.splat(0.5 * lz);
  const NHX = f64x2.neg(HX), NHY = f64x2.neg(HY), NHZ = f64x2.neg(HZ);
  const ONE = f64x2.splat(1.0), HALF = f64x2.splat(0.5);
  const NO_SECOND_LANE = i64x2(-1, 0);
  let energy = 0.0, v0 = 0.0, v1 = 0.0, v2 = 0.0, v3 = 0.0, v4 = 0.0, v5 = 0.0;
  for (let r = r0; r < r1; r++) {
    const i = <usize>load<i32>(rowOrder + (<usize>r << 2));
    const XI = f64x2.splat(load<f64>(x + i * 24)), YI = f64x2.splat(load<f64>(x + i * 24, 8)), ZI = f64x2.splat(load<f64>(x + i * 24, 16));
    const row = load<i32>(type + (i << 2)) * nt;
    const wrap = load<i32>(wrapStart + (i << 2));
    const stop = load<i32>(end + (i << 2));
    let fxi = 0.0, fyi = 0.0, fzi = 0.0;
    for (let k = load<i32>(start + (i << 2)); k < stop; k += 2) {
      // Neighbours k and k + 1; at an odd end the second lane repeats the first, masked off.
      const two = k + 1 < stop;
      const j0 = <usize>load<i32>(neigh + (<usize>k << 2));
      const j1 = two ? <usize>load<i32>(neigh + (<usize>k << 2), 4) : j0;
      let dx = f64x2.sub(XI, gather(x, j0, j1, 0));
      let dy = f64x2.sub(YI, gather(x, j0, j1, 8));
      let dz = f64x2.sub(ZI, gather(x, j0, j1, 16));
      if (k + 1 >= wrap) {
        // Minimum image, z then y then x with the tilts (no shift for pairs that need none).
        const up = f64x2.gt(dz, HZ), down = f64x2.lt(dz, NHZ);
        dz = f64x2.sub(dz, shift(LZ, up, down));
        dy = f64x2.sub(dy, shift(YZ, up, down));
        dx = f64x2.sub(dx, shift(XZ, up, down));
        const north = f64x2.gt(dy, HY), south = f64x2.lt(dy, NHY);
        dy = f64x2.sub(dy, shift(LY, north, south));
        dx = f64x2.sub(dx, shift(XY, north, south));
        dx = f64x2.sub(dx, shift(LX, f64x2.gt(dx, HX), f64x2.lt(dx, NHX)));
      }
      const p0 = <usize>(row + load<i32>(type + (j0 << 2))) << 3;
      const p1 = <usize>(row + load<i32>(type + (j1 << 2))) << 3;
      const rsq = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
      let inside = f64x2.lt(rsq, perLane(cutsq, p0, p1));
      if (!two) inside = v128.and(inside, NO_SECOND_LANE);
      if (!v128.any_true(inside)) continue;
      const r2inv = f64x2.div(ONE, rsq);
      const r6inv = f64x2.mul(f64x2.mul(r2inv, r2inv), r2inv);
      const fpair = v128.and(ljForce(r2inv, r6inv, perLane(lj1, p0, p1), perLane(lj2, p0, p1)), inside);
      const fx = f64x2.mul(dx, fpair), fy = f64x2.mul(dy, fpair), fz = f64x2.mul(dz, fpair);
      // Masked-off lanes hold zeros: adding them changes nothing.
      fxi = plusLanes(fxi, fx); fyi = plusLanes(fyi, fy); fzi = plusLanes(fzi, fz);
      const q0 = f + j0 * 24, q1 = f + j1 * 24;
      subtractLanes(q0, q1, fx);
      subtractLanes(q0 + 8, q1 + 8, fy);
      subtractLanes(q0 + 16, q1 + 16, fz);
      if (isFloat<E>()) {
        const e = v128.and(ljEnergy(r6inv, perLane(lj3, p0, p1), perLane(lj4, p0, p1), perLane(offset, p0, p1)), inside);
        energy = plusLanes(energy, e);
        const wxx = f64x2.mul(dx, fx), wyy = f64x2.mul(dy, fy), wzz = f64x2.mul(dz, fz);
        const wxy = f64x2.mul(dx, fy), wxz = f64x2.mul(dx, fz), wyz = f64x2.mul(dy, fz);
        v0 = plusLanes(v0, wxx); v1 = plusLanes(v1, wyy); v2 = plusLanes(v2, wzz);
        v3 = plusLanes(v3, wxy); v4 = plusLanes(v4, wxz); v5 = plusLanes(v5, wyz);
        if (perAtom) addHalves(pe, 8, i, j0, j1, f64x2.mul(HALF, e));
        if (perAtomVirial) {
          addHalves(vatom, 48, i, j0, j1, f64x2.mul(HALF, wxx));
          addHalves(vatom + 8, 48, i, j0, j1, f64x2.mul(HALF, wyy));
          addHalves(vatom + 16, 48, i, j0, j1, f64x2.mul(HALF, wzz));
          addHalves(vatom + 24, 48, i, j0, j1, f64x2.mul(HALF, wxy));
          addHalves(vatom + 32, 48, i, j0, j1, f64x2.mul(HALF, wxz));
          addHalves(vatom + 40, 48, i, j0, j1, f64x2.mul(HALF, wyz));
        }
      }
    }
    store<f64>(f + i * 24, load<f64>(f + i * 24) + fxi);
    store<f64>(f + i * 24 + 8, load<f64>(f + i * 24 + 8) + fyi);
    store<f64>(f + i * 24 + 16, load<f64>(f + i * 24 + 16) + fzi);
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
