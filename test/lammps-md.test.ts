/**
 * `betascape md --engine lammps` (sim/lammps/md.ts): from the same start the LAMMPS run writes
 * betascape's files and its thermo rows, dump frames and final state agree with the betascape
 * engine's to 1e-10 (KA NVT from a data file at step 4000 with thermo every 30 steps, so the rows
 * fall on LAMMPS stride() steps; Cu–Zr EAM NPT with a pressure ramp); a run stopped by a signal
 * resumes from its newest restart file and one of other settings (or engine) is refused; options LAMMPS
 * cannot honour, a missing lmp or mpirun and a LAMMPS ERROR are one line, exit 2. Skipped without
 * `lmp` (except the checks that need none).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { THERMO_COLUMNS } from '../sim/md.js';
import { readCsvColumns } from '../sim/io/csv-units.js';
import { parseLammpsDataFile } from '../sim/io/lammps-data.js';
import { parseLammpsDumpFile } from '../sim/io/lammps-dump.js';
import { sortedById } from '../sim/state.js';
import { LMP, requireLammps } from './helpers/lammps.js';

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const ka864 = fileURLToPath(new URL('./reference/ka864.data', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'betascape-lammps-md-'));
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const betascape = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });

/** KA from the reference glass (step 4000, no velocities: drawn at T = 0.8), Nosé–Hoover over 300 steps. */
const KA = ['md', '--data', ka864, '--model', 'ka', '--ensemble', 'nvt', '--T', '0.8', '--damp', '0.5', '--steps', '300', '--thermo-every', '30', '--dump-every', '60', '--seed', '3', '--quiet'];

/** The columns of two thermo.csv files agree to `tol` (relative above 1); the steps are the same. */
function sameThermo(a: string, b: string, tol: number, columns: readonly (typeof THERMO_COLUMNS)[number][] = THERMO_COLUMNS): number {
  const x = readCsvColumns(a, THERMO_COLUMNS), y = readCsvColumns(b, THERMO_COLUMNS);
  assert.equal(x.step, y.step);
  let worst = 0;
  for (const c of columns) {
    x[c].forEach((v, k) => {
      const d = Math.abs(v - y[c][k]) / Math.max(1, Math.abs(v));
      worst = Math.max(worst, d);
      assert.ok(d <= tol, `${c} at step ${x.step[k]}: ${v} vs ${y[c][k]}`);
    });
  }
  return worst;
}

/** Largest difference of positions (unwrapped) and velocities of two data files, atoms matched by id. */
function stateDeviation(a: string, b: string): number {
  const [p, q] = [a, b].map((f) => sortedById(parseLammpsDataFile(f)));
  assert.equal([...p.id], [...q.id]);
  let d = 0;
  for (let k = 0; k < p.x.length; k++) {
    const L = [p.box.lx, p.box.ly, p.box.lz][k % 3];
    d = Math.max(d, Math.abs(p.x[k] + L * p.image[k] - q.x[k] - L * q.image[k]), Math.abs(p.v[k] - q.v[k]));
  }
  return d;
}

test('options the LAMMPS engine cannot honour, and a missing lmp: one line, exit 2, nothing written', () => {
  for (const [flags, message] of [
    [['--backend', 'threads'], 'md --engine lammps: --backend threads is for the betascape engine (LAMMPS computes the forces; --mpi-ranks, --lammps-args, --mpirun-args)'],
    [['--threads', '2'], 'md --engine lammps: --threads is for the betascape engine (LAMMPS computes the forces; --mpi-ranks, --lammps-args, --mpirun-args)'],
    [['--resident'], 'md --engine lammps: --resident is for the betascape engine (LAMMPS computes the forces; --mpi-ranks, --lammps-args, --mpirun-args)'],
    [['--mpi-ranks', '0'], '--mpi-ranks: must be a whole number >= 1, got 0'],
    [['--lammps-command', '/nonexistent/lmp'], "--lammps-command: '/nonexistent/lmp' not found; install LAMMPS (Debian/Ubuntu: apt-get install lammps) or set --lammps-command to the LAMMPS executable"],
  ] as const) {
    const out = join(root, 'refused');
    const r = betascape([...KA, '--engine', 'lammps', ...flags, '--out', out]);
    assert.is(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n'), [`betascape: error: ${message}`]);
    assert.not.ok(existsSync(out), `${flags.join(' ')}: nothing written`);
  }
});

if (requireLammps('betascape md --engine lammps (test/lammps-md.test.ts)')) {
  const own = join(root, 'ka-betascape'), lmp = join(root, 'ka-lammps');

  test('KA NVT on engine lammps: every file, and the betascape engine\'s thermo rows, dump frames and final state to 1e-10', () => {
    const a = betascape([...KA, '--out', own]);
    assert.is(a.status, 0, a.stderr);
    const b = betascape([...KA, '--engine', 'lammps', '--out', lmp]);
    assert.is(b.status, 0, b.stderr);
    assert.equal(readdirSync(lmp).sort(), [
      'final.data', 'final.xyz', 'lammps-start.data', 'lammps.in', 'log.lammps', 'manifest.json', 'summary.json', 'thermo.csv', 'thermo.units.json', 'trajectory.dump',
    ], 'restart files and LAMMPS\'s final data go once the run is done');
    assert.is(read(lmp, 'thermo.units.json'), read(own, 'thermo.units.json'));
    // Rows every 30 steps from 4000 (not multiples of 30: LAMMPS takes them at stride() steps) and the last.
    assert.equal(readCsvColumns(join(lmp, 'thermo.csv'), ['step']).step, Array.from({ length: 11 }, (_, k) => 4000 + 30 * k));
    const worst = sameThermo(join(lmp, 'thermo.csv'), join(own, 'thermo.csv'), 1e-10);
    const frames = [lmp, own].map((d) => parseLammpsDumpFile(join(d, 'trajectory.dump')));
    assert.equal(frames[0].map((f) => f.timestep), [4060, 4120, 4180, 4240, 4300]);
    assert.equal(frames[0].map((f) => f.timestep), frames[1].map((f) => f.timestep));
    assert.equal(frames[0][0].columns, frames[1][0].columns);
    frames[0].forEach((f, k) => f.data.forEach((col, c) => col.forEach((v, i) => assert.ok(Math.abs(v - frames[1][k].data[c][i]) < 1e-10, `frame ${f.timestep} ${f.columns[c]}`))));
    const dState = stateDeviation(join(lmp, 'final.data'), join(own, 'final.data'));
    console.log(`      KA NVT, 300 steps: thermo ${worst.toExponential(1)}, final state ${dState.toExponential(1)}`);
    assert.ok(dState < 1e-10);
    assert.match(read(lmp, 'final.data').split('\n')[0], /timestep = 4300$/);

    const version = /Massively Parallel Simulator - (.+?)\s*$/m.exec(spawnSync(LMP, ['-h'], { encoding: 'utf8' }).stdout)![1];
    const summary = JSON.parse(read(lmp, 'summary.json'));
    assert.is(summary.engine, 'lammps');
    assert.equal(summary.lammps, { version, command: `${LMP} -in lammps.in -log none -nocite`, ranks: 1 });
    assert.is(summary.final.step, 4300);
    assert.is(summary.neighbor_builds, JSON.parse(read(own, 'summary.json')).neighbor_builds);
    const manifest = JSON.parse(read(lmp, 'manifest.json'));
    assert.equal([manifest.engine, manifest.begin, manifest.lammps.version, manifest.sessions.length], ['lammps', { step: 4000, time: 0 }, version, 1]);
  });

  test('stopped by a signal: one line naming the restart file, exit 143; other settings are refused; the same command resumes', () => {
    const dir = join(root, 'ka-stopped');
    // A LAMMPS that halts at step 4150 (after the restart file of step 4100) and then has betascape sent SIGTERM.
    const halting = join(root, 'lmp-halts');
    writeFileSync(halting, `#!/bin/sh
[ "$1" = "-h" ] && exec ${LMP} "$@"
sed -i '/^run /i variable quit equal step>=4150\\nfix quit all halt 10 v_quit > 0 error hard' lammps.in
${LMP} "$@"
kill -TERM $PPID
sleep 10
`);
    chmodSync(halting, 0o755);
    const args = [...KA, '--engine', 'lammps', '--checkpoint-steps', '100', '--out', dir];
    const first = betascape([...args, '--lammps-command', halting]);
    assert.is(first.status, 143, first.stderr);
    // The step of the last thermo row LAMMPS printed.
    assert.equal(first.stdout.trim().split('\n'), [`md: stopped by SIGTERM after step 120 of 300; the same command resumes it from ${dir}/lammps-4100.restart (step 4100)`]);
    assert.equal(readCsvColumns(join(dir, 'thermo.csv'), ['step']).step, [4000, 4030, 4060, 4090, 4120], 'the rows so far');

    const other = betascape([...KA.map((a, k) => (KA[k - 1] === '--seed' ? '4' : a)), '--engine', 'lammps', '--out', dir]);
    assert.is(other.status, 2);
    assert.equal(other.stderr.trim().split('\n'), [`betascape: error: ${join(dir, 'manifest.json')}: written by an md run with other settings; rerun that command to continue it, or use another --out`]);

    const again = betascape(args.filter((a) => a !== '--quiet'));
    assert.is(again.status, 0, again.stderr);
    assert.match(again.stderr, `md: continuing ${dir}/lammps-4100.restart from step 4100`);
    assert.equal(JSON.parse(read(dir, 'manifest.json')).sessions.map((s: { resumed_at_step: number | null }) => s.resumed_at_step), [null, 4100]);
    assert.equal(parseLammpsDumpFile(join(dir, 'trajectory.dump')).map((f) => f.timestep), [4060, 4120, 4180, 4240, 4300], 'no frame twice');
    // Resumed within the run (neighbour lists rebuilt in another order), not bit for bit; still the
    // uninterrupted run's to 1e-9. LAMMPS counts neighbour-list builds from the session's start.
    sameThermo(join(dir, 'thermo.csv'), join(lmp, 'thermo.csv'), 1e-9, THERMO_COLUMNS.filter((c) => c !== 'neighbor_builds'));
    const builds = [dir, lmp].map((d) => readCsvColumns(join(d, 'thermo.csv'), ['neighbor_builds']).neighbor_builds);
    assert.equal(builds[0].slice(0, 4), builds[1].slice(0, 4));
    assert.ok(JSON.parse(read(dir, 'summary.json')).resumed);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.restart')), []);
  });

  test('Cu–Zr EAM under NPT (aniso, P ramped 0 → 1000 bar) on engine lammps: the betascape engine\'s rows to 1e-10', () => {
    const args = ['md', '--potential', 'CuZr_mm.eam.fs', '--elements', 'Cu,Zr', '--n', '500', '--composition', 'Cu:0.64,Zr:0.36', '--density', '0.058',
      '--ensemble', 'npt', '--T', '1500', '--P', '0', '--P-stop', '1000', '--couple', 'aniso', '--steps', '100', '--thermo-every', '20', '--quiet'];
    const a = betascape([...args, '--out', join(root, 'cuzr-betascape')]);
    assert.is(a.status, 0, a.stderr);
    const b = betascape([...args, '--engine', 'lammps', '--out', join(root, 'cuzr-lammps')]);
    assert.is(b.status, 0, b.stderr);
    assert.match(read(root, 'cuzr-lammps', 'lammps.in'), /\nfix md all npt temp 1500 1500 0\.1 aniso 0 1000 1 tchain 3 pchain 3\n/);
    const worst = sameThermo(join(root, 'cuzr-lammps', 'thermo.csv'), join(root, 'cuzr-betascape', 'thermo.csv'), 1e-10);
    console.log(`      Cu-Zr NPT, 100 steps: thermo ${worst.toExponential(1)}`);
  });

  test('a LAMMPS ERROR is its own line with the log\'s path, exit 2; a betascape-engine checkpoint and a missing mpirun are one line', () => {
    const dir = join(root, 'error');
    const r = betascape([...KA, '--engine', 'lammps', '--lammps-args=-var', '--out', dir]);
    assert.is(r.status, 2, r.stderr);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.startsWith(`betascape: error: ${join(dir, 'log.lammps')}: ERROR: Invalid command-line argument`), r.stderr);

    // A betascape-engine checkpoint is not overwritten.
    const ck = join(root, 'checkpointed');
    mkdirSync(ck);
    writeFileSync(join(ck, 'checkpoint.json'), '{}');
    const c = betascape([...KA, '--engine', 'lammps', '--out', ck]);
    assert.is(c.status, 2, c.stderr);
    assert.equal(c.stderr.trim().split('\n'), [`betascape: error: ${join(ck, 'checkpoint.json')}: written by an md run on the betascape engine; rerun that command to continue it, or use another --out`]);
    assert.equal(readdirSync(ck), ['checkpoint.json']);

    const path = join(root, 'path-without-mpirun');
    mkdirSync(path);
    symlinkSync(spawnSync('sh', ['-c', `command -v ${LMP}`], { encoding: 'utf8' }).stdout.trim(), join(path, 'lmp'));
    const m = betascape([...KA, '--engine', 'lammps', '--lammps-command', 'lmp', '--mpi-ranks', '2', '--out', join(root, 'mpi')], { ...process.env, PATH: path });
    assert.is(m.status, 2, m.stderr);
    assert.equal(m.stderr.trim().split('\n'), [
      'betascape: error: --mpi-ranks: 2 ranks need mpirun, which is not found; install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin) or give --mpi-ranks 1',
    ]);
  });
}

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
