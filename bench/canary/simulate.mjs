#!/usr/bin/env node
/**
 * Canary analysis on simulated traffic: how fast a bad canary is rolled back, and how often a healthy one is, by
 * every documented analysis (parsed from the Markdown) and by the judges the documents used before, on the same
 * simulated rollouts (bench/canary/README.md).
 *
 *   node bench/canary/simulate.mjs [--healthy 2000] [--bad 200] [--seed 17] [--rate 50]
 *
 * It compiles packages/deploy's sequential test and judge (the code the action runs) with tsc into
 * bench/data/canary-build/ and drives them second by second:
 *
 * - traffic: `--rate` requests/s; each goes to the canary with the step's weight; each fails with its version's
 *   error rate (stable 1 %). Counters are exact (no scrape delay).
 * - plans: the `analysis` example of docs/canary-deploy.md and of actions/canary-deploy/README.md with the steps and
 *   bake-time of the canary-deploy workflow step in the same file, as the action runs them: the sequential test
 *   looked at every `interval` during each bake; after it, the min-traffic guard and `count` rounds `interval`
 *   apart of the error-rate metric (a metric with `errors`/`requests`: judged on its counts; one with a `query`:
 *   its value); at 100 % against stable's value of the previous step; inconclusive → measured again after
 *   `interval`, 3 times, then rolled back. Metrics that are not about errors (latency, accuracy, …) are not
 *   simulated: they pass.
 * - before: the documents' previous analyses (raw-ratio judge, sequential test with prior scale 1), same traffic.
 * - time to rollback: from the first step's start to the decision; a bad canary never rolled back is "missed".
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { makeRng } from '../prng.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((pair) => pair.trim().split(/\s+/)),
);
const HEALTHY = Number(args.healthy ?? 2000);
const BAD = Number(args.bad ?? 200);
const SEED = Number(args.seed ?? 17);
const RATE = Number(args.rate ?? 50);
const STABLE_ERROR_RATE = 0.01;

// The code the action runs, compiled once.
const build = path.join(root, 'bench/data/canary-build');
mkdirSync(build, { recursive: true });
execFileSync(
  path.join(root, 'node_modules/.bin/tsc'),
  [
    '--outDir',
    build,
    '--rootDir',
    path.join(root, 'packages/deploy/src'),
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
    '--skipLibCheck',
    path.join(root, 'packages/deploy/src/sequential.ts'),
    path.join(root, 'packages/deploy/src/judge.ts'),
  ],
  { stdio: 'inherit' },
);
const { SequentialErrorTest } = await import(pathToFileURL(path.join(build, 'sequential.js')).href);
const { judgeMetric } = await import(pathToFileURL(path.join(build, 'judge.js')).href);

// ---------------------------------------------------------------------------------------------------------
// The documented analyses, read from the Markdown as the end-to-end tests read them

const UNIT = { ms: 0.001, s: 1, m: 60, h: 3600 };
/** A duration ("10m", "30s") in seconds. */
function seconds(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(text).trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * UNIT[match[2]];
}
/** The range of a PromQL query ([5m]) in seconds. */
function windowOf(query) {
  const match = /\[(\d+(?:ms|s|m|h))(?::[^\]]*)?\]/.exec(query);
  if (!match) throw new Error(`no range in ${query}`);
  return seconds(match[1]);
}

function documented(file) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const blocks = [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => YAML.parse(match[1]));
  const analysis = blocks.map((block) => block?.analysis).find((section) => section?.metrics !== undefined);
  if (!analysis) throw new Error(`${file}: no analysis example`);
  let inputs;
  for (const block of blocks) {
    const steps = Array.isArray(block)
      ? block
      : Object.values(block?.jobs ?? {}).flatMap((job) => job.steps ?? []);
    inputs ??= steps.find((step) => step.uses?.includes('canary-deploy') && step.with?.['bake-time'])?.with;
  }
  if (!inputs) throw new Error(`${file}: no canary-deploy step with steps and bake-time`);
  return { analysis, steps: String(inputs.steps).split(',').map(Number), bake: seconds(inputs['bake-time']) };
}

/** The plan of a documented analysis: what the action would do with its error metrics on this traffic. */
function planOf({ analysis, steps, bake }) {
  const errorMetrics = analysis.metrics.filter(
    (metric) => metric.errors !== undefined || /code=~"5\.\."/.test(metric.query ?? ''),
  );
  const guard = analysis['min-traffic'];
  const sequential = analysis.sequential;
  return {
    steps,
    bake,
    interval: seconds(analysis.interval ?? '10s'),
    count: analysis.count ?? 1,
    guard: guard && { window: windowOf(guard.query), minRequests: guard['min-requests'] },
    sequential: sequential && {
      alpha: sequential.alpha ?? 0.05,
      relativeTolerance: sequential['relative-tolerance'] ?? 0.5,
      absoluteTolerance: sequential['absolute-tolerance'] ?? 0,
      priorScale: sequential['prior-scale'],
    },
    metrics: errorMetrics.map((metric) => ({
      counted: metric.errors !== undefined,
      window: windowOf(metric.requests ?? metric.query),
      criteria: {
        name: metric.name,
        min: metric.min,
        max: metric.max,
        compare: metric.compare && {
          direction: metric.compare.direction ?? 'lower-is-better',
          relativeTolerance: metric.compare['relative-tolerance'],
          absoluteTolerance: metric.compare['absolute-tolerance'],
          significance: metric.compare.significance ?? 0.05,
          minSamples: 5,
        },
      },
    })),
    notSimulated: analysis.metrics.filter((metric) => !errorMetrics.includes(metric)).map((m) => m.name),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Simulation

/** Binomial(n, p) for the small n of one second of traffic. */
function binomial(rng, n, p) {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
  return k;
}

/** Sums of the last `span` seconds of history: [canaryRequests, canaryErrors, stableRequests, stableErrors]. */
function windowSums(history, span) {
  const sums = [0, 0, 0, 0];
  for (let i = Math.max(0, history.length - span); i < history.length; i++)
    for (let j = 0; j < 4; j++) sums[j] += history[i][j];
  return sums;
}

const INCONCLUSIVE_LIMIT = 3;

/** One simulated rollout of `plan`; the second of the rollback, or undefined when it promoted. */
function simulate(rng, canaryErrorRate, plan) {
  const history = [];
  const second = (weight) => {
    const canary = binomial(rng, RATE, weight / 100);
    const stable = RATE - canary;
    history.push([
      canary,
      binomial(rng, canary, canaryErrorRate),
      stable,
      binomial(rng, stable, STABLE_ERROR_RATE),
    ]);
  };
  const test =
    plan.sequential &&
    new SequentialErrorTest({
      alpha: plan.sequential.alpha,
      relativeTolerance: plan.sequential.relativeTolerance,
      absoluteTolerance: plan.sequential.absoluteTolerance,
      priorScale: plan.sequential.priorScale,
    });
  let lastLook = 0;
  const recordedStable = new Map();
  /** One analysis round: the guard, then every error metric; pass, fail or inconclusive. */
  const round = (weight) => {
    if (plan.guard && windowSums(history, plan.guard.window)[0] < plan.guard.minRequests)
      return 'inconclusive';
    const verdicts = plan.metrics.map(({ counted, window, criteria }) => {
      const [cr, ce, sr, se] = windowSums(history, window);
      const measure = (errors, requests) =>
        requests === 0
          ? { query: 'q' }
          : { query: 'q', value: errors / requests, ...(counted ? { counts: { errors, requests } } : {}) };
      const canary = measure(ce, cr);
      let stable;
      if (weight >= 100) stable = recordedStable.get(criteria.name);
      else {
        stable = measure(se, sr);
        if (stable.value !== undefined) recordedStable.set(criteria.name, stable);
      }
      return judgeMetric(
        weight >= 100 && !stable ? { ...criteria, compare: undefined } : criteria,
        canary,
        stable,
      ).verdict;
    });
    return verdicts.includes('fail') ? 'fail' : verdicts.includes('inconclusive') ? 'inconclusive' : 'pass';
  };
  for (const weight of plan.steps) {
    for (let s = 0; s < plan.bake; s++) {
      second(weight);
      if (!test || (s + 1) % plan.interval !== 0) continue;
      const [cr, ce, sr, se] = windowSums(history, history.length - lastLook);
      lastLook = history.length;
      if (
        test.update({ canaryRequests: cr, canaryErrors: ce, stableRequests: sr, stableErrors: se }).rejected
      )
        return history.length;
    }
    let retries = 0;
    for (let rounds = 0; rounds < plan.count;) {
      const verdict = round(weight);
      if (verdict === 'fail') return history.length;
      if (verdict === 'inconclusive' && retries++ >= INCONCLUSIVE_LIMIT) return history.length;
      if (verdict === 'pass') rounds++;
      if (rounds < plan.count) for (let s = 0; s < plan.interval; s++) second(weight);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The judges: every documented example, the same without its sequential test, and the documents' old analyses

const rawErrorRate = (window, max, compare) => ({
  counted: false,
  window,
  criteria: {
    name: 'error-rate',
    max,
    compare: { direction: 'lower-is-better', significance: 0.05, minSamples: 5, ...compare },
  },
});
const STEPS = [5, 25, 50, 100];
const JUDGES = {
  'before: README ([30s] raw ratio, 5m bake)': {
    steps: STEPS,
    bake: 300,
    interval: 10,
    count: 1,
    guard: { window: 60, minRequests: 50 },
    metrics: [rawErrorRate(30, 0.05, { relativeTolerance: 0.5 })],
  },
  'before: docs ([5m] raw ratio, 10m bake, count 2)': {
    steps: STEPS,
    bake: 600,
    interval: 30,
    count: 2,
    guard: { window: 300, minRequests: 200 },
    metrics: [rawErrorRate(300, 0.02, { relativeTolerance: 0.5, absoluteTolerance: 0.002 })],
  },
  'before: sequential alone (prior scale 1, 10 s looks, 5m bake)': {
    steps: STEPS,
    bake: 300,
    interval: 10,
    count: 1,
    sequential: { alpha: 0.05, relativeTolerance: 0.5, absoluteTolerance: 0, priorScale: 1 },
    metrics: [],
  },
};
const notes = [];
for (const [label, file] of [
  ['docs/canary-deploy.md', 'docs/canary-deploy.md'],
  ['actions/canary-deploy/README.md', 'actions/canary-deploy/README.md'],
]) {
  const doc = documented(file);
  const plan = planOf(doc);
  const window = plan.metrics.map((metric) => `[${metric.window}s]`).join(', ');
  const shape = `${window} ${plan.metrics.every((m) => m.counted) ? 'counts' : 'raw ratio'}, ${plan.bake / 60}m bake${plan.count > 1 ? `, count ${plan.count}` : ''}`;
  JUDGES[`${label} as documented (${shape}${plan.sequential ? ' + sequential' : ''})`] = plan;
  if (plan.sequential) {
    JUDGES[`${label}, fixed window alone (${shape})`] = { ...plan, sequential: undefined };
    JUDGES[`${label}, sequential alone (${plan.interval} s looks)`] = {
      ...plan,
      metrics: [],
      guard: undefined,
    };
  }
  if (plan.notSimulated.length > 0)
    notes.push(`${label}: ${plan.notSimulated.join(', ')} not simulated (they pass)`);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const minutes = (s) => (s === undefined ? '—' : s < 120 ? `${s} s` : `${(s / 60).toFixed(1)} min`);

const started = Date.now();
const rows = [];
for (const [name, plan] of Object.entries(JUDGES)) {
  const row = { judge: name };
  // The same seeds for every judge: the same traffic where the plans coincide.
  for (const [label, rate, runs] of [
    ['30%', 0.3, BAD],
    ['5%', 0.05, BAD],
    ['2%', 0.02, BAD],
  ]) {
    const times = [];
    let missed = 0;
    for (let i = 0; i < runs; i++) {
      const at = simulate(makeRng(SEED * 1_000_003 + i * 7 + Math.round(rate * 1000)), rate, plan);
      if (at === undefined) missed++;
      else times.push(at);
    }
    times.sort((a, b) => a - b);
    row[label] = { median: quantile(times, 0.5), p90: quantile(times, 0.9), missed, runs };
  }
  let falseRollbacks = 0;
  for (let i = 0; i < HEALTHY; i++)
    if (simulate(makeRng(SEED * 7_000_001 + i), STABLE_ERROR_RATE, plan) !== undefined) falseRollbacks++;
  row.falseRollbacks = falseRollbacks;
  rows.push(row);
}

const interval = (k, n) => {
  // Wilson 95 % interval of a proportion.
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return `${(Math.max(0, centre - half) * 100).toFixed(1)}–${(Math.min(1, centre + half) * 100).toFixed(1)} %`;
};

console.log(
  `\n${RATE} req/s, stable error rate 1 %, steps ${STEPS.join(',')}; ${BAD} bad rollouts per error rate, ${HEALTHY} healthy ones; seed ${SEED}\n`,
);
console.log(
  '| judge | 30 % errors: median (p90) time to rollback | 5 % | 2 % | healthy canaries rolled back (95 % CI) |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) {
  const cell = (item) =>
    `${minutes(item.median)} (${minutes(item.p90)})${item.missed > 0 ? `, ${item.missed}/${item.runs} never` : ''}`;
  console.log(
    `| ${row.judge} | ${cell(row['30%'])} | ${cell(row['5%'])} | ${cell(row['2%'])} | ${row.falseRollbacks}/${HEALTHY} = ${((row.falseRollbacks / HEALTHY) * 100).toFixed(1)} % (${interval(row.falseRollbacks, HEALTHY)}) |`,
  );
}
for (const note of notes) console.log(`\n${note}`);
console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
