// Report sizes: the eval report and the stored baseline of a 1M-case binary eval and of a 20k-case LLM eval with
// 2,000-character texts, written by two builds of the eval-gate action (e.g. main before a change, and this tree).
//
//   node scripts/bundle.mjs --out /tmp/old-dist --only eval-gate     # in a checkout of the old commit
//   node scripts/bundle.mjs --only eval-gate                           # here: dist/
//   node bench/report-size/run.mjs --old /tmp/old-dist --new dist [--binary 1000000] [--llm 20000] [--text 2000]
//
// Each bundle runs the way the runner does (INPUT_*, a push to main, save-baseline: true) with a cache service
// that refuses connections: the action stages the baseline under RUNNER_TEMP, exactly as it would upload it, then
// fails to upload and warns. The sizes are of the report-path file and of that staged report. The gzip size of
// the old files (level 6, what compression alone would give) is printed beside them for reference.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DATA_DIR, generate } from '../generate.mjs';
import { makeRng } from '../prng.mjs';

const args = { old: '/tmp/old-dist', new: 'dist', binary: 1000000, llm: 20000, text: 2000 };
for (let i = 2; i < process.argv.length; i++) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in args)) throw new Error(`unknown option ${process.argv[i]}`);
  args[key] = typeof args[key] === 'number' ? Number(process.argv[++i]) : process.argv[++i];
}

/**
 * LLM-like text: words drawn from a fixed vocabulary of 5,000 made-up words with Zipf(1) frequencies, the way
 * English word frequencies fall. Independent draws make it a little less compressible than real model output.
 */
function textMaker(rng) {
  const syllables = [
    'ka',
    'lo',
    'mi',
    're',
    'tas',
    'ven',
    'dor',
    'pi',
    'su',
    'gle',
    'an',
    'th',
    'er',
    'in',
    'con',
    'str',
    'al',
    'ou',
    'me',
    'ti',
  ];
  const words = [];
  for (let i = 0; i < 5000; i++) {
    let word = '';
    const length = 1 + Math.floor(rng.uniform() * 3);
    for (let s = 0; s < length; s++) word += syllables[Math.floor(rng.uniform() * syllables.length)];
    words.push(word);
  }
  const cumulative = [];
  let total = 0;
  for (let i = 0; i < words.length; i++) cumulative.push((total += 1 / (i + 1)));
  const pick = () => {
    const u = rng.uniform() * total;
    let low = 0;
    let high = words.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < u) low = middle + 1;
      else high = middle;
    }
    return words[low];
  };
  return (length) => {
    let text = '';
    let sentence = 0;
    while (text.length < length) {
      let word = pick();
      if (sentence === 0) word = word[0].toUpperCase() + word.slice(1);
      sentence = (sentence + 1) % (8 + Math.floor(rng.uniform() * 12));
      text += word + (sentence === 0 ? '. ' : ' ');
    }
    return text.slice(0, length);
  };
}

/** 20k judged LLM cases: a prompt and an answer of `chars` characters each, a pass verdict, two judge scores, cost. */
function generateLlm(n, chars) {
  const out = path.join(DATA_DIR, `llm-${n}x${chars}.jsonl`);
  if (existsSync(out)) return out;
  mkdirSync(DATA_DIR, { recursive: true });
  const rng = makeRng(2026);
  const text = textMaker(rng);
  const fd = openSync(out, 'w');
  const topics = ['billing', 'technical', 'account', 'shipping', 'other'];
  for (let i = 0; i < n; i++) {
    const pass = rng.uniform() < 0.85;
    const faithfulness = Math.round((pass ? 0.7 + 0.3 * rng.uniform() : 0.6 * rng.uniform()) * 1000) / 1000;
    const relevance = Math.round((0.5 + 0.5 * rng.uniform()) * 1000) / 1000;
    const tokensIn = 400 + Math.floor(rng.uniform() * 200);
    const tokensOut = 350 + Math.floor(rng.uniform() * 150);
    const row = {
      id: `q-${String(i).padStart(5, '0')}`,
      input: text(chars),
      output: text(chars),
      pass,
      scores: { faithfulness, relevance },
      tags: { topic: topics[Math.floor(rng.uniform() * topics.length)] },
      latency_ms: 300 + Math.floor(rng.uniform() * 2000),
      tokens: { input: tokensIn, output: tokensOut },
      cost_usd: Math.round((tokensIn * 2.5e-6 + tokensOut * 1e-5) * 1e6) / 1e6,
    };
    writeSync(fd, `${JSON.stringify(row)}\n`);
  }
  closeSync(fd);
  return out;
}

/** Runs dist/eval-gate/index.js of `dist` on `results` as a push to main; returns the sizes it wrote. */
function runGate(dist, results, label) {
  const workspace = mkdtempSync(path.join(tmpdir(), `mlgate-size-${label}-`));
  const temp = path.join(workspace, 'runner-temp');
  mkdirSync(temp);
  const event = path.join(workspace, 'event.json');
  const output = path.join(workspace, 'output');
  for (const file of [output, path.join(workspace, 'summary.md')]) closeSync(openSync(file, 'w'));
  writeSync(openSync(event, 'w'), JSON.stringify({ repository: { default_branch: 'main' } }));
  // In the workspace, as a checkout holds it: the report names it eval/results.jsonl.
  mkdirSync(path.join(workspace, 'eval'));
  copyFileSync(results, path.join(workspace, 'eval', 'results.jsonl'));
  const run = spawnSync(process.execPath, [path.resolve(dist, 'eval-gate', 'index.js')], {
    cwd: workspace,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: path.join(workspace, 'summary.md'),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_RUN_ID: '1',
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/ci.yml@refs/heads/main',
      GITHUB_JOB: 'eval',
      RUNNER_TEMP: temp,
      // A cache service that refuses connections: the baseline is staged, then its upload fails with a warning.
      ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
      ACTIONS_RUNTIME_TOKEN: 'token',
      ACTIONS_CACHE_SERVICE_V2: 'true',
      INPUT_RESULTS: 'eval/results.jsonl',
      'INPUT_SAVE-BASELINE': 'true',
      'INPUT_BASELINE-STORE': 'cache',
      'INPUT_REPORT-PATH': path.join(workspace, 'report.json'),
      'INPUT_FAIL-ON': 'never',
    },
  });
  if (run.status !== 0)
    throw new Error(`${label}: eval-gate exited ${run.status}\n${run.stdout}\n${run.stderr}`);
  const staged = readdirSync(temp)
    .filter((name) => name.startsWith('mlgate-baseline-save-'))
    .flatMap((name) => readdirSync(path.join(temp, name)).map((file) => path.join(temp, name, file)))
    .filter((file) => /report\.json(\.gz)?$/.test(file));
  if (staged.length !== 1)
    throw new Error(`${label}: no staged baseline report under ${temp}\n${run.stdout}`);
  const report = path.join(workspace, 'report.json');
  const sizes = {
    report: statSync(report).size,
    reportGzip: gzipSync(readFileSync(report)).length,
    stored: statSync(staged[0]).size,
    storedName: path.basename(staged[0]),
    storedGzip: staged[0].endsWith('.gz')
      ? statSync(staged[0]).size
      : gzipSync(readFileSync(staged[0])).length,
    storedRaw: staged[0].endsWith('.gz')
      ? gunzipSync(readFileSync(staged[0])).length
      : statSync(staged[0]).size,
  };
  rmSync(workspace, { recursive: true, force: true });
  return sizes;
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const cases = [
  {
    name: `binary, ${args.binary.toLocaleString('en')} cases`,
    file: () =>
      generate({ task: 'binary', n: args.binary, out: path.join(DATA_DIR, `binary-${args.binary}.jsonl`) }),
  },
  {
    name: `LLM, ${args.llm.toLocaleString('en')} cases × ${args.text}-character input and output`,
    file: () => generateLlm(args.llm, args.text),
  },
];
console.log(`old: ${args.old}   new: ${args.new}   (MB = 10^6 bytes)\n`);
console.log(
  '| results | build | report | report gzip -6 | stored baseline | stored file | stored, uncompressed | stored gzip -6 |',
);
console.log('| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |');
for (const item of cases) {
  const results = item.file();
  for (const [build, dist] of [
    ['old', args.old],
    ['new', args.new],
  ]) {
    const sizes = runGate(dist, results, build);
    console.log(
      `| ${item.name} | ${build} | ${mb(sizes.report)} | ${mb(sizes.reportGzip)} | ${mb(sizes.stored)} | ${sizes.storedName} | ${mb(sizes.storedRaw)} | ${mb(sizes.storedGzip)} |`,
    );
  }
}
