/** The Inspect import alone, bundled by bench/inspect/run.mjs: reads one log and prints rows, time and memory. */
import { importResultsFile } from '../../packages/eval/src/importers/index.js';

const file = process.argv[2];
const start = process.hrtime.bigint();
const result = await importResultsFile(file, 'auto');
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
let pass = 0;
let tokensInput = 0;
for (const row of result.cases) {
  if (row.pass) pass++;
  tokensInput += row.tokens?.input ?? 0;
}
console.log(
  JSON.stringify({
    format: result.format,
    rows: result.cases.length,
    seconds,
    pass,
    tokens_input: tokensInput,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
