/**
 * The compiled WebAssembly kernels (see sim/wasm/build.ts): loading, and memory for their arrays.
 * A kernel runs on one thread with a memory of its own; callers copy their arrays in and out.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';

const SOURCE_DIR = new URL('./assembly/', import.meta.url);
const BUILD_DIR = new URL('./build/', import.meta.url);

const modules = new Map<string, WebAssembly.Module>();

/** The compiled module of sim/wasm/assembly/<name>.ts; a clear error when it is missing or stale. */
function kernelModule(name: string): WebAssembly.Module {
  let module = modules.get(name);
  if (module) return module;
  const wasm = new URL(`${name}.wasm`, BUILD_DIR), stamp = new URL(`${name}.wasm.hash`, BUILD_DIR);
  // The stamp starts with the SHA-256 of the source it was compiled from.
  const hash = createHash('sha256').update(readFileSync(new URL(`${name}.ts`, SOURCE_DIR))).digest('hex');
  if (!existsSync(wasm) || !existsSync(stamp) || readFileSync(stamp, 'utf8').split('\n')[0] !== hash) {
    throw new InputError(`the WebAssembly kernel ${fileURLToPath(wasm)} is missing or older than its source: run \`npm run build\``);
  }
  module = new WebAssembly.Module(readFileSync(wasm));
  modules.set(name, module);
  return module;
}

/** An array of a layout: element type and length. */
export type ArraySpec = ['f64' | 'i32', number];

/** One array of a layout: its byte offset in the kernel's memory and a view on it. */
export interface Region<T> {
  ptr: number;
  view: T;
}

export type Layout<S extends Record<string, ArraySpec>> = {
  [K in keyof S]: Region<S[K][0] extends 'f64' ? Float64Array : Int32Array>;
};

const PAGE = 65536;

/**
 * An instance of a kernel with its own memory. `layout` places arrays one after another (16-byte
 * aligned, from byte 16 on so that no array sits at 0), growing the memory when needed; views from
 * an earlier layout are invalid after a later one.
 */
export class KernelInstance {
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  readonly exports: Record<string, Function>;

  constructor(name: string) {
    const instance = new WebAssembly.Instance(kernelModule(name), { env: { memory: this.memory, abort: kernelAbort } });
    this.exports = instance.exports as Record<string, Function>;
  }

  layout<S extends Record<string, ArraySpec>>(arrays: S): Layout<S> {
    let top = 16;
    const places: [string, ArraySpec, number][] = [];
    for (const [key, spec] of Object.entries(arrays)) {
      places.push([key, spec, top]);
      top += Math.ceil((spec[1] * (spec[0] === 'f64' ? 8 : 4)) / 16) * 16;
    }
    const have = this.memory.buffer.byteLength;
    if (top > have) this.memory.grow(Math.ceil((top - have) / PAGE));
    const out: Record<string, Region<Float64Array | Int32Array>> = {};
    for (const [key, [kind, length], ptr] of places) {
      out[key] = { ptr, view: kind === 'f64' ? new Float64Array(this.memory.buffer, ptr, length) : new Int32Array(this.memory.buffer, ptr, length) };
    }
    return out as Layout<S>;
  }
}

function kernelAbort(): never {
  throw new Error('a WebAssembly kernel aborted');
}
