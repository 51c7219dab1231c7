/**
 * Aggregate-only results: files that hold a tool's metrics over the whole run and no per-case results, read as
 * AggregateMetric (value, reported standard error, direction) so eval-gate can gate on them without cases.
 *
 * - lm-evaluation-harness `results_*.json`: every `results.<task>."<metric>,<filter>"` number is the metric
 *   `<task>/<metric>` (`<task>/<metric>,<filter>` unless the filter is `none`; files before 0.4 have no filter);
 *   its standard error is `"<metric>_stderr,<filter>"` (the string "N/A" when lm-eval could not compute one);
 *   the direction is `higher_is_better.<task>.<metric>`; the samples `n-samples.<task>.effective`.
 * - Every Eval Ever aggregate records (schema 0.2.x): every `evaluation_results[i]` is the metric named by its
 *   `evaluation_name`, value `score_details.score`, standard error `score_details.uncertainty.standard_error.value`
 *   (else derived from `uncertainty.confidence_interval`), direction `metric_config.lower_is_better`, samples
 *   `uncertainty.num_samples`.
 */
import { InputDataError } from '@mlgate/core';
import { higherIsBetter } from '../catalog.js';
import { zOf } from '../statistics/analytic.js';
import type { AggregateMetric } from '../types.js';
import { fail, isObject, show, type JsonObject, type Place } from './fields.js';
import { arrayElementLines, lineOfOffset } from './read.js';

/** The line of the first `"key"` in `text` at or after `from` (1 when absent), and its offset. */
function keyPlace(text: string, key: string, from = 0): { line: number; offset: number } {
  const offset = text.indexOf(`${JSON.stringify(key)}`, from);
  return offset < 0 ? { line: 1, offset: from } : { line: lineOfOffset(text, offset), offset };
}

/** A standard error as reported: a number ≥ 0, or a reason why there is none ("N/A", null, absent). */
function readStderr(
  value: unknown,
  place: Place,
  field: string,
): { stderr?: number; stderrMissing?: string } {
  if (value === undefined) return { stderrMissing: 'no standard error reported' };
  if (value === null) return { stderrMissing: 'standard error null' };
  if (typeof value === 'string' && value.trim().toUpperCase() === 'N/A')
    return { stderrMissing: `standard error "${value}"` };
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return { stderr: value };
  return fail(place, field, `${field} must be a non-negative number or "N/A"; got ${show(value)}`);
}

/** lm-eval's metric key "acc,none" → ["acc", "none"]; keys before 0.4 have no filter. */
function splitMetricKey(key: string): [string, string | undefined] {
  const comma = key.indexOf(',');
  return comma < 0 ? [key, undefined] : [key.slice(0, comma), key.slice(comma + 1)];
}

/** The name eval-gate gives an lm-eval metric: `<task>/<metric>`, with `,<filter>` unless it is `none`. */
export function lmEvalMetricName(task: string, key: string): string {
  const [metric, filter] = splitMetricKey(key);
  return filter === undefined || filter === 'none' ? `${task}/${metric}` : `${task}/${metric},${filter}`;
}

/** The model an lm-eval results file names (model_name, else config.model_args' pretrained=…). */
function lmEvalModel(document: JsonObject): string | undefined {
  if (typeof document.model_name === 'string' && document.model_name !== '') return document.model_name;
  const config = document.config;
  if (!isObject(config)) return undefined;
  const args = config.model_args;
  if (isObject(args) && typeof args.pretrained === 'string') return args.pretrained;
  if (typeof args === 'string') return /(?:^|,)pretrained=([^,]+)/.exec(args)?.[1];
  return undefined;
}

/** The metrics of an lm-eval `results_*.json` document (`text` is its source, for line numbers). */
export function lmEvalAggregates(
  document: JsonObject,
  text: string,
  file: string,
): { aggregates: AggregateMetric[]; warnings: string[] } {
  const results = document.results;
  if (!isObject(results)) fail({ file, line: 1 }, 'results', 'results must be an object of task → metrics');
  const model = lmEvalModel(document);
  const directions = isObject(document.higher_is_better) ? document.higher_is_better : {};
  const samples = isObject(document['n-samples']) ? document['n-samples'] : {};
  const resultsAt = keyPlace(text, 'results').offset;
  const aggregates: AggregateMetric[] = [];
  const warnings: string[] = [];
  for (const [task, metrics] of Object.entries(results)) {
    const taskAt = keyPlace(text, task, resultsAt);
    const place: Place = { file, line: taskAt.line };
    if (!isObject(metrics))
      fail(
        place,
        `results.${task}`,
        `results.${task} must be an object of metric → value; got ${show(metrics)}`,
      );
    const direction = isObject(directions[task]) ? directions[task] : {};
    const taskSamples = samples[task];
    const effective = isObject(taskSamples) ? taskSamples.effective : undefined;
    for (const [key, value] of Object.entries(metrics)) {
      if (key === 'alias' || key === 'name' || key === 'sample_len' || key === 'samples') continue;
      const [metric, filter] = splitMetricKey(key);
      if (metric.endsWith('_stderr')) continue;
      const field = `results.${task}.${key}`;
      const at: Place = { file, line: keyPlace(text, key, taskAt.offset).line };
      if (value === null || value === 'N/A' || (typeof value === 'string' && value.trim() === '')) {
        warnings.push(`${file}: ${field} is ${show(value)}, not a number: it is left out.`);
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value))
        fail(at, field, `${field} must be a number (the metric's value); got ${show(value)}`);
      const stderrKey = filter === undefined ? `${metric}_stderr` : `${metric}_stderr,${filter}`;
      aggregates.push({
        name: lmEvalMetricName(task, key),
        value,
        ...readStderr(metrics[stderrKey], at, `results.${task}.${stderrKey}`),
        higherIsBetter: typeof direction[metric] === 'boolean' ? direction[metric] : higherIsBetter(metric),
        ...(typeof effective === 'number' && Number.isInteger(effective) && effective > 0
          ? { samples: effective }
          : {}),
        tool: 'lm-eval',
        ...(model ? { model } : {}),
        source: { file, line: at.line },
      });
    }
  }
  if (aggregates.length === 0)
    throw new InputDataError(
      'This lm-evaluation-harness results file reports no numeric metric: nothing to gate on.',
      { file, line: 1, field: 'results' },
    );
  return { aggregates, warnings };
}

/** The metrics of an Every Eval Ever aggregate record (`evaluation_results[]`). */
export function eeeAggregates(document: JsonObject, text: string, file: string): AggregateMetric[] {
  const results = document.evaluation_results as unknown[];
  const lines = arrayElementLines(text, ['evaluation_results']);
  const modelInfo = document.model_info;
  const model =
    isObject(modelInfo) && typeof modelInfo.id === 'string' && modelInfo.id !== '' ? modelInfo.id : undefined;
  const firstLine = new Map<string, number>();
  const aggregates = results.map((result, index): AggregateMetric => {
    const place: Place = { file, line: lines.length === results.length ? lines[index] : 1 };
    const field = `evaluation_results[${index}]`;
    if (!isObject(result)) fail(place, field, `${field} must be an object; got ${show(result)}`);
    const name = result.evaluation_name;
    if (typeof name !== 'string' || name.trim() === '')
      fail(
        place,
        `${field}.evaluation_name`,
        `${field}.evaluation_name must be a non-empty string; got ${show(name)}`,
      );
    const seen = firstLine.get(name);
    if (seen !== undefined)
      fail(
        place,
        `${field}.evaluation_name`,
        `two evaluation results are named "${name}" (lines ${seen} and ${place.line}): each needs its own name to be gated`,
      );
    firstLine.set(name, place.line);
    const details = result.score_details;
    const score = isObject(details) ? details.score : undefined;
    if (typeof score !== 'number' || !Number.isFinite(score))
      fail(
        place,
        `${field}.score_details.score`,
        `${field}.score_details.score must be a number; got ${show(score)}`,
      );
    const config = isObject(result.metric_config) ? result.metric_config : {};
    const lowerIsBetter = config.lower_is_better;
    if (lowerIsBetter !== undefined && typeof lowerIsBetter !== 'boolean')
      fail(
        place,
        `${field}.metric_config.lower_is_better`,
        `${field}.metric_config.lower_is_better must be true or false; got ${show(lowerIsBetter)}`,
      );
    const uncertainty = isObject(details) && isObject(details.uncertainty) ? details.uncertainty : undefined;
    const numSamples = uncertainty?.num_samples;
    return {
      name,
      value: score,
      ...eeeStderr(uncertainty, place, `${field}.score_details.uncertainty`),
      higherIsBetter: lowerIsBetter !== true,
      ...(typeof numSamples === 'number' && Number.isInteger(numSamples) && numSamples > 0
        ? { samples: numSamples }
        : {}),
      tool: 'Every Eval Ever',
      ...(model ? { model } : {}),
      source: place,
    };
  });
  if (aggregates.length === 0)
    throw new InputDataError('This Every Eval Ever record has no evaluation_results: nothing to gate on.', {
      file,
      line: 1,
      field: 'evaluation_results',
    });
  return aggregates;
}

/** EEE's standard error: given, or the half-width of its confidence interval over z (normal approximation). */
function eeeStderr(
  uncertainty: JsonObject | undefined,
  place: Place,
  field: string,
): { stderr?: number; stderrMissing?: string } {
  if (!uncertainty) return { stderrMissing: 'no standard error reported' };
  const standardError = uncertainty.standard_error;
  if (isObject(standardError)) return readStderr(standardError.value, place, `${field}.standard_error.value`);
  const interval = uncertainty.confidence_interval;
  if (isObject(interval)) {
    const { lower, upper } = interval;
    const level = interval.confidence_level ?? 0.95;
    if (
      typeof lower !== 'number' ||
      typeof upper !== 'number' ||
      !(upper >= lower) ||
      typeof level !== 'number' ||
      !(level > 0 && level < 1)
    )
      fail(
        place,
        `${field}.confidence_interval`,
        `${field}.confidence_interval must have numbers lower ≤ upper and a confidence_level in (0, 1); got ${show(interval)}`,
      );
    return { stderr: (upper - lower) / (2 * zOf(level)) };
  }
  return { stderrMissing: 'no standard error reported' };
}
