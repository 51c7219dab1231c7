#!/usr/bin/env node
/**
 * Canary analysis on simulated traffic: how fast a bad canary is rolled back, and how often a healthy one is, by the
 * sequential error-rate test and by the fixed-window judge, on the same simulated rollouts (bench/canary/README.md).
 *
 *   node bench/canary/simulate.mjs [--healthy 1000] [--bad 200] [--seed 17] [--rate 50]
 *
 * It compiles packages/deploy's sequential test and judge (the code the action runs) with tsc into
 * bench/data/canary-build/ and drives them second by second:
 *
 * - traffic: `--rate` requests/s; each goes to the canary with the step's weight; each fails with its version's
 *   error rate (stable 1 %). Counters are exact (no scrape delay).
 * - plans and judges:
 *   - "fixed, README": steps 5,25,50,100, bake 5m; after each bake the action README's analysis: min-traffic
 *     increase[1m] ≥ 50, error rate over [30s] with max 0.05 and relative-tolerance 0.5 vs stable (at 100 %: stable's
 *     value of the previous step); inconclusive → measure again after 10 s, 3 times, then roll back.
 *   - "fixed, docs": steps 5,25,50,100, bake 10m; docs/canary-deploy.md's analysis: min-traffic increase[5m] ≥ 200,
 *     error rate over [5m], max 0.02, relative-tolerance 0.5 + absolute-tolerance 0.002, count 2, interval 30s.
 *   - "sequential": steps 5,25,50,100, bake 5m, the mSPRT looked at every 10 s (α 0.05, relative-tolerance 0.5),
 *     no fixed-window metric.
 * - time to rollback: from the first step's start to the decision; a bad canary never rolled back is "missed".
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
const HEALTHY = Number(args.healthy ?? 1000);
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

const STEPS = [5, 25, 50, 100];

/** Binomial(n, p) for the small n of one second of traffic. */
function binomial(rng, n, p) {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
  return k;
}

/**
 * One simulated rollout. `judge` gets the per-second history and decides at its own moments; the simulation
 * returns the second of the rollback, or undefined when it promoted.
 */
function simulate(rng, canaryErrorRate, plan) {
  const history = []; // per second: [canaryRequests, canaryErrors, stableRequests, stableErrors]
  let t = 0;
  const second = (weight) => {
    const canary = binomial(rng, RATE, weight / 100);
    const stable = RATE - canary;
    history.push([
      canary,
      binomial(rng, canary, canaryErrorRate),
      stable,
      binomial(rng, stable, STABLE_ERROR_RATE),
    ]);
    t++;
  };
  return plan({ second, history, now: () => t });
}

/** Sums of the last `seconds` of history. */
function windowSums(history, seconds) {
  const sums = [0, 0, 0, 0];
  for (let i = Math.max(0, history.length - seconds); i < history.length; i++)
    for (let j = 0; j < 4; j++) sums[j] += history[i][j];
  return sums;
}

/** The fixed-window judge as the action runs it: guard, judgeMetric with the recorded stable at 100 %, retries. */
function fixedPlan({ bake, window, guardWindow, minRequests, criteria, count, interval }) {
  return ({ second, history, now }) => {
    let recordedStable;
    for (const weight of STEPS) {
      for (let s = 0; s < bake; s++) second(weight);
      let retries = 0;
      let rounds = 0;
      for (;;) {
        const guard = windowSums(history, guardWindow);
        let verdict;
        if (guard[0] < minRequests) verdict = 'inconclusive';
        else {
          const [cr, ce, sr, se] = windowSums(history, window);
          const canary = { query: 'canary', value: cr > 0 ? ce / cr : Number.NaN };
          let stable = { query: 'stable', value: sr > 0 ? se / sr : Number.NaN };
          if (weight >= 100) stable = recordedStable;
          else if (!Number.isNaN(stable.value)) recordedStable = stable;
          const judged = judgeMetric(
            weight >= 100 && !stable ? { ...criteria, compare: undefined } : criteria,
            canary,
            stable,
          );
          verdict = judged.verdict;
        }
        if (verdict === 'fail') return now();
        if (verdict === 'inconclusive') {
          if (retries++ >= 3) return now();
          for (let s = 0; s < interval; s++) second(weight);
          continue;
        }
        if (++rounds >= count) break;
        for (let s = 0; s < interval; s++) second(weight);
      }
    }
    return undefined;
  };
}

function sequentialPlan({ bake, every, alpha, relativeTolerance }) {
  return ({ second, history, now }) => {
    const test = new SequentialErrorTest({ alpha, relativeTolerance });
    let last = 0;
    for (const weight of STEPS)
      for (let s = 0; s < bake; s++) {
        second(weight);
        if (now() % every !== 0) continue;
        const [cr, ce, sr, se] = windowSums(history, now() - last);
        last = now();
        if (
          test.update({ canaryRequests: cr, canaryErrors: ce, stableRequests: sr, stableErrors: se }).rejected
        )
          return now();
      }
    return undefined;
  };
}

const JUDGES = {
  'fixed, README ([30s] window, 5m bake)': fixedPlan({
    bake: 300,
    window: 30,
    guardWindow: 60,
    minRequests: 50,
    criteria: {
      name: 'error-rate',
      max: 0.05,
      compare: { direction: 'lower-is-better', relativeTolerance: 0.5, significance: 0.05, minSamples: 5 },
    },
    count: 1,
    interval: 10,
  }),
  'fixed, docs ([5m] window, 10m bake, count 2)': fixedPlan({
    bake: 600,
    window: 300,
    guardWindow: 300,
    minRequests: 200,
    criteria: {
      name: 'error-rate',
      max: 0.02,
      compare: {
        direction: 'lower-is-better',
        relativeTolerance: 0.5,
        absoluteTolerance: 0.002,
        significance: 0.05,
        minSamples: 5,
      },
    },
    count: 2,
    interval: 30,
  }),
  'sequential (mSPRT α 0.05, looks every 10 s, 5m bake)': sequentialPlan({
    bake: 300,
    every: 10,
    alpha: 0.05,
    relativeTolerance: 0.5,
  }),
};

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const minutes = (seconds) =>
  seconds === undefined ? '—' : seconds < 120 ? `${seconds} s` : `${(seconds / 60).toFixed(1)} min`;

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
console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
