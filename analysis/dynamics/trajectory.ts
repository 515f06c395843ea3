/**
 * A trajectory for single-particle dynamics: the unwrapped positions of every atom in every frame
 * of a LAMMPS text dump, atoms in id order, and the frames' times.
 *
 * Unwrapping: with image flags (x y z or xs ys zs with ix iy iz) or unwrapped columns (xu yu zu,
 * xsu ysu zsu) the positions are exact. Without them, each atom's displacement between
 * consecutive frames is taken as its minimum image and summed, which is right only while no atom
 * moves half a box width between frames (dump often enough); a step longer than a quarter of the
 * box's smallest perpendicular width is refused as too likely to be a different image.
 */
import { InputError } from '../../sim/errors.js';
import type { Box } from '../../sim/box.js';
import { minimumImage, perpendicularWidths } from '../../sim/box.js';
import { frameToState, parseLammpsDumpFile, type DumpFrame } from '../../sim/io/lammps-dump.js';
import { orderById, type State } from '../../sim/state.js';
import { histogramInput } from '../structure/rdf.js';
import type { PairHistogramInput } from '../structure/pair-histogram.js';

export interface Trajectory {
  file: string;
  /** Time of each frame: its `ITEM: TIME`, or timestep × dt. Evenly spaced. */
  time: Float64Array;
  /** Type of each atom, 0-based, atoms in id order. */
  type: Int32Array;
  ntypes: number;
  /** Unwrapped positions (x, y, z per atom, id order), one array per frame. */
  positions: Float64Array[];
  unwrap: 'image-flags' | 'minimum-image';
  /** Up to `sampleFrames` evenly spaced frames, as the S(q) code reads them. */
  samples: PairHistogramInput[];
  box: Box;
}

/** Reads a dump (every `every`-th frame) into a Trajectory; dt converts timesteps to time when frames have no TIME. */
export function loadTrajectory(path: string, o: { dt?: number; every?: number } = {}): Trajectory {
  const every = o.every ?? 1;
  if (!(Number.isInteger(every) && every > 0)) throw new InputError(`--every: must be a whole number > 0, got ${every}`);
  if (o.dt !== undefined && !(Number.isFinite(o.dt) && o.dt > 0)) throw new InputError(`--dt: must be a number > 0, got ${o.dt}`);
  const all = parseLammpsDumpFile(path);
  const frames = all.filter((_, k) => k % every === 0);
  if (every > 1 && frames.length < 2) throw new InputError(`${path}: ${all.length} frame(s), every ${every}-th of them is ${frames.length}: dynamics needs at least 2 (lower --every)`);
  return trajectoryFromFrames(frames, path, o.dt);
}

/**
 * Whether a frame's columns give unwrapped positions: image flags beside wrapped (or scaled)
 * positions, or unwrapped columns where there are no wrapped ones (frameToState prefers x y z,
 * then xs ys zs, then xu yu zu, then xsu ysu zsu).
 */
function unwrappedColumns(columns: string[]): boolean {
  const wrapped = ['x', 'xs'].some((c) => columns.includes(c));
  return wrapped ? columns.includes('ix') : ['xu', 'xsu'].some((c) => columns.includes(c));
}

/** The frame without its wrapped position columns when it also has unwrapped ones (and no image flags): those are exact. */
function preferUnwrapped(f: DumpFrame): DumpFrame {
  const has = (names: string[]) => names.every((c) => f.columns.includes(c));
  if (f.columns.includes('ix') || !(has(['xu', 'yu', 'zu']) || has(['xsu', 'ysu', 'zsu']))) return f;
  const keep = f.columns.map((c) => !['x', 'y', 'z', 'xs', 'ys', 'zs'].includes(c));
  return { ...f, columns: f.columns.filter((_, c) => keep[c]), data: f.data.filter((_, c) => keep[c]) };
}

export function trajectoryFromFrames(dumpFrames: DumpFrame[], file: string, dt?: number, sampleFrames = 10): Trajectory {
  const frames = dumpFrames.map(preferUnwrapped);
  if (frames.length < 2) throw new InputError(`${file}: ${frames.length} frame(s): dynamics needs at least 2`);
  const time = Float64Array.from(frames, (f) => f.time ?? (dt !== undefined ? f.timestep * dt : NaN));
  if (time.some(Number.isNaN)) throw new InputError(`${file}: frames without 'ITEM: TIME': give --dt to turn timesteps into time`);
  const step = time[1] - time[0];
  for (let k = 1; k < time.length; k++) {
    if (!(Math.abs(time[k] - time[k - 1] - step) <= 1e-6 * Math.abs(step)) || !(step > 0)) {
      throw new InputError(`${file}: frames must be evenly spaced in time (frame ${k + 1} at ${time[k]} after ${time[k - 1]}, spacing ${step})`);
    }
  }
  let ntypes = 1;
  for (const f of frames) {
    const c = f.columns.indexOf('type');
    if (c >= 0) for (const t of f.data[c]) if (Number.isInteger(t) && t > ntypes) ntypes = t;
  }
  const mass = new Float64Array(ntypes).fill(1);
  const images = unwrappedColumns(frames[0].columns);
  const positions: Float64Array[] = [];
  const samples: PairHistogramInput[] = [];
  const sampleEvery = Math.max(1, Math.floor(frames.length / sampleFrames));
  let first: State | undefined;
  let ids: Int32Array | undefined;
  frames.forEach((f, k) => {
    const where = f.line !== undefined ? `${file}:${f.line}` : `${file}: frame ${k + 1}`;
    const s = frameToState(f, file, mass);
    const order = orderById(s);
    const sorted = Int32Array.from(order, (i) => s.id[i]);
    if (!ids) [ids, first] = [sorted, s];
    else if (sorted.length !== ids.length || sorted.some((id, a) => id !== ids![a])) {
      throw new InputError(`${where}: the frame's atom ids differ from the first frame's`);
    }
    const x = new Float64Array(3 * s.n);
    const b = s.box;
    order.forEach((i, a) => {
      const [ix, iy, iz] = images ? [s.image[3 * i], s.image[3 * i + 1], s.image[3 * i + 2]] : [0, 0, 0];
      x[3 * a] = s.x[3 * i] + ix * b.lx + iy * b.xy + iz * b.xz;
      x[3 * a + 1] = s.x[3 * i + 1] + iy * b.ly + iz * b.yz;
      x[3 * a + 2] = s.x[3 * i + 2] + iz * b.lz;
    });
    if (!images && k > 0) unwrapByMinimumImage(positions[k - 1], x, b, ids!, where);
    positions.push(x);
    if (k % sampleEvery === 0 && samples.length < sampleFrames) samples.push(histogramInput(s, ntypes));
  });
  const type = Int32Array.from(orderById(first!), (i) => first!.type[i]);
  return { file, time, type, ntypes, positions, unwrap: images ? 'image-flags' : 'minimum-image', samples, box: first!.box };
}

/**
 * Replaces wrapped `x` by the previous frame's unwrapped positions plus the minimum-image step;
 * refuses a step longer than a quarter of the box's smallest perpendicular width.
 */
function unwrapByMinimumImage(prev: Float64Array, x: Float64Array, box: Box, ids: Int32Array, where: string): void {
  const limit = Math.min(...perpendicularWidths(box)) / 4;
  const d = [0, 0, 0];
  for (let i = 0; i < x.length; i += 3) {
    for (let k = 0; k < 3; k++) d[k] = x[i + k] - prev[i + k];
    minimumImage(box, d);
    const step = Math.hypot(d[0], d[1], d[2]);
    if (step > limit) {
      throw new InputError(`${where}: atom ${ids[i / 3]} moved ${Number(step.toPrecision(4))} since the previous frame, more than a quarter of the box's smallest width (${Number(limit.toPrecision(4))}), too far to unwrap by the minimum image: dump image flags (ix iy iz) or unwrapped positions (xu yu zu), or frames closer in time`);
    }
    for (let k = 0; k < 3; k++) x[i + k] = prev[i + k] + d[k];
  }
}
