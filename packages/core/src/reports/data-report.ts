/**
 * The data report: what validate-data writes and pr-eval-comment shows next to the eval report.
 * Only the fields a reader needs to render a verdict are required; validate-data adds its own detail.
 */
import { dataFilesSchema, reportHeaderProperties } from './header.js';
import { baselineResolutionSchema, type BaselineResolution, type RunContext } from './eval-report.js';

export const DATA_REPORT_KIND = 'mlgate/data-report';
// 1.1 added the optional detail: observed/expected/failing rows per check, the drift table, columns, files.
// 1.2 added `baselineResolution`: which stored reference profile `reference-profile: auto | pinned:<name>` found,
// and `shard`: set on a matrix shard's report (mode: shard), which pr-eval-comment refuses.
export const DATA_REPORT_VERSION = '1.3';

export interface DataCheckResult {
  /** What was checked, e.g. "type", "maxNullFraction", "stats.mean", "rowCount". */
  check: string;
  column?: string;
  severity: 'error' | 'warn';
  status: 'pass' | 'fail' | 'warn';
  message: string;
  /** Where the first failures are, for annotations. */
  file?: string;
  line?: number;
  /** What was measured and what the contract asked for, as short text ("0.93", "[0, 120]"). */
  observed?: string;
  expected?: string;
  /** Rows that failed this check (row-level checks), and the first few of them. */
  failingRows?: number;
  samples?: FailingRowSample[];
}

export interface FailingRowSample {
  file: string;
  line: number;
  /** The offending value as text, cut to 200 characters. Untrusted: escape before rendering. */
  value?: string;
  message?: string;
}

/** One column's drift against the reference, gated or not. */
/** How a calendar part is named to readers. */
export const CALENDAR_PART_NAMES = { hourOfDay: 'hour of day', dayOfWeek: 'day of week' } as const;

export interface DriftResult {
  column: string;
  statistic: string;
  value: number | null;
  warn?: number;
  fail?: number;
  status: 'pass' | 'warn' | 'fail' | 'insufficient' | 'info';
  /** A date/datetime column compared on a calendar part instead of its values (1.3). */
  on?: 'hourOfDay' | 'dayOfWeek';
  /** Why `warn` and `fail` are what they are: written in the contract, or calibrated to the sample sizes (1.3). */
  basis?: string;
  /** Extra statistics reported but not gated (KS, chi-square p-values, Wasserstein). */
  details?: Record<string, number | null>;
}

/** The per-column profile table of the summary. */
export interface ColumnReport {
  name: string;
  type: string;
  count: number;
  nulls: number;
  invalid: number;
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  p50?: number;
  topValues?: { value: string; count: number }[];
  /** The column is near unique: frequent values were not tracked after this many values (no topValues). */
  topValuesStopped?: number;
}

export interface DriftedColumn {
  column: string;
  /** e.g. "psi", "ks", "jensen_shannon", "chi2". */
  statistic: string;
  value: number;
  threshold: number;
}

export interface DataReport {
  kind: typeof DATA_REPORT_KIND;
  schemaVersion: string;
  generatedAt: string;
  tool: { name: 'mlgate'; version: string };
  context?: RunContext;
  /** The shard this report covers when written by a matrix shard job (mode: shard): not the whole dataset. */
  shard?: string;
  /** The dataset as the user named it (paths or globs). */
  dataset: string;
  rows: number;
  outcome: 'pass' | 'warn' | 'fail';
  passed: boolean;
  summary: string;
  checks: DataCheckResult[];
  driftedColumns: DriftedColumn[];
  files?: { path: string; format: string; rows: number }[];
  /** The reference the drift was computed against (profile path or data). */
  reference?: string;
  baselineResolution?: BaselineResolution;
  drift?: DriftResult[];
  columns?: ColumnReport[];
  /** Row-level annotations written, and how many there were in all. */
  annotations?: { written: number; total: number };
}

export const dataReportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mlgate.dev/schemas/data-report.schema.json',
  title: 'mlgate data report',
  type: 'object',
  required: [
    'kind',
    'schemaVersion',
    'generatedAt',
    'tool',
    'dataset',
    'rows',
    'outcome',
    'passed',
    'summary',
    'checks',
    'driftedColumns',
  ],
  properties: {
    ...reportHeaderProperties(DATA_REPORT_KIND),
    context: { type: 'object' },
    shard: { type: 'string' },
    dataset: { type: 'string' },
    rows: { type: 'integer', minimum: 0 },
    outcome: { enum: ['pass', 'warn', 'fail'] },
    passed: { type: 'boolean' },
    summary: { type: 'string' },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['check', 'severity', 'status', 'message'],
        properties: {
          check: { type: 'string' },
          column: { type: 'string' },
          severity: { enum: ['error', 'warn'] },
          status: { enum: ['pass', 'fail', 'warn'] },
          message: { type: 'string' },
          file: { type: 'string' },
          line: { type: 'integer' },
          observed: { type: 'string' },
          expected: { type: 'string' },
          failingRows: { type: 'integer', minimum: 0 },
          samples: {
            type: 'array',
            items: {
              type: 'object',
              required: ['file', 'line'],
              properties: {
                file: { type: 'string' },
                line: { type: 'integer' },
                value: { type: 'string' },
                message: { type: 'string' },
              },
            },
          },
        },
      },
    },
    driftedColumns: {
      type: 'array',
      items: {
        type: 'object',
        required: ['column', 'statistic', 'value', 'threshold'],
        properties: {
          column: { type: 'string' },
          statistic: { type: 'string' },
          value: { type: 'number' },
          threshold: { type: 'number' },
        },
      },
    },
    files: dataFilesSchema,
    reference: { type: 'string' },
    baselineResolution: baselineResolutionSchema,
    drift: {
      type: 'array',
      items: {
        type: 'object',
        required: ['column', 'statistic', 'value', 'status'],
        properties: {
          column: { type: 'string' },
          statistic: { type: 'string' },
          value: { type: ['number', 'null'] },
          warn: { type: 'number' },
          fail: { type: 'number' },
          status: { enum: ['pass', 'warn', 'fail', 'insufficient', 'info'] },
          on: { enum: ['hourOfDay', 'dayOfWeek'] },
          basis: { type: 'string' },
          details: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
        },
      },
    },
    columns: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'type', 'count', 'nulls', 'invalid', 'distinct'],
        properties: {
          name: { type: 'string' },
          type: { type: 'string' },
          count: { type: 'integer' },
          nulls: { type: 'integer' },
          invalid: { type: 'integer' },
          distinct: { type: 'integer' },
          min: { type: 'number' },
          max: { type: 'number' },
          mean: { type: 'number' },
          std: { type: 'number' },
          p50: { type: 'number' },
          topValues: {
            type: 'array',
            items: {
              type: 'object',
              required: ['value', 'count'],
              properties: { value: { type: 'string' }, count: { type: 'number' } },
            },
          },
          topValuesStopped: { type: 'integer' },
        },
      },
    },
    annotations: {
      type: 'object',
      required: ['written', 'total'],
      properties: { written: { type: 'integer' }, total: { type: 'integer' } },
    },
  },
} as const;
