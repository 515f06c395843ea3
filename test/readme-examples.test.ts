/**
 * The README's quick command lines run as written from the repository root (with the inputs in
 * examples/): each line below must appear in README.md verbatim and exit 0. Outputs go to a
 * temporary folder (`runs/` and `is.data` are rewritten there).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'cli/betascape.js');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const out = mkdtempSync(join(tmpdir(), 'betascape-readme-'));
const eam = existsSync(join(process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials', 'CuZr_mm.eam.fs')) ||
  existsSync('/usr/share/lammps/potentials/CuZr_mm.eam.fs');

const QUICK = [
  'npx betascape eval --data test/reference/ka864.data --model ka --json',
  'npx betascape eval --data examples/cuzr.data --potential CuZr_mm.eam.fs --elements Cu,Zr --units metal --json',
  'npx betascape md --data examples/glass.data --model ka --ensemble nvt --T 1.0 --steps 1000 --dt 0.005 --seed 1 --out runs/md',
  'npx betascape minimize --data examples/glass.data --model ka --min lbfgs --ftol 1e-10 --out is.data --json',
  'npx betascape minimize --data examples/cuzr.data --potential CuZr_mm.eam.fs --elements Cu,Zr --min lbfgs --ftol 1e-8 --box-relax iso --out is.data',
  'npx betascape inherent --dump examples/traj.dump --model ka --every 10 --out runs/is --json',
  'npx betascape measured examples/my-dma-export.csv --json',
  'npx betascape rdf --data test/reference/ka864.data --rmax 4 --bins 200 --json',
];

for (const line of QUICK) {
  test(line.replace('npx betascape ', ''), () => {
    assert.ok(readme.includes(line), `not in README.md: ${line}`);
    if (line.includes('.eam.') && !eam) {
      console.log('      SKIP (no CuZr_mm.eam.fs: Debian package lammps-data)');
      return;
    }
    const args = line.replace(/^npx betascape /, '').split(/\s+/)
      .map((a) => (a.startsWith('runs/') ? join(out, a) : a === 'is.data' ? join(out, 'is.data') : a));
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.is(r.status, 0, r.stderr);
  });
}

test.run();
