/**
 * Sweep members on `engine: lammps` (sim/lammps): the input's pair lines give betascape's energy
 * and forces on betascape's own start (LAMMPS `run 0`), a KA member has every file of a member and
 * agrees with the betascape engine (its first thermo rows to 1e-8, e_IS and the glass energy
 * within one seed's scatter), a LAMMPS that stops part-way resumes from its newest complete
 * restart file and ends bit for bit where an uninterrupted run ends, an EAM member runs, and a
 * missing lmp or mpirun, or a LAMMPS ERROR, is one line and exit 2. Skipped without `lmp`
 * (except the missing-lmp check).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSweepConfig, singleMember, type Member } from '../sim/protocols/sweep.js';
import { initialSample } from '../sim/protocols/quench-member.js';
import { materializeZhou } from '../sim/potentials/resolve.js';
import { referenceForceField } from '../sim/open-force-field.js';
import { computeForces } from '../sim/forces.js';
import { parseLammpsDataFile, writeLammpsData } from '../sim/io/lammps-data.js';
import { parseLammpsDumpFile } from '../sim/io/lammps-dump.js';
import { readCsvColumns } from '../sim/io/csv-units.js';
import { lammpsPairLines } from '../sim/lammps/input.js';
import { runMember, type MemberSummary } from '../analysis/sweep/member.js';
import { LMP, lammpsPreamble, lastThermo, requireLammps, runLammps } from './helpers/lammps.js';
import { readDump, vectorDeviation } from './helpers/compare.js';

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'betascape-lammps-engine-'));
let files = 0;
function config(text: string): string {
  const f = join(root, `c${files++}.yaml`);
  writeFileSync(f, text);
  return f;
}
/** The one member of a config, written straight into its output directory (as `betascape quench`). */
function member(text: string, sets: string[]): Member {
  return singleMember(loadSweepConfig(config(text), sets), 'test');
}
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const betascape = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });

/**
 * KA, 500 atoms, Nosé–Hoover (damp 0.1 τ = 20 steps): melt at T = 2 (100 steps), hold at T = 1
 * (200 steps, ten damping times), quench to T = 0.3 at 1 per τ (140 steps). Restart files only at
 * the stage boundaries (every_steps beyond the run).
 */
const KA = `model: ka
n: 500
thermostat: { damp: 0.1 }
melt: { T: 2.0, duration: 0.5 }
quench: { T_start: 1.0, T_end: 0.3, hold: 1.0, rates: [1.0] }
sampling: { thermo_every: 20, snapshot_every: 100 }
checkpoint: { every_steps: 1000 }
seeds: [3]
`;

// No LAMMPS needed: the executable named is not there.
test('a missing lmp: one line naming it and how to install it, exit 2, nothing written is lost', () => {
  const out = join(root, 'missing-lmp');
  mkdirSync(out);
  writeFileSync(join(out, 'keep.txt'), 'mine');
  const r = betascape(['quench', config(KA + 'engine: lammps\nlammps: { command: /nonexistent/lmp }\n'), '--set', `output=${out}`, '--force']);
  assert.is(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n'), [
    "betascape: error: lammps.command: '/nonexistent/lmp' not found; install LAMMPS (Debian/Ubuntu: apt-get install lammps) or set lammps.command to the LAMMPS executable",
  ]);
  assert.is(read(out, 'keep.txt'), 'mine');
  assert.not.ok(existsSync(join(out, 'config.yaml')), 'checked before the member directory is written');
  // A sweep checks once, before any member starts.
  const sweep = betascape(['sweep', config(KA + 'engine: lammps\nlammps: { command: /nonexistent/lmp }\n'), '--set', 'seeds=3', '--set', `output=${join(root, 'missing-sweep')}`]);
  assert.is(sweep.status, 2, sweep.stderr);
  assert.is(sweep.stderr.trim().split('\n').length, 1, sweep.stderr);
  assert.match(sweep.stderr, /lammps.command: '\/nonexistent\/lmp' not found; install LAMMPS/);
});

if (requireLammps('the LAMMPS engine of sweep members (test/lammps-engine.test.ts)')) {
  test('the pair lines: LAMMPS run 0 on betascape\'s start data gives betascape\'s energy (1e-10) and forces', () => {
    const cases: [string, string][] = [
      ['ka', 'model: ka\nn: 500\n'],
      ['wahnstrom', 'model: wahnstrom\nn: 500\n'],
      ['model file', `model: ${fileURLToPath(new URL('../configs/models/ka-weak-ab.yaml', import.meta.url))}\nn: 500\n`],
      ['CuZr_mm.eam.fs', 'potential: { file: CuZr_mm.eam.fs, elements: [Cu, Zr] }\ncomposition: { Cu: 0.64, Zr: 0.36 }\nn: 500\ndensity: 0.058\n'],
      ['Zhou Cu-Zr eam/alloy', 'potential: { zhou: [Cu, Zr] }\ncomposition: { Cu: 0.5, Zr: 0.5 }\nn: 500\ndensity: 0.058\n'],
    ];
    for (const [label, head] of cases) {
      const dir = join(root, `pair-${files}`);
      mkdirSync(dir);
      const m = member(`${head}melt: { T: 2000, duration: 1 }\nquench: { T_start: 1500, T_end: 300, rates: [100] }\n`, [`output=${dir}`, 'seeds=[7]']);
      const { potential: pot, config: c } = m;
      const spec = pot.zhou && pot.spec.kind === 'eam' ? materializeZhou(pot.spec, pot.zhou, dir) : pot.spec;
      writeLammpsData(join(dir, 'start.data'), initialSample(m).state);
      const { log } = runLammps(`${lammpsPreamble({ units: c.units, pair: lammpsPairLines(spec).join('\n'), skin: c.skin, dt: c.dt })}thermo_style custom step pe
thermo_modify norm no format float %.17g
dump d all custom 1 forces.dump id type x y z fx fy fz
dump_modify d format float %.17g sort id
run 0
`, dir);
      // Both codes from exactly the numbers in the file.
      const state = parseLammpsDataFile(join(dir, 'start.data'));
      const out = computeForces(state, referenceForceField(spec, c.skin), { energyVirial: true });
      const pe = lastThermo(log, 'PotEng');
      const de = Math.abs(out.energy - pe) / Math.abs(pe);
      const dump = readDump(join(dir, 'forces.dump'), state);
      const df = vectorDeviation(state.f, (d) => dump.col(['fx', 'fy', 'fz'][d]), dump.index);
      console.log(`      ${label}: rel. energy ${de.toExponential(1)}, forces ${df.toExponential(1)}`);
      assert.ok(de < 1e-10, `${label}: energy ${out.energy} vs LAMMPS ${pe}`);
      assert.ok(df < 1e-9, `${label}: max |dF| / max |F| = ${df}`);
    }
  });

  const plain = join(root, 'ka-lammps');
  let lmp: MemberSummary;

  test('a KA member on engine lammps: every file, the manifest names LAMMPS, agrees with the betascape engine', async () => {
    lmp = await runMember(member(KA + 'engine: lammps\n', [`output=${plain}`]));
    const own = await runMember(member(KA, [`output=${join(root, 'ka-betascape')}`]));
    for (const f of ['config.yaml', 'manifest.json', 'thermo.csv', 'quench.csv', 'trajectory.dump', 'glass.data', 'glass.xyz', 'inherent.data', 'summary.json', 'log.lammps', 'lammps.in', 'lammps-start.data']) {
      assert.ok(existsSync(join(plain, f)), f);
    }
    assert.equal(readdirSync(plain).filter((f) => /restart|lammps-final|lammps\.done/.test(f)), [], 'restart files and the final data go once the member is done');
    const manifest = JSON.parse(read(plain, 'manifest.json'));
    assert.is(manifest.engine, 'lammps');
    const version = /Massively Parallel Simulator - (.+?)\s*$/m.exec(spawnSync(LMP, ['-h'], { encoding: 'utf8' }).stdout)![1];
    assert.is(manifest.lammps.version, version);
    assert.is(manifest.lammps.command, `${LMP} -in lammps.in -log none -nocite`);
    assert.match(read(plain, 'log.lammps'), `LAMMPS (${version})`);
    assert.is(lmp.steps.total, 440);

    // quench.csv: the cooling rows, T_target from the step (1.0 at step 300 down to 0.3 at 440).
    const q = readCsvColumns(join(plain, 'quench.csv'), ['step', 'T_target', 'T', 'PE', 'volume', 'P']);
    assert.equal(q.step, Array.from({ length: 7 }, (_, k) => 320 + 20 * k));
    q.step.forEach((s, k) => assert.ok(Math.abs(q.T_target[k] - (1.0 - ((s - 300) / 140) * 0.7)) < 1e-12, `T_target at ${s}`));
    assert.ok(q.PE.every(Number.isFinite) && q.volume.every((v) => Math.abs(v - 500 / 1.2) < 1e-9));
    assert.equal(parseLammpsDumpFile(join(plain, 'trajectory.dump')).map((f) => f.timestep), [100, 200, 300, 400]);

    // The same start and thermostat: the first rows of both engines agree until chaos parts them.
    const cols = ['step', 'T_target', 'T', 'P', 'PE', 'KE', 'econserve'] as const;
    const a = readCsvColumns(join(plain, 'thermo.csv'), cols), b = readCsvColumns(join(root, 'ka-betascape', 'thermo.csv'), cols);
    assert.equal(a.step, b.step);
    for (const col of cols) {
      a[col].slice(0, 11).forEach((x, k) => assert.ok(Math.abs(x - b[col][k]) <= 1e-8 * Math.max(1, Math.abs(x)), `${col} at step ${a.step[k]}: ${x} vs ${b[col][k]}`));
    }

    // Later the trajectories part ways (another summation order; chaos), and the two members are
    // two samples of one protocol. One seed's e_IS scatters by about 0.01–0.02 ε/atom at N = 500
    // after such a fast quench (8 and 16 seeds of this protocol with a shorter hold: standard
    // deviation 0.008–0.018), so two samples differ by about 0.025 at most typically; 0.08 is over
    // 3 of those. The glass energy (at T ≈ 0.4, lagging the target) scatters by about 0.02–0.04:
    // 0.15. A wrong protocol misses by more: no shift of the LJ energy moves both by about 0.5,
    // a glass left at T = 1 by about 0.7 ε/atom.
    console.log(`      e_IS lammps ${lmp.e_is_per_atom.toFixed(5)} betascape ${own.e_is_per_atom.toFixed(5)}; glass ${lmp.glass.pe_per_atom.toFixed(5)} ${own.glass.pe_per_atom.toFixed(5)}`);
    assert.ok(Math.abs(lmp.e_is_per_atom - own.e_is_per_atom) < 0.08, `e_IS ${lmp.e_is_per_atom} vs ${own.e_is_per_atom}`);
    assert.ok(Math.abs(lmp.glass.pe_per_atom - own.glass.pe_per_atom) < 0.15, `glass PE ${lmp.glass.pe_per_atom} vs ${own.glass.pe_per_atom}`);
    assert.ok(lmp.inherent.converged && lmp.inherent.max_force < 1e-8);
  });

  test('LAMMPS stopping part-way: a rerun resumes from the newest complete restart file and ends bit for bit as the uninterrupted run', async () => {
    const dir = join(root, 'ka-resumed');
    // A LAMMPS that quits (status 1, no ERROR) right after the quench has run, before the final state.
    const quitting = join(root, 'lmp-quits');
    writeFileSync(quitting, `#!/bin/sh\n[ "$1" = "-h" ] && exec ${LMP} "$@"\nsed -i '/^run .* stop 440$/a quit 1' lammps.in\nexec ${LMP} "$@"\n`);
    chmodSync(quitting, 0o755);
    const text = KA + 'engine: lammps\n';
    const first = betascape(['quench', config(text), '--set', `output=${dir}`, '--set', `lammps.command=${quitting}`, '--quiet']);
    assert.is(first.status, 2, first.stderr);
    assert.match(first.stderr.trim(), new RegExp(`^betascape: error: ${dir}: LAMMPS exited with status 1; see log.lammps there \\(a rerun resumes from the newest restart file\\)$`));
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.restart')).sort(), ['lammps-100.restart', 'lammps-300.restart']);
    // A newer restart file cut short (no end marker) is passed over.
    writeFileSync(join(dir, 'lammps-400.restart'), 'LammpS RestartT\0 cut short');

    // How LAMMPS is started is no part of the physics: the rerun may name another executable.
    const again = betascape(['quench', config(text), '--set', `output=${dir}`, '--set', `lammps.command=${LMP}`]);
    assert.is(again.status, 0, again.stderr);
    assert.match(again.stderr, /resuming LAMMPS from step 300 of 440 \(lammps-300.restart\)/);
    const sessions = JSON.parse(read(dir, 'manifest.json')).sessions;
    assert.equal(sessions.map((s: { resumed_at_step: number | null }) => s.resumed_at_step), [null, 300]);
    // The rows the stopped session wrote after step 300 are replaced, none twice; no dump frame twice.
    assert.equal(readCsvColumns(join(dir, 'thermo.csv'), ['step']).step, Array.from({ length: 23 }, (_, k) => 20 * k));
    assert.equal(parseLammpsDumpFile(join(dir, 'trajectory.dump')).map((f) => f.timestep), [100, 200, 300, 400]);
    // The resumed session reads the restart file of the stage boundary as the uninterrupted run does.
    assert.is(read(dir, 'glass.data').split('\n').slice(1).join('\n'), read(plain, 'glass.data').split('\n').slice(1).join('\n'));
    assert.is(read(dir, 'thermo.csv'), read(plain, 'thermo.csv'));
    assert.is(JSON.parse(read(dir, 'summary.json')).e_is_per_atom, lmp.e_is_per_atom);
  });

  test('an EAM member (CuZr_mm.eam.fs, NPT at P = 0) runs on engine lammps', async () => {
    const dir = join(root, 'cuzr');
    const s = await runMember(member(`potential: { file: CuZr_mm.eam.fs, elements: [Cu, Zr] }
composition: { Cu: 0.64, Zr: 0.36 }
n: 500
density: 0.058
ensemble: npt
pressure: 0
melt: { T: 2000, duration: 0.1 }
quench: { T_start: 1500, T_end: 500, rates: [10000] }
sampling: { thermo_every: 20 }
minimize: { ftol: 1.0e-2, max_iterations: 50 }
engine: lammps
`, [`output=${dir}`]));
    assert.match(read(dir, 'lammps.in'), /pair_style eam\/fs\npair_coeff \* \* \S+CuZr_mm.eam.fs Cu Zr\n/);
    assert.match(read(dir, 'lammps.in'), /fix md all npt temp 1500 500 0.1 iso 0 0 1 tchain 3 pchain 3\n/);
    assert.is(s.steps.total, 200);
    // A Cu64Zr36 glass near 500 K: about -4.3 eV/atom, density near the start's.
    assert.ok(s.glass.pe_per_atom < -4 && s.glass.pe_per_atom > -4.6, `glass PE ${s.glass.pe_per_atom}`);
    assert.ok(Math.abs(s.glass.density / 0.058 - 1) < 0.1, `density ${s.glass.density}`);
    assert.ok(s.e_is_per_atom < s.glass.pe_per_atom);
  });

  test('a LAMMPS ERROR is its own line with the member\'s log, exit 2; a missing mpirun is one line', () => {
    const dir = join(root, 'error');
    const r = betascape(['quench', config(KA + "engine: lammps\nlammps: { extra_args: ['-var'] }\n"), '--set', `output=${dir}`]);
    assert.is(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n').filter((l) => !/^\S+: (melt|hold|quench)/.test(l));
    assert.is(lines.length, 1, r.stderr);
    assert.ok(lines[0].startsWith(`betascape: error: ${join(dir, 'log.lammps')}: ERROR: Invalid command-line argument`), lines[0]);
    assert.ok(existsSync(join(dir, 'config.yaml')) && existsSync(join(dir, 'lammps-start.data')), 'what was written stays');

    // A PATH with lmp but without mpirun.
    const path = join(root, 'path-without-mpirun');
    mkdirSync(path);
    const which = spawnSync('sh', ['-c', `command -v ${LMP}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(which, join(path, 'lmp'));
    const m = betascape(['quench', config(KA + 'engine: lammps\nlammps: { command: lmp, mpi_ranks: 2 }\n'), '--set', `output=${join(root, 'mpi')}`], { ...process.env, PATH: path });
    assert.is(m.status, 2, m.stderr);
    assert.equal(m.stderr.trim().split('\n'), [
      'betascape: error: lammps.mpi_ranks: 2 ranks need mpirun, which is not found; install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin) or set lammps.mpi_ranks: 1',
    ]);

    // An mpirun that refuses to run as root (as Open MPI does) unless given --allow-run-as-root:
    // the message says how to allow it, and lammps.mpirun_args reach mpirun before -np.
    const fake = join(path, 'mpirun');
    writeFileSync(fake, `#!/bin/sh\n[ "$1" = "--version" ] && exit 0\necho "$@" > "${join(root, 'mpirun-args')}"\n` +
      `[ "$1" = "--allow-run-as-root" ] && { echo "fake mpirun: allowed" >&2; exit 1; }\necho "mpirun has detected an attempt to run as root." >&2\nexit 1\n`);
    chmodSync(fake, 0o755);
    const env = { ...process.env, PATH: `${path}:${process.env.PATH}` };
    const asRoot = betascape(['quench', config(KA + 'engine: lammps\nlammps: { mpi_ranks: 2 }\n'), '--set', `output=${join(root, 'root')}`], env);
    assert.is(asRoot.status, 2, asRoot.stderr);
    const said = asRoot.stderr.trim().split('\n').filter((l) => l.startsWith('betascape: error:'));
    assert.is(said.length, 1, asRoot.stderr);
    assert.match(said[0], /\(mpirun has detected an attempt to run as root\.\); to run as root, give lammps\.mpirun_args: \['--allow-run-as-root'\]/);
    const allowed = betascape(['quench', config(KA + "engine: lammps\nlammps: { mpi_ranks: 2, mpirun_args: ['--allow-run-as-root'] }\n"), '--set', `output=${join(root, 'root2')}`], env);
    assert.match(allowed.stderr, /\(fake mpirun: allowed\)/);
    assert.match(read(root, 'mpirun-args'), /^--allow-run-as-root -np 2 lmp -in /);
  });

  test('sweep --emit slurm: members on engine lammps with mpi_ranks get that many tasks', () => {
    const out = join(root, 'slurm');
    const r = betascape(['sweep', config(KA + 'engine: lammps\nlammps: { mpi_ranks: 4 }\n'), '--set', `output=${out}`, '--set', 'seeds=2', '--emit', 'slurm']);
    assert.is(r.status, 0, r.stderr);
    const script = read(out, 'slurm', 'sweep.sbatch');
    assert.match(script, /#SBATCH --ntasks=4\n/);
    assert.match(script, /#SBATCH --array=0-1\n/);
    assert.match(read(out, 'rate-1e0_seed-1', 'config.yaml'), /engine: lammps/);
  });
}

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
