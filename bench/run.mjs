#!/usr/bin/env node
/**
 * Benchmark of `mlgate eval-gate` on large canonical JSONL results (see bench/README.md).
 *
 *   npm run bench -- [--sizes 100000,1000000] [--tasks binary,multiclass,llm] [--repeat 1] [--cli FILE]
 *                    [--old FILE] [--main FILE]     # older builds run interleaved, each in its own side-by-side table
 *                    [--node-flags "--max-old-space-size=8192"] [--keep-reports] [--timeout 1800] [--no-gnu-time]
 *   npm run bench -- --build-head ...     # benchmark a bundle of the committed HEAD instead of dist/cli
 *   npm run bench -- --from bench/data/results-<date>.json     # reprint the tables of a saved run
 *
 * For every task × N: generates bench/data/<task>-<N>.jsonl if missing (bench/generate.mjs), reads it once so it is
 * in the page cache, then runs the bundled CLI as a child process:
 *
 *   /usr/bin/time -f '%e %M %U %S' -o RUSAGE node CLI eval-gate --results FILE --report-path REPORT
 *
 * - wall time: measured by this script around the child (hrtime), GNU time's %e as a cross-check;
 * - peak RSS: GNU time's %M (max resident set of the child, KiB). Without GNU time, bench/measure.mjs runs the CLI
 *   in-process and records process.resourceUsage().maxRSS at exit (same number, different route);
 * - phases: every stderr line of the CLI is timestamped on arrival (stderr to a pipe is synchronous in Node, so a
 *   line arrives when it is logged). From the CLI's own log lines:
 *     load    = spawn → "<file>: N rows (jsonl)"    (node start-up, bundle load, JSONL read + parse + validation)
 *     prepare = → "<task> task: N cases …"          (merging cases, task/label resolution, typed-array encoding)
 *     metrics = the CLI's own "M metrics with … intervals in X ms" (point estimates + intervals)
 *     report  = → "report: …"                       (gates, building the report object, JSON.stringify, write)
 *     exit    = → process exit                      (summary line, heap teardown)
 *
 * The CLI is run from a snapshot copy of dist/cli (bench/data/cli-snapshot/) taken at start, so a concurrent
 * `npm run bundle` cannot swap the code mid-benchmark; `--cli FILE` runs another build, and `--build-head` bundles
 * the committed HEAD into bench/data/cli-head (see buildHead) — useful while others have dist/ or the tree mid-edit.
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
  readdirSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dataFile, DATA_DIR, generate } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const MB = 1024 * 1024;

function parseArgs(argv) {
  const args = {
    sizes: [100000, 250000, 500000, 1000000],
    tasks: ['binary', 'multiclass'],
    repeat: 1,
    cli: undefined,
    nodeFlags: [],
    keepReports: false,
    timeout: 1800,
    gnuTime: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--sizes')
      args.sizes = value()
        .split(',')
        .map((s) => Number(s.replace(/_/g, '')));
    else if (flag === '--tasks') args.tasks = value().split(',');
    else if (flag === '--repeat') args.repeat = Number(value());
    else if (flag === '--cli') args.cli = path.resolve(value());
    else if (flag === '--node-flags') args.nodeFlags = value().split(/\s+/).filter(Boolean);
    else if (flag === '--keep-reports') args.keepReports = true;
    else if (flag === '--timeout') args.timeout = Number(value());
    else if (flag === '--no-gnu-time') args.gnuTime = false;
    else if (flag === '--from') args.from = path.resolve(value());
    else if (flag === '--build-head') args.buildHead = true;
    else if (flag === '--old') args.old = path.resolve(value());
    else if (flag === '--main') args.main = path.resolve(value());
    else if (flag === '--help' || flag === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const n of args.sizes) if (!Number.isInteger(n) || n <= 0) throw new Error(`bad size ${n}`);
  for (const t of args.tasks)
    if (!['binary', 'multiclass', 'llm'].includes(t)) throw new Error(`bad task ${t}`);
  return args;
}

/** GNU time, if installed and working (BusyBox/BSD time lack -f/-o). */
function findGnuTime() {
  const bin = '/usr/bin/time';
  if (!existsSync(bin)) return undefined;
  const probe = spawnSync(bin, ['-f', '%e %M', '-o', '/dev/null', 'true']);
  return probe.status === 0 ? bin : undefined;
}

/**
 * Bundles the committed HEAD (not the working tree, not dist/) into bench/data/cli-head: `git archive HEAD` of the
 * packages into bench/data/head-src, the workspace links and per-package node_modules pointed at the checkout's,
 * then ncc with the options of scripts/bundle.mjs. Everything it writes stays under bench/data/.
 */
function buildHead() {
  const src = path.join(DATA_DIR, 'head-src');
  const out = path.join(DATA_DIR, 'cli-head');
  rmSync(src, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(src, 'node_modules', '@mlgate'), { recursive: true });
  const archive = spawnSync('git', ['archive', 'HEAD', 'packages', 'package.json', 'tsconfig.base.json'], {
    cwd: ROOT,
    maxBuffer: 1 << 30,
  });
  if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr}`);
  const untar = spawnSync('tar', ['-x', '-C', src], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  // Type-check only the sources (ncc checks what tsconfig.json includes; tests import files not extracted).
  writeFileSync(
    path.join(src, 'tsconfig.json'),
    '{ "extends": "./tsconfig.base.json", "compilerOptions": { "noEmit": true }, "include": ["packages/*/src/**/*.ts"] }\n',
  );
  for (const name of readdirSync(path.join(src, 'packages'))) {
    symlinkSync(`../../packages/${name}`, path.join(src, 'node_modules', '@mlgate', name));
    const own = path.join(ROOT, 'packages', name, 'node_modules');
    if (existsSync(own)) symlinkSync(own, path.join(src, 'packages', name, 'node_modules'));
  }
  const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  const build = spawnSync(
    process.execPath,
    [
      ncc,
      'build',
      'packages/cli/src/index.ts',
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
      '--no-source-map-register',
    ],
    { cwd: src, stdio: 'inherit' },
  );
  if (build.status !== 0) throw new Error('ncc build of HEAD failed');
  return path.join(out, 'index.js');
}

/** Copies dist/cli to bench/data/cli-snapshot (waiting out a concurrent rebuild that removed it). */
async function snapshotCli() {
  const source = path.join(ROOT, 'dist', 'cli');
  const target = path.join(DATA_DIR, 'cli-snapshot');
  for (let attempt = 0; !existsSync(path.join(source, 'index.js')); attempt++) {
    if (attempt === 0) console.error('dist/cli/index.js is missing (a rebuild in progress?); waiting…');
    if (attempt >= 120) throw new Error('dist/cli/index.js not found: run `npm run bundle` first');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let a just-finished ncc write settle
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  return path.join(target, 'index.js');
}

/** Reads the whole file once, in 8 MiB chunks, so the measured runs start with it in the page cache. */
function warmPageCache(file) {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(8 * MB);
  while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  closeSync(fd);
}

function gitHead() {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}

// Before analytic intervals: "M metrics with R-resample bootstrap intervals in X ms"; since: "M metrics with
// intervals in X ms (2 delong, 16 cell-bootstrap, …; R resamples, seed S)".
const METRICS_LINE =
  /(\d+) metrics with (?:(\d+)-resample bootstrap )?intervals in (\d+) ms(?: \(.*; (\d+) resamples)?/;

/** One measured run of the CLI. */
function runCli({ cli, file, report, timeBin, nodeFlags, timeout }) {
  const usageFile = path.join(DATA_DIR, `rusage-${process.pid}.txt`);
  rmSync(usageFile, { force: true });
  // cli 'floor': bench/floor.mjs reads the file line by line with JSON.parse and nothing else.
  const cliArgs =
    cli === 'floor'
      ? [path.join(HERE, 'floor.mjs'), file]
      : [cli, 'eval-gate', '--results', file, '--report-path', report];
  const [command, args, env] = timeBin
    ? [
        timeBin,
        ['-f', '%e %M %U %S', '-o', usageFile, process.execPath, ...nodeFlags, ...cliArgs],
        process.env,
      ]
    : [
        process.execPath,
        [...nodeFlags, path.join(HERE, 'measure.mjs'), ...cliArgs],
        { ...process.env, MLGATE_BENCH_RUSAGE: usageFile },
      ];
  return new Promise((resolve) => {
    const lines = [];
    const started = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout * 1000);
    createInterface({ input: child.stderr }).on('line', (line) => lines.push({ ms: since(), line }));
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = since();
      let peakKiB = NaN;
      let timeWall = NaN;
      let cpuS = NaN;
      if (existsSync(usageFile)) {
        const text = readFileSync(usageFile, 'utf8');
        if (timeBin) {
          // GNU time writes "Command exited with non-zero status N" first when the status is not 0.
          const last = text.trim().split('\n').pop().split(' ').map(Number);
          [timeWall, peakKiB] = last;
          cpuS = last[2] + last[3];
        } else {
          const usage = JSON.parse(text);
          peakKiB = usage.maxRSS;
          cpuS = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
        }
        rmSync(usageFile, { force: true });
      }
      const at = (pattern) => lines.find((entry) => pattern.test(entry.line))?.ms ?? NaN;
      const metricsMatch = lines.map((entry) => METRICS_LINE.exec(entry.line)).find(Boolean);
      const loadedMs = at(/: \d+ rows \(/);
      const preparedMs = at(/ task: \d+ cases from /);
      const metricsLoggedMs = at(METRICS_LINE);
      const reportMs = at(/^report: /);
      resolve({
        code,
        signal,
        wallMs,
        timeWallS: timeWall,
        cpuS,
        peakMB: peakKiB / 1024,
        metricsCount: metricsMatch ? Number(metricsMatch[1]) : NaN,
        resamples: metricsMatch ? Number(metricsMatch[2] ?? metricsMatch[4]) : NaN,
        metricsMs: metricsMatch ? Number(metricsMatch[3]) : NaN,
        phases: {
          loadMs: loadedMs,
          prepareMs: preparedMs - loadedMs,
          metricsMs: metricsLoggedMs - preparedMs,
          reportMs: reportMs - metricsLoggedMs,
          exitMs: wallMs - reportMs,
        },
        stdout: stdout.trim(),
        stderrTail: lines.slice(-8).map((entry) => entry.line),
      });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const fmtInt = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');

/** A Markdown table: the first column left-aligned, the others right-aligned. */
function printMarkdown(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (i < 1 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const row of body) console.log(line(row));
}

function printTable(rows) {
  const header = [
    'task',
    'N',
    'file MB',
    'wall s',
    'best wall s',
    'CPU s',
    'import s',
    'prepare s',
    'metrics+bootstrap ms',
    'report s',
    'report MB',
    'peak RSS MB',
    'cases/s',
  ];
  const body = rows.map((r) => [
    r.task,
    fmtInt(r.n),
    fmt(r.fileMB),
    r.ok ? fmt(r.wallMs / 1000, 2) : `FAILED (${r.failure})`,
    fmt(r.wallMinMs / 1000, 2),
    fmt(r.cpuS, 2),
    fmt(r.phases.loadMs / 1000, 2),
    fmt(r.phases.prepareMs / 1000, 2),
    fmtInt(r.metricsMs),
    fmt(r.phases.reportMs / 1000, 2),
    fmt(r.reportMB),
    fmtInt(r.peakMB),
    r.ok ? fmtInt(r.n / (r.wallMs / 1000)) : '—',
  ]);
  printMarkdown(header, body);
}

function printScaling(rows) {
  console.log('\nScaling (time per case at the largest N ÷ time per case at the smallest N; 1.00 = linear):');
  for (const task of [...new Set(rows.map((r) => r.task))]) {
    const ok = rows.filter((r) => r.task === task && r.ok).sort((a, b) => a.n - b.n);
    if (ok.length < 2) continue;
    const [small, large] = [ok[0], ok[ok.length - 1]];
    const ratio = (key) => large[key] / large.n / (small[key] / small.n);
    const phase = (key) => large.phases[key] / large.n / (small.phases[key] / small.n);
    console.log(
      `  ${task.padEnd(10)} ${fmtInt(large.n)} vs ${fmtInt(small.n)}: wall ${fmt(ratio('wallMs'), 2)}, ` +
        `CPU ${fmt(ratio('cpuS'), 2)}, metrics+bootstrap ${fmt(ratio('metricsMs'), 2)}, import ${fmt(phase('loadMs'), 2)}, ` +
        `report ${fmt(phase('reportMs'), 2)}, peak RSS per case ${fmt(ratio('peakMB'), 2)}`,
    );
  }
}

/** The floor (line-by-line JSON.parse), the older build and this one: medians of runs interleaved in one session. */
function printSideBySide(rows, oldName, nowName) {
  console.log(
    `\nSide by side, same session (median of runs; × floor = wall ÷ the floor's wall): floor = bench/floor.mjs` +
      `${oldName ? `, old = ${oldName}` : ''}, new = ${nowName}\n`,
  );
  const header = ['task', 'N', 'floor wall s', 'floor CPU s'];
  const variants = oldName ? ['old', 'now'] : ['now'];
  for (const v of variants)
    header.push(
      `${v} wall s`,
      `${v} × floor`,
      `${v} CPU s`,
      `${v} CPU × floor`,
      `${v} intervals ms`,
      `${v} peak RSS MB`,
    );
  header.push('load avg');
  const body = rows.map((r) => {
    const cells = [r.task, fmtInt(r.n), fmt(r.floor.wallMs / 1000, 2), fmt(r.floor.cpuS, 2)];
    for (const v of variants) {
      const x = r[v];
      cells.push(
        x.ok ? fmt(x.wallMs / 1000, 2) : 'FAILED',
        fmt(x.wallMs / r.floor.wallMs, 1),
        fmt(x.cpuS, 2),
        fmt(x.cpuS / r.floor.cpuS, 1),
        fmtInt(x.metricsMs),
        fmtInt(x.peakMB),
      );
    }
    cells.push(fmt(r.now.load, 1));
    return cells;
  });
  printMarkdown(header, body);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.from) {
    // Reprint the tables of a saved run (bench/data/results-*.json) without running anything.
    const saved = JSON.parse(readFileSync(args.from, 'utf8'));
    console.log(`${saved.machine}; node ${saved.node}; CLI sha256 ${saved.cliHash} (git ${saved.git})`);
    const runs = Math.max(...saved.rows.map((r) => r.runs));
    console.log(`median of ${runs} run(s) per row; best wall = fastest run\n`);
    printTable(saved.rows);
    printScaling(saved.rows);
    if (saved.sideBySide) printSideBySide(saved.sideBySide, saved.old, `${saved.cli} (${saved.git})`);
    return;
  }
  mkdirSync(DATA_DIR, { recursive: true });
  const timeBin = args.gnuTime ? findGnuTime() : undefined;
  const cli = args.cli ?? (args.buildHead ? buildHead() : await snapshotCli());
  const git = gitHead();
  const cliHash = createHash('sha256').update(readFileSync(cli)).digest('hex').slice(0, 12);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 1024 ** 3, 0)} GiB RAM`;
  console.log(`mlgate eval-gate benchmark — node ${process.version}, ${machine}`);
  console.log(`CLI: ${path.relative(ROOT, cli)} (sha256 ${cliHash}; git HEAD ${git})`);
  console.log(
    `peak RSS via ${timeBin ? `${timeBin} (%M)` : 'bench/measure.mjs (process.resourceUsage().maxRSS, in-process)'}` +
      `${args.nodeFlags.length ? `; node flags: ${args.nodeFlags.join(' ')}` : ''}`,
  );
  const reportsDir = path.join(DATA_DIR, 'reports');
  mkdirSync(reportsDir, { recursive: true });
  const rows = [];
  const sideBySide = [];
  for (const task of args.tasks) {
    for (const n of args.sizes) {
      const file = dataFile(task, n);
      if (!existsSync(file)) {
        const started = Date.now();
        generate({ task, n });
        console.error(
          `generated ${path.relative(ROOT, file)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      }
      warmPageCache(file);
      const fileMB = statSync(file).size / MB;
      const report = path.join(reportsDir, `${task}-${n}.json`);
      const runs = [];
      const compared = { floor: [], old: [], main: [] };
      for (let r = 0; r < args.repeat; r++) {
        // The floor and the older builds (--old, --main) run interleaved with this one, under the same load.
        const variants = ['floor', ...(args.old ? ['old'] : []), ...(args.main ? ['main'] : [])];
        for (const variant of variants) {
          rmSync(report, { force: true });
          const load = os.loadavg()[0];
          const other = await runCli({
            cli: variant === 'floor' ? 'floor' : args[variant],
            file,
            report,
            timeBin,
            nodeFlags: args.nodeFlags,
            timeout: args.timeout,
          });
          other.loadAverage = [load, os.loadavg()[0]];
          compared[variant].push(other);
          console.error(
            `  ${task} N=${n} ${variant} ${r + 1}/${args.repeat}: exit ${other.code}, wall ${fmt(other.wallMs / 1000, 2)} s, ` +
              `CPU ${fmt(other.cpuS, 2)} s, peak RSS ${fmtInt(other.peakMB)} MB`,
          );
        }
        rmSync(report, { force: true });
        globalThis.gc?.();
        const load1 = os.loadavg()[0];
        const run = await runCli({
          cli,
          file,
          report,
          timeBin,
          nodeFlags: args.nodeFlags,
          timeout: args.timeout,
        });
        run.reportMB = existsSync(report) ? statSync(report).size / MB : NaN;
        run.loadAverage = [load1, os.loadavg()[0]];
        runs.push(run);
        const status = run.code === 0 || run.code === 1 ? 'ok' : `exit ${run.code ?? run.signal}`;
        console.error(
          `  ${task} N=${n} run ${r + 1}/${args.repeat}: ${status}, wall ${fmt(run.wallMs / 1000, 2)} s, ` +
            `metrics+bootstrap ${fmtInt(run.metricsMs)} ms, peak RSS ${fmtInt(run.peakMB)} MB, report ${fmt(run.reportMB)} MB ` +
            `(load average ${fmt(run.loadAverage[0], 2)} → ${fmt(run.loadAverage[1], 2)} on ${os.cpus().length} CPUs)`,
        );
        if (status !== 'ok') console.error(run.stderrTail.map((l) => `    | ${l}`).join('\n'));
      }
      if (!args.keepReports) rmSync(report, { force: true });
      const summary = (list) => ({
        wallMs: median(list.map((r) => r.wallMs)),
        cpuS: median(list.map((r) => r.cpuS)),
        peakMB: median(list.map((r) => r.peakMB)),
        metricsMs: median(list.map((r) => r.metricsMs)),
        load: median(list.map((r) => r.loadAverage[0])),
        ok: list.every((r) => r.code === 0 || r.code === 1),
      });
      sideBySide.push({
        task,
        n,
        floor: summary(compared.floor),
        old: args.old && summary(compared.old),
        main: args.main && summary(compared.main),
        now: summary(runs),
      });
      const ok = runs.filter((run) => run.code === 0 || run.code === 1);
      const pick = (get) => (ok.length ? median(ok.map(get)) : NaN);
      rows.push({
        task,
        n,
        fileMB,
        ok: ok.length > 0,
        failure: ok.length ? undefined : `exit ${runs[0].code ?? runs[0].signal}`,
        runs: runs.length,
        wallMs: pick((r) => r.wallMs),
        wallMinMs: ok.length ? Math.min(...ok.map((r) => r.wallMs)) : NaN,
        cpuS: pick((r) => r.cpuS),
        metricsMs: pick((r) => r.metricsMs),
        metricsCount: ok[0]?.metricsCount,
        resamples: ok[0]?.resamples,
        peakMB: pick((r) => r.peakMB),
        loadAverage: runs.map((r) => r.loadAverage),
        perRun: runs.map((r) => ({
          code: r.code,
          wallMs: r.wallMs,
          cpuS: r.cpuS,
          metricsMs: r.metricsMs,
          peakMB: r.peakMB,
        })),
        reportMB: pick((r) => r.reportMB),
        phases: Object.fromEntries(
          ['loadMs', 'prepareMs', 'metricsMs', 'reportMs', 'exitMs'].map((key) => [
            key,
            pick((r) => r.phases[key]),
          ]),
        ),
        summary: ok[0]?.stdout,
      });
    }
  }
  console.log('');
  printTable(rows);
  printScaling(rows);
  printSideBySide(
    sideBySide,
    args.old ? path.relative(ROOT, args.old) : undefined,
    `${path.relative(ROOT, cli)} (${git})`,
  );
  // --main: the same runs' table again with that build in the old build's place.
  if (args.main)
    printSideBySide(
      sideBySide.map((entry) => ({ ...entry, old: entry.main })),
      path.relative(ROOT, args.main),
      `${path.relative(ROOT, cli)} (${git})`,
    );
  const out = path.join(DATA_DIR, `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    out,
    `${JSON.stringify({ node: process.version, machine, cli: path.relative(ROOT, cli), cliHash, git, nodeFlags: args.nodeFlags, rows, sideBySide, old: args.old && path.relative(ROOT, args.old), main: args.main && path.relative(ROOT, args.main) }, null, 2)}\n`,
  );
  console.log(`\nraw results: ${path.relative(ROOT, out)}`);
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

await main();
