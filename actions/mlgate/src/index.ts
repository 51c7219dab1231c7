import { registerScanWorker } from '@mlgate/data';
import { registerResampleWorker } from '@mlgate/eval';
import { run } from './main.js';

// Large CSV files are scanned by threads started from the scan-thread bundle next to this one.
registerScanWorker(import.meta.url);
// Large bootstraps are shared with a thread started from the resample-thread bundle next to this one.
registerResampleWorker(import.meta.url);
await run();
