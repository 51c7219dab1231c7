#!/usr/bin/env node
/**
 * Fallback peak-RSS probe for machines without GNU time (/usr/bin/time): runs the bundled CLI *in this process* and,
 * when the process exits, writes `process.resourceUsage()` (maxRSS in KiB, user/system CPU in µs) as JSON to the
 * file named by MLGATE_BENCH_RUSAGE. Because the CLI runs in the same process, maxRSS is exactly the CLI's peak
 * resident set (plus this ~1 KB wrapper), which `child_process` cannot report for a child.
 *
 *   MLGATE_BENCH_RUSAGE=out.json node bench/measure.mjs dist/cli/index.js eval-gate --results ... --report-path ...
 *
 * The bundled CLI's entry sets `process.exitCode = await main(argv)` at the top level of the module, so importing it
 * runs the command with the argv we hand it; the exit hook then records the usage.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [cli, ...args] = process.argv.slice(2);
if (!cli) {
  console.error('Usage: MLGATE_BENCH_RUSAGE=FILE node bench/measure.mjs CLI.js [args...]');
  process.exit(2);
}
const target = process.env.MLGATE_BENCH_RUSAGE;
const started = process.hrtime.bigint();
process.on('exit', () => {
  const usage = process.resourceUsage();
  const text = JSON.stringify({ ...usage, wallMs: Number(process.hrtime.bigint() - started) / 1e6 });
  if (target) writeFileSync(target, text);
  else process.stderr.write(`rusage ${text}\n`);
});
process.argv = [process.argv[0], path.resolve(cli), ...args];
await import(pathToFileURL(path.resolve(cli)).href);
