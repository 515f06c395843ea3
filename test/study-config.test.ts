/**
 * Study configs: a sample's own protocol and analysis settings (an EAM arm beside LJ samples), the
 * large glasses for correlation lengths, and `betascape validate` telling study, DMA and sweep
 * configs apart.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadStudy } from '../analysis/study/config.js';
import { ConfigError } from '../sim/config/problems.js';
import { COLUMNS, type GlassAnalysis } from '../analysis/study/results.js';
import { glassTasks } from '../analysis/study/glass-analysis.js';

const dir = mkdtempSync(join(tmpdir(), 'study-config-'));
const EAM = '/usr/share/lammps/potentials/CuZr_mm.eam.fs';

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const base = `
output: ${dir}/out
seeds: 2
base:
  n: 256
  dt: 0.005
  melt: { T: 2.0, duration: 1 }
  quench: { T_start: 1.0, T_end: 0.05, hold: 1 }
heterogeneity: { voxel: 2.5 }
`;

const eamSample = `
  - name: cuzr
    potential: { file: ${EAM}, elements: [Cu, Zr], style: eam/fs }
    rate: 100
    protocol:
      composition: { Cu: 0.64, Zr: 0.36 }
      n: 500
      density: 0.058
      dt: 0.002
      melt: { T: 2000, duration: 1 }
      quench: { T_start: 2000, T_end: 300 }
    analysis:
      heterogeneity: { voxel: 6.5 }
`;

function problems(f: string, sets: string[] = []): string[] {
  try {
    loadStudy(f, sets);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

test('a sample with its own potential, protocol and analysis settings; the others keep base and the top-level blocks', () => {
  const f = write('eam.yaml', `${base}samples:\n  - { name: ka, model: ka, rate: 0.1 }\n${eamSample}`);
  const s = loadStudy(f);
  const ka = s.glasses.find((g) => g.sample === 'ka')!, cuzr = s.glasses.find((g) => g.sample === 'cuzr')!;
  assert.equal(s.glasses.length, 4);
  assert.equal(ka.member.config.units, 'lj');
  assert.equal(ka.member.config.n, 256);
  assert.equal(ka.settings.heterogeneity.voxel, 2.5);
  assert.equal(cuzr.member.config.units, 'metal');
  assert.equal(cuzr.member.potential.spec.kind, 'eam');
  assert.equal(cuzr.member.config.n, 500, 'n from the protocol');
  assert.equal(cuzr.member.config.melt.duration, 1);
  assert.equal(cuzr.member.config.dt, 0.002, 'dt from the protocol');
  assert.equal(cuzr.member.config.quench.hold, 1, 'quench merged one level: hold from base, temperatures from the protocol');
  assert.equal(cuzr.member.config.quench.T_start, 2000);
  assert.equal(cuzr.settings.heterogeneity.voxel, 6.5);
  assert.equal(cuzr.settings.heterogeneity.delta, ka.settings.heterogeneity.delta, 'keys the sample does not set come from the top level');
  assert.ok(cuzr.model.includes('CuZr_mm.eam.fs'));
});

test('sample problems are one line each, naming the sample and its key', () => {
  const both = write('both.yaml', `${base}samples:\n  - { name: ka, model: ka, potential: x, rate: 0.1 }\n  - { name: b, model: ka, rate: 0.2 }\n`);
  assert.match(problems(both).join('\n'), /samples\[0\]\.model: give a model or a potential \(not both\)/);
  const neither = write('neither.yaml', `${base}samples:\n  - { name: ka, rate: 0.1 }\n  - { name: b, model: ka, rate: 0.2 }\n`);
  assert.match(problems(neither).join('\n'), /samples\[0\]\.model: give a model or a potential/);
  const seeds = write('seeds.yaml', `${base}samples:\n  - { name: ka, model: ka, rate: 0.1, protocol: { seeds: 3 } }\n  - { name: b, model: ka, rate: 0.2 }\n`);
  assert.match(problems(seeds).join('\n'), /samples\[0\]\.protocol\.seeds: set it on the sample/);
  const eam = write('eam-bad.yaml', `${base}samples:\n  - { name: ka, model: ka, rate: 0.1 }\n${eamSample}`);
  const bad = problems(eam, ['samples[1].analysis.heterogeneity.voxel=-1', 'samples[1].protocol.dt=0']);
  assert.equal(bad.length, 2, bad.join('\n'));
  assert.ok(bad.every((p) => p.includes('samples[1] (cuzr)')), bad.join('\n'));
  assert.match(bad.join('\n'), /heterogeneity\.voxel: must be > 0/);
  assert.match(bad.join('\n'), /dt: must be > 0/);
});

test('large glasses: the listed samples again with n atoms, in their own member directories', () => {
  const f = write('large.yaml', `${base}samples:\n  - { name: ka, model: ka, rate: 0.1 }\n  - { name: ka-annealed, model: ka, rate: 0.1, anneal: { T: 0.3, duration: 5 } }\nlarge: { n: 4000, samples: [ka, ka-annealed] }\n`);
  const s = loadStudy(f);
  assert.equal(s.large.length, 2, 'seed 1 of each by default');
  for (const g of s.large) {
    assert.equal(g.member.config.n, 4000);
    assert.ok(g.member.dir.includes(`${g.sample}-n4000`), g.member.dir);
  }
  assert.equal(s.large.find((g) => g.sample === 'ka-annealed')!.member.anneal?.duration, 5, 'the sample\'s anneal too');
  const bad = write('large-bad.yaml', `${base}samples:\n  - { name: ka, model: ka, rate: 0.1 }\n  - { name: b, model: ka, rate: 0.2 }\nlarge: { n: 4000, samples: [kb] }\n`);
  assert.match(problems(bad).join('\n'), /large\.samples\[0\]: no sample named 'kb'/);
});

/** A cooling curve E(T) of slope 1.5 below Tg and 2.5 above (per unit T), as a member's quench.csv. */
function writeCoolingCurve(memberDir: string, Tg: number): void {
  mkdirSync(memberDir, { recursive: true });
  const rows = ['step,T_target,T,PE,volume,P'];
  for (let k = 0; k <= 19; k++) {
    const T = 1.0 - 0.05 * k;
    rows.push(`${k * 100},${T},${T},${-7.5 + 1.5 * T + (T > Tg ? T - Tg : 0)},1000,0`);
  }
  writeFileSync(join(memberDir, 'quench.csv'), rows.join('\n') + '\n');
}

test('tg_from: a sample takes its T/Tg axis from another sample of the same model; its own protocol Tg otherwise', () => {
  const head = `${base.replace('hold: 1 }', 'hold: 1 }\n  thermostat: { damp: 0.1 }\n  tg: { glass: [0.1, 0.3], liquid: [0.6, 0.9] }')}samples:\n  - { name: ka, model: ka, rate: 0.1 }\n`;
  const own = loadStudy(write('tg-own.yaml', `${head}  - { name: fast, model: ka, rate: 0.2 }\n`));
  for (const g of own.glasses) writeCoolingCurve(g.member.dir, g.sample === 'ka' ? 0.4 : 0.5);
  const tasks = glassTasks(own);
  const tgOf = (t: typeof tasks, sample: string) => t.filter((x) => x.sample === sample).map((x) => x.tgProtocol!);
  for (const tg of tgOf(tasks, 'ka')) assert.ok(Math.abs(tg - 0.4) < 1e-9, `ka: ${tg}`);
  for (const tg of tgOf(tasks, 'fast')) assert.ok(Math.abs(tg - 0.5) < 1e-9, `fast, own protocol: ${tg}`);
  const lent = glassTasks(loadStudy(write('tg-from.yaml', `${head}  - { name: fast, model: ka, rate: 0.2, tg_from: ka }\n`)));
  for (const t of lent.filter((x) => x.sample === 'fast')) {
    assert.ok(Math.abs(t.tgProtocol! - 0.4) < 1e-9, `fast on ka's axis: ${t.tgProtocol}`);
    assert.equal(t.tgFrom?.sample, 'ka');
    assert.ok(Math.abs(t.tgFrom!.ownTg! - 0.5) < 1e-9, `its own protocol's Tg is kept: ${t.tgFrom?.ownTg}`);
  }
  const bad = (line: string) => problems(write('tg-bad.yaml', `${head}${line}\n`)).join('\n');
  assert.match(bad(`  - { name: fast, model: ka, rate: 1, tg_from: kb }`), /samples\[1\]\.tg_from: no sample named 'kb'/);
  assert.match(bad(`  - { name: fast, model: wahnstrom, rate: 1, tg_from: ka }`), /samples\[1\]\.tg_from: 'ka' has another model/);
  assert.match(bad(`  - { name: fast, model: ka, rate: 1, tg_from: fast }`), /samples\[1\]\.tg_from: must name a sample with its own Tg/);
});

test('betascape validate tells a study, an MD-DMA sweep and a sweep config apart', () => {
  const run = (f: string) => spawnSync(process.execPath, ['cli/betascape.js', 'validate', f, '--json'], { encoding: 'utf8' });
  const study = run('configs/beta-heterogeneity-small.yaml');
  assert.equal(study.status, 0, study.stderr);
  assert.equal(JSON.parse(study.stdout).kind, 'study');
  const dma = run('configs/dma-ka.yaml');
  assert.equal(dma.status, 0, dma.stderr);
  assert.equal(JSON.parse(dma.stdout).kind, 'dma');
  const sweep = run('configs/ka-cooling-sweep.yaml');
  assert.equal(sweep.status, 0, sweep.stderr);
  assert.ok(Array.isArray(JSON.parse(sweep.stdout)));
  const badStudy = spawnSync(process.execPath, ['cli/betascape.js', 'validate', 'configs/beta-heterogeneity-small.yaml', '--set', 'samples[0].rate=-1'], { encoding: 'utf8' });
  assert.equal(badStudy.status, 2);
  assert.equal(badStudy.stderr.trim().split('\n').length, 1, badStudy.stderr);
  assert.match(badStudy.stderr, /samples\[0\]/);
});

test('columns with a length or energy are in nm and kTg, so an EAM arm ranks with LJ glasses; none without the scales', () => {
  const glass = (scales?: GlassAnalysis['scales']) => ({
    heterogeneity: { soft_zone_size: 3 }, subbasins: { density: 0.5, mean_barrier: 2, mean_distance: 4 }, scales,
  }) as unknown as GlassAnalysis;
  const col = (key: string, m: GlassAnalysis) => COLUMNS.find((c) => c.key === key)!.of(m);
  const lj = glass({ nm_per_length: 0.25, kTg: 0.4 });  // σ = 0.25 nm, Tg = 0.4 ε/k
  const metal = glass({ nm_per_length: 0.1, kTg: 8.617333e-5 * 700 });  // Å, Tg = 700 K in eV
  assert.is(col('soft_zone_size', lj), 0.75);
  assert.is(col('subbasin_distance', metal), 0.4);
  assert.ok(Math.abs(col('mean_barrier', lj)! - 5) < 1e-12, 'barrier 2 ε at kTg 0.4 ε');
  assert.ok(Math.abs(col('mean_barrier', metal)! - 2 / 0.0603213) < 1e-3);
  assert.ok(Math.abs(col('subbasin_density', lj)! - 0.2) < 1e-12, 'per ε times ε per kTg');
  for (const key of ['soft_zone_size', 'subbasin_density', 'mean_barrier', 'subbasin_distance']) assert.is(col(key, glass()), null, key);
});

test.run();
