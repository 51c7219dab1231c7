// Prints the plain "N passed, N failed" line from Jest's --json results file (read by CI).
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed`);
