#!/usr/bin/env node
/**
 * Import speed of an Inspect AI `.eval` log (see bench/README.md, "Inspect AI logs").
 *
 *   node bench/inspect/run.mjs [--samples 100000] [--repeat 3]
 *
 * Generates (once) bench/data/inspect-<n>.eval with generate_eval.py, bundles the import alone (import-entry.ts,
 * with ncc, into bench/data/inspect-import/) and times, each in its own process, `--repeat` times:
 *
 *   mlgate import     importResultsFile(format auto): yauzl reads the archive member by member, every sample is
 *                     parsed and converted to a case (timed inside the process, plus peak RSS).
 *   python zipfile    /usr/bin/python3 with zipfile + json building the same rows (python_reference.py).
 *   mlgate eval-gate  the whole eval-gate through dist/cli (import, repeats merged, metrics, 1,000-resample
 *                     bootstrap, report), wall time.
 * Both importers must agree on rows, passes and input tokens, or the run stops.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const DATA = path.join(ROOT, 'bench', 'data');
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const samples = argument('samples', 100_000);
const repeat = argument('repeat', 3);
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

mkdirSync(DATA, { recursive: true });
const log = path.join(DATA, `inspect-${samples}.eval`);
if (!existsSync(log)) {
  console.error(`generating ${path.relative(ROOT, log)}...`);
  execFileSync(PYTHON, [path.join(HERE, 'generate_eval.py'), '--samples', String(samples), '--out', log], {
    stdio: 'inherit',
  });
}
const importer = path.join(DATA, 'inspect-import');
console.error('bundling the importer...');
execFileSync(
  process.execPath,
  [
    path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
    'build',
    path.join(HERE, 'import-entry.ts'),
    '-o',
    importer,
    '--quiet',
  ],
  { cwd: ROOT, stdio: 'inherit' },
);

const json = (command, args) => {
  const run = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = { mlgate: [], python: [], gate: [] };
let mlgateFacts;
let pythonFacts;
for (let round = 0; round < repeat; round++) {
  mlgateFacts = json(process.execPath, [path.join(importer, 'index.js'), log]);
  results.mlgate.push(mlgateFacts.seconds);
  pythonFacts = json(PYTHON, [path.join(HERE, 'python_reference.py'), log]);
  results.python.push(pythonFacts.seconds);
  const start = process.hrtime.bigint();
  const gate = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'dist/cli/index.js'),
      'eval-gate',
      '--results',
      log,
      '--report-path',
      path.join(DATA, 'inspect-report.json'),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (gate.status !== 0) throw new Error(`mlgate eval-gate failed:\n${gate.stderr}`);
  results.gate.push(Number(process.hrtime.bigint() - start) / 1e9);
}
for (const key of ['rows', 'pass', 'tokens_input'])
  if (mlgateFacts[key] !== pythonFacts[key])
    throw new Error(`mlgate and Python disagree on ${key}: ${mlgateFacts[key]} vs ${pythonFacts[key]}`);

const megabytes = statSync(log).size / 1e6;
console.log(
  `Inspect .eval import: ${samples.toLocaleString('en')} samples, ${megabytes.toFixed(1)} MB archive, ` +
    `median of ${repeat} (node ${process.version}, ${PYTHON} ${execFileSync(PYTHON, ['-c', 'import sys;print(sys.version.split()[0])'], { encoding: 'utf8' }).trim()})`,
);
console.log('| what | seconds | samples/s | notes |');
console.log('| --- | ---: | ---: | --- |');
const row = (name, seconds, notes) =>
  console.log(
    `| ${name} | ${seconds.toFixed(2)} | ${Math.round(samples / seconds).toLocaleString('en')} | ${notes} |`,
  );
row(
  'mlgate import (yauzl, streamed)',
  median(results.mlgate),
  `peak RSS ${mlgateFacts.peakRssMb} MB, all runs: ${results.mlgate.map((s) => s.toFixed(2)).join(', ')}`,
);
row(
  'Python zipfile + json',
  median(results.python),
  `all runs: ${results.python.map((s) => s.toFixed(2)).join(', ')}`,
);
row('mlgate eval-gate, whole run', median(results.gate), 'import + metrics + bootstrap + report, wall time');
console.log(
  `agree: ${mlgateFacts.rows} rows, ${mlgateFacts.pass} passes, ${mlgateFacts.tokens_input} input tokens`,
);
