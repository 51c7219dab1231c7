#!/usr/bin/env node
/**
 * The Parquet benchmark (issue #19): the validate-data action bundle on the event log's Parquet twin in two layouts,
 * beside DuckDB's SUMMARIZE and, optionally, an older build of the action, all in the same run (see bench/README.md).
 *
 *   node bench/validate-data/parquet-run.mjs [--rows 11000000] [--repeat 3] [--before /tmp/old-dist/validate-data/index.js]
 *        [--action FILE] [--threads 2] [--only duckdb,before,after] [--layouts default,rg1m] [--no-gnu-time]
 *
 * Layouts: `default` is data-<rows>.parquet as generate.mjs --parquet writes it (DuckDB's row groups of ~123k rows);
 * `rg1m` is data-<rows>-rg1000000.parquet, the same rows in row groups of 1M rows, which DuckDB writes as one data
 * page per column and group (a reader that decodes a page whole holds a whole row group). Both are made from
 * data-<rows>.csv when missing.
 *
 * The action runs as the runner starts it (INPUT_DATA, INPUT_CONTRACT = contract.yml, INPUT_PROFILE-PATH,
 * INPUT_REPORT-PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). --action defaults to a snapshot of dist/validate-data;
 * --before is another build, e.g. main's: `node scripts/bundle.mjs --out /tmp/old-dist --only validate-data` in a
 * checkout of it. Runs are interleaved (DuckDB, before, after on one layout, then the other, --repeat times) so the
 * load of a shared machine falls on every tool alike; each row is the median of its runs. Rows per CPU second
 * (rows ÷ user + system time) is the number least moved by other jobs on the machine.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR, dataFile, generate, toParquet } from './generate.mjs';
import {
  actionRun,
  duckdbJob,
  parseBenchArgs,
  runInterleaved,
  saveResults,
  snapshotAction,
} from './action-bench.mjs';
import { describe, findGnuTime, fmt, fmtInt, gitHead, printMarkdownTable, warmPageCache } from './run.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CONTRACT = path.join(HERE, 'contract.yml');
const TOOLS = ['duckdb', 'before', 'after'];
const LAYOUTS = ['default', 'rg1m'];
const GOALS = { rowsPerSecond: 1_000_000, peakMB: 300 };

/** The Parquet file of a layout, written from the CSV (generated first if missing). */
async function parquetFile(rows, layout) {
  const file =
    layout === 'rg1m' ? dataFile('data', rows, '-rg1000000.parquet') : dataFile('data', rows, '.parquet');
  if (existsSync(file)) return file;
  const csv = dataFile('data', rows, '.csv');
  if (!existsSync(csv)) await generate({ rows, seed: 7, name: 'data', outDir: DATA_DIR, shape: 'events' });
  const started = Date.now();
  await toParquet(csv, file, layout === 'rg1m' ? 1_000_000 : undefined);
  console.error(`wrote ${path.relative(ROOT, file)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

function jobsFor(args, files, after, workDir) {
  const jobs = [];
  for (const layout of args.layouts) {
    const file = files[layout];
    if (args.only.includes('duckdb')) jobs.push({ ...duckdbJob(file, args.threads), layout });
    if (args.before && args.only.includes('before'))
      jobs.push({
        tool: 'mlgate before',
        layout,
        make: () =>
          actionRun(args.before, {
            data: file,
            contract: CONTRACT,
            out: path.join(workDir, `before-${layout}`),
          }),
        okCodes: [0, 1],
      });
    if (args.only.includes('after'))
      jobs.push({
        tool: 'mlgate after',
        layout,
        make: () =>
          actionRun(after, { data: file, contract: CONTRACT, out: path.join(workDir, `after-${layout}`) }),
        okCodes: [0, 1],
      });
  }
  return jobs.map((job) => ({ ...job, key: `${job.tool} ${job.layout}` }));
}

function printRows(rows) {
  const header = [
    'tool',
    'layout',
    'rows',
    'wall s',
    'rows/s',
    'CPU s',
    'rows per CPU s',
    'peak RSS MB',
    'result',
  ];
  const body = rows.map((r) => [
    r.tool,
    r.layout === 'rg1m' ? '1M-row groups, 1 page' : "DuckDB's groups",
    fmtInt(r.rows),
    r.ok ? fmt(r.wallMs / 1000, 2) : `FAILED (${r.failure})`,
    r.ok ? fmtInt(r.rows / (r.wallMs / 1000)) : '—',
    fmt(r.cpuS, 2),
    r.ok ? fmtInt(r.rows / r.cpuS) : '—',
    fmtInt(r.peakMB),
    r.detail ? describe(r.detail) : '',
  ]);
  printMarkdownTable(header, body, [0, 1, 8]);
}

/** The goals of issue #19 (≥ 1M rows/s, < 300 MB on both layouts), from this run's medians. */
function goals(rows) {
  const lines = [];
  for (const row of rows.filter((r) => r.tool === 'mlgate after' && r.ok)) {
    const wall = row.rows / (row.wallMs / 1000);
    const cpu = row.rows / row.cpuS;
    const ok = (yes) => (yes ? 'met' : 'NOT met');
    lines.push(
      `- ${row.layout}: ≥ 1M rows/s: ${fmtInt(wall)} rows/s wall (${ok(wall >= GOALS.rowsPerSecond)}), ` +
        `${fmtInt(cpu)} per CPU s (${ok(cpu >= GOALS.rowsPerSecond)}); peak RSS < ${GOALS.peakMB} MB: ` +
        `${fmtInt(row.peakMB)} MB (${ok(row.peakMB < GOALS.peakMB)})`,
    );
    const before = rows.find((r) => r.tool === 'mlgate before' && r.layout === row.layout && r.ok);
    if (before)
      lines.push(
        `  after / before: CPU s ${fmt(before.cpuS / row.cpuS, 2)}× less, wall ${fmt(before.wallMs / row.wallMs, 2)}× less, ` +
          `peak RSS ${fmtInt(before.peakMB)} → ${fmtInt(row.peakMB)} MB`,
      );
  }
  return lines;
}

async function main() {
  const args = parseBenchArgs(process.argv.slice(2), {
    defaults: { rows: 11_000_000, repeat: 3, threads: 2, only: TOOLS, layouts: LAYOUTS },
    choices: { only: TOOLS, layouts: LAYOUTS },
    script: fileURLToPath(import.meta.url),
  });
  mkdirSync(DATA_DIR, { recursive: true });
  const timeBin = args.gnuTime ? findGnuTime() : undefined;
  const files = {};
  for (const layout of args.layouts) files[layout] = await parquetFile(args.rows, layout);
  const after = args.action ?? snapshotAction();
  const workDir = path.join(DATA_DIR, 'parquet-runs');
  rmSync(workDir, { recursive: true, force: true });
  const jobs = jobsFor(args, files, after, workDir);
  console.log(
    `mlgate validate-data, Parquet — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, git ${gitHead()}`,
  );
  for (const layout of args.layouts) console.log(`${layout}: ${path.relative(ROOT, files[layout])}`);
  console.log(`after: ${path.relative(ROOT, after)}${args.before ? `; before: ${args.before}` : ''}`);
  const measured = await runInterleaved(jobs, {
    repeat: args.repeat,
    timeBin,
    timeout: args.timeout,
    beforeRun: (job) => warmPageCache(files[job.layout]),
  });
  const rows = measured.map(({ job, ...row }) => ({
    tool: job.tool,
    layout: job.layout,
    rows: args.rows,
    ...row,
  }));
  console.log('');
  printRows(rows);
  console.log('');
  for (const line of goals(rows)) console.log(line);
  saveResults('parquet', args, rows);
  if (rows.some((row) => !row.ok)) process.exitCode = 1;
}

await main();
