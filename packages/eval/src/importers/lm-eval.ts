/**
 * EleutherAI lm-evaluation-harness per-sample logs (`samples_<task>_<timestamp>.jsonl`, written with
 * `--log_samples`). One line is one document under one filter:
 * - id: `<task>:<doc_id>` (task from a `task` field, else from the lm-eval file name; left out when neither
 *   names it), plus `:<filter>` when the file holds more than one filter (e.g. gsm8k's strict-match and
 *   flexible-extract), so one document scored by two filters is two cases, not two repeats.
 * - expected: `target`. predicted: `filtered_resps` unwrapped (["x"] and [["x"]] give "x"); for
 *   multiple-choice log-likelihoods ([[ll, is_greedy], ...]) the index of the most likely choice.
 * - output: the raw generation (`resps`) when it is text. input: the prompt (`arguments`).
 * - scores: the metrics named in `metrics` (or, without that list, every other numeric/boolean top-level field)
 *   whose per-sample value is a number or boolean. Corpus-level metrics (f1, bleu...) log [gold, prediction]
 *   pairs instead of numbers; they are skipped with a warning.
 * - pass: from the first metric whose values are all 0 or 1 in the file (acc, exact_match...): pass = value 1.
 *   Without such a metric, pass is left unset (a warning says so).
 * - tags: task and filter.
 * Aggregated `results_*.json` files hold no per-sample data: their metrics are read as aggregates
 * (importers/aggregate.ts), gated on the reported values and standard errors, without cases.
 */
import path from 'node:path';
import { InputDataError } from '@mlgate/core';
import { lmEvalAggregates } from './aggregate.js';
import { compact, fail, isObject, kindOf, noCases, readId, readLabel, readText, setKey } from './fields.js';
import type { ImporterOutput, JsonObject, Place } from './fields.js';
import {
  arrayElementLines,
  forEachLine,
  isBlank,
  parseJsonDocument,
  parseJsonLine,
  readHead,
  readWholeFile,
} from './read.js';
import type { RawCase } from '../types.js';

/** Top-level sample fields that are bookkeeping, never metrics. */
const NOT_METRICS = new Set([
  'doc_id',
  'doc',
  'target',
  'arguments',
  'resps',
  'filtered_resps',
  'filter',
  'metrics',
  'doc_hash',
  'prompt_hash',
  'target_hash',
  'task',
  'task_name',
]);

/** Keys only the aggregated results file has at its top level. */
const RESULTS_FILE_KEYS = [
  'versions',
  'n-shot',
  'configs',
  'higher_is_better',
  'n-samples',
  'group_subtasks',
];

/** True for an lm-eval aggregated `results_*.json` document (any version since 0.3). */
export function isLmEvalResultsDocument(value: unknown): value is JsonObject {
  if (!isObject(value) || !isObject(value.results)) return false;
  if (Array.isArray(value.results.results)) return false; // promptfoo
  if (RESULTS_FILE_KEYS.some((key) => key in value) || 'lm_eval_version' in value) return true;
  // Only the per-task metrics: {"results": {"task": {"alias": ..., "acc,none": ...}}}.
  const tasks = Object.values(value.results);
  return (
    tasks.length > 0 &&
    tasks.every(
      (task) => isObject(task) && Object.keys(task).some((key) => key === 'alias' || key.includes(',')),
    )
  );
}

/** Recognises a results file from its first bytes. */
export function looksLikeLmEvalResultsHead(head: string): boolean {
  if (!/^\s*\{\s*"results"\s*:\s*\{/.test(head)) return false;
  return (
    /^\s*\{\s*"results"\s*:\s*\{\s*"[^"]*"\s*:\s*\{\s*"alias"\s*:/.test(head) ||
    /"(?:n-shot|higher_is_better|n-samples|group_subtasks|lm_eval_version|versions|configs)"\s*:/.test(head)
  );
}

/** The task named by an lm-eval samples file name: samples_<task>_<YYYY-MM-DDTHH-MM-SS.ffffff>.jsonl. */
export function taskFromFileName(file: string): string | undefined {
  const match = /^samples_(.+)_\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?\.jsonl?$/.exec(
    path.basename(file),
  );
  return match ? match[1] : undefined;
}

/** True when a parsed JSONL object is an lm-eval sample. */
export function isLmEvalSample(value: unknown): boolean {
  return isObject(value) && 'doc_id' in value && ('filtered_resps' in value || 'resps' in value);
}

interface Sample {
  place: Place;
  docId: string;
  task?: string;
  filter?: string;
  rawCase: RawCase;
  metrics: Record<string, number>;
}

export async function importLmEval(file: string, displayName: string): Promise<ImporterOutput> {
  const head = await readHead(file, displayName);
  if (/^\s*\{\s*"results"\s*:/.test(head)) {
    // An aggregated results_*.json: its metrics, gated with their reported standard errors (no cases).
    const text = await readWholeFile(file, displayName);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      document = undefined; // not one JSON document: read it line by line below
    }
    if (isLmEvalResultsDocument(document)) {
      const { aggregates, warnings } = lmEvalAggregates(document, text, displayName);
      return { cases: [], skipped: 0, warnings, aggregates };
    }
  }
  const fileTask = taskFromFileName(file) ?? taskFromFileName(displayName);
  const state = new SampleReader(displayName, fileTask);

  if (/^\s*\[/.test(head)) {
    // Early 0.4 releases wrote the samples as one indented JSON array (still named .jsonl).
    const text = await readWholeFile(file, displayName);
    const document = parseJsonDocument(text, displayName);
    if (!Array.isArray(document))
      fail({ file: displayName, line: 1 }, undefined, 'Expected an array of samples.');
    const lines = arrayElementLines(text, []);
    document.forEach((value, index) => state.add(value, lines[index] ?? 1));
  } else {
    let firstChecked = false;
    await forEachLine(file, displayName, (line, lineNumber) => {
      if (isBlank(line)) return;
      let value: unknown;
      try {
        value = parseSampleLine(line, displayName, lineNumber);
      } catch (error) {
        // A pretty-printed JSON document: its first line is "{" alone.
        if (!firstChecked && line.trim() === '{') throw notSamplesError(displayName, lineNumber);
        throw error;
      }
      firstChecked = true;
      state.add(value, lineNumber);
    });
  }
  return state.finish();
}

/** Python's json.dumps writes NaN/Infinity (not JSON): read them as null rather than rejecting the line. */
function parseSampleLine(line: string, file: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    if (/NaN|Infinity/.test(line)) {
      try {
        return JSON.parse(replaceNonFinite(line));
      } catch {
        // fall through to the error naming the line
      }
    }
    return parseJsonLine(line, file, lineNumber);
  }
}

/** Replaces bare NaN, Infinity and -Infinity tokens (outside strings) by null. */
function replaceNonFinite(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (text.startsWith('NaN', i)) {
      out += 'null';
      i += 2;
    } else if (text.startsWith('-Infinity', i)) {
      out += 'null';
      i += 8;
    } else if (text.startsWith('Infinity', i)) {
      out += 'null';
      i += 7;
    } else {
      out += c;
    }
  }
  return out;
}

function notSamplesError(file: string, line: number): InputDataError {
  return new InputDataError(
    'Not an lm-evaluation-harness samples log: expected one JSON object per line (samples_<task>_<timestamp>.jsonl, ' +
      'written with --log_samples).',
    { file, line },
  );
}

class SampleReader {
  private readonly samples: Sample[] = [];
  private readonly filters = new Set<string>();
  /** Metric name -> true while every value seen is 0 or 1. In order of first appearance. */
  private readonly binary = new Map<string, boolean>();
  private readonly skippedMetrics = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly fileTask: string | undefined,
  ) {}

  add(value: unknown, line: number): void {
    const place: Place = { file: this.file, line };
    if (!isObject(value))
      fail(place, undefined, `each lm-eval sample must be a JSON object; got ${kindOf(value)}`);
    if (!('doc_id' in value)) {
      fail(
        place,
        'doc_id',
        'doc_id is required: this does not look like an lm-eval samples log (samples_<task>_<timestamp>.jsonl)',
      );
    }
    const docId = readId(value.doc_id, place, 'doc_id');
    const task = typeof value.task === 'string' && value.task !== '' ? value.task : this.fileTask;
    const filter = typeof value.filter === 'string' && value.filter !== '' ? value.filter : undefined;
    if (filter !== undefined) this.filters.add(filter);

    const rawCase: RawCase = { id: docId, source: { file: this.file, line } };
    const target = unwrap(value.target);
    // Several acceptable answers (a list) or a structured target: kept as JSON text.
    rawCase.expected =
      isObject(target) || Array.isArray(target) ? readText(target) : readLabel(target, place, 'target');
    rawCase.predicted = prediction(value.filtered_resps ?? value.resps);
    const generation = unwrap(value.resps);
    if (typeof generation === 'string') rawCase.output = generation;
    rawCase.input = promptOf(value.arguments);

    const metrics: Record<string, number> = {};
    for (const name of this.metricNames(value)) {
      const metric = metricValue(value[name]);
      if (metric === undefined) {
        if (value[name] !== undefined && !this.skippedMetrics.has(name)) {
          this.skippedMetrics.set(name, JSON.stringify(value[name])?.slice(0, 60) ?? '');
        }
        continue;
      }
      setKey(metrics, name, metric);
      const wasBinary = this.binary.get(name);
      const isBinary = metric === 0 || metric === 1;
      if (wasBinary === undefined) this.binary.set(name, isBinary);
      else if (wasBinary && !isBinary) this.binary.set(name, false);
    }
    if (Object.keys(metrics).length > 0) rawCase.scores = metrics;
    const tags: Record<string, string> = {};
    if (task !== undefined) tags.task = task;
    if (filter !== undefined) tags.filter = filter;
    if (Object.keys(tags).length > 0) rawCase.tags = tags;
    this.samples.push({ place, docId, task, filter, rawCase, metrics });
  }

  private metricNames(sample: JsonObject): string[] {
    if (Array.isArray(sample.metrics))
      return sample.metrics.filter((name): name is string => typeof name === 'string');
    return Object.keys(sample).filter(
      (key) => !NOT_METRICS.has(key) && metricValue(sample[key]) !== undefined,
    );
  }

  finish(): ImporterOutput {
    if (this.samples.length === 0) noCases(this.file, 'it has no samples');
    const warnings: string[] = [];
    for (const [name, example] of this.skippedMetrics) {
      warnings.push(
        `${this.file}: metric "${name}" has no per-sample number (e.g. ${example}): lm-eval computes it over the ` +
          `whole corpus, so it is not imported as a score.`,
      );
    }
    const primary = [...this.binary].find(([, isBinary]) => isBinary)?.[0];
    if (primary === undefined) {
      warnings.push(
        `${this.file}: no per-sample metric is 0/1-valued (such as acc or exact_match), so cases have no pass/fail.`,
      );
    }
    const multipleFilters = this.filters.size > 1;
    const cases = this.samples.map(({ docId, task, filter, rawCase, metrics }) => {
      let id = task !== undefined ? `${task}:${docId}` : docId;
      if (multipleFilters && filter !== undefined) id += `:${filter}`;
      rawCase.id = id;
      if (primary !== undefined && metrics[primary] !== undefined) rawCase.pass = metrics[primary] === 1;
      return compact(rawCase);
    });
    return { cases, skipped: 0, warnings };
  }
}

/** [x] -> x, [[x]] -> x. */
function unwrap(value: unknown): unknown {
  let current = value;
  while (Array.isArray(current) && current.length === 1) current = current[0];
  return current;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** The filtered response: text, a number, or the argmax of multiple-choice log-likelihoods. */
function prediction(value: unknown): string | number | undefined {
  const response = unwrap(value);
  if (response === undefined || response === null) return undefined;
  if (typeof response === 'string' || typeof response === 'number') return response;
  if (typeof response === 'boolean') return response ? 'true' : 'false';
  if (Array.isArray(response) && response.length > 1) {
    const likelihoods = response.map((choice) => toNumber(Array.isArray(choice) ? choice[0] : choice));
    if (likelihoods.every((likelihood) => likelihood !== undefined)) {
      let best = 0;
      for (let index = 1; index < likelihoods.length; index++) {
        if (likelihoods[index] > likelihoods[best]) best = index;
      }
      return best;
    }
  }
  return readText(response);
}

/** The prompt of the first request: {"gen_args_0": {"arg_0": prompt}} (0.4.3+) or [[prompt, ...]] (older). */
function promptOf(value: unknown): string | undefined {
  let first: unknown;
  if (isObject(value)) {
    const request = value.gen_args_0 ?? Object.values(value)[0];
    first = isObject(request) ? (request.arg_0 ?? Object.values(request)[0]) : request;
  } else if (Array.isArray(value)) {
    const request: unknown = value[0];
    first = Array.isArray(request) ? request[0] : request;
  } else {
    first = value;
  }
  return readText(first);
}

/** A per-sample metric value: numbers, booleans and "True"/"False" (numpy bools); anything else is not one. */
function metricValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === 'True') return 1;
  if (value === 'False') return 0;
  return undefined;
}
