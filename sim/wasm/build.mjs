/**
 * Compiles the WebAssembly kernels (sim/wasm/assembly/*.ts, AssemblyScript) into one module,
 * sim/wasm/build/kernels.wasm, so that they share one memory. Run by `npm install` (the `prepare`
 * script), `npm start`, `npm test` and `npm run build`; plain JavaScript so that it needs no
 * TypeScript loader. kernels.wasm.hash holds the SHA-256 of the sources and then the compiler
 * flags: unchanged kernels are not rebuilt, and sim/wasm/kernels.ts refuses stale ones.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Optimised, with 128-bit SIMD, no garbage collector (the kernels allocate nothing), memory from the host. */
const FLAGS = ['-O3', '--runtime', 'stub', '--importMemory', '--sharedMemory', '--maximumMemory', '65536', '--enable', 'simd', '--enable', 'threads', '--noAssert'];
const sourceDir = fileURLToPath(new URL('./assembly/', import.meta.url));
const buildDir = fileURLToPath(new URL('./build/', import.meta.url));

/** Every source, entries (assembly/*.ts) and what they import (assembly/common/), by path relative to assembly/. */
const allSources = readdirSync(sourceDir, { recursive: true }).filter((f) => f.endsWith('.ts')).sort();

/** SHA-256 over the sources in path order (sim/wasm/kernels.ts computes the same). */
function sourcesHash() {
  const hash = createHash('sha256');
  for (const file of allSources) hash.update(file).update(readFileSync(sourceDir + file));
  return hash.digest('hex');
}

const sources = allSources.filter((f) => !f.includes('/')).map((f) => sourceDir + f);
const wasm = buildDir + 'kernels.wasm';
const stamp = `${sourcesHash()}\n${FLAGS.join(' ')}\n`;
if (!(existsSync(wasm) && existsSync(`${wasm}.hash`) && readFileSync(`${wasm}.hash`, 'utf8') === stamp)) {
  mkdirSync(buildDir, { recursive: true });
  const { default: asc } = await import('assemblyscript/asc');
  const { error, stderr } = await asc.main([...sources, ...FLAGS, '--outFile', wasm]);
  if (error) {
    console.error(`sim/wasm/build: the kernels did not compile:\n${stderr.toString()}`);
    process.exit(1);
  }
  writeFileSync(`${wasm}.hash`, stamp);
  console.error('sim/wasm/build: compiled sim/wasm/build/kernels.wasm');
}
