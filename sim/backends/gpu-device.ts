/**
 * The device side of the gpu backend: one gpu.js instance, its kernels (compiled per source and
 * output shape), the device copy of the current full neighbour list (gpu-list.ts), and the
 * reduction of per-atom kernel outputs on the host in f64. The potentials that run on it are
 * gpu-lj.ts and gpu-eam.ts (registered in sim/potentials/registry.ts).
 */
import { GPU, Input, type IKernelRunShortcut, type Texture } from 'gpu.js';
import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import type { ComputeFlags, ForceOutput } from '../potentials/potential.js';
import { boxChange, packDisplacements, repackFullList, type FullList } from './gpu-list.js';
import type { KernelShape } from './gpu-kernels.js';
import type { Transfers } from './backend.js';
import { describeGpuKernel } from './gl-renderer.js';

/** gpu.js modes: `gpu` lets gpu.js choose (GL when a context opens, else webasm). */
export const GPU_MODES = ['gpu', 'headlessgl', 'webasm', 'cpu'] as const;
export type GpuMode = (typeof GPU_MODES)[number];

type KernelArg = Input | Texture | Float32Array | number;

/**
 * One gpu.js instance, its kernels (compiled per source and output shape) and the device copy
 * of the current full list.
 */
export class GpuDevice {
  private readonly gpu: GPU;
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  /** Class name of the gpu.js kernel that really ran, and gpu.js's reason if it fell back. */
  private ran: { kernel: string; fallback: string | null } | null = null;
  list: FullList | null = null;
  /** The list as kernel arguments: textures on GL, 2-D inputs elsewhere. */
  nb: KernelArg = 0;
  img: KernelArg = 0;
  u = new Float32Array(0);
  readonly dh = new Float32Array(6);
  /** Host↔device bytes: array, Input and scalar arguments up (textures stay), outputs read back down. */
  readonly transfers: Transfers = { up: 0, down: 0, reads: 0 };

  constructor(readonly mode: GpuMode) {
    this.gpu = new GPU({ mode });
  }

  get isGL(): boolean {
    return this.gpu.Kernel.name === 'HeadlessGLKernel';
  }

  describe(): string {
    return describeGpuKernel(this.ran, this.gpu.Kernel.name);
  }

  /** Repacks the full list after a host build and moves it to the device; packs u. */
  sync(state: State, nlist: NeighborList): KernelShape {
    const n = state.n;
    if (!this.list || this.list.build !== nlist.builds || this.list.n !== n) {
      const width = this.list?.width;
      this.list = repackFullList(nlist, n, this.list);
      if (width !== this.list.width || this.u.length !== 4 * n) this.clearKernels();
      const { width: w, fold, rows, entries, image } = this.list;
      const nbIn = input2d(entries, 4 * w * fold, rows), imgIn = input2d(image, w * fold, rows);
      // On GL copy kernels turn the list into textures (4-float texels for the entries) that stay
      // on the device until the next build.
      this.nb = this.isGL ? this.run('copy-nb', COPY4_LIST, [w * fold, rows], [nbIn], { pipeline: true, returnType: 'Array(4)' }) as Texture : nbIn;
      this.img = this.isGL ? this.run('copy-img', COPY, [w * fold, rows], [imgIn], { pipeline: true }) as Texture : imgIn;
    }
    if (this.u.length !== 4 * n) this.u = new Float32Array(4 * n);
    packDisplacements(state.x, state.type, this.list, this.u);
    const { width, fold } = this.list;
    return { n, width, fold, vec4: this.isGL };
  }

  /** Common leading arguments of every force kernel. */
  listArgs(state: State): KernelArg[] {
    const list = this.list!;
    const moved = boxChange(state.box, list.box, this.dh) ? 1 : 0;
    const uIn = input2d(this.u, 4, list.n);
    const u = this.isGL ? this.run('copy-u', COPY4_ATOMS, [list.n], [uIn], { pipeline: true, returnType: 'Array(4)' }) as Texture : uIn;
    return [this.nb, this.img, u, this.dh, moved];
  }

  /**
   * Runs a per-atom kernel returning 4 numbers, over `rows` output rows; returns them flat,
   * (row y, atom i, c) at 4 (y n + i) + c.
   */
  run4(key: string, source: string, n: number, rows: number, args: KernelArg[]): Float32Array {
    const output = [rows * n];
    if (this.isGL) {
      const tex = this.run(key, source, output, args, { pipeline: true, returnType: 'Array(4)' }) as Texture & { renderRawOutput(): Float32Array };
      return this.readBack(tex.renderRawOutput());
    }
    const res = this.run(key, source, output, args, { returnType: 'Array(4)' }) as Float32Array[];
    const flat = new Float32Array(4 * n * rows);
    for (let i = 0; i < rows * n; i++) flat.set(res[i].subarray(0, 4), 4 * i);
    return this.readBack(flat);
  }

  /** Runs a per-atom kernel returning one number. */
  run1(key: string, source: string, n: number, args: KernelArg[]): Float32Array {
    return this.readBack(this.run(key, source, [n], args, {}) as Float32Array);
  }

  private readBack(a: Float32Array): Float32Array {
    this.transfers.down += a.byteLength;
    this.transfers.reads++;
    return a;
  }

  private run(key: string, source: string, output: number[], args: KernelArg[], settings: object): unknown {
    const id = `${key}:${output.join('x')}`;
    let kernel = this.kernels.get(id);
    if (!kernel) {
      kernel = this.gpu.createKernel(source, {
        output, precision: 'single', tactic: 'precision', loopMaxIterations: 1 << 14, dynamicArguments: false, ...settings,
      } as never);
      this.kernels.set(id, kernel);
    }
    for (const a of args) {
      if (typeof a === 'number') this.transfers.up += 4;
      else if (a instanceof Input) this.transfers.up += 4 * (a.value as unknown as Float32Array).length;
      else if (a instanceof Float32Array) this.transfers.up += a.byteLength;
    }
    const result = (kernel as unknown as (...a: KernelArg[]) => unknown)(...args);
    if (!this.ran) {
      const inner = (kernel as unknown as { kernel: { constructor: { name: string }; fallbackReason?: string | null } }).kernel;
      this.ran = { kernel: inner.constructor.name, fallback: inner.fallbackReason ?? null };
    }
    return result;
  }

  private clearKernels(): void {
    for (const k of this.kernels.values()) k.destroy();
    this.kernels.clear();
  }

  dispose(): void {
    this.clearKernels();
    this.gpu.destroy();
  }
}

/** A typed array as a 2-D kernel argument (gpu.js's typings only name number[]). */
const input2d = (a: Float32Array, x: number, y: number) => new Input(a as unknown as number[], [x, y]);

const COPY = 'function (a) { return a[this.thread.y][this.thread.x]; }';
/** Four consecutive floats into one texel: per atom for u (a[i][c]), per list entry for the list. */
const COPY4_ATOMS = 'function (a) { return [a[this.thread.x][0], a[this.thread.x][1], a[this.thread.x][2], a[this.thread.x][3]]; }';
const COPY4_LIST = `function (a) {
  const x = 4 * this.thread.x;
  return [a[this.thread.y][x], a[this.thread.y][x + 1], a[this.thread.y][x + 2], a[this.thread.y][x + 3]];
}`;

/**
 * Per-atom outputs to host arrays: forces (row 0, c 0..2) into state.f, and, with energy and
 * virial, the f64 sums of per-atom energies (row 0, c 3) and virials (rows 1, 2) into `out`,
 * and the per-atom values into the arrays the flags ask for (energies added, virials written).
 */
export function reduce(state: State, a: Float32Array, flags: ComputeFlags, out: ForceOutput): void {
  const { n, f } = state;
  for (let i = 0; i < n; i++) {
    f[3 * i] = a[4 * i];
    f[3 * i + 1] = a[4 * i + 1];
    f[3 * i + 2] = a[4 * i + 2];
  }
  if (!flags.energyVirial) return;
  const pe = flags.perAtomEnergy ?? null, vatom = flags.perAtomVirial ?? null;
  let e = 0, xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
  const r1 = 4 * n, r2 = 8 * n;
  for (let i = 0; i < n; i++) {
    const ei = a[4 * i + 3];
    e += ei;
    if (pe) pe[i] += ei;
    xx += a[r1 + 4 * i]; yy += a[r1 + 4 * i + 1]; zz += a[r1 + 4 * i + 2]; xy += a[r1 + 4 * i + 3];
    xz += a[r2 + 4 * i]; yz += a[r2 + 4 * i + 1];
    if (vatom) vatom.set([a[r1 + 4 * i], a[r1 + 4 * i + 1], a[r1 + 4 * i + 2], a[r1 + 4 * i + 3], a[r2 + 4 * i], a[r2 + 4 * i + 1]], 6 * i);
  }
  out.energy += e;
  out.virial.set([xx, yy, zz, xy, xz, yz]);
}
