/**
 * Kernels that build the full neighbour list on the device, gather-only (no scatter, no atomics,
 * which gpu.js has not), from the anchors of grid.ts:
 *
 * 1. sort: atom indices ordered by (cell, index), a bitonic network over npad = 2^k >= n slots;
 *    then every per-atom buffer is gathered into that order (the atoms are renumbered by cell,
 *    as GPU MD codes do: neighbours sit together in memory, and a cell's atoms are a range);
 * 2. cell starts: a binary search per cell;
 * 3. masks: one thread per (atom i, stencil cell s of the 27, chunk h of CHUNK candidates) marks
 *    in three 24-bit words which candidates lie within (cutoff + skin)(ti, tj).
 *
 * The list is the masks: texel slot n + i, slot = s H + h, holds atom i's marks among atoms
 * first .. first + CHUNK - 1 of stencil cell s (bit b of word w: atom first + 24 w + b), and first
 * in channel 3. Force kernels walk the marked bits; there is no list width to outgrow.
 * Stencil cells are numbered s = 9 (ox + 1) + 3 (oy + 1) + (oz + 1) (source.ts, STENCIL).
 */
import { divmod, fetch, lit, STENCIL } from './source.js';
import type { DeviceGrid } from './grid.js';

/** Candidates one mask thread covers: three words of 24 bits (exact integers in f32). */
export const CHUNK = 72;

/** Slot p holds p (the identity permutation to sort). */
export const identitySource = 'function (zero) { return this.thread.x + zero; }';

/**
 * One compare-exchange pass (partner distance j, block k) of the bitonic sort of indices by
 * key (cell of the atom, index); slots past n hold indices >= n, which sort last.
 */
export const sortPassSource = (n: number, ncells: number, vec4: boolean) => `function (idx, A, j, k) {
  const p = this.thread.x;
  ${divmod('pj', 'bj', 'p', 'j')}
  const bit = pj - 2 * Math.floor((pj + 0.5) / 2);
  const partner = bit > 0.5 ? p - j : p + j;
  ${divmod('pk', 'bk', 'p', 'k')}
  const ascending = pk - 2 * Math.floor((pk + 0.5) / 2) < 0.5;
  const a = idx[p];
  const b = idx[partner];
  ${fetch('ca', 'A', `a < ${n} ? a : ${lit(0)}`, vec4)}${fetch('cb', 'A', `b < ${n} ? b : ${lit(0)}`, vec4)}
  const ka = a < ${n} ? ca3 : ${lit(ncells)};
  const kb = b < ${n} ? cb3 : ${lit(ncells)};
  const aFirst = ka < kb || (ka == kb && a < b);
  if ((bit < 0.5) == ascending) {
    return aFirst ? a : b;
  }
  return aFirst ? b : a;
}`;

/** The (j, k) of every pass of a bitonic sort of npad slots, in order. */
export function bitonicPasses(npad: number): [number, number][] {
  const passes: [number, number][] = [];
  for (let k = 2; k <= npad; k *= 2) for (let j = k / 2; j >= 1; j /= 2) passes.push([j, k]);
  return passes;
}

/** Texel idx[k] of X, for k < n: a per-atom buffer in the sorted order. */
export const gatherSource = (vec4: boolean) => `function (X, idx) {
  ${fetch('x', 'X', 'idx[this.thread.x]', vec4)}
  return [x0, x1, x2, x3];
}`;

/** Cell c starts at the first atom (sorted by cell) whose cell is >= c (c = ncells gives n). */
export function cellStartSource(n: number, vec4: boolean): string {
  const steps = Math.ceil(Math.log2(n + 1)) + 1;
  return `function (A) {
  const c = this.thread.x;
  let lo = 0;
  let hi = ${n};
  for (let it = 0; it < ${steps}; it++) {
    if (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      ${fetch('m', 'A', 'mid', vec4)}
      if (m3 < c) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
  }
  return lo;
}`;
}

/** Atoms per cell as (count, 0, 0, count), for a max reduction. */
export const occupancySource = `function (start) {
  const o = start[this.thread.x + 1] - start[this.thread.x];
  return [o, 0, 0, o];
}`;

/** The linear index `cell` of the stencil cell (ox, oy, oz) of anchor (a0, a1, a2), periodic. */
export const STENCIL_CELL = (g: DeviceGrid) => {
  const axis = (d: number, o: string) => `const c${d} = a${d} + ${o} < 0 ? a${d} + ${o} + ${g.nc[d]} : (a${d} + ${o} >= ${g.nc[d]} ? a${d} + ${o} - ${g.nc[d]} : a${d} + ${o});`;
  return `${axis(0, 'ox')}\n${axis(1, 'oy')}\n${axis(2, 'oz')}\nconst cell = (c0 * ${g.nc[1]} + c1) * ${g.nc[2]} + c2;\n`;
};

/**
 * Pass 3, over 27 H n threads (slot = s H + h, thread slot n + i): the mask words of the
 * candidates in chunk h of stencil cell s of atom i that lie within cutneighsq (constant array,
 * ti ntypes + tj), and the chunk's first atom.
 */
export function maskSource(n: number, ntypes: number, chunks: number, g: DeviceGrid, vec4: boolean): string {
  return `function (start, A, P) {
  ${divmod('slot', 'i', 'this.thread.x', n)}${divmod('s', 'h', 'slot', chunks)}${STENCIL('s')}
  ${fetch('a', 'A', 'i', vec4, 3)}${fetch('p', 'P', 'i', vec4)}${STENCIL_CELL(g)}
  const first = start[cell] + ${CHUNK} * h;
  const end = Math.min(start[cell + 1], first + ${CHUNK});
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let bit = 1;
  for (let k = 0; k < ${CHUNK}; k++) {
    const j = first + k;
    if (j >= end) break;
    if (j != i) {
      ${fetch('q', 'P', 'j', vec4)}
      const dx = (p0 - q0) - ox * ${lit(g.w[0])};
      const dy = (p1 - q1) - oy * ${lit(g.w[1])};
      const dz = (p2 - q2) - oz * ${lit(g.w[2])};
      if (dx * dx + dy * dy + dz * dz < this.constants.cutneighsq[p3 * ${ntypes} + q3]) {
        if (k < 24) {
          w0 += bit;
        } else if (k < 48) {
          w1 += bit;
        } else {
          w2 += bit;
        }
      }
    }
    if (k == 23 || k == 47) {
      bit = 1;
    } else {
      bit = 2 * bit;
    }
  }
  return [w0, w1, w2, first];
}`;
}

/**
 * The highest marked bit of `word` (an integer below 2^24): top = 2^e <= word < 2^(e+1), by a
 * binary search over e with exact powers of two (no log2 or exp2, whose last bits GLSL leaves open).
 */
export const HIGHEST_BIT = `
          let top = 1;
          let e = 0;
          if (word >= top * 65536) { top *= 65536; e += 16; }
          if (word >= top * 256) { top *= 256; e += 8; }
          if (word >= top * 16) { top *= 16; e += 4; }
          if (word >= top * 4) { top *= 4; e += 2; }
          if (word >= top * 2) { top *= 2; e += 1; }`;

/** Per atom (neighbours, 0, 0, neighbours), the marked bits counted: the sum is twice the pairs listed. */
export const listSizeSource = (n: number, slots: number, vec4: boolean) => `function (C) {
  const i = this.thread.x;
  let total = 0;
  for (let slot = 0; slot < ${slots}; slot++) {
    ${fetch('t', 'C', `slot * ${n} + i`, vec4)}
    for (let wd = 0; wd < 3; wd++) {
      let word = wd == 0 ? t0 : (wd == 1 ? t1 : t2);
      for (let b = 0; b < 24; b++) {
        if (word < 0.5) break;${HIGHEST_BIT}
        word -= top;
        total += 1;
      }
    }
  }
  return [total, 0, 0, total];
}`;
