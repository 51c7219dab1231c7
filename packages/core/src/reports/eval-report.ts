/** The eval report: what eval-gate writes and pr-eval-comment, lineage-tag and later runs (as baseline) read. */

import { reportHeaderProperties } from './header.js';

export const EVAL_REPORT_KIND = 'mlgate/eval-report';
/** major.minor: readers accept any minor of their major; new minors only add optional fields. */
// 1.1 added `baselineResolution`: which stored baseline `baseline: auto | pinned:<name>` found, and how old it is,
// and `shard`: set on a matrix shard's report (mode: shard), which pr-eval-comment refuses.
// 1.2 added `noBaseline` on a gate and `inconclusiveReason` on the report: "no baseline yet" is a different fact
// from "the data cannot decide" (older reports are read with `gateLacksBaseline` / `inconclusiveReason`).
// 1.3 added `aggregate` on the report, `stderr` and `samples` on a metric and the `z-test` gate test: results that
// hold only a tool's aggregate metrics (lm-eval results_*.json, Every Eval Ever records), gated without cases.
// It also writes `cases` as a table (case-table.ts): `caseColumns` names the columns once, each case is an array
// of values, `caseFiles` lists the source files once; a stored baseline keeps at most CASE_TEXT_SHOWN characters of
// each case text. Readers decode the table back to CaseRecord objects, so code never sees the difference. And
// `reasons` on a case and a case-diff entry: why its scores failed, as the grader wrote it.
export const EVAL_REPORT_VERSION = '1.3';

/**
 * Characters of a case text (input, expected, output, error) the PR comment shows per field: a stored baseline
 * keeps this much of each (the rest is counted in the "… [N more characters]" marker), so a comparison with it
 * renders the same case diff as one with the run's full report.
 */
export const CASE_TEXT_SHOWN = 1000;

export type Outcome = 'pass' | 'fail' | 'inconclusive';
export type GateStatus = 'pass' | 'fail' | 'warn' | 'inconclusive';
export type CaseStatus = 'improved' | 'regressed' | 'new' | 'removed' | 'still-failing' | 'flaky';
export const CASE_STATUSES: readonly CaseStatus[] = [
  'regressed',
  'improved',
  'new',
  'removed',
  'flaky',
  'still-failing',
];

/** JSON has no NaN: an undefined metric (e.g. ROC-AUC with one class) is null. */
export type MetricNumber = number | null;

export interface MetricSummary {
  value: MetricNumber;
  /** 95% (or `bootstrap.level`) bootstrap percentile interval. */
  ci?: [MetricNumber, MetricNumber];
  /**
   * How `ci` was computed (absent in older reports, which only bootstrapped): `case-bootstrap`, `cell-bootstrap` (multinomial over
   * confusion or label × score cells), `binned-bootstrap` (ECE), `delong`, `normal`, `wilson`, `order-statistic`.
   * The bootstrap methods use `bootstrap.resamples` and `bootstrap.seed`.
   */
  ciMethod?: string;
  higherIsBetter: boolean;
  /**
   * Aggregate results (1.3): the standard error the tool reported, null when it reported none ("N/A"); `ci` is then
   * value ± z·stderr (`ciMethod: reported-stderr`).
   */
  stderr?: MetricNumber;
  /** Aggregate results (1.3): the samples the tool computed the value on, when it says. */
  samples?: number;
}

export interface GateResult {
  metric: string;
  /** For `by:` gates: one result per value of the tag. */
  slice?: { tag: string; value: string };
  kind: 'threshold' | 'baseline';
  /** The rule as a reader says it: "≥ 0.85", "drop ≤ 0.02 vs baseline". */
  rule: string;
  severity: 'error' | 'warn';
  status: GateStatus;
  observed: MetricNumber;
  ci?: [MetricNumber, MetricNumber];
  baseline?: MetricNumber;
  delta?: MetricNumber;
  pValue?: MetricNumber;
  /** z-test (1.3): aggregate results, the difference of two independent estimates with their reported errors. */
  test?: 'mcnemar' | 'paired-bootstrap' | 'z-test';
  sharedCases?: number;
  minimumDetectableEffect?: MetricNumber;
  message: string;
  /** Line of the gate in the gates file. */
  line?: number;
  /** Inconclusive only because no baseline was found to compare with (1.2; read with `gateLacksBaseline`). */
  noBaseline?: boolean;
}

/**
 * Why an inconclusive outcome is inconclusive: `no-baseline` when every blocking inconclusive gate is a baseline
 * gate that had no baseline (the first push, or an evicted baseline); `undecided` when the data cannot decide.
 */
export type InconclusiveReason = 'no-baseline' | 'undecided';

/** One case after merging its repeats. Text fields are truncated with a visible marker. */
export interface CaseRecord {
  id: string;
  /** Rows merged into this case; absent means 1. */
  repeats?: number;
  /** Repeats disagreed; absent means false. */
  flaky?: boolean;
  /** Majority pass over repeats (explicit `pass`, or predicted = expected). */
  pass?: boolean;
  /** The per-case number the case diff compares: pass rate, or −|error| for regression, or mean score. */
  score?: number;
  expected?: string | number;
  predicted?: string | number;
  /** Binary: probability of the positive class; multiclass: class → probability. */
  probability?: number | Record<string, number>;
  scores?: Record<string, number>;
  /** Fraction of repeats that passed, when the results say pass/fail. */
  passRate?: number;
  allPassed?: boolean;
  tags?: Record<string, string>;
  latencyMs?: number;
  tokens?: { input: number; output: number };
  costUsd?: number;
  input?: string;
  output?: string;
  error?: string;
  /** Why scores failed, by score name, as the grader wrote it (1.3; e.g. DeepEval's metric `reason`). */
  reasons?: Record<string, string>;
  source?: { file: string; line: number };
}

/** Every column a case row may have, in the order they are written; `file` (an index into caseFiles) and `line` are its source. */
export const CASE_COLUMNS = [
  'id',
  'repeats',
  'flaky',
  'pass',
  'passRate',
  'allPassed',
  'score',
  'expected',
  'predicted',
  'probability',
  'scores',
  'tags',
  'latencyMs',
  'tokens',
  'costUsd',
  'input',
  'output',
  'error',
  'reasons',
  'file',
  'line',
] as const;
export type CaseColumn = (typeof CASE_COLUMNS)[number];

export interface CaseDiffEntry {
  id: string;
  status: CaseStatus;
  before?: { pass?: boolean; score?: number };
  after?: { pass?: boolean; score?: number };
  input?: string;
  expected?: string | number;
  output?: string;
  /** The case's `reasons` in this run (1.3): why its scores failed. */
  reasons?: Record<string, string>;
}

export interface SliceSummary {
  tag: string;
  groups: { value: string; cases: number; metrics: Record<string, MetricNumber> }[];
}

export interface FairnessSummary {
  tag: string;
  positiveLabel: string;
  groups: {
    value: string;
    cases: number;
    selectionRate: MetricNumber;
    tpr: MetricNumber;
    fpr: MetricNumber;
  }[];
  demographicParityDifference: MetricNumber;
  equalizedOddsDifference: MetricNumber;
  disparateImpactRatio: MetricNumber;
}

/** Per-case scores (all in [0, 1]) in ten equal bins [0, 0.1), …, [0.9, 1]; for the score-distribution chart. */
export interface ScoreHistogram {
  counts: number[];
  /** Every score is 0 or 1 (pass/fail): a histogram adds nothing to the pass rate. */
  binary: boolean;
}

export interface RunContext {
  repository?: string;
  commit?: string;
  ref?: string;
  workflow?: string;
  runId?: string;
  runAttempt?: string;
  runUrl?: string;
  eventName?: string;
  pullRequest?: number;
}

/**
 * How a baseline asked for as `auto` or `pinned:<name>` was found in the baseline store (eval report 1.1, data
 * report 1.2): the commit it belongs to, when it was saved and whether it is older than baseline-max-age.
 */
export interface BaselineResolution {
  /** What the input asked for: "auto" or "pinned:<name>". */
  request: string;
  store: 'cache' | 'artifact';
  /** The baseline's name (baseline-name), or the pin for a pinned baseline. */
  name: string;
  found: boolean;
  /** The commit the baseline was saved for. */
  commit?: string;
  branch?: string;
  /** When the baseline was saved (RFC 3339). */
  savedAt?: string;
  /** Days between savedAt and this run. */
  ageDays?: number;
  /** Older than maxAgeDays: the comparison still ran, but against an old state of the base branch. */
  stale?: boolean;
  maxAgeDays?: number;
  /** auto on a pull request: the merge base of the pull request, where the search started. */
  mergeBase?: string;
  /** auto: how many commits before the first searched commit the baseline was found (0: that commit). */
  commitsBack?: number;
  /** auto: how many commits were searched (bounded). */
  searchedCommits?: number;
  /** One sentence for people: which baseline was used and why, or why none was. */
  message: string;
}

export interface EvalReport {
  kind: typeof EVAL_REPORT_KIND;
  schemaVersion: string;
  generatedAt: string;
  tool: { name: 'mlgate'; version: string };
  context: RunContext;
  /** The shard this report covers when written by a matrix shard job (mode: shard): not the whole run. */
  shard?: string;
  /**
   * Set when the results held only a tool's aggregate metrics (1.3): no cases, so no case diff; every metric carries
   * the tool's reported standard error. `tools`: who reported them ("lm-eval"); `models`: the models they name.
   */
  aggregate?: { tools: string[]; models: string[] };
  task: 'binary' | 'multiclass' | 'regression' | 'scores';
  labels?: string[];
  positiveLabel?: string;
  sources: { file: string; format: string; rows: number; skipped: number }[];
  counts: { rows: number; cases: number; repeatedCases: number; flakyCases: number; erroredCases: number };
  metrics: Record<string, MetricSummary>;
  perClass?: { label: string; precision: number; recall: number; f1: number; support: number }[];
  confusionMatrix?: { labels: string[]; matrix: number[][] };
  slices?: SliceSummary[];
  fairness?: FairnessSummary;
  bootstrap: { resamples: number; seed: number; level: number };
  scoreHistogram?: ScoreHistogram;
  baseline?: {
    source: string;
    commit?: string;
    generatedAt?: string;
    cases: number;
    sharedCases: number;
    metrics: Record<string, MetricNumber>;
    scoreHistogram?: ScoreHistogram;
  };
  baselineResolution?: BaselineResolution;
  gates: GateResult[];
  caseDiff?: { counts: Record<CaseStatus, number>; cases: CaseDiffEntry[]; omitted: number };
  outcome: Outcome;
  /** Set when outcome is inconclusive (1.2; read with `inconclusiveReason`). */
  inconclusiveReason?: InconclusiveReason;
  passed: boolean;
  summary: string;
  cases: CaseRecord[];
}

/** The outcome as a reader says it: "pass", "fail", "inconclusive" or "inconclusive (no baseline yet)". */
export function outcomeLabel(report: Pick<EvalReport, 'outcome' | 'gates' | 'inconclusiveReason'>): string {
  return inconclusiveReason(report) === 'no-baseline' ? 'inconclusive (no baseline yet)' : report.outcome;
}

/** The summary without the verdict word reports before 1.2 began it with ("fail: 2/3 gates passed"). */
export function summaryText(report: Pick<EvalReport, 'outcome' | 'summary'>): string {
  const prefix = `${report.outcome}: `;
  return report.summary.startsWith(prefix) ? report.summary.slice(prefix.length) : report.summary;
}

/** The one line a step or command ends with: "eval-gate fail: 2/3 gates passed, 1 failed — …". */
export function evalVerdictLine(report: EvalReport): string {
  return `eval-gate ${outcomeLabel(report)}: ${summaryText(report)}`;
}

/** A gate inconclusive only because there was no baseline; derived from the gate itself in reports before 1.2. */
export function gateLacksBaseline(gate: GateResult): boolean {
  if (gate.status !== 'inconclusive') return false;
  return gate.noBaseline ?? (gate.kind === 'baseline' && gate.baseline === undefined);
}

/** Why the gates' outcome is inconclusive (undefined when it is not), for reports of any 1.x version. */
export function inconclusiveReason(
  report: Pick<EvalReport, 'outcome' | 'gates' | 'inconclusiveReason'>,
): InconclusiveReason | undefined {
  if (report.outcome !== 'inconclusive') return undefined;
  if (report.inconclusiveReason) return report.inconclusiveReason;
  const blocking = report.gates.filter((gate) => gate.severity === 'error' && gate.status === 'inconclusive');
  return blocking.length > 0 && blocking.every(gateLacksBaseline) ? 'no-baseline' : 'undecided';
}

const nullableNumber = { type: ['number', 'null'] } as const;
const interval = { type: 'array', items: nullableNumber, minItems: 2, maxItems: 2 } as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const numberMap = { type: 'object', additionalProperties: { type: 'number' } } as const;
const label = { type: ['string', 'number'] } as const;
const scoreHistogram = {
  type: 'object',
  required: ['counts', 'binary'],
  properties: {
    counts: { type: 'array', items: { type: 'integer', minimum: 0 } },
    binary: { type: 'boolean' },
  },
} as const;

/** Schema of BaselineResolution, shared by the eval and data reports. */
export const baselineResolutionSchema = {
  type: 'object',
  required: ['request', 'store', 'name', 'found', 'message'],
  properties: {
    request: { type: 'string' },
    store: { enum: ['cache', 'artifact'] },
    name: { type: 'string' },
    found: { type: 'boolean' },
    commit: { type: 'string' },
    branch: { type: 'string' },
    savedAt: { type: 'string' },
    ageDays: { type: 'number' },
    stale: { type: 'boolean' },
    maxAgeDays: { type: 'number' },
    mergeBase: { type: 'string' },
    commitsBack: { type: 'integer', minimum: 0 },
    searchedCommits: { type: 'integer', minimum: 0 },
    message: { type: 'string' },
  },
} as const;

/** One case as an object: the cases of reports before 1.3, and a 1.3 case row once decoded. */
export const caseRecordSchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string' },
    repeats: { type: 'integer', minimum: 1 },
    flaky: { type: 'boolean' },
    pass: { type: 'boolean' },
    score: { type: 'number' },
    expected: label,
    predicted: label,
    probability: { type: ['number', 'object'], additionalProperties: { type: 'number' } },
    scores: numberMap,
    passRate: { type: 'number', minimum: 0, maximum: 1 },
    allPassed: { type: 'boolean' },
    tags: stringMap,
    latencyMs: { type: 'number' },
    tokens: { type: 'object', properties: { input: { type: 'number' }, output: { type: 'number' } } },
    costUsd: { type: 'number' },
    source: { type: 'object', properties: { file: { type: 'string' }, line: { type: 'integer' } } },
    input: { type: 'string' },
    output: { type: 'string' },
    error: { type: 'string' },
    reasons: stringMap,
  },
} as const;

/** JSON Schema (draft-07) of the eval report; published as docs/schemas/eval-report.schema.json. */
export const evalReportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mlgate.dev/schemas/eval-report.schema.json',
  title: 'mlgate eval report',
  type: 'object',
  required: [
    'kind',
    'schemaVersion',
    'generatedAt',
    'tool',
    'task',
    'counts',
    'metrics',
    'gates',
    'outcome',
    'passed',
    'summary',
    'cases',
  ],
  properties: {
    ...reportHeaderProperties(EVAL_REPORT_KIND),
    shard: { type: 'string' },
    aggregate: {
      type: 'object',
      required: ['tools'],
      properties: {
        tools: { type: 'array', items: { type: 'string' } },
        models: { type: 'array', items: { type: 'string' } },
      },
    },
    context: {
      type: 'object',
      properties: {
        repository: { type: 'string' },
        commit: { type: 'string' },
        ref: { type: 'string' },
        workflow: { type: 'string' },
        runId: { type: 'string' },
        runAttempt: { type: 'string' },
        runUrl: { type: 'string' },
        eventName: { type: 'string' },
        pullRequest: { type: 'integer' },
      },
    },
    task: { enum: ['binary', 'multiclass', 'regression', 'scores'] },
    labels: { type: 'array', items: { type: 'string' } },
    positiveLabel: { type: 'string' },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'format', 'rows'],
        properties: {
          file: { type: 'string' },
          format: { type: 'string' },
          rows: { type: 'integer' },
          skipped: { type: 'integer' },
        },
      },
    },
    counts: {
      type: 'object',
      required: ['rows', 'cases'],
      properties: {
        rows: { type: 'integer', minimum: 0 },
        cases: { type: 'integer', minimum: 0 },
        repeatedCases: { type: 'integer', minimum: 0 },
        flakyCases: { type: 'integer', minimum: 0 },
        erroredCases: { type: 'integer', minimum: 0 },
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['value'],
        properties: {
          value: nullableNumber,
          ci: interval,
          ciMethod: { type: 'string' },
          higherIsBetter: { type: 'boolean' },
          stderr: nullableNumber,
          samples: { type: 'integer', minimum: 0 },
        },
      },
    },
    perClass: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label'],
        properties: {
          label: { type: 'string' },
          precision: { type: 'number' },
          recall: { type: 'number' },
          f1: { type: 'number' },
          support: { type: 'number' },
        },
      },
    },
    confusionMatrix: {
      type: 'object',
      required: ['labels', 'matrix'],
      properties: {
        labels: { type: 'array', items: { type: 'string' } },
        matrix: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
      },
    },
    slices: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tag', 'groups'],
        properties: {
          tag: { type: 'string' },
          groups: {
            type: 'array',
            items: {
              type: 'object',
              required: ['value', 'cases', 'metrics'],
              properties: {
                value: { type: 'string' },
                cases: { type: 'integer' },
                metrics: { type: 'object', additionalProperties: nullableNumber },
              },
            },
          },
        },
      },
    },
    fairness: { type: 'object', required: ['tag', 'groups'] },
    bootstrap: {
      type: 'object',
      properties: { resamples: { type: 'integer' }, seed: { type: 'integer' }, level: { type: 'number' } },
    },
    scoreHistogram,
    baseline: {
      type: 'object',
      required: ['source', 'metrics'],
      properties: {
        scoreHistogram,
        source: { type: 'string' },
        commit: { type: 'string' },
        generatedAt: { type: 'string' },
        cases: { type: 'integer' },
        sharedCases: { type: 'integer' },
        metrics: { type: 'object', additionalProperties: nullableNumber },
      },
    },
    baselineResolution: baselineResolutionSchema,
    gates: {
      type: 'array',
      items: {
        type: 'object',
        required: ['metric', 'kind', 'rule', 'severity', 'status', 'observed', 'message'],
        properties: {
          metric: { type: 'string' },
          slice: {
            type: 'object',
            required: ['tag', 'value'],
            properties: { tag: { type: 'string' }, value: { type: 'string' } },
          },
          kind: { enum: ['threshold', 'baseline'] },
          rule: { type: 'string' },
          severity: { enum: ['error', 'warn'] },
          status: { enum: ['pass', 'fail', 'warn', 'inconclusive'] },
          observed: nullableNumber,
          ci: interval,
          baseline: nullableNumber,
          delta: nullableNumber,
          pValue: nullableNumber,
          test: { enum: ['mcnemar', 'paired-bootstrap', 'z-test'] },
          sharedCases: { type: 'integer' },
          minimumDetectableEffect: nullableNumber,
          message: { type: 'string' },
          line: { type: 'integer' },
          noBaseline: { type: 'boolean' },
        },
      },
    },
    caseDiff: {
      type: 'object',
      required: ['counts', 'cases'],
      properties: {
        counts: numberMap,
        omitted: { type: 'integer' },
        cases: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'status'],
            properties: {
              id: { type: 'string' },
              status: { enum: ['improved', 'regressed', 'new', 'removed', 'still-failing', 'flaky'] },
              before: { type: 'object' },
              after: { type: 'object' },
              input: { type: 'string' },
              expected: label,
              output: { type: 'string' },
              reasons: stringMap,
            },
          },
        },
      },
    },
    outcome: { enum: ['pass', 'fail', 'inconclusive'] },
    inconclusiveReason: { enum: ['no-baseline', 'undecided'] },
    passed: { type: 'boolean' },
    summary: { type: 'string' },
    caseColumns: { type: 'array', items: { enum: CASE_COLUMNS }, uniqueItems: true },
    caseFiles: { type: 'array', items: { type: 'string' } },
    cases: { type: 'array' },
  },
  // 1.3 writes each case as an array of the caseColumns' values; earlier reports (and readers' memory) as objects.
  if: { required: ['caseColumns'] },
  then: { properties: { cases: { type: 'array', items: { type: 'array' } } } },
  else: { properties: { cases: { type: 'array', items: caseRecordSchema } } },
} as const;
