#!/usr/bin/env node
/**
 * The users'-shape benchmark (issue #15): the validate-data action bundle on ~1 GB of users.mjs data (random UUIDs,
 * free text, event times, enums, a boolean, numbers with empty cells) under users-contract.yml, beside DuckDB's
 * SUMMARIZE and, optionally, an older build of the action, all in the same run (see bench/README.md).
 *
 *   node bench/validate-data/users-run.mjs [--rows 8400000] [--repeat 3] [--before /tmp/old-dist/validate-data/index.js]
 *        [--action FILE] [--threads 2] [--only duckdb,before,after] [--no-gnu-time]
 *
 * The action runs as the runner starts it: `node index.js` with INPUT_DATA, INPUT_CONTRACT, INPUT_PROFILE-PATH and
 * INPUT_REPORT-PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; once with MLGATE_SCAN_THREADS=1 and once with the
 * default scan threads (one per core, at most 4). --action defaults to a snapshot of dist/validate-data taken at
 * start. --before is another build of the same action, e.g. main's, made in a separate checkout with
 * `node scripts/bundle.mjs --out /tmp/old-dist --only validate-data`.
 *
 * The runs are interleaved (DuckDB, before ×2, after ×2, then again --repeat times), so that the load of a shared
 * machine falls on every tool alike; each row is the median of its runs. MB per CPU s (file bytes ÷ user + system
 * time) is the number least moved by other jobs on the machine.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR, dataFile, generate } from './generate.mjs';
import {
  actionRun,
  duckdbJob,
  parseBenchArgs,
  runInterleaved,
  saveResults,
  snapshotAction,
} from './action-bench.mjs';
import { findGnuTime, fmt, gitHead, printTable, warmPageCache } from './run.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CONTRACT = path.join(HERE, 'users-contract.yml');
const MB = 1e6;
const TOOLS = ['duckdb', 'before', 'after'];
const GOALS = { oneThread: 150, twoThreads: 250, overDuckdb: 1.5, peakMB: 300 };

async function main() {
  const args = parseBenchArgs(process.argv.slice(2), {
    defaults: { rows: 8_400_000, repeat: 3, threads: 2, only: TOOLS },
    choices: { only: TOOLS },
    script: fileURLToPath(import.meta.url),
  });
  mkdirSync(DATA_DIR, { recursive: true });
  const timeBin = args.gnuTime ? findGnuTime() : undefined;
  const file = dataFile('users', args.rows, '.csv');
  if (!existsSync(file)) {
    const started = Date.now();
    await generate({ rows: args.rows, seed: 7, name: 'users', shape: 'users' });
    console.error(
      `generated ${path.relative(ROOT, file)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const bytes = statSync(file).size;
  const after = args.action ?? snapshotAction();
  const scanThreads = Math.min(os.availableParallelism?.() ?? os.cpus().length, 4);
  const workDir = path.join(DATA_DIR, 'users-runs');
  rmSync(workDir, { recursive: true, force: true });

  const jobs = [];
  if (args.only.includes('duckdb')) jobs.push({ ...duckdbJob(file, args.threads), key: 'duckdb' });
  const builds = [];
  if (args.before && args.only.includes('before')) builds.push(['before', args.before]);
  if (args.only.includes('after')) builds.push(['after', after]);
  for (const [key, bundle] of builds)
    for (const [label, env] of [
      ['1 thread', { MLGATE_SCAN_THREADS: '1' }],
      [`${scanThreads} scan threads`, {}],
    ])
      jobs.push({
        tool: `mlgate ${key === 'before' ? 'before' : 'after'}, ${label}`,
        key: `${key}-${env.MLGATE_SCAN_THREADS ? 1 : scanThreads}`,
        make: () =>
          actionRun(bundle, {
            data: file,
            contract: CONTRACT,
            out: path.join(workDir, `${key}-${label.replace(/ /g, '-')}`),
            env,
          }),
        okCodes: [0, 1],
      });

  console.log(
    `mlgate validate-data, users' shape — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, git ${gitHead()}`,
  );
  console.log(
    `data: ${path.relative(ROOT, file)} (${fmt(bytes / MB, 0)} MB, ${args.rows.toLocaleString('en-US')} rows)`,
  );
  console.log(`after: ${path.relative(ROOT, after)}${args.before ? `; before: ${args.before}` : ''}`);
  warmPageCache(file);
  const measured = await runInterleaved(jobs, { repeat: args.repeat, timeBin, timeout: args.timeout });
  const rows = measured.map(({ job, ...row }) => ({
    key: job.key,
    tool: job.tool,
    file: 'csv',
    bytes,
    rows: args.rows,
    ...row,
  }));
  console.log('');
  printTable(rows);
  console.log('');
  for (const line of goals(rows, scanThreads)) console.log(line);
  saveResults('users', args, rows);
  if (rows.some((row) => !row.ok)) process.exitCode = 1;
}

/** The goals of issue #15, each met or not, from this run's medians. */
function goals(rows, scanThreads) {
  const by = (key) => rows.find((row) => row.key === key && row.ok);
  const mbps = (row) => (row ? row.bytes / MB / (row.wallMs / 1000) : NaN);
  const perCpu = (row) => (row ? row.bytes / MB / row.cpuS : NaN);
  const duck = by('duckdb');
  const one = by('after-1');
  const many = by(`after-${scanThreads}`);
  const lines = [];
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  if (one)
    lines.push(
      `- one scan thread ≥ ${GOALS.oneThread} MB/s: ${fmt(mbps(one), 0)} MB/s, ${verdict(mbps(one) >= GOALS.oneThread)}`,
    );
  if (many)
    lines.push(
      `- ${scanThreads} scan threads ≥ ${GOALS.twoThreads} MB/s: ${fmt(mbps(many), 0)} MB/s, ${verdict(mbps(many) >= GOALS.twoThreads)}`,
      `- peak RSS with threads < ${GOALS.peakMB} MB: ${fmt(many.peakMB, 0)} MB, ${verdict(many.peakMB < GOALS.peakMB)}`,
    );
  if (many && duck) {
    const ratio = mbps(many) / mbps(duck);
    lines.push(
      `- ≥ ${GOALS.overDuckdb}× DuckDB SUMMARIZE (wall, same run): ${fmt(ratio, 2)}×, ${verdict(ratio >= GOALS.overDuckdb)}; ` +
        `per CPU second ${fmt(perCpu(many) / perCpu(duck), 2)}× (one thread ${fmt(perCpu(one) / perCpu(duck), 2)}×)`,
    );
  }
  for (const threads of [1, scanThreads]) {
    const before = by(`before-${threads}`);
    const now = by(`after-${threads}`);
    if (before && now)
      lines.push(
        `- after / before, ${threads === 1 ? 'one thread' : `${threads} scan threads`}: wall ${fmt(mbps(now) / mbps(before), 2)}×, ` +
          `per CPU second ${fmt(perCpu(now) / perCpu(before), 2)}×`,
      );
  }
  return lines;
}

await main();
