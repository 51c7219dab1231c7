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
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR, dataFile, generate, toParquet } from './generate.mjs';
import {
  describe,
  findGnuTime,
  fmt,
  fmtInt,
  gitHead,
  measure,
  median,
  readReport,
  warmPageCache,
} from './run.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CONTRACT = path.join(HERE, 'contract.yml');
const TOOLS = ['duckdb', 'before', 'after'];
const LAYOUTS = ['default', 'rg1m'];
const GOALS = { rowsPerSecond: 1_000_000, peakMB: 300 };

function parseArgs(argv) {
  const args = {
    rows: 11_000_000,
    repeat: 3,
    before: undefined,
    action: undefined,
    threads: 2,
    only: TOOLS,
    layouts: LAYOUTS,
    gnuTime: true,
    timeout: 3600,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--rows') args.rows = Number(value().replace(/_/g, ''));
    else if (flag === '--repeat') args.repeat = Number(value());
    else if (flag === '--before') args.before = path.resolve(value());
    else if (flag === '--action') args.action = path.resolve(value());
    else if (flag === '--threads') args.threads = Number(value());
    else if (flag === '--only') args.only = value().split(',');
    else if (flag === '--layouts') args.layouts = value().split(',');
    else if (flag === '--no-gnu-time') args.gnuTime = false;
    else if (flag === '--help' || flag === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const tool of args.only) if (!TOOLS.includes(tool)) throw new Error(`--only: unknown ${tool}`);
  for (const layout of args.layouts)
    if (!LAYOUTS.includes(layout)) throw new Error(`--layouts: unknown ${layout}`);
  for (const key of ['rows', 'repeat', 'threads'])
    if (!Number.isInteger(args[key]) || args[key] <= 0) throw new Error(`bad --${key} ${args[key]}`);
  return args;
}

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

/** Copies dist/validate-data, so a concurrent rebuild cannot swap it mid-run. */
function snapshotAction() {
  const source = path.join(ROOT, 'dist', 'validate-data');
  if (!existsSync(path.join(source, 'index.js')))
    throw new Error('no dist/validate-data: run npm run bundle');
  const target = path.join(DATA_DIR, 'action-snapshot', 'validate-data');
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  return path.join(target, 'index.js');
}

/** The action bundle's command and environment, as the runner starts it. */
function actionRun(bundle, data, out) {
  mkdirSync(out, { recursive: true });
  for (const file of ['output', 'summary']) writeFileSync(path.join(out, file), '');
  return {
    command: [process.execPath, bundle],
    env: {
      INPUT_DATA: data,
      INPUT_CONTRACT: CONTRACT,
      'INPUT_PROFILE-PATH': path.join(out, 'profile.json'),
      'INPUT_REPORT-PATH': path.join(out, 'report.json'),
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ROOT,
      GITHUB_OUTPUT: path.join(out, 'output'),
      GITHUB_STEP_SUMMARY: path.join(out, 'summary'),
      MLGATE_ALLOWED_PATHS: DATA_DIR,
    },
    report: path.join(out, 'report.json'),
  };
}

function jobsFor(args, files, after, workDir) {
  const jobs = [];
  for (const layout of args.layouts) {
    const file = files[layout];
    if (args.only.includes('duckdb'))
      jobs.push({
        tool: `DuckDB SUMMARIZE (${args.threads} threads)`,
        layout,
        make: () => ({
          command: [
            process.execPath,
            path.join(HERE, 'duckdb-summarize.mjs'),
            file,
            '--threads',
            String(args.threads),
          ],
        }),
      });
    if (args.before && args.only.includes('before'))
      jobs.push({
        tool: 'mlgate before',
        layout,
        make: () => actionRun(args.before, file, path.join(workDir, `before-${layout}`)),
        okCodes: [0, 1],
      });
    if (args.only.includes('after'))
      jobs.push({
        tool: 'mlgate after',
        layout,
        make: () => actionRun(after, file, path.join(workDir, `after-${layout}`)),
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
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const left = new Set([0, 1, 8]);
  const line = (cells) =>
    `| ${cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (left.has(i) ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const row of body) console.log(line(row));
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
  const args = parseArgs(process.argv.slice(2));
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
  const runs = new Map(jobs.map((job) => [job.key, []]));
  for (let r = 0; r < args.repeat; r++) {
    for (const job of jobs) {
      warmPageCache(files[job.layout]);
      const { command, env, report } = job.make();
      const load = os.loadavg()[0];
      const run = await measure(command, { timeBin, timeout: args.timeout, env });
      run.ok = (job.okCodes ?? [0]).includes(run.code);
      run.detail = report ? readReport(report) : undefined;
      run.load = load;
      runs.get(job.key).push(run);
      console.error(
        `  ${job.key} run ${r + 1}/${args.repeat}: ${run.ok ? 'ok' : `exit ${run.code ?? run.signal}`}, wall ${fmt(run.wallMs / 1000, 2)} s, ` +
          `CPU ${fmt(run.cpuS, 2)} s, peak RSS ${fmt(run.peakMB, 0)} MB${run.detail ? `, ${describe(run.detail)}` : ''} (load ${fmt(load, 1)})`,
      );
      if (!run.ok) console.error(run.stderr.trim().split('\n').slice(-6).join('\n'));
    }
  }
  const rows = jobs.map((job) => {
    const ok = runs.get(job.key).filter((run) => run.ok);
    const pick = (get) => (ok.length ? median(ok.map(get)) : NaN);
    return {
      tool: job.tool,
      layout: job.layout,
      rows: args.rows,
      ok: ok.length > 0,
      failure: ok.length ? undefined : `exit ${runs.get(job.key)[0].code}`,
      wallMs: pick((run) => run.wallMs),
      cpuS: pick((run) => run.cpuS),
      peakMB: pick((run) => run.peakMB),
      detail: ok[0]?.detail,
      perRun: runs
        .get(job.key)
        .map(({ code, wallMs, cpuS, peakMB, load }) => ({ code, wallMs, cpuS, peakMB, load })),
    };
  });
  console.log('');
  printRows(rows);
  console.log('');
  for (const line of goals(rows)) console.log(line);
  const saved = path.join(DATA_DIR, `parquet-results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(saved, `${JSON.stringify({ node: process.version, git: gitHead(), args, rows }, null, 2)}\n`);
  console.log(`\nraw results: ${path.relative(ROOT, saved)}`);
  if (rows.some((row) => !row.ok)) process.exitCode = 1;
}

await main();
