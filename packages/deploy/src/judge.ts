/**
 * The judge: one measurement of one metric (canary, and stable when compared) becomes pass, fail,
 * inconclusive or error. No data and NaN are never a pass.
 */
import { formatNumber } from '@mlgate/core';
import { mannWhitneyU } from './statistics.js';
import type { Measurement } from './metrics/types.js';
import { compareRates, pAboveMax, pBelowMin, type Counts } from './rates.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'error';

export interface Comparison {
  direction: 'lower-is-better' | 'higher-is-better';
  /** Canary may be worse than stable by this fraction of stable's value… */
  relativeTolerance?: number;
  /** …plus this absolute amount (useful when stable is 0). */
  absoluteTolerance?: number;
  /** Mann-Whitney U on the samples of both sides, one-sided in the "worse" direction. */
  test?: 'mann-whitney';
  significance: number;
  minSamples: number;
}

export interface MetricCriteria {
  name: string;
  min?: number;
  max?: number;
  compare?: Comparison;
}

export interface MetricJudgement {
  verdict: Verdict;
  /** One sentence: the numbers and the rule that decided. */
  reason: string;
  canary?: number;
  stable?: number;
  pValue?: number;
}

/** A number in a verdict line, written by the repository's one formatter. */
const format = formatNumber;
const hasValue = (measurement: Measurement): measurement is Measurement & { value: number } =>
  measurement.value !== undefined && !Number.isNaN(measurement.value);

export function judgeMetric(
  criteria: MetricCriteria,
  canary: Measurement | Error,
  stable?: Measurement | Error,
): MetricJudgement {
  if (canary instanceof Error) return { verdict: 'error', reason: `canary: ${canary.message}` };
  if (!hasValue(canary))
    return {
      verdict: 'inconclusive',
      reason: canary.value === undefined ? 'no data for the canary' : 'the canary value is NaN',
    };
  if (canary.counts) return judgeCounted(criteria, canary.counts, stable);
  const value = canary.value;
  const failures: string[] = [];
  const doubts: string[] = [];
  if (criteria.min !== undefined && value < criteria.min)
    failures.push(`${format(value)} < min ${format(criteria.min)}`);
  if (criteria.max !== undefined && value > criteria.max)
    failures.push(`${format(value)} > max ${format(criteria.max)}`);
  const passes: string[] = [];
  if (criteria.min !== undefined || criteria.max !== undefined) passes.push(`${format(value)} within bounds`);
  let stableValue: number | undefined;
  let pValue: number | undefined;
  const compare = criteria.compare;
  if (compare) {
    if (stable instanceof Error)
      return { verdict: 'error', reason: `stable: ${stable.message}`, canary: value };
    if (!stable || !hasValue(stable))
      doubts.push(stable?.value === undefined ? 'no data for stable' : 'the stable value is NaN');
    else {
      stableValue = stable.value;
      const lowerIsBetter = compare.direction === 'lower-is-better';
      if (compare.relativeTolerance !== undefined || compare.absoluteTolerance !== undefined) {
        const slack =
          Math.abs(stableValue) * (compare.relativeTolerance ?? 0) + (compare.absoluteTolerance ?? 0);
        const limit = lowerIsBetter ? stableValue + slack : stableValue - slack;
        const worse = lowerIsBetter ? value > limit : value < limit;
        const text = `canary ${format(value)} vs stable ${format(stableValue)} (limit ${format(limit)})`;
        if (worse) failures.push(`${text}: worse than stable beyond tolerance`);
        else passes.push(text);
      }
      if (compare.test === 'mann-whitney') {
        const x = (canary.samples ?? []).filter((item) => !Number.isNaN(item));
        const y = (stable.samples ?? []).filter((item) => !Number.isNaN(item));
        if (x.length < compare.minSamples || y.length < compare.minSamples)
          doubts.push(
            `too few samples for Mann-Whitney (canary ${x.length}, stable ${y.length}, need ${compare.minSamples})`,
          );
        else {
          // H1: canary is worse, i.e. stochastically greater when lower is better.
          const result = mannWhitneyU(x, y, lowerIsBetter ? 'greater' : 'less');
          pValue = result.pValue;
          const text = `Mann-Whitney U=${format(result.u)} p=${format(result.pValue)} (n ${x.length}/${y.length})`;
          if (result.pValue < compare.significance)
            failures.push(`${text} < ${compare.significance}: canary significantly worse`);
          else passes.push(text);
        }
      }
    }
  }
  if (failures.length > 0)
    return { verdict: 'fail', reason: failures.join('; '), canary: value, stable: stableValue, pValue };
  if (doubts.length > 0)
    return { verdict: 'inconclusive', reason: doubts.join('; '), canary: value, stable: stableValue, pValue };
  return {
    verdict: 'pass',
    reason: passes.length > 0 ? passes.join('; ') : `${format(value)} (no bounds: reported only)`,
    canary: value,
    stable: stableValue,
    pValue,
  };
}

const counted = (counts: Counts) =>
  `${format(counts.errors / counts.requests)} (${counts.errors}/${counts.requests})`;

/**
 * An error rate with its counts (a metric with `errors` and `requests` queries): each rule fails only with
 * evidence at the comparison's significance (0.05 without compare); no evidence either way is a pass that says so.
 * Bounds: one-sided binomial tests of the canary's errors at `max` (or `min`). Compare: the conditional test of
 * rates.ts against (1 + relative-tolerance) × stable (+ absolute-tolerance).
 */
function judgeCounted(
  criteria: MetricCriteria,
  canary: Counts,
  stable?: Measurement | Error,
): MetricJudgement {
  const significance = criteria.compare?.significance ?? 0.05;
  const value = canary.errors / canary.requests;
  const failures: string[] = [];
  const passes: string[] = [];
  let pValue: number | undefined;
  const evidence = (p: number) => {
    pValue = pValue === undefined ? p : Math.min(pValue, p);
    return p < significance;
  };
  const bounds: [number | undefined, string, (counts: Counts, bound: number) => number, boolean][] = [
    [criteria.max, 'max', pAboveMax, value > (criteria.max ?? Infinity)],
    [criteria.min, 'min', pBelowMin, value < (criteria.min ?? -Infinity)],
  ];
  for (const [bound, name, test, beyond] of bounds) {
    if (bound === undefined) continue;
    const p = test(canary, bound);
    const side = name === 'max' ? '>' : '<';
    if (evidence(p))
      failures.push(`${counted(canary)} ${side} ${name} ${format(bound)}: p ${format(p)} < ${significance}`);
    else
      passes.push(
        beyond
          ? `${counted(canary)} ${side} ${name} ${format(bound)} but not significantly (p ${format(p)} ≥ ${significance}): pass`
          : `${counted(canary)} within ${name} ${format(bound)}`,
      );
  }
  const compare = criteria.compare;
  let stableValue: number | undefined;
  if (compare) {
    if (stable instanceof Error)
      return { verdict: 'error', reason: `stable: ${stable.message}`, canary: value };
    const counts = stable?.counts;
    if (!counts || !(counts.requests > 0))
      return {
        verdict: failures.length > 0 ? 'fail' : 'inconclusive',
        reason: [...failures, 'no requests to stable in the window: nothing to compare with'].join('; '),
        canary: value,
        pValue,
      };
    stableValue = counts.errors / counts.requests;
    const tolerance = { relative: compare.relativeTolerance ?? 0, absolute: compare.absoluteTolerance ?? 0 };
    const result = compareRates(canary, counts, tolerance, significance);
    const bound =
      result.ratioBound === Infinity
        ? `stable + ${format(tolerance.absolute)} (stable had no error)`
        : `${format(result.ratioBound)} × stable`;
    const text = `canary ${counted(canary)} vs stable ${counted(counts)}`;
    if (evidence(result.pValue))
      failures.push(`${text}: worse than ${bound}, p ${format(result.pValue)} < ${significance}`);
    else passes.push(`${text}: not shown worse than ${bound} (p ${format(result.pValue)} ≥ ${significance})`);
  }
  return {
    verdict: failures.length > 0 ? 'fail' : 'pass',
    reason: (failures.length > 0 ? failures : passes).join('; '),
    canary: value,
    stable: stableValue,
    pValue,
  };
}

/**
 * Counts across the whole rollout, as Argo Rollouts does per analysis run: a metric fails once its failed
 * measurements exceed its failure limit, and errors once its consecutive provider errors exceed their limit.
 */
export class AnalysisLedger {
  private readonly failures = new Map<string, number>();
  private readonly consecutiveErrors = new Map<string, number>();

  /**
   * Records one judgement; returns a reason when a limit is now exceeded. The reason leads with the judgement
   * that tipped it (metric, value, bound), then the count against the limit.
   */
  record(
    metric: string,
    verdict: Verdict,
    limits: { failureLimit: number; consecutiveErrorLimit: number },
    judgement = '',
  ): string | undefined {
    const detail = judgement === '' ? '' : `${judgement}; `;
    if (verdict === 'error') {
      const errors = (this.consecutiveErrors.get(metric) ?? 0) + 1;
      this.consecutiveErrors.set(metric, errors);
      if (errors > limits.consecutiveErrorLimit)
        return `metric ${metric}: ${detail}${errors} consecutive errors (consecutive-error-limit ${limits.consecutiveErrorLimit})`;
      return undefined;
    }
    this.consecutiveErrors.set(metric, 0);
    if (verdict === 'fail') {
      const failures = (this.failures.get(metric) ?? 0) + 1;
      this.failures.set(metric, failures);
      if (failures > limits.failureLimit)
        return `metric ${metric}: ${detail}${failures} failed measurement${failures === 1 ? '' : 's'} (failure-limit ${limits.failureLimit})`;
    }
    return undefined;
  }

  failuresOf(metric: string): number {
    return this.failures.get(metric) ?? 0;
  }
}
