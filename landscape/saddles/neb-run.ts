/**
 * `betascape neb`: a climbing-image band between two configurations (two data files, or two minima
 * of an activate run's directory), their ends minimized first; the result record and its files
 * neb.json and path.dump (the images, one frame each).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { unwrap } from '../../sim/box.js';
import { readConfiguration, type ConfigurationPotential } from '../../sim/io/configuration.js';
import { formatDumpFrame, frameToState, parseLammpsDumpFile } from '../../sim/io/lammps-dump.js';
import type { ForceField } from '../../sim/forces.js';
import type { State } from '../../sim/state.js';
import type { Units } from '../../sim/units.js';
import { minimize } from '../minimize/index.js';
import { EnergySurface } from '../energy-surface.js';
import { neb, type NebResult } from './neb.js';

/** Two minima (by id, 1 = the starting glass) of an activate run directory's minima.dump, and the saddle (id in saddles.dump) a band may start through. */
export function campaignEnds(dir: string, ids: [number, number], saddle: number | undefined, pot: ConfigurationPotential): [State, State, State?] {
  const template = readConfiguration(join(dir, 'initial.data'), pot);
  const record = (file: string, id: number) => {
    const dump = join(dir, file);
    const frames = parseLammpsDumpFile(dump);
    const f = frames.find((fr) => fr.timestep === id);
    if (!f) throw new InputError(`${dump}: no record with id ${id} (ids 1..${frames.length})`);
    return frameToState(f, dump, template.mass, template.typeNames);
  };
  const [a, b] = ids.map((id) => record('minima.dump', id));
  return [a, b, saddle === undefined ? undefined : record('saddles.dump', saddle)];
}

export interface NebRunOptions {
  /** The two ends as messages name them. */
  names: [string, string];
  /** Movable images between the ends. */
  images: number;
  springConstant: number;
  ftol: number;
  climb: boolean;
  maxIterations: number;
  /** Minimization of the ends: max per-atom |F| (default 1e-8 lj, 1e-7 metal). */
  minFtol?: number;
}

export interface NebRun {
  /** What neb.json holds and --json prints; energies relative to the first end. */
  result: ReturnType<typeof nebRecord>;
  /** The images' unwrapped positions, ends included. */
  images: Float64Array[];
}

/** Minimizes both ends (same atoms and box, else InputError) and relaxes the band between them, through `via` when given. */
export function nebBetween(A: State, B: State, via: State | undefined, ff: ForceField, units: Units, o: NebRunOptions): NebRun {
  const [from, to] = o.names;
  if (A.n !== B.n || A.type.some((t, i) => t !== B.type[i])) throw new InputError(`${to}: not the same atoms as ${from} (count or types differ)`);
  const boxOf = (s: State) => [s.box.lx, s.box.ly, s.box.lz, s.box.xy, s.box.xz, s.box.yz];
  if (boxOf(A).some((v, k) => Math.abs(v - boxOf(B)[k]) > 1e-9 * Math.max(1, Math.abs(v)))) {
    throw new InputError(`${to}: the box differs from that of ${from}`);
  }
  const ftol = o.minFtol ?? (units.name === 'lj' ? 1e-8 : 1e-7);
  const relaxed = [A, B].map((s) => minimize(s, ff, { method: 'lbfgs', ftol, units }));
  const surface = new EnergySurface(A, ff);
  const r = neb(surface, surface.current(), unwrap(B.box, B.x, B.image), {
    via: via && unwrap(via.box, via.x, via.image), images: o.images, springConstant: o.springConstant, ftol: o.ftol, climb: o.climb, maxIterations: o.maxIterations,
  });
  return { result: nebRecord(r, A.n, units, relaxed.map((m) => m.energy)), images: r.images };
}

function nebRecord(r: NebResult, n: number, units: Units, endEnergies: number[]) {
  const e0 = r.energies[0];
  return {
    units: units.name, n_atoms: n, barrier: r.barrier, backward_barrier: r.backwardBarrier,
    asymmetry: r.energies[r.energies.length - 1] - e0, converged: r.converged, climbing: r.climbing, iterations: r.iterations,
    max_force: r.maxForce, force_evaluations: r.forceEvaluations, top_image: r.top,
    energies: r.energies.map((e) => e - e0), path: r.path, end_energies: endEnergies,
  };
}

/** neb.json and path.dump (the images as frames of A's atoms) in dir. */
export function writeNebFiles(dir: string, run: NebRun, A: State): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'neb.json'), JSON.stringify(run.result, null, 1) + '\n');
  const frames = run.images.map((x, k) => formatDumpFrame({ ...A, x, image: new Int32Array(x.length), step: k }, ['id', 'type', 'xu', 'yu', 'zu']));
  writeFileSync(join(dir, 'path.dump'), frames.join(''));
}
