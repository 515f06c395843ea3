/**
 * The LDLᵀ factorisation (sim/wasm/assembly/ldlt.ts) on a memory of its own, re-laid out when the
 * matrix grows: for the region Hessians of Vineyard's attempt frequencies (sim/linalg.ts).
 */
import { KernelInstance } from './kernels.js';

const f64 = (length: number): ['f64', number] => ['f64', length];
const specs = (n: number) => ({ a: f64(n * n), d: f64(n), w: f64(n) });

let kernel: KernelInstance | undefined;

/**
 * a = L diag(d) Lᵀ for the symmetric n×n `a` (row-major, lower triangle read, not changed):
 * L (unit lower, row-major, the strict lower triangle meaningful) and d, or null when a pivot has
 * |d_i| <= tiny.
 */
export function ldltFactor(a: Float64Array, n: number, tiny: number): { L: Float64Array; d: Float64Array } | null {
  kernel ??= new KernelInstance();
  const m = kernel.layout(specs(n), {}, {});
  m.a.view.set(a.subarray(0, n * n));
  const negative = kernel.exports.ldltFactor(m.a.ptr, m.d.ptr, m.w.ptr, n, tiny);
  return negative < 0 ? null : { L: m.a.view.slice(), d: m.d.view.slice() };
}
