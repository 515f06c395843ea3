/**
 * The device of the resident MD path: one gpu.js instance whose kernel outputs stay where the
 * kernels ran (`pipeline: true, immutable: true`): textures on GL, plain arrays in webasm and cpu
 * modes (where there is no device memory, gpu.js hands the arrays over as they are). A buffer is
 * released when the engine replaces it. Every byte that crosses between host and device is counted:
 * array and Input arguments and scalar arguments (uniforms on GL) going up, read-backs coming down.
 */
import { GPU, Input, type IKernelRunShortcut, type Texture } from 'gpu.js';
import { InputError } from '../errors.js';
import type { Transfers } from '../backends/backend.js';
import { describeGpuKernel } from '../backends/gl-renderer.js';

/** gpu.js modes: `gpu` lets gpu.js choose (GL when a context opens, else webasm). */
export const RESIDENT_MODES = ['gpu', 'headlessgl', 'webasm', 'cpu'] as const;
export type ResidentMode = (typeof RESIDENT_MODES)[number];

/** A kernel output kept on the device: a texture on GL, the gpu.js result array elsewhere. */
export type Buffer = Texture | Float32Array | Float32Array[];
type Arg = Buffer | Input | number;


/** Kernel output: `length` texels of 4 floats (`vec4`) or of one float. */
export interface OutputShape {
  length: number;
  vec4: boolean;
  constants?: Record<string, number[]>;
}

export class ResidentDevice {
  private readonly gpu: GPU;
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  private readonly resident = new WeakSet<object>();
  private ran: { kernel: string; fallback: string | null } | null = null;
  readonly transfers: Transfers = { up: 0, down: 0, reads: 0 };

  constructor(readonly mode: ResidentMode) {
    if (!RESIDENT_MODES.includes(mode)) throw new InputError(`gpu-resident: mode must be one of ${RESIDENT_MODES.join(', ')}, got '${mode}'`);
    try {
      this.gpu = new GPU({ mode });
    } catch (e) {
      throw new InputError(`gpu-resident: gpu.js mode '${mode}' does not open here (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
  }

  /** GL kernels read a texel whole (`const t = a[i]; t[0]`); the others only `a[i][0]` (docs/gpu.md). */
  get vec4(): boolean {
    return this.gpu.Kernel.name === 'HeadlessGLKernel';
  }

  /** The gpu.js kernel class that really ran, e.g. "gpu.js headlessgl (Mesa llvmpipe)". */
  describe(): string {
    return describeGpuKernel(this.ran, this.gpu.Kernel.name);
  }

  /** Runs `source` over `out.length` threads; the result stays on the device. */
  run(source: string, out: OutputShape, args: Arg[]): Buffer {
    const settings = { output: [out.length], returnType: out.vec4 ? 'Array(4)' : 'Number', constants: out.constants };
    // gpu.js fixes argument sizes at the first call: one kernel per source, output and argument sizes.
    const id = `${out.length}|${out.vec4}|${args.map(argSize).join(',')}|${JSON.stringify(out.constants ?? {})}|${source}`;
    let kernel = this.kernels.get(id);
    if (!kernel) {
      kernel = this.gpu.createKernel(source, {
        ...settings, precision: 'single', tactic: 'precision', pipeline: true, immutable: true, dynamicArguments: false, loopMaxIterations: 1 << 14,
      } as never);
      this.kernels.set(id, kernel);
    }
    for (const a of args) this.transfers.up += this.uploadBytes(a);
    const result = (kernel as unknown as (...a: Arg[]) => Buffer)(...args);
    if (!this.ran) {
      const inner = (kernel as unknown as { kernel: { constructor: { name: string }; fallbackReason?: string | null } }).kernel;
      this.ran = { kernel: inner.constructor.name, fallback: inner.fallbackReason ?? null };
    }
    this.resident.add(result as object);
    return result;
  }

  /** `count` texels of 4 floats from the host, (x, y, z, w) per texel. */
  upload4(flat: Float32Array, count: number): Buffer {
    const a = new Input(flat as unknown as number[], [4, count]);
    return this.run('function (a) { const i = this.thread.x; return [a[i][0], a[i][1], a[i][2], a[i][3]]; }', { length: count, vec4: true }, [a]);
  }

  /** The first `count` texels of a buffer on the host, 4 floats each (`vec4`) or 1. */
  read(buf: Buffer, count: number, vec4: boolean): Float32Array {
    const width = vec4 ? 4 : 1;
    const out = new Float32Array(width * count);
    const raw = (buf as { renderRawOutput?: () => Float32Array }).renderRawOutput;
    this.transfers.reads++;
    if (raw) {
      // GL textures hold 4 floats a texel, one-float outputs in the first channel.
      const all = raw.call(buf);
      this.transfers.down += all.byteLength;
      for (let k = 0; k < count; k++) for (let c = 0; c < width; c++) out[width * k + c] = all[4 * k + c];
      return out;
    }
    this.transfers.down += out.byteLength;
    if (!vec4) return out.set((buf as Float32Array).subarray(0, count)), out;
    const rows = buf as Float32Array[];
    for (let k = 0; k < count; k++) out.set(rows[k].subarray(0, 4), 4 * k);
    return out;
  }

  /** Frees a buffer's device memory (textures; arrays are left to the garbage collector). */
  release(buf: Buffer | undefined): void {
    const t = buf as { delete?: () => void } | undefined;
    if (t?.delete) t.delete();
  }

  private uploadBytes(a: Arg): number {
    if (typeof a === 'number') return 4;
    if (this.resident.has(a as object)) return 0;
    if (a instanceof Input) return 4 * (a.value as unknown as Float32Array).length;
    return (a as Float32Array).byteLength ?? 0;
  }

  dispose(): void {
    for (const k of this.kernels.values()) k.destroy();
    this.kernels.clear();
    this.gpu.destroy();
  }
}

/** An argument's size as gpu.js sees it (texels of a texture or array, elements of an input), or 's' for a scalar. */
function argSize(a: Arg): string {
  if (typeof a === 'number') return 's';
  const out = (a as { output?: number[] }).output;
  if (out) return out.join('x');
  if (a instanceof Input) return (a.size as number[]).join('x');
  return String((a as Float32Array).length);
}
