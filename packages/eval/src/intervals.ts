/** The intervals of a run's headline metrics: which method for which metric and N (docs/eval-gate.md). */
import {
  bootstrapInterval,
  caseBootstrap,
  cellBootstrap,
  runAllChunks,
  type ChunkedBootstrap,
} from './statistics/bootstrap.js';
import type { MethodInterval } from './statistics/analytic.js';
import type { MetricSuite } from './suite.js';

export const CONFIDENCE_LEVEL = 0.95;

/**
 * From this many cases on, a metric with an analytic interval (statistics/analytic.ts: DeLong for ROC AUC, normal
 * or Wilson for means, order statistics for quantiles, a binned bootstrap for ECE) gets it instead of a bootstrap:
 * the normal approximation is then as accurate as the bootstrap's own Monte-Carlo error (bench/eval-coverage.mjs),
 * and resampling a million cases 1,000 times is what made large runs slow. docs/eval-gate.md states the rule.
 */
export const ANALYTIC_MIN_CASES = 5000;

/**
 * Metrics whose analytic interval is used at every N: ROC AUC by DeLong on the logit scale covered the true AUC in
 * 94.3% of 4,000 simulated runs of 200 cases, where the percentile case bootstrap covered 93.4% (bench/README.md).
 */
const ANALYTIC_AT_ANY_N = new Set(['roc_auc']);

/** What is left to resample once the analytic intervals are taken: a bootstrap and the metrics it gives. */
export interface ResampleJob {
  names: string[];
  method: 'cell-bootstrap' | 'case-bootstrap';
  resampler: ChunkedBootstrap;
}

/** The plan of a run's intervals: those known without resampling, and the bootstraps left (in report order). */
export interface IntervalPlan {
  analytic: Record<string, MethodInterval>;
  jobs: ResampleJob[];
}

/**
 * 95% intervals, each by the cheapest exact-enough method: analytic from ANALYTIC_MIN_CASES cases on (ROC AUC at
 * any N); otherwise (and for metrics without one) a multinomial bootstrap over a few distinct cells (confusion
 * matrix, binary label × probability) when the metric has them; case resampling for the rest. This plans them:
 * the bootstraps are drawn by `finishIntervals` from their chunks' samples, on one thread or two.
 */
export function planIntervals(
  suite: MetricSuite,
  resamples: number,
  seed: number,
  level = CONFIDENCE_LEVEL,
): IntervalPlan {
  const analytic = Object.create(null) as Record<string, MethodInterval>;
  if (resamples === 0 || suite.size < 2) return { analytic, jobs: [] };
  const large = suite.size >= ANALYTIC_MIN_CASES;
  for (const [name, interval] of Object.entries(suite.analyticIntervals(level, resamples, seed, !large)))
    if (large || ANALYTIC_AT_ANY_N.has(name)) analytic[name] = interval;
  return { analytic, jobs: resampleJobs(suite, resamples, seed, new Set(Object.keys(analytic))) };
}

/**
 * The bootstraps of the headline metrics not in `taken` (those with an analytic interval): one per cell family,
 * then one case bootstrap for the rest. A resample thread rebuilds the same jobs from the same suite.
 */
export function resampleJobs(
  suite: MetricSuite,
  resamples: number,
  seed: number,
  taken: ReadonlySet<string>,
): ResampleJob[] {
  const jobs: ResampleJob[] = [];
  const covered = new Set(taken);
  for (const family of suite.cellFamilies((name) => !covered.has(name))) {
    const { names } = family;
    for (const name of names) covered.add(name);
    let latest: Record<string, number> = {};
    const statistics = names.map((name, i) => (cells: Float64Array) => {
      if (i === 0) {
        latest = {};
        family.compute(cells, latest);
      }
      return latest[name];
    });
    const resampler = cellBootstrap({ counts: family.counts, resamples, seed, statistics });
    jobs.push({ names, method: 'cell-bootstrap', resampler });
  }
  const rest = suite.headline.filter((name) => !covered.has(name));
  if (rest.length > 0) {
    let latest: Record<string, number> = {};
    const statistics = rest.map((name, i) => (weights: Uint32Array) => {
      if (i === 0) latest = suite.compute(rest, weights);
      return latest[name];
    });
    const resampler = caseBootstrap({ n: suite.size, resamples, seed, statistics });
    jobs.push({ names: rest, method: 'case-bootstrap', resampler });
  }
  return jobs;
}

/** The plan's intervals with each job's percentile intervals from `samples[job][statistic]`. */
export function finishIntervals(
  plan: IntervalPlan,
  samples: Float64Array[][],
  level = CONFIDENCE_LEVEL,
): Record<string, MethodInterval> {
  const intervals = Object.assign(Object.create(null), plan.analytic) as Record<string, MethodInterval>;
  plan.jobs.forEach((job, j) =>
    job.names.forEach((name, i) => {
      const { lower, upper } = bootstrapInterval(samples[j][i], level);
      intervals[name] = { lower, upper, method: job.method };
    }),
  );
  return intervals;
}

/** Every interval on this thread (planIntervals, then every chunk of every bootstrap in order). */
export function confidenceIntervals(
  suite: MetricSuite,
  resamples: number,
  seed: number,
  level = CONFIDENCE_LEVEL,
): Record<string, MethodInterval> {
  const plan = planIntervals(suite, resamples, seed, level);
  return finishIntervals(
    plan,
    plan.jobs.map((job) => runAllChunks(job.resampler)),
    level,
  );
}
