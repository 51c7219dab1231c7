/**
 * Every Eval Ever (evaleval/every_eval_ever) instance-level JSONL: one sample per line, `{schema_version,
 * evaluation_id, model_id, evaluation_name, sample_id, input: {raw, reference}, output: {raw}, evaluation: {score,
 * is_correct}, token_usage, performance, error}`.
 *
 * Each line is one row: id `sample_id` (lines sharing one are repeats); pass `evaluation.is_correct`; scores
 * `{score: evaluation.score}`; tokens from `token_usage`; latency `performance.latency_ms`, else
 * `generation_time_ms`; input `input.raw`; output `output.raw` (its first text); error `error`; tags `model`
 * (model_id) and `evaluation` (evaluation_name).
 * EEE aggregate records (`evaluation_results[]`, one JSON object per model and benchmark) hold no samples: their
 * scores are read as aggregates (importers/aggregate.ts), gated with their reported uncertainty, without cases.
 */
import { InputDataError } from '@mlgate/core';
import {
  compact,
  fail,
  isObject,
  kindOf,
  noCases,
  readBoolean,
  readError,
  readId,
  readNonNegative,
  readTokenCount,
  show,
} from './fields.js';
import type { ImporterOutput, JsonObject, Place } from './fields.js';
import { eeeAggregates } from './aggregate.js';
import { forEachLine, isBlank, parseJsonDocument, parseJsonLine, readHead, readWholeFile } from './read.js';
import type { RawCase } from '../types.js';

/** True for one EEE instance-level record. */
export function isEeeSample(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.schema_version === 'string' &&
    'sample_id' in value &&
    ('evaluation' in value || 'evaluation_id' in value)
  );
}

/** True for an EEE aggregate record (per-benchmark scores only). */
export function isEeeAggregate(value: unknown): value is JsonObject {
  return (
    isObject(value) && typeof value.schema_version === 'string' && Array.isArray(value.evaluation_results)
  );
}

function firstText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const texts = value.filter((entry): entry is string => typeof entry === 'string');
    return texts.length > 0 ? texts[0] : undefined;
  }
  return undefined;
}

function eeeRow(record: JsonObject, place: Place): RawCase {
  const rawCase: RawCase = { id: readId(record.sample_id, place, 'sample_id'), source: { ...place } };
  const evaluation = record.evaluation ?? {};
  if (!isObject(evaluation))
    fail(place, 'evaluation', `evaluation must be an object; got ${kindOf(evaluation)}`);
  rawCase.pass = readBoolean(evaluation.is_correct, place, 'evaluation.is_correct');
  const score = evaluation.score;
  if (score !== null && score !== undefined) {
    if (typeof score !== 'number' || !Number.isFinite(score))
      fail(place, 'evaluation.score', `evaluation.score must be a finite number; got ${show(score)}`);
    rawCase.scores = { score };
  }
  const usage = record.token_usage;
  if (isObject(usage)) {
    const input = readTokenCount(usage.input_tokens, place, 'token_usage.input_tokens');
    const output = readTokenCount(usage.output_tokens, place, 'token_usage.output_tokens');
    if (input !== undefined || output !== undefined)
      rawCase.tokens = {
        ...(input !== undefined ? { input } : {}),
        ...(output !== undefined ? { output } : {}),
      };
  }
  const performance = record.performance;
  if (isObject(performance)) {
    rawCase.latencyMs =
      readNonNegative(performance.latency_ms, place, 'performance.latency_ms', 'milliseconds') ??
      readNonNegative(
        performance.generation_time_ms,
        place,
        'performance.generation_time_ms',
        'milliseconds',
      );
  }
  if (isObject(record.input)) rawCase.input = firstText(record.input.raw);
  if (isObject(record.output)) rawCase.output = firstText(record.output.raw);
  rawCase.error = readError(record.error, place);
  const tags: Record<string, string> = {};
  if (typeof record.model_id === 'string') tags.model = record.model_id;
  if (typeof record.evaluation_name === 'string') tags.evaluation = record.evaluation_name;
  if (Object.keys(tags).length > 0) rawCase.tags = tags;
  return compact(rawCase);
}

export async function importEee(file: string, displayName: string): Promise<ImporterOutput> {
  // An aggregate record is one JSON document (usually pretty-printed): its metrics, without cases.
  if (/^\s*\{\s*(?:\n|"schema_version"[^\n]*"evaluation_results")/.test(await readHead(file, displayName))) {
    const text = await readWholeFile(file, displayName);
    const document = parseJsonDocument(text, displayName);
    if (isEeeAggregate(document))
      return { cases: [], skipped: 0, warnings: [], aggregates: eeeAggregates(document, text, displayName) };
  }
  const cases: RawCase[] = [];
  await forEachLine(file, displayName, (line, lineNumber) => {
    if (isBlank(line)) return;
    const place = { file: displayName, line: lineNumber };
    const record = parseJsonLine(line, displayName, lineNumber);
    if (isEeeAggregate(record))
      fail(place, 'evaluation_results', 'an Every Eval Ever aggregate record among instance-level samples');
    if (!isObject(record)) fail(place, undefined, `each line must be a JSON object; got ${kindOf(record)}`);
    cases.push(eeeRow(record, place));
  });
  if (cases.length === 0) noCases(displayName, 'it has no JSON lines');
  if (cases.every((row) => row.pass === undefined && row.scores === undefined && row.error === undefined))
    throw new InputDataError(
      'The Every Eval Ever samples have no evaluation.score or evaluation.is_correct: nothing to gate on.',
      { file: displayName, field: 'evaluation' },
    );
  return { cases, skipped: 0, warnings: [] };
}
