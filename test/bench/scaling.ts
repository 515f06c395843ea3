/**
 * Linear scaling: KA NVT throughput of one backend (default threads, the fastest here) from
 * N = 2000 to N = 256000, as cost per atom-step (wall and CPU), and the ratio of the largest to
 * the smallest system's cost (linear scaling: close to 1).
 *
 *   npm run bench:scaling                          threads (2 workers), N = 2000 .. 256000
 *   npm run bench:scaling -- --backend cpu --max 64000 --json
 *
 * Each size: fcc lattice at density 1.2 with random species, T = 2 velocities, 50 steps of
 * Nose–Hoover at T = 2 to disorder it, then timed Nose–Hoover NVT at T = 1.0 (damp 0.5, dt 0.005,
 * skin 0.3, thermo every 100 steps) for about 2e6 atom-steps (at least 10 steps) after 2e5
 * atom-steps (at least 10 steps) of warm-up. Wall figures are noisy on a busy machine; CPU time
 * counts all threads. Memory: the growth of the process's resident set since before the first
 * size, after a full GC and a turn of the event loop (collectGarbage), per atom of the current
 * size (the smaller sizes' states and lists are garbage by then; the backend's buffers are sized
 * for the current one).
 */
import { kobAndersen } from '../../sim/potentials/lj.js';
import { createForceField } from '../../sim/forces.js';
import { runMD } from '../../sim/md.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { buildSample } from '../../sim/init.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { LJ_UNITS } from '../../sim/units.js';
import { parseBackendName } from '../../sim/backends/index.js';
import { openForceField } from '../../sim/open-force-field.js';
import { collectGarbage, garbageCollector } from './memory.js';

const args = process.argv.slice(2);
const value = (name: string) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : undefined;
};
const JSON_OUT = args.includes('--json');
const BACKEND = parseBackendName(value('backend') ?? 'threads');
const WORKERS = Number(value('threads') ?? 2);
const MAX = Number(value('max') ?? 256000);
const SIZES = [2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000].filter((n) => n <= MAX);
const say = (s = '') => (JSON_OUT ? console.error(s) : console.log(s));

const spec = { kind: 'lj' as const, model: kobAndersen() };
const backend = await openForceField(spec, BACKEND, { skin: 0.3, workers: WORKERS });
const rows: {
  engine: string; backend: string; model: string; N: number; steps: number; atom_steps_per_s: number; ns_per_atom_step: number;
  cpu_ns_per_atom_step: number; rss_bytes_per_atom: number;
}[] = [];
const gc = garbageCollector();
await collectGarbage(gc);
const rss0 = process.memoryUsage().rss;
try {
  say(`KA NVT scaling on ${backend.detail}`);
  say('N        steps  atom-steps/s  ns/atom-step  CPU ns/atom-step  RSS B/atom');
  for (const n of SIZES) {
    const ka = spec.model;
    const s = buildSample(
      { n, composition: ka.composition, masses: ka.species.map((x) => x.mass), typeNames: ka.species.map((x) => x.name), density: ka.density, placement: 'lattice' },
      createRng(n),
    );
    initVelocities(s, 2.0, createRng(n + 1), LJ_UNITS);
    const ff = createForceField(backend.ff.potential, 0.3);
    const opts = { dt: 0.005, units: LJ_UNITS, thermoEvery: 100 };
    runMD(s, ff, { ...opts, steps: 50, thermostat: noseHoover({ damp: 0.5 }), tStart: 2.0 });
    const thermostat = noseHoover({ damp: 0.5 });
    // Warm-up: a tenth of the timed atom-steps (at least 10 steps), so that the first (smallest)
    // size does not pay for compiling the hot loops.
    runMD(s, ff, { ...opts, steps: Math.max(10, Math.round(2e5 / n)), thermostat, tStart: 1.0 });
    const steps = Math.max(10, Math.round(2e6 / n));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    runMD(s, ff, { ...opts, steps, thermostat, tStart: 1.0 });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await collectGarbage(gc);
    const row = {
      engine: 'betascape', backend: backend.detail, model: 'ka', N: n, steps, atom_steps_per_s: (n * steps) / seconds,
      ns_per_atom_step: (seconds * 1e9) / (n * steps), cpu_ns_per_atom_step: ((cpu.user + cpu.system) * 1e3) / (n * steps),
      rss_bytes_per_atom: (process.memoryUsage().rss - rss0) / n,
    };
    rows.push(row);
    say(`${String(n).padEnd(8)} ${String(steps).padEnd(6)} ${row.atom_steps_per_s.toExponential(3).padEnd(13)} ${row.ns_per_atom_step.toFixed(1).padEnd(13)} ` +
      `${row.cpu_ns_per_atom_step.toFixed(1).padEnd(17)} ${row.rss_bytes_per_atom.toFixed(0)}`);
  }
} finally {
  backend.dispose();
}
const first = rows[0], last = rows[rows.length - 1];
say(`cost per atom-step, N = ${last.N} over N = ${first.N}: ${(last.ns_per_atom_step / first.ns_per_atom_step).toFixed(2)} (wall), ` +
  `${(last.cpu_ns_per_atom_step / first.cpu_ns_per_atom_step).toFixed(2)} (CPU)`);
if (JSON_OUT) console.log(JSON.stringify(rows, null, 2));
