/**
 * Applying the gates: thresholds on this run's metrics, and allowed drops against the baseline that fail
 * only when the drop is beyond the allowance and statistically significant on the cases both runs share.
 */
import {
  ConfigurationError,
  describeChange,
  formatNumber as format,
  formatPercent,
  formatPValue,
  type GateResult,
  type MetricNumber,
} from '@mlgate/core';
import { groupByTag, type EvalCase } from '../cases.js';
import { ACCURACY_LIKE, closestName, metricHigherIsBetter } from '../catalog.js';
import {
  mcnemar,
  minimumDetectableEffect,
  pairedBootstrap,
  pairedProportionStandardError,
} from '../statistics/index.js';
import type { MetricSuite } from '../suite.js';
import type { GatesConfig, GateSpec } from './gates-file.js';

export interface GateInputs {
  config: GatesConfig;
  cases: EvalCase[];
  suite: MetricSuite;
  /** Point values and intervals of the whole run's metrics. */
  values: Record<string, number>;
  intervals: Record<string, [number, number]>;
  baseline?: { cases: EvalCase[]; values: Record<string, number> };
  /** Builds a suite over a subset of cases with the same task and labels (slices, shared cases). */
  buildSuite(cases: EvalCase[]): MetricSuite;
  significance: number;
  minSharedCases: number;
  resamples: number;
  seed: number;
}

export const toJson = (value: number | undefined): MetricNumber =>
  value === undefined || !Number.isFinite(value) ? null : value;
/** "p = 0.012", "p < 0.001". */
export const pText = (p: number): string => {
  const text = formatPValue(p);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
};

/** "worsened from 0.1 to 0.145 (+0.045)", "improved from 0.9 to 0.91 (+0.01)", "unchanged at 0.9": by effect on quality. */
function movement(baseline: number, observed: number, higherIsBetter: boolean): string {
  const change = describeChange(observed - baseline, higherIsBetter);
  if (change.effect === 'unchanged') return `unchanged at ${format(observed)}`;
  return `${change.effect} from ${format(baseline)} to ${format(observed)} (${change.signed})`;
}

/** Checks every gate's metric exists before anything is computed, naming the gate's line. */
export function checkGateMetrics(config: GatesConfig, available: readonly string[], cases: EvalCase[]): void {
  config.gates.forEach((gate, index) => {
    if (!available.includes(gate.metric)) {
      const hint = closestName(gate.metric, available);
      throw new ConfigurationError(
        `unknown metric "${gate.metric}"${hint ? ` (did you mean "${hint}"?)` : ''}; this run has: ${available.join(', ')}`,
        {
          file: config.file ?? 'gates',
          line: config.lineOf(['gates', index, 'metric']),
          field: `gates[${index}].metric`,
        },
      );
    }
    if (gate.by && !cases.some((item) => item.tags?.[gate.by!] !== undefined)) {
      throw new ConfigurationError(`no case has the tag "${gate.by}" to slice by`, {
        file: config.file ?? 'gates',
        line: config.lineOf(['gates', index, 'by']),
        field: `gates[${index}].by`,
      });
    }
  });
}

export function thresholdResult(
  gate: GateSpec,
  observed: number,
  ci: [number, number] | undefined,
  slice?: GateResult['slice'],
): GateResult {
  const rules = [
    gate.min !== undefined ? `≥ ${format(gate.min)}` : '',
    gate.max !== undefined ? `≤ ${format(gate.max)}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const base = {
    metric: gate.metric,
    slice,
    kind: 'threshold' as const,
    rule: rules,
    severity: gate.severity,
    observed: toJson(observed),
    ci: ci && ([toJson(ci[0]), toJson(ci[1])] as [MetricNumber, MetricNumber]),
    line: gate.line,
  };
  const where = slice ? ` for ${slice.tag}=${slice.value}` : '';
  if (!Number.isFinite(observed)) {
    return {
      ...base,
      status: 'inconclusive',
      message: `${gate.metric}${where} is undefined on this data (e.g. one class only)`,
    };
  }
  const failed =
    (gate.min !== undefined && observed < gate.min) || (gate.max !== undefined && observed > gate.max);
  return {
    ...base,
    status: failed ? (gate.severity === 'warn' ? 'warn' : 'fail') : 'pass',
    message: `${gate.metric}${where} = ${format(observed)} (required ${rules})`,
  };
}

interface PairedOutcome {
  pValue: number;
  test: 'mcnemar' | 'paired-bootstrap';
  mde: number;
}

/** One-sided test of "current is worse than baseline" on shared cases. */
function pairedTest(
  metric: string,
  current: MetricSuite,
  baseline: MetricSuite,
  inputs: GateInputs,
): PairedOutcome {
  const n = current.size;
  const currentOutcomes = ACCURACY_LIKE.has(metric) ? current.binaryOutcomes(metric) : undefined;
  const baselineOutcomes = ACCURACY_LIKE.has(metric) ? baseline.binaryOutcomes(metric) : undefined;
  if (currentOutcomes && baselineOutcomes) {
    let baselineOnly = 0;
    let currentOnly = 0;
    for (let i = 0; i < n; i++) {
      if (baselineOutcomes[i] && !currentOutcomes[i]) baselineOnly++;
      else if (currentOutcomes[i] && !baselineOutcomes[i]) currentOnly++;
    }
    const result = mcnemar(baselineOnly, currentOnly);
    const standardError = pairedProportionStandardError(baselineOnly, currentOnly, n);
    return {
      pValue: result.pValueDecline,
      test: 'mcnemar',
      mde: minimumDetectableEffect(standardError, inputs.significance),
    };
  }
  const sign = metricHigherIsBetter(metric, inputs.config.gates) ? 1 : -1;
  const result = pairedBootstrap({
    n,
    resamples: inputs.resamples,
    seed: inputs.seed,
    statistic: (weights) => sign * current.compute([metric], weights)[metric],
    baselineStatistic: (weights) => sign * baseline.compute([metric], weights)[metric],
  });
  return {
    pValue: result.pValueDecline,
    test: 'paired-bootstrap',
    mde: minimumDetectableEffect(result.standardError, inputs.significance),
  };
}

/** A baseline gate's comparison once both values are known and the worsening exceeds the allowance. */
export interface BeyondAllowance {
  base: Omit<GateResult, 'status' | 'message'>;
  where: string;
  /** "worsened from 0.9 to 0.85 (−0.05)". */
  moved: string;
  allowance: number;
}

/**
 * The part of a baseline gate every kind of results shares: the rule, no baseline, an undefined value, a
 * worsening within the allowance. Returns the finished result, or the worsening beyond the allowance for a test.
 */
export function compareWithBaseline(
  gate: GateSpec,
  observed: number,
  baselineValue: number | undefined,
  higher: boolean,
  slice?: GateResult['slice'],
): GateResult | BeyondAllowance {
  const allowanceText = [
    gate.maxDrop !== undefined ? `worsening ≤ ${format(gate.maxDrop)}` : '',
    gate.maxDropRelative !== undefined ? `worsening ≤ ${formatPercent(gate.maxDropRelative)}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const base = {
    metric: gate.metric,
    slice,
    kind: 'baseline' as const,
    rule: `${allowanceText} vs baseline`,
    severity: gate.severity,
    observed: toJson(observed),
    line: gate.line,
  };
  const where = slice ? ` for ${slice.tag}=${slice.value}` : '';
  if (baselineValue === undefined) {
    return {
      ...base,
      status: 'inconclusive',
      noBaseline: true,
      message: `${gate.metric}${where}: no baseline to compare with`,
    };
  }
  if (!Number.isFinite(observed) || !Number.isFinite(baselineValue)) {
    return {
      ...base,
      baseline: toJson(baselineValue),
      status: 'inconclusive',
      message: `${gate.metric}${where} is undefined in this run or the baseline`,
    };
  }
  const direction = higher ? 1 : -1;
  const delta = observed - baselineValue;
  const moved = movement(baselineValue, observed, higher);
  const drop = -direction * delta;
  const allowances = [
    gate.maxDrop,
    gate.maxDropRelative === undefined ? undefined : gate.maxDropRelative * Math.abs(baselineValue),
  ].filter((value): value is number => value !== undefined);
  const allowance = Math.min(...allowances);
  const withValues = { ...base, baseline: baselineValue, delta };
  if (drop <= allowance) {
    return {
      ...withValues,
      status: 'pass',
      message: `${gate.metric}${where} ${moved}; allowed: ${allowanceText}`,
    };
  }
  return { base: withValues, where, moved, allowance };
}

function baselineResult(
  gate: GateSpec,
  observed: number,
  currentCases: EvalCase[],
  baselineCases: EvalCase[] | undefined,
  baselineValue: number | undefined,
  inputs: GateInputs,
  slice?: GateResult['slice'],
): GateResult {
  const compared = compareWithBaseline(
    gate,
    observed,
    baselineCases ? baselineValue : undefined,
    metricHigherIsBetter(gate.metric, inputs.config.gates),
    slice,
  );
  if ('status' in compared) return compared;
  const { base: withValues, where, moved, allowance } = compared;
  const baselineById = new Map((baselineCases ?? []).map((item) => [item.id, item]));
  const sharedCurrent: EvalCase[] = [];
  const sharedBaseline: EvalCase[] = [];
  for (const item of currentCases) {
    const before = baselineById.get(item.id);
    if (before) {
      sharedCurrent.push(item);
      sharedBaseline.push(before);
    }
  }
  if (sharedCurrent.length < inputs.minSharedCases) {
    return {
      ...withValues,
      status: 'inconclusive',
      sharedCases: sharedCurrent.length,
      message: `${gate.metric}${where} ${moved}, beyond the allowed worsening ${format(allowance)}, but only ${sharedCurrent.length} cases are shared with the baseline (need ${inputs.minSharedCases}) to tell a regression from noise`,
    };
  }
  const test = pairedTest(
    gate.metric,
    inputs.buildSuite(sharedCurrent),
    inputs.buildSuite(sharedBaseline),
    inputs,
  );
  const significant = test.pValue < inputs.significance;
  const stats = {
    pValue: toJson(test.pValue),
    test: test.test,
    sharedCases: sharedCurrent.length,
    minimumDetectableEffect: toJson(test.mde),
  };
  if (significant) {
    return {
      ...withValues,
      ...stats,
      status: gate.severity === 'warn' ? 'warn' : 'fail',
      message: `${gate.metric}${where} ${moved}, beyond the allowed worsening ${format(allowance)}; significant on ${sharedCurrent.length} shared cases (${test.test}, ${pText(test.pValue)})`,
    };
  }
  return {
    ...withValues,
    ...stats,
    status: 'inconclusive',
    message: `${gate.metric}${where} ${moved}, beyond the allowed worsening ${format(allowance)}, but not significantly (${test.test}, ${pText(test.pValue)} ≥ ${inputs.significance}); the smallest worsening these ${sharedCurrent.length} shared cases can detect is about ${format(test.mde)}`,
  };
}

export function evaluateGates(inputs: GateInputs): GateResult[] {
  const results: GateResult[] = [];
  for (const gate of inputs.config.gates) {
    const hasThreshold = gate.min !== undefined || gate.max !== undefined;
    const hasBaselineRule = gate.maxDrop !== undefined || gate.maxDropRelative !== undefined;
    if (!gate.by) {
      const observed = inputs.values[gate.metric];
      if (hasThreshold) results.push(thresholdResult(gate, observed, inputs.intervals[gate.metric]));
      if (hasBaselineRule) {
        results.push(
          baselineResult(
            gate,
            observed,
            inputs.cases,
            inputs.baseline?.cases,
            inputs.baseline?.values[gate.metric],
            inputs,
          ),
        );
      }
      continue;
    }
    const baselineGroups = inputs.baseline ? groupByTag(inputs.baseline.cases, gate.by) : undefined;
    for (const [value, group] of groupByTag(inputs.cases, gate.by)) {
      const slice = { tag: gate.by, value };
      const observed = inputs.buildSuite(group).compute([gate.metric])[gate.metric];
      if (hasThreshold) results.push(thresholdResult(gate, observed, undefined, slice));
      if (hasBaselineRule) {
        const baselineGroup = baselineGroups?.get(value);
        const baselineValue = baselineGroup
          ? inputs.buildSuite(baselineGroup).compute([gate.metric])[gate.metric]
          : undefined;
        results.push(
          baselineResult(
            gate,
            observed,
            group,
            inputs.baseline ? (baselineGroup ?? []) : undefined,
            baselineGroup ? baselineValue : undefined,
            inputs,
            slice,
          ),
        );
      }
    }
  }
  return results;
}
