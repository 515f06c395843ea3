/**
 * The compiled WebAssembly kernels (sim/wasm/build.mjs builds them into one module) and memory for
 * their arrays. The module imports a shared memory (it may be one that several threads run
 * instances on: the threads backend's); an instance has a memory of its own unless given one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { REPO_ROOT } from '../repo-root.js';
import type { PairView } from '../potentials/pair-view.js';

const SOURCE_DIR = new URL('sim/wasm/assembly/', REPO_ROOT);
const WASM = new URL('sim/wasm/build/kernels.wasm', REPO_ROOT);
const STAMP = new URL('sim/wasm/build/kernels.wasm.hash', REPO_ROOT);

let compiled: WebAssembly.Module | undefined;

/** The compiled module; a clear error when it is missing or older than its sources. */
function kernelModule(): WebAssembly.Module {
  if (compiled) return compiled;
  // The stamp starts with the SHA-256 over the sources (path, then text, in path order).
  const hash = createHash('sha256');
  for (const file of readdirSync(SOURCE_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(file).update(readFileSync(new URL(file, SOURCE_DIR)));
  }
  if (!existsSync(WASM) || !existsSync(STAMP) || readFileSync(STAMP, 'utf8').split('\n')[0] !== hash.digest('hex')) {
    throw new InputError(`the WebAssembly kernels ${fileURLToPath(WASM)} are missing or older than their sources: run \`npm run build\``);
  }
  compiled = new WebAssembly.Module(readFileSync(WASM));
  return compiled;
}

/** An array of a layout: element type and length. */
export type ArraySpec = ['f64', number] | ['i32', number];
type Specs = Record<string, ArraySpec>;

/** One array of a layout: its byte offset in the kernel's memory and a view on it. */
export interface Region<T> {
  ptr: number;
  view: T;
}

export type Layout<S extends Specs> = {
  [K in keyof S]: Region<S[K][0] extends 'f64' ? Float64Array : Int32Array>;
};

const PAGE = 65536;

/** All exported kernels take byte offsets and numbers. */
type Kernel = (...args: (number | boolean)[]) => number;

/**
 * An instance of the kernels with its own memory. `layout` places arrays one after another
 * (16-byte aligned, from byte 16 on so that no array sits at 0), then two more groups of arrays
 * both from the same offset (groups never in use at the same time share bytes), growing the
 * memory when needed. Views of an earlier layout are invalid after a later one.
 */
export class KernelInstance {
  readonly exports: Record<'ljForces' | 'ljForcesEnergy' | 'searchCells' | 'eamDensities' | 'eamForces' | 'eamForcesEnergy' | 'pairHistogram' | 'ldltFactor', Kernel>;

  /** An instance on `memory` (placed by the caller: arrays are then its views, pointers their byteOffset), or on a memory of its own. */
  constructor(readonly memory: WebAssembly.Memory = newKernelMemory()) {
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(kernelModule(), { env: { memory: this.memory, abort: kernelAbort } });
    } catch (e) {
      // A module built with other flags (e.g. before its memory became shared).
      if (e instanceof WebAssembly.LinkError) throw new InputError(`the WebAssembly kernels ${fileURLToPath(WASM)} were built with other flags: run \`npm run build\``);
      throw e;
    }
    this.exports = instance.exports as unknown as KernelInstance['exports'];
  }

  /** Bytes of linear memory held. */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  layout<S extends Specs, A extends Specs, B extends Specs>(arrays: S, first: A, second: B): Layout<S> & Layout<A> & Layout<B> {
    const places: [string, ArraySpec, number][] = [];
    const place = (group: Specs, from: number): number => {
      let top = from;
      for (const [key, spec] of Object.entries(group)) {
        places.push([key, spec, top]);
        top += Math.ceil((spec[1] * (spec[0] === 'f64' ? 8 : 4)) / 16) * 16;
      }
      return top;
    };
    const base = place(arrays, 16);
    const top = Math.max(place(first, base), place(second, base));
    const have = this.memory.buffer.byteLength;
    if (top > have) this.memory.grow(Math.ceil((top - have) / PAGE));
    const out: Record<string, Region<Float64Array | Int32Array>> = {};
    for (const [key, [kind, length], ptr] of places) {
      out[key] = { ptr, view: kind === 'f64' ? new Float64Array(this.memory.buffer, ptr, length) : new Int32Array(this.memory.buffer, ptr, length) };
    }
    return out as Layout<S> & Layout<A> & Layout<B>;
  }
}

/** Memory the kernels can run on: shared (it can be posted to worker threads), growable to 4 GiB. */
export function newKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
}

/** The module's declared maximum (sim/wasm/build.mjs: --maximumMemory). */
const MAX_PAGES = 65536;

function kernelAbort(): never {
  throw new Error('a WebAssembly kernel aborted');
}

/** Where a kernel memory holds a neighbour list (the same names as in PairView). */
export interface ListRegions {
  start: Region<Int32Array>;
  wrapStart: Region<Int32Array>;
  end: Region<Int32Array>;
  rowOrder: Region<Int32Array>;
  neigh: Region<Int32Array>;
}

/**
 * Keeps a copy of a PairView's list in kernel memory: `update` copies the n rows and neigh when
 * the list arrays or the caller's `version` (anything that changes with their content, or with
 * the kernel memory's layout) differ from the last copy.
 */
export class ListCopy {
  private from: unknown[] = [];

  update(v: PairView, version: readonly unknown[], to: ListRegions, n: number): void {
    const from = [v.start, v.wrapStart, v.end, v.neigh, v.rowOrder, ...version];
    if (from.length === this.from.length && from.every((a, k) => a === this.from[k])) return;
    this.from = from;
    to.start.view.set(v.start.subarray(0, n));
    to.wrapStart.view.set(v.wrapStart.subarray(0, n));
    to.end.view.set(v.end.subarray(0, n));
    to.rowOrder.view.set(v.rowOrder.subarray(0, n));
    to.neigh.view.set(v.neigh);
  }
}
