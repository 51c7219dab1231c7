/**
 * promptfoo results (`promptfoo eval -o out.json`): `{evalId, results: {version, prompts, results: [...], stats}}`.
 *
 * Every element of results.results is one test × prompt × provider evaluation and becomes one case:
 * - id: `<testIdx>:<provider label>`, or `<testIdx>:<prompt label>:<provider label>` when the file holds more
 *   than one prompt. testIdx is the test's position in the config (stable across runs unless tests are
 *   reordered); labels are readable and survive re-runs. Rows with the same test and column (`--repeat`)
 *   share an id, i.e. they are repeats. Without testIdx (very old files), tests are numbered by first appearance
 *   of their vars + description.
 * - pass: `success`. error: only when promptfoo says the row errored (failureReason 2, or a provider error in
 *   response.error); a failed assertion (failureReason 1) is a failure, not an error, even though promptfoo
 *   also copies the assertion's reason into `error`.
 * - scores: `score` (the weighted assertion score) plus every `namedScores` metric.
 * - tokens: response.tokenUsage prompt/completion (absent for cached responses, which report only cached/total).
 * - input: the rendered prompt (prompt.raw), else the vars as JSON. Prompt labels come from prompt.label (or the
 *   results.prompts entry of promptIdx), never from the rendered text. output: response.output (JSON if not text).
 * - tags: provider and prompt labels, scalar testCase.metadata entries, and short (≤ 64 characters, one line)
 *   scalar vars.
 */
import { InputDataError } from '@mlgate/core';
import {
  compact,
  fail,
  isObject,
  kindOf,
  noCases,
  readError,
  readNonNegative,
  readScores,
  readText,
  readTokenCount,
  scalarText,
  setKey,
} from './fields.js';
import type { ImporterOutput, JsonObject, Place } from './fields.js';
import { isLmEvalResultsDocument } from './lm-eval.js';
import { arrayElementLines, parseJsonDocument, readWholeFile } from './read.js';
import type { RawCase } from '../types.js';

const FAILURE_REASON_ERROR = 2;
const MAX_VAR_TAG_LENGTH = 64;

/** True for the object promptfoo writes with `-o out.json` (results format version 2 and later). */
export function isPromptfooDocument(value: unknown): value is JsonObject {
  if (!isObject(value) || !isObject(value.results)) return false;
  const results = value.results;
  if (Array.isArray(results.results)) return true;
  return typeof value.evalId === 'string' || (typeof results.version === 'number' && 'prompts' in results);
}

/** Recognises a promptfoo file from its first bytes (the writer puts evalId, then results.version, first). */
export function looksLikePromptfooHead(head: string): boolean {
  return (
    /^\s*\{\s*"evalId"\s*:/.test(head) ||
    /^\s*\{\s*"results"\s*:\s*\{\s*"(?:version|timestamp)"\s*:/.test(head) ||
    /"results"\s*:\s*\{\s*"version"\s*:\s*\d+\s*,\s*"timestamp"/.test(head)
  );
}

/** Legacy (results format 1): `{results: [...], table, stats}` with promptfoo rows directly in `results`. */
function isLegacyPromptfoo(value: unknown): value is JsonObject {
  if (!isObject(value) || !Array.isArray(value.results)) return false;
  const first: unknown = value.results[0];
  return (
    ('table' in value || 'stats' in value) && isObject(first) && 'response' in first && 'success' in first
  );
}

export async function importPromptfoo(file: string, displayName: string): Promise<ImporterOutput> {
  const text = await readWholeFile(file, displayName);
  if (text.trim() === '') noCases(displayName, 'the file is blank');
  return promptfooFromDocument(parseJsonDocument(text, displayName), text, displayName);
}

/** Converts an already parsed promptfoo document (`text` is its source, for line numbers). */
export function promptfooFromDocument(document: unknown, text: string, file: string): ImporterOutput {
  const { rows, path } = promptfooRows(document, file);
  if (rows.length === 0) noCases(file, 'results.results is an empty array');
  const lines = arrayElementLines(text, path);
  const places: Place[] = rows.map((_, index) => ({
    file,
    line: lines.length === rows.length ? lines[index] : 1,
  }));
  const promptTable =
    isObject(document) && isObject(document.results) && Array.isArray(document.results.prompts)
      ? (document.results.prompts as unknown[])
      : [];
  const testNumbers = new Map<string, number>();
  const cases: RawCase[] = [];
  let threwInAssertion = 0;
  for (const column of rowColumns(rows, places, promptTable)) {
    const { rawCase, threw } = promptfooCase(column, testNumbers);
    if (threw) threwInAssertion++;
    cases.push(rawCase);
  }
  const warnings: string[] = [];
  if (threwInAssertion > 0) {
    warnings.push(
      `${file}: ${threwInAssertion} of ${cases.length} promptfoo results failed because an assertion itself threw ` +
        `("Custom function threw error"); promptfoo counts them as failed assertions, so they are imported as ` +
        `failures, not errors. Check the assertion code.`,
    );
  }
  return { cases, skipped: 0, warnings };
}

/** The result rows of a promptfoo document (current or legacy layout) and the key path to them. */
function promptfooRows(document: unknown, file: string): { rows: unknown[]; path: string[] } {
  if (isLmEvalResultsDocument(document))
    throw new InputDataError(
      'This is an lm-evaluation-harness results file (results_*.json), not promptfoo output: set the format to ' +
        '"lm-eval" (or "auto") to gate on its metrics.',
      { file, line: 1 },
    );
  if (isObject(document) && isObject(document.results) && Array.isArray(document.results.results))
    return { rows: document.results.results, path: ['results', 'results'] };
  if (isLegacyPromptfoo(document)) return { rows: document.results as unknown[], path: ['results'] };
  throw new InputDataError(
    `Not a promptfoo results file: expected an object with a "results.results" array (written by ` +
      `\`promptfoo eval -o results.json\`); got ${describeShape(document)}.`,
    { file, line: 1 },
  );
}

/** A row with its place, provider and prompt labels, and the column (prompt × provider) its case id names. */
interface RowColumn {
  row: JsonObject;
  place: Place;
  provider?: string;
  prompt?: string;
  label: string;
}

/** First pass: the column of every row, so ids can be chosen for the whole file. */
function rowColumns(rows: unknown[], places: Place[], promptTable: unknown[]): RowColumn[] {
  const rowInfo = rows.map((row, index) => {
    const place = places[index];
    if (!isObject(row)) fail(place, undefined, `each promptfoo result must be an object; got ${kindOf(row)}`);
    const listed = typeof row.promptIdx === 'number' ? promptTable[row.promptIdx] : undefined;
    return {
      row,
      place,
      provider: providerLabel(row.provider) ?? providerLabel(isObject(listed) ? listed.provider : undefined),
      prompt: promptLabel(row.prompt) ?? promptLabel(listed),
    };
  });
  const promptLabels = new Set(rowInfo.map((info) => info.prompt ?? ''));
  const columnOf = (info: (typeof rowInfo)[number]): string => {
    const provider = info.provider ?? 'provider';
    return promptLabels.size > 1 ? `${info.prompt ?? 'prompt'}:${provider}` : provider;
  };
  // Two different columns with the same labels would merge into "repeats": tell them apart by promptIdx.
  const columnKeys = new Map<string, Set<string>>();
  for (const info of rowInfo) {
    const key = columnKey(info.row, info.prompt, info.provider);
    const label = columnOf(info);
    if (!columnKeys.has(label)) columnKeys.set(label, new Set());
    columnKeys.get(label)?.add(key);
  }
  return rowInfo.map((info) => {
    let label = columnOf(info);
    if ((columnKeys.get(label)?.size ?? 0) > 1)
      label += `#${typeof info.row.promptIdx === 'number' ? info.row.promptIdx : '?'}`;
    return { ...info, label };
  });
}

/** One row as a case; `threw` when it failed because an assertion's own code threw. */
function promptfooCase(
  info: RowColumn,
  testNumbers: Map<string, number>,
): { rawCase: RawCase; threw: boolean } {
  const { row, place, label } = info;
  const test = testIndex(row, place, testNumbers);
  const response = isObject(row.response) ? row.response : undefined;
  const grading = isObject(row.gradingResult) ? row.gradingResult : undefined;

  const rawCase: RawCase = { id: `${test}:${label}`, source: { file: place.file, line: place.line } };
  const pass = typeof row.success === 'boolean' ? row.success : grading?.pass;
  if (typeof pass === 'boolean') rawCase.pass = pass;

  const scores = readScores(row.namedScores, place, 'namedScores') ?? {};
  if (row.score !== undefined && row.score !== null) {
    if (typeof row.score !== 'number' || !Number.isFinite(row.score)) {
      fail(place, 'score', `score must be a finite number; got ${JSON.stringify(row.score)}`);
    }
    scores.score = row.score;
  }
  if (Object.keys(scores).length > 0) rawCase.scores = scores;

  rawCase.latencyMs = readNonNegative(
    row.latencyMs ?? response?.latencyMs,
    place,
    'latencyMs',
    'milliseconds',
  );
  rawCase.costUsd = readNonNegative(row.cost ?? response?.cost, place, 'cost', 'US dollars');
  const usage = response?.tokenUsage;
  if (isObject(usage)) {
    const input = readTokenCount(usage.prompt, place, 'response.tokenUsage.prompt');
    const output = readTokenCount(usage.completion, place, 'response.tokenUsage.completion');
    if (input !== undefined || output !== undefined) {
      rawCase.tokens = {};
      if (input !== undefined) rawCase.tokens.input = input;
      if (output !== undefined) rawCase.tokens.output = output;
    }
  }
  const prompt = isObject(row.prompt) ? row.prompt : undefined;
  const testVars = isObject(row.testCase) ? row.testCase.vars : undefined;
  const vars = isObject(row.vars) ? row.vars : isObject(testVars) ? testVars : undefined;
  rawCase.input = typeof prompt?.raw === 'string' ? prompt.raw : readText(vars);
  rawCase.output = readText(response?.output);

  const providerError = readError(response?.error, place, 'response.error');
  const erroredRow =
    row.failureReason === FAILURE_REASON_ERROR ||
    (row.failureReason === undefined && row.success === false && grading === undefined);
  rawCase.error = providerError ?? (erroredRow ? readError(row.error, place, 'error') : undefined);
  const threw = !rawCase.error && row.success === false && assertionThrew(row, grading);

  const tags = rowTags(row, vars);
  if (info.provider !== undefined) setKey(tags, 'provider', info.provider);
  if (info.prompt !== undefined) setKey(tags, 'prompt', info.prompt);
  if (Object.keys(tags).length > 0) rawCase.tags = tags;
  return { rawCase: compact(rawCase), threw };
}

function providerLabel(provider: unknown): string | undefined {
  if (typeof provider === 'string') return provider || undefined;
  if (!isObject(provider)) return undefined;
  if (typeof provider.label === 'string' && provider.label !== '') return provider.label;
  if (typeof provider.id === 'string' && provider.id !== '') return provider.id;
  return undefined;
}

/** The prompt's label (never its rendered text, which differs from test to test). */
function promptLabel(prompt: unknown): string | undefined {
  if (!isObject(prompt)) return undefined;
  if (typeof prompt.label === 'string' && prompt.label !== '') return prompt.label;
  if (typeof prompt.display === 'string' && prompt.display !== '') return prompt.display; // results format 1
  return undefined;
}

function columnKey(row: JsonObject, prompt: string | undefined, provider: string | undefined): string {
  return typeof row.promptIdx === 'number' ? `#${row.promptIdx}` : `${prompt ?? ''}\u0000${provider ?? ''}`;
}

function testIndex(row: JsonObject, place: Place, numbers: Map<string, number>): number {
  if (row.testIdx !== undefined && row.testIdx !== null) {
    if (typeof row.testIdx !== 'number' || !Number.isInteger(row.testIdx) || row.testIdx < 0) {
      fail(place, 'testIdx', `testIdx must be a non-negative integer; got ${JSON.stringify(row.testIdx)}`);
    }
    return row.testIdx;
  }
  const testCase = isObject(row.testCase) ? row.testCase : {};
  const key = JSON.stringify([
    testCase.description ?? row.description ?? null,
    testCase.vars ?? row.vars ?? null,
  ]);
  let number = numbers.get(key);
  if (number === undefined) {
    number = numbers.size;
    numbers.set(key, number);
  }
  return number;
}

function rowTags(row: JsonObject, vars: JsonObject | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  if (vars) {
    for (const key in vars) {
      const text = scalarText(vars[key]);
      if (text !== undefined && text.length <= MAX_VAR_TAG_LENGTH && !/[\r\n]/.test(text))
        setKey(tags, key, text);
    }
  }
  const metadata =
    isObject(row.testCase) && isObject(row.testCase.metadata) ? row.testCase.metadata : undefined;
  if (metadata) {
    for (const key in metadata) {
      if (key.startsWith('_')) continue;
      const text = scalarText(metadata[key]);
      if (text !== undefined) setKey(tags, key, text);
    }
  }
  return tags;
}

function assertionThrew(row: JsonObject, grading: JsonObject | undefined): boolean {
  const threw = (reason: unknown): boolean =>
    typeof reason === 'string' && reason.startsWith('Custom function threw');
  if (threw(row.error) || threw(grading?.reason)) return true;
  const components = grading?.componentResults;
  return Array.isArray(components) && components.some((part) => isObject(part) && threw(part.reason));
}

function describeShape(value: unknown): string {
  if (!isObject(value)) return kindOf(value);
  const keys = Object.keys(value).slice(0, 6);
  return keys.length === 0 ? 'an empty object' : `an object with ${keys.map((key) => `"${key}"`).join(', ')}`;
}
