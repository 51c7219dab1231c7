import { registerResampleWorker } from '@mlgate/eval';
import { run } from './main.js';

// Large bootstraps are shared with a thread started from the resample-thread bundle next to this one.
registerResampleWorker(import.meta.url);
await run();
