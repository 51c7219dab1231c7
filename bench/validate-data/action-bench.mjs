/**
 * What the action benchmarks (users-run.mjs, parquet-run.mjs) share: their command line, a snapshot of the action
 * bundle, the action started as the runner starts it, and the interleaved, measured runs summed up as medians.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_DIR } from './generate.mjs';
import { describe, fmt, gitHead, measure, median, readReport } from './run.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * --rows (underscores allowed), --repeat, --threads, --before and --action (paths), --no-gnu-time, --help, and a
 * comma-separated list option per entry of `choices` (e.g. only: the tools), each value checked.
 */
export function parseBenchArgs(argv, { defaults, choices, script }) {
  const options = {
    rows: { type: 'string' },
    repeat: { type: 'string' },
    threads: { type: 'string' },
    before: { type: 'string' },
    action: { type: 'string' },
    'no-gnu-time': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const name of Object.keys(choices)) options[name] = { type: 'string' };
  const { values } = parseArgs({ args: argv, options });
  if (values.help) {
    console.log(readFileSync(script, 'utf8').split('*/')[0]);
    process.exit(0);
  }
  const args = { ...defaults, timeout: 3600, gnuTime: !values['no-gnu-time'] };
  if (values.rows !== undefined) args.rows = Number(values.rows.replace(/_/g, ''));
  for (const key of ['repeat', 'threads']) if (values[key] !== undefined) args[key] = Number(values[key]);
  for (const key of ['before', 'action'])
    if (values[key] !== undefined) args[key] = path.resolve(values[key]);
  for (const [key, allowed] of Object.entries(choices)) {
    if (values[key] !== undefined) args[key] = values[key].split(',');
    for (const value of args[key])
      if (!allowed.includes(value)) throw new Error(`--${key}: unknown ${value}`);
  }
  for (const key of ['rows', 'repeat', 'threads'])
    if (!Number.isInteger(args[key]) || args[key] <= 0) throw new Error(`bad --${key} ${args[key]}`);
  return args;
}

/** Copies dist/validate-data (with its chunks and scan-thread bundle), so a concurrent rebuild cannot swap it. */
export function snapshotAction() {
  const source = path.join(ROOT, 'dist', 'validate-data');
  if (!existsSync(path.join(source, 'index.js')))
    throw new Error('no dist/validate-data: run npm run bundle');
  const target = path.join(DATA_DIR, 'action-snapshot', 'validate-data');
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  return path.join(target, 'index.js');
}

/** The action bundle's command and environment, as the runner starts it, writing into `out`. */
export function actionRun(bundle, { data, contract, out, env = {} }) {
  mkdirSync(out, { recursive: true });
  for (const file of ['output', 'summary']) writeFileSync(path.join(out, file), '');
  return {
    command: [process.execPath, bundle],
    env: {
      ...env,
      INPUT_DATA: data,
      INPUT_CONTRACT: contract,
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

/** The reference in the same run: DuckDB's SUMMARIZE over the same file (duckdb-summarize.mjs). */
export function duckdbJob(file, threads) {
  return {
    tool: `DuckDB SUMMARIZE (${threads} threads)`,
    make: () => ({
      command: [
        process.execPath,
        path.join(import.meta.dirname, 'duckdb-summarize.mjs'),
        file,
        '--threads',
        String(threads),
      ],
    }),
  };
}

/**
 * Runs every job `repeat` times, interleaved (so the load of a shared machine falls on each alike), under GNU time
 * when there is one; logs each run; answers each job's medians over its successful runs, with every run kept.
 */
export async function runInterleaved(jobs, { repeat, timeBin, timeout, beforeRun = () => {} }) {
  const runs = new Map(jobs.map((job) => [job.key, []]));
  for (let r = 0; r < repeat; r++) {
    for (const job of jobs) {
      beforeRun(job);
      const { command, env, report } = job.make();
      const load = os.loadavg()[0];
      const run = await measure(command, { timeBin, timeout, env });
      run.detail = report ? readReport(report) : undefined;
      // Exit 1 is a run whose checks failed; without its report it is a run that did not happen (a refused path).
      run.ok = (job.okCodes ?? [0]).includes(run.code) && (!report || run.detail !== undefined);
      run.load = load;
      runs.get(job.key).push(run);
      console.error(
        `  ${job.tool}${job.layout ? ` ${job.layout}` : ''} run ${r + 1}/${repeat}: ${run.ok ? 'ok' : `exit ${run.code ?? run.signal}`}, wall ${fmt(run.wallMs / 1000, 2)} s, ` +
          `CPU ${fmt(run.cpuS, 2)} s, peak RSS ${fmt(run.peakMB, 0)} MB${run.detail ? `, ${describe(run.detail)}` : ''} (load ${fmt(load, 1)})`,
      );
      if (!run.ok) console.error(run.stderr.trim().split('\n').slice(-6).join('\n'));
    }
  }
  return jobs.map((job) => {
    const ok = runs.get(job.key).filter((run) => run.ok);
    const pick = (get) => (ok.length ? median(ok.map(get)) : NaN);
    return {
      job,
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
}

/** Writes the run's raw results beside the data and says where. */
export function saveResults(name, args, rows) {
  const saved = path.join(DATA_DIR, `${name}-results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(saved, `${JSON.stringify({ node: process.version, git: gitHead(), args, rows }, null, 2)}\n`);
  console.log(`\nraw results: ${path.relative(ROOT, saved)}`);
}
