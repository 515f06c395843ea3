#!/usr/bin/env node
// Entry point of the `betascape` command. Runs the JavaScript that `npm run build` compiled into
// dist/ when that build is current; otherwise (a checkout not built yet, or a source changed since
// the build) the TypeScript sources through tsx, which is slower to start. BETASCAPE_TSX=1 always
// takes the sources.
import { currentBuild } from '../scripts/compiled-build.mjs';

const build = process.env.BETASCAPE_TSX ? undefined : currentBuild(new URL('..', import.meta.url));
if (build) await import(new URL('cli/main.js', build).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
