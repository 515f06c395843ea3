// Entry of every worker thread (threads backend, sweep, study, activation and DMA workers):
// registers tsx, as cli/betascape.js does, then loads the worker module named last on argv.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[process.argv.length - 1]);
