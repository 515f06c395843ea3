/**
 * resolvePotential (sim/potentials/resolve.ts): one resolution of `model:` / `potential:` (sweep
 * configs) and --model / --potential (commands) to a spec with species, cut-off and defaults;
 * openForceField opens a spec once on a backend.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../sim/errors.js';
import { kobAndersen } from '../sim/potentials/lj.js';
import { materializeZhou, resolvePotential } from '../sim/potentials/resolve.js';
import { buildPotential } from '../sim/potentials/registry.js';
import type { EamSpec } from '../sim/potentials/spec.js';
import { openForceField } from '../sim/open-force-field.js';
import { computeForces } from '../sim/forces.js';
import { loadKa864, KA864 } from './helpers/reference.js';

const CUZR = join(process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials', 'CuZr_mm.eam.fs');
const configs = fileURLToPath(new URL('../configs/', import.meta.url));

const throwsInput = (f: () => unknown, message: RegExp) => {
  try {
    f();
    assert.unreachable(String(message));
  } catch (e) {
    assert.instance(e, InputError);
    assert.match((e as Error).message, message);
  }
};

test('LJ: a preset, or a model file relative to the base folder', () => {
  const ka = resolvePotential({ model: 'ka' }, '/nowhere');
  assert.equal(ka.spec, { kind: 'lj', model: kobAndersen() });
  assert.is(ka.name, 'ka');
  assert.is(ka.cutoff, 2.5);
  assert.equal([ka.composition, ka.density], [[0.8, 0.2], 1.2]);
  assert.equal(ka.ref, { model: 'ka' });
  const file = resolvePotential({ model: 'models/ka-mixture.yaml' }, configs);
  assert.is(file.spec.kind, 'lj');
  assert.is(file.ref.model, join(configs, 'models/ka-mixture.yaml'));
  throwsInput(() => resolvePotential({ model: 'nosuch.yaml' }, configs), /'nosuch.yaml' is neither a preset \(ka, wahnstrom\) nor a model file/);
});

test('EAM: species with the file masses, the file cut-off, the style from the file name', () => {
  if (!existsSync(CUZR)) return;
  const r = resolvePotential({ potential: { file: CUZR, elements: ['Cu', 'Zr'] } }, '/');
  assert.equal(r.spec, { kind: 'eam', file: CUZR, elements: ['Cu', 'Zr'], style: 'eam/fs' });
  assert.equal(r.species.map((s) => s.name), ['Cu', 'Zr']);
  const eam = buildPotential(r.spec as EamSpec);
  assert.equal(r.species.map((s) => s.mass), eam.masses);
  assert.is(r.cutoff, eam.cutoff());
  throwsInput(() => resolvePotential({ potential: { file: CUZR } }, '/'), /needs file: .* and elements:/);
  throwsInput(() => resolvePotential({ potential: { file: '/nonexistent/x.eam.fs', elements: ['Cu'] } }, '/'), /cannot read \/nonexistent\/x.eam.fs/);
  throwsInput(() => resolvePotential({ potential: { file: CUZR, elements: ['Cu', 'Ag'] } }, '/'), /no element 'Ag' in this EAM file \(it has Cu, Zr\)/);
});

test('EAM: a bare file name is found in $LAMMPS_POTENTIALS, else in Debian’s folder; a missing one names both', () => {
  if (!existsSync(CUZR)) return;
  const saved = process.env.LAMMPS_POTENTIALS;
  const dir = mkdtempSync(join(tmpdir(), 'betascape-potentials-'));
  try {
    copyFileSync(CUZR, join(dir, 'CuZr_mm.eam.fs'));
    process.env.LAMMPS_POTENTIALS = dir;
    const r = resolvePotential({ potential: { file: 'CuZr_mm.eam.fs', elements: ['Cu', 'Zr'] } }, '/nowhere');
    assert.is((r.spec as EamSpec).file, join(dir, 'CuZr_mm.eam.fs'));
    throwsInput(
      () => resolvePotential({ potential: { file: 'NoSuch.eam.fs', elements: ['Cu'] } }, '/nowhere'),
      new RegExp(`^cannot read /nowhere/NoSuch.eam.fs: no such file, and no NoSuch.eam.fs in \\$LAMMPS_POTENTIALS \\(${dir}\\) or /usr/share/lammps/potentials$`),
    );
    delete process.env.LAMMPS_POTENTIALS;
    throwsInput(() => resolvePotential({ potential: { file: 'NoSuch.eam.fs', elements: ['Cu'] } }, '/nowhere'), /\$LAMMPS_POTENTIALS \(not set\) or \/usr\/share\/lammps\/potentials$/);
    if (existsSync('/usr/share/lammps/potentials/CuZr_mm.eam.fs')) {
      const debian = resolvePotential({ potential: { file: 'CuZr_mm.eam.fs', elements: ['Cu', 'Zr'] } }, '/nowhere');
      assert.is((debian.spec as EamSpec).file, '/usr/share/lammps/potentials/CuZr_mm.eam.fs');
    }
  } finally {
    if (saved === undefined) delete process.env.LAMMPS_POTENTIALS;
    else process.env.LAMMPS_POTENTIALS = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Zhou: the spec names a file to generate; materializeZhou writes it once', () => {
  const r = resolvePotential({ potential: { zhou: ['Cu', 'Zr'] } }, '/');
  assert.equal(r.zhou, ['Cu', 'Zr']);
  assert.is(r.name, 'Zhou EAM Cu-Zr');
  throwsInput(() => resolvePotential({ potential: { zhou: ['Cu'], file: 'x' } }, '/'), /give either zhou: \[elements\] or file: with elements:, not both/);
  const dir = mkdtempSync(join(tmpdir(), 'betascape-zhou-'));
  try {
    const spec = materializeZhou(r.spec as EamSpec, r.zhou!, dir);
    assert.is(spec.file, join(dir, 'CuZr.zhou.eam.alloy'));
    const text = readFileSync(spec.file, 'utf8');
    materializeZhou(r.spec as EamSpec, r.zhou!, dir);
    assert.is(readFileSync(spec.file, 'utf8'), text);
    assert.equal(buildPotential(spec).masses, r.species.map((s) => s.mass));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openForceField: one potential per backend; exact is ff except on gpu', async () => {
  const spec = { kind: 'lj' as const, model: kobAndersen() };
  const cpu = await openForceField(spec, 'cpu', { skin: 0.3 });
  assert.is(cpu.exact, cpu.ff);
  assert.is(cpu.detail, 'cpu (f64, 1 thread)');
  assert.equal(cpu.ff.potential.spec, spec);
  assert.ok(Math.abs(computeForces(loadKa864(), cpu.ff).energy - KA864.energy) < 1e-7 * Math.abs(KA864.energy));
  const threads = await openForceField(spec, 'auto', { skin: 0.3, workers: 2 });
  try {
    assert.is(threads.backend, 'threads');
    assert.is(threads.exact, threads.ff);
  } finally {
    threads.dispose();
  }
  const gpu = await openForceField(spec, 'gpu', { skin: 0.3, gpuMode: 'cpu' });
  try {
    assert.is.not(gpu.exact, gpu.ff);
    assert.is(gpu.exact.potential.name, 'lj/cut');
    assert.is(gpu.ff.potential.name, 'lj/cut (gpu)');
  } finally {
    gpu.dispose();
  }
});

test.run();
