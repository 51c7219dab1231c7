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
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR, dataFile, generate } from './generate.mjs';
import {
  describe,
  findGnuTime,
  fmt,
  gitHead,
  measure,
  median,
  printTable,
  readReport,
  warmPageCache,
} from './run.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CONTRACT = path.join(HERE, 'users-contract.yml');
const MB = 1e6;
const TOOLS = ['duckdb', 'before', 'after'];
const GOALS = { oneThread: 150, twoThreads: 250, overDuckdb: 1.5, peakMB: 300 };

function parseArgs(argv) {
  const args = {
    rows: 8_400_000,
    repeat: 3,
    before: undefined,
    action: undefined,
    threads: 2,
    only: TOOLS,
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
    else if (flag === '--no-gnu-time') args.gnuTime = false;
    else if (flag === '--help' || flag === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const tool of args.only) if (!TOOLS.includes(tool)) throw new Error(`--only: unknown ${tool}`);
  for (const key of ['rows', 'repeat', 'threads'])
    if (!Number.isInteger(args[key]) || args[key] <= 0) throw new Error(`bad --${key} ${args[key]}`);
  return args;
}

/** Copies dist/validate-data (with its scan-thread bundle), so a concurrent rebuild cannot swap it mid-run. */
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
function actionRun(bundle, data, out, threadsEnv) {
  mkdirSync(out, { recursive: true });
  for (const file of ['output', 'summary']) writeFileSync(path.join(out, file), '');
  return {
    command: [process.execPath, bundle],
    env: {
      ...threadsEnv,
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

async function main() {
  const args = parseArgs(process.argv.slice(2));
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
  if (args.only.includes('duckdb'))
    jobs.push({
      tool: `DuckDB SUMMARIZE (${args.threads} threads)`,
      key: 'duckdb',
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
        make: () => actionRun(bundle, file, path.join(workDir, `${key}-${label.replace(/ /g, '-')}`), env),
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
  const runs = new Map(jobs.map((job) => [job.key, []]));
  for (let r = 0; r < args.repeat; r++) {
    for (const job of jobs) {
      const { command, env, report } = job.make();
      const load = os.loadavg()[0];
      const run = await measure(command, { timeBin, timeout: args.timeout, env });
      run.ok = (job.okCodes ?? [0]).includes(run.code);
      run.detail = report ? readReport(report) : undefined;
      run.load = load;
      runs.get(job.key).push(run);
      console.error(
        `  ${job.tool} run ${r + 1}/${args.repeat}: ${run.ok ? 'ok' : `exit ${run.code ?? run.signal}`}, wall ${fmt(run.wallMs / 1000, 2)} s, ` +
          `CPU ${fmt(run.cpuS, 2)} s, peak RSS ${fmt(run.peakMB, 0)} MB${run.detail ? `, ${describe(run.detail)}` : ''} (load ${fmt(load, 1)})`,
      );
      if (!run.ok) console.error(run.stderr.trim().split('\n').slice(-6).join('\n'));
    }
  }
  const rows = jobs.map((job) => {
    const ok = runs.get(job.key).filter((run) => run.ok);
    const pick = (get) => (ok.length ? median(ok.map(get)) : NaN);
    return {
      key: job.key,
      tool: job.tool,
      file: 'csv',
      bytes,
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
  printTable(rows);
  console.log('');
  for (const line of goals(rows, scanThreads)) console.log(line);
  const saved = path.join(DATA_DIR, `users-results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(saved, `${JSON.stringify({ node: process.version, git: gitHead(), args, rows }, null, 2)}\n`);
  console.log(`\nraw results: ${path.relative(ROOT, saved)}`);
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
