/**
 * Sweep configs: the shipped files, defaults, --set overrides, one line per problem naming the
 * key path (and the file line), unknown keys, EAM potentials in metal units with NPT (and their
 * cross-key checks), and the expansion into members.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../sim/config/problems.js';
import { parseOverride } from '../sim/config/document.js';
import { configToYaml, coolingRates, loadSweepConfig, singleMember, type LoadedSweep } from '../sim/protocols/sweep.js';
import { checkMemberDirs, checkSweepDir } from '../sim/protocols/run-dir.js';
import { physicsDifferences, physicsHash } from '../sim/protocols/physics-key.js';
import { InputError } from '../sim/errors.js';
import { MIN_METHODS } from '../landscape/minimize/index.js';

const configs = fileURLToPath(new URL('../configs/', import.meta.url));
const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'betascape-config-'));
let fileCount = 0;

function write(text: string): string {
  const f = join(dir, `c${fileCount++}.yaml`);
  writeFileSync(f, text);
  return f;
}

const BASE = `model: ka
n: 256
melt: { T: 2.0, duration: 1 }
quench: { T_start: 1.0, T_end: 0.1, rates: [0.1] }
`;

/** The problems of a config, or [] when it loads. */
function problems(text: string, sets: string[] = []): string[] {
  try {
    loadSweepConfig(write(text), sets);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

test('the shipped configs load: ka-cooling-sweep is 2 rates × 4 seeds of KA N=864 NVT', () => {
  const ka: LoadedSweep = loadSweepConfig(join(configs, 'ka-cooling-sweep.yaml'));
  assert.is(ka.members.length, 8);
  assert.equal([...new Set(ka.members.map((m) => m.rate))], [0.01, 0.001]);
  assert.equal([...new Set(ka.members.map((m) => m.seed))], [1, 2, 3, 4]);
  const c = ka.config;
  assert.is(c.n, 864);
  assert.is(c.density, 1.2);
  assert.is(c.ensemble, 'nvt');
  assert.equal([c.quench.T_start, c.quench.T_end], [1.0, 0.1]);
  assert.is(ka.members[0].name, 'rate-1e-2_seed-1');
  assert.ok(ka.members[0].dir.endsWith(join('runs', 'ka-cooling-sweep', 'rate-1e-2_seed-1')));
  assert.equal(ka.members[0].config.quench.rates, [0.01]);
  assert.equal(ka.members[0].config.seeds, [1]);
  const small = loadSweepConfig(join(configs, 'quench-small.yaml'));
  assert.is(small.members.length, 4);
});

test('defaults are filled in; seeds as a count or a list; rates as a list or a log range', () => {
  const { config, members } = loadSweepConfig(write(BASE));
  assert.is(config.dt, 0.005);
  assert.is(config.skin, 0.3);
  assert.is(config.thermostat.chain, 3);
  assert.is(config.ensemble, 'nvt');
  assert.is(config.units, 'lj');
  assert.is(config.backend, 'cpu');
  assert.is(config.minimize.ftol, 1e-8);
  assert.is(config.sampling.thermo_every, 100);
  assert.is(config.checkpoint.every_s, 300);
  assert.equal(config.seeds, 1);
  assert.is(members.length, 1);
  assert.equal(coolingRates({ from: 1e-3, to: 1e-1, count: 3 }), [1e-3, 1e-2, 1e-1]);
  const m = loadSweepConfig(write(BASE.replace('rates: [0.1]', 'rates: { from: 0.001, to: 0.1, count: 3 }') + 'seeds: [7, 11]\n')).members;
  assert.equal(m.map((x) => x.name), ['rate-1e-3_seed-7', 'rate-1e-3_seed-11', 'rate-1e-2_seed-7', 'rate-1e-2_seed-11', 'rate-1e-1_seed-7', 'rate-1e-1_seed-11']);
});

test('anneal variants and alloys multiply the grid; names say what varies', () => {
  const text = BASE + `anneal: [{ T: 0.3, duration: 0 }, { T: 0.3, duration: 10 }]
alloys: [{ name: ka80 }, { name: ka70, composition: { A: 0.7, B: 0.3 } }]
seeds: 2
`;
  const { members } = loadSweepConfig(write(text));
  assert.is(members.length, 2 * 2 * 2);
  assert.equal(members.slice(0, 4).map((m) => m.name), [
    'ka80_rate-1e-1_anneal-none_seed-1', 'ka80_rate-1e-1_anneal-none_seed-2', 'ka80_rate-1e-1_anneal-T0.3-t10_seed-1', 'ka80_rate-1e-1_anneal-T0.3-t10_seed-2',
  ]);
  const last = members[members.length - 1];
  assert.equal(last.config.composition, { A: 0.7, B: 0.3 });
  assert.equal(last.anneal, { T: 0.3, duration: 10 });
  assert.is(last.alloy, 'ka70');
});

test('--set overrides any key, parsed as YAML, validated like the file', () => {
  const { config, members } = loadSweepConfig(write(BASE), ['quench.rates=[0.01, 0.02]', 'seeds=2', 'output=/tmp/run-x', 'melt.T=3', 'quench.rates[1]=0.05']);
  assert.equal(config.quench.rates, [0.01, 0.05]);
  assert.is(config.melt.T, 3);
  assert.is(members.length, 4);
  assert.is(members[0].dir, '/tmp/run-x/rate-1e-2_seed-1');
  assert.equal(parseOverride('a.b[2].c=x y'), { path: ['a', 'b', 2, 'c'], value: 'x y' });
  assert.throws(() => parseOverride('novalue'), (e: Error) => e instanceof InputError && /expected KEY=VALUE/.test(e.message));
  assert.throws(() => parseOverride('a..b=1'), /not a key path/);
  assert.equal(problems(BASE, ['quench.rates=[0.1, -1]', 'n=ten']), [
    '--set: n: must be a whole number, got \'ten\'',
    '--set: quench.rates[1]: must be > 0',
  ].sort((a, b) => (a.includes('n:') ? -1 : 1) - (b.includes('n:') ? -1 : 1)));
});

test('every problem is one line naming the key path and the file line; unknown keys are errors', () => {
  const text = `model: ka
n: 256
bogus: 1
melt: { T: 2.0, duraton: 1 }
quench:
  T_start: 1.0
  T_end: 0.1
  rates: [0.1, 0.01, -0.5]
ensemble: nvx
dt: "fast"
`;
  const f = write(text);
  let lines: string[] = [];
  try {
    loadSweepConfig(f);
  } catch (e) {
    lines = (e as ConfigError).problems;
  }
  const expect = [
    `${f}:3: bogus: unknown key (allowed: `,
    `${f}:4: melt.duraton: unknown key (did you mean 'duration'?)`,
    `${f}:4: melt.duration: is required`,
    `${f}:8: quench.rates[2]: must be > 0`,
    `${f}:9: ensemble: must be one of nvt, langevin, npt, got 'nvx'`,
    `${f}:10: dt: must be a number, got 'fast'`,
  ];
  for (const e of expect) assert.ok(lines.some((l) => l.startsWith(e)), `missing "${e}" in\n${lines.join('\n')}`);
  assert.is(lines.length, expect.length, lines.join('\n'));
  assert.ok(lines.every((l) => !l.includes('\n')));
});

test('checks across keys: cooling direction, box size, species, model files, seeds', () => {
  assert.match(problems(BASE.replace('T_end: 0.1', 'T_end: 1.5'))[0], /quench.T_end: must be below quench.T_start/);
  assert.match(problems(BASE.replace('n: 256', 'n: 100'))[0], /n: 100 atoms at density 1.2 make a box of length 4.368, shorter than twice the cut-off \+ skin \(5.600\); use n >= 211/);
  assert.match(problems(BASE + 'composition: { A: 0.8, C: 0.2 }\n')[0], /composition.C: unknown species 'C' \(model ka has A, B\)/);
  assert.match(problems(BASE.replace('model: ka', 'model: nosuch.yaml'))[0], /:1: model: 'nosuch.yaml' is neither a preset \(ka, wahnstrom\) nor a model file/);
  assert.match(problems(BASE + 'seeds: [1, 1]\n')[0], /seeds: lists a seed twice/);
  assert.match(problems(BASE.replace('T_end: 0.1', 'T_end: 0'))[0], /quench.T_end: Nose-Hoover .* needs T > 0; use ensemble: langevin/);
  assert.equal(problems(BASE.replace('T_end: 0.1', 'T_end: 0') + 'ensemble: langevin\n'), []);
  assert.match(problems(BASE.replace('rates: [0.1]', 'rates: [1000]'))[0], /quench.rates\[0\]: rate 1000 is too fast/);
  // A model file is read relative to the config file.
  const model = join(dir, 'my-model.yaml');
  writeFileSync(model, `name: mine
species: [{ name: A, mass: 1 }]
pairs: { A-A: { epsilon: 1, sigma: 1, cutoff: 2.5 } }
composition: { A: 1 }
density: 1.0
`);
  const m = loadSweepConfig(write(BASE.replace('model: ka', 'model: my-model.yaml'))).members[0];
  assert.is(m.potential.name, 'mine');
  assert.is(m.config.model, model, 'member configs name model files by absolute path');
});

const CUZR = '/usr/share/lammps/potentials/CuZr_mm.eam.fs';
const EAM_BASE = `potential: { file: ${CUZR}, elements: [Cu, Zr] }
composition: { Cu: 0.64, Zr: 0.36 }
n: 500
density: 0.058
ensemble: npt
pressure: 0
melt: { T: 2000, duration: 1 }
quench: { T_start: 2000, T_end: 300, rates: [100] }
`;

test('the shipped alloy configs validate: EAM potentials, metal units, NPT at P = 0', () => {
  for (const [file, elements, comp] of [
    ['cu64zr36-quench.yaml', ['Cu', 'Zr'], { Cu: 0.64, Zr: 0.36 }],
    ['cu50zr50-quench.yaml', ['Cu', 'Zr'], { Cu: 0.5, Zr: 0.5 }],
    ['vit105-quench.yaml', ['Zr', 'Cu', 'Ni', 'Al', 'Ti'], { Zr: 0.525, Cu: 0.179, Ni: 0.146, Al: 0.1, Ti: 0.05 }],
  ] as const) {
    const { config, members } = loadSweepConfig(join(configs, file));
    assert.is(config.units, 'metal', file);
    assert.is(config.ensemble, 'npt', file);
    assert.is(config.pressure, 0, file);
    assert.equal(config.composition, comp, file);
    assert.ok(members.length >= 1);
    const m = members[0];
    assert.equal(m.potential.species.map((s) => s.name), [...elements], file);
    assert.is(m.potential.spec.kind, 'eam');
    const cli = spawnSync(process.execPath, [bin, 'validate', join(configs, file)], { encoding: 'utf8' });
    assert.is(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /: ok\n/);
  }
  // The Zhou potential of Vit105 is generated into each member's directory.
  const vit = loadSweepConfig(join(configs, 'vit105-quench.yaml')).members[0];
  assert.equal(vit.potential.zhou, ['Zr', 'Cu', 'Ni', 'Al', 'Ti']);
  assert.is((vit.potential.spec as { file: string }).file, join(vit.dir, 'ZrCuNiAlTi.zhou.eam.alloy'));
  // Masses come from the potential file (Cu 63.546, Zr 91.224 in CuZr_mm.eam.fs).
  const cz = loadSweepConfig(join(configs, 'cu64zr36-quench.yaml')).members[0];
  assert.equal(cz.potential.species.map((s) => s.mass), [63.546, 91.224]);
});

test('metal-unit defaults: dt 0.001 ps, skin 2 Å and barostat pdamp 1000 dt, as LAMMPS; the alloy is named by its formula', () => {
  const { config, members } = loadSweepConfig(write(EAM_BASE));
  assert.is(config.units, 'metal');
  assert.is(config.dt, 0.001);
  assert.is(config.skin, 2.0);
  assert.equal(config.barostat, { pdamp: 1.0, couple: 'iso', chain: 3 });
  assert.is(config.minimize.ftol, 1e-8);
  assert.is(members[0].alloy, 'Cu64Zr36');
  assert.is(members[0].name, 'rate-1e2_seed-1');
  // LJ configs keep their defaults and get no barostat.
  const lj = loadSweepConfig(write(BASE)).config;
  assert.equal([lj.units, lj.dt, lj.skin, lj.barostat], ['lj', 0.005, 0.3, undefined]);
  const tri = loadSweepConfig(write(EAM_BASE + 'barostat: { couple: tri, pdamp: 0.5 }\ndt: 0.002\n')).config;
  assert.equal(tri.barostat, { pdamp: 0.5, couple: 'tri', chain: 3 });
});

test('EAM / NPT mistakes: one line each naming the key', () => {
  const one = (text: string, re: RegExp) => {
    const lines = problems(text);
    assert.is(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], re);
  };
  one(EAM_BASE.replace('pressure: 0\n', ''), /:\d+: pressure: is required with ensemble npt \(bar; 0 for a quench at zero pressure\)/);
  one(EAM_BASE.replace('ensemble: npt', 'ensemble: nvt'), /pressure: is only used with ensemble npt \(this config is nvt\)/);
  one(BASE + 'barostat: { pdamp: 1 }\n', /barostat: is only used with ensemble npt/);
  one(EAM_BASE + 'units: lj\n', /units: EAM potentials are in metal units, not lj/);
  one(BASE + 'units: metal\n', /units: Lennard-Jones models are in lj units, not metal/);
  one(EAM_BASE.replace('density: 0.058\n', ''), /density: is required with a potential \(number density, atoms\/Å\^3/);
  one(EAM_BASE.replace('composition: { Cu: 0.64, Zr: 0.36 }\n', ''), /composition: is required with a potential: mole fractions of Cu, Zr/);
  one(EAM_BASE.replace('Zr: 0.36', 'Ni: 0.36'), /composition.Ni: unknown species 'Ni' \(CuZr_mm.eam.fs has Cu, Zr\)/);
  one(EAM_BASE.replace('elements: [Cu, Zr]', 'elements: [Cu, Ag]'), /:1: potential: .*no element 'Ag' in this EAM file \(it has Cu, Zr\)/);
  one(EAM_BASE.replace(', elements: [Cu, Zr]', ''), /potential: needs file: .* and elements:/);
  one(EAM_BASE.replace(CUZR, '/nonexistent/x.eam.fs'), /potential: cannot read \/nonexistent\/x.eam.fs/);
  one(EAM_BASE + 'model: ka\n', /potential: give either model: .* or potential: .*, not both/);
  one(EAM_BASE.replace(`{ file: ${CUZR}, elements: [Cu, Zr] }`, '{ zhou: [Cu, Xx] }'), /potential: .*Xx/);
  one(EAM_BASE + 'barostat: { couple: shear }\n', /barostat.couple: must be one of iso, aniso, tri, got 'shear'/);
  one(EAM_BASE.replace('n: 500', 'n: 200'), /n: 200 atoms at density 0.058 make a box .* shorter than twice the cut-off \+ skin/);
  one(EAM_BASE.replace('T_end: 300', 'T_end: 0'), /quench.T_end: Nose-Hoover \(ensemble npt\) needs T > 0/);
});

test('single members; what decides the numbers ignores output and checkpoint settings', () => {
  const loaded = loadSweepConfig(write(BASE + 'output: out-single\n'));
  const one = singleMember(loaded, 'quench');
  assert.ok(one.dir.endsWith('out-single'));
  assert.is(one.config.output, one.dir);
  assert.throws(() => singleMember(loadSweepConfig(write(BASE + 'seeds: 3\n')), 'quench'), /describes 3 members .*betascape sweep/);
  const a = loadSweepConfig(write(BASE), ['output=/tmp/a', 'checkpoint.every_s=5']).members[0].config;
  const b = loadSweepConfig(write(BASE), ['output=/tmp/b']).members[0].config;
  assert.is(physicsHash(a), physicsHash(b));
  const c = loadSweepConfig(write(BASE), ['melt.T=2.5']).members[0].config;
  assert.equal(physicsDifferences(a, c), ['melt.T']);
});

test('engine: a config without it keeps the physics key it had before the key existed; lammps: is not physics', () => {
  // Pinned at 34d66b2, before `engine` existed: members resuming under those keys must keep them.
  const ka = loadSweepConfig(write(BASE));
  assert.is(physicsHash(ka.config), '5ec0ec2ab372cc81');
  assert.is(physicsHash(ka.members[0].config), 'c426a21a2706a701');
  const eam = loadSweepConfig(write(EAM_BASE + 'anneal: { T: 500, duration: 2 }\n'));
  assert.is(physicsHash(eam.config), '5d00db97878433ed');
  assert.is(physicsHash(eam.members[0].config), '5ba3359d61238ed1');
  assert.is(ka.config.engine, undefined);
  assert.is(ka.config.lammps, undefined);
  assert.not.match(configToYaml(ka.members[0].config, []), /engine|lammps/);
  // engine: betascape is the same physics as none; engine: lammps is not.
  assert.is(physicsHash(loadSweepConfig(write(BASE + 'engine: betascape\n')).members[0].config), 'c426a21a2706a701');
  const lammps = loadSweepConfig(write(BASE + 'engine: lammps\n')).members[0].config;
  assert.equal(physicsDifferences(ka.members[0].config, lammps), ['engine']);
  // How LAMMPS is started may change between sessions (another machine, more ranks).
  const ranks = loadSweepConfig(write(BASE + 'engine: lammps\nlammps: { command: /opt/bin/lmp_mpi, mpi_ranks: 8 }\n')).members[0].config;
  assert.equal(ranks.lammps, { command: '/opt/bin/lmp_mpi', mpi_ranks: 8, extra_args: [], mpirun_args: [] });
  assert.is(physicsHash(ranks), physicsHash(lammps));
  assert.equal(problems(BASE + 'lammps: { mpi_ranks: 2 }\n').map((l) => l.replace(/^\S+:\d+: /, '')), ['lammps: is only used with engine: lammps']);
  assert.match(problems(BASE + 'engine: gromacs\n')[0], /engine: must be one of betascape, lammps/);
  assert.match(problems(BASE + 'engine: lammps\nlammps: { mpi_ranks: 0 }\n')[0], /lammps.mpi_ranks: must be >= 1/);
});

test('the CLI: validate prints the members; a bad config exits 2 with one line per problem and runs nothing', () => {
  const ok = spawnSync(process.execPath, [bin, 'validate', join(configs, 'ka-cooling-sweep.yaml')], { encoding: 'utf8' });
  assert.is(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /8 members of 864 atoms/);
  assert.match(ok.stdout, /rate-1e-3_seed-4: 188000 steps/);
  const out = join(dir, 'never');
  const bad = spawnSync(process.execPath, [bin, 'sweep', write(BASE), '--set', 'quench.rates=[0.1,-1]', '--set', 'seeds=0', '--set', `output=${out}`], { encoding: 'utf8' });
  assert.is(bad.status, 2);
  const lines = bad.stderr.trim().split('\n');
  assert.equal(lines, ['betascape: error: --set: quench.rates[1]: must be > 0', 'betascape: error: --set: seeds: must be >= 1']);
  assert.not.ok(existsSync(out), 'no run directory for a refused config');
});


test('implausible configs are refused before anything runs: memory, step counts, density, time step, seed counts', () => {
  const one = (text: string) => {
    const lines = problems(text);
    assert.is(lines.length, 1, lines.join('\n'));
    return lines[0];
  };
  assert.match(one(BASE.replace('n: 256', 'n: 1e12')), /n: 1000000000000 atoms need about .* GiB of memory; this machine has/);
  assert.match(one(BASE.replace('duration: 1', 'duration: 1e300')), /melt.duration: 1e\+300 would take .* steps \(not a finite whole number of steps\)/);
  assert.match(one(BASE.replace('rates: [0.1]', 'rates: [1e-320]')), /quench.rates\[0\]: rate 1e-320 would take Infinity steps/);
  assert.match(one(BASE + 'density: 1e-9\n'), /:5: density: 1e-9 puts atoms 1000 sigma apart, more than three cut-offs/);
  assert.match(one(BASE + 'density: 1e6\n'), /density: 1000000 puts atoms 0.01 sigma apart, under a tenth of the cut-off/);
  assert.match(one(BASE + 'dt: 2\n'), /dt: 2 tau is at or above 0.02 tau, where velocity Verlet diverges/);
  // A time step that runs but drifts is a warning, not a problem.
  const drifting = loadSweepConfig(write(BASE + 'dt: 0.015\n'));
  assert.equal(drifting.warnings.length, 1);
  assert.match(drifting.warnings[0], /:5: dt: 0.015 tau is above 0.01 tau: expect energy drift/);
  assert.equal(loadSweepConfig(write(BASE)).warnings, []);
  // A huge seed count is refused at once, without building the list.
  const t0 = performance.now();
  assert.match(one(BASE + 'seeds: 2147483648\n'), /seeds: must be <= 10000/);
  assert.ok(performance.now() - t0 < 1000);
});

test('YAML aliases that expand without bound, unresolved aliases and unknown tags are one line naming the file', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]'].join('\n') + '\n';
  const f = write(bomb);
  assert.equal(problems(bomb).length, 1);
  assert.match(problems(bomb)[0], /c\d+\.yaml: Excessive alias count/);
  assert.match(problems(BASE + 'dt: *nope\n')[0], /\.yaml: Unresolved alias .*: nope/);
  assert.match(problems(BASE + 'dt: !foo 3\n')[0], /\.yaml:5: Unresolved tag: !foo/);
  const cli = spawnSync(process.execPath, [bin, 'validate', f], { encoding: 'utf8' });
  assert.is(cli.status, 2);
  assert.is(cli.stderr.trim().split('\n').length, 1, cli.stderr);
});

test('a closed pipe on stdout ends quietly with exit 0', async () => {
  // The reading end is closed before the command writes a byte, so every write meets EPIPE.
  const child = spawn(process.execPath, [bin, 'validate', join(configs, 'ka-cooling-sweep.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((done) => child.on('close', done));
  assert.is(stderr, '');
  assert.is(code, 0);
});

test('the sweep config offers every minimizer of landscape/minimize', () => {
  for (const method of MIN_METHODS) assert.equal(problems(BASE + `minimize: { method: ${method} }\n`), [], method);
});

test('a run directory that betascape did not write, or wrote for other physics, is refused unless forced', () => {
  const sweep = loadSweepConfig(write(BASE + 'seeds: 2\n'));
  const runDir = join(dir, 'run-dir');
  mkdirSync(runDir);
  writeFileSync(join(runDir, 'notes.txt'), 'mine');
  assert.throws(() => checkSweepDir(runDir, sweep.config), /run-dir: holds files that are not a betascape sweep \(no sweep\.yaml\); use another output directory, or --force/);
  checkSweepDir(runDir, sweep.config, true);
  // The same sweep with more seeds may grow into it; one of other physics may not.
  writeFileSync(join(runDir, 'sweep.yaml'), configToYaml(sweep.config, []));
  checkSweepDir(runDir, loadSweepConfig(write(BASE + 'seeds: 5\n')).config);
  assert.throws(() => checkSweepDir(runDir, loadSweepConfig(write(BASE.replace('T: 2.0', 'T: 3.0'))).config), /holds another sweep \(melt\.T differs\)/);
  // A member directory with files but no config.yaml is not a member's.
  const member = { ...sweep.members[0], dir: join(dir, 'not-a-member') };
  mkdirSync(member.dir);
  writeFileSync(join(member.dir, 'thermo.csv'), 'precious\n');
  assert.throws(() => checkMemberDirs([member]), /not-a-member: holds files betascape did not write for a sweep member \(no config\.yaml\)/);
  checkMemberDirs([member], true);
});

test.run();
