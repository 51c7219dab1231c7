#!/usr/bin/env node
import { registerScanWorker } from '@mlgate/data';
import { main } from './main.js';

// Large CSV files are scanned by threads started from the scan-thread bundle next to this one.
registerScanWorker(import.meta.url);
process.exitCode = await main(process.argv.slice(2));
