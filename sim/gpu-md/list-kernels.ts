/**
 * Kernels that build the full neighbour list on the device, gather-only (no scatter, no atomics,
 * which gpu.js has not), from the anchors of grid.ts:
 *
 * 1. sort: atom indices ordered by (cell, index), a bitonic network over npad = 2^k >= n slots;
 * 2. cell starts: a binary search per cell in the sorted order;
 * 3. masks: one thread per (atom i, stencil cell s of the 27, chunk h of CHUNK candidates) marks
 *    in three 24-bit words which candidates lie within (cutoff + skin)(ti, tj), and counts them;
 * 4. fill: one thread per (atom i, texel q) walks the counts to its slots 4q .. 4q + 3 and takes
 *    the marked candidates there from the masks.
 *
 * The distance test runs once per pair (in 3), so every thread of 4 sees the same list. An entry is
 * 27 j + s (s: j's cell offset from i, stencil.ts's numbering), -1 after the row's end; a row has
 * `width` entries, 4 a texel: entry k of atom i is channel k mod 4 of texel i width/4 + floor(k/4).
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

/** Cell c starts at the first sorted slot whose atom's cell is >= c (c = ncells gives n). */
export function cellStartSource(n: number, vec4: boolean): string {
  const steps = Math.ceil(Math.log2(n + 1)) + 1;
  return `function (idx, A) {
  const c = this.thread.x;
  let lo = 0;
  let hi = ${n};
  for (let it = 0; it < ${steps}; it++) {
    if (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      ${fetch('m', 'A', 'idx[mid]', vec4)}
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
const STENCIL_CELL = (g: DeviceGrid) => {
  const axis = (d: number, o: string) => `const c${d} = a${d} + ${o} < 0 ? a${d} + ${o} + ${g.nc[d]} : (a${d} + ${o} >= ${g.nc[d]} ? a${d} + ${o} - ${g.nc[d]} : a${d} + ${o});`;
  return `${axis(0, 'ox')}\n${axis(1, 'oy')}\n${axis(2, 'oz')}\nconst cell = (c0 * ${g.nc[1]} + c1) * ${g.nc[2]} + c2;\n`;
};

/**
 * Pass 3, over 27 H n threads (slot = s H + h, thread slot n + i): mask words and count of the
 * candidates in chunk h of stencil cell s of atom i that lie within cutneighsq (constant array,
 * ti ntypes + tj).
 */
export function maskSource(n: number, ntypes: number, chunks: number, g: DeviceGrid, vec4: boolean): string {
  return `function (idx, start, A, P) {
  ${divmod('slot', 'i', 'this.thread.x', n)}${divmod('s', 'h', 'slot', chunks)}${STENCIL('s')}
  ${fetch('a', 'A', 'i', vec4, 3)}${fetch('p', 'P', 'i', vec4)}${STENCIL_CELL(g)}
  const first = start[cell] + ${CHUNK} * h;
  const end = Math.min(start[cell + 1], first + ${CHUNK});
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let count = 0;
  let bit = 1;
  for (let k = 0; k < ${CHUNK}; k++) {
    const m = first + k;
    if (m >= end) break;
    const j = idx[m];
    if (j != i) {
      ${fetch('q', 'P', 'j', vec4)}
      const dx = (p0 - q0) - ox * ${lit(g.w[0])};
      const dy = (p1 - q1) - oy * ${lit(g.w[1])};
      const dz = (p2 - q2) - oz * ${lit(g.w[2])};
      if (dx * dx + dy * dy + dz * dz < this.constants.cutneighsq[p3 * ${ntypes} + q3]) {
        count += 1;
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
  return [w0, w1, w2, count];
}`;
}

/** Per atom (neighbours, 0, 0, neighbours) from the mask counts: sum and max give list size and width. */
export const listSizeSource = (n: number, slots: number, vec4: boolean) => `function (C) {
  const i = this.thread.x;
  let total = 0;
  for (let slot = 0; slot < ${slots}; slot++) {
    ${fetch('t', 'C', `slot * ${n} + i`, vec4)}
    total += t3;
  }
  return [total, 0, 0, total];
}`;

/** Pass 4, over n width/4 threads: the 4 entries of texel q of atom i's row. */
export function fillSource(n: number, width: number, chunks: number, g: DeviceGrid, vec4: boolean): string {
  const q = width / 4;
  return `function (idx, start, A, C) {
  ${divmod('i', 'q', 'this.thread.x', q)}
  ${fetch('a', 'A', 'i', vec4, 3)}
  let skip = 4 * q;
  let got = 0;
  let e0 = -1;
  let e1 = -1;
  let e2 = -1;
  let e3 = -1;
  for (let slot = 0; slot < ${27 * chunks}; slot++) {
    if (got < 4) {
      ${fetch('t', 'C', `slot * ${n} + i`, vec4)}
      if (t3 <= skip) {
        skip -= t3;
      } else {
        ${divmod('s', 'h', 'slot', chunks)}${STENCIL('s')}${STENCIL_CELL(g)}
        const first = start[cell] + ${CHUNK} * h;
        let left = t3;
        let word = t0;
        for (let k = 0; k < ${CHUNK}; k++) {
          if (k == 24) word = t1;
          if (k == 48) word = t2;
          const half = Math.floor(word / 2);
          const marked = word - 2 * half > 0.5;
          word = half;
          if (marked) {
            left -= 1;
            if (skip > 0) {
              skip -= 1;
            } else {
              const code = 27 * idx[first + k] + s;
              if (got == 0) {
                e0 = code;
              } else if (got == 1) {
                e1 = code;
              } else if (got == 2) {
                e2 = code;
              } else {
                e3 = code;
              }
              got += 1;
            }
          }
          if (got >= 4 || left < 0.5) break;
        }
      }
    }
  }
  return [e0, e1, e2, e3];
}`;
}
