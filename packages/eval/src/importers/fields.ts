/**
 * Field validation shared by every importer, and the one converter from a canonical results object
 * (a JSONL line, a JSON array element, a CSV row) to a RawCase, so the canonical rules live here only.
 */
import { inspect } from 'node:util';
import { InputDataError, isStackOverflow, suggestKey } from '@mlgate/core';
import type { AggregateMetric, RawCase } from '../types.js';

/** Where the value being checked sits: the file to show and the 1-based line. */
export interface Place {
  file: string;
  line: number;
}

/** What each per-format importer hands back to `importResultsFile`. */
export interface ImporterOutput {
  cases: RawCase[];
  /** Rows read, when they went into columns instead of `cases` (importResultsFile's `into`). */
  rows?: number;
  /** Cases left out on purpose (JUnit skipped tests). */
  skipped: number;
  warnings: string[];
  /** An aggregate-only file (lm-eval results_*.json, an EEE aggregate record): its metrics, and no cases. */
  aggregates?: AggregateMetric[];
}

export type JsonObject = Record<string, unknown>;

/** Throws the InputDataError for `field` at `place`. */
export function fail(place: Place, field: string | undefined, message: string): never {
  throw new InputDataError(message, { file: place.file, line: place.line, ...(field ? { field } : {}) });
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, JSON-like rendering of a bad value for error messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    // JSON has no text for functions and symbols, and throws on a bigint or a cycle: Node's rendering then.
    text = JSON.stringify(value) ?? inspect(value);
  } catch (error) {
    // Too deep for the stack: let it reach the reader, which reports "nested too deeply at line N".
    if (isStackOverflow(error)) throw error;
    text = inspect(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** "an array", "a string"... for messages about the overall shape of a value. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Assigns without letting a "__proto__" key from user data touch the prototype. */
export function setKey<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A case id: a non-empty string, or a finite number turned into text. */
export function readId(value: unknown, place: Place, field = 'id'): string {
  if (typeof value === 'string') {
    if (value.trim() === '') fail(place, field, `${field} must not be empty`);
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value === undefined || value === null)
    fail(place, field, `${field} is required (a string or a number)`);
  return fail(place, field, `${field} must be a string or a number; got ${show(value)}`);
}

/** expected/predicted: strings stay strings, numbers stay numbers (regression), booleans become "true"/"false". */
export function readLabel(value: unknown, place: Place, field: string): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(place, field, `${field} must be a finite number; got ${show(value)}`);
    return value;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return fail(place, field, `${field} must be a string, number or boolean; got ${show(value)}`);
}

function isProbability(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

/** Binary: a number in [0,1]. Multiclass: an object class -> number in [0,1]. */
export function readProbability(
  value: unknown,
  place: Place,
  field = 'probability',
): number | Record<string, number> | undefined {
  if (value === undefined || value === null) return undefined;
  if (isProbability(value)) return value;
  if (isObject(value)) {
    let count = 0;
    for (const key in value) {
      const entry = value[key];
      if (!isProbability(entry)) {
        fail(
          place,
          `${field}.${key}`,
          `${field}.${key} must be a number between 0 and 1; got ${show(entry)}`,
        );
      }
      count++;
    }
    if (count === 0) fail(place, field, `${field} must name at least one class when it is an object`);
    // Every entry is valid: keep the parsed object itself (no copy: this runs once per line of large files).
    return value as Record<string, number>;
  }
  return fail(
    place,
    field,
    `${field} must be a number between 0 and 1 or an object of class → probability; got ${show(value)}`,
  );
}

/** scores: an object dimension -> finite number. Null entries are left out. */
export function readScores(
  value: unknown,
  place: Place,
  field = 'scores',
): Record<string, number> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value))
    fail(place, field, `${field} must be an object of dimension → number; got ${show(value)}`);
  let count = 0;
  let hasNull = false;
  for (const key in value) {
    const entry = value[key];
    if (entry === null || entry === undefined) {
      hasNull = true;
      continue;
    }
    if (typeof entry !== 'number' || !Number.isFinite(entry)) {
      fail(place, `${field}.${key}`, `${field}.${key} must be a finite number; got ${show(entry)}`);
    }
    count++;
  }
  if (count === 0) return undefined;
  if (!hasNull) return value as Record<string, number>; // valid as parsed: no copy
  const out: Record<string, number> = {};
  for (const key in value) if (typeof value[key] === 'number') setKey(out, key, value[key]);
  return out;
}

/** A scalar tag value as text, or undefined when it is not a scalar. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** tags: an object name -> string/number/boolean, all turned into text. Null entries are left out. */
export function readTags(value: unknown, place: Place, field = 'tags'): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    fail(place, field, `${field} must be an object of name → string, number or boolean; got ${show(value)}`);
  }
  let count = 0;
  let allText = true;
  for (const key in value) {
    const entry = value[key];
    if (typeof entry === 'string') {
      count++;
      continue;
    }
    allText = false;
    if (entry === null || entry === undefined) continue;
    if (scalarText(entry) === undefined) {
      fail(
        place,
        `${field}.${key}`,
        `${field}.${key} must be a string, number or boolean; got ${show(entry)}`,
      );
    }
    count++;
  }
  if (count === 0) return undefined;
  if (allText) return value as Record<string, string>; // valid as parsed: no copy
  const out: Record<string, string> = {};
  for (const key in value) {
    const text = scalarText(value[key]);
    if (text !== undefined) setKey(out, key, text);
  }
  return out;
}

export function readBoolean(value: unknown, place: Place, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  return fail(place, field, `${field} must be true or false; got ${show(value)}`);
}

/** A finite number >= 0; `what` explains the unit in the message. */
export function readNonNegative(
  value: unknown,
  place: Place,
  field: string,
  what: string,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  return fail(place, field, `${field} must be a non-negative number (${what}); got ${show(value)}`);
}

export function readTokenCount(value: unknown, place: Place, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  return fail(place, field, `${field} must be a non-negative integer (a token count); got ${show(value)}`);
}

/** tokens: {"input": n, "output": n}; either may be missing. */
export function readTokens(value: unknown, place: Place, field = 'tokens'): RawCase['tokens'] {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value))
    fail(place, field, `${field} must be an object {"input": n, "output": n}; got ${show(value)}`);
  const input = readTokenCount(value.input, place, `${field}.input`);
  const output = readTokenCount(value.output, place, `${field}.output`);
  if (input === undefined && output === undefined) return undefined;
  const tokens: { input?: number; output?: number } = {};
  if (input !== undefined) tokens.input = input;
  if (output !== undefined) tokens.output = output;
  return tokens;
}

/** Text for reviewers: strings as they are, anything else as JSON. */
export function readText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (isStackOverflow(error)) throw error; // reported as "nested too deeply at line N" by the reader
    return inspect(value); // a bigint or a cycle, which JSON cannot write
  }
}

/**
 * error: a string (empty means no error), an object (its `message`, else its JSON), `true` (an error without
 * a message) or a number (an error code). `false` and null mean no error.
 */
export function readError(value: unknown, place: Place, field = 'error'): string | undefined {
  if (value === undefined || value === null || value === false || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (value === true) return 'error';
  if (typeof value === 'number') return String(value);
  if (isObject(value)) {
    if (typeof value.message === 'string' && value.message !== '') return value.message;
    return readText(value);
  }
  if (Array.isArray(value)) return readText(value);
  return fail(place, field, `${field} must be a string or an object with a message; got ${show(value)}`);
}

/** Drops undefined members so cases compare and serialise cleanly. */
export function compact(rawCase: RawCase): RawCase {
  const record = rawCase as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return rawCase;
}

/** The canonical results object (snake_case field names) -> RawCase. Unknown fields are ignored. */
export function canonicalToRawCase(value: unknown, place: Place): RawCase {
  if (!isObject(value)) {
    return fail(
      place,
      undefined,
      `each case must be a JSON object with at least an "id"; got ${kindOf(value)}`,
    );
  }
  // Members are set one by one (no undefined members) because this runs once per line of large files.
  const rawCase: RawCase = { id: readId(value.id, place), source: { file: place.file, line: place.line } };
  const expected = readLabel(value.expected, place, 'expected');
  if (expected !== undefined) rawCase.expected = expected;
  const predicted = readLabel(value.predicted, place, 'predicted');
  if (predicted !== undefined) rawCase.predicted = predicted;
  const probability = readProbability(value.probability, place);
  if (probability !== undefined) rawCase.probability = probability;
  const scores = readScores(value.scores, place);
  if (scores !== undefined) rawCase.scores = scores;
  const pass = readBoolean(value.pass, place, 'pass');
  if (pass !== undefined) rawCase.pass = pass;
  const tags = readTags(value.tags, place);
  if (tags !== undefined) rawCase.tags = tags;
  const latencyMs = readNonNegative(value.latency_ms, place, 'latency_ms', 'milliseconds');
  if (latencyMs !== undefined) rawCase.latencyMs = latencyMs;
  const tokens = readTokens(value.tokens, place);
  if (tokens !== undefined) rawCase.tokens = tokens;
  const costUsd = readNonNegative(value.cost_usd, place, 'cost_usd', 'US dollars');
  if (costUsd !== undefined) rawCase.costUsd = costUsd;
  const input = readText(value.input);
  if (input !== undefined) rawCase.input = input;
  const output = readText(value.output);
  if (output !== undefined) rawCase.output = output;
  const error = readError(value.error, place);
  if (error !== undefined) rawCase.error = error;
  const reasons = readTags(value.reasons, place, 'reasons');
  if (reasons !== undefined) rawCase.reasons = reasons;
  return rawCase;
}

/** The "no cases" error every importer raises for an empty file. */
export function noCases(file: string, detail = 'it holds no cases'): never {
  throw new InputDataError(`The results file is empty: ${detail}.`, { file });
}

/** The top-level fields of a canonical results object. */
export const CANONICAL_FIELDS: readonly string[] = [
  'id',
  'expected',
  'predicted',
  'probability',
  'scores',
  'pass',
  'tags',
  'latency_ms',
  'tokens',
  'cost_usd',
  'input',
  'output',
  'error',
  'reasons',
];

/** Names other tools use for a canonical field, beyond what a typo check finds. */
const FIELD_ALIASES: Record<string, string> = {
  score: 'scores',
  latency: 'latency_ms',
  duration_ms: 'latency_ms',
  label: 'expected',
  target: 'expected',
  reference: 'expected',
  y_true: 'expected',
  prediction: 'predicted',
  y_pred: 'predicted',
  proba: 'probability',
  passed: 'pass',
  success: 'pass',
  cost: 'cost_usd',
  usage: 'tokens',
  prompt: 'input',
  response: 'output',
  metadata: 'tags',
};

/** "did you mean "scores"?" for an unknown field name, or undefined when none is close. */
export function canonicalFieldHint(name: string): string | undefined {
  const alias = Object.hasOwn(FIELD_ALIASES, name.toLowerCase())
    ? FIELD_ALIASES[name.toLowerCase()]
    : undefined;
  const suggestion = alias ?? suggestKey(name, CANONICAL_FIELDS);
  return suggestion === undefined ? undefined : `did you mean "${suggestion}"?`;
}

/** Collects the unknown top-level fields of canonical objects (first line of each) for one warning per file. */
export class UnknownFields {
  private readonly firstLine = new Map<string, number>();

  note(value: unknown, line: number): void {
    if (!isObject(value)) return;
    for (const key in value) {
      if (!CANONICAL_FIELDS.includes(key) && !this.firstLine.has(key)) this.firstLine.set(key, line);
    }
  }

  /** The warning naming every unknown field, or undefined when there is none. */
  warning(file: string): string | undefined {
    if (this.firstLine.size === 0) return undefined;
    const listed = [...this.firstLine].map(([key, line]) => {
      const hint = canonicalFieldHint(key);
      return `"${key}" (line ${line}${hint ? `; ${hint}` : ''})`;
    });
    return (
      `${file}: ignored unknown field${listed.length === 1 ? '' : 's'} ${listed.join(', ')}: not a canonical ` +
      `field (${CANONICAL_FIELDS.join(', ')}).`
    );
  }
}
