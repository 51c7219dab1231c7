#!/usr/bin/env node
/**
 * Benchmark of the merge jobs of a 16-way matrix (see bench/README.md, "Shards").
 *
 *   node bench/shards/merge.mjs [--shards 16] [--cases 100000] [--rows 100000]
 *
 * Generates (once, in bench/data/shards/) 16 eval results files of 100,000 binary cases each (one 1.6M-case run
 * from bench/generate.mjs cut into 16 files, so case ids are unique across shards) and 16 CSV shards of the
 * validate-data event log (bench/validate-data/generate.mjs), profiles each CSV shard as a shard job would, then
 * times, as child processes under GNU time (wall time, peak RSS):
 *
 *   eval merge     the eval-gate bundle over the 16 results files: the merge job's path (every file read with the
 *                  importers, ids checked across shards, cases merged by id, metrics, 1,000-resample bootstrap,
 *                  report written); mode: merge adds only the artifact download to this.
 *   eval single    the same 1.6M cases as one file, for comparison.
 *   data merge     the validate-data bundle in mode: merge over the 16 shards' reports and profiles (profiles merged,
 *                  failure logs added up, the contract's checks judged again, report and merged profile written).
 *   profile merge  `mlgate profile merge` over the 16 profiles alone.
 *
 * Runs the bundles in dist/ (node scripts/bundle.mjs first).
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { generate as generateResults } from '../generate.mjs';
import { generate as generateData, shardFiles } from '../validate-data/generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const DIR = path.join(ROOT, 'bench', 'data', 'shards');
const CONTRACT = path.join(ROOT, 'bench', 'validate-data', 'contract.yml');

function parseArgs(argv) {
  const args = { shards: 16, cases: 100_000, rows: 100_000 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => Number((inline ?? argv[++i]).replace(/_/g, ''));
    if (flag === '--shards') args.shards = value();
    else if (flag === '--cases') args.cases = value();
    else if (flag === '--rows') args.rows = value();
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

/** One run of n·k cases cut into k files of n lines: ids stay unique across the shards. */
async function resultsShards(shards, cases) {
  const files = Array.from({ length: shards }, (_, i) =>
    path.join(DIR, `results-${shards}x${cases}`, `part-${String(i + 1).padStart(2, '0')}.jsonl`),
  );
  const whole = path.join(DIR, `results-${shards * cases}.jsonl`);
  if (!existsSync(whole)) generateResults({ task: 'binary', n: shards * cases, out: whole });
  if (files.every((file) => existsSync(file))) return { files, whole };
  mkdirSync(path.dirname(files[0]), { recursive: true });
  const lines = createInterface({ input: createReadStream(whole), crlfDelay: Infinity });
  let index = 0;
  let count = 0;
  let out = createWriteStream(files[0]);
  for await (const line of lines) {
    if (count === cases) {
      out.end();
      await once(out, 'finish');
      out = createWriteStream(files[++index]);
      count = 0;
    }
    if (!out.write(`${line}\n`)) await once(out, 'drain');
    count++;
  }
  out.end();
  await once(out, 'finish');
  return { files, whole };
}

/** Runs a bundle under GNU time: wall seconds and peak RSS (MiB). */
function timed(label, args, env = {}) {
  const rusage = path.join(DIR, 'rusage.txt');
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', rusage, process.execPath, ...args], {
    cwd: DIR,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0)
    throw new Error(
      `${label} failed (${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
    );
  const [, maxRssKb] = readFileSync(rusage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { label, seconds, peakMiB: maxRssKb / 1024, stdout: result.stdout };
}

/** The action bundle as the runner starts it: INPUT_* variables, output and summary files. */
function actionEnv(inputs) {
  const env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: DIR,
    GITHUB_OUTPUT: path.join(DIR, 'github-output.txt'),
    GITHUB_STEP_SUMMARY: path.join(DIR, 'github-summary.md'),
    RUNNER_TEMP: DIR,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  return env;
}

async function main() {
  const { shards, cases, rows } = parseArgs(process.argv.slice(2));
  mkdirSync(DIR, { recursive: true });
  const bundle = (name) => path.join(ROOT, 'dist', name, 'index.js');

  console.log(
    `preparing ${shards} results files of ${cases} cases and ${shards} CSV shards of ${rows} rows in ${DIR}`,
  );
  const results = await resultsShards(shards, cases);
  const csvShards = shardFiles('events', shards * rows, shards, DIR);
  if (!csvShards.every((file) => existsSync(file)))
    await generateData({ rows: shards * rows, name: 'events', shards, outDir: DIR });
  // Every shard profiled as a shard job does (report + profile in a folder of its own), timed too.
  const shardRuns = [];
  for (const [i, file] of csvShards.entries()) {
    const folder = path.join(DIR, 'data-shards', `shard-${String(i + 1).padStart(2, '0')}`);
    rmSync(folder, { recursive: true, force: true });
    shardRuns.push(
      timed(`data shard ${i + 1}`, [bundle('validate-data')], {
        ...actionEnv({
          data: file,
          contract: CONTRACT,
          'fail-on': 'never',
          'report-path': path.join(folder, 'report.json'),
          'profile-path': path.join(folder, 'profile.json'),
        }),
      }),
    );
  }
  for (const file of [...results.files, results.whole]) readFileSync(file); // into the page cache

  const runs = [
    timed(`eval merge (${shards} files × ${cases} cases)`, [bundle('eval-gate')], {
      ...actionEnv({ results: results.files.join('\n'), 'report-path': path.join(DIR, 'eval-merged.json') }),
    }),
    timed(`eval single (1 file × ${shards * cases} cases)`, [bundle('eval-gate')], {
      ...actionEnv({ results: results.whole, 'report-path': path.join(DIR, 'eval-single.json') }),
    }),
    timed(`data merge (${shards} shard reports + profiles, mode: merge)`, [bundle('validate-data')], {
      ...actionEnv({
        mode: 'merge',
        data: path.join(DIR, 'data-shards', '*', '*.json'),
        contract: CONTRACT,
        'expected-shards': String(shards),
        'fail-on': 'never',
        'report-path': path.join(DIR, 'data-merged.json'),
        'profile-path': path.join(DIR, 'data-merged.profile.json'),
      }),
    }),
    timed(`profile merge (${shards} profiles, mlgate profile merge)`, [
      bundle('cli'),
      'profile',
      'merge',
      '--output',
      path.join(DIR, 'profiles-merged.json'),
      ...csvShards.map((_, i) =>
        path.join(DIR, 'data-shards', `shard-${String(i + 1).padStart(2, '0')}`, 'profile.json'),
      ),
    ]),
  ];
  const eval1 = JSON.parse(readFileSync(path.join(DIR, 'eval-merged.json'), 'utf8'));
  const eval2 = JSON.parse(readFileSync(path.join(DIR, 'eval-single.json'), 'utf8'));
  const same = JSON.stringify(eval1.metrics) === JSON.stringify(eval2.metrics);
  const shardSeconds = shardRuns.map((run) => run.seconds);

  console.log(`\n| step | wall time | peak RSS |\n| --- | ---: | ---: |`);
  console.log(
    `| one data shard job (${rows} rows, median of ${shards}) | ${median(shardSeconds).toFixed(2)} s | ${median(shardRuns.map((r) => r.peakMiB)).toFixed(0)} MiB |`,
  );
  for (const run of runs)
    console.log(`| ${run.label} | ${run.seconds.toFixed(2)} s | ${run.peakMiB.toFixed(0)} MiB |`);
  console.log(`\nmerged eval metrics equal to the single-file run: ${same}`);
  const merged = JSON.parse(readFileSync(path.join(DIR, 'data-merged.json'), 'utf8'));
  console.log(
    `merged data report: ${merged.rows} rows, outcome ${merged.outcome}, ${merged.checks.length} checks`,
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

await main();
