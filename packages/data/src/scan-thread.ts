/**
 * The entry of a scan thread (validate/parallel-scan.ts), bundled next to each bundle that validates data
 * (dist/<name>/scan-thread/index.js): only the data engine, so each thread starts small.
 */
import { serveScanWorker } from './validate/parallel-scan.js';

if (!serveScanWorker()) {
  console.error(
    'mlgate: this file is the entry of validate-data scan threads; run the action or the CLI instead',
  );
  process.exitCode = 2;
}
