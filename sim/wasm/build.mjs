/**
 * Compiles the WebAssembly kernels (sim/wasm/assembly/*.ts, AssemblyScript) into sim/wasm/build/.
 * Run by `npm install` (the `prepare` script), `npm start`, `npm test` and `npm run build`.
 * Plain JavaScript so that it needs no TypeScript loader. Next to each kernel, <name>.wasm.hash holds
 * the SHA-256 of its source and then the compiler flags: an unchanged kernel is not rebuilt, and
 * sim/wasm/kernels.ts refuses a kernel whose source changed since.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Optimised, with 128-bit SIMD, no garbage collector (the kernels allocate nothing), memory from the host. */
const FLAGS = ['-O3', '--runtime', 'stub', '--importMemory', '--enable', 'simd', '--noAssert'];
const sourceDir = fileURLToPath(new URL('./assembly/', import.meta.url));
const buildDir = fileURLToPath(new URL('./build/', import.meta.url));

mkdirSync(buildDir, { recursive: true });
for (const file of readdirSync(sourceDir).filter((f) => f.endsWith('.ts'))) {
  const source = sourceDir + file;
  const wasm = buildDir + file.replace(/\.ts$/, '.wasm');
  const stamp = `${createHash('sha256').update(readFileSync(source)).digest('hex')}\n${FLAGS.join(' ')}\n`;
  if (existsSync(wasm) && existsSync(`${wasm}.hash`) && readFileSync(`${wasm}.hash`, 'utf8') === stamp) continue;
  const { default: asc } = await import('assemblyscript/asc');
  const { error, stderr } = await asc.main([source, ...FLAGS, '--outFile', wasm]);
  if (error) {
    console.error(`sim/wasm/build: ${file} did not compile:\n${stderr.toString()}`);
    process.exit(1);
  }
  writeFileSync(`${wasm}.hash`, stamp);
  console.error(`sim/wasm/build: compiled ${file}`);
}
