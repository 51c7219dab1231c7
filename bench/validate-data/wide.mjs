#!/usr/bin/env node
/**
 * Peak memory of validate-data on wide files: a CSV of COLUMNS columns and a few rows of small integers (100,000
 * columns × 5 rows is 1.8 MB), validated without a contract by dist/cli under GNU time, median of --repeat runs.
 * The reference in the same run: numpy loading the same file and computing each column's min, max, mean and std
 * (Debian's /usr/bin/python3). With --before DIR, a second mlgate bundle (e.g. an older dist/cli) runs beside it.
 *
 *   node scripts/bundle.mjs --only cli && node bench/validate-data/wide.mjs [--columns 100000] [--rows 5]
 *       [--repeat 3] [--before bench/data/cli-before]
 *
 * Also printed: the job summary's size (the summary is capped under GitHub's 1 MiB limit) and the report's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const columns = Number(option('--columns', '100000'));
const rows = Number(option('--rows', '5'));
const repeat = Number(option('--repeat', '3'));
const before = option('--before', undefined);
const timeBin = '/usr/bin/time';
if (!existsSync(timeBin)) throw new Error('GNU time (/usr/bin/time) is needed for peak RSS');

const dir = path.join(root, 'bench', 'data', 'wide');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `wide-${columns}x${rows}.csv`);
if (!existsSync(file)) {
  let state = 1;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % 100;
  const lines = [Array.from({ length: columns }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, () => String(next())).join(','));
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Peak RSS (MB) and wall time (s) of one command, from GNU time's %M and %e. */
function measure(command) {
  const usage = path.join(dir, 'rusage.txt');
  const run = spawnSync(timeBin, ['-f', '%e %M', '-o', usage, ...command], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${command.join(' ')}: ${run.stderr.slice(-2000)}`);
  const [seconds, kib] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { seconds, mb: (kib * 1024) / 1e6 };
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const reference = [
  '/usr/bin/python3',
  '-c',
  'import sys, numpy as np; a = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, ndmin=2); ' +
    'print(a.shape, float(np.nanmin(a)), float(np.nanmax(a)), a.mean(axis=0).shape, a.std(axis=0).shape)',
  file,
];
const mlgate = (cli) => [
  process.execPath,
  cli,
  'validate-data',
  '--quiet',
  '--data',
  file,
  '--report-path',
  path.join(dir, 'report.json'),
  '--summary-path',
  path.join(dir, 'summary.md'),
];
const tools = [['mlgate validate-data (dist/cli)', mlgate(path.join(root, 'dist', 'cli', 'index.js'))]];
if (before) tools.push([`mlgate validate-data (${before})`, mlgate(path.resolve(before, 'index.js'))]);
tools.push(['numpy loadtxt + min/max/mean/std (reference)', reference]);

console.log(
  `${path.relative(root, file)}: ${columns.toLocaleString('en-US')} columns × ${rows} rows, ` +
    `${(statSync(file).size / 1e6).toFixed(1)} MB; median of ${repeat} runs (peak RSS by GNU time %M, MB = 10^6 bytes)\n`,
);
console.log('| tool | peak RSS MB | wall s | runs (MB) |');
console.log('|---|---:|---:|---|');
for (const [name, command] of tools) {
  const runs = Array.from({ length: repeat }, () => measure(command));
  const mbs = runs.map((run) => run.mb);
  console.log(
    `| ${name} | ${Math.round(median(mbs))} | ${median(runs.map((run) => run.seconds)).toFixed(1)} | ${mbs.map((mb) => Math.round(mb)).join(', ')} |`,
  );
  if (name.startsWith('mlgate') && existsSync(path.join(dir, 'summary.md'))) {
    const summary = statSync(path.join(dir, 'summary.md')).size;
    const report = statSync(path.join(dir, 'report.json')).size;
    console.log(
      `|  ↳ job summary ${(summary / 1024).toFixed(0)} KiB, report ${(report / 1e6).toFixed(1)} MB | | | |`,
    );
    rmSync(path.join(dir, 'summary.md'));
  }
}
