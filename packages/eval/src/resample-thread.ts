/**
 * The entry of a resample thread (resample-threads.ts), bundled next to each bundle that runs eval-gate
 * (dist/<name>/resample-thread/index.js): only the metric suite and the bootstraps, so the thread starts small.
 */
import { serveResampleWorker } from './resample-threads.js';

if (!serveResampleWorker()) {
  console.error(
    'mlgate: this file is the entry of eval-gate resample threads; run the action or the CLI instead',
  );
  process.exitCode = 2;
}
