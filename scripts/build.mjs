/**
 * Compiles the TypeScript of sim/, landscape/, analysis/ and cli/ to JavaScript with tsc
 * (tsconfig.build.json) into dist/<id>/, id being a hash of the sources, and names it in
 * dist/current (scripts/compiled-build.mjs). Run by `npm run build` (so by `npm install`/`npm ci`,
 * `npm test` and `npm start`). Unchanged sources are not recompiled. A build is written to a
 * temporary directory and renamed into place, and dist/current is replaced by a rename, so a
 * running betascape never sees a half-written build; builds other than the current one are
 * removed a week after they were last current (a process started on one keeps loading its modules
 * and its workers' from it, so a run longer than that must not meet a rebuild).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sourceFiles } from './compiled-build.mjs';

const KEEP_MS = 7 * 24 * 3600 * 1000;
const root = new URL('..', import.meta.url);
const dist = new URL('dist/', root);
const readAt = Date.now();
const hash = createHash('sha256');
for (const file of [...sourceFiles(root), 'tsconfig.json', 'tsconfig.build.json']) hash.update(file).update(readFileSync(new URL(file, root)));
const id = hash.digest('hex').slice(0, 16);
const build = new URL(`${id}/`, dist);

mkdirSync(dist, { recursive: true });
if (!existsSync(new URL('cli/main.js', build))) {
  const tmp = new URL(`tmp-${id}-${process.pid}/`, dist);
  const tsc = new URL('bin/tsc', pathToFileURL(createRequire(import.meta.url).resolve('typescript/package.json')));
  const run = spawnSync(process.execPath, [fileURLToPath(tsc), '-p', fileURLToPath(new URL('tsconfig.build.json', root)), '--outDir', fileURLToPath(tmp)], { stdio: 'inherit' });
  if (run.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    console.error('scripts/build: tsc failed; betascape runs the sources through tsx until a build succeeds');
    process.exit(1);
  }
  // Another build of the same sources may have won the race: then keep its copy.
  if (existsSync(build)) rmSync(tmp, { recursive: true, force: true });
  else renameSync(tmp, build);
  console.error(`scripts/build: compiled the sources into dist/${id}/`);
}
// A build's age (for removal) counts from when it was last made current.
utimesSync(build, new Date(readAt), new Date(readAt));
writeFileSync(new URL(`current.${process.pid}`, dist), `${id} ${readAt}\n`);
renameSync(new URL(`current.${process.pid}`, dist), new URL('current', dist));
for (const entry of readdirSync(dist)) {
  const path = new URL(entry, dist);
  if (entry !== id && statSync(path).isDirectory() && readAt - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { recursive: true, force: true });
}
