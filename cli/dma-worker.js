// Entry of an MD-DMA sweep worker thread: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./dma-worker.ts');
