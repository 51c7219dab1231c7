/**
 * DeepEval test runs (`.deepeval/.latest_test_run.json`, or `deepeval test run … --export`):
 * `{testRunData: {testCases: [...], conversationalTestCases: [...], metricsScores, testPassed, testFailed}}`.
 *
 * Every test case (and conversational test case) becomes one case:
 * - id: `name` (DeepEval names unnamed cases `test_case_<n>`); pass: `success`.
 * - scores: one per `metricsData[]` entry, keyed by the metric's `name` (e.g. "Answer Relevancy"). A metric that
 *   errored (`error` set, `score` null) has no score and its error becomes the case's error.
 * - tags: `metric:<name>` → "pass"/"fail" (DeepEval's verdict against the metric's own threshold), so gates can
 *   slice by it (`by: "metric:Faithfulness"`).
 * - reasons: every metric that failed its threshold, by metric name: "score 0 against threshold 0.7: <reason>"
 *   (DeepEval's `reason`, when the metric wrote one), shown with the failed case.
 * - cost: `evaluationCost` (the judge's cost in US dollars); latency: `runDuration` (seconds → ms).
 * - input/output: `input` and `actualOutput`; `expectedOutput` stays out of `expected` (it is reference text,
 *   not a label), but the scores task compares it with the output when no metric ran.
 */
import { InputDataError } from '@mlgate/core';
import {
  compact,
  fail,
  isObject,
  kindOf,
  noCases,
  readBoolean,
  readId,
  readNonNegative,
  readText,
  setKey,
  show,
} from './fields.js';
import type { ImporterOutput, JsonObject, Place } from './fields.js';
import { arrayElementLines, parseJsonDocument, readWholeFile } from './read.js';
import type { RawCase } from '../types.js';

/** True for the document DeepEval writes for a test run. */
export function isDeepEvalDocument(value: unknown): value is JsonObject {
  return isObject(value) && isObject(value.testRunData);
}

/** Recognises a DeepEval test run from its first bytes (the writer starts with `{"testRunData": {`). */
export function looksLikeDeepEvalHead(head: string): boolean {
  return /^\s*\{\s*"testRunData"\s*:\s*\{/.test(head);
}

export async function importDeepEval(file: string, displayName: string): Promise<ImporterOutput> {
  const text = await readWholeFile(file, displayName);
  if (text.trim() === '') noCases(displayName, 'the file is blank');
  return deepEvalFromDocument(parseJsonDocument(text, displayName), text, displayName);
}

/** Converts an already parsed DeepEval document (`text` is its source, for line numbers). */
export function deepEvalFromDocument(document: unknown, text: string, file: string): ImporterOutput {
  if (!isDeepEvalDocument(document)) {
    throw new InputDataError(
      `Not a DeepEval test run: expected an object with "testRunData" (the .deepeval/.latest_test_run.json file ` +
        `\`deepeval test run\` writes); got ${isObject(document) ? `an object with keys ${Object.keys(document).slice(0, 6).join(', ') || '(none)'}` : kindOf(document)}.`,
      { file, line: 1 },
    );
  }
  const run = document.testRunData as JsonObject;
  const cases: RawCase[] = [];
  for (const key of ['testCases', 'conversationalTestCases']) {
    const list = run[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list))
      fail(
        { file, line: 1 },
        `testRunData.${key}`,
        `testRunData.${key} must be an array; got ${kindOf(list)}`,
      );
    const lines = arrayElementLines(text, ['testRunData', key]);
    list.forEach((item: unknown, index) => {
      const place = { file, line: lines.length === list.length ? lines[index] : 1 };
      cases.push(deepEvalCase(item, place, `testRunData.${key}[${index}]`));
    });
  }
  if (cases.length === 0) noCases(file, 'testRunData.testCases and conversationalTestCases are empty');
  return { cases, skipped: 0, warnings: [] };
}

function deepEvalCase(item: unknown, place: Place, path: string): RawCase {
  if (!isObject(item)) fail(place, path, `${path} must be an object; got ${kindOf(item)}`);
  const rawCase: RawCase = {
    id: readId(item.name ?? item.order, place, `${path}.name`),
    source: { file: place.file, line: place.line },
  };
  rawCase.pass = readBoolean(item.success, place, `${path}.success`);
  const metrics = item.metricsData ?? [];
  if (!Array.isArray(metrics))
    fail(place, `${path}.metricsData`, `${path}.metricsData must be an array; got ${kindOf(metrics)}`);
  const scores: Record<string, number> = {};
  const tags: Record<string, string> = {};
  const reasons: Record<string, string> = {};
  const errors: string[] = [];
  metrics.forEach((metric: unknown, index) => {
    const field = `${path}.metricsData[${index}]`;
    if (!isObject(metric)) fail(place, field, `${field} must be an object; got ${kindOf(metric)}`);
    if (typeof metric.name !== 'string' || metric.name === '')
      fail(place, `${field}.name`, `${field}.name must be a metric name; got ${show(metric.name)}`);
    const name = metric.name;
    if (typeof metric.error === 'string' && metric.error !== '') errors.push(`${name}: ${metric.error}`);
    if (metric.score !== null && metric.score !== undefined) {
      if (typeof metric.score !== 'number' || !Number.isFinite(metric.score))
        fail(place, `${field}.score`, `${field}.score must be a finite number; got ${show(metric.score)}`);
      setKey(scores, name, metric.score);
    }
    const success = readBoolean(metric.success, place, `${field}.success`);
    if (success !== undefined) setKey(tags, `metric:${name}`, success ? 'pass' : 'fail');
    // A failed metric's score against its own threshold, and the judge's explanation: what a reviewer reads.
    if (success === false) {
      const against =
        typeof metric.score === 'number' && typeof metric.threshold === 'number'
          ? `score ${metric.score} against threshold ${metric.threshold}`
          : 'failed its threshold';
      const reason = typeof metric.reason === 'string' ? metric.reason.trim() : '';
      setKey(reasons, name, reason ? `${against}: ${reason}` : against);
    }
  });
  if (Object.keys(scores).length > 0) rawCase.scores = scores;
  if (Object.keys(tags).length > 0) rawCase.tags = tags;
  if (Object.keys(reasons).length > 0) rawCase.reasons = reasons;
  if (errors.length > 0) rawCase.error = errors.join('; ');
  rawCase.costUsd = readNonNegative(item.evaluationCost, place, `${path}.evaluationCost`, 'US dollars');
  const seconds = readNonNegative(item.runDuration, place, `${path}.runDuration`, 'seconds');
  if (seconds !== undefined) rawCase.latencyMs = seconds * 1000;
  rawCase.input = readText(item.input ?? item.turns);
  rawCase.output = readText(item.actualOutput);
  return compact(rawCase);
}
