/** The canonical evaluation case: every importer maps its format onto this shape. */

/** Where a case came from, so errors and annotations can name the file and line. */
export interface CaseSource {
  file: string;
  /** 1-based line (JSONL/CSV line, JSON/XML element start line when known). */
  line: number;
}

/** A label as written by the user; compared as strings after import (1, "1" and true are distinct only by text). */
export type Label = string;

/**
 * One row of results: one case, or one repeat of a case (rows sharing `id` are repeats).
 * Field names follow the canonical JSONL format (snake_case there, camelCase here).
 */
export interface RawCase {
  id: string;
  /** Classification: the label as text. Regression: a number. */
  expected?: Label | number;
  predicted?: Label | number;
  /** Binary: probability of the positive class. Multiclass: class label -> probability. */
  probability?: number | Record<string, number>;
  /** Named quality dimensions, e.g. faithfulness, relevance (graders' scores). */
  scores?: Record<string, number>;
  pass?: boolean;
  /** Slicing attributes, e.g. { domain: "billing" }. Values are text. */
  tags?: Record<string, string>;
  latencyMs?: number;
  tokens?: { input?: number; output?: number };
  costUsd?: number;
  /** Text shown to reviewers (untrusted: escape before rendering). */
  input?: string;
  output?: string;
  /** The evaluation of this case errored (provider failure, grader crash...). */
  error?: string;
  /** Why a score failed, by score name, as the grader wrote it (DeepEval's `reason` of a failed metric). */
  reasons?: Record<string, string>;
  source: CaseSource;
}

export type ResultsFormat =
  | 'jsonl'
  | 'json'
  | 'csv'
  | 'promptfoo'
  | 'lm-eval'
  | 'junit'
  | 'deepeval'
  | 'inspect'
  | 'pytest-json-report'
  | 'openai-evals'
  | 'every-eval-ever'
  | 'helm';
export const RESULTS_FORMATS: readonly ResultsFormat[] = [
  'jsonl',
  'json',
  'csv',
  'promptfoo',
  'lm-eval',
  'junit',
  'deepeval',
  'inspect',
  'pytest-json-report',
  'openai-evals',
  'every-eval-ever',
  'helm',
];

export type TaskKind = 'binary' | 'multiclass' | 'regression' | 'scores';
export const TASK_KINDS: readonly TaskKind[] = ['binary', 'multiclass', 'regression', 'scores'];

/**
 * One metric a tool reported over its whole run, when the file holds no per-case results (lm-eval's
 * `results_*.json`, an Every Eval Ever aggregate record): gated on its value, with the reported standard error.
 */
export interface AggregateMetric {
  /** `<task>/<metric>` for lm-eval (`,<filter>` kept unless it is `none`); the evaluation name for EEE. */
  name: string;
  value: number;
  /** The reported standard error; undefined when the tool reported none. */
  stderr?: number;
  /** Why there is no standard error: what the tool wrote instead ("N/A"), or that it wrote none. */
  stderrMissing?: string;
  higherIsBetter: boolean;
  /** Samples the value was computed on, when the tool says. */
  samples?: number;
  /** The tool that reported it ("lm-eval", "Every Eval Ever") and, when named, the model. */
  tool: string;
  model?: string;
  source: CaseSource;
}
