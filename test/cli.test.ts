import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KA864, referenceDir } from './helpers/reference.js';
import { parseLammpsDumpFile } from '../sim/io/lammps-dump.js';
import { parseLammpsDataFile } from '../sim/io/lammps-data.js';
import { parseExtxyzFile } from '../sim/io/extxyz.js';

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const data = referenceDir + 'ka864.data';

function betascape(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A user error: non-zero exit, exactly one line on stderr, no stack trace. */
function assertOneLineError(r: ReturnType<typeof betascape>, pattern: RegExp) {
  assert.is.not(r.code, 0);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, `stderr: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.not.match(r.stderr, /\n\s+at /);
}

const tmp = () => mkdtempSync(join(tmpdir(), 'betascape-cli-'));

test('eval --json prints energy, pressure and tensor that agree with LAMMPS', () => {
  const r = betascape('eval', '--data', data, '--model', 'ka', '--json');
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.natoms, 864);
  assert.ok(Math.abs(out.energy / KA864.energy - 1) < 1e-9);
  assert.ok(Math.abs(out.energy_per_atom * 864 - out.energy) < 1e-9);
  assert.ok(Math.abs(out.pressure / KA864.pressure - 1) < 1e-9);
  out.pressure_tensor.forEach((p: number, k: number) => assert.ok(Math.abs(p - KA864.pressureTensor[k]) < 1e-8));
  assert.ok(Math.abs(out.volume - KA864.volume) < 1e-9);
});

test('eval --dump writes forces sorted by id; a model file gives the preset numbers', () => {
  const dir = tmp();
  const dump = join(dir, 'f.dump');
  const model = fileURLToPath(new URL('../configs/models/ka-mixture.yaml', import.meta.url));
  const r = betascape('eval', '--data', data, '--model', model, '--dump', dump, '--json');
  assert.is(r.code, 0, r.stderr);
  assert.ok(Math.abs(JSON.parse(r.stdout).energy / KA864.energy - 1) < 1e-9);
  const [frame] = parseLammpsDumpFile(dump);
  assert.equal(frame.columns.slice(0, 8), ['id', 'type', 'x', 'y', 'z', 'fx', 'fy', 'fz']);
  const ids = Array.from(frame.data[0]);
  assert.equal(ids, ids.slice().sort((a, b) => a - b));
});

test('md runs NVT from a data file and writes thermo, data and extxyz; same seed, same numbers', () => {
  const run = () => {
    const out = tmp();
    const r = betascape('md', '--data', data, '--model', 'ka', '--ensemble', 'nvt', '--T', '1.0', '--steps', '200', '--dt', '0.005', '--seed', '1', '--out', out, '--thermo-every', '50');
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /results in/);
    return out;
  };
  const a = run(), b = run();
  const thermo = readFileSync(join(a, 'thermo.csv'), 'utf8').trim().split('\n');
  assert.match(thermo[0], /^step,time,T,P,pe_per_atom/);
  assert.is(thermo.length, 1 + 5);
  const units = JSON.parse(readFileSync(join(a, 'thermo.units.json'), 'utf8'));
  assert.equal([units.table, units.units, units.columns.time, units.columns.pe_per_atom], ['thermo.csv', 'lj', 'tau', 'epsilon']);
  assert.is(readFileSync(join(a, 'thermo.csv'), 'utf8'), readFileSync(join(b, 'thermo.csv'), 'utf8'));
  const final = parseLammpsDataFile(join(a, 'final.data'));
  assert.is(final.n, 864);
  assert.is(final.step, 4200);
  // extxyz: LJ types as elements Z = type (H, He), the names kept, the same atoms as final.data.
  const [xyz] = parseExtxyzFile(join(a, 'final.xyz'));
  assert.equal(xyz.elements, ['H', 'He']);
  assert.equal(xyz.state.typeNames, ['A', 'B']);
  assert.is(xyz.units, 'lj');
  assert.is(xyz.state.step, 4200);
  assert.equal(Array.from(xyz.state.x), Array.from(final.x));
  const summary = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8'));
  assert.is(summary.seed, 1);
  assert.is(summary.units, 'lj');
});

test('md builds a new sample and quenches it along a temperature ramp', () => {
  const out = tmp();
  const r = betascape('md', '--model', 'wahnstrom', '--n', '500', '--T', '1.5', '--T-stop', '0.5', '--steps', '300', '--ensemble', 'langevin', '--out', out, '--quiet');
  assert.is(r.code, 0, r.stderr);
  const final = parseLammpsDataFile(join(out, 'final.data'));
  assert.is(final.n, 500);
  assert.equal(Array.from(final.mass), [1, 2]);
});

test('bad input: one line naming the flag, file or line; non-zero exit; nothing written', () => {
  assertOneLineError(betascape('eval', '--data', data, '--model', 'ka', '--bogus', '1'), /Unknown argument: bogus/);
  assertOneLineError(betascape('eval', '--model', 'ka'), /Missing required argument: data/);
  assertOneLineError(betascape('eval', '--data', '/no/such/file', '--model', 'ka'), /\/no\/such\/file/);
  assertOneLineError(betascape('eval', '--data', data, '--model', 'nosuch'), /--model: 'nosuch' is neither a preset/);
  const dir = tmp();
  const broken = join(dir, 'broken.data');
  writeFileSync(broken, readFileSync(data, 'utf8').replace('7 1 1.4285127521230057', '7 1 1.42851x'));
  assertOneLineError(betascape('eval', '--data', broken, '--model', 'ka'), new RegExp(`${broken}:\\d+: `));
  const out = join(dir, 'run');
  assertOneLineError(betascape('md', '--data', data, '--model', 'ka', '--T', '1', '--steps', '10', '--dt', '-1', '--out', out), /--dt: must be a number > 0/);
  assert.not.ok(existsSync(out), 'no output directory for a refused run');
  assertOneLineError(betascape('md', '--data', data, '--model', 'ka', '--steps', '10', '--out', out), /needs --T/);
  assertOneLineError(betascape('md', '--model', 'ka', '--n', '100', '--T', '1', '--steps', '10', '--out', out), /shorter than twice the cut-off/);
  assert.not.ok(existsSync(out), 'a box too small for the cut-off is refused before anything is written');
  assertOneLineError(betascape('md', '--data', data, '--model', 'ka', '--ensemble', 'npt', '--T', '1', '--steps', '10', '--out', out), /ensemble/);
});

test('--help works for every command', () => {
  for (const cmd of [[], ['eval'], ['md']]) {
    const r = betascape(...cmd, '--help');
    assert.is(r.code, 0);
    assert.match(r.stdout, /--help/);
  }
});

// --- EAM potentials and metal units (--potential FILE --elements A,B) ---------------------------

const CUZR_EAM = '/usr/share/lammps/potentials/CuZr_mm.eam.fs';

if (existsSync(CUZR_EAM)) {
  test('md --potential (metal units): new Cu64Zr36 sample, LAMMPS default dt and skin, units in thermo and summary; eval agrees', () => {
    const out = tmp();
    const r = betascape(
      'md', '--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--units', 'metal', '--n', '1000', '--composition', 'Cu:0.64,Zr:0.36',
      '--density', '0.059', '--ensemble', 'langevin', '--T', '1500', '--steps', '20', '--thermo-every', '10', '--out', out, '--quiet',
    );
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /K .* bar .* eV +\(units metal\)/);
    const thermo = readFileSync(join(out, 'thermo.csv'), 'utf8').split('\n');
    assert.match(thermo[0], /^step,time,T,P,/);
    const units = JSON.parse(readFileSync(join(out, 'thermo.units.json'), 'utf8'));
    assert.match(units.description, /eam\/fs CuZr_mm\.eam\.fs \(Cu, Zr\)/);
    assert.equal([units.units, units.columns.time, units.columns.T, units.columns.P, units.columns.pe_per_atom], ['metal', 'ps', 'K', 'bar', 'eV']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.is(summary.units, 'metal');
    assert.is(summary.unit_labels.pressure, 'bar');
    assert.is(summary.dt, 0.001);
    assert.is(summary.skin, 2);
    assert.ok(Math.abs(summary.final.pressure_GPa - summary.final.pressure * 1e-4) < 1e-9 * Math.abs(summary.final.pressure_GPa));
    const final = parseLammpsDataFile(join(out, 'final.data'));
    assert.equal(Array.from(final.mass), [63.546, 91.224]);
    assert.is(final.type.filter((t) => t === 0).length, 640);

    const e = betascape('eval', '--data', join(out, 'final.data'), '--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--json');
    assert.is(e.code, 0, e.stderr);
    const res = JSON.parse(e.stdout);
    assert.is(res.units, 'metal');
    assert.equal(res.unit_labels, { energy: 'eV', pressure: 'bar', length: 'Å' });
    assert.match(res.potential, /eam\/fs/);
    // Same configuration, same potential: the run's last thermo row and eval agree.
    assert.ok(Math.abs(res.energy_per_atom - summary.final.pe_per_atom) < 1e-9, `${res.energy_per_atom} vs ${summary.final.pe_per_atom}`);
    assert.ok(Math.abs(res.pressure / summary.final.pressure - 1) < 1e-9);
    assert.ok(res.energy_per_atom < -3 && res.energy_per_atom > -5, `Cu64Zr36 energy ${res.energy_per_atom} eV/atom`);
  });

  test('minimize --potential --box-relax iso: an EAM inherent structure at zero pressure, units stated', () => {
    const out = tmp();
    const md = betascape(
      'md', '--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--n', '500', '--composition', 'Cu:0.64,Zr:0.36',
      '--density', '0.059', '--ensemble', 'langevin', '--T', '1500', '--steps', '20', '--out', out, '--quiet',
    );
    assert.is(md.code, 0, md.stderr);
    const start = join(out, 'final.data');
    const fixed = JSON.parse(betascape('minimize', '--data', start, '--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--min', 'cg', '--ftol', '1e-8', '--out', join(out, 'is.data'), '--json').stdout);
    const r = betascape('minimize', '--data', start, '--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--min', 'lbfgs', '--ftol', '1e-8', '--box-relax', 'iso', '--out', join(out, 'is0.data'), '--json');
    assert.is(r.code, 0, r.stderr);
    const relaxed = JSON.parse(r.stdout);
    assert.is(relaxed.units, 'metal');
    assert.is(relaxed.box, 'iso');
    assert.ok(Math.abs(relaxed.pressure) < 0.01, `P = ${relaxed.pressure} bar`);
    assert.ok(relaxed.max_force < 1e-8);
    // Relaxing the box can only lower the energy further (at P = 0 the enthalpy is the energy).
    assert.ok(relaxed.energy < fixed.energy, `${relaxed.energy} vs ${fixed.energy}`);
    const written = parseLammpsDataFile(join(out, 'is0.data'));
    assert.ok(Math.abs(written.box.lx ** 3 - relaxed.volume) < 1e-6 * relaxed.volume);
  });

  test('--potential mistakes: one line naming the flag, element or file line; nothing written', () => {
    const dir = tmp();
    const out = join(dir, 'run');
    const md = (...extra: string[]) => betascape('md', '--n', '1000', '--T', '1500', '--steps', '5', '--out', out, ...extra);
    assertOneLineError(md('--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--model', 'ka'), /exactly one of --model NAME .* or --potential FILE/);
    assertOneLineError(md('--potential', CUZR_EAM), /--potential needs --elements/);
    assertOneLineError(md('--potential', CUZR_EAM, '--elements', 'Cu,Ni'), /no element 'Ni' in this EAM file \(it has Cu, Zr\)/);
    assertOneLineError(md('--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--units', 'lj'), /EAM potential files are in metal units/);
    assertOneLineError(md('--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--density', '0.059'), /needs --composition .* and --density/);
    assertOneLineError(md('--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--density', '0.059', '--composition', 'Cu:0.64,Al:0.36'), /--composition: 'Al' is not one of the species/);
    assertOneLineError(md('--potential', CUZR_EAM, '--elements', 'Cu,Zr', '--density', '0.059', '--composition', 'Cu=0.64'), /--composition: expected NAME:FRACTION/);
    const broken = join(dir, 'broken.eam.fs');
    writeFileSync(broken, readFileSync(CUZR_EAM, 'utf8').split('\n').slice(0, 5000).join('\n').replace(/\n(\S+)/, '\nx$1'));
    assertOneLineError(md('--potential', broken, '--elements', 'Cu,Zr', '--density', '0.059', '--composition', 'Cu:1'), new RegExp(`${broken}:\\d+: `));
    assert.not.ok(existsSync(out), 'no output directory for a refused run');
    const named = join(dir, 'named.data');
    writeFileSync(named, readFileSync(data, 'utf8').replace(/\n1 1\n2 1\n/, '\n1 1 # A\n2 1 # B\n'));
    assertOneLineError(betascape('eval', '--data', named, '--potential', CUZR_EAM, '--elements', 'Cu,Zr'), /atom type 1 is 'A' in the file but --elements makes it 'Cu'/);
  });
} else {
  console.log(`SKIP (no ${CUZR_EAM}): CLI tests with an EAM potential`);
}

test.run();
