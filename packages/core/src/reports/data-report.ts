/**
 * The data report: what validate-data writes and pr-eval-comment shows next to the eval report.
 * Only the fields a reader needs to render a verdict are required; validate-data adds its own detail.
 */
import { reportHeaderProperties } from './header.js';
import type { RunContext } from './eval-report.js';

export const DATA_REPORT_KIND = 'mlgate/data-report';
export const DATA_REPORT_VERSION = '1.0';

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
  /** The dataset as the user named it (paths or globs). */
  dataset: string;
  rows: number;
  outcome: 'pass' | 'warn' | 'fail';
  passed: boolean;
  summary: string;
  checks: DataCheckResult[];
  driftedColumns: DriftedColumn[];
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
  },
} as const;
