// Entry of a threads-backend worker: loads the TypeScript sources through tsx, as betascape.js does.
import { register } from 'tsx/esm/api';

register();
await import('./threads-worker.ts');
