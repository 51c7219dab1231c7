// Prints the plain "N passed, N failed" line from one or more Jest --json results files, added up (read by CI:
// .ci/run runs the whole suite on Node 20, then the bundle tests again on Node 24).
// A results file that is missing or empty (Jest crashed before writing it) and a test file that could not run
// (a syntax error, a failing import) each count as one failed test, so the line never hides them.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/test-summary.mjs RESULTS.json [MORE.json ...]');
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const file of files) {
  let results;
  try {
    results = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`no test results in ${file} (${error.message}): counted as one failed test`);
    failed += 1;
    continue;
  }
  passed += results.numPassedTests;
  failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
}
console.log(`${passed} passed, ${failed} failed`);
