import { registerScanWorker } from '@mlgate/data';
import { run } from './main.js';

// Large CSV files are scanned by threads started from the scan-thread bundle next to this one.
registerScanWorker(import.meta.url);
await run();
