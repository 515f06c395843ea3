/**
 * Alloy quenches from the shipped configs, shrunk with --set to run in seconds: Cu64Zr36 with
 * CuZr_mm.eam.fs (EAM, metal units, NPT at P = 0) end to end with plausible numbers and its
 * inherent-structure energy checked against a LAMMPS minimization of the same glass; a kill -9
 * and resume of the NPT member that ends bit for bit where the uninterrupted run ends (barostat
 * state in the checkpoint); and Vit105 with the Zhou potential generated into the member's
 * directory, whose energy LAMMPS reproduces from that file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lammpsPreamble, lastThermo, requireLammps, runLammps } from './helpers/lammps.js';

const bin = fileURLToPath(new URL('../cli/betascape.js', import.meta.url));
const configs = fileURLToPath(new URL('../configs/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'betascape-alloys-'));
const CUZR = '/usr/share/lammps/potentials/CuZr_mm.eam.fs';

/** Cu64Zr36, N = 400: 100 steps of melt at 2000 K and a quench to 300 K at 2000 K/ps (425 steps of 2 fs). */
const TINY_CUZR = ['--set', 'n=400', '--set', 'melt.duration=0.2', '--set', 'quench.rates=[2000]', '--set', 'sampling.thermo_every=25', '--set', 'checkpoint.every_steps=100'];

const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const summary = (dir: string) => JSON.parse(read(dir, 'summary.json'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quench(config: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'quench', join(configs, config), ...args, '--quiet', '--json'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const A = join(root, 'cuzr-a');

test('Cu64Zr36 EAM NPT quench (shrunk): units stated everywhere, the box relaxes at P = 0, plausible glass', () => {
  const row = quench('cu64zr36-quench.yaml', [...TINY_CUZR, '--set', `output=${A}`]);
  const s = summary(A);
  assert.is(s.units, 'metal');
  assert.equal([s.unit_labels.energy, s.unit_labels.pressure, s.unit_labels.temperature], ['eV', 'bar', 'K']);
  assert.is(s.ensemble, 'npt');
  assert.is(s.pressure, 0);
  assert.equal(s.steps, { melt: 100, quench: 425, total: 525 });
  assert.is(row.e_is_per_atom, s.e_is_per_atom);
  assert.ok(s.inherent.converged && s.inherent.max_force < 1e-8, `max |F| ${s.inherent.max_force}`);
  // Mendelev's Cu64Zr36 glasses sit near -4.6 eV/atom in the inherent structure; a 2e15 K/s quench of 400 atoms a little above.
  assert.ok(s.e_is_per_atom < -4.3 && s.e_is_per_atom > -4.8, `e_IS ${s.e_is_per_atom} eV/atom`);
  assert.ok(s.glass.pe_per_atom > s.e_is_per_atom, 'the glass lies above its inherent structure');
  assert.ok(s.glass.density > 0.055 && s.glass.density < 0.066, `density ${s.glass.density} atoms/Å^3`);
  const thermo = read(A, 'thermo.csv').split('\n');
  // The header comes first (pandas reads it plainly); the units are in thermo.units.json.
  assert.match(thermo[0], /^step,time,stage,T_target,T,P,PE,KE,etotal,econserve,volume$/);
  const units = JSON.parse(read(A, 'thermo.units.json'));
  assert.match(units.description, /CuZr_mm\.eam\.fs/);
  assert.equal([units.units, units.columns.time, units.columns.T, units.columns.P, units.columns.PE, units.columns.volume], ['metal', 'ps', 'K', 'bar', 'eV', 'Å^3']);
  // The barostat changed the volume from the fcc start (0.058 atoms/Å^3) along the way.
  const volumes = thermo.slice(1).filter((l) => l).map((l) => Number(l.split(',')[10]));
  assert.ok(Math.abs(volumes[volumes.length - 1] / volumes[0] - 1) > 0.01, `volume ${volumes[0]} -> ${volumes[volumes.length - 1]}`);
  assert.match(JSON.parse(read(A, 'quench.units.json')).description, /rate 2000 K\/ps/);
  assert.match(read(A, 'config.yaml'), /units: metal/);
  assert.is(JSON.parse(read(A, 'manifest.json')).units, 'metal');
});

test('kill -9 mid-quench and resume under NPT: bit for bit the uninterrupted run', async () => {
  const B = join(root, 'cuzr-b');
  const child = spawn(process.execPath, [bin, 'quench', join(configs, 'cu64zr36-quench.yaml'), ...TINY_CUZR, '--set', `output=${B}`, '--quiet'], { stdio: 'ignore' });
  const t0 = Date.now();
  while (!existsSync(join(B, 'checkpoint.prev.json'))) {
    assert.ok(Date.now() - t0 < 60_000 && child.exitCode === null, 'the member reached its second checkpoint before ending');
    await sleep(5);
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.not.ok(existsSync(join(B, 'summary.json')), 'killed mid-run');
  quench('cu64zr36-quench.yaml', [...TINY_CUZR, '--set', `output=${B}`]);
  for (const f of ['thermo.csv', 'quench.csv', 'glass.data', 'inherent.data']) assert.ok(read(A, f) === read(B, f), `${f} differs from the uninterrupted run`);
  const [a, b] = [summary(A), summary(B)];
  assert.is(b.e_is_per_atom, a.e_is_per_atom);
  assert.equal(b.glass, a.glass);
  assert.is(b.sessions, 2);
});

const V = join(root, 'vit');

test('Vit105 with the Zhou EAM (shrunk): the potential is generated into the member directory', () => {
  quench('vit105-quench.yaml', [
    '--set', 'n=250', '--set', 'melt.duration=0.1', '--set', 'quench.rates=[5000]', '--set', 'minimize.ftol=1e-6', '--set', `output=${V}`,
  ]);
  const file = join(V, 'ZrCuNiAlTi.zhou.eam.alloy');
  assert.ok(existsSync(file));
  assert.match(read(V, 'ZrCuNiAlTi.zhou.eam.alloy').split('\n')[0], /Zhou-Johnson-Wadley/);
  const s = summary(V);
  assert.is(s.model, 'Zhou EAM Zr-Cu-Ni-Al-Ti');
  assert.is(s.alloy, 'Zr52.5Cu17.9Ni14.6Al10Ti5');
  assert.ok(s.e_is_per_atom < -4 && s.e_is_per_atom > -7, `e_IS ${s.e_is_per_atom}`);
});

if (requireLammps('LAMMPS checks of the alloy quenches (test/alloys.test.ts)')) {
  test('LAMMPS minimizes the Cu64Zr36 glass to the same inherent-structure energy', () => {
    const s = summary(A);
    const { log } = runLammps(
      `${lammpsPreamble({ units: 'metal', data: 'glass.data', pair: `pair_style eam/fs\npair_coeff * * ${CUZR} Cu Zr`, skin: 1.0, dt: 0.002 })}min_style cg
thermo_style custom step pe fmax
thermo_modify norm no format float %.17g
minimize 0 1e-10 100000 1000000
`,
      A,
    );
    const eIs = lastThermo(log, 'PotEng') / s.n;
    assert.ok(Math.abs(eIs - s.e_is_per_atom) < 1e-7 * Math.abs(eIs), `e_IS betascape ${s.e_is_per_atom}, LAMMPS ${eIs} eV/atom`);
  });

  test('LAMMPS reads the generated Zhou file and gives the glass the same energy', () => {
    const s = summary(V);
    const { log } = runLammps(
      `${lammpsPreamble({ units: 'metal', data: 'glass.data', pair: `pair_style eam/alloy\npair_coeff * * ZrCuNiAlTi.zhou.eam.alloy Zr Cu Ni Al Ti`, skin: 1.0, dt: 0.002 })}thermo_style custom step pe
thermo_modify norm no format float %.17g
run 0
`,
      V,
    );
    const pe = lastThermo(log, 'PotEng') / s.n;
    assert.ok(Math.abs(pe - s.glass.pe_per_atom) < 1e-10 * Math.abs(pe), `glass PE betascape ${s.glass.pe_per_atom}, LAMMPS ${pe} eV/atom`);
  });
}

test.run();
