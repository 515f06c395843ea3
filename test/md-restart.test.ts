/**
 * `betascape md` as a long run: thermo lines on stdout off a terminal, a stop on SIGTERM that
 * leaves final.data and a checkpoint, and a rerun of the same command that continues it to the
 * same bits as a run never interrupted (NPT: thermostat and barostat state included).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'betascape-md-restart-'));
const STEPS = 6000;
const args = (out: string, { steps = STEPS, seed = 3 } = {}, ...extra: string[]) => [
  bin, 'md', '--model', 'ka', '--n', '256', '--ensemble', 'npt', '--T', '1.0', '--T-stop', '0.8', '--P', '2', '--steps', String(steps),
  '--thermo-every', '100', '--dump-every', '500', '--seed', String(seed), '--out', out, ...extra,
];
const run = (...a: string[]) => spawnSync(process.execPath, a, { encoding: 'utf8' });
const files = ['thermo.csv', 'trajectory.dump', 'final.data', 'final.xyz'];

test('off a terminal md prints LAMMPS-like thermo lines; --quiet silences them', () => {
  const r = run(...args(join(dir, 'short'), { steps: 200 }));
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const header = lines.findIndex((l) => /^\s+Step\s+Temp\s+PotEng\s+KinEng\s+TotEng\s+Press$/.test(l));
  assert.ok(header > 0, r.stdout);
  const rows = lines.slice(header + 1).filter((l) => /^\s+\d+\s/.test(l));
  assert.equal(rows.map((l) => Number(l.trim().split(/\s+/)[0])), [0, 100, 200]);
  const thermo = readFileSync(join(dir, 'short', 'thermo.csv'), 'utf8').trim().split('\n');
  const [step, , T] = thermo[thermo.length - 1].split(',').map(Number);
  assert.is(step, 200);
  assert.is(Number(rows[2].trim().split(/\s+/)[1]), Number(T.toPrecision(8)));
  const quiet = run(...args(join(dir, 'short'), { steps: 200 }, '--quiet'));
  assert.is(quiet.status, 0, quiet.stderr);
  assert.not.match(quiet.stdout, /PotEng/);
});

test('SIGTERM stops md with final.data and a checkpoint; the same command continues it to the bit', async () => {
  const whole = join(dir, 'whole'), cut = join(dir, 'cut');
  const ref = run(...args(whole));
  assert.is(ref.status, 0, ref.stderr);

  const child = spawn(process.execPath, args(cut), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      // Stop it once it is well under way (step 1000 printed), long before its end.
      if (/^\s+1000\s/m.test(stdout) && !child.killed) child.kill('SIGTERM');
    });
    child.on('close', (c) => resolve(c));
  });
  assert.is(code, 143, stderr);
  const last = stdout.trim().split('\n').pop()!;
  assert.match(last, /^md: stopped by SIGTERM after step \d+ of 6000; wrote .*final\.data and .*checkpoint\.json/);
  const stoppedAt = Number(/after step (\d+)/.exec(last)![1]);
  assert.ok(stoppedAt >= 1000 && stoppedAt < STEPS, last);
  assert.ok(existsSync(join(cut, 'final.data')) && existsSync(join(cut, 'checkpoint.json')));
  assert.not.ok(existsSync(join(cut, 'summary.json')));
  assert.match(readFileSync(join(cut, 'final.data'), 'utf8'), new RegExp(`timestep = ${stoppedAt}\\b`));
  const thermo = readFileSync(join(cut, 'thermo.csv'), 'utf8');
  assert.ok(thermo.endsWith('\n'));

  // Other settings do not continue it; the same command does.
  const other = run(...args(cut, { seed: 4 }));
  assert.is(other.status, 2);
  assert.match(other.stderr, /^betascape: error: .*checkpoint\.json: written by an md run with other settings/);
  const resumed = run(...args(cut));
  assert.is(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`continuing .* from step ${stoppedAt}`));
  for (const f of files) assert.ok(readFileSync(join(cut, f)).equals(readFileSync(join(whole, f))), `${f} differs from the uninterrupted run's`);
  assert.not.ok(existsSync(join(cut, 'checkpoint.json')), 'a finished run removes its checkpoint');
});

test.run();
