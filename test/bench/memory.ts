/**
 * Memory per atom, for `npm run bench` (the cpu force field at N = 32000) and
 * `npm run bench:scaling` (the backend being scaled, at every N).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { computeForces, createForceField } from '../../sim/forces.js';
import { pairCount } from '../../sim/neighbor.js';
import type { State } from '../../sim/state.js';

export interface MemoryResult {
  N: number;
  /** Bytes per atom, see measureMemory. */
  rss_per_atom: number;
  heap_plus_array_buffers_per_atom: number;
  typed_arrays_per_atom: number;
  listed_pairs_per_atom: number;
}

/** The garbage collector, exposed at run time so that the benches need no node flags. */
export function garbageCollector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * A full GC, then another once the event loop has turned: V8 gives back the pages of a shared
 * WebAssembly memory (the kernels' and neighbour lists' memories) only then.
 */
export async function collectGarbage(gc: () => void): Promise<void> {
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

/**
 * Memory per atom of a KA system of n atoms (made by `sample`) with its cpu force field and a
 * built neighbour list, three ways: the change of the resident set size, the change of V8 heap
 * used + ArrayBuffer memory (typed arrays live there), both after a full GC, before and after
 * building; and the bytes of the typed arrays that the state and the neighbour list hold (exact,
 * no allocator overhead).
 */
export function measureMemory(n: number, sample: () => State): MemoryResult {
  const gc = garbageCollector();
  const used = (m: NodeJS.MemoryUsage) => m.heapUsed + m.arrayBuffers;
  gc();
  const before = process.memoryUsage();
  const state = sample();
  const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
  computeForces(state, ff);
  gc();
  const after = process.memoryUsage();
  const nl = ff.nlist;
  // The list itself (start, wrapStart, end, rowOrder, neigh) lives in the WebAssembly memory.
  const arrays = [state.x, state.v, state.f, state.image, state.type, state.id, nl.xBuild,
    nl.cells.cellOf, nl.cells.cellAtoms, nl.cells.cellStart];
  return {
    N: n,
    rss_per_atom: (after.rss - before.rss) / n,
    heap_plus_array_buffers_per_atom: (used(after) - used(before)) / n,
    typed_arrays_per_atom: (arrays.reduce((s, a) => s + a.byteLength, 0) + (nl.memory?.bytes ?? 0)) / n,
    listed_pairs_per_atom: pairCount(nl) / n,
  };
}

export function printMemory(m: MemoryResult, say: (line: string) => void): void {
  say(`\nbetascape memory at N = ${m.N} (KA state + cpu force field + built neighbour list), bytes per atom:`);
  say(`  typed arrays and WebAssembly memory held (state, list, cell scratch):          ${m.typed_arrays_per_atom.toFixed(1)}`);
  say(`  change of V8 heapUsed + arrayBuffers, after full GC:                          ${m.heap_plus_array_buffers_per_atom.toFixed(1)}`);
  say(`  change of process RSS:                                                         ${m.rss_per_atom.toFixed(1)}`);
  say(`  (half list: ${m.listed_pairs_per_atom.toFixed(1)} listed pairs per atom at cut-off + skin)`);
}
