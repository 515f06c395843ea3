/**
 * Where the compiled JavaScript of the sources lives, and whether it is current. `npm run build`
 * (scripts/build.mjs) compiles sim/, landscape/, analysis/ and cli/ into dist/<id>/ (id: a hash of
 * the sources) and then names that build in dist/current, with the time it read the sources.
 * Builds are never rewritten in place, so a running process keeps the build it started with
 * (its workers load theirs next to it). Plain JavaScript: cli/betascape.js reads it at every start.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';

/** The directories compiled (their TypeScript sources, less the AssemblyScript kernels). */
export const SOURCE_DIRS = ['sim', 'landscape', 'analysis', 'cli'];

/** The TypeScript sources under `root` (a directory URL), as paths relative to it. */
export function sourceFiles(root) {
  return SOURCE_DIRS.flatMap((dir) => readdirSync(new URL(`${dir}/`, root), { recursive: true })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('wasm/assembly/'))
    .map((f) => `${dir}/${f}`))
    .sort();
}

/**
 * The directory URL of the current build under `root` (a directory URL), or undefined where there
 * is none or a source was changed after the build read them (then the sources run through tsx).
 */
export function currentBuild(root) {
  let id, readAt;
  try {
    [id, readAt] = readFileSync(new URL('dist/current', root), 'utf8').trim().split(' ');
  } catch {
    return undefined;
  }
  const build = new URL(`dist/${id}/`, root);
  try {
    statSync(new URL('cli/main.js', build));
  } catch {
    return undefined;
  }
  const newest = Math.max(...sourceFiles(root).map((f) => statSync(new URL(f, root)).mtimeMs));
  return newest <= Number(readAt) ? build : undefined;
}
