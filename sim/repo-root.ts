/**
 * The repository root as a directory URL, for files that are not compiled (package.json, the
 * WebAssembly kernels, cli/betascape.js): this module runs from sim/repo-root.ts, or compiled from
 * dist/<build>/sim/repo-root.js (scripts/build.mjs).
 */
export const REPO_ROOT = new URL(import.meta.url.endsWith('.js') ? '../../../' : '../', import.meta.url);
