#!/usr/bin/env node
/**
 * The resample thread of eval-gate (packages/eval/src/resample-threads.ts), measured: the whole run and the CLI's own
 * "metrics with intervals in X ms", with the thread off, on, and as the rule decides, beside the previous main's
 * bundle, on results shaped like an LLM eval (bench/generate.mjs --task llm: unrounded probabilities, latency,
 * tokens, cost, a grader score, 1 % errors).
 *
 *   node bench/eval-threads.mjs --sizes 1000,4999 --resamples 1000,10000 --repeat 3 \
 *       --cli dist/cli/index.js --old /work/old-dist-a3205e5/cli/index.js
 *
 * Each configuration runs `--repeat` times, interleaved; the table gives medians of wall time, CPU time (user +
 * system of the child, from process.resourceUsage via /usr/bin/time when present) and the interval time the CLI
 * logs. The reports of all configurations of one file are compared (timestamps aside): they must be identical
 * between off, on and auto; the old bundle draws other random streams, so its bootstrap intervals differ.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, 'data', 'eval-threads');
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,4999' },
    resamples: { type: 'string', default: '1000,10000' },
    repeat: { type: 'string', default: '3' },
    cli: { type: 'string', default: path.join(here, '..', 'dist', 'cli', 'index.js') },
    old: { type: 'string' },
    file: { type: 'string', multiple: true },
  },
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const hasTime = existsSync('/usr/bin/time');

/** One run of a CLI: wall s, CPU s, the logged interval ms, the report without its timestamp. */
function run(cli, results, gates, mode) {
  const report = path.join(dataDir, `report-${process.pid}.json`);
  const rusage = path.join(dataDir, `rusage-${process.pid}.txt`);
  const command = ['eval-gate', '--results', results, '--gates', gates, '--report-path', report];
  const env = { ...process.env, MLGATE_RESAMPLE_THREAD: mode ?? '' };
  const started = process.hrtime.bigint();
  const child = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', rusage, process.execPath, cli, ...command], { env })
    : spawnSync(process.execPath, [cli, ...command], { env });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const log = child.stdout.toString() + child.stderr.toString();
  if (child.status !== 0) throw new Error(`${cli} failed (${child.status}):\n${log}`);
  const cpu = hasTime
    ? readFileSync(rusage, 'utf8')
        .trim()
        .split(/\s+/)
        .slice(-2)
        .reduce((sum, value) => sum + Number(value), 0)
    : NaN;
  const match = /metrics with intervals in (\d+) ms(.*)/.exec(log);
  const body = JSON.parse(readFileSync(report, 'utf8'));
  delete body.generatedAt;
  return {
    wall,
    cpu,
    intervalsMs: match ? Number(match[1]) : NaN,
    threads: match?.[2].includes('2 threads') ? 2 : 1,
    report: JSON.stringify(body),
  };
}

mkdirSync(dataDir, { recursive: true });
const repeat = Number(args.repeat);
const files = [];
for (const n of args.sizes.split(',').map(Number)) {
  const file = path.join(dataDir, `llm-${n}.jsonl`);
  if (!existsSync(file)) generate({ task: 'llm', n, out: file });
  for (const resamples of args.resamples.split(',').map(Number)) files.push({ file, n, resamples });
}
for (const file of args.file ?? [])
  for (const resamples of args.resamples.split(',').map(Number)) files.push({ file, n: NaN, resamples });

const configs = [
  ...(args.old ? [{ name: 'previous main', cli: args.old }] : []),
  { name: 'one thread (off)', cli: args.cli, mode: 'off' },
  { name: 'two threads (on)', cli: args.cli, mode: 'on' },
  { name: 'rule (auto)', cli: args.cli, mode: 'auto' },
];
const rows = [];
for (const { file, n, resamples } of files) {
  const gates = path.join(dataDir, `gates-${resamples}.yml`);
  writeFileSync(gates, `bootstrap:\n  resamples: ${resamples}\ngates: []\n`);
  readFileSync(file); // into the page cache
  const runs = configs.map(() => []);
  for (let r = 0; r < repeat; r++)
    configs.forEach((config, c) => runs[c].push(run(config.cli, file, gates, config.mode)));
  const reports = new Set(configs.flatMap((config, c) => (config.mode ? runs[c].map((x) => x.report) : [])));
  configs.forEach((config, c) =>
    rows.push({
      file: path.basename(file),
      cases: Number.isNaN(n) ? '' : n.toLocaleString('en-US'),
      resamples: resamples.toLocaleString('en-US'),
      config: config.name,
      wall: median(runs[c].map((x) => x.wall)).toFixed(3),
      cpu: median(runs[c].map((x) => x.cpu)).toFixed(3),
      intervalsMs: median(runs[c].map((x) => x.intervalsMs)),
      threads: runs[c].map((x) => x.threads).join('/'),
      sameReports: config.mode ? (reports.size === 1 ? 'yes' : 'NO') : '',
    }),
  );
  console.error(
    `${path.basename(file)} × ${resamples}: done (${reports.size} distinct report(s) off/on/auto)`,
  );
}
const columns = [
  'file',
  'cases',
  'resamples',
  'config',
  'wall',
  'cpu',
  'intervalsMs',
  'threads',
  'sameReports',
];
const head = [
  'file',
  'cases',
  'resamples',
  'build / threads',
  'wall s',
  'CPU s',
  'intervals ms',
  'threads used',
  'reports identical',
];
console.log(`| ${head.join(' | ')} |`);
console.log(`| ${columns.map((c, i) => (i < 4 ? ':--' : '--:')).join(' | ')} |`);
for (const row of rows) console.log(`| ${columns.map((c) => row[c]).join(' | ')} |`);
console.log(
  `\nmedians of ${repeat}; load average at the end ${execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ')}`,
);
