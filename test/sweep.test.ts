/**
 * Sweeps end to end through the command line: members on worker threads with their files, the
 * JSON table, rerun = resume (finished members skipped), a real kill -9 mid-run followed by a
 * resume that ends bit for bit where an uninterrupted run ends (also from a corrupted newest
 * checkpoint), collect, and the Slurm job-array script with one task run locally.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../analysis/sweep/table.js';
import { collectCommand } from '../cli/commands/collect.js';
import { InputError } from '../sim/errors.js';

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'betascape-sweep-'));
const config = join(root, 'tiny.yaml');
// Two members of 256 atoms: 1600 and 2800 steps.
writeFileSync(config, `name: tiny
model: ka
n: 256
melt: { T: 2.0, duration: 4 }
quench: { T_start: 1.0, T_end: 0.2, hold: 2, rates: [0.4, 0.1] }
sampling: { thermo_every: 20, snapshot_every: 500 }
checkpoint: { every_steps: 100 }
`);
const MEMBERS = ['rate-4e-1_seed-1', 'rate-1e-1_seed-1'];
const RESULT_FILES = ['thermo.csv', 'quench.csv', 'trajectory.dump', 'glass.data', 'glass.xyz', 'inherent.data'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function betascape(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const summary = (dir: string) => JSON.parse(read(dir, 'summary.json'));
const A = join(root, 'A');

test('sweep runs members on worker threads and prints the table as JSON', () => {
  const r = betascape(['sweep', config, '--set', `output=${A}`, '--jobs', '2', '--json']);
  assert.is(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { rate: number; seed: number; e_is_per_atom: number; Tg: number | null; dir: string }[];
  assert.equal(rows.map((m) => [m.rate, m.seed]), [[0.4, 1], [0.1, 1]]);
  for (const [k, row] of rows.entries()) {
    assert.is(row.dir, join(A, MEMBERS[k]));
    assert.ok(row.e_is_per_atom < -7 && row.e_is_per_atom > -8, `e_IS ${row.e_is_per_atom}`);
    assert.ok('Tg' in row);
    for (const f of ['config.yaml', 'manifest.json', 'summary.json', ...RESULT_FILES]) assert.ok(existsSync(join(row.dir, f)), f);
    assert.not.ok(existsSync(join(row.dir, 'checkpoint.json')), 'checkpoints go once the member is done');
    const s = summary(row.dir);
    assert.is(s.e_is_per_atom, row.e_is_per_atom);
    assert.ok(s.inherent.max_force < 1e-8 && s.inherent.converged, `max |F| ${s.inherent.max_force}`);
    assert.is(s.steps.total, k === 0 ? 1600 : 2800);
    const manifest = JSON.parse(read(row.dir, 'manifest.json'));
    assert.is(manifest.seed, 1);
    assert.is(manifest.backend, 'cpu');
    assert.is(manifest.units, 'lj');
    assert.match(manifest.betascape, /^\d+\.\d+\.\d+/);
    assert.ok('git_commit' in manifest);
    assert.ok(Date.parse(manifest.finished) >= Date.parse(manifest.started));
    const thermo = read(row.dir, 'thermo.csv').split('\n');
    assert.match(thermo[0], /^step,time,stage,T_target,T,P,PE,KE,etotal,econserve,volume$/);
    assert.match(read(row.dir, 'quench.csv').split('\n')[0], /^step,T_target,T,PE,volume,P$/);
    assert.is(JSON.parse(read(row.dir, 'quench.units.json')).columns.T_target, 'epsilon/k_B');
    assert.match(read(row.dir, 'config.yaml'), /betascape quench .*config.yaml/);
  }
  assert.match(r.stderr, /sweep tiny: 2 members \(0 finished, 0 to resume, 2 new\)/);
  assert.match(r.stderr, /done rate-4e-1_seed-1: e_IS/);
  assert.ok(existsSync(join(A, 'sweep-table.csv')) && existsSync(join(A, 'sweep.yaml')));
});

test('rerun: finished members are skipped; collect gives the same table (CSV + JSON)', () => {
  const again = betascape(['sweep', config, '--set', `output=${A}`, '--json', '--quiet']);
  assert.is(again.code, 0, again.stderr);
  assert.is(again.stderr, '', '--quiet: nothing on stderr');
  const first = JSON.parse(read(A, 'sweep-table.json')).members;
  assert.equal(JSON.parse(again.stdout), first);
  const c = betascape(['collect', A, '--json']);
  assert.is(c.code, 0, c.stderr);
  assert.equal(JSON.parse(c.stdout), first);
  const csv = read(A, 'sweep-table.csv').split('\n');
  assert.match(csv[0], /^alloy,rate,anneal_T,anneal_duration,seed,Tg,Tg_quality,Tg_kink_sigma,e_is_per_atom,e_glass_per_atom,density,/);
  assert.is(csv.filter((l) => l).length, 3);
  assert.match(formatTable(first), /ka, rate 0.1: 1 members, e_IS -7\.\d+/);
});

test('kill -9 mid-run, resume: bit for bit the uninterrupted run, also from a corrupted newest checkpoint', async () => {
  const dirs = { plain: join(root, 'B'), corrupt: join(root, 'C') };
  const second = (d: string) => join(d, MEMBERS[1]);
  // Both sweeps at once, one member at a time each (the longer, rate 0.1, first); killed once it has two checkpoints.
  await Promise.all(Object.values(dirs).map(async (d) => {
    const child = start(['sweep', config, '--set', `output=${d}`, '--jobs', '1', '--quiet']);
    const t0 = Date.now();
    while (!existsSync(join(second(d), 'checkpoint.prev.json'))) {
      assert.ok(Date.now() - t0 < 60_000 && child.exitCode === null, 'the sweep reached its second checkpoint before ending');
      await sleep(5);
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }));
  for (const d of Object.values(dirs)) {
    assert.not.ok(existsSync(join(second(d), 'summary.json')), 'the member was killed mid-run');
    assert.not.ok(existsSync(join(d, MEMBERS[0], 'config.yaml')), 'the shorter member had not started');
  }
  // Flip one byte of the newest checkpoint of one of them.
  const ck = join(second(dirs.corrupt), 'checkpoint.json');
  const bytes = readFileSync(ck);
  bytes[bytes.length - 10] ^= 0x20;
  writeFileSync(ck, bytes);

  const resumed = await Promise.all(Object.values(dirs).map((d) => new Promise<Run>((resolve) => {
    const child = start(['sweep', config, '--set', `output=${d}`, '--jobs', '1', '--json']);
    let stdout = '', stderr = '';
    child.stdout!.on('data', (b) => (stdout += b));
    child.stderr!.on('data', (b) => (stderr += b));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  })));
  for (const r of resumed) {
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /\(0 finished, 1 to resume, 1 new\)/);
    assert.match(r.stderr, /rate-1e-1_seed-1: resuming from step \d+ of 2800/);
  }
  assert.not.match(resumed[0].stderr, /checksum/);
  assert.match(resumed[1].stderr, /betascape: warning: rate-1e-1_seed-1: .*checkpoint.json: checksum mismatch \(corrupted\); trying the previous checkpoint/);

  for (const d of Object.values(dirs)) {
    for (const m of MEMBERS) {
      for (const f of RESULT_FILES) assert.ok(read(d, m, f) === read(A, m, f), `${d}/${m}/${f} differs from the uninterrupted run`);
      const [a, b] = [summary(join(A, m)), summary(join(d, m))];
      assert.is(b.e_is_per_atom, a.e_is_per_atom);
      assert.is(b.Tg, a.Tg);
      assert.equal(b.inherent, a.inherent);
    }
    assert.is(summary(second(d)).sessions, 2);
  }
});

test('--emit slurm writes a job array; one task run locally gives the sweep\'s numbers', () => {
  const S = join(root, 'S');
  const r = betascape(['sweep', config, '--set', `output=${S}`, '--emit', 'slurm']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /sbatch .*sweep.sbatch/);
  const script = read(S, 'slurm', 'sweep.sbatch');
  assert.match(script, /^#!\/bin\/bash\n/);
  assert.match(script, /\n#SBATCH --array=0-1\n/);
  assert.match(script, /\n#SBATCH --job-name=betascape-tiny\n/);
  assert.match(script, /\n#SBATCH --time=\d\d:00:00\n/);
  for (const m of MEMBERS) assert.ok(script.includes(`  ${join(S, m)}\n`), m);
  assert.match(script, /exec \$BETASCAPE quench "\$MEMBER\/config.yaml" --quiet\n/);
  assert.match(read(S, 'slurm', 'README.txt'), /betascape collect/);
  for (const m of MEMBERS) assert.ok(existsSync(join(S, m, 'config.yaml')));
  assert.not.ok(existsSync(join(S, MEMBERS[0], 'summary.json')), 'emitting runs nothing');

  const task = spawnSync('bash', [join(S, 'slurm', 'sweep.sbatch')], { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: '0' } });
  assert.is(task.status, 0, task.stderr);
  const [a, b] = [summary(join(A, MEMBERS[0])), summary(join(S, MEMBERS[0]))];
  assert.is(b.e_is_per_atom, a.e_is_per_atom, 'the main thread and a worker give the same numbers');
  assert.is(read(S, MEMBERS[0], 'thermo.csv'), read(A, MEMBERS[0], 'thermo.csv'));
  const c = betascape(['collect', S, '--json']);
  assert.is(c.code, 0);
  assert.is(JSON.parse(c.stdout).length, 1);
  assert.match(c.stderr, /1 member\(s\) not finished: rate-1e-1_seed-1/);
});

test('bad input: one line, exit 2, nothing run', () => {
  const oneLine = (r: Run, re: RegExp) => {
    assert.is(r.code, 2, r.stderr);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, re);
  };
  oneLine(betascape(['sweep', config, '--jobs', '0', '--set', `output=${join(root, 'X')}`]), /--jobs: must be a whole number >= 1/);
  oneLine(betascape(['quench', config, '--set', `output=${join(root, 'X')}`]), /quench: .* describes 2 members/);
  oneLine(betascape(['sweep', config, '--set', `output=${A}`, '--set', 'melt.T=3']), /rate-4e-1_seed-1: was run with a different config \(melt.T differ\)/);
  assert.not.ok(existsSync(join(root, 'X')));
  assert.throws(() => collectCommand.handler({ runDir: join(root, 'nope'), json: false }), (e: Error) => e instanceof InputError && /is not a directory/.test(e.message));
  assert.throws(() => collectCommand.handler({ runDir: root, json: false }), /holds no sweep members/);
});

test('a member on the threads backend reaches the cpu member\'s numbers and says which backend ran', () => {
  const dir = join(root, 'threads');
  const r = betascape(['quench', config, '--set', `output=${dir}`, '--set', 'quench.rates=[0.4]', '--set', 'backend=threads', '--set', 'threads=2', '--json']);
  assert.is(r.code, 0, r.stderr);
  const ours = JSON.parse(r.stdout);
  assert.ok(ours.e_is_per_atom < -7 && ours.e_is_per_atom > -8, `e_IS ${ours.e_is_per_atom}`);
  // Forces equal cpu's to ~1e-12; the melt's chaos amplifies that, but the first hundreds of steps
  // stay on cpu's trajectory (PE every 20 steps up to step 300).
  const pe = (file: string) => read(file).split('\n').filter((l) => /^\d/.test(l)).map((l) => l.split(',')).filter((c) => Number(c[0]) <= 300).map((c) => Number(c[6]));
  const a = pe(join(dir, 'thermo.csv'));
  const b = pe(join(A, MEMBERS[0], 'thermo.csv'));
  assert.is(a.length, 16);
  for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k] - b[k]) < 1e-8 * Math.abs(b[k]), `step ${20 * k}: ${a[k]} vs ${b[k]}`);
  const manifest = JSON.parse(read(dir, 'manifest.json'));
  assert.is(manifest.backend, 'threads');
  assert.match(manifest.backend_detail, /threads \(2 workers\)/);
});

test('a member on the gpu backend (f32 forces) minimizes its inherent structure with the f64 potential', () => {
  const dir = join(root, 'gpu');
  const r = betascape(['quench', config, '--set', `output=${dir}`, '--set', 'quench.rates=[0.4]', '--set', 'backend=gpu', '--json']);
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stderr, /minimization stopped/);
  const summary = JSON.parse(read(dir, 'summary.json'));
  assert.ok(summary.inherent.converged && summary.inherent.max_force < 1e-8, JSON.stringify(summary.inherent));
  assert.ok(summary.e_is_per_atom < -7 && summary.e_is_per_atom > -8, `e_IS ${summary.e_is_per_atom}`);
  assert.is(JSON.parse(read(dir, 'manifest.json')).backend, 'gpu');
});

test('two runs into one directory: the second refuses with one line naming the holder; a stale lock is taken over', async () => {
  const dir = join(root, 'locked');
  const first = start(['sweep', config, '--set', `output=${dir}`, '--jobs', '1', '--quiet']);
  const lock = join(dir, 'run.lock');
  for (let k = 0; k < 200 && !existsSync(lock); k++) await sleep(50);
  assert.ok(existsSync(lock), 'the first sweep holds run.lock');
  const second = betascape(['sweep', config, '--set', `output=${dir}`, '--jobs', '1', '--quiet']);
  assert.is(second.code, 2, second.stderr);
  assert.is(second.stderr.trim().split('\n').length, 1, second.stderr);
  assert.match(second.stderr, new RegExp(`in use by betascape sweep \\(pid ${first.pid} on `));
  const code = await new Promise((done) => first.on('close', done));
  assert.is(code, 0);
  assert.not.ok(existsSync(lock), 'released at the end');
  // A lock left by a process that is gone (on this host) is taken over, with a note.
  const gone = spawnSync(process.execPath, ['-e', '']);
  writeFileSync(lock, JSON.stringify({ pid: gone.pid, host: hostname(), started: '2026-01-01T00:00:00Z', command: 'betascape sweep', token: 'x' }));
  const third = betascape(['sweep', config, '--set', `output=${dir}`, '--jobs', '1', '--quiet']);
  assert.is(third.code, 0, third.stderr);
  assert.match(third.stderr, /note: .*taking over the lock of a run that is gone \(pid \d+, since 2026-01-01/);
});

test.run();
