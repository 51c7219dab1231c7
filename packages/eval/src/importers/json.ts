/**
 * Canonical JSON: an array of results objects, or an object with a "results" or "cases" array.
 * Line numbers are those where each element starts.
 */
import { InputDataError } from '@mlgate/core';
import { canonicalToRawCase, isObject, kindOf, noCases, UnknownFields, type JsonObject } from './fields.js';
import type { ImporterOutput } from './fields.js';
import { isLmEvalResultsDocument } from './lm-eval.js';
import { eeeAggregates, lmEvalAggregates } from './aggregate.js';
import { deepEvalFromDocument, isDeepEvalDocument } from './deepeval.js';
import { isEeeAggregate } from './eee.js';
import { helmAggregateError, helmFromDocument, isHelmAggregate, isHelmPerInstance } from './helm.js';
import { inspectFromDocument, isInspectDocument } from './inspect.js';
import { isPromptfooDocument, promptfooFromDocument } from './promptfoo.js';
import { isPytestJsonDocument, pytestJsonFromDocument } from './pytest-json.js';
import type { ResultsFormat } from '../types.js';
import { arrayElementLines, parseJsonDocument, readWholeFile } from './read.js';

/** JSON documents written by other tools, recognised after parsing: the format, its name, and its converter. */
const TOOL_DOCUMENTS: {
  format: ResultsFormat;
  tool: string;
  recognise: (document: unknown) => boolean;
  convert: (document: unknown, text: string, file: string) => ImporterOutput;
}[] = [
  {
    format: 'promptfoo',
    tool: 'a promptfoo results file (promptfoo eval -o)',
    recognise: isPromptfooDocument,
    convert: promptfooFromDocument,
  },
  {
    format: 'deepeval',
    tool: 'a DeepEval test run (.deepeval/.latest_test_run.json)',
    recognise: isDeepEvalDocument,
    convert: deepEvalFromDocument,
  },
  {
    format: 'inspect',
    tool: 'an Inspect AI log (inspect eval --log-format json)',
    recognise: isInspectDocument,
    convert: inspectFromDocument,
  },
  {
    format: 'pytest-json-report',
    tool: 'a pytest-json-report file (pytest --json-report)',
    recognise: isPytestJsonDocument,
    convert: pytestJsonFromDocument,
  },
  {
    format: 'helm',
    tool: 'a HELM per_instance_stats.json',
    recognise: isHelmPerInstance,
    convert: (document, text, file) => helmFromDocument(document, text, file),
  },
];

/**
 * `auto`: the format was detected, not chosen; another tool's document found only after parsing is then
 * imported in that tool's format (reported through `detected`) instead of being rejected.
 */
export async function importJson(
  file: string,
  displayName: string,
  auto = false,
): Promise<ImporterOutput & { detected?: ResultsFormat }> {
  const text = await readWholeFile(file, displayName);
  if (text.trim() === '') noCases(displayName, 'the file is blank');
  const document = parseJsonDocument(text, displayName);
  // Aggregate-only documents: their metrics, with the reported standard errors (importers/aggregate.ts).
  const aggregate = isLmEvalResultsDocument(document)
    ? (['lm-eval', 'an lm-evaluation-harness results file (results_*.json)'] as const)
    : isEeeAggregate(document)
      ? (['every-eval-ever', 'an Every Eval Ever aggregate record'] as const)
      : undefined;
  if (aggregate && !auto)
    throw new InputDataError(
      `This is ${aggregate[1]}, not canonical JSON: set the format to "${aggregate[0]}" (or "auto").`,
      { file: displayName, line: 1 },
    );
  if (aggregate?.[0] === 'lm-eval') {
    const { aggregates, warnings } = lmEvalAggregates(document as JsonObject, text, displayName);
    return { cases: [], skipped: 0, warnings, aggregates, detected: 'lm-eval' };
  }
  if (aggregate?.[0] === 'every-eval-ever') {
    const aggregates = eeeAggregates(document as JsonObject, text, displayName);
    return { cases: [], skipped: 0, warnings: [], aggregates, detected: 'every-eval-ever' };
  }
  if (isHelmAggregate(document)) throw helmAggregateError(displayName);
  const tool = TOOL_DOCUMENTS.find((candidate) => candidate.recognise(document));
  if (tool) {
    if (auto) return { ...tool.convert(document, text, displayName), detected: tool.format };
    throw new InputDataError(
      `This is ${tool.tool}, not canonical JSON: set the format to "${tool.format}" (or "auto").`,
      { file: displayName, line: 1 },
    );
  }
  let items: unknown[];
  let path: string[];
  if (Array.isArray(document)) {
    items = document;
    path = [];
  } else if (isObject(document) && Array.isArray(document.results)) {
    items = document.results;
    path = ['results'];
  } else if (isObject(document) && Array.isArray(document.cases)) {
    items = document.cases;
    path = ['cases'];
  } else {
    throw new InputDataError(
      `A JSON results file must be an array of cases or an object with a "results" or "cases" array; ` +
        `got ${isObject(document) ? `an object with keys ${Object.keys(document).slice(0, 6).join(', ') || '(none)'}` : kindOf(document)}.`,
      { file: displayName, line: 1 },
    );
  }
  if (items.length === 0)
    noCases(displayName, `the ${path.length === 0 ? 'top-level' : `"${path[0]}"`} array is empty`);
  const lines = arrayElementLines(text, path);
  const exact = lines.length === items.length;
  const unknown = new UnknownFields();
  const cases = items.map((item, index) => {
    const line = exact ? lines[index] : 1;
    unknown.note(item, line);
    return canonicalToRawCase(item, { file: displayName, line });
  });
  const warning = unknown.warning(displayName);
  return { cases, skipped: 0, warnings: warning ? [warning] : [] };
}
