/**
 * The `--help` examples name inputs that exist: every file an example reads is shipped with the
 * repository (examples/, configs/, test/reference/) or is what another example writes under runs/
 * (an output directory such as runs/act or map/). Quick examples also run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = 'cli/commands';
const examples = readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((f) =>
  [...readFileSync(join(dir, f), 'utf8').matchAll(/\.example\('\$0 ([^']*)'/g)].map((m) => ({ file: f, line: m[1] })));

/** Arguments that look like paths: a directory part or a data/config file extension. */
const paths = (line: string) => line.split(/\s+/).filter((w) => !w.startsWith('-') && !w.includes('=') && (/\//.test(w) || /\.(data|dump|csv|ya?ml|json|fs|alloy)$/.test(w)));

/** What examples write (their --out), which later examples may read. */
const written = new Set(examples.flatMap(({ line }) => [...line.matchAll(/--out (\S+)/g)].map((m) => m[1].replace(/\/$/, ''))));
const byName = (p: string) => !p.includes('/') && /\.eam\./.test(p); // EAM files are found by name (docs/alloys.md)

test('every --help example reads files that exist or that another example writes', () => {
  assert.ok(examples.length > 30, `${examples.length} examples`);
  const missing = examples.flatMap(({ file, line }) => paths(line)
    .filter((p) => !existsSync(p) && !byName(p) && ![...written].some((w) => p === w || p.startsWith(`${w}/`)) && !/^runs\//.test(p))
    .map((p) => `${file}: ${p} (in: ${line})`));
  assert.equal(missing, []);
});

test('quick --help examples run as written', () => {
  const quick = examples.filter(({ line }) => /^(eval|validate|measured|rdf --data|sq --data|voronoi --data test)/.test(line));
  assert.ok(quick.length >= 6, `${quick.length} quick examples`);
  for (const { line } of quick) {
    const args = line.match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ''));
    if (args.includes('CuZr_mm.eam.fs') && !existsSync('/usr/share/lammps/potentials/CuZr_mm.eam.fs') && !process.env.LAMMPS_POTENTIALS) continue;
    const r = spawnSync(process.execPath, ['cli/betascape.js', ...args], { encoding: 'utf8' });
    assert.is(r.status, 0, `${line}: ${r.stderr}`);
  }
});

test.run();
