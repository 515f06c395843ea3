/**
 * Start-up: the compiled build (scripts/build.mjs) is what cli/betascape.js runs while it is current,
 * it behaves as the TypeScript sources do through tsx, --help lists the commands without loading them,
 * and every command takes --json and --quiet.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentBuild } from '../scripts/compiled-build.mjs';

const root = new URL('..', import.meta.url);
const bin = fileURLToPath(new URL('cli/betascape.js', root));
const config = fileURLToPath(new URL('configs/quench-small.yaml', root));

function betascape(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs in parallel (each `--help` is a process start). */
function betascapeAsync(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args]);
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => done({ code, stdout }));
  });
}

test('the build is current after npm run build, and runs as the sources do', () => {
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('scripts/build.mjs', root))], { encoding: 'utf8' });
  assert.is(build.status, 0, build.stderr);
  assert.ok(currentBuild(root), 'no current build in dist/');
  for (const args of [['--version'], ['validate', config, '--json']]) {
    const compiled = betascape(args);
    const sources = betascape(args, { BETASCAPE_TSX: '1' });
    assert.is(compiled.code, 0, compiled.stderr);
    assert.is(compiled.stdout, sources.stdout);
    assert.ok(compiled.stdout.length > 0);
  }
});

test('a build is not current once a source is newer, nor without its entry module', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-startup-'));
  const fake = pathToFileURL(dir + '/');
  for (const d of ['sim', 'landscape', 'analysis', 'cli']) {
    mkdirSync(join(dir, d));
    writeFileSync(join(dir, d, 'a.ts'), '');
  }
  mkdirSync(join(dir, 'dist/b1/cli'), { recursive: true });
  writeFileSync(join(dir, 'dist/b1/cli/main.js'), '');
  const readAt = Date.now() + 1000;
  writeFileSync(join(dir, 'dist/current'), `b1 ${readAt}\n`);
  assert.is(currentBuild(fake)?.href, new URL('dist/b1/', fake).href);
  utimesSync(join(dir, 'landscape/a.ts'), new Date(readAt + 5000), new Date(readAt + 5000));
  assert.is(currentBuild(fake), undefined);
  writeFileSync(join(dir, 'dist/current'), `b2 ${readAt + 10_000}\n`);
  assert.is(currentBuild(fake), undefined);
  rmSync(dir, { recursive: true });
});

test('every command lists --json and --quiet (global options; a sample of commands, each help is a process)', async () => {
  const top = betascape(['--help']).stdout;
  assert.ok([...top.matchAll(/^ {2}betascape (\S+)/gm)].length >= 20);
  const commands = [['md'], ['activate'], ['potential', 'zhou'], ['spectrum', 'dma'], ['study'], ['rdf']];
  const helps = await Promise.all(commands.map((c) => betascapeAsync([...c, '--help'])));
  helps.forEach((h, k) => {
    assert.is(h.code, 0, commands[k].join(' '));
    assert.match(h.stdout, /--json/, commands[k].join(' '));
    assert.match(h.stdout, /--quiet/, commands[k].join(' '));
  });
});

test('--help names every command without loading it; a global option may come before the command; a typo is answered', () => {
  const top = betascape(['--help']);
  assert.is(top.code, 0);
  assert.match(top.stdout, /betascape study <config> +The heterogeneity/);
  assert.match(top.stdout, /betascape relax +Dynamics: MSD/);
  const after = betascape(['validate', config, '--json']), before = betascape(['--json', 'validate', config]);
  assert.is(before.code, 0, before.stderr);
  assert.is(before.stdout, after.stdout);
  const typo = betascape(['valdate', config]);
  assert.is(typo.code, 2);
  assert.match(typo.stderr, /Did you mean validate\?/);
});

test('--json --quiet: one JSON record on stdout, nothing on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-startup-'));
  const runs = [
    ['potential', 'zhou', '--elements', 'Cu,Zr', '--nr', '200', '--nrho', '200', '--out', join(dir, 'CuZr.eam.alloy')],
    ['md', '--data', fileURLToPath(new URL('test/reference/ka864.data', root)), '--model', 'ka', '--steps', '5', '--T', '0.5', '--out', join(dir, 'md')],
    ['validate', config],
  ];
  for (const args of runs) {
    const r = betascape([...args, '--json', '--quiet']);
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stderr, '', args[0]);
    assert.type(JSON.parse(r.stdout), 'object');
  }
  rmSync(dir, { recursive: true });
});

test.run();
