/**
 * docs/python.md runs as written: every ```python block of it is run with /usr/bin/python3 in a
 * directory holding runs/md (a small `betascape md`), runs/sweep (a one-member `betascape sweep`)
 * and runs/study/results.csv (written by the study's own writer). A block whose modules this
 * machine lacks (pandas, ase, ovito) is skipped with a message naming them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLUMNS, resultsCsv, resultsUnits, type SampleRow } from '../analysis/study/results.js';
import { meanInterval } from '../analysis/study/statistics.js';
import { writeCsvUnits } from '../sim/io/csv-units.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'cli/betascape.js');
const PYTHON = '/usr/bin/python3';
const blocks = [...readFileSync(join(root, 'docs/python.md'), 'utf8').matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);

const hasModule = (m: string) => existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${m}`]).status === 0;
const modulesOf = (code: string) => [...new Set([...code.matchAll(/^(?:from|import) (\w+)/gm)].map((m) => m[1]))];

function betascape(args: string[], cwd: string): void {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
}

test('docs/python.md: its snippets read a run with pandas, ASE and OVITO', () => {
  if (!existsSync(PYTHON)) {
    console.log(`  skipped: no ${PYTHON}`);
    return;
  }
  assert.ok(blocks.length >= 4, 'docs/python.md has its python blocks');
  const dir = mkdtempSync(join(tmpdir(), 'betascape-python-'));
  try {
    betascape(['md', '--model', 'ka', '--n', '256', '--T', '1', '--steps', '40', '--thermo-every', '10', '--out', 'runs/md', '--quiet'], dir);
    writeFileSync(join(dir, 'tiny.yaml'), `name: tiny
model: ka
n: 256
melt: { T: 2.0, duration: 1 }
quench: { T_start: 1.0, T_end: 0.4, hold: 0.5, rates: [1] }
sampling: { thermo_every: 20, snapshot_every: 500 }
output: runs/sweep
`);
    betascape(['sweep', 'tiny.yaml', '--json'], dir);
    const study = join(dir, 'runs/study');
    mkdirSync(study, { recursive: true });
    const row = (sample: string, x: number): SampleRow => ({
      sample, seeds: [1, 2], kinds: ['peak', 'peak'], kind: 'peak', values: Object.fromEntries(COLUMNS.map((c) => [c.key, meanInterval([x, x + 0.1], 0.95)])),
    });
    writeFileSync(join(study, 'results.csv'), resultsCsv([row('as-quenched', 1), row('annealed', 2)]));
    writeCsvUnits(join(study, 'results.csv'), { description: 'test table', columns: resultsUnits() });

    for (const [k, code] of blocks.entries()) {
      const missing = modulesOf(code).filter((m) => !hasModule(m));
      if (missing.length > 0) {
        console.log(`  skipped docs/python.md block ${k + 1}: ${PYTHON} has no module ${missing.join(', ')}`);
        continue;
      }
      const r = spawnSync(PYTHON, ['-c', code], { cwd: dir, encoding: 'utf8' });
      assert.is(r.status, 0, `block ${k + 1}:\n${code}\n${r.stderr}`);
      assert.ok(r.stdout.trim().length > 0, `block ${k + 1} printed nothing`);
      if (/thermo\.csv/.test(code)) assert.match(r.stdout, /mean T = [\d.]+ epsilon\/k_B, last PE = -[\d.]+ epsilon per atom/);
      if (/results\.csv/.test(code)) assert.match(r.stdout, /as-quenched[\s\S]*annealed/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
