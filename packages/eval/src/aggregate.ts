/**
 * Gating aggregate-only results (lm-eval results_*.json, Every Eval Ever records): the metrics as the tool reported
 * them, each with its reported standard error (SE). The interval is value ± z·SE (normal approximation); a baseline
 * comparison treats the two runs as independent estimates: difference d = this − baseline, SE_d = √(SE² + SE_b²),
 * one-sided z-test of "this run is worse" (z = drop / SE_d). Without a reported SE on either side the comparison is
 * inconclusive and says why. (The two runs usually share their questions, so their errors are positively correlated
 * and the true SE_d is smaller: the independent test is the conservative one, it never cries wolf more.)
 */
import {
  ConfigurationError,
  formatInterval,
  formatNumber as format,
  formatSigned,
  suggestKey,
  type GateResult,
  type MetricSummary,
} from '@mlgate/core';
import { closestName } from './catalog.js';
import { compareWithBaseline, pText, thresholdResult, toJson } from './gates/evaluate.js';
import type { GatesConfig } from './gates/gates-file.js';
import { normalInterval, zOf } from './statistics/analytic.js';
import { normalSf } from './statistics/normal.js';
import { minimumDetectableEffect } from './statistics/paired.js';
import type { AggregateMetric } from './types.js';

/** A reported value with its standard error, or the reason it has none (this run's or the baseline's). */
export interface ReportedEstimate {
  value: number;
  stderr?: number;
  stderrMissing?: string;
}

/** The report's metrics: value, value ± z·SE as `ci`, the SE (null when none was reported), direction, samples. */
export function aggregateSummaries(
  aggregates: readonly AggregateMetric[],
  level: number,
): Record<string, MetricSummary> {
  const metrics = Object.create(null) as Record<string, MetricSummary>;
  for (const metric of aggregates) {
    const interval =
      metric.stderr === undefined ? undefined : normalInterval(metric.value, metric.stderr, level);
    metrics[metric.name] = {
      value: metric.value,
      ...(interval
        ? { ci: [interval.lower, interval.upper] as [number, number], ciMethod: 'reported-stderr' }
        : {}),
      higherIsBetter: metric.higherIsBetter,
      stderr: metric.stderr ?? null,
      ...(metric.samples !== undefined ? { samples: metric.samples } : {}),
    };
  }
  return metrics;
}

/** Every gate names a reported metric and none slices by a tag (aggregates have no cases to slice). */
function checkAggregateGates(config: GatesConfig, names: readonly string[]): void {
  config.gates.forEach((gate, index) => {
    const where = (key: string) => ({
      file: config.file ?? 'gates',
      line: config.lineOf(['gates', index, key]),
      field: `gates[${index}].${key}`,
    });
    if (gate.by)
      throw new ConfigurationError(
        `by: slices cases by a tag, and these aggregate results have no cases; gate each reported metric instead`,
        where('by'),
      );
    if (!names.includes(gate.metric)) {
      // A name without lm-eval's filter (`task/acc` for `task/acc,strict-match`) is found as a prefix.
      const hint = closestName(gate.metric, names) ?? suggestKey(gate.metric, names);
      throw new ConfigurationError(
        `unknown metric "${gate.metric}"${hint ? ` (did you mean "${hint}"?)` : ''}; these aggregate results report: ${names.join(', ')}`,
        where('metric'),
      );
    }
  });
}

/** Thresholds on the reported values; allowed drops by a z-test on the difference of two independent estimates. */
export function evaluateAggregateGates(inputs: {
  config: GatesConfig;
  aggregates: readonly AggregateMetric[];
  baseline?: Map<string, ReportedEstimate>;
  significance: number;
  level: number;
}): GateResult[] {
  const byName = new Map(inputs.aggregates.map((metric) => [metric.name, metric]));
  checkAggregateGates(inputs.config, [...byName.keys()]);
  const results: GateResult[] = [];
  for (const gate of inputs.config.gates) {
    const metric = byName.get(gate.metric)!;
    if (gate.min !== undefined || gate.max !== undefined) {
      const interval =
        metric.stderr === undefined ? undefined : normalInterval(metric.value, metric.stderr, inputs.level);
      results.push(thresholdResult(gate, metric.value, interval && [interval.lower, interval.upper]));
    }
    if (gate.maxDrop === undefined && gate.maxDropRelative === undefined) continue;
    const before = inputs.baseline?.get(gate.metric);
    const compared = compareWithBaseline(gate, metric.value, before?.value, metric.higherIsBetter);
    if ('status' in compared) {
      results.push(compared);
      continue;
    }
    const { base, moved, allowance } = compared;
    const delta = metric.value - before!.value;
    const drop = metric.higherIsBetter ? -delta : delta;
    const dropped = `${gate.metric} ${moved}, beyond the allowed worsening ${format(allowance)}`;
    const missing = [
      metric.stderr === undefined ? `this run (${metric.tool}: ${metric.stderrMissing ?? 'none'})` : '',
      before!.stderr === undefined ? `the baseline (${before!.stderrMissing ?? 'none'})` : '',
    ].filter(Boolean);
    if (missing.length > 0) {
      results.push({
        ...base,
        status: 'inconclusive',
        message: `${dropped}, but without a reported standard error for ${missing.join(' and ')} a drop cannot be told from noise`,
      });
      continue;
    }
    const standardError = Math.hypot(metric.stderr!, before!.stderr!);
    const pValue = standardError > 0 ? normalSf(drop / standardError) : 0;
    const z = zOf(inputs.level);
    const difference = `difference ${formatSigned(delta)}, ${Math.round(inputs.level * 100)}% interval ${formatInterval([delta - z * standardError, delta + z * standardError])}`;
    const stats = {
      pValue: toJson(pValue),
      test: 'z-test' as const,
      minimumDetectableEffect: toJson(minimumDetectableEffect(standardError, inputs.significance)),
    };
    if (pValue < inputs.significance) {
      results.push({
        ...base,
        ...stats,
        status: gate.severity === 'warn' ? 'warn' : 'fail',
        message: `${dropped}; significant by the reported standard errors (${difference}; z-test, ${pText(pValue)})`,
      });
    } else {
      results.push({
        ...base,
        ...stats,
        status: 'inconclusive',
        message: `${dropped} but not significantly by the reported standard errors (${difference}; z-test, ${pText(pValue)} ≥ ${inputs.significance}); the smallest worsening they can detect is about ${format(stats.minimumDetectableEffect ?? NaN)}`,
      });
    }
  }
  return results;
}
