#!/usr/bin/env node
/**
 * Benchmark of `mlgate validate-data` on a ~1 GB event log, side by side with `cat`, a bare JavaScript field splitter
 * and DuckDB's SUMMARIZE on the same files in the same run (see bench/README.md, "validate-data benchmark").
 *
 *   node bench/validate-data/run.mjs [--rows 11000000] [--reference-rows 1000000] [--shards 16] [--repeat 1]
 *        [--formats csv,jsonl,parquet,csv.gz] [--only cat,splitter,duckdb,mlgate,drift,shards]
 *        [--cli FILE] [--threads 2] [--timeout 3600] [--no-gnu-time] [--keep-reports]
 *   node bench/validate-data/run.mjs --rows 1000000                 # a quick run
 *   node bench/validate-data/run.mjs --from bench/data/validate-data/results-<date>.json   # reprint a saved run
 *
 * Missing data is generated first (generate.mjs) under bench/data/validate-data/: data-<rows>.csv and its .jsonl,
 * .csv.gz and .parquet twins, 16 CSV shards of the same rows, reference-<reference-rows>.csv (another seed, same
 * model) and drifted-<reference-rows>.csv (--drift). Every file is read once before its runs so they start from the
 * page cache. Each measured command is a child process:
 *
 *   /usr/bin/time -f '%e %M %U %S' -o RUSAGE COMMAND...
 *
 * - wall s: hrtime around the child (median of --repeat runs); CPU s: user + system from GNU time;
 * - peak RSS: GNU time's %M. Without GNU time, /proc/<pid>/status VmHWM is polled every 20 ms (the high-water mark
 *   only grows, so the last reading misses at most the final 20 ms);
 * - MB/s: file bytes (10^6 per MB) ÷ wall s; rows/s: data rows ÷ wall s. Both include starting Node and, for mlgate,
 *   writing the profile and the report, because that is what a CI step pays. MB per CPU s: file bytes ÷ CPU s, the
 *   steadier number on a shared machine (for DuckDB's 2 threads it is per CPU second, not per wall second).
 *
 * The commands, in order:
 *   cat       cat FILE > /dev/null                                               (CSV, JSONL; the I/O ceiling)
 *   splitter  node splitter.mjs FILE    (CSV: count fields byte by byte; JSONL: JSON.parse per line; the JS ceiling)
 *   duckdb    node duckdb-summarize.mjs FILE --threads 2   (SUMMARIZE over read_csv / read_json_auto / read_parquet)
 *   mlgate    node CLI validate-data --data FILE --contract contract.yml --profile-path P --report-path R
 *             (CSV and csv.gz twice: with MLGATE_SCAN_THREADS=1, then with the default scan threads, one per core up to 4)
 *   drift     the same with --reference-profile REF, REF made first from reference-<n>.csv; then drifted-<n>.csv
 *             against REF, which must report drift
 *   shards    validate-data --profile-path on each of the 16 shards, then `mlgate profile merge --output M P1 … P16`
 *
 * The CLI is a snapshot copy of dist/cli (bench/data/validate-data/cli-snapshot/) taken at start, so a concurrent
 * `npm run bundle` cannot swap it mid-run; --cli FILE runs another build. If the CLI has no validate-data command
 * yet, the mlgate rows are skipped and the rest still runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR, dataFile, generate, shardFiles, toParquet } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CONTRACT = path.join(HERE, 'contract.yml');
const MB = 1e6;
const FORMATS = ['csv', 'jsonl', 'parquet', 'csv.gz'];
const TOOLS = ['cat', 'splitter', 'duckdb', 'mlgate', 'drift', 'shards'];
const SEEDS = { data: 7, reference: 8, drifted: 9 };

function parseArgs(argv) {
  const args = {
    rows: 11_000_000,
    referenceRows: 1_000_000,
    shards: 16,
    repeat: 1,
    formats: FORMATS,
    only: TOOLS,
    cli: undefined,
    threads: 2,
    timeout: 3600,
    gnuTime: true,
    keepReports: false,
  };
  const list = (text, allowed, flag) => {
    const items = text.split(',').filter(Boolean);
    for (const item of items) if (!allowed.includes(item)) throw new Error(`${flag}: unknown ${item}`);
    return items;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = () => Number(value().replace(/_/g, ''));
    if (flag === '--rows') args.rows = count();
    else if (flag === '--reference-rows') args.referenceRows = count();
    else if (flag === '--shards') args.shards = count();
    else if (flag === '--repeat') args.repeat = count();
    else if (flag === '--formats') args.formats = list(value(), FORMATS, flag);
    else if (flag === '--only') args.only = list(value(), TOOLS, flag);
    else if (flag === '--cli') args.cli = path.resolve(value());
    else if (flag === '--threads') args.threads = count();
    else if (flag === '--timeout') args.timeout = count();
    else if (flag === '--no-gnu-time') args.gnuTime = false;
    else if (flag === '--keep-reports') args.keepReports = true;
    else if (flag === '--from') args.from = path.resolve(value());
    else if (flag === '--help' || flag === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const key of ['rows', 'referenceRows', 'shards', 'repeat', 'threads', 'timeout']) {
    if (!Number.isInteger(args[key]) || args[key] <= 0) throw new Error(`bad --${key} ${args[key]}`);
  }
  return args;
}

/** GNU time, if installed and working (BusyBox/BSD time lack -f/-o). */
export function findGnuTime() {
  const bin = '/usr/bin/time';
  if (!existsSync(bin)) return undefined;
  const probe = spawnSync(bin, ['-f', '%e %M', '-o', '/dev/null', 'true']);
  return probe.status === 0 ? bin : undefined;
}

const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
const relative = (file) => path.relative(ROOT, file);

/** Generates whatever data file of this run is missing; returns the paths. */
async function ensureData(args) {
  const files = {
    csv: dataFile('data', args.rows, '.csv'),
    jsonl: dataFile('data', args.rows, '.jsonl'),
    'csv.gz': dataFile('data', args.rows, '.csv.gz'),
    parquet: dataFile('data', args.rows, '.parquet'),
    shards: shardFiles('data', args.rows, args.shards),
    reference: dataFile('reference', args.referenceRows, '.csv'),
    drifted: dataFile('drifted', args.referenceRows, '.csv'),
  };
  const main = [files.csv, files.jsonl, files['csv.gz'], ...files.shards];
  if (!main.every((file) => existsSync(file))) {
    const started = Date.now();
    await generate({ rows: args.rows, seed: SEEDS.data, jsonl: true, gzip: true, shards: args.shards });
    console.error(
      `generated ${relative(files.csv)} (+ .jsonl, .csv.gz, ${args.shards} shards) in ${seconds(started)} s`,
    );
  }
  if (!existsSync(files.parquet)) {
    const started = Date.now();
    await toParquet(files.csv, files.parquet);
    console.error(`generated ${relative(files.parquet)} with DuckDB in ${seconds(started)} s`);
  }
  for (const name of ['reference', 'drifted']) {
    if (existsSync(files[name])) continue;
    const started = Date.now();
    await generate({ rows: args.referenceRows, seed: SEEDS[name], name, drift: name === 'drifted' });
    console.error(`generated ${relative(files[name])} in ${seconds(started)} s`);
  }
  return files;
}

/** Copies dist/cli to bench/data/validate-data/cli-snapshot, so a concurrent rebuild cannot swap it mid-run. */
function snapshotCli() {
  const source = path.join(ROOT, 'dist', 'cli');
  if (!existsSync(path.join(source, 'index.js'))) return undefined;
  const target = path.join(DATA_DIR, 'cli-snapshot');
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  return path.join(target, 'index.js');
}

/** True when the CLI knows `validate-data` (the benchmark may be ready before the command is). */
function hasValidateData(cli) {
  const probe = spawnSync(process.execPath, [cli, 'validate-data', '--help'], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return probe.status === 0 && /--contract/.test(`${probe.stdout}${probe.stderr}`);
}

/** Reads the whole file once, in 8 MiB chunks, so the measured runs start with it in the page cache. */
export function warmPageCache(file) {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(8 << 20);
  while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  closeSync(fd);
}

/** The peak resident set of a running process, from the kernel's high-water mark (KiB), or NaN once it is gone. */
function vmHwmKiB(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** Runs one command as a child process and measures wall time, CPU time and peak RSS. */
export function measure(command, { timeBin, timeout, discardStdout = false, env }) {
  const usageFile = path.join(DATA_DIR, `rusage-${process.pid}.txt`);
  rmSync(usageFile, { force: true });
  const [file, ...rest] = command;
  const [bin, argv] = timeBin
    ? [timeBin, ['-f', '%e %M %U %S', '-o', usageFile, file, ...rest]]
    : [file, rest];
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(bin, argv, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', discardStdout ? 'ignore' : 'pipe', 'pipe'],
    });
    let polledKiB = NaN;
    const poll = timeBin
      ? undefined
      : setInterval(() => {
          const kib = vmHwmKiB(child.pid);
          if (Number.isFinite(kib)) polledKiB = kib;
        }, 20);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout * 1000);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout = `${stdout}${chunk}`.slice(-4000)));
    child.stderr.on('data', (chunk) => (stderr = `${stderr}${chunk}`.slice(-4000)));
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      let peakKiB = polledKiB;
      let cpuS = NaN;
      if (timeBin && existsSync(usageFile)) {
        // GNU time writes "Command exited with non-zero status N" first when the status is not 0.
        const last = readFileSync(usageFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        peakKiB = last[1];
        cpuS = last[2] + last[3];
      }
      rmSync(usageFile, { force: true });
      resolve({ code, signal, wallMs, cpuS, peakMB: (peakKiB * 1024) / MB, stdout, stderr });
    });
  });
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
export const fmtInt = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');

/** What an mlgate report says, in a few words: outcome, failed checks, drifted columns. */
export function readReport(file) {
  if (!existsSync(file)) return undefined;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const failed = (report.checks ?? []).filter((check) => check.status !== 'pass');
    return {
      rows: report.rows,
      outcome: report.outcome,
      failedChecks: failed.map((check) => `${check.column ?? '*'}:${check.check}:${check.status}`),
      driftedColumns: (report.driftedColumns ?? []).map((drift) => drift.column),
    };
  } catch (error) {
    return { outcome: `unreadable report (${error.message})` };
  }
}

export function describe(report) {
  if (!report) return '';
  const parts = [report.outcome];
  const notPassed = report.failedChecks?.length ?? 0;
  if (notPassed) parts.push(`${notPassed} check${notPassed === 1 ? '' : 's'} failed or warned`);
  if (report.driftedColumns?.length) parts.push(`drift: ${report.driftedColumns.join(' ')}`);
  return parts.join('; ');
}

/**
 * Measures one command --repeat times and returns its table row. `ok` says which exit codes mean the command did its
 * work (mlgate exits 1 when the gate fails, which is still a complete run).
 */
async function bench(row, command, { args, timeBin, okCodes = [0], after, discardStdout, env }) {
  const runs = [];
  for (let r = 0; r < args.repeat; r++) {
    const load = os.loadavg()[0];
    const run = await measure(command, { timeBin, timeout: args.timeout, discardStdout, env });
    run.ok = okCodes.includes(run.code);
    run.detail = after?.(run);
    run.loadAverage = [load, os.loadavg()[0]];
    runs.push(run);
    console.error(
      `  ${row.tool} ${row.file} run ${r + 1}/${args.repeat}: ${run.ok ? 'ok' : `exit ${run.code ?? run.signal}`}, ` +
        `wall ${fmt(run.wallMs / 1000, 2)} s, CPU ${fmt(run.cpuS, 2)} s, peak RSS ${fmtInt(run.peakMB)} MB` +
        `${run.detail ? `, ${describe(run.detail)}` : ''} (load average ${fmt(load, 2)} on ${os.cpus().length} CPUs)`,
    );
    if (!run.ok)
      console.error(
        run.stderr
          .trim()
          .split('\n')
          .slice(-8)
          .map((l) => `    | ${l}`)
          .join('\n'),
      );
  }
  const ok = runs.filter((run) => run.ok);
  const pick = (get) => (ok.length ? median(ok.map(get)) : NaN);
  return {
    ...row,
    ok: ok.length > 0,
    failure: ok.length ? undefined : `exit ${runs[0].code ?? runs[0].signal}`,
    runs: runs.length,
    wallMs: pick((run) => run.wallMs),
    cpuS: pick((run) => run.cpuS),
    peakMB: pick((run) => run.peakMB),
    detail: ok[0]?.detail,
    perRun: runs.map(({ code, wallMs, cpuS, peakMB, loadAverage }) => ({
      code,
      wallMs,
      cpuS,
      peakMB,
      loadAverage,
    })),
  };
}

export function printTable(rows) {
  const header = [
    'tool',
    'file',
    'file MB',
    'rows',
    'wall s',
    'MB/s',
    'rows/s',
    'CPU s',
    'MB per CPU s',
    'peak RSS MB',
    'result',
  ];
  const body = rows.map((r) => {
    const seconds = r.wallMs / 1000;
    return [
      r.tool,
      r.file,
      fmt(r.bytes / MB, r.bytes < 10 * MB ? 2 : 0),
      fmtInt(r.rows),
      r.ok ? fmt(seconds, 2) : `FAILED (${r.failure})`,
      r.ok && r.bytes ? fmt(r.bytes / MB / seconds, 0) : '—',
      r.ok && r.rows ? fmtInt(r.rows / seconds) : '—',
      fmt(r.cpuS, 2),
      r.ok && r.bytes ? fmt(r.bytes / MB / r.cpuS, 0) : '—',
      fmtInt(r.peakMB),
      r.note ?? describe(r.detail),
    ];
  });
  printMarkdownTable(header, body, [0, 1, 10]);
}

/** A Markdown table with its columns padded to one width, the `left` ones aligned left and the others right. */
export function printMarkdownTable(header, body, left) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const isLeft = new Set(left);
  const line = (cells) =>
    `| ${cells.map((c, i) => (isLeft.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (isLeft.has(i) ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const row of body) console.log(line(row));
}

export function gitHead() {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.from) {
    const saved = JSON.parse(readFileSync(args.from, 'utf8'));
    console.log(`${saved.machine}; node ${saved.node}; CLI ${saved.cli ?? 'none'} (git ${saved.git})\n`);
    printTable(saved.rows);
    return;
  }
  mkdirSync(DATA_DIR, { recursive: true });
  const timeBin = args.gnuTime ? findGnuTime() : undefined;
  const files = await ensureData(args);
  let cli = args.cli ?? snapshotCli();
  const cliHash =
    cli && existsSync(cli)
      ? createHash('sha256').update(readFileSync(cli)).digest('hex').slice(0, 12)
      : undefined;
  const mlgateWanted = ['mlgate', 'drift', 'shards'].some((tool) => args.only.includes(tool));
  if (mlgateWanted && !(cli && hasValidateData(cli))) {
    console.error(
      `${cli ? relative(cli) : 'dist/cli/index.js'} has no validate-data command: the mlgate rows are skipped`,
    );
    cli = undefined;
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 1024 ** 3, 0)} GiB RAM`;
  const git = gitHead();
  console.log(`mlgate validate-data benchmark — node ${process.version}, ${machine}, git HEAD ${git}`);
  console.log(`CLI: ${cli ? `${relative(cli)} (sha256 ${cliHash})` : 'none'}`);
  console.log(
    `peak RSS via ${timeBin ? `${timeBin} (%M)` : 'polling /proc/<pid>/status VmHWM'}; MB = 10^6 bytes`,
  );

  const node = process.execPath;
  const workDir = path.join(DATA_DIR, 'runs');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const out = (name) => path.join(workDir, name);
  const rows = [];
  const wants = (tool) => args.only.includes(tool);
  const row = (tool, format, file, dataRows) => ({
    tool,
    file: format,
    path: relative(file),
    bytes: statSync(file).size,
    rows: dataRows,
  });
  const validateData = (data, { profile, report, reference }) => [
    node,
    cli,
    'validate-data',
    '--data',
    data,
    '--contract',
    CONTRACT,
    '--profile-path',
    profile,
    '--report-path',
    report,
    ...(reference ? ['--reference-profile', reference] : []),
  ];
  const afterReport = (report) => () => readReport(report);

  const referenceProfile = out('reference-profile.json');
  if (cli && wants('drift')) {
    warmPageCache(files.reference);
    const report = out('reference-report.json');
    rows.push(
      await bench(
        row('mlgate reference profile', 'csv', files.reference, args.referenceRows),
        validateData(files.reference, { profile: referenceProfile, report }),
        { args, timeBin, okCodes: [0, 1], after: afterReport(report) },
      ),
    );
  }

  for (const format of args.formats) {
    const file = files[format];
    warmPageCache(file);
    const measured = (tool) => row(tool, format, file, args.rows);
    if (wants('cat') && (format === 'csv' || format === 'jsonl')) {
      rows.push(await bench(measured('cat'), ['cat', file], { args, timeBin, discardStdout: true }));
    }
    if (wants('splitter') && (format === 'csv' || format === 'jsonl')) {
      rows.push(
        await bench(
          measured(format === 'csv' ? 'JS field splitter' : 'JS JSON.parse per line'),
          [node, path.join(HERE, 'splitter.mjs'), file],
          { args, timeBin },
        ),
      );
    }
    if (wants('duckdb')) {
      rows.push(
        await bench(
          measured(`DuckDB SUMMARIZE (${args.threads} threads)`),
          [node, path.join(HERE, 'duckdb-summarize.mjs'), file, '--threads', String(args.threads)],
          { args, timeBin },
        ),
      );
    }
    if (cli && wants('mlgate')) {
      // CSV files this large are scanned by several threads (MLGATE_SCAN_THREADS): measured with one thread too.
      const scanThreads = Math.min(os.availableParallelism?.() ?? os.cpus().length, 4);
      const threaded = (format === 'csv' || format === 'csv.gz') && scanThreads >= 2;
      const variants = threaded
        ? [
            ['mlgate validate-data, 1 thread', { MLGATE_SCAN_THREADS: '1' }],
            [`mlgate validate-data, ${scanThreads} scan threads`, {}],
          ]
        : [['mlgate validate-data', {}]];
      for (const [tool, env] of variants) {
        const report = out(`report-${format}.json`);
        rows.push(
          await bench(
            measured(tool),
            validateData(file, { profile: out(`profile-${format}.json`), report }),
            { args, timeBin, okCodes: [0, 1], after: afterReport(report), env },
          ),
        );
      }
    }
    if (cli && wants('drift') && existsSync(referenceProfile)) {
      const report = out(`report-drift-${format}.json`);
      rows.push(
        await bench(
          measured('mlgate validate-data + drift'),
          validateData(file, {
            profile: out(`profile-drift-${format}.json`),
            report,
            reference: referenceProfile,
          }),
          { args, timeBin, okCodes: [0, 1], after: afterReport(report) },
        ),
      );
    }
  }

  if (cli && wants('drift') && existsSync(referenceProfile)) {
    warmPageCache(files.drifted);
    const report = out('report-drifted.json');
    rows.push(
      await bench(
        row('mlgate drifted data + drift', 'csv', files.drifted, args.referenceRows),
        validateData(files.drifted, {
          profile: out('profile-drifted.json'),
          report,
          reference: referenceProfile,
        }),
        { args, timeBin, okCodes: [0, 1], after: afterReport(report) },
      ),
    );
  }

  if (cli && wants('shards')) {
    // Profile every shard as a matrix job would, then time the merge alone.
    const profiles = [];
    const shardRuns = [];
    for (const [i, shard] of files.shards.entries()) {
      warmPageCache(shard);
      const profile = out(`shard-${i}-profile.json`);
      const report = out(`shard-${i}-report.json`);
      shardRuns.push(
        await bench(
          row('mlgate validate-data (shard)', `csv shard ${i + 1}/${files.shards.length}`, shard, NaN),
          validateData(shard, { profile, report }),
          { args: { ...args, repeat: 1 }, timeBin, okCodes: [0, 1], after: afterReport(report) },
        ),
      );
      profiles.push(profile);
    }
    const shardBytes = shardRuns.reduce((sum, r) => sum + r.bytes, 0);
    rows.push({
      tool: `mlgate validate-data, ${files.shards.length} shards in turn`,
      file: 'csv shards',
      bytes: shardBytes,
      rows: args.rows,
      ok: shardRuns.every((r) => r.ok),
      failure: shardRuns.find((r) => !r.ok)?.failure,
      runs: 1,
      wallMs: shardRuns.reduce((sum, r) => sum + r.wallMs, 0),
      cpuS: shardRuns.reduce((sum, r) => sum + r.cpuS, 0),
      peakMB: Math.max(...shardRuns.map((r) => r.peakMB)),
      note: `sum of ${shardRuns.length} runs; peak = largest`,
      shards: shardRuns,
    });
    const merged = out('merged-profile.json');
    // The merge reads profiles, not rows: its MB/s is over the profiles' bytes and rows/s is left out.
    const mergeRow = await bench(
      { tool: `mlgate profile merge (${profiles.length} profiles)`, file: 'profiles', bytes: NaN, rows: NaN },
      [node, cli, 'profile', 'merge', '--output', merged, ...profiles],
      { args, timeBin },
    );
    mergeRow.bytes = profiles.reduce((sum, p) => sum + (existsSync(p) ? statSync(p).size : 0), 0);
    mergeRow.note = existsSync(merged)
      ? `merged profile ${fmt(statSync(merged).size / 1e3, 0)} kB`
      : 'no merged profile written';
    rows.push(mergeRow);
  }

  console.log('');
  printTable(rows);
  const saved = path.join(DATA_DIR, `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    saved,
    `${JSON.stringify({ node: process.version, machine, cli: cli && relative(cli), cliHash, git, args, rows }, null, 2)}\n`,
  );
  console.log(`\nraw results: ${relative(saved)}; profiles and reports: ${relative(workDir)}`);
  if (!args.keepReports) rmSync(workDir, { recursive: true, force: true });
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
