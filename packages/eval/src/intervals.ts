/** The intervals of a run's headline metrics: which method for which metric and N (docs/eval-gate.md). */
import { bootstrap, bootstrapConfusion, bootstrapInterval } from './statistics/bootstrap.js';
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

/**
 * 95% intervals, each by the cheapest exact-enough method: analytic from ANALYTIC_MIN_CASES cases on (ROC AUC at
 * any N); otherwise
 * (and for metrics without one) a multinomial bootstrap over a few distinct cells (confusion matrix, binary
 * label × probability) when the metric has them; case resampling for the rest.
 */
export function confidenceIntervals(
  suite: MetricSuite,
  resamples: number,
  seed: number,
  level = CONFIDENCE_LEVEL,
): Record<string, MethodInterval> {
  const intervals = Object.create(null) as Record<string, MethodInterval>;
  if (resamples === 0 || suite.size < 2) return intervals;
  const large = suite.size >= ANALYTIC_MIN_CASES;
  for (const [name, interval] of Object.entries(suite.analyticIntervals(level, resamples, seed, !large)))
    if (large || ANALYTIC_AT_ANY_N.has(name)) intervals[name] = interval;
  for (const family of suite.cellFamilies((name) => !(name in intervals))) {
    const names = family.names;
    let latest: Record<string, number> = {};
    const samples = bootstrapConfusion({
      counts: family.counts,
      resamples,
      seed,
      statistics: names.map((name, i) => (cells: Float64Array) => {
        if (i === 0) {
          latest = {};
          family.compute(cells, latest);
        }
        return latest[name];
      }),
    });
    names.forEach((name, i) => {
      const { lower, upper } = bootstrapInterval(samples[i], level);
      intervals[name] = { lower, upper, method: 'cell-bootstrap' };
    });
  }
  const rest = suite.headline.filter((name) => !(name in intervals));
  if (rest.length > 0) {
    let latest: Record<string, number> = {};
    const samples = bootstrap({
      n: suite.size,
      resamples,
      seed,
      statistics: rest.map((name, i) => (weights: Uint32Array) => {
        if (i === 0) latest = suite.compute(rest, weights);
        return latest[name];
      }),
    });
    rest.forEach((name, i) => {
      const { lower, upper } = bootstrapInterval(samples[i], level);
      intervals[name] = { lower, upper, method: 'case-bootstrap' };
    });
  }
  return intervals;
}
