// Starts the fuzz worker with tsx's loaders registered inside the worker thread.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

registerEsm();
registerCommonJs();
await import('./worker.ts');
