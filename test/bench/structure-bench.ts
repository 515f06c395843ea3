/**
 * Cost of the structure analyses (`npm run bench -- --structure`, a few minutes): the Voronoi
 * tessellation (plain and radical), g(r) with every partial of a 100-frame dump (reading the dump
 * and the pair histogram timed apart), and the direct S(q) on the box's q-vectors, each at
 * N = 4000, 8000 and 32000 atoms, so that the cost per atom shows whether it is linear.
 *
 * Configurations, made here from scratch with fixed seeds (a fresh clone makes the same ones):
 * Kob–Andersen 80:20 at density 1.2, random occupation of fcc sites (seed 1), velocities at T = 2,
 * 200 steps of Nosé–Hoover NVT at T = 2 (melt), 200 steps quenching 2 → 0.5 (dt 0.005, damp 0.5,
 * the cpu backend); that is the configuration of the Voronoi and S(q) rows. The dump continues
 * from it at T = 0.5: a frame (id type x y z) every 5 MD steps, 100 frames.
 *
 * Settings: g(r) to rmax = 4 σ in 200 bins (as `betascape rdf --rmax 4 --bins 200`, all partials
 * and coordination numbers); radical radii 0.5 and 0.44 σ; S(q) direct to q = 12 σ⁻¹ in bins of
 * 2π/L with at most 500 vectors per bin (the defaults of `betascape sq --method direct`).
 *
 * Each task runs in a child process of its own (this file with --task), so that its peak resident
 * memory (maxRSS) is its own; wall and CPU seconds are of the task alone (not the process start).
 * Other work on the machine makes wall times noisy: the CPU seconds are the steadier figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kobAndersen } from '../../sim/potentials/lj.js';
import { referenceForceField } from '../../sim/open-force-field.js';
import { buildSample } from '../../sim/init.js';
import { createRng } from '../../sim/random.js';
import { initVelocities } from '../../sim/velocities.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { runMD } from '../../sim/md.js';
import { LJ_UNITS } from '../../sim/units.js';
import { writeLammpsData } from '../../sim/io/lammps-data.js';
import { appendDumpFrame } from '../../sim/io/lammps-dump.js';
import { loadStructureInput } from '../../analysis/structure/input.js';
import { rdfReport } from '../../analysis/structure/rdf-report.js';
import { voronoiTessellation } from '../../analysis/structure/voronoi.js';
import { directStructureFactors } from '../../analysis/structure/direct-sq.js';
import { boxVolume, perpendicularWidths } from '../../sim/box.js';

export const STRUCTURE_SIZES = [4000, 8000, 32000];
const FRAMES = 100;
const STEPS_PER_FRAME = 5;
const RMAX = 4, BINS = 200;
const RADII = [0.5, 0.44];
const QMAX = 12, MAX_PER_BIN = 500;

export type StructureTask = 'voronoi' | 'radical' | 'read' | 'rdf' | 'sq';

export interface StructureRow {
  task: StructureTask;
  N: number;
  frames: number;
  seconds: number;
  cpu_seconds: number;
  /** Peak resident memory of the task's process (MB), node and its loader included. */
  peak_rss_mb: number;
  /** What the task did, for the table (e.g. "575778 cuts"). */
  detail: string;
  /** S(q): the q-vectors summed over (the cost is atoms × vectors). */
  vectors?: number;
}

/** What a child reports: the task's time, memory and detail. */
type TaskResult = Omit<StructureRow, 'task' | 'N' | 'frames'>;

/** The Kob–Andersen configuration (data file) and its 100-frame dump, in dir; returns their paths. */
function makeConfiguration(N: number, dir: string): { data: string; dump: string; seconds: number } {
  const t0 = performance.now();
  const model = kobAndersen();
  const rng = createRng(1);
  const s = buildSample({ n: N, composition: model.composition!, masses: model.species.map((x) => x.mass), density: model.density!, placement: 'lattice' }, rng);
  initVelocities(s, 2, rng, LJ_UNITS);
  const ff = referenceForceField({ kind: 'lj', model }, 0.3);
  const nvt = (steps: number, tStart: number, tStop: number) =>
    runMD(s, ff, { steps, dt: 0.005, units: LJ_UNITS, thermostat: noseHoover({ damp: 0.5 }), tStart, tStop, zeroMomentumEvery: 100 });
  nvt(200, 2, 2);
  nvt(200, 2, 0.5);
  const data = join(dir, `ka${N}.data`), dump = join(dir, `ka${N}.dump`);
  writeLammpsData(data, s);
  for (let f = 0; f < FRAMES; f++) {
    if (f > 0) nvt(STEPS_PER_FRAME, 0.5, 0.5);
    appendDumpFrame(dump, s, ['id', 'type', 'x', 'y', 'z']);
  }
  return { data, dump, seconds: (performance.now() - t0) / 1000 };
}

/** Runs one task in this process (the child side). */
function runTask(task: StructureTask, file: string): TaskResult {
  const timed = <T>(work: () => T): [T, number, number] => {
    const c0 = process.cpuUsage(), t0 = performance.now();
    const out = work();
    const c = process.cpuUsage(c0);
    return [out, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6];
  };
  const source = task === 'read' || task === 'rdf' ? { dump: file, every: 1, units: 'lj' } : { data: file, every: 1, units: 'lj' };
  const [input, readSeconds, readCpu] = timed(() => loadStructureInput(source, 'bench'));
  const rss = () => process.resourceUsage().maxRSS / 1024;
  if (task === 'read') return { seconds: readSeconds, cpu_seconds: readCpu, peak_rss_mb: rss(), detail: `${(statSync(file).size / 1e6).toFixed(0)} MB of text` };
  if (task === 'rdf') {
    const [r, seconds, cpu] = timed(() => rdfReport(input, { rmax: RMAX, bins: BINS }));
    return { seconds, cpu_seconds: cpu, peak_rss_mb: rss(), detail: `rmax ${RMAX}, ${BINS} bins, coordination ${r.coordination.all.n?.toFixed(2)}` };
  }
  const frame = input.frames[0];
  if (task === 'sq') {
    const dq = (2 * Math.PI) / Math.max(...perpendicularWidths(frame.box));
    const [sq, seconds, cpu] = timed(() => directStructureFactors([frame], { qmax: QMAX, dq, maxPerBin: MAX_PER_BIN }));
    const vectors = sq.vectors.reduce((a, b) => a + b, 0);
    return { seconds, cpu_seconds: cpu, peak_rss_mb: rss(), vectors, detail: `q < ${QMAX}, ${vectors} q-vectors, ${((1e9 * cpu) / (vectors * frame.type.length)).toFixed(1)} CPU ns per atom and vector` };
  }
  const radii = task === 'radical' ? Float64Array.from(RADII) : undefined;
  const [t, seconds, cpu] = timed(() => voronoiTessellation(frame, { radii }));
  let volume = 0;
  for (const v of t.volume) volume += v;
  const closure = Math.abs(volume / boxVolume(frame.box) - 1);
  return { seconds, cpu_seconds: cpu, peak_rss_mb: rss(), detail: `${t.stats.cuts} cuts, ${t.stats.widened} searches widened, volumes add up to the box within ${closure.toExponential(0)}` };
}

/** Runs a task in a child process of its own; its result. */
function childTask(task: StructureTask, file: string): TaskResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--task', task, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`structure bench: task ${task} on ${file} failed (exit ${r.status}): ${r.stderr.trim()}`);
  return JSON.parse(last) as TaskResult;
}

/** Every task at every size; progress through `say`. */
export function benchStructure(say: (s: string) => void, sizes = STRUCTURE_SIZES): StructureRow[] {
  const rows: StructureRow[] = [];
  for (const N of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `betascape-structbench-${N}-`));
    try {
      const made = makeConfiguration(N, dir);
      say(`  N = ${N}: configuration and ${FRAMES}-frame dump made by MD in ${made.seconds.toFixed(1)} s`);
      for (const task of ['voronoi', 'radical', 'sq', 'read', 'rdf'] as const) {
        const frames = task === 'read' || task === 'rdf' ? FRAMES : 1;
        const r = childTask(task, frames > 1 ? made.dump : made.data);
        rows.push({ task, N, frames, ...r });
        say(`  N = ${N} ${task}: ${r.seconds.toFixed(2)} s (CPU ${r.cpu_seconds.toFixed(2)} s), peak RSS ${r.peak_rss_mb.toFixed(0)} MB; ${r.detail}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

const TASK_NAMES: Record<StructureTask, string> = {
  voronoi: 'Voronoi (plain)', radical: 'Voronoi (radical)', sq: 'S(q) direct', read: 'read dump', rdf: 'g(r), all partials',
};

/**
 * The table: one row per task and size, with µs per atom (per atom-frame for the dump rows), and
 * per task the ratio of the CPU cost per atom (-frame) at the largest size to that at the smallest
 * (1 for a linear cost; for S(q), per atom and q-vector).
 */
export function structureTable(rows: StructureRow[]): string[] {
  const perUnit = (r: StructureRow) => (1e6 * r.cpu_seconds) / (r.N * r.frames * (r.vectors ?? 1));
  const head = ['task', 'N', 'frames', 'seconds', 'CPU s', 'µs/atom', 'µs/atom-frame', 'peak RSS MB', ''];
  const body = rows.map((r) => [TASK_NAMES[r.task], String(r.N), String(r.frames), r.seconds.toFixed(2), r.cpu_seconds.toFixed(2),
    ((1e6 * r.seconds) / r.N).toFixed(1), r.frames > 1 ? ((1e6 * r.seconds) / (r.N * r.frames)).toFixed(2) : '', r.peak_rss_mb.toFixed(0), r.detail]);
  const width = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(width[k])).join('  ').trimEnd();
  const scaling = (Object.keys(TASK_NAMES) as StructureTask[]).flatMap((task) => {
    const of = rows.filter((r) => r.task === task).sort((a, b) => a.N - b.N);
    if (of.length < 2) return [];
    const [small, large] = [of[0], of.at(-1)!];
    return [`${TASK_NAMES[task]}: CPU cost per atom${task === 'sq' ? ' and q-vector' : of[0].frames > 1 ? '-frame' : ''} at N = ${large.N} is ${(perUnit(large) / perUnit(small)).toFixed(2)}× that at N = ${small.N}`];
  });
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), ...scaling];
}

/** `npm run bench -- --structure`. */
export function structureMain(say: (s: string) => void, json: boolean): void {
  const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
  say(`Structure benchmark: KA N = ${STRUCTURE_SIZES.join(', ')}; dump of ${FRAMES} frames every ${STEPS_PER_FRAME} MD steps; load average at start ${load()}`);
  const rows = benchStructure(say);
  say('');
  structureTable(rows).forEach((l) => say(l));
  say(`load average at the end: ${load()}`);
  if (json) console.log(JSON.stringify(rows, null, 2));
}

// The child side: `node --import tsx structure-bench.ts --task TASK FILE` prints the task's result as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--task') {
  console.log(JSON.stringify(runTask(process.argv[3] as StructureTask, process.argv[4])));
}
