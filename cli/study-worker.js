// Entry of a study analysis worker thread: loads the TypeScript sources through tsx, as betascape.js does.
import { register } from 'tsx/esm/api';

register();
await import('./study-worker.ts');
