/**
 * The `gpu` backend: Lennard-Jones and EAM forces in gpu.js kernels (f32), one thread per atom
 * over a padded full neighbour list repacked from the host half list at every build
 * (gpu-list.ts). Positions go to the device as f32 displacements since the last build, master
 * positions stay f64 on the host, and energies and virials are summed in f64 on the host from
 * per-atom f32 values. EAM runs density pass, embedding (on the host, f64, LAMMPS semantics
 * through EAM.embedding) and force pass.
 *
 * gpu.js picks its backend silently; `detail` says which one really ran (docs/gpu.md). On GL
 * the neighbour list lives in device textures between builds and outputs are read back raw.
 */
import { existsSync } from 'node:fs';
import { GPU, Input, type IKernelRunShortcut, type Texture } from 'gpu.js';
import { InputError } from '../errors.js';
import type { State } from '../state.js';
import type { NeighborList } from '../neighbor.js';
import type { ComputeFlags, ForceOutput, Potential } from '../potentials/potential.js';
import { LennardJones } from '../potentials/lj.js';
import { loadEam, type EAM } from '../potentials/eam.js';
import type { Backend, BackendOptions, PotentialSpec } from './backend.js';
import { boxChange, packDisplacements, repackFullList, type FullList } from './gpu-list.js';
import { eamDensitySource, eamForceSource, ljKernelSource, type KernelShape } from './gpu-kernels.js';
import { eamDeviceTables, type EamDeviceTables } from './gpu-eam-tables.js';

/** gpu.js modes: `gpu` lets gpu.js choose (GL when a context opens, else webasm). */
export const GPU_MODES = ['gpu', 'headlessgl', 'webasm', 'cpu'] as const;
export type GpuMode = (typeof GPU_MODES)[number];

export async function createGpuBackend(spec: PotentialSpec, opts: BackendOptions & { mode?: string }): Promise<Backend> {
  const mode = (opts.mode ?? 'gpu') as GpuMode;
  if (!GPU_MODES.includes(mode)) throw new InputError(`--gpu-mode must be one of ${GPU_MODES.join(', ')}, got '${opts.mode}'`);
  const device = new GpuDevice(mode);
  const potential = spec.kind === 'lj'
    ? new GpuLennardJones(new LennardJones(spec.model), device)
    : new GpuEam(loadEam(spec.file, spec.elements, spec.style), device);
  return {
    name: 'gpu',
    get detail() { return device.describe(); },
    potential,
    dispose: () => device.dispose(),
  };
}

type KernelArg = Input | Texture | Float32Array | number;

/**
 * One gpu.js instance, its kernels (compiled per source and output shape) and the device copy
 * of the current full list.
 */
class GpuDevice {
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

  constructor(readonly mode: GpuMode) {
    this.gpu = new GPU({ mode });
  }

  get isGL(): boolean {
    return this.gpu.Kernel.name === 'HeadlessGLKernel';
  }

  describe(): string {
    const kernel = this.ran?.kernel ?? this.gpu.Kernel.name;
    const name = ({ HeadlessGLKernel: 'headlessgl', WebAssemblyKernel: 'webasm', CPUKernel: 'cpu' } as Record<string, string>)[kernel] ?? kernel;
    const renderer = name === 'headlessgl' ? ` (${glRenderer()})` : '';
    const fallback = this.ran?.fallback ? `, fell back: ${this.ran.fallback}` : '';
    return `gpu.js ${name}${renderer}${fallback}`;
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
      return tex.renderRawOutput();
    }
    const res = this.run(key, source, output, args, { returnType: 'Array(4)' }) as Float32Array[];
    const flat = new Float32Array(4 * n * rows);
    for (let i = 0; i < rows * n; i++) flat.set(res[i].subarray(0, 4), 4 * i);
    return flat;
  }

  /** Runs a per-atom kernel returning one number. */
  run1(key: string, source: string, n: number, args: KernelArg[]): Float32Array {
    return this.run(key, source, [n], args, {}) as Float32Array;
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
 * What renders the GL context. headless-gl reports only "ANGLE" (no renderer extension), so this
 * is inferred: without a DRI device, Mesa can only render in software (llvmpipe).
 */
function glRenderer(): string {
  return existsSync('/dev/dri') ? 'ANGLE, hardware GL' : 'Mesa llvmpipe';
}

/**
 * Per-atom outputs to host arrays: forces (row 0, c 0..2) into state.f, and, with energy and
 * virial, the f64 sums of per-atom energies (row 0, c 3) and virials (rows 1, 2). Returns the energy.
 */
function reduce(state: State, a: Float32Array, flags: ComputeFlags, out: ForceOutput, peAtom: Float64Array | null): void {
  const { n, f } = state;
  for (let i = 0; i < n; i++) {
    f[3 * i] = a[4 * i];
    f[3 * i + 1] = a[4 * i + 1];
    f[3 * i + 2] = a[4 * i + 2];
  }
  if (!flags.energyVirial) return;
  let e = 0, xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
  const r1 = 4 * n, r2 = 8 * n;
  for (let i = 0; i < n; i++) {
    const ei = a[4 * i + 3];
    e += ei;
    if (peAtom) peAtom[i] += ei;
    xx += a[r1 + 4 * i]; yy += a[r1 + 4 * i + 1]; zz += a[r1 + 4 * i + 2]; xy += a[r1 + 4 * i + 3];
    xz += a[r2 + 4 * i]; yz += a[r2 + 4 * i + 1];
  }
  out.energy += e;
  out.virial.set([xx, yy, zz, xy, xz, yz]);
}

class GpuLennardJones implements Potential {
  readonly name: string;
  readonly ntypes: number;
  /** Per species pair 8 floats: cutsq, lj1, lj2, lj3, lj4, offset, 0, 0 (LennardJones's tables). */
  private readonly prm: Float32Array;

  constructor(private readonly lj: LennardJones, private readonly device: GpuDevice) {
    this.name = `${lj.name} (gpu)`;
    const nt = (this.ntypes = lj.ntypes);
    this.prm = new Float32Array(8 * nt * nt);
    for (let i = 0; i < nt; i++) {
      for (let j = 0; j < nt; j++) {
        const { epsilon: eps, sigma: sig, cutoff: rc } = lj.model.pairs[i][j];
        const s6 = sig ** 6, sr6 = (sig / rc) ** 6;
        this.prm.set([rc * rc, 48 * eps * s6 * s6, 24 * eps * s6, 4 * eps * s6 * s6, 4 * eps * s6, lj.model.shift ? 4 * eps * (sr6 * sr6 - sr6) : 0], 8 * (i * nt + j));
      }
    }
  }

  cutoff(ti: number, tj: number): number {
    return this.lj.cutoff(ti, tj);
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    const d = this.device;
    const shape = d.sync(state, nlist);
    const ev = flags.energyVirial;
    const src = ljKernelSource(this.ntypes, shape, ev);
    const a = d.run4(ev ? 'lj-ev' : 'lj', src, state.n, ev ? 3 : 1, [...d.listArgs(state), this.prm]);
    const peAtom = flags.perAtomEnergy ?? null;
    if (ev) {
      out.energy = 0;
      peAtom?.fill(0);
    }
    reduce(state, a, flags, out, peAtom);
  }
}

class GpuEam implements Potential {
  readonly name: string;
  readonly ntypes: number;
  private readonly tables: EamDeviceTables;
  private fp = new Float32Array(0);

  constructor(private readonly eam: EAM, private readonly device: GpuDevice) {
    this.name = `${eam.name} (gpu)`;
    this.ntypes = eam.ntypes;
    this.tables = eamDeviceTables(eam.file, eam.elements.map((e) => eam.file.elements.indexOf(e)));
  }

  cutoff(): number {
    return this.eam.cutoff();
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    const d = this.device;
    const shape = d.sync(state, nlist);
    const { ntypes, nr, dens, pair, cutforcesq, rdr } = this.tables;
    const n = state.n;
    const args = d.listArgs(state);
    const rho = d.run1('eam-rho', eamDensitySource(ntypes, nr, shape), n, [...args, dens, cutforcesq, rdr]);
    // Embedding F(rho), F'(rho) on the host in f64, exactly as the cpu EAM.
    if (this.fp.length !== n) this.fp = new Float32Array(n);
    const peAtom = flags.perAtomEnergy ?? null;
    peAtom?.fill(0);
    let embedding = 0;
    for (let i = 0; i < n; i++) {
      const [F, fpi] = this.eam.embedding(state.type[i], rho[i]);
      this.fp[i] = fpi;
      embedding += F;
      if (peAtom) peAtom[i] = F;
    }
    const ev = flags.energyVirial;
    const a = d.run4(ev ? 'eam-f-ev' : 'eam-f', eamForceSource(ntypes, nr, shape, ev), n, ev ? 3 : 1, [...args, pair, this.fp, cutforcesq, rdr]);
    if (ev) out.energy = embedding;
    reduce(state, a, flags, out, ev ? peAtom : null);
  }
}
