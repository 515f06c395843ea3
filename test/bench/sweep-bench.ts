/**
 * Parallel sweeps (`node --import tsx test/bench/sweep-bench.ts`): 4 members as in
 * configs/ka-cooling-sweep.yaml at its faster rate (KA N = 864, melt, hold, quench 1.0 → 0.1 at
 * 1e-2 per tau: 22000 steps each, then the inherent structure) run by `betascape sweep --jobs 2`
 * against the same 4 run one after another (`--jobs 1`). Target: the parallel sweep takes at most
 * 0.6 of the serial time on 2 cores. Wall time of the whole command (start-up, workers, output
 * included), best of --repeat runs (default 2), serial and parallel alternating so that load from
 * elsewhere hits both alike. Where `taskset` exists and the machine has more than 2 cores, both
 * are pinned to 2 cores. The start-up (the command itself, then each worker loading the sources
 * through tsx) costs about 2.5 s of wall time in both modes, so small members give higher ratios
 * (`--rate 0.1`, 5800 steps each: 0.67 here).
 *
 *   --repeat R   runs of each (default 2)      --n N   atoms per member (default 864)
 *   --rate R     cooling rate per tau (default 0.01)
 *   --json       results as JSON on stdout
 * Exit status 1 when the ratio is above 0.6.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const k = args.indexOf(name);
  return k >= 0 ? Number(args[k + 1]) : dflt;
};
const REPEAT = opt('--repeat', 2);
const N = opt('--n', 864);
const RATE = opt('--rate', 0.01);
const JSON_OUT = args.includes('--json');
const TARGET = 0.6;
const bin = fileURLToPath(new URL('../../cli/betascape.js', import.meta.url));
const say = (s: string) => (JSON_OUT ? console.error(s) : console.log(s));

const dir = mkdtempSync(join(tmpdir(), 'betascape-sweep-bench-'));
const config = join(dir, 'bench.yaml');
writeFileSync(config, `name: sweep-bench
model: ka
n: ${N}
melt: { T: 2.0, duration: 10 }
quench: { T_start: 1.0, T_end: 0.1, hold: 10, rates: [${RATE}] }
thermostat: { damp: 0.5 }
seeds: 4
`);

const pin = availableParallelism() > 2 && spawnSync('taskset', ['-V']).status === 0 ? ['taskset', '-c', '0,1'] : [];

function timeSweep(jobs: number, run: number): number {
  const out = join(dir, `jobs${jobs}-${run}`);
  const cmd = [...pin, process.execPath, bin, 'sweep', config, '--set', `output=${out}`, '--jobs', String(jobs), '--quiet', '--json'];
  const t0 = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`sweep --jobs ${jobs} failed: ${r.stderr}`);
  rmSync(out, { recursive: true, force: true });
  say(`  --jobs ${jobs}: ${seconds.toFixed(1)} s`);
  return seconds;
}

say(`sweep bench: 4 members of ${N} atoms (${Math.round((10 + 10 + 0.9 / RATE) / 0.005)} steps each), ${pin.length ? 'pinned to 2 cores' : `${availableParallelism()} cores`}, best of ${REPEAT}`);
const serial: number[] = [], parallel: number[] = [];
for (let k = 0; k < REPEAT; k++) {
  serial.push(timeSweep(1, k));
  parallel.push(timeSweep(2, k));
}
rmSync(dir, { recursive: true, force: true });
const best = (v: number[]) => Math.min(...v);
const ratio = best(parallel) / best(serial);
const pass = ratio <= TARGET;
say(`serial (--jobs 1) ${best(serial).toFixed(1)} s, parallel (--jobs 2) ${best(parallel).toFixed(1)} s: ratio ${ratio.toFixed(3)} (target <= ${TARGET}) ${pass ? 'PASS' : 'FAIL'}`);
if (JSON_OUT) console.log(JSON.stringify({ members: 4, n: N, serial_s: serial, parallel_s: parallel, ratio, target: TARGET, pass }));
process.exit(pass ? 0 : 1);
