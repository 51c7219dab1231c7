/** Results importers: every supported results format -> RawCase[]. */
import path from 'node:path';
import { ConfigurationError, InputDataError } from '@mlgate/core';
import type { ColumnMapping } from './columns.js';
import type { CaseColumns } from '../case-columns.js';
import { RESULTS_FORMATS } from '../types.js';
import type { AggregateMetric, RawCase, ResultsFormat } from '../types.js';
import { importDeepEval, looksLikeDeepEvalHead } from './deepeval.js';
import { importEee, isEeeSample } from './eee.js';
import { importHelm, looksLikeHelmHead } from './helm.js';
import type { ImporterOutput } from './fields.js';
import { importInspect, looksLikeInspectHead, looksLikeZip } from './inspect.js';
import { importJson } from './json.js';
import { importJsonl } from './jsonl.js';
import { importLmEval, isLmEvalSample, looksLikeLmEvalResultsHead } from './lm-eval.js';
import { importOpenAiEvals, isOpenAiEvalsRecord, looksLikeOpenAiEvalsLine } from './openai-evals.js';
import { importPromptfoo, looksLikePromptfooHead } from './promptfoo.js';
import { importPytestJson, looksLikePytestJsonHead } from './pytest-json.js';
import { isBlank, readHead } from './read.js';

export { canonicalToRawCase } from './fields.js';
export type { ImporterOutput, Place } from './fields.js';
export { isLmEvalResultsDocument, taskFromFileName } from './lm-eval.js';
export { lmEvalMetricName } from './aggregate.js';
export { isPromptfooDocument } from './promptfoo.js';

export interface ImportedResults {
  /** The path shown to users (displayName). */
  file: string;
  /** The format actually read (the detected one when `auto` was asked for). */
  format: ResultsFormat;
  /** The rows; empty when they went into the `into` columns instead. */
  cases: RawCase[];
  /** Result rows read (the length of `cases`, or the rows added to `into`). */
  rows: number;
  /** Cases present in the file but left out on purpose (JUnit skipped tests). */
  skipped: number;
  warnings: string[];
  /** An aggregate-only file's metrics (lm-eval results_*.json, an EEE aggregate record); `cases` is then empty. */
  aggregates?: AggregateMetric[];
}

export type { ColumnMapping } from './columns.js';
export { parseColumnMapping } from './columns.js';

const IMPORTERS: Record<ResultsFormat, (file: string, displayName: string) => Promise<ImporterOutput>> = {
  jsonl: (file, displayName) => importJsonl(file, displayName),
  json: (file, displayName) => importJson(file, displayName),
  // csv-parse and fast-xml-parser load with the format that needs them, not with every action's start.
  csv: async (file, displayName) => (await import('./csv.js')).importCsv(file, displayName),
  promptfoo: importPromptfoo,
  'lm-eval': importLmEval,
  junit: async (file, displayName) => (await import('./junit.js')).importJunit(file, displayName),
  deepeval: importDeepEval,
  inspect: importInspect,
  'pytest-json-report': importPytestJson,
  'openai-evals': importOpenAiEvals,
  'every-eval-ever': importEee,
  helm: importHelm,
};

/**
 * Reads one results file into canonical cases. `format: 'auto'` detects it from the extension and content.
 * Every problem with the file's content is an InputDataError naming `displayName` (default: `file`), the
 * line and the field.
 */
export async function importResultsFile(
  file: string,
  format: ResultsFormat | 'auto',
  displayName: string = file,
  options: { columns?: ColumnMapping; into?: CaseColumns } = {},
): Promise<ImportedResults> {
  let chosen: ResultsFormat;
  if (format === 'auto') {
    const head = await readHead(file, displayName);
    try {
      // A temporary path may lack the extension the user's file name has.
      chosen = detectFormat(path.extname(file) ? file : displayName, head);
    } catch (error) {
      if (error instanceof InputDataError)
        throw new InputDataError(error.message, { ...error.location, file: displayName });
      throw error;
    }
  } else if ((RESULTS_FORMATS as readonly string[]).includes(format)) {
    chosen = format;
  } else {
    throw new InputDataError(
      `Unknown results format "${String(format)}": use one of ${RESULTS_FORMATS.join(', ')} or auto.`,
      { file: displayName, field: 'format' },
    );
  }
  if (format === 'auto' && chosen === 'json' && !options.columns) {
    const output = await importJson(file, displayName, true);
    return {
      file: displayName,
      format: output.detected ?? 'json',
      ...intoColumns(output.cases, options.into),
      skipped: output.skipped,
      warnings: output.warnings,
      ...(output.aggregates ? { aggregates: output.aggregates } : {}),
    };
  }
  if (options.columns && chosen !== 'csv' && chosen !== 'jsonl') {
    throw new ConfigurationError(
      `The columns mapping renames the columns of CSV/TSV and the fields of JSONL results; ${displayName} is read ` +
        `as ${chosen}, whose fields are mapped by its importer (see docs/eval-gate.md). Remove columns, or convert ` +
        'the file to CSV or JSONL.',
      { file: displayName, field: 'columns' },
    );
  }
  const output =
    chosen === 'csv'
      ? await (await import('./csv.js')).importCsv(file, displayName, options.columns)
      : chosen === 'jsonl'
        ? await importJsonl(file, displayName, options.columns, options.into)
        : await IMPORTERS[chosen](file, displayName);
  return {
    file: displayName,
    format: chosen,
    ...(output.rows === undefined
      ? intoColumns(output.cases, options.into)
      : { cases: [], rows: output.rows }),
    skipped: output.skipped,
    warnings: output.warnings,
    ...(output.aggregates ? { aggregates: output.aggregates } : {}),
  };
}

/** An importer's rows, moved into `into` when given. */
function intoColumns(
  cases: RawCase[],
  into: CaseColumns | undefined,
): Pick<ImportedResults, 'cases' | 'rows'> {
  if (!into) return { cases, rows: cases.length };
  for (const item of cases) into.push(item);
  return { cases: [], rows: cases.length };
}

/** The first non-blank line of `head` (possibly cut by the end of the head). */
function firstLine(head: string): string | undefined {
  let start = 0;
  while (start < head.length) {
    const newline = head.indexOf('\n', start);
    const text = head.slice(start, newline === -1 ? head.length : newline);
    if (!isBlank(text)) return text;
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
}

/** True when the first JSONL record is an lm-eval sample (has doc_id and resps/filtered_resps). */
function firstRecordIsLmEvalSample(head: string): boolean {
  const line = firstLine(head);
  if (line === undefined) return false;
  try {
    return isLmEvalSample(JSON.parse(line));
  } catch {
    // A first line longer than the head (or malformed): look at its text. lm-eval writes doc_id first.
    return /^\s*\{\s*"doc_id"\s*:/.test(line) && /"(?:filtered_)?resps"\s*:/.test(line);
  }
}

/** True when the first JSONL record is an OpenAI Evals spec line or record-log event. */
function firstRecordIsOpenAiEvals(head: string): boolean {
  const line = firstLine(head);
  if (line === undefined) return false;
  try {
    return isOpenAiEvalsRecord(JSON.parse(line));
  } catch {
    return looksLikeOpenAiEvalsLine(line); // a spec line longer than the head
  }
}

/** True when the first JSONL record is an Every Eval Ever instance-level sample. */
function firstRecordIsEee(head: string): boolean {
  const line = firstLine(head);
  if (line === undefined) return false;
  try {
    return isEeeSample(JSON.parse(line));
  } catch {
    return (
      /^\s*\{\s*"schema_version"\s*:\s*"[^"]*"\s*,\s*"evaluation_id"\s*:/.test(line) &&
      line.includes('"sample_id"')
    );
  }
}

/**
 * The format of a results file from its name and first ~64 KB (`head`):
 * .jsonl/.ndjson -> jsonl, or lm-eval / openai-evals when the first record is an lm-eval sample / an OpenAI Evals
 * spec line or event; .json -> promptfoo when it
 * looks like promptfoo output, lm-eval for an lm-eval results_*.json (read as aggregate metrics),
 * deepeval, inspect or pytest-json-report by their first keys (anything else that turns out to be one of
 * them after parsing is imported as it), else json; .csv/.tsv -> csv; .xml -> junit; .eval (or any ZIP) -> inspect.
 */
export function detectFormat(file: string, head: string): ResultsFormat {
  const extension = path.extname(file).toLowerCase();
  const content = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  switch (extension) {
    case '.jsonl':
    case '.ndjson':
      // lm-eval 0.4.0-0.4.2 wrote the samples as one indented JSON array, still named .jsonl.
      if (/^\s*\[\s*\{\s*"doc_id"\s*:/.test(content)) return 'lm-eval';
      if (firstRecordIsOpenAiEvals(content)) return 'openai-evals';
      if (firstRecordIsEee(content)) return 'every-eval-ever';
      return firstRecordIsLmEvalSample(content) ? 'lm-eval' : 'jsonl';
    case '.json':
      if (looksLikePromptfooHead(content)) return 'promptfoo';
      if (looksLikeDeepEvalHead(content)) return 'deepeval';
      if (looksLikeInspectHead(content)) return 'inspect';
      if (looksLikePytestJsonHead(content)) return 'pytest-json-report';
      if (looksLikeHelmHead(content)) return 'helm';
      if (looksLikeLmEvalResultsHead(content)) return 'lm-eval';
      if (/^\s*\[\s*\{\s*"doc_id"\s*:/.test(content)) return 'lm-eval'; // samples written as one JSON array
      return 'json';
    case '.csv':
    case '.tsv':
      return 'csv';
    case '.xml':
      return 'junit';
    case '.eval':
      return 'inspect';
  }
  if (looksLikeZip(content)) return 'inspect'; // the only ZIP-based results format
  throw new InputDataError(
    `Cannot tell the results format from the file name "${path.basename(file)}": auto-detection knows .jsonl/.ndjson ` +
      `(jsonl, lm-eval samples, openai-evals), .json (json, promptfoo, lm-eval, deepeval, inspect, pytest-json-report), .eval ` +
      `(inspect), .csv/.tsv (csv) and .xml (junit). Set the \`format\` ` +
      `input to one of ${RESULTS_FORMATS.join(', ')}.`,
    { file, field: 'format' },
  );
}
